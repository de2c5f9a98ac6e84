//! Events and their domain-separated SHA-256 chain.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vakt_stdx::serialize_hex;

/// The domain-separation prefix of every first-version event hash ([`chain_hash`]).
pub const HASH_DOMAIN: &[u8] = b"vakt/journal/event/v1\0";

/// The domain-separation prefix of every second-version event hash ([`chain_hash_v2`]).
pub const HASH_DOMAIN_V2: &[u8] = b"vakt/journal/event/v2\0";

/// The `prev_hash` of the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// The kind of the event that opens a device's second-version chain on a first-version journal;
/// its payload is `{"v1_count": N, "v1_head": "hex"}`.
pub const MIGRATED: &str = "journal.migrated";

/// Who acted and where: claimed by the device that records the event (and hashed with it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The display name of the person.
    pub actor: String,
    /// The person id: hex fingerprint of the person's key (`None` until people have keys).
    #[serde(default)]
    pub person: Option<String>,
    /// The operating-system login name.
    #[serde(default)]
    pub os_user: String,
    /// The operating-system user id.
    #[serde(default)]
    pub os_uid: Option<u32>,
    /// The host name.
    pub host: String,
    /// The machine's non-loopback IP addresses at that moment, as text, sorted.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// The role acted in, if any.
    pub role: Option<String>,
}

/// An action to record; the journal adds ids, device, chain position, clock and hashes.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    /// Who acted, where.
    pub by: Attribution,
    /// What happened, such as `step.completed`.
    pub kind: String,
    /// The run the event belongs to, if any.
    pub run: Option<Uuid>,
    /// The details, as JSON.
    pub payload: serde_json::Value,
}

/// A hybrid logical clock reading: wall time (UTC, microseconds) and a counter that orders
/// events with the same wall time. Orders by wall time, then counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    /// Wall time, microsecond precision.
    pub wall: DateTime<Utc>,
    /// Counter among equal wall times.
    pub counter: u32,
}

impl Hlc {
    /// The wall time in microseconds since 1970-01-01 UTC.
    pub fn wall_micros(&self) -> i64 {
        self.wall.timestamp_micros()
    }

    /// The reading at `micros` µs since 1970 with `counter`.
    pub fn from_micros(micros: i64, counter: u32) -> Option<Self> {
        Some(Self {
            wall: DateTime::from_timestamp_micros(micros)?,
            counter,
        })
    }

    /// The next reading after `self` at wall time `now`: `now` when it is later (counter 0),
    /// else the same wall time with the counter advanced.
    pub fn next(self, now: DateTime<Utc>) -> Self {
        let now = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
        if now > self.wall {
            Self {
                wall: now,
                counter: 0,
            }
        } else {
            Self {
                wall: self.wall,
                counter: self.counter.saturating_add(1),
            }
        }
    }
}

/// What the team server saw when it received an event; stored beside the event, not hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The database login that sent the event.
    pub login: String,
    /// The client address the server saw.
    pub address: Option<String>,
    /// The server's time of receipt.
    pub server_time: DateTime<Utc>,
    /// The server's sequence number.
    pub server_seq: i64,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Local insertion order in this file (paging, "event N"): 1, 2, 3, …; not hashed in v2.
    pub seq: u64,
    /// Its UUIDv7.
    pub id: Uuid,
    /// 1 (a first-version row) or 2.
    pub format: u8,
    /// The device whose chain it is in (nil for a first-version row no device claimed yet).
    pub device: Uuid,
    /// Its position in the device's chain: 1, 2, 3, … without gaps.
    pub device_seq: u64,
    /// The hash of the device's event before, hex.
    #[serde(serialize_with = "serialize_hex")]
    pub prev_hash: [u8; 32],
    /// The hybrid logical clock.
    pub hlc: Hlc,
    /// When it was recorded (UTC): the clock's wall time.
    pub at: DateTime<Utc>,
    /// The latest events of the same run, one per device, the device had seen.
    pub seen: Vec<Uuid>,
    /// Who acted, where.
    #[serde(flatten)]
    pub by: Attribution,
    /// What happened.
    pub kind: String,
    /// The run it belongs to, if any.
    pub run: Option<Uuid>,
    /// The details.
    pub payload: serde_json::Value,
    /// This event's hash, hex.
    #[serde(serialize_with = "serialize_hex")]
    pub hash: [u8; 32],
    /// The device's DER ECDSA P-256 signature over `hash`, hex; `None` on first-version rows.
    #[serde(serialize_with = "serialize_optional_hex")]
    pub device_sig: Option<Vec<u8>>,
    /// The server's receipt, once the team server has it.
    pub receipt: Option<Receipt>,
}

