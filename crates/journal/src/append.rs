//! Appending events and reading them back.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use sha2::{Digest, Sha256};
use uuid::Uuid;
use vakt_sources::{Clock, IdSource};

use crate::device::{own_key, sign};
use crate::event::{
    Attribution, GENESIS, HashInputV2, Hlc, MIGRATED, Receipt, chain_hash_v2, hex, time_text,
};
use crate::{Event, EventDraft, JournalError};

/// The columns [`from_row`] reads, in order; select them `FROM` [`EVENTS`].
pub(crate) const COLUMNS: &str = "seq, id, at, actor, role, host, kind, run_id, payload, \
     prev_hash, hash, format, device, device_seq, hlc_wall, hlc_counter, seen, person, os_user, \
     os_uid, addresses, device_sig, login, address, server_time, server_seq";

/// The events with their receipts beside them.
pub(crate) const EVENTS: &str =
    "journal_event LEFT JOIN journal_receipt ON journal_receipt.event_id = journal_event.id";

/// The order in which a run's state is replayed.
pub(crate) const REPLAY_ORDER: &str = "hlc_wall, hlc_counter, device, device_seq";

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
/// read here is still the head at commit). The event goes on this device's chain, signed with
/// its key ([`ensure_device`](crate::ensure_device) must have run), with a clock past every
/// stored event's and, for a run, the latest event of every device in that run as `seen`. On a
/// first-version journal the first call writes a `journal.migrated` event before it.
pub fn append_in(
    tx: &Transaction<'_>,
    draft: &EventDraft,
    clock: &dyn Clock,
    ids: &dyn IdSource,
) -> Result<Event, JournalError> {
    let (device, key) = own_key(tx)?;
    let device_text = device.to_string();
    let head: Option<(u64, Vec<u8>, u8)> = tx
        .prepare_cached(
            "SELECT device_seq, hash, format FROM journal_event WHERE device = ?1 \
             ORDER BY device_seq DESC LIMIT 1",
        )?
        .query_row([&device_text], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (device_seq, prev) = match head {
        Some((n, hash, format)) => {
            let hash = <[u8; 32]>::try_from(hash.as_slice())
                .map_err(|_| corrupt(n, "stored hash is not 32 bytes"))?;
            if format == 1 {
                let migrated = EventDraft {
                    by: draft.by.clone(),
                    kind: MIGRATED.to_string(),
                    run: None,
                    payload: serde_json::json!({ "v1_count": n, "v1_head": hex(&hash) }),
                };
                let e = write(tx, &migrated, clock, ids, &key, device, (n + 1, hash))?;
                (e.device_seq, e.hash)
            } else {
                (n, hash)
            }
        }
        None => (0, GENESIS),
    };
    write(tx, draft, clock, ids, &key, device, (device_seq + 1, prev))
}

fn write(
    tx: &Transaction<'_>,
    draft: &EventDraft,
    clock: &dyn Clock,
    ids: &dyn IdSource,
    key: &p256::ecdsa::SigningKey,
    device: Uuid,
    (device_seq, prev): (u64, [u8; 32]),
) -> Result<Event, JournalError> {
    let latest: Option<(i64, u32)> = tx
        .prepare_cached(&format!(
            "SELECT hlc_wall, hlc_counter FROM journal_event ORDER BY {REPLAY_ORDER} DESC LIMIT 1"
        ))?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let now = clock.now();
    let hlc = match latest.and_then(|(wall, counter)| Hlc::from_micros(wall, counter)) {
        Some(latest) => latest.next(now),
        None => Hlc::from_micros(now.timestamp_micros(), 0).unwrap_or(Hlc {
            wall: now,
            counter: 0,
        }),
    };
    let seen = match draft.run {
        Some(run) => seen(tx, run)?,
        None => Vec::new(),
    };
    let seq: u64 = tx
        .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM journal_event")?
        .query_row([], |r| r.get(0))?;
    let event = Event {
        seq,
        id: ids.next_id(hlc.wall),
        format: 2,
        device,
        device_seq,
        prev_hash: prev,
        hlc,
        at: hlc.wall,
        seen,
        by: draft.by.clone(),
        kind: draft.kind.clone(),
        run: draft.run,
        payload: draft.payload.clone(),
        hash: [0; 32],
        device_sig: None,
        receipt: None,
    };
    let payload = serde_json::to_string(&event.payload)?;
    let hash = v2_hash(&event, &payload);
    let event = Event {
        hash,
        device_sig: Some(sign(key, &hash)),
        ..event
    };
    insert(tx, &event, &payload)?;
    Ok(event)
}

/// The latest event of every device in `run`, by device.
fn seen(conn: &Connection, run: Uuid) -> Result<Vec<Uuid>, JournalError> {
    let devices: Vec<String> = conn
        .prepare_cached("SELECT id FROM journal_device ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut latest = conn.prepare_cached(
        "SELECT id FROM journal_event WHERE run_id = ?1 AND device = ?2 \
         ORDER BY device_seq DESC LIMIT 1",
    )?;
    let run = run.to_string();
    let mut out = Vec::new();
    for device in devices {
        let id: Option<String> = latest
            .query_row(params![run, device], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            out.push(Uuid::parse_str(&id).map_err(|_| corrupt(0, "bad UUID"))?);
        }
    }
    Ok(out)
}

/// The second-version hash of `e` (its stored `hash` is not read), with its payload text.
pub(crate) fn v2_hash(e: &Event, payload: &str) -> [u8; 32] {
    let seen: Vec<String> = e.seen.iter().map(Uuid::to_string).collect();
    let run = e.run.map(|r| r.to_string());
    chain_hash_v2(
        &mut Sha256::new(),
        &e.prev_hash,
        &HashInputV2 {
            device: &e.device.to_string(),
            device_seq: e.device_seq,
            id: &e.id.to_string(),
            hlc_wall: e.hlc.wall_micros(),
            hlc_counter: e.hlc.counter,
            seen: &seen,
            actor: &e.by.actor,
            person: e.by.person.as_deref(),
            os_user: &e.by.os_user,
            os_uid: e.by.os_uid,
            host: &e.by.host,
            addresses: &e.by.addresses,
            role: e.by.role.as_deref(),
            kind: &e.kind,
            run: run.as_deref(),
            payload,
        },
    )
}

/// Stores a second-version event (its `seq` is the local position) and its receipt, if any.
pub(crate) fn insert(tx: &Connection, e: &Event, payload: &str) -> Result<(), JournalError> {
    tx.prepare_cached(
        "INSERT INTO journal_event (seq, id, at, actor, role, host, kind, run_id, payload, \
         prev_hash, hash, format, device, device_seq, hlc_wall, hlc_counter, seen, person, \
         os_user, os_uid, addresses, device_sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, \
         ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        e.seq,
        e.id.to_string(),
        time_text(e.at),
        e.by.actor,
        e.by.role,
        e.by.host,
        e.kind,
        e.run.map(|r| r.to_string()),
        payload,
        e.prev_hash.as_slice(),
        e.hash.as_slice(),
        e.format,
        e.device.to_string(),
        e.device_seq,
        e.hlc.wall_micros(),
        e.hlc.counter,
        serde_json::to_string(&e.seen)?,
        e.by.person,
        e.by.os_user,
        e.by.os_uid,
        serde_json::to_string(&e.by.addresses)?,
        e.device_sig,
    ])?;
    if let Some(r) = &e.receipt {
        tx.prepare_cached(
            "INSERT INTO journal_receipt (event_id, login, address, server_time, server_seq) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            e.id.to_string(),
            r.login,
            r.address,
            time_text(r.server_time),
            r.server_seq
        ])?;
    }
    Ok(())
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
    let json = |text: String, what: &str| -> Result<Vec<String>, JournalError> {
        serde_json::from_str(&text).map_err(|_| corrupt(seq, what))
    };
    let at: String = r.get(2)?;
    let at = at.parse().map_err(|_| corrupt(seq, "bad time"))?;
    let hlc = Hlc::from_micros(r.get(14)?, r.get(15)?).ok_or_else(|| corrupt(seq, "bad clock"))?;
    let receipt = match r.get::<_, Option<String>>(22)? {
        Some(login) => {
            let time: String = r.get(24)?;
            Some(Receipt {
                login,
                address: r.get(23)?,
                server_time: time.parse().map_err(|_| corrupt(seq, "bad receipt time"))?,
                server_seq: r.get(25)?,
            })
        }
        None => None,
    };
    Ok(Event {
        seq,
        id: uuid(r.get(1)?)?,
        format: r.get(11)?,
        device: r
            .get::<_, Option<String>>(12)?
            .map(uuid)
            .transpose()?
            .unwrap_or(Uuid::nil()),
        device_seq: r.get(13)?,
        prev_hash: hash(r.get(9)?)?,
        hlc,
        at,
        seen: json(r.get(16)?, "seen is not a JSON list")?
            .into_iter()
            .map(uuid)
            .collect::<Result<_, _>>()?,
        by: Attribution {
            actor: r.get(3)?,
            person: r.get(17)?,
            os_user: r.get(18)?,
            os_uid: r.get(19)?,
            host: r.get(5)?,
            addresses: json(r.get(20)?, "addresses are not a JSON list")?,
            role: r.get(4)?,
        },
        kind: r.get(6)?,
        run: r.get::<_, Option<String>>(7)?.map(uuid).transpose()?,
        payload: serde_json::from_str(&r.get::<_, String>(8)?)
            .map_err(|_| corrupt(seq, "payload is not JSON"))?,
        hash: hash(r.get(10)?)?,
        device_sig: r.get(21)?,
        receipt,
    })
}

/// Every event of run `run`, in replay order: clock wall time, clock counter, device, device
/// position. Every copy holding the same events gives the same order.
pub fn run_events(conn: &Connection, run: Uuid) -> Result<Vec<Event>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {EVENTS} WHERE run_id = ?1 ORDER BY {REPLAY_ORDER}"
    ))?;
    let mut rows = stmt.query([run.to_string()])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}

/// Calls `each` for every event in local order, from `after` (exclusive).
pub fn for_each_event(
    conn: &Connection,
    after: u64,
    mut each: impl FnMut(Event) -> Result<(), JournalError>,
) -> Result<(), JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {EVENTS} WHERE seq > ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([after])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

/// The events of kind `kind`, in replay order (for listing runs).
pub fn events_of_kind(conn: &Connection, kind: &str) -> Result<Vec<Event>, JournalError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {EVENTS} WHERE kind = ?1 ORDER BY {REPLAY_ORDER}"
    ))?;
    let mut rows = stmt.query([kind])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}
