//! The data key held in the desktop's secret service (GNOME Keyring, KWallet, KeePassXC…), so
//! an encrypted data directory opens without typing its passphrase while the person's desktop
//! session is unlocked.
//!
//! The secret service never holds the data key itself. Turning it on makes a fresh random
//! 32-byte **keyring key**, stores it in the secret service under a fresh entry name, and
//! writes the data key wrapped under it into the keyring file beside the database
//! (`vakt.sqlite3.keyring`, 0600):
//!
//! ```text
//! vakt-keyring 1
//! entry HEX(16 random bytes: the secret service item's `vakt-entry` attribute)
//! wrapped HEX(data key XOR HMAC-SHA256(keyring key, "vakt keyring 1 pad"))
//! tag HEX(HMAC-SHA256(HMAC-SHA256(keyring key, "vakt keyring 1 tag"), the lines above))
//! ```
//!
//! So neither half opens anything alone: the keyring's item is useless without this data
//! directory, and a copy of the directory is useless without the desktop's keyring (another
//! laptop, a backup, a stolen disk fall back to the passphrase). Turning it off removes the
//! file first (from then on the item opens nothing), then the item. The passphrase's key file
//! is never touched: the passphrase always unlocks as well.
//!
//! The secret service is passed in ([`SecretService`]); the desktop one lives in `vakt-api`.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand_core::CryptoRngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::StoreError;
use crate::key::{DataKey, fields, hex, unhex32};
use crate::private::{sync_dir, write_private};

/// The keyring file's name suffix: `vakt.sqlite3` keeps it in `vakt.sqlite3.keyring`.
pub const KEYRING_FILE_SUFFIX: &str = ".keyring";

/// Where the keyring file of the database at `database` lives.
pub fn keyring_file_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_os_string();
    name.push(KEYRING_FILE_SUFFIX);
    PathBuf::from(name)
}

/// Why the secret service could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretServiceError {
    /// No secret service answers: no desktop session bus, or nothing on it that keeps secrets.
    #[error("no desktop keyring answers here ({0})")]
    Unavailable(String),
    /// The keyring is locked, and unlocking it was dismissed or not answered in time.
    #[error("the desktop keyring is locked and was not unlocked ({0})")]
    Locked(String),
    /// Anything else the secret service said.
    #[error("the desktop keyring failed: {0}")]
    Failed(String),
}

/// A place that keeps secrets for the person's desktop session: the freedesktop.org secret
/// service in the app and the CLI (`vakt_api::DesktopKeyring`).
pub trait SecretService: Send + Sync + std::fmt::Debug {
    /// Stores `secret` under the entry name `entry`, labelled `label` for the person who looks
    /// at their keyring; an item with the same entry is replaced.
    fn store(&self, entry: &str, label: &str, secret: &[u8; 32]) -> Result<(), SecretServiceError>;
    /// The secret stored under `entry`, or `None` when there is none.
    fn find(&self, entry: &str) -> Result<Option<Zeroizing<[u8; 32]>>, SecretServiceError>;
    /// Removes the item stored under `entry`; whether there was one.
    fn remove(&self, entry: &str) -> Result<bool, SecretServiceError>;
}

/// A secret as text for a secret service that keeps `text/plain` (64 hex digits): what
/// [`SecretService`] implementations store for the 32 bytes they are given.
pub fn secret_text(secret: &[u8; 32]) -> Zeroizing<String> {
    Zeroizing::new(hex(secret))
}

/// The 32 bytes of a secret stored as [`secret_text`], or `None` when the text is not that.
pub fn secret_from_text(text: &[u8]) -> Option<Zeroizing<[u8; 32]>> {
    unhex32(std::str::from_utf8(text).ok()?).map(Zeroizing::new)
}

/// What turning the keyring off did.
#[derive(Debug)]
pub struct KeyringReleased {
    /// Whether there was a keyring file to remove (false: it was off already).
    pub was_on: bool,
    /// What became of the secret service's item: removed (`true`), not there (`false`), or
    /// why it could not be removed (the file is gone, so the item opens nothing).
    pub item: Result<bool, SecretServiceError>,
}

fn derive(keyring_key: &[u8; 32], purpose: &str) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(keyring_key) {
        mac.update(b"vakt keyring 1 ");
        mac.update(purpose.as_bytes());
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

fn body(entry: &str, wrapped: &[u8; 32]) -> String {
    format!("vakt-keyring 1\nentry {entry}\nwrapped {}\n", hex(wrapped))
}

fn tag(keyring_key: &[u8; 32], body: &str) -> Result<Hmac<Sha256>, String> {
    let mac_key = derive(keyring_key, "tag");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&mac_key[..]).map_err(|e| e.to_string())?;
    mac.update(body.as_bytes());
    Ok(mac)
}

struct KeyringFile {
    entry: String,
    wrapped: [u8; 32],
    tag: [u8; 32],
}

