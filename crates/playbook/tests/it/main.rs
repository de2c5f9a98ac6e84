//! The playbook crate's integration tests, in one test binary: the broken corpus, loading,
//! the JSON Schemas, the shipped playbooks.
//! One binary per crate (as ripgrep does): one link instead of one per file.

mod corpus;
mod format2;
mod load;
mod schema;
mod shipped;
mod upgrade;
mod util;
