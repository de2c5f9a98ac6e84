//! Transport types: what crosses the IPC boundary and what `--json` prints. Field names are
//! camelCase on the wire; their TypeScript twins are generated (see [`crate::commands`]).
//! One module per area of the app, each re-exported here.

mod console;
mod drills;
mod evidence;
mod records;
mod text;
mod topology;
mod workspace;

pub use console::*;
pub use drills::*;
pub use evidence::*;
pub use records::*;
pub use text::RunText;
pub use topology::*;
pub use workspace::*;
