//! The one entry into Vakt's core for the desktop app and the `vakt` CLI.
//!
//! A [`Vakt`] is an open session: the data directory, the SQLite database in it, the workspace
//! of definitions, and the clock and ID source it was given. Each operation the app or the CLI
//! offers is one method on it, returning a transport type from [`json`] or an [`ApiError`]
//! (`{code, message}`), which is exactly what crosses the IPC boundary.
//!
//! ```
//! use std::sync::Arc;
//! use vakt_api::{LaunchOptions, Vakt};
//! use vakt_sources::{FixedClock, SequentialIds};
//! let data = tempfile::tempdir().unwrap();
//! let options = LaunchOptions { data_dir: Some(data.path().into()), ..Default::default() };
//! let clock = Arc::new(FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap()));
//! let vakt = Vakt::open(&options, clock, Arc::new(SequentialIds::new())).unwrap();
//! let overview = vakt.workspace_overview().unwrap();
//! assert!(overview.definition_files.iter().any(|f| f.path == "workspace.toml"));
//! ```
//!
//! Invariants: nothing here reads the system clock or the process environment; the binaries
//! pass those in ([`LaunchOptions::from_args`] takes the environment as a function).
#![deny(missing_docs)]

pub mod commands;
mod console;
mod error;
pub mod json;
mod launch;
pub mod records;
mod runs;
mod session;
mod topology;
mod topology_view;

#[cfg(test)]
mod testing;

pub use console::JOURNAL_PAGE_LIMIT;
pub use error::{ApiError, ErrorCode};
pub use launch::LaunchOptions;
pub use runs::EVIDENCE_DIR;
pub use session::{DATABASE_FILE, Session, Vakt};
pub use topology::{RETENTION_FILE, TOPOLOGY_FILE};
