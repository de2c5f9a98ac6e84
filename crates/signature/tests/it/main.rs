//! The signature crate's integration tests, in one test binary.
//! One binary per crate (as ripgrep does): one link instead of one per file.

mod chains;
mod countersign;
mod pki;
mod sequence;
mod tsa;
mod validators;
