//! Bundle files: the events another copy lacks, carried by hand (USB stick, e-mail) when no
//! network reaches the team server.
//!
//! A bundle is one text file of JSON lines: a header (format, the exporting device, the devices
//! whose events it holds with their keys, the number of events), one [`WireEvent`] a line in
//! chain order, and a trailer with the SHA-256 of every byte before it and the exporting
//! device's signature over that digest. A bundle that is cut off, altered or padded does not
//! match its trailer and is refused whole, before anything is stored. Inside an intact bundle
//! each event is imported on its own terms ([`import_event_in`]): a forged one is refused with
//! the reason and the others still come in. Receipts do not travel in bundles (a receipt is the
//! server's word and comes only from the server).

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, Utc};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::device::{own_key, sign};
use crate::event::hex;
use crate::exchange::{WireDevice, WireEvent, events_beyond, unhex};
use crate::{Device, ImportError, JournalError, import_event_in, register_device};

/// The `bundle` value of a header.
pub const BUNDLE_FORMAT: &str = "vakt-journal-bundle";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    bundle: String,
    version: u32,
    from: Uuid,
    created_at: DateTime<Utc>,
    devices: Vec<WireDevice>,
    count: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Trailer {
    sha256: String,
    signature: String,
}

/// What went into a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    /// Events written.
    pub events: u64,
    /// Devices whose events it holds.
    pub devices: u64,
    /// SHA-256 of the bundle's body, hex.
    pub sha256: String,
}

/// Writes a bundle of the events a copy lacks when it holds `held` events of each device (see
/// [`events_beyond`]; `since` starts each chain at a moment instead), signed by this device.
pub fn export_bundle(
    conn: &Connection,
    held: &HashMap<Uuid, u64>,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<Exported, JournalError> {
    let (from, key) = own_key(conn)?;
    let events = events_beyond(conn, held, since)?;
    let keys = crate::exchange::device_keys(conn)?;
    let mut devices: Vec<WireDevice> = Vec::new();
    for e in &events {
        if devices.last().is_none_or(|d| d.id != e.device) {
            let Some(d) = keys.get(&e.device) else {
                return Err(JournalError::Corrupt {
                    seq: e.seq,
                    reason: format!("device {} has no registered key", e.device),
                });
            };
            devices.push(WireDevice {
                id: d.id,
                public_key: hex(&d.public_key),
                created_at: d.created_at,
            });
        }
    }
    if let Some(own) = keys
        .get(&from)
        .filter(|_| !devices.iter().any(|d| d.id == from))
    {
        devices.push(WireDevice {
            id: own.id,
            public_key: hex(&own.public_key),
            created_at: own.created_at,
        });
    }
    let header = Header {
        bundle: BUNDLE_FORMAT.to_string(),
        version: 1,
        from,
        created_at: now,
        devices,
        count: events.len() as u64,
    };
    let mut body = serde_json::to_vec(&header)?;
    body.push(b'\n');
    for e in &events {
        let wire = WireEvent {
            receipt: None,
            ..WireEvent::of(e)?
        };
        serde_json::to_writer(&mut body, &wire)?;
        body.push(b'\n');
    }
    let digest: [u8; 32] = Sha256::digest(&body).into();
    let trailer = Trailer {
        sha256: hex(&digest),
        signature: hex(&sign(&key, &digest)),
    };
    out.write_all(&body)?;
    serde_json::to_writer(&mut *out, &trailer)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(Exported {
        events: header.count,
        devices: header.devices.len() as u64,
        sha256: trailer.sha256,
    })
}

/// Why a bundle was refused whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// The file is not a bundle, or it is cut off, altered or padded.
    #[error("not an intact bundle: {0}")]
    Damaged(String),
    /// A device of the bundle is already known here with another key.
    #[error(transparent)]
    Device(JournalError),
    /// Reading or writing the journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl From<rusqlite::Error> for BundleError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Journal(e.into())
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The device that wrote the bundle.
    pub from: Uuid,
    /// Events newly stored.
    pub imported: u64,
    /// Events this copy already held.
    pub already_held: u64,
    /// Events refused, each with its id and the reason.
    pub refused: Vec<(Uuid, String)>,
}

