//! The `vakt` command line's integration tests, in one test binary: the binary end to end, the
//! crash test, the documented command lines, the in-process CLI and the record commands.
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

mod cli;
mod crash;
mod data_cli;
mod desktop_keyring;
mod docs;
mod in_process;
mod keyring;
mod pipes;
mod records_cli;
mod records_from_runs;
mod runs;
mod topology_exchange;
mod util;
