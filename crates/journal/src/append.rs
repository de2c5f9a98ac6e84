//! Appending events and reading them back.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vakt_sources::{Clock, IdSource};

use crate::event::{GENESIS, HashInput, chain_hash, time_text};
use crate::{Event, EventDraft, JournalError};

pub(crate) const COLUMNS: &str =
    "seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, hash";

/// Appends one event in its own transaction. When this returns `Ok`, the event is committed
/// durably (the database runs WAL with `synchronous=FULL`).
pub fn append(
    conn: &mut Connection,
    draft: &EventDraft,
    clock: &dyn Clock,
    ids: &dyn IdSource,
) -> Result<Event, JournalError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let event = append_in(&tx, draft, clock, ids)?;
    tx.commit()?;
    Ok(event)
}

/// Appends one event inside a transaction the caller commits (begin it IMMEDIATE, so the head
/// read here is still the head at commit).
pub fn append_in(
    tx: &Transaction<'_>,
    draft: &EventDraft,
    clock: &dyn Clock,
    ids: &dyn IdSource,
) -> Result<Event, JournalError> {
    let head: Option<(u64, Vec<u8>)> = tx
        .prepare_cached("SELECT seq, hash FROM journal_event ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match head {
        Some((seq, hash)) => (
            seq + 1,
            <[u8; 32]>::try_from(hash.as_slice()).map_err(|_| JournalError::Corrupt {
                seq,
                reason: "stored hash is not 32 bytes".into(),
            })?,
        ),
        None => (1, GENESIS),
    };
    let at = clock.now();
    let id = ids.next_id(at);
    let id_text = id.to_string();
    let at_text = time_text(at);
    let run_text = draft.run.map(|r| r.to_string());
    let payload = serde_json::to_string(&draft.payload)?;
    let hash = chain_hash(
        &mut Sha256::new(),
        &prev,
        &HashInput {
            seq,
            id: &id_text,
            at: &at_text,
            actor: &draft.actor,
            role: draft.role.as_deref(),
            host: &draft.host,
            kind: &draft.kind,
            run: run_text.as_deref(),
            payload: &payload,
        },
    );
    tx.prepare_cached(&format!(
        "INSERT INTO journal_event ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    ))?
    .execute(params![
        seq,
        id_text,
        at_text,
        draft.actor,
        draft.role,
        draft.host,
        draft.kind,
        run_text,
        payload,
        prev.as_slice(),
        hash.as_slice()
    ])?;
    Ok(Event {
        seq,
        id,
        at,
        actor: draft.actor.clone(),
        role: draft.role.clone(),
        host: draft.host.clone(),
        kind: draft.kind.clone(),
        run: draft.run,
        payload: draft.payload.clone(),
        prev_hash: prev,
        hash,
    })
}

fn corrupt(seq: u64, what: &str) -> JournalError {
    JournalError::Corrupt {
        seq,
        reason: what.to_string(),
    }
}

pub(crate) fn from_row(r: &Row<'_>) -> Result<Event, JournalError> {
    let seq: u64 = r.get(0)?;
    let uuid = |text: String| Uuid::parse_str(&text).map_err(|_| corrupt(seq, "bad UUID"));
    let hash = |bytes: Vec<u8>| {
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| corrupt(seq, "bad hash"))
    };
    let at: String = r.get(2)?;
    Ok(Event {
        seq,
        id: uuid(r.get(1)?)?,
        at: at.parse().map_err(|_| corrupt(seq, "bad time"))?,
        actor: r.get(3)?,
        role: r.get(4)?,
        host: r.get(5)?,
        kind: r.get(6)?,
        run: r.get::<_, Option<String>>(7)?.map(uuid).transpose()?,
        payload: serde_json::from_str(&r.get::<_, String>(8)?)
            .map_err(|_| corrupt(seq, "payload is not JSON"))?,
        prev_hash: hash(r.get(9)?)?,
        hash: hash(r.get(10)?)?,
    })
}

/// Every event of run `run`, in order.
pub fn run_events(conn: &Connection, run: Uuid) -> Result<Vec<Event>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal_event WHERE run_id = ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([run.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}

/// Calls `each` for every event in order, from `after` (exclusive).
pub fn for_each_event(
    conn: &Connection,
    after: u64,
    mut each: impl FnMut(Event) -> Result<(), JournalError>,
) -> Result<(), JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal_event WHERE seq > ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([after])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

/// The events of kind `kind`, in order (for listing runs).
pub fn events_of_kind(conn: &Connection, kind: &str) -> Result<Vec<Event>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal_event WHERE kind = ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([kind])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}
