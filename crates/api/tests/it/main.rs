//! The operation layer's integration tests: the console and the records, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

mod console;
mod data_at_rest;
mod drills;
mod people;
mod records;
mod signoff;
