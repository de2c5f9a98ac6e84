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
    /// Whether the data key is also held in the desktop's keyring (`vakt data keyring on`), so
    /// that the unlock screen and the CLI try it before asking for the passphrase.
    pub keyring: bool,
    /// How the data key was unlocked in this session (`None` while locked or not encrypted).
    pub unlocked_with: Option<UnlockedWith>,
}

/// How an encrypted data directory was unlocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UnlockedWith {
    /// With the person's passphrase.
    Passphrase,
    /// With the data key held in the desktop's keyring.
    Keyring,
}

/// What turning the desktop keyring off did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyringReleased {
    /// The data directory's state afterwards.
    pub status: DataStatus,
    /// Whether the keyring's item was found and removed.
    pub item_removed: bool,
    /// Why the keyring's item could not be removed (the file beside the database is gone, so
    /// the item opens nothing; the person may delete it in their keyring).
    pub problem: Option<String>,
}

impl std::fmt::Display for KeyringReleased {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status)?;
        match (&self.problem, self.item_removed) {
            (Some(problem), _) => writeln!(
                f,
                "The keyring's item could not be removed ({problem}); without the keyring file it opens nothing."
            ),
            (None, true) => writeln!(f, "The keyring's item was removed."),
            (None, false) => writeln!(f, "The keyring held no item for this data directory."),
        }
    }
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
        if self.encrypted {
            let keyring = if self.keyring {
                "held in the desktop keyring too (`vakt data keyring off` stops it)"
            } else {
                "passphrase only (`vakt data keyring on` holds it in the desktop keyring too)"
            };
            writeln!(f, "Data key: {keyring}")?;
        }
        match self.unlocked_with {
            Some(UnlockedWith::Passphrase) => writeln!(f, "Unlocked with: the passphrase")?,
            Some(UnlockedWith::Keyring) => writeln!(f, "Unlocked with: the desktop keyring")?,
            None => {}
        }
        if let Some(why) = &self.read_only {
            writeln!(f, "Read-only: {why}")?;
        }
        Ok(())
    }
}
