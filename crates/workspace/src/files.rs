//! The definition files of a workspace.

use std::path::Path;

use crate::WorkspaceError;
use vakt_stdx::sha256_hex;

/// One definition file (`*.toml`) of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionFile {
    /// Its path relative to the workspace, `/`-separated.
    pub relative_path: String,
    /// The value of its top-level `kind` key (`playbook`, `topology`, …), when it has one.
    pub kind: Option<String>,
    /// The value of its top-level `format` key, when it has one.
    pub format: Option<i64>,
    /// Its size in bytes.
    pub size: u64,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Why its kind could not be read (not UTF-8, with the line and column of the bad byte; a
    /// TOML syntax error), when that happened.
    pub problem: Option<String>,
}

/// Lists every `*.toml` file under `root`, sorted by path. Folders and files whose name starts
/// with `.` are skipped.
pub fn definition_files(root: &Path) -> Result<Vec<DefinitionFile>, WorkspaceError> {
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort_by(|a, b| a.relative_path.cmp(&b.relative_path));
    Ok(out)
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<DefinitionFile>) -> Result<(), WorkspaceError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WorkspaceError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(io(&path))?;
        if file_type.is_dir() {
            walk(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            out.push(describe(&path, root, &bytes));
        }
    }
    Ok(())
}

fn describe(path: &Path, root: &Path, bytes: &[u8]) -> DefinitionFile {
    let relative_path = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let (kind, format, problem) = match std::str::from_utf8(bytes) {
        Err(_) => {
            let problem = crate::utf8_text(&relative_path, bytes).err();
            let at =
                problem.map(|p| format!("line {}, column {}: {}", p.line, p.column, p.message));
            (None, None, at)
        }
        Ok(text) => match text.parse::<toml::Table>() {
            Err(e) => (None, None, Some(e.message().to_string())),
            Ok(table) => (
                table
                    .get("kind")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                table.get("format").and_then(|v| v.as_integer()),
                None,
            ),
        },
    };
    DefinitionFile {
        relative_path,
        kind,
        format,
        size: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_toml_files_recursively_sorted_skipping_hidden_and_others() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("dr")).expect("mkdir");
        std::fs::create_dir_all(root.join(".git")).expect("mkdir");
        std::fs::write(
            root.join("dr/failover.toml"),
            "format = 1\nkind = \"playbook\"\n",
        )
        .expect("w");
        std::fs::write(root.join("topology.toml"), "kind = \"topology\"\n").expect("w");
        std::fs::write(root.join(".git/x.toml"), "kind = \"hidden\"\n").expect("w");
        std::fs::write(root.join("notes.md"), "# not a definition\n").expect("w");
        std::fs::write(root.join("broken.toml"), "kind = \n").expect("w");
        let files = definition_files(root).expect("list");
        let names: Vec<_> = files.iter().map(|f| f.relative_path.as_str()).collect();
        assert_eq!(names, ["broken.toml", "dr/failover.toml", "topology.toml"]);
        assert_eq!(files[1].kind.as_deref(), Some("playbook"));
        assert_eq!(files[1].format, Some(1));
        assert_eq!(files[2].format, None);
        assert!(files[0].problem.is_some());
        assert_eq!(files[0].kind, None);
        assert_eq!(
            files[2].sha256,
            // sha256 of `kind = "topology"\n`
            sha256_hex(b"kind = \"topology\"\n")
        );
        assert_eq!(files[2].size, 18);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let err = definition_files(Path::new("/nonexistent/vakt")).expect_err("missing");
        assert!(err.to_string().contains("/nonexistent/vakt"));
    }
}
