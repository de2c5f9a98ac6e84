//! Vakt's definition format: playbooks and the workspace file.
//!
//! A **playbook** (the incident procedure or a disaster-recovery playbook) is a TOML file in
//! format 2: steps (title, instructions, role, expected duration, track, checklist, evidence
//! asked for and whether it is required, topology nodes), what each step waits for (`after`: all
//! of them; `after_any`: one of them), decisions whose options open steps and rule steps or
//! clocks out (`opens`, `not_applicable`), moments (built in, [`BUILT_IN_MOMENTS`], plus the
//! playbook's own), clocks (a deadline measured from a moment, stopped by another) and the
//! notifications register. Several steps can be active at once; [`Flow`] says which start,
//! which are gated, what each option opens and rules out. Texts carry every language the
//! workspace declares (`{ en = "…", nl = "…" }`). The **workspace file** (`workspace.toml`) names
//! the organisation, the roles and the contacts.
//!
//! The loader ([`parse_playbook`], [`parse_workspace`], [`load_dir`]) reports **every** problem
//! at once, each with file, line and column and what was expected: TOML syntax, text that is not
//! UTF-8, unknown or missing fields, bad durations, duplicate ids (in a file, and playbook ids
//! across the workspace), references naming nothing, cycles of `after`, steps that can never
//! become active, and `after` joins over two branches of one decision. It never panics and its
//! time is linear in the file's size. A format-1 file is refused with the command that
//! converts it ([`upgrade`], `vakt playbook upgrade`).
//!
//! ```
//! use vakt_playbook::{Context, Flow, parse_playbook};
//! let text = r#"
//! format = 2
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
//! duration = "1h30m"
//!
//! [[steps]]
//! id = "second"
//! title = { en = "Second" }
//! instructions = { en = "Then this." }
//! role = "responder"
//! duration = "1h30x"
//! after = ["frist"]
//! "#;
//! let problems = parse_playbook("demo.toml", text, &Context::default()).unwrap_err();
//! assert_eq!(problems[0].to_string(),
//!     "demo.toml:22:12: step `second` duration: `1h30x` is not a duration; \
//!      write numbers with units d, h, m, s in that order, such as `72h`, `30m` or `1h30m`");
//! assert_eq!(problems[1].to_string(),
//!     "demo.toml:23:10: step `second` after: no step has the id `frist`; \
//!      expected a step id of this playbook");
//!
//! let fixed = text.replace("1h30x", "1h").replace("frist", "first");
//! let playbook = parse_playbook("demo.toml", &fixed, &Context::default()).unwrap();
//! let flow = Flow::new(&playbook);
//! assert_eq!(flow.starts(), [0]);
//! assert_eq!(flow.waiting_on(0), [1]);
//! ```
#![deny(missing_docs)]

mod duration;
mod flow;
mod load;
mod model;
mod parse;
mod read;
pub mod schema;
mod segment;
mod text;
mod upgrade;

pub use duration::{Duration, DurationError};
pub use flow::{Branch, Flow, OptionRef, RuledOut};
pub use load::{
    Loaded, LoadedPlaybook, LookupError, OTHER_KINDS, TEMPLATES_DIR, WORKSPACE_FILE, load_dir,
    sha256_hex,
};
pub use model::*;
pub use parse::{Context, parse_playbook, parse_workspace};
pub use text::Text;
pub use upgrade::{Upgrade, upgrade};
pub use vakt_stdx::Problem;
