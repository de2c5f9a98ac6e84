//! Paths inside the repository.

use std::path::PathBuf;

/// The repository's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Cargo's target folder (honouring `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// The debug build of the desktop app.
pub fn app_binary() -> PathBuf {
    target_dir().join("debug").join("vakt-app")
}

/// The number of definition files (`*.toml`, not hidden) in the repository's `playbooks/`.
pub fn playbook_definition_count() -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        let mut n = 0;
        for entry in std::fs::read_dir(dir)
            .expect("read playbooks folder")
            .flatten()
        {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                n += walk(&path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                n += 1;
            }
        }
        n
    }
    walk(&root().join("playbooks"))
}
