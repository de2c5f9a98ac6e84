//! Loading every definition of a workspace folder.

use std::collections::BTreeMap;
use std::path::Path;

use crate::parse::{Context, parse_playbook, parse_workspace};
use crate::{Playbook, Problem, Workspace};

/// The name of the workspace file at the root of a workspace.
pub const WORKSPACE_FILE: &str = "workspace.toml";

/// Definition kinds other crates own; the playbook loader leaves them alone.
pub const OTHER_KINDS: &[&str] = &["topology", "retention"];

/// A playbook loaded from a file, with the exact text it came from.
#[derive(Debug, Clone)]
pub struct LoadedPlaybook {
    /// Its path relative to the workspace, `/`-separated.
    pub path: String,
    /// The file's text.
    pub source: String,
    /// SHA-256 of the file's bytes, hex: the content hash a run pins.
    pub sha256: String,
    /// The checked playbook.
    pub playbook: Playbook,
}

/// Everything found in a workspace folder.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The workspace file, when it loaded cleanly.
    pub workspace: Option<Workspace>,
    /// Every playbook that loaded cleanly, by path.
    pub playbooks: Vec<LoadedPlaybook>,
    /// Files of other kinds (topology, retention) that this loader does not check.
    pub other_files: Vec<String>,
    /// Every problem found, by file, line and column.
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// The playbook with id `id`.
    pub fn playbook(&self, id: &str) -> Option<&LoadedPlaybook> {
        self.playbooks.iter().find(|p| p.playbook.id == id)
    }
}

/// SHA-256 of `bytes`, as lowercase hex (`vakt-stdx`'s, kept here where callers found it).
pub use vakt_stdx::sha256_hex;

fn problem(file: &str, message: String) -> Problem {
    Problem {
        file: file.into(),
        line: 1,
        column: 1,
        message,
    }
}

/// Loads and checks the workspace file and every playbook under `dir`. Never fails: what cannot
/// be read becomes a [`Problem`].
pub fn load_dir(dir: &Path) -> Loaded {
    let mut out = Loaded::default();
    let files = match vakt_workspace::definition_files(dir) {
        Ok(f) => f,
        Err(e) => {
            out.problems
                .push(problem(&dir.display().to_string(), e.to_string()));
            return out;
        }
    };
    let read = |rel: &str| std::fs::read(dir.join(rel));
    let mut context = Context::default();
    if files.iter().any(|f| f.relative_path == WORKSPACE_FILE) {
        match read(WORKSPACE_FILE) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => match parse_workspace(WORKSPACE_FILE, &text) {
                    Ok(w) => {
                        context = Context::of(&w);
                        out.workspace = Some(w);
                    }
                    Err(p) => out.problems.extend(p),
                },
                Err(e) => out
                    .problems
                    .push(problem(WORKSPACE_FILE, format!("not UTF-8 text: {e}"))),
            },
            Err(e) => out.problems.push(problem(WORKSPACE_FILE, e.to_string())),
        }
    } else {
        out.problems.push(problem(
            WORKSPACE_FILE,
            "missing: the workspace file defines the roles that playbooks name".to_string(),
        ));
    }
    if out.workspace.is_none() {
        // Roles cannot be checked without a workspace; say so once, above, and go on.
        context.roles = None;
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for f in files.iter().filter(|f| f.relative_path != WORKSPACE_FILE) {
        if f.kind.as_deref().is_some_and(|k| OTHER_KINDS.contains(&k)) {
            out.other_files.push(f.relative_path.clone());
            continue;
        }
        let rel = &f.relative_path;
        let text = match read(rel).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(e)) => {
                out.problems
                    .push(problem(rel, format!("not UTF-8 text: {e}")));
                continue;
            }
            Err(e) => {
                out.problems.push(problem(rel, e.to_string()));
                continue;
            }
        };
        match parse_playbook(rel, &text, &context) {
            Ok(playbook) => {
                if let Some(other) = ids.insert(playbook.id.clone(), rel.clone()) {
                    out.problems.push(problem(
                        rel,
                        format!("playbook id `{}` is also used by {other}", playbook.id),
                    ));
                }
                out.playbooks.push(LoadedPlaybook {
                    path: rel.clone(),
                    sha256: sha256_hex(text.as_bytes()),
                    source: text,
                    playbook,
                });
            }
            Err(p) => out.problems.extend(p),
        }
    }
    out
}
