//! What copies of the journal exchange (the team server, bundle files): every device chain's
//! count and head, the events beyond what another copy holds, receipts for events already held,
//! and events in a self-describing form ([`WireEvent`]) that reads back exactly.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::append::{COLUMNS, EVENTS, from_row};
use crate::event::{Attribution, Hlc, Receipt, hex, parse_hash, time_text};
use crate::{Event, JournalError};

/// How many events of each device this copy holds (second-version chains and first-version ones
/// claimed by a device), and the last one's hash.
pub fn heads(conn: &Connection) -> Result<Vec<(Uuid, u64, [u8; 32])>, JournalError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.device, e.device_seq, e.hash FROM journal_event e \
         JOIN (SELECT device, max(device_seq) AS n FROM journal_event \
               WHERE device IS NOT NULL GROUP BY device) m \
           ON m.device = e.device AND m.n = e.device_seq ORDER BY e.device",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let device: String = r.get(0)?;
        let hash: Vec<u8> = r.get(2)?;
        out.push((
            Uuid::parse_str(&device).map_err(|_| corrupt("a device id is not a UUID"))?,
            r.get(1)?,
            <[u8; 32]>::try_from(hash.as_slice()).map_err(|_| corrupt("a hash is not 32 bytes"))?,
        ));
    }
    Ok(out)
}

/// The second-version events of `device` after its event `after`, in chain order, at most
/// `limit`.
pub fn device_events_after(
    conn: &Connection,
    device: Uuid,
    after: u64,
    limit: usize,
) -> Result<Vec<Event>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {EVENTS} WHERE device = ?1 AND device_seq > ?2 AND format = 2 \
         ORDER BY device_seq LIMIT ?3"
    ))?;
    let mut rows = stmt.query(params![
        device.to_string(),
        after,
        i64::try_from(limit).unwrap_or(i64::MAX)
    ])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}

/// The second-version events another copy lacks when it holds `held` events of each device
/// (devices not named: none), by device then chain position. With `since`, a chain starts at
/// its first event at or after that moment instead (the other copy is taken to hold the rest).
pub fn events_beyond(
    conn: &Connection,
    held: &HashMap<Uuid, u64>,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<Event>, JournalError> {
    let mut out = Vec::new();
    for (device, _, _) in heads(conn)? {
        let mut after = held.get(&device).copied().unwrap_or(0);
        if let Some(since) = since {
            let first: Option<u64> = conn
                .prepare_cached(
                    "SELECT min(device_seq) FROM journal_event WHERE device = ?1 AND hlc_wall >= ?2",
                )?
                .query_row(params![device.to_string(), since.timestamp_micros()], |r| {
                    r.get(0)
                })
                .optional()?
                .flatten();
            match first {
                Some(first) => after = after.max(first - 1),
                None => continue,
            }
        }
        out.extend(device_events_after(conn, device, after, usize::MAX)?);
    }
    Ok(out)
}

/// The ids of events (of `device`, or of every device) that have no server receipt yet, in
/// local order, at most `limit`.
pub fn without_receipt(
    conn: &Connection,
    device: Option<Uuid>,
    limit: usize,
) -> Result<Vec<Uuid>, JournalError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id FROM journal_event e LEFT JOIN journal_receipt r ON r.event_id = e.id \
         WHERE r.event_id IS NULL AND e.format = 2 AND (?1 IS NULL OR e.device = ?1) \
         ORDER BY e.seq LIMIT ?2",
    )?;
    let ids: Vec<String> = stmt
        .query_map(
            params![
                device.map(|d| d.to_string()),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    ids.iter()
        .map(|id| Uuid::parse_str(id).map_err(|_| corrupt("an event id is not a UUID")))
        .collect()
}

/// Stores the server's receipt beside event `id`. Returns false when the event is not held or
/// already has a receipt (a receipt, once stored, is never replaced).
pub fn store_receipt(conn: &Connection, id: Uuid, receipt: &Receipt) -> Result<bool, JournalError> {
    let stored = conn
        .prepare_cached(
            "INSERT INTO journal_receipt (event_id, login, address, server_time, server_seq) \
             SELECT id, ?2, ?3, ?4, ?5 FROM journal_event WHERE id = ?1 \
             ON CONFLICT (event_id) DO NOTHING",
        )?
        .execute(params![
            id.to_string(),
            receipt.login,
            receipt.address,
            time_text(receipt.server_time),
            receipt.server_seq
        ])?;
    Ok(stored == 1)
}

fn corrupt(what: &str) -> JournalError {
    JournalError::Corrupt {
        seq: 0,
        reason: what.to_string(),
    }
}

/// An event as it travels between copies: every field the hash covers, the hash, the device
/// signature and the receipt, in JSON with hex bytes. Reads back into the same [`Event`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireEvent {
    /// UUIDv7.
    pub id: Uuid,
    /// Format: 2.
    pub format: u8,
    /// Device.
    pub device: Uuid,
    /// Position in the device's chain.
    pub device_seq: u64,
    /// Previous hash, hex.
    pub prev_hash: String,
    /// Clock wall time, µs since 1970.
    pub hlc_wall: i64,
    /// Clock counter.
    pub hlc_counter: u32,
    /// Seen events.
    pub seen: Vec<Uuid>,
    /// Display name.
    pub actor: String,
    /// Person id.
    pub person: Option<String>,
    /// Login name.
    pub os_user: String,
    /// User id.
    pub os_uid: Option<u32>,
    /// Host name.
    pub host: String,
    /// Addresses.
    pub addresses: Vec<String>,
    /// Role.
    pub role: Option<String>,
    /// Kind.
    pub kind: String,
    /// Run.
    pub run: Option<Uuid>,
    /// The payload's JSON text exactly as hashed.
    pub payload: String,
    /// Hash, hex.
    pub hash: String,
    /// Device signature, hex.
    pub device_sig: Option<String>,
    /// Server receipt.
    pub receipt: Option<Receipt>,
}

