//! The data directory at rest: where it is, whether it is encrypted and unlocked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The data directory's state, as the unlock screen and `vakt data status` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DataStatus {
    /// The data directory.
    pub data_dir: String,
    /// Whether the journal and the evidence are encrypted under a data key.
    pub encrypted: bool,
    /// Whether the data key still waits for the passphrase (every other operation answers
    /// `locked` until then).
    pub locked: bool,
    /// Why the data directory is open read-only, when it is.
    pub read_only: Option<String>,
}

impl std::fmt::Display for DataStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Data directory: {}", self.data_dir)?;
        let state = match (self.encrypted, self.locked) {
            (false, _) => "not encrypted (turn it on with `vakt data encrypt`)",
            (true, true) => "encrypted, locked",
            (true, false) => "encrypted, unlocked",
        };
        writeln!(f, "At rest: {state}")?;
        if let Some(why) = &self.read_only {
            writeln!(f, "Read-only: {why}")?;
        }
        Ok(())
    }
}
