//! Loading every definition of a workspace folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::parse::{Claim, Context, parse_claiming, parse_workspace};
use crate::{Playbook, Problem, Workspace};

/// The name of the workspace file at the root of a workspace.
pub const WORKSPACE_FILE: &str = "workspace.toml";

/// The folder of notification templates in a workspace (`<template>.<lang>.md`).
pub const TEMPLATES_DIR: &str = "templates";

/// Definition kinds other crates own; the playbook loader leaves them alone.
pub const OTHER_KINDS: &[&str] = &["topology", "retention", "drill"];

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
    /// Every playbook id claimed by a playbook file, valid or not, with the files claiming it.
    pub claims: BTreeMap<String, Vec<String>>,
}

/// Why no run can start on a playbook id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No playbook file claims the id.
    #[error("the workspace has no playbook `{id}`; playbooks: {}", known.join(", "))]
    NotFound {
        /// The id asked for.
        id: String,
        /// The ids of the valid playbooks.
        known: Vec<String>,
    },
    /// Two or more files claim the id.
    #[error("playbook id `{id}` is ambiguous: {} all use it; give each its own id", files.join(", "))]
    Ambiguous {
        /// The id asked for.
        id: String,
        /// The files claiming it.
        files: Vec<String>,
    },
    /// The one file claiming the id has problems.
    #[error("playbook `{id}` ({file}) has problems; run `vakt validate`")]
    Invalid {
        /// The id asked for.
        id: String,
        /// The file claiming it.
        file: String,
    },
}

impl Loaded {
    /// The playbook with id `id`: the only file claiming it, and valid. A run starts on nothing
    /// else.
    pub fn playbook(&self, id: &str) -> Result<&LoadedPlaybook, LookupError> {
        if let Some(files) = self.claims.get(id)
            && files.len() > 1
        {
            return Err(LookupError::Ambiguous {
                id: id.to_string(),
                files: files.clone(),
            });
        }
        if let Some(p) = self.playbooks.iter().find(|p| p.playbook.id == id) {
            return Ok(p);
        }
        match self.claims.get(id).and_then(|f| f.first()) {
            Some(file) => Err(LookupError::Invalid {
                id: id.to_string(),
                file: file.clone(),
            }),
            None => Err(LookupError::NotFound {
                id: id.to_string(),
                known: self
                    .playbooks
                    .iter()
                    .map(|p| p.playbook.id.clone())
                    .collect(),
            }),
        }
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

/// The file names in the workspace's templates folder; empty when there is none.
fn template_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir.join(TEMPLATES_DIR))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Loads and checks the workspace file and every playbook under `dir`. Never fails: what cannot
/// be read becomes a [`Problem`]. A playbook id claimed by two files is a problem in each,
/// naming the other, and [`Loaded::playbook`] refuses it.
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
            Ok(bytes) => match vakt_workspace::utf8_text(WORKSPACE_FILE, &bytes) {
                Ok(text) => match parse_workspace(WORKSPACE_FILE, text) {
                    Ok(w) => {
                        context = Context::of(&w);
                        out.workspace = Some(w);
                    }
                    Err(p) => out.problems.extend(p),
                },
                Err(p) => out.problems.push(p),
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
        // Roles and contacts cannot be checked without a workspace; say so once, above, and
        // go on.
        context.roles = None;
        context.contacts = None;
    }
    context.templates = Some(template_files(dir));
    let mut claims: Vec<(Claim, String)> = Vec::new();
    for f in files.iter().filter(|f| f.relative_path != WORKSPACE_FILE) {
        if f.kind.as_deref().is_some_and(|k| OTHER_KINDS.contains(&k)) {
            out.other_files.push(f.relative_path.clone());
            continue;
        }
        let rel = &f.relative_path;
        let bytes = match read(rel) {
            Ok(b) => b,
            Err(e) => {
                out.problems.push(problem(rel, e.to_string()));
                continue;
            }
        };
        let text = match vakt_workspace::utf8_text(rel, &bytes) {
            Ok(t) => t,
            Err(p) => {
                out.problems.push(p);
                continue;
            }
        };
        let (result, claim) = parse_claiming(rel, text, &context);
        if let Some(c) = claim {
            claims.push((c, rel.clone()));
        }
        match result {
            Ok(playbook) => out.playbooks.push(LoadedPlaybook {
                path: rel.clone(),
                sha256: sha256_hex(&bytes),
                source: text.to_string(),
                playbook,
            }),
            Err(p) => out.problems.extend(p),
        }
    }
    for (claim, file) in &claims {
        out.claims
            .entry(claim.id.clone())
            .or_default()
            .push(file.clone());
    }
    for (claim, file) in &claims {
        let others: Vec<&str> = out.claims[&claim.id]
            .iter()
            .filter(|f| *f != file)
            .map(String::as_str)
            .collect();
        if !others.is_empty() {
            out.problems.push(Problem {
                file: file.into(),
                line: claim.line,
                column: claim.column,
                message: format!(
                    "playbook id `{}` is also used by {}; ids must be unique in the workspace, and no run can start on `{}` until they are",
                    claim.id,
                    others.join(", "),
                    claim.id
                ),
            });
        }
    }
    out.problems.sort();
    out
}
