//! The record crate's integration tests, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

mod archive;
