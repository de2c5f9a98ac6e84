//! Transport types: what crosses the IPC boundary and what `--json` prints. Field names are
//! camelCase on the wire; their TypeScript twins are generated (see [`crate::commands`]).
//! One module per area of the app, each re-exported here.

mod console;
mod data;
mod drills;
mod evidence;
mod people;
mod records;
mod team;
mod text;
mod topology;
mod workspace;

pub use console::*;
pub use data::*;
pub use drills::*;
pub use evidence::*;
pub use people::*;
pub use records::*;
pub use team::*;
pub use text::RunText;
pub use topology::*;
pub use workspace::*;
