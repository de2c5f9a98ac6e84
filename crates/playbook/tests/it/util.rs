//! Helpers shared by the playbook crate's integration tests.

use std::path::{Path, PathBuf};

/// The roles of the shipped workspace (`playbooks/workspace.toml`).
pub const ROLES: &[&str] = &[
    "incident-manager",
    "technical-lead",
    "communications",
    "scribe",
    "responder",
    "dpo",
    "hosting-partner-contact",
    "auditor",
];

/// The contacts the broken corpus is checked against.
pub const CONTACTS: &[&str] = &["datatilsynet", "nsm"];

/// The repository's `playbooks/` folder: the shipped workspace and the JSON Schemas.
pub fn playbooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks")
}

/// The text of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
