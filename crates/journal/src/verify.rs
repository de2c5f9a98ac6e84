//! Checking every device's chain, and checkpoints against a cut-off tail.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::JournalError;
use crate::device::Keyring;
use crate::event::{
    GENESIS, HashInput, HashInputV2, MIGRATED, chain_hash, chain_hash_v2, hex, parse_hash,
    time_text,
};

/// One device's chain at one moment: how many events and the last one's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceHead {
    /// The device (nil for first-version events no device has claimed yet).
    pub device: Uuid,
    /// Number of its events.
    pub count: u64,
    /// Hash of its last event, hex.
    pub head: String,
}

/// The state of the journal at one moment, kept outside the database (printed in records), to
/// show later whether a tail was cut off. `devices` holds every device chain's count and head;
/// `count` and `head_hash` are the whole file's count and its last event's hash in local order
/// (what a checkpoint of the first version held: such a checkpoint, without `devices`, is
/// checked against the local order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Number of events.
    pub count: u64,
    /// Hash of the last event in local order, hex (64 zeros when empty).
    pub head_hash: String,
    /// Every device's chain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<DeviceHead>,
}

/// The first place the journal is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// The local sequence number of the first bad event (or where a missing one belonged).
    pub seq: u64,
    /// The device whose chain breaks there, when one does.
    pub device: Option<Uuid>,
    /// The position in that device's chain.
    pub device_seq: Option<u64>,
    /// What is wrong there.
    pub reason: String,
}

/// The outcome of verifying the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Events checked and found intact.
    pub count: u64,
    /// The hash of the last intact event in local order, hex.
    pub head_hash: String,
    /// Every device's intact chain.
    pub devices: Vec<DeviceHead>,
    /// The first break in local order, when there is one.
    pub first_break: Option<Break>,
}

impl Verification {
    /// Whether the journal is intact.
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }

    /// The checkpoint of the verified journal.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            count: self.count,
            head_hash: self.head_hash.clone(),
            devices: self.devices.clone(),
        }
    }
}

fn text<'a>(v: ValueRef<'a>) -> Option<&'a str> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    }
}

fn optional_text<'a>(v: ValueRef<'a>) -> Result<Option<&'a str>, ()> {
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|_| ()),
        _ => Err(()),
    }
}

fn list(v: ValueRef<'_>) -> Option<Vec<String>> {
    serde_json::from_str(text(v)?).ok()
}

/// One device's chain while it is walked.
struct Chain {
    device: Option<String>,
    count: u64,
    prev: [u8; 32],
    last_seq: u64,
    last_format: i64,
    v1_clock: Option<(i64, i64)>,
    broken: bool,
}

impl Chain {
    fn new(device: Option<String>) -> Self {
        Self {
            device,
            count: 0,
            prev: GENESIS,
            last_seq: 0,
            last_format: 0,
            v1_clock: None,
            broken: false,
        }
    }

    fn head(&self) -> DeviceHead {
        DeviceHead {
            device: self
                .device
                .as_deref()
                .and_then(|d| Uuid::parse_str(d).ok())
                .unwrap_or_default(),
            count: self.count,
            head: hex(&self.prev),
        }
    }
}

const SELECT: &str = "SELECT seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, \
     hash, format, device, device_seq, hlc_wall, hlc_counter, seen, person, os_user, os_uid, \
     addresses, device_sig FROM journal_event ORDER BY device, device_seq";

