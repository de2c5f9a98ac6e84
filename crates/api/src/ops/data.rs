//! The data directory at rest: its status, unlocking it, turning encryption on, changing the
//! passphrase. The first two run while the directory is locked ([`Needs::Nothing`]).
//!
//! [`Needs::Nothing`]: crate::Needs::Nothing

use crate::json::{DataStatus, KeyringReleased};
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
    /// Unlocks the encrypted data directory with the data key held in the desktop's keyring;
    /// when it is not held there or the keyring cannot give it, says why and stays locked (the
    /// passphrase still unlocks).
    "data_unlock_keyring", Preferences, Nothing,
    DataUnlockKeyringRequest {} -> DataStatus,
    |_r, host| host.session().unlock_with_keyring()
}

operation! {
    /// Holds the data key in the desktop's keyring as well, so this data directory opens
    /// without its passphrase while the person's desktop session is unlocked; the passphrase
    /// is asked first and keeps working.
    "data_keyring_on", Change, DataDir,
    DataKeyringOnRequest {
        /// The passphrase of the data key.
        passphrase: String,
    } -> DataStatus,
    |r, host| {
        let (database, keys) = host.with(|v| Ok((v.encrypted_database()?, v.keys.clone())))?;
        let key = vakt_store::DataKey::unlock(&database, &r.passphrase)?;
        key.hold_in_keyring(&database, host.session().secret_service.as_ref(), &mut *keys())?;
        host.with(|v| Ok(v.data_status()))
    }
}

operation! {
    /// Stops holding the data key in the desktop's keyring: from now on only the passphrase
    /// unlocks this data directory.
    "data_keyring_off", Change, DataDir,
    DataKeyringOffRequest {} -> KeyringReleased,
    |_r, host| {
        let database = host.with(|v| v.encrypted_database())?;
        let released = vakt_store::DataKey::release_from_keyring(
            &database,
            host.session().secret_service.as_ref(),
        )?;
        let status = host.with(|v| Ok(v.data_status()))?;
        Ok(KeyringReleased {
            status,
            item_removed: released.item.as_ref().is_ok_and(|removed| *removed),
            problem: released.item.err().map(|e| e.to_string()),
        })
    }
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
