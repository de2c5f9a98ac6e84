//! Integration tests of the database file at rest (issue 12): private permissions whatever the
//! umask, encryption (no note text in the file, wrong passphrases, conversion in place),
//! write-protected and full media, and the conversion crash test.
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers: a failure is a failed run"
)]

mod at_rest;
mod crash;
mod media;
mod private;
mod util;
