//! Vakt's definition format: playbooks and the workspace file.
//!
//! A **playbook** (the incident procedure or a disaster-recovery playbook) is a TOML file with a
//! format version, steps (title, instructions, role, expected duration, checklist, evidence asked
//! for, topology nodes), decisions whose options lead to different steps, named moments and
//! clocks (a deadline measured from a moment, such as 72 hours after awareness). Texts carry
//! every language the workspace declares (`{ en = "…", nl = "…" }`). The **workspace file**
//! (`workspace.toml`) names the organisation, the roles and the contacts.
//!
//! The loader ([`parse_playbook`], [`parse_workspace`], [`load_dir`]) reports **every** problem
//! at once, each with file, line and column and what was expected: TOML syntax, unknown or
//! missing fields, bad durations, duplicate ids, references to steps, moments or roles that do
//! not exist, unreachable steps and loops with no way out. It never panics.
//!
//! ```
//! use vakt_playbook::{Context, parse_playbook};
//! let text = r#"
//! format = 1
//! kind = "playbook"
//! id = "demo"
//! version = "1"
//! category = "dr"
//! title = { en = "Demo" }
//! summary = { en = "A demo." }
//!
//! [[steps]]
//! id = "first"
//! title = { en = "First" }
//! instructions = { en = "Do it." }
//! role = "responder"
//! duration = "1h30x"
//! "#;
//! let problems = parse_playbook("demo.toml", text, &Context::default()).unwrap_err();
//! assert_eq!(problems[0].to_string(),
//!     "demo.toml:15:12: step `first` duration: `1h30x` is not a duration; \
//!      write numbers with units d, h, m, s in that order, such as `72h`, `30m` or `1h30m`");
//! ```
#![deny(missing_docs)]

mod duration;
mod flow;
mod load;
mod model;
mod parse;
mod read;
pub mod schema;
mod text;

pub use duration::{Duration, DurationError};
pub use flow::{Branch, Flow, OptionRef, RuledOut};
pub use load::{Loaded, LoadedPlaybook, OTHER_KINDS, WORKSPACE_FILE, load_dir, sha256_hex};
pub use model::*;
pub use parse::{Context, parse_playbook, parse_workspace};
pub use text::Text;
pub use vakt_stdx::Problem;
