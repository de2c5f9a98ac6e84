//! Devices: each data directory has its own P-256 key and numbers its own chain of events.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vakt_sources::Clock;

use crate::JournalError;
use crate::event::time_text;

/// A device whose chain this journal holds: its id and its public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Its UUID.
    pub id: Uuid,
    /// Its P-256 public key, SEC1 uncompressed (65 bytes).
    pub public_key: Vec<u8>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// The id of a device with `public_key` created at `at`: a UUIDv7 whose time is `at` and whose
/// other bits come from the key's SHA-256, so no id source is consumed.
fn device_id(public_key: &[u8], at: DateTime<Utc>) -> Uuid {
    let digest: [u8; 32] = Sha256::digest(public_key).into();
    let millis = at.timestamp_millis().max(0) as u64;
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    bytes[6..].copy_from_slice(&digest[..10]);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

/// This journal's own device, creating it (id and P-256 key from `keys`) on first call. The
/// first time, rows of a first-version journal are claimed as the start of its chain. Call it
/// once when the database is opened, before the first [`append`](crate::append).
pub fn ensure_device(
    conn: &mut Connection,
    keys: &mut dyn CryptoRngCore,
    clock: &dyn Clock,
) -> Result<Uuid, JournalError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(id) = this_device(&tx)? {
        return Ok(id);
    }
    let key = SigningKey::random(&mut &mut *keys);
    let public_key = key
        .verifying_key()
        .to_encoded_point(false)
        .as_bytes()
        .to_vec();
    let at = clock.now();
    let id = device_id(&public_key, at);
    tx.execute(
        "INSERT INTO journal_device (id, public_key, private_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.to_string(), public_key, key.to_bytes().as_slice(), time_text(at)],
    )?;
    tx.execute(
        "UPDATE journal_event SET device = ?1 WHERE device IS NULL AND format = 1",
        [id.to_string()],
    )?;
    tx.commit()?;
    Ok(id)
}

/// This journal's own device, if it has been created.
pub fn this_device(conn: &Connection) -> Result<Option<Uuid>, JournalError> {
    let id: Option<String> = conn
        .prepare_cached("SELECT id FROM journal_device WHERE private_key IS NOT NULL")?
        .query_row([], |r| r.get(0))
        .optional()?;
    id.map(|text| parse_device(&text)).transpose()
}

fn parse_device(text: &str) -> Result<Uuid, JournalError> {
    Uuid::parse_str(text).map_err(|_| JournalError::Corrupt {
        seq: 0,
        reason: format!("device id `{text}` is not a UUID"),
    })
}

/// Every device whose events this journal may hold, by id.
pub fn devices(conn: &Connection) -> Result<Vec<Device>, JournalError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, public_key, created_at FROM journal_device ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let at: String = r.get(2)?;
        out.push(Device {
            id: parse_device(&id)?,
            public_key: r.get(1)?,
            created_at: at.parse().map_err(|_| JournalError::Corrupt {
                seq: 0,
                reason: format!("device {id} has a bad creation time"),
            })?,
        });
    }
    Ok(out)
}

/// Registers another device's public key, so its events can be imported and verified. A device
/// already known with the same key is left as it is; with another key it is refused.
pub fn register_device(conn: &Connection, device: &Device) -> Result<(), JournalError> {
    VerifyingKey::from_sec1_bytes(&device.public_key).map_err(|_| JournalError::Corrupt {
        seq: 0,
        reason: format!("device {} has no valid P-256 public key", device.id),
    })?;
    let known: Option<Vec<u8>> = conn
        .prepare_cached("SELECT public_key FROM journal_device WHERE id = ?1")?
        .query_row([device.id.to_string()], |r| r.get(0))
        .optional()?;
    match known {
        Some(key) if key == device.public_key => Ok(()),
        Some(_) => Err(JournalError::Corrupt {
            seq: 0,
            reason: format!("device {} is already known with another key", device.id),
        }),
        None => {
            conn.execute(
                "INSERT INTO journal_device (id, public_key, private_key, created_at) VALUES (?1, ?2, NULL, ?3)",
                params![device.id.to_string(), device.public_key, time_text(device.created_at)],
            )?;
            Ok(())
        }
    }
}

/// This device's id and signing key; an error when [`ensure_device`] was never called.
pub(crate) fn own_key(conn: &Connection) -> Result<(Uuid, SigningKey), JournalError> {
    let row: Option<(String, Vec<u8>)> = conn
        .prepare_cached("SELECT id, private_key FROM journal_device WHERE private_key IS NOT NULL")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (id, secret) = row.ok_or(JournalError::NoDevice)?;
    let key = SigningKey::from_slice(&secret).map_err(|_| JournalError::Corrupt {
        seq: 0,
        reason: format!("device {id} has no valid private key"),
    })?;
    Ok((parse_device(&id)?, key))
}

/// The device's DER ECDSA P-256 (SHA-256) signature over an event hash.
pub(crate) fn sign(key: &SigningKey, hash: &[u8; 32]) -> Vec<u8> {
    let signature: Signature = key.sign(hash);
    signature.to_der().as_bytes().to_vec()
}

/// The public keys of the devices, parsed once per verification.
#[derive(Default)]
pub(crate) struct Keyring {
    keys: HashMap<String, Option<VerifyingKey>>,
}

impl Keyring {
    /// Whether `signature` is `device`'s signature over `hash`; false for an unknown device.
    pub(crate) fn verifies(
        &mut self,
        conn: &Connection,
        device: &str,
        hash: &[u8; 32],
        signature: &[u8],
    ) -> Result<bool, JournalError> {
        if !self.keys.contains_key(device) {
            let key: Option<Vec<u8>> = conn
                .prepare_cached("SELECT public_key FROM journal_device WHERE id = ?1")?
                .query_row([device], |r| r.get(0))
                .optional()?;
            let parsed = key.and_then(|k| VerifyingKey::from_sec1_bytes(&k).ok());
            self.keys.insert(device.to_string(), parsed);
        }
        let Some(Some(key)) = self.keys.get(device) else {
            return Ok(false);
        };
        let Ok(signature) = Signature::from_der(signature) else {
            return Ok(false);
        };
        Ok(key.verify(hash, &signature).is_ok())
    }
}