fn serialize_optional_hex<S: serde::Serializer>(
    bytes: &Option<Vec<u8>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match bytes {
        Some(b) => s.serialize_some(&hex(b)),
        None => s.serialize_none(),
    }
}

/// Lowercase hex of bytes (`vakt-stdx`'s, kept here where callers found it).
pub use vakt_stdx::hex;

/// Reads 64 hex digits.
pub fn parse_hash(text: &str) -> Option<[u8; 32]> {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

/// The stored text of a time: RFC 3339, UTC, microseconds.
pub fn time_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The fields of an event as stored, borrowed; what the hash covers.
#[derive(Debug, Clone, Copy)]
pub struct HashInput<'a> {
    /// Sequence number.
    pub seq: u64,
    /// UUID text.
    pub id: &'a str,
    /// Time text.
    pub at: &'a str,
    /// Actor.
    pub actor: &'a str,
    /// Role, if any.
    pub role: Option<&'a str>,
    /// Host.
    pub host: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Run UUID text, if any.
    pub run: Option<&'a str>,
    /// Payload JSON text.
    pub payload: &'a str,
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn optional(h: &mut Sha256, value: Option<&str>) {
    match value {
        Some(v) => {
            h.update([1]);
            field(h, v.as_bytes());
        }
        None => h.update([0]),
    }
}

/// The hash of an event: SHA-256 over the domain prefix, the previous hash and every field,
/// each length-prefixed so no two different events hash the same input. Reuses `h`.
pub fn chain_hash(h: &mut Sha256, prev: &[u8], e: &HashInput<'_>) -> [u8; 32] {
    h.update(HASH_DOMAIN);
    h.update(prev);
    h.update(e.seq.to_be_bytes());
    field(h, e.id.as_bytes());
    field(h, e.at.as_bytes());
    field(h, e.actor.as_bytes());
    optional(h, e.role);
    field(h, e.host.as_bytes());
    field(h, e.kind.as_bytes());
    optional(h, e.run);
    field(h, e.payload.as_bytes());
    h.finalize_reset().into()
}

/// The fields of a second-version event, borrowed: everything the device claims.
#[derive(Debug, Clone, Copy)]
pub struct HashInputV2<'a> {
    /// Device UUID text.
    pub device: &'a str,
    /// Position in the device's chain.
    pub device_seq: u64,
    /// Event UUID text.
    pub id: &'a str,
    /// Clock wall time, µs since 1970.
    pub hlc_wall: i64,
    /// Clock counter.
    pub hlc_counter: u32,
    /// Seen event UUID texts, in stored order.
    pub seen: &'a [String],
    /// Display name.
    pub actor: &'a str,
    /// Person id, if any.
    pub person: Option<&'a str>,
    /// Login name.
    pub os_user: &'a str,
    /// User id, if any.
    pub os_uid: Option<u32>,
    /// Host name.
    pub host: &'a str,
    /// Addresses, in stored order.
    pub addresses: &'a [String],
    /// Role, if any.
    pub role: Option<&'a str>,
    /// Kind.
    pub kind: &'a str,
    /// Run UUID text, if any.
    pub run: Option<&'a str>,
    /// Payload JSON text.
    pub payload: &'a str,
}

fn list(h: &mut Sha256, items: &[String]) {
    h.update((items.len() as u64).to_be_bytes());
    for item in items {
        field(h, item.as_bytes());
    }
}