/// Checks a bundle whole (header, count, digest, the exporting device's signature), then
/// registers its devices and imports its events in chain order in one transaction: held ones
/// are skipped, forged ones refused with the reason, the rest stored.
pub fn import_bundle(conn: &mut Connection, bytes: &[u8]) -> Result<Imported, BundleError> {
    let damaged = |what: String| BundleError::Damaged(what);
    let text = std::str::from_utf8(bytes).map_err(|_| damaged("it is not UTF-8 text".into()))?;
    let body_end = text
        .trim_end_matches('\n')
        .rfind('\n')
        .map(|i| i + 1)
        .ok_or_else(|| damaged("it has no trailer line".into()))?;
    let (body, trailer) = text.split_at(body_end);
    let trailer: Trailer = serde_json::from_str(trailer.trim_end_matches('\n')).map_err(|e| {
        damaged(format!(
            "its last line is not the trailer ({e}): it is cut off"
        ))
    })?;
    let digest: [u8; 32] = Sha256::digest(body.as_bytes()).into();
    if hex(&digest) != trailer.sha256 {
        return Err(damaged(
            "its content does not match its SHA-256 (altered or cut off)".into(),
        ));
    }
    let mut lines = body.lines();
    let header: Header = lines
        .next()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| damaged(format!("line 1 is not a bundle header: {e}")))?
        .ok_or_else(|| damaged("it is empty".into()))?;
    if header.bundle != BUNDLE_FORMAT || header.version != 1 {
        return Err(damaged(format!(
            "line 1 names `{}` version {}, not {BUNDLE_FORMAT} version 1",
            header.bundle, header.version
        )));
    }
    let mut devices = Vec::new();
    for d in &header.devices {
        let public_key = unhex(&d.public_key)
            .ok_or_else(|| damaged(format!("device {}: its key is not hex", d.id)))?;
        devices.push(Device {
            id: d.id,
            public_key,
            created_at: d.created_at,
        });
    }
    let signer = devices
        .iter()
        .find(|d| d.id == header.from)
        .and_then(|d| VerifyingKey::from_sec1_bytes(&d.public_key).ok())
        .ok_or_else(|| damaged(format!("the exporting device {} has no key", header.from)))?;
    let signature = unhex(&trailer.signature)
        .and_then(|s| Signature::from_der(&s).ok())
        .ok_or_else(|| damaged("its signature is not a DER ECDSA signature".into()))?;
    if signer.verify(&digest, &signature).is_err() {
        return Err(damaged(
            "its signature does not verify with the exporting device's key".into(),
        ));
    }
    let mut events = Vec::new();
    for (i, line) in lines.enumerate() {
        let wire: WireEvent = serde_json::from_str(line)
            .map_err(|e| damaged(format!("line {}: not an event: {e}", i + 2)))?;
        events.push(wire);
    }
    if events.len() as u64 != header.count {
        return Err(damaged(format!(
            "it holds {} events, its header says {}",
            events.len(),
            header.count
        )));
    }
    events.sort_by_key(|e| (e.device, e.device_seq));
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for d in &devices {
        register_device(&tx, d).map_err(BundleError::Device)?;
    }
    let mut done = Imported {
        from: header.from,
        ..Imported::default()
    };
    for wire in &events {
        let event = match wire.event() {
            Ok(e) => crate::Event { receipt: None, ..e },
            Err(reason) => {
                done.refused.push((wire.id, reason));
                continue;
            }
        };
        match import_event_in(&tx, &event) {
            Ok(Some(_)) => done.imported += 1,
            Ok(None) => done.already_held += 1,
            Err(ImportError::Journal(e)) => return Err(e.into()),
            Err(refused) => done.refused.push((wire.id, refused.to_string())),
        }
    }
    tx.commit()?;
    Ok(done)
}
