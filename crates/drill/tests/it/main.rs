//! The drill crate's integration tests, in one test binary: the shipped scenarios and the
//! broken-scenario corpus, the measurement engine on a scripted drill, and properties of the
//! measurement against the topology's own impact analysis.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers: a failure is a failed test"
)]

mod engine;
mod programme;
mod properties;
mod scenarios;

use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
