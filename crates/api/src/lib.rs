//! The one entry into Vakt's core for the desktop app and the `vakt` CLI.
//!
//! A [`Session`] holds an open [`Vakt`]: the data directory, the SQLite database in it, the
//! workspace of definitions, and the clock, ID and key sources it was given. Everything the
//! window, the CLI or a test asks of it is an **operation** ([`operation`]): one request type
//! in [`ops`] and one response type in [`json`], run by [`Session::call`], which checks access
//! (an auditor changes nothing) and needs (a workspace) before the operation runs. Errors are
//! one [`ApiError`] (`{code, message}`), exactly what crosses the IPC boundary.
//!
//! ```
//! use std::sync::Arc;
//! use vakt_api::{LaunchOptions, Session, Sources};
//! use vakt_api::ops::WorkspaceOverviewRequest;
//! use vakt_sources::{FixedClock, SequentialIds};
//! let data = tempfile::tempdir().unwrap();
//! let options = LaunchOptions { data_dir: Some(data.path().into()), ..Default::default() };
//! let sources = Sources {
//!     clock: Arc::new(FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap())),
//!     ids: Arc::new(SequentialIds::new()),
//!     keys: Sources::os_keys(),
//!     machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-7")),
//! };
//! let session = Session::open(&options, sources);
//! let overview = session.call(WorkspaceOverviewRequest {}).unwrap();
//! assert!(overview.definition_files.iter().any(|f| f.path == "workspace.toml"));
//! ```
//!
//! Invariants: nothing here reads the system clock or the process environment; the binaries
//! pass those in ([`LaunchOptions::from_args`] takes the environment as a function).
#![deny(missing_docs)]

pub mod commands;
mod console;
mod data;
mod definitions;
mod drills;
mod error;
pub mod json;
mod keyring;
mod launch;
pub mod operation;
pub mod ops;
pub mod passphrase;
pub mod people;
mod phase_anchor;
pub mod records;
mod run_view;
mod runs;
mod session;
pub mod task;
mod team;
mod team_link;
mod topology;
mod topology_view;

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod testing;

pub use console::JOURNAL_PAGE_LIMIT;
pub use error::{ApiError, ErrorCode};
pub use keyring::DesktopKeyring;
pub use launch::LaunchOptions;
pub use operation::{Access, Needs, OPERATIONS, Operation, OperationInfo};
pub use runs::EVIDENCE_DIR;
pub use session::{Acting, DATABASE_FILE, Host, Keys, Session, Sources, Vakt};
pub use task::{Task, TaskGuard, TaskProgress};
pub use team_link::{TeamSignal, TeamSyncHandle};
pub use topology::{RETENTION_FILE, TOPOLOGY_FILE};