/// The hash of a second-version event: SHA-256 over [`HASH_DOMAIN_V2`], the device and its
/// chain position, the previous hash and every claimed field, each length-prefixed (lists by
/// their count, optional values by a presence byte). Reuses `h`.
pub fn chain_hash_v2(h: &mut Sha256, prev: &[u8; 32], e: &HashInputV2<'_>) -> [u8; 32] {
    h.update(HASH_DOMAIN_V2);
    field(h, e.device.as_bytes());
    h.update(e.device_seq.to_be_bytes());
    h.update(prev);
    field(h, e.id.as_bytes());
    h.update(e.hlc_wall.to_be_bytes());
    h.update(e.hlc_counter.to_be_bytes());
    list(h, e.seen);
    field(h, e.actor.as_bytes());
    optional(h, e.person);
    field(h, e.os_user.as_bytes());
    match e.os_uid {
        Some(uid) => {
            h.update([1]);
            h.update(uid.to_be_bytes());
        }
        None => h.update([0]),
    }
    field(h, e.host.as_bytes());
    list(h, e.addresses);
    optional(h, e.role);
    field(h, e.kind.as_bytes());
    optional(h, e.run);
    field(h, e.payload.as_bytes());
    h.finalize_reset().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(role: Option<&'a str>, run: Option<&'a str>) -> HashInput<'a> {
        HashInput {
            seq: 7,
            id: "01900000-0000-7000-8000-000000000007",
            at: "2026-11-26T08:00:00.000000Z",
            actor: "kari",
            role,
            host: "laptop",
            kind: "note.added",
            run,
            payload: "{\"text\":\"x\"}",
        }
    }

    #[test]
    fn the_hash_is_sha256_over_the_domain_the_previous_hash_and_length_prefixed_fields() {
        let prev = [9u8; 32];
        let mut bytes = Vec::new();
        bytes.extend_from_slice(b"vakt/journal/event/v1\0");
        bytes.extend_from_slice(&prev);
        bytes.extend_from_slice(&7u64.to_be_bytes());
        let mut field = |b: &[u8]| {
            bytes.extend_from_slice(&(b.len() as u64).to_be_bytes());
            bytes.extend_from_slice(b);
        };
        field(b"01900000-0000-7000-8000-000000000007");
        field(b"2026-11-26T08:00:00.000000Z");
        field(b"kari");
        bytes.push(1);
        bytes.extend_from_slice(&(6u64).to_be_bytes());
        bytes.extend_from_slice(b"scribe");
        bytes.extend_from_slice(&(6u64).to_be_bytes());
        bytes.extend_from_slice(b"laptop");
        bytes.extend_from_slice(&(10u64).to_be_bytes());
        bytes.extend_from_slice(b"note.added");
        bytes.push(0);
        bytes.extend_from_slice(&(12u64).to_be_bytes());
        bytes.extend_from_slice(b"{\"text\":\"x\"}");
        let expected: [u8; 32] = Sha256::digest(&bytes).into();
        let mut h = Sha256::new();
        assert_eq!(
            chain_hash(&mut h, &prev, &input(Some("scribe"), None)),
            expected
        );
        // The hasher is reset: the same input hashes the same again.
        assert_eq!(
            chain_hash(&mut h, &prev, &input(Some("scribe"), None)),
            expected
        );
    }

    #[test]
    fn absent_and_empty_optional_fields_hash_differently() {
        let mut h = Sha256::new();
        let none = chain_hash(&mut h, &GENESIS, &input(None, None));
        let empty = chain_hash(&mut h, &GENESIS, &input(Some(""), None));
        let run = chain_hash(&mut h, &GENESIS, &input(None, Some("")));
        assert_ne!(none, empty);
        assert_ne!(none, run);
        assert_ne!(empty, run);
    }

    #[test]
    fn hashes_print_and_parse_as_hex() {
        let h = [0xabu8; 32];
        assert_eq!(parse_hash(&hex(&h)), Some(h));
        assert_eq!(parse_hash("zz"), None);
        assert_eq!(parse_hash(&"g".repeat(64)), None);
    }
}