impl WireEvent {
    /// The wire form of `e`.
    pub fn of(e: &Event) -> Result<Self, JournalError> {
        Ok(Self {
            id: e.id,
            format: e.format,
            device: e.device,
            device_seq: e.device_seq,
            prev_hash: hex(&e.prev_hash),
            hlc_wall: e.hlc.wall_micros(),
            hlc_counter: e.hlc.counter,
            seen: e.seen.clone(),
            actor: e.by.actor.clone(),
            person: e.by.person.clone(),
            os_user: e.by.os_user.clone(),
            os_uid: e.by.os_uid,
            host: e.by.host.clone(),
            addresses: e.by.addresses.clone(),
            role: e.by.role.clone(),
            kind: e.kind.clone(),
            run: e.run,
            payload: serde_json::to_string(&e.payload)?,
            hash: hex(&e.hash),
            device_sig: e.device_sig.as_deref().map(hex),
            receipt: e.receipt.clone(),
        })
    }

    /// The event (local `seq` 0), or what cannot be read. Whether it is genuine is
    /// [`import_event`](crate::import_event)'s question.
    pub fn event(&self) -> Result<Event, String> {
        let hash = |text: &str, what: &str| {
            parse_hash(text)
                .ok_or_else(|| format!("event {}: {what} is not 64 hex digits", self.id))
        };
        let hlc = Hlc::from_micros(self.hlc_wall, self.hlc_counter)
            .ok_or_else(|| format!("event {}: its clock is out of range", self.id))?;
        let payload: serde_json::Value = serde_json::from_str(&self.payload)
            .map_err(|e| format!("event {}: its payload is not JSON: {e}", self.id))?;
        let device_sig = self
            .device_sig
            .as_deref()
            .map(|s| unhex(s).ok_or_else(|| format!("event {}: its signature is not hex", self.id)))
            .transpose()?;
        Ok(Event {
            seq: 0,
            id: self.id,
            format: self.format,
            device: self.device,
            device_seq: self.device_seq,
            prev_hash: hash(&self.prev_hash, "its previous hash")?,
            hlc,
            at: hlc.wall,
            seen: self.seen.clone(),
            by: Attribution {
                actor: self.actor.clone(),
                person: self.person.clone(),
                os_user: self.os_user.clone(),
                os_uid: self.os_uid,
                host: self.host.clone(),
                addresses: self.addresses.clone(),
                role: self.role.clone(),
            },
            kind: self.kind.clone(),
            run: self.run,
            payload,
            hash: hash(&self.hash, "its hash")?,
            device_sig,
            receipt: self.receipt.clone(),
        })
    }
}

/// Bytes from lowercase or uppercase hex.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

/// A device as it travels between copies: id, public key (hex), creation time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireDevice {
    /// Its id.
    pub id: Uuid,
    /// Its P-256 public key, SEC1 uncompressed, hex.
    pub public_key: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// Every known device's key by id (for the receiving side to register).
pub fn device_keys(conn: &Connection) -> Result<HashMap<Uuid, crate::Device>, JournalError> {
    Ok(crate::devices(conn)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect())
}