fn parse(text: &str) -> Result<KeyringFile, String> {
    let mut field = fields(text, "vakt-keyring", "keyring file")?;
    let entry = field("entry")?;
    if entry.len() != 32 || !entry.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the entry is not 16 bytes of hex".into());
    }
    let wrapped = unhex32(&field("wrapped")?).ok_or("the wrapped key is not 32 bytes of hex")?;
    let tag = unhex32(&field("tag")?).ok_or("the tag is not 32 bytes of hex")?;
    Ok(KeyringFile {
        entry,
        wrapped,
        tag,
    })
}

fn read(database: &Path) -> Result<Option<KeyringFile>, StoreError> {
    let path = keyring_file_path(database);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text)
            .map(Some)
            .map_err(|problem| StoreError::KeyFile { path, problem }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// Whether the data key of `database` is held in the desktop's keyring (its keyring file is
/// there; whether the keyring still has the item is known only by asking it).
pub fn held_in_keyring(database: &Path) -> bool {
    keyring_file_path(database).exists()
}

impl DataKey {
    /// Holds this key in `service` for `database`: a fresh keyring key is stored there and this
    /// key, wrapped under it, in the keyring file (0600, atomically). A keyring that was on
    /// already gets a fresh item; the old one is removed afterwards.
    pub fn hold_in_keyring(
        &self,
        database: &Path,
        service: &dyn SecretService,
        rng: &mut dyn CryptoRngCore,
    ) -> Result<(), StoreError> {
        let path = keyring_file_path(database);
        let before = read(database)?;
        let mut id = [0u8; 16];
        rng.fill_bytes(&mut id);
        let entry = hex(&id);
        let mut keyring_key = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(&mut keyring_key[..]);
        let pad = derive(&keyring_key, "pad");
        let mut wrapped = [0u8; 32];
        for (i, w) in wrapped.iter_mut().enumerate() {
            *w = self.bytes()[i] ^ pad[i];
        }
        let body = body(&entry, &wrapped);
        let tag = tag(&keyring_key, &body)
            .map_err(|problem| StoreError::KeyFile {
                path: path.clone(),
                problem,
            })?
            .finalize()
            .into_bytes();
        let label = format!("Vakt data key: {}", database.display());
        service
            .store(&entry, &label, &keyring_key)
            .map_err(|source| StoreError::Keyring {
                path: path.clone(),
                source,
            })?;
        if let Err(e) = write_private(&path, format!("{body}tag {}\n", hex(&tag)).as_bytes()) {
            // The item alone opens nothing; remove it so it does not linger.
            let _ = service.remove(&entry);
            return Err(e);
        }
        if let Some(old) = before.filter(|old| old.entry != entry) {
            // The old item opens nothing now that the file names the new one.
            let _ = service.remove(&old.entry);
        }
        Ok(())
    }

    /// The data key of `database` from `service`: [`StoreError::KeyringOff`] when it is not
    /// held there, [`StoreError::KeyringMissing`] when the keyring no longer has the item (it
    /// was removed, or this is another desktop), [`StoreError::Keyring`] when the keyring
    /// cannot be asked, [`StoreError::KeyFile`] when the item does not fit the file.
    pub fn from_keyring(database: &Path, service: &dyn SecretService) -> Result<Self, StoreError> {
        let path = keyring_file_path(database);
        let file = read(database)?.ok_or_else(|| StoreError::KeyringOff {
            path: database.to_path_buf(),
        })?;
        let keyring_key = service
            .find(&file.entry)
            .map_err(|source| StoreError::Keyring {
                path: path.clone(),
                source,
            })?
            .ok_or_else(|| StoreError::KeyringMissing { path: path.clone() })?;
        let checked = tag(&keyring_key, &body(&file.entry, &file.wrapped))
            .map_err(|problem| StoreError::KeyFile {
                path: path.clone(),
                problem,
            })?
            .verify_slice(&file.tag);
        if checked.is_err() {
            return Err(StoreError::KeyFile {
                path,
                problem: "the desktop keyring's item does not open this file (the file or the \
                          item was changed); unlock with the passphrase and turn the keyring \
                          on again"
                    .into(),
            });
        }
        let pad = derive(&keyring_key, "pad");
        let mut key = [0u8; 32];
        for (i, k) in key.iter_mut().enumerate() {
            *k = file.wrapped[i] ^ pad[i];
        }
        Ok(Self::from_bytes(key))
    }

    /// Stops holding the data key of `database` in `service`: the keyring file is removed
    /// first (from then on the item opens nothing), then the item, as far as the keyring can be
    /// reached.
    pub fn release_from_keyring(
        database: &Path,
        service: &dyn SecretService,
    ) -> Result<KeyringReleased, StoreError> {
        let path = keyring_file_path(database);
        // A damaged file is removed all the same: it opens nothing, and names no item.
        let file = read(database).or_else(|e| match e {
            StoreError::KeyFile { .. } => Ok(None),
            e => Err(e),
        })?;
        let was_on = path.exists();
        if was_on {
            std::fs::remove_file(&path).map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
            sync_dir(database.parent().unwrap_or(Path::new(".")))?;
        }
        Ok(KeyringReleased {
            was_on,
            item: file.map_or(Ok(false), |f| service.remove(&f.entry)),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;

    /// The format's own checks, against a table in memory (the desktop's secret service is
    /// tested for real in `vakt-api` and `vakt-cli`, under a private D-Bus with GNOME Keyring).
    #[derive(Debug, Default)]
    struct Table(Mutex<HashMap<String, [u8; 32]>>);
    impl SecretService for Table {
        fn store(&self, entry: &str, _: &str, secret: &[u8; 32]) -> Result<(), SecretServiceError> {
            self.0
                .lock()
                .map_err(|e| SecretServiceError::Failed(e.to_string()))?
                .insert(entry.into(), *secret);
            Ok(())
        }
        fn find(&self, entry: &str) -> Result<Option<Zeroizing<[u8; 32]>>, SecretServiceError> {
            Ok(self
                .0
                .lock()
                .map_err(|e| SecretServiceError::Failed(e.to_string()))?
                .get(entry)
                .map(|s| Zeroizing::new(*s)))
        }
        fn remove(&self, entry: &str) -> Result<bool, SecretServiceError> {
            Ok(self
                .0
                .lock()
                .map_err(|e| SecretServiceError::Failed(e.to_string()))?
                .remove(entry)
                .is_some())
        }
    }

    #[test]
    fn a_secret_as_text_and_back() {
        let secret = [0xa5; 32];
        let text = secret_text(&secret);
        assert_eq!(text.len(), 64);
        assert_eq!(secret_from_text(text.as_bytes()).as_deref(), Some(&secret));
        assert!(secret_from_text(b"not hex").is_none());
        assert!(secret_from_text(&text.as_bytes()[1..]).is_none());
    }

    #[test]
    fn the_keyring_and_the_file_open_the_key_only_together() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("vakt.sqlite3");
        let table = Table::default();
        let key = DataKey::from_bytes([7; 32]);
        let err = DataKey::from_keyring(&db, &table).expect_err("off");
        assert!(matches!(err, StoreError::KeyringOff { .. }), "{err}");
        assert!(!held_in_keyring(&db));

        key.hold_in_keyring(&db, &table, &mut rand_core::OsRng)
            .expect("hold");
        assert!(held_in_keyring(&db));
        let text = std::fs::read_to_string(keyring_file_path(&db)).expect("read");
        assert!(text.starts_with("vakt-keyring 1\nentry "), "{text}");
        assert!(
            !text.contains(&hex(key.bytes())),
            "the key is not in the clear"
        );
        let secrets = table.0.lock().expect("table").clone();
        assert_eq!(secrets.len(), 1);
        assert!(
            secrets.values().all(|s| s != key.bytes()),
            "the keyring does not hold the data key itself"
        );
        assert_eq!(DataKey::from_keyring(&db, &table).expect("open"), key);

        // Held again: a fresh item, the old one removed.
        key.hold_in_keyring(&db, &table, &mut rand_core::OsRng)
            .expect("again");
        let again = table.0.lock().expect("table").clone();
        assert_eq!(again.len(), 1);
        assert_ne!(
            again.keys().collect::<Vec<_>>(),
            secrets.keys().collect::<Vec<_>>()
        );
        assert_eq!(DataKey::from_keyring(&db, &table).expect("open"), key);

        // A changed file is caught by the tag, not opened into a wrong key.
        let text = std::fs::read_to_string(keyring_file_path(&db)).expect("read");
        let at = text.find("wrapped ").expect("wrapped") + "wrapped ".len();
        let flipped = if &text[at..=at] == "0" { "1" } else { "0" };
        std::fs::write(
            keyring_file_path(&db),
            format!("{}{flipped}{}", &text[..at], &text[at + 1..]),
        )
        .expect("tamper");
        let err = DataKey::from_keyring(&db, &table).expect_err("tampered");
        assert!(matches!(err, StoreError::KeyFile { .. }), "{err}");
        std::fs::write(keyring_file_path(&db), &text).expect("restore");

        // The item gone (another desktop, removed by hand): said so.
        table.0.lock().expect("table").clear();
        let err = DataKey::from_keyring(&db, &table).expect_err("missing");
        assert!(matches!(err, StoreError::KeyringMissing { .. }), "{err}");

        // Released: the file goes, whatever the keyring says.
        let released = DataKey::release_from_keyring(&db, &table).expect("release");
        assert!(released.was_on);
        assert_eq!(released.item, Ok(false));
        assert!(!held_in_keyring(&db));
        let released = DataKey::release_from_keyring(&db, &table).expect("again");
        assert!(!released.was_on);
    }
}
