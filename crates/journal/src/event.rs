//! Events and their domain-separated SHA-256 chain.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vakt_stdx::serialize_hex;

/// The domain-separation prefix of every event hash; a new hashing scheme gets a new prefix.
pub const HASH_DOMAIN: &[u8] = b"vakt/journal/event/v1\0";

/// The `prev_hash` of the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// An action to record; the journal adds sequence number, id, time and hashes.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    /// Who acted.
    pub actor: String,
    /// The role they acted in, if any.
    pub role: Option<String>,
    /// The machine they acted on.
    pub host: String,
    /// What happened, such as `step.completed`.
    pub kind: String,
    /// The run the event belongs to, if any.
    pub run: Option<Uuid>,
    /// The details, as JSON.
    pub payload: serde_json::Value,
}

/// A recorded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Its position: 1, 2, 3, … without gaps.
    pub seq: u64,
    /// Its UUIDv7.
    pub id: Uuid,
    /// When it was recorded (UTC).
    pub at: DateTime<Utc>,
    /// Who acted.
    pub actor: String,
    /// The role they acted in, if any.
    pub role: Option<String>,
    /// The machine they acted on.
    pub host: String,
    /// What happened.
    pub kind: String,
    /// The run it belongs to, if any.
    pub run: Option<Uuid>,
    /// The details.
    pub payload: serde_json::Value,
    /// The hash of the event before, hex.
    #[serde(serialize_with = "serialize_hex")]
    pub prev_hash: [u8; 32],
    /// This event's hash, hex.
    #[serde(serialize_with = "serialize_hex")]
    pub hash: [u8; 32],
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
