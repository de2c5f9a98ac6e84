//! The run engine's integration tests, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

mod concurrent;
mod conflict;
mod engine;
mod evidence;
mod evidence_faults;
mod moments;
mod notify;
mod property;
mod scenario;
mod util;