/// Verifies every device's chain: its positions run 1, 2, 3, … without gaps and in local order,
/// each event names the previous event's hash, each stored hash matches the event's fields (the
/// first-version rule for first-version rows, the second for the rest), and each second-version
/// event carries its device's valid signature. A broken chain is walked no further; the break
/// first in local order is reported. When `checkpoint` is given, also checks that every chain
/// it names still holds that many events with that head (a cut-off tail is caught here).
pub fn verify(
    conn: &Connection,
    checkpoint: Option<&Checkpoint>,
) -> Result<Verification, JournalError> {
    let mut stmt = conn.prepare_cached(SELECT)?;
    let mut rows = stmt.query([])?;
    let mut keyring = Keyring::default();
    let mut hasher = Sha256::new();
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain: Option<Chain> = None;
    let mut breaks: Vec<Break> = Vec::new();
    let mut count = 0u64;
    let mut head: (u64, [u8; 32]) = (0, GENESIS);
    // (device, device_seq) or local seq → hash, for the checkpoint.
    let mut marks: Vec<(Option<Uuid>, u64, [u8; 32], u64)> = Vec::new();
    let wanted = |device: Option<&str>, device_seq: u64, seq: u64| -> bool {
        checkpoint.is_some_and(|c| {
            if c.devices.is_empty() {
                seq == c.count
            } else {
                c.devices
                    .iter()
                    .any(|d| d.count == device_seq && Some(d.device.to_string().as_str()) == device)
            }
        })
    };
    while let Some(row) = rows.next()? {
        let device = optional_text(row.get_ref(12)?).ok().flatten();
        if chain.as_ref().is_none_or(|c| c.device.as_deref() != device) {
            if let Some(done) = chain.take() {
                chains.push(done);
            }
            chain = Some(Chain::new(device.map(str::to_string)));
        }
        let Some(c) = chain.as_mut() else { continue };
        if c.broken {
            continue;
        }
        let seq = row.get_ref(0)?.as_i64().unwrap_or(-1).max(0) as u64;
        let device_seq = row.get_ref(13)?.as_i64().unwrap_or(-1);
        let expected = c.count + 1;
        let device_id = device.and_then(|d| Uuid::parse_str(d).ok());
        let mut bad = |at: u64, what: String| {
            breaks.push(Break {
                seq: at,
                device: device_id,
                device_seq: Some(expected),
                reason: match device {
                    Some(d) => format!("{what} (device {d}, its event {expected})"),
                    None => format!("{what} (first-version event {expected})"),
                },
            });
        };
        if device_seq != expected as i64 {
            if device_seq > expected as i64 {
                bad(
                    c.last_seq + 1,
                    format!("event {expected} is missing (the next one stored is {device_seq})"),
                );
            } else {
                bad(
                    seq,
                    format!("unexpected chain position {device_seq} where {expected} was due"),
                );
            }
            c.broken = true;
            continue;
        }
        if seq <= c.last_seq {
            bad(
                seq,
                format!(
                    "it is stored as local event {seq}, before the event it follows (local event {}): the events were reordered",
                    c.last_seq
                ),
            );
            c.broken = true;
            continue;
        }
        let stored_prev = row.get_ref(9)?.as_blob().unwrap_or(&[]);
        if stored_prev != c.prev {
            bad(
                seq,
                "its previous-hash does not match the event before it (an event was removed, inserted or reordered)".into(),
            );
            c.broken = true;
            continue;
        }
        let format = row.get_ref(11)?.as_i64().unwrap_or(0);
        let checked = match format {
            1 => check_v1(row, seq, c, &mut hasher),
            2 => check_v2(row, c, device, &mut hasher, &mut keyring, conn)?,
            other => Err(format!("unknown event format {other}")),
        };
        let hash = match checked {
            Ok(hash) => hash,
            Err(what) => {
                bad(seq, what);
                c.broken = true;
                continue;
            }
        };
        c.prev = hash;
        c.count = expected;
        c.last_seq = seq;
        c.last_format = format;
        count += 1;
        if seq > head.0 {
            head = (seq, hash);
        }
        if wanted(device, expected, seq) {
            marks.push((device_id, expected, hash, seq));
        }
    }
    if let Some(done) = chain.take() {
        chains.push(done);
    }
    let devices: Vec<DeviceHead> = chains.iter().map(Chain::head).collect();
    if let Some(c) = checkpoint {
        breaks.extend(check_point(c, count, &devices, &marks));
    }
    Ok(Verification {
        count,
        head_hash: hex(&head.1),
        devices,
        first_break: breaks.into_iter().min_by_key(|b| b.seq),
    })
}

