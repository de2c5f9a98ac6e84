//! The journal's integration tests, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

mod bundle;
mod devices;
mod migration;
mod tamper;
mod util;
