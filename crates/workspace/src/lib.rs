//! Vakt's workspace: the folder of definition files (playbooks, topology, retention tiers,
//! roles) that describes one organisation.
//!
//! - [`resolve`] decides which folder is the workspace: a path given on the command line, then
//!   the `VAKT_WORKSPACE` environment variable, then the saved setting, and otherwise the demo
//!   workspace built into Vakt (see [`demo`]), unpacked once into the data directory.
//! - [`definition_files`] lists the definition files a workspace holds, with their kind, size and
//!   SHA-256, so a responder and an auditor can see exactly which definitions are in force.
//! - [`utf8_text`] reads a definition file's bytes as text, or says at which line and column the
//!   first byte that is not UTF-8 stands.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.toml"), "format = 1\nkind = \"playbook\"\n").unwrap();
//! let files = vakt_workspace::definition_files(dir.path()).unwrap();
//! assert_eq!(files[0].relative_path, "a.toml");
//! assert_eq!(files[0].kind.as_deref(), Some("playbook"));
//! ```
//!
//! This crate reads files; it does not validate what a definition means (the playbook and
//! topology crates do).
#![deny(missing_docs)]

pub mod demo;
mod files;
mod resolve;
mod text;

pub use files::{DefinitionFile, definition_files};
pub use resolve::{Candidates, Resolved, WorkspaceSource, resolve};
pub use text::utf8_text;

use std::path::PathBuf;

/// An error finding or reading a workspace.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WorkspaceError {
    /// The chosen workspace folder does not exist or is not a folder.
    #[error("workspace folder {path} ({source_name}) does not exist or is not a folder")]
    NotFound {
        /// The folder that was asked for.
        path: PathBuf,
        /// Where the choice came from, in words.
        source_name: &'static str,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}