fn check_v1(
    row: &rusqlite::Row<'_>,
    seq: u64,
    c: &mut Chain,
    hasher: &mut Sha256,
) -> Result<[u8; 32], String> {
    if c.last_format == 2 {
        return Err("a first-version event follows a second-version one".into());
    }
    if seq != c.count + 1 {
        return Err(format!(
            "a first-version event is stored as local event {seq}, not {}",
            c.count + 1
        ));
    }
    let r = |i| row.get_ref(i).ok();
    let untouched = r(16).and_then(text) == Some("[]")
        && r(17).is_some_and(|v| v == ValueRef::Null)
        && r(18).and_then(text) == Some("")
        && r(19).is_some_and(|v| v == ValueRef::Null)
        && r(20).and_then(text) == Some("[]")
        && r(21).is_some_and(|v| v == ValueRef::Null);
    if !untouched {
        return Err("a first-version event carries second-version fields".into());
    }
    let fields = (|| {
        Some(HashInput {
            seq,
            id: text(r(1)?)?,
            at: text(r(2)?)?,
            actor: text(r(3)?)?,
            role: optional_text(r(4)?).ok()?,
            host: text(r(5)?)?,
            kind: text(r(6)?)?,
            run: optional_text(r(7)?).ok()?,
            payload: text(r(8)?)?,
        })
    })();
    let Some(fields) = fields else {
        return Err("a field has the wrong type".into());
    };
    let hash = chain_hash(hasher, &c.prev, &fields);
    if row.get_ref(10).ok().and_then(|v| v.as_blob().ok()) != Some(hash.as_slice()) {
        return Err("its content does not match its hash (the event was changed)".into());
    }
    // The clock the migration gave it: the running maximum of the times, a counter among equals.
    let at = fields
        .at
        .parse::<chrono::DateTime<chrono::Utc>>()
        .map_err(|_| "its time cannot be read".to_string())?
        .timestamp_micros();
    let clock = match c.v1_clock {
        Some((wall, counter)) if wall >= at => (wall, counter + 1),
        _ => (at, 0),
    };
    let stored = (
        r(14).and_then(|v| v.as_i64().ok()),
        r(15).and_then(|v| v.as_i64().ok()),
    );
    if stored != (Some(clock.0), Some(clock.1)) {
        return Err("its clock does not match its recorded time (the event was moved)".into());
    }
    c.v1_clock = Some(clock);
    Ok(hash)
}

fn check_v2(
    row: &rusqlite::Row<'_>,
    c: &Chain,
    device: Option<&str>,
    hasher: &mut Sha256,
    keyring: &mut Keyring,
    conn: &Connection,
) -> Result<Result<[u8; 32], String>, JournalError> {
    let Some(device) = device else {
        return Ok(Err("a second-version event names no device".into()));
    };
    let r = |i| row.get_ref(i).ok();
    let (Some(seen), Some(addresses)) = (r(16).and_then(list), r(20).and_then(list)) else {
        return Ok(Err("its seen events or addresses are not JSON lists".into()));
    };
    let fields = (|| {
        Some(HashInputV2 {
            device,
            device_seq: c.count + 1,
            id: text(r(1)?)?,
            hlc_wall: r(14)?.as_i64().ok()?,
            hlc_counter: u32::try_from(r(15)?.as_i64().ok()?).ok()?,
            seen: &seen,
            actor: text(r(3)?)?,
            person: optional_text(r(17)?).ok()?,
            os_user: text(r(18)?)?,
            os_uid: match r(19)? {
                ValueRef::Null => None,
                v => Some(u32::try_from(v.as_i64().ok()?).ok()?),
            },
            host: text(r(5)?)?,
            addresses: &addresses,
            role: optional_text(r(4)?).ok()?,
            kind: text(r(6)?)?,
            run: optional_text(r(7)?).ok()?,
            payload: text(r(8)?)?,
        })
    })();
    let Some(fields) = fields else {
        return Ok(Err("a field has the wrong type".into()));
    };
    let wall = chrono::DateTime::from_timestamp_micros(fields.hlc_wall);
    if wall.map(time_text).as_deref() != r(2).and_then(text) {
        return Ok(Err(
            "its time does not match its clock (the event was changed)".into(),
        ));
    }
    if c.last_format == 1 && !migration_event(&fields, c) {
        return Ok(Err(format!(
            "the first second-version event after first-version ones is not a `{MIGRATED}` event naming {} events and head {}",
            c.count,
            hex(&c.prev)
        )));
    }
    let hash = chain_hash_v2(hasher, &c.prev, &fields);
    if r(10).and_then(|v| v.as_blob().ok()) != Some(hash.as_slice()) {
        return Ok(Err(
            "its content does not match its hash (the event was changed)".into(),
        ));
    }
    let signature = r(21).and_then(|v| v.as_blob().ok()).unwrap_or(&[]);
    if !keyring.verifies(conn, device, &hash, signature)? {
        return Ok(Err(
            "its device signature does not verify with the device's key".into(),
        ));
    }
    Ok(Ok(hash))
}

