//! Sync: push this device's events the server lacks, pull what this laptop lacks, fetch the
//! server's receipts. Each batch is committed on its own, so a sync cut off anywhere (the laptop
//! killed, the server stopped, the network gone) loses nothing and the next one goes on from the
//! per-device high-water marks both sides hold.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use postgres::Client;
use postgres::error::SqlState;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use uuid::Uuid;
use vakt_journal::{
    Attribution, Event, Hlc, ImportError, Receipt, device_events_after, heads, import_event_in,
    register_device, store_receipt, this_device, without_receipt,
};

use crate::{TeamError, server_devices};

/// Events pushed in one server transaction (each costs the server a signature check, ≈ 30 ms:
/// a batch commits within about a second, so a flaky link still makes progress).
pub const PUSH_BATCH: usize = 25;
/// Events pulled in one round (one local transaction).
pub const PULL_BATCH: usize = 1000;

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pushed {
    /// Events the server took.
    pub pushed: u64,
    /// The event the server refused, with its reason (the device's later events wait behind it).
    pub refused: Option<(Uuid, String)>,
}

/// What a pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pulled {
    /// Events newly stored here.
    pub pulled: u64,
    /// Events refused here, each with its reason (that device's later events wait behind it).
    pub refused: Vec<(Uuid, String)>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Synced {
    /// The push.
    pub push: Pushed,
    /// The pull.
    pub pull: Pulled,
    /// Receipts newly stored.
    pub receipts: u64,
    /// Anchors stored for the runs whose phase changed since the last sync
    /// ([`crate::queue_anchor`]).
    pub anchors: Vec<crate::Anchor>,
}

/// Pushes, pulls, stores receipts, then stores the anchors queued (a run's phase changed).
pub fn sync(client: &mut Client, conn: &mut Connection) -> Result<Synced, TeamError> {
    let push = push(client, conn)?;
    let pull = pull(client, conn)?;
    let receipts = receipts(client, conn)?;
    let anchors = crate::anchor::anchor_queued(client, conn)?;
    Ok(Synced {
        push,
        pull,
        receipts,
        anchors,
    })
}

const INSERT: &str = "INSERT INTO vakt_event (id, device, device_seq, prev_hash, hlc_wall, \
    hlc_counter, seen, actor, person, os_user, os_uid, host, addresses, role, kind, run, payload, \
    hash, device_sig, login, server_time, server_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
    $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, session_user, now(), 0) \
    RETURNING login::text, host(address), server_time, server_seq";

fn insert(
    tx: &mut postgres::Transaction<'_>,
    stmt: &postgres::Statement,
    e: &Event,
) -> Result<Option<Receipt>, postgres::Error> {
    let payload = serde_json::to_string(&e.payload).unwrap_or_default();
    let row = tx.query_opt(
        stmt,
        &[
            &e.id,
            &e.device,
            &(e.device_seq as i64),
            &e.prev_hash.as_slice(),
            &e.hlc.wall_micros(),
            &i64::from(e.hlc.counter),
            &e.seen,
            &e.by.actor,
            &e.by.person,
            &e.by.os_user,
            &e.by.os_uid.map(i64::from),
            &e.by.host,
            &e.by.addresses,
            &e.by.role,
            &e.kind,
            &e.run,
            &payload,
            &e.hash.as_slice(),
            &e.device_sig.as_deref().unwrap_or(&[]),
        ],
    )?;
    Ok(row.map(|r| Receipt {
        login: r.get(0),
        address: r.get(1),
        server_time: r.get(2),
        server_seq: r.get(3),
    }))
}

/// Offers one event to the server in its own transaction: its receipt when stored, `None` when
/// the server already held it, `Err(Ok(reason))` when the server refused it (unknown device,
/// broken chain, wrong hash or signature, another login's device), `Err(Err(_))` when the
/// server could not be reached.
pub fn offer(
    client: &mut Client,
    event: &Event,
) -> Result<Option<Receipt>, Result<String, TeamError>> {
    let attempt = (|| {
        let stmt = client.prepare(INSERT)?;
        let mut tx = client.transaction()?;
        let r = insert(&mut tx, &stmt, event)?;
        tx.commit()?;
        Ok(r)
    })();
    attempt.map_err(|e: postgres::Error| match refusal(&e) {
        Some(reason) => Ok(reason),
        None => Err(e.into()),
    })
}

