//! The run engine's integration tests, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

mod engine;
mod evidence;