fn migration_event(fields: &HashInputV2<'_>, c: &Chain) -> bool {
    if fields.kind != MIGRATED {
        return false;
    }
    let Ok(payload) = serde_json::from_str::<serde_json::Value>(fields.payload) else {
        return false;
    };
    payload.get("v1_count").and_then(|v| v.as_u64()) == Some(c.count)
        && payload.get("v1_head").and_then(|v| v.as_str()) == Some(hex(&c.prev).as_str())
}

fn check_point(
    c: &Checkpoint,
    count: u64,
    devices: &[DeviceHead],
    marks: &[(Option<Uuid>, u64, [u8; 32], u64)],
) -> Vec<Break> {
    let unreadable = |what: &str, seq: u64| Break {
        seq,
        device: None,
        device_seq: None,
        reason: format!("the checkpoint's head hash `{what}` is not 64 hex digits"),
    };
    if c.devices.is_empty() {
        let Some(expected) = parse_hash(&c.head_hash) else {
            return vec![unreadable(&c.head_hash, c.count)];
        };
        if c.count == 0 {
            return Vec::new();
        }
        if count < c.count {
            return vec![Break {
                seq: count + 1,
                device: None,
                device_seq: None,
                reason: format!(
                    "the journal holds {count} events but the checkpoint says {}: the tail was cut off from event {}",
                    c.count,
                    count + 1
                ),
            }];
        }
        let at = marks.iter().find(|m| m.3 == c.count).map(|m| m.2);
        return match at {
            Some(h) if h == expected => Vec::new(),
            _ => vec![Break {
                seq: c.count,
                device: None,
                device_seq: None,
                reason: format!(
                    "event {} does not have the checkpoint's head hash: the journal was rewritten",
                    c.count
                ),
            }],
        };
    }
    let mut out = Vec::new();
    for d in &c.devices {
        let Some(expected) = parse_hash(&d.head) else {
            out.push(unreadable(&d.head, d.count));
            continue;
        };
        if d.count == 0 {
            continue;
        }
        let held = devices
            .iter()
            .find(|h| h.device == d.device)
            .map_or(0, |h| h.count);
        if held == 0 {
            out.push(Break {
                seq: count + 1,
                device: Some(d.device),
                device_seq: Some(1),
                reason: format!(
                    "the journal holds no events of device {} but the checkpoint says {}: the journal was rewritten or replaced",
                    d.device, d.count
                ),
            });
            continue;
        }
        if held < d.count {
            out.push(Break {
                seq: count + 1,
                device: Some(d.device),
                device_seq: Some(held + 1),
                reason: format!(
                    "device {} holds {held} events but the checkpoint says {}: the tail was cut off from its event {}",
                    d.device,
                    d.count,
                    held + 1
                ),
            });
            continue;
        }
        match marks
            .iter()
            .find(|m| m.0 == Some(d.device) && m.1 == d.count)
        {
            Some(m) if m.2 == expected => {}
            found => out.push(Break {
                seq: found.map_or(count, |m| m.3),
                device: Some(d.device),
                device_seq: Some(d.count),
                reason: format!(
                    "event {} of device {} does not have the checkpoint's head hash: the journal was rewritten",
                    d.count, d.device
                ),
            }),
        }
    }
    out
}
