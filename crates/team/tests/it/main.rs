//! The team journal's tests against a real PostgreSQL, in one test binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

mod background;
mod cli;
mod conflict;
mod kill;
mod laptop;
mod pg;
mod property;
mod server;
mod sync;
mod team;
mod tls;
