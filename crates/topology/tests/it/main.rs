//! The topology's integration tests, in one test binary: the demo estate, the loader and its
//! broken-file corpus, loops, the recovery order's ties, properties against brute force, SCRAM as
//! an oracle, and import from Backstage and CSV.
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers: a failure is a failed test"
)]

mod demo;
mod import;
mod loader;
mod loops;
mod order;
mod properties;
mod scram;
