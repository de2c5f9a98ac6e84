//! The desktop's secret service (the freedesktop.org Secret Service API over the D-Bus session
//! bus: GNOME Keyring, KWallet, KeePassXC), where the keyring key of an encrypted data directory
//! is kept ([`vakt_store::SecretService`]; what is stored and why in `vakt_store`'s keyring
//! module and `docs/data-at-rest.md`).
//!
//! It speaks to the service with `dbus-secret-service`, the crate the `keyring` crate uses for
//! the same service, directly: it lets a locked keyring's unlock prompt be bounded in time
//! (the `keyring` crate waits for it without end, which would hang a window or a script), and
//! it lets items carry Vakt's own attributes. Secrets cross the bus encrypted (the service's
//! `dh-ietf1024-sha256-aes128-cbc-pkcs7` session, through OpenSSL).

use std::collections::HashMap;

use dbus_secret_service::{EncryptionType, Error, SecretService as Bus};
use vakt_store::{SecretService, SecretServiceError};
use zeroize::Zeroizing;

/// The attribute every Vakt item carries, so a person can find them in their keyring.
const APPLICATION: (&str, &str) = ("application", "vakt");
/// The attribute that names one item (the keyring file's `entry`).
const ENTRY: &str = "vakt-entry";

/// The desktop's secret service, reached afresh for each request (a session bus that appears
/// or goes away while the app runs is noticed).
#[derive(Debug, Clone)]
pub struct DesktopKeyring {
    /// How long a locked keyring's unlock prompt may wait for the person, in seconds; then it
    /// is dismissed and the request fails as locked.
    pub prompt_seconds: u64,
}

impl Default for DesktopKeyring {
    fn default() -> Self {
        Self { prompt_seconds: 60 }
    }
}

fn failure(e: Error) -> SecretServiceError {
    match e {
        Error::Unavailable => SecretServiceError::Unavailable(e.to_string()),
        Error::Locked | Error::Prompt => SecretServiceError::Locked(e.to_string()),
        Error::Dbus(ref d) => {
            let name = d.name().unwrap_or_default();
            let unavailable = [
                "org.freedesktop.DBus.Error.ServiceUnknown",
                "org.freedesktop.DBus.Error.NoServer",
                "org.freedesktop.DBus.Error.NoReply",
                "org.freedesktop.DBus.Error.FileNotFound",
                "org.freedesktop.DBus.Error.Spawn.ChildExited",
                "org.freedesktop.DBus.Error.NotSupported",
                "org.freedesktop.DBus.Error.Disconnected",
            ];
            let message = d.message().unwrap_or(name).to_string();
            if unavailable.contains(&name) || name.is_empty() {
                SecretServiceError::Unavailable(message)
            } else if name == "org.freedesktop.Secret.Error.IsLocked" {
                SecretServiceError::Locked(message)
            } else {
                SecretServiceError::Failed(format!("{name}: {message}"))
            }
        }
        other => SecretServiceError::Failed(other.to_string()),
    }
}

impl DesktopKeyring {
    fn connect(&self) -> Result<Bus, SecretServiceError> {
        Bus::connect_with_max_prompt_timeout(EncryptionType::Dh, self.prompt_seconds)
            .map_err(failure)
    }
}

fn attributes(entry: &str) -> HashMap<&str, &str> {
    HashMap::from([APPLICATION, (ENTRY, entry)])
}

impl SecretService for DesktopKeyring {
    fn store(&self, entry: &str, label: &str, secret: &[u8; 32]) -> Result<(), SecretServiceError> {
        let bus = self.connect()?;
        let collection = bus.get_default_collection().map_err(|e| match failure(e) {
            SecretServiceError::Failed(why) => SecretServiceError::Failed(format!(
                "it has no default collection to keep the key in ({why})"
            )),
            other => other,
        })?;
        if collection.is_locked().map_err(failure)? {
            collection.unlock().map_err(failure)?;
        }
        let text = vakt_store::secret_text(secret);
        collection
            .create_item(
                label,
                attributes(entry),
                text.as_bytes(),
                true,
                "text/plain",
            )
            .map_err(failure)?;
        Ok(())
    }

    fn find(&self, entry: &str) -> Result<Option<Zeroizing<[u8; 32]>>, SecretServiceError> {
        let bus = self.connect()?;
        let found = bus.search_items(attributes(entry)).map_err(failure)?;
        let Some(item) = found.unlocked.first().or(found.locked.first()) else {
            return Ok(None);
        };
        if item.is_locked().map_err(failure)? {
            item.unlock().map_err(failure)?;
        }
        let secret = Zeroizing::new(item.get_secret().map_err(failure)?);
        vakt_store::secret_from_text(&secret)
            .map(Some)
            .ok_or_else(|| {
                SecretServiceError::Failed(format!(
                    "the keyring's item for entry {entry} is not a Vakt keyring key"
                ))
            })
    }

    fn remove(&self, entry: &str) -> Result<bool, SecretServiceError> {
        let bus = self.connect()?;
        let found = bus.search_items(attributes(entry)).map_err(failure)?;
        let mut any = false;
        for item in found.unlocked.iter().chain(found.locked.iter()) {
            if item.is_locked().map_err(failure)? {
                item.unlock().map_err(failure)?;
            }
            item.delete().map_err(failure)?;
            any = true;
        }
        Ok(any)
    }
}
