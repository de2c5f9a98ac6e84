//! The data directory at rest: its status, unlocking it, turning encryption on, changing the
//! passphrase. The first two run while the directory is locked ([`Needs::Nothing`]).
//!
//! [`Needs::Nothing`]: crate::Needs::Nothing

use crate::json::DataStatus;
use crate::ops::operation;

operation! {
    /// Where the data directory is and whether it is encrypted, locked or read-only; works
    /// while it is locked.
    "data_status", Read, Nothing,
    DataStatusRequest {} -> DataStatus,
    |_r, host| host.session().data_status()
}

operation! {
    /// Unlocks the encrypted data directory with the passphrase and opens it (a wrong
    /// passphrase changes nothing and may be tried again).
    "data_unlock", Preferences, Nothing,
    DataUnlockRequest {
        /// The passphrase of the data key.
        passphrase: String,
    } -> DataStatus,
    |r, host| host.session().unlock(&r.passphrase)
}

operation! {
    /// Encrypts the data directory in place under a new data key wrapped under a new
    /// passphrase (checked for strength): the journal database (SQLCipher) and every stored
    /// evidence copy. Crash-safe: a kill at any moment loses nothing.
    "data_encrypt", Change, DataDir,
    DataEncryptRequest {
        /// The new passphrase.
        passphrase: String,
    } -> DataStatus,
    |r, host| {
        let cost = host.key_cost();
        host.with(|v| v.encrypt_data(&r.passphrase, cost))
    }
}

operation! {
    /// Changes the passphrase of the data key (the key itself, and so the encrypted files,
    /// stay as they are): the old one must unlock it, the new one is checked for strength.
    "data_change_passphrase", Change, DataDir,
    DataChangePassphraseRequest {
        /// The passphrase in use.
        old: String,
        /// The new one.
        new: String,
    } -> DataStatus,
    |r, host| {
        let cost = host.key_cost();
        let (database, context, keys) = host.with(|v| v.passphrase_change_inputs())?;
        crate::passphrase::check_new(&r.new, &context.iter().map(String::as_str).collect::<Vec<_>>())?;
        vakt_store::DataKey::change_passphrase(&database, &r.old, &r.new, cost, &mut *keys())?;
        host.with(|v| Ok(v.data_status()))
    }
}