/// Whether a server error refuses the event itself (rather than the connection failing).
fn refusal(e: &postgres::Error) -> Option<String> {
    let db = e.as_db_error()?;
    let code = db.code();
    let ours = code.code().starts_with("VK");
    (ours
        || *code == SqlState::INSUFFICIENT_PRIVILEGE
        || *code == SqlState::UNIQUE_VIOLATION
        || *code == SqlState::CHECK_VIOLATION
        || *code == SqlState::FOREIGN_KEY_VIOLATION)
        .then(|| db.message().to_string())
}

/// Pushes this device's events the server does not hold yet, in chain order, a batch per
/// server transaction, storing each receipt the server returns. Stops at an event the server
/// refuses and names it.
pub fn push(client: &mut Client, conn: &mut Connection) -> Result<Pushed, TeamError> {
    let Some(device) = this_device(conn)? else {
        return Err(vakt_journal::JournalError::NoDevice.into());
    };
    let held: i64 = client
        .query_one(
            "SELECT coalesce(max(device_seq), 0) FROM vakt_event WHERE device = $1",
            &[&device],
        )?
        .get(0);
    let mut after = held.max(0) as u64;
    let mut done = Pushed::default();
    let stmt = client.prepare(INSERT)?;
    loop {
        let batch = device_events_after(conn, device, after, PUSH_BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(done);
        };
        let last = last.device_seq;
        let mut tx = client.transaction()?;
        let mut receipts = Vec::with_capacity(batch.len());
        let mut failed = None;
        for e in &batch {
            match insert(&mut tx, &stmt, e) {
                Ok(r) => receipts.push((e.id, r)),
                Err(err) => {
                    failed = Some((e, err));
                    break;
                }
            }
        }
        if let Some((e, err)) = failed {
            drop(tx);
            let Some(reason) = refusal(&err) else {
                return Err(err.into());
            };
            // Keep what came before the refused event, then stop: the chain waits behind it.
            let mut tx = client.transaction()?;
            let mut kept = Vec::new();
            for before in batch.iter().take_while(|b| b.id != e.id) {
                kept.push((before.id, insert(&mut tx, &stmt, before)?));
            }
            tx.commit()?;
            done.pushed += kept.len() as u64;
            keep_receipts(conn, &kept)?;
            done.refused = Some((e.id, reason));
            return Ok(done);
        }
        tx.commit()?;
        done.pushed += receipts.len() as u64;
        keep_receipts(conn, &receipts)?;
        after = last;
    }
}

fn keep_receipts(
    conn: &mut Connection,
    receipts: &[(Uuid, Option<Receipt>)],
) -> Result<(), TeamError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (id, r) in receipts {
        if let Some(r) = r {
            store_receipt(&tx, *id, r)?;
        }
    }
    tx.commit()?;
    Ok(())
}

const PULL: &str = "SELECT e.id, e.device, e.device_seq, e.prev_hash, e.hlc_wall, e.hlc_counter, \
    e.seen, e.actor, e.person, e.os_user, e.os_uid, e.host, e.addresses, e.role, e.kind, e.run, \
    e.payload, e.hash, e.device_sig, e.login::text, host(e.address), e.server_time, e.server_seq \
    FROM vakt_event e LEFT JOIN unnest($1::uuid[], $2::int8[]) AS h(device, held) \
      ON h.device = e.device \
    WHERE e.device_seq > coalesce(h.held, 0) AND NOT (e.device = ANY($3::uuid[])) \
    ORDER BY e.device, e.device_seq LIMIT $4";

fn event_of(r: &postgres::Row) -> Result<Event, String> {
    let id: Uuid = r.get(0);
    let bytes32 = |v: Vec<u8>, what: &str| {
        <[u8; 32]>::try_from(v.as_slice())
            .map_err(|_| format!("event {id}: {what} is not 32 bytes"))
    };
    let hlc = Hlc::from_micros(
        r.get(4),
        u32::try_from(r.get::<_, i64>(5)).unwrap_or(u32::MAX),
    )
    .ok_or_else(|| format!("event {id}: its clock is out of range"))?;
    let payload: String = r.get(16);
    Ok(Event {
        seq: 0,
        id,
        format: 2,
        device: r.get(1),
        device_seq: u64::try_from(r.get::<_, i64>(2)).unwrap_or(0),
        prev_hash: bytes32(r.get(3), "its previous hash")?,
        hlc,
        at: hlc.wall,
        seen: r.get(6),
        by: Attribution {
            actor: r.get(7),
            person: r.get(8),
            os_user: r.get(9),
            os_uid: r
                .get::<_, Option<i64>>(10)
                .and_then(|u| u32::try_from(u).ok()),
            host: r.get(11),
            addresses: r.get(12),
            role: r.get(13),
        },
        kind: r.get(14),
        run: r.get(15),
        payload: serde_json::from_str(&payload)
            .map_err(|e| format!("event {id}: its payload is not JSON: {e}"))?,
        hash: bytes32(r.get(17), "its hash")?,
        device_sig: Some(r.get(18)),
        receipt: Some(Receipt {
            login: r.get(19),
            address: r.get(20),
            server_time: r.get::<_, DateTime<Utc>>(21),
            server_seq: r.get(22),
        }),
    })
}

