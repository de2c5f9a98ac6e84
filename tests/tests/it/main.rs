//! Cross-crate tests in one test binary: the app's security configuration and the end-to-end
//! tests of the real window (`#[ignore]`d; `cargo nextest run -p vakt-tests --run-ignored only
//! --test-threads 1` runs them).
//! One binary per crate (as ripgrep does): one link instead of one per file.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

mod e2e;
mod e2e_console;
mod e2e_drills;
mod e2e_evidence;
mod e2e_keyring;
mod e2e_people;
mod e2e_records;
mod e2e_scale;
mod e2e_signoff;
mod e2e_team;
mod e2e_topology;
mod security;
mod util;
