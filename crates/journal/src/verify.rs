//! Checking the chain, and checkpoints against a cut-off tail.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::JournalError;
use crate::event::{GENESIS, HashInput, chain_hash, hex, parse_hash};

/// The state of the journal at one moment: how many events and the last one's hash. Kept
/// outside the database (printed in records), it shows later whether the tail was cut off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Number of events.
    pub count: u64,
    /// Hash of the last event, hex (64 zeros when empty).
    pub head_hash: String,
}

/// The first place the journal is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    /// The sequence number of the first bad event.
    pub seq: u64,
    /// What is wrong there.
    pub reason: String,
}

/// The outcome of verifying the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Events checked.
    pub count: u64,
    /// The hash of the last event, hex.
    pub head_hash: String,
    /// The first break, when there is one.
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

/// Verifies the whole chain: sequence numbers run 1, 2, 3, … without gaps, each event names the
/// previous event's hash, and each stored hash matches the event's fields. Stops at the first
/// break. When `checkpoint` is given, also checks that the journal still holds that many events
/// and that the event at that position still has that hash (a cut-off tail is caught here).
pub fn verify(
    conn: &Connection,
    checkpoint: Option<&Checkpoint>,
) -> Result<Verification, JournalError> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, hash
         FROM journal_event ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut hasher = Sha256::new();
    let mut prev = GENESIS;
    let mut count: u64 = 0;
    let mut at_checkpoint: Option<[u8; 32]> = None;
    let want = checkpoint.map(|c| c.count);
    let mut first_break = None;
    while let Some(row) = rows.next()? {
        let expected = count + 1;
        let seq = row.get_ref(0)?.as_i64().unwrap_or(-1);
        let bad = |reason: String| Break {
            seq: expected,
            reason,
        };
        if seq != expected as i64 {
            first_break = Some(if seq > expected as i64 {
                bad(format!(
                    "event {expected} is missing (the next one stored is {seq})"
                ))
            } else {
                bad(format!(
                    "unexpected sequence number {seq} where {expected} was due"
                ))
            });
            break;
        }
        let fields = (|| {
            Some(HashInput {
                seq: expected,
                id: text(row.get_ref(1).ok()?)?,
                at: text(row.get_ref(2).ok()?)?,
                actor: text(row.get_ref(3).ok()?)?,
                role: optional_text(row.get_ref(4).ok()?).ok()?,
                host: text(row.get_ref(5).ok()?)?,
                kind: text(row.get_ref(6).ok()?)?,
                run: optional_text(row.get_ref(7).ok()?).ok()?,
                payload: text(row.get_ref(8).ok()?)?,
            })
        })();
        let Some(fields) = fields else {
            first_break = Some(bad("a field has the wrong type".into()));
            break;
        };
        let stored_prev = row.get_ref(9)?.as_blob().unwrap_or(&[]);
        let stored = row.get_ref(10)?.as_blob().unwrap_or(&[]);
        if stored_prev != prev {
            first_break = Some(bad(
                "its previous-hash does not match the event before it (an event was removed, inserted or reordered)".into(),
            ));
            break;
        }
        let hash = chain_hash(&mut hasher, &prev, &fields);
        if stored != hash {
            first_break = Some(bad(
                "its content does not match its hash (the event was changed)".into(),
            ));
            break;
        }
        prev = hash;
        count = expected;
        if want == Some(count) {
            at_checkpoint = Some(hash);
        }
    }
    if first_break.is_none()
        && let Some(c) = checkpoint
    {
        first_break = check_point(c, count, at_checkpoint);
    }
    Ok(Verification {
        count,
        head_hash: hex(&prev),
        first_break,
    })
}

fn check_point(c: &Checkpoint, count: u64, at_checkpoint: Option<[u8; 32]>) -> Option<Break> {
    let Some(expected) = parse_hash(&c.head_hash) else {
        return Some(Break {
            seq: c.count,
            reason: format!(
                "the checkpoint's head hash `{}` is not 64 hex digits",
                c.head_hash
            ),
        });
    };
    if c.count == 0 {
        return None;
    }
    if count < c.count {
        return Some(Break {
            seq: count + 1,
            reason: format!(
                "the journal holds {count} events but the checkpoint says {}: the tail was cut off from event {}",
                c.count,
                count + 1
            ),
        });
    }
    match at_checkpoint {
        Some(h) if h == expected => None,
        _ => Some(Break {
            seq: c.count,
            reason: format!(
                "event {} does not have the checkpoint's head hash: the journal was rewritten",
                c.count
            ),
        }),
    }
}