/// Pulls every event this laptop lacks (beyond its count of each device), registering the
/// server's approved devices first, and imports each through the journal's own checks with its
/// receipt, a batch per local transaction. An event refused here is named; its device's later
/// events are left on the server.
pub fn pull(client: &mut Client, conn: &mut Connection) -> Result<Pulled, TeamError> {
    let devices = server_devices(client)?;
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for d in devices.iter().filter(|d| d.approved.is_some()) {
            register_device(&tx, &d.device())?;
        }
        tx.commit()?;
    }
    let mut blocked: HashSet<Uuid> = HashSet::new();
    let mut done = Pulled::default();
    let limit = PULL_BATCH as i64;
    loop {
        let held: HashMap<Uuid, u64> = heads(conn)?.into_iter().map(|(d, n, _)| (d, n)).collect();
        let (ids, counts): (Vec<Uuid>, Vec<i64>) =
            held.iter().map(|(d, n)| (*d, *n as i64)).unzip();
        let blocked_list: Vec<Uuid> = blocked.iter().copied().collect();
        let rows = client.query(PULL, &[&ids, &counts, &blocked_list, &limit])?;
        if rows.is_empty() {
            return Ok(done);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for row in &rows {
            let device: Uuid = row.get(1);
            if blocked.contains(&device) {
                continue;
            }
            let event = match event_of(row) {
                Ok(e) => e,
                Err(reason) => {
                    done.refused.push((row.get(0), reason));
                    blocked.insert(device);
                    continue;
                }
            };
            match import_event_in(&tx, &event) {
                Ok(Some(_)) => done.pulled += 1,
                Ok(None) => {
                    if let Some(r) = &event.receipt {
                        store_receipt(&tx, event.id, r)?;
                    }
                }
                Err(ImportError::Journal(e)) => return Err(e.into()),
                Err(refused) => {
                    done.refused.push((event.id, refused.to_string()));
                    blocked.insert(device);
                }
            }
        }
        tx.commit()?;
    }
}

/// Fetches the server's receipts for events held here without one (of any device), and stores
/// them; returns how many were new.
pub fn receipts(client: &mut Client, conn: &mut Connection) -> Result<u64, TeamError> {
    let mut stored = 0u64;
    let mut asked: HashSet<Uuid> = HashSet::new();
    loop {
        let ids: Vec<Uuid> = without_receipt(conn, None, usize::MAX)?
            .into_iter()
            .filter(|id| !asked.contains(id))
            .take(PULL_BATCH)
            .collect();
        if ids.is_empty() {
            return Ok(stored);
        }
        asked.extend(ids.iter().copied());
        let rows = client.query(
            "SELECT id, login::text, host(address), server_time, server_seq FROM vakt_event \
             WHERE id = ANY($1)",
            &[&ids],
        )?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for r in &rows {
            let receipt = Receipt {
                login: r.get(1),
                address: r.get(2),
                server_time: r.get(3),
                server_seq: r.get(4),
            };
            if store_receipt(&tx, r.get(0), &receipt)? {
                stored += 1;
            }
        }
        tx.commit()?;
    }
}

/// Waits up to `timeout` for the server to announce new events (`LISTEN vakt_event`, sent by
/// the insert trigger at each commit), then gives every announcement waiting: device and chain
/// position. Empty when nothing came. A background sync calls this between syncs so another
/// laptop's action arrives without polling.
pub fn wait_for_events(
    client: &mut Client,
    timeout: std::time::Duration,
) -> Result<Vec<(Uuid, u64)>, TeamError> {
    client.batch_execute("LISTEN vakt_event")?;
    let mut out = Vec::new();
    let mut notifications = client.notifications();
    let mut parse = |payload: &str| {
        let mut parts = payload.split(' ');
        if let (Some(Ok(device)), Some(Ok(seq))) = (
            parts.next().map(Uuid::parse_str),
            parts.next().map(str::parse::<u64>),
        ) {
            out.push((device, seq));
        }
    };
    use postgres::fallible_iterator::FallibleIterator;
    let first = notifications.timeout_iter(timeout).next()?;
    if let Some(n) = first {
        parse(n.payload());
        let mut rest = notifications.iter();
        while let Some(n) = rest.next()? {
            parse(n.payload());
        }
    }
    Ok(out)
}
