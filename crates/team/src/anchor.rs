//! Anchored checkpoints: every device chain's count and head as the server holds them at a
//! moment (a phase change, or on demand), stored on the server by the server; and the comparison
//! of this laptop's journal with what the server holds.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use postgres::Client;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vakt_journal::{DeviceHead, event::hex, heads};

use crate::TeamError;

/// An anchor as the server stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Its number on the server.
    pub seq: i64,
    /// Why it was taken ("phase change", "on demand", …).
    pub reason: String,
    /// The run it was taken for, if any.
    pub run: Option<Uuid>,
    /// The heads as the server held them.
    pub heads: Vec<DeviceHead>,
    /// The heads the laptop that asked for it held.
    pub claimed: Vec<DeviceHead>,
    /// The login that asked.
    pub login: String,
    /// The server's time.
    pub server_time: DateTime<Utc>,
}

fn local_heads(conn: &Connection) -> Result<Vec<DeviceHead>, TeamError> {
    Ok(heads(conn)?
        .into_iter()
        .map(|(device, count, head)| DeviceHead {
            device,
            count,
            head: hex(&head),
        })
        .collect())
}

fn parse_heads(value: serde_json::Value) -> Result<Vec<DeviceHead>, TeamError> {
    serde_json::from_value(value)
        .map_err(|e| TeamError::Refused(format!("the server's anchor cannot be read: {e}")))
}

/// Stores an anchor on the server: the server's own heads, with this laptop's beside.
pub fn anchor(
    client: &mut Client,
    conn: &Connection,
    reason: &str,
    run: Option<Uuid>,
) -> Result<Anchor, TeamError> {
    let claimed =
        serde_json::to_value(local_heads(conn)?).map_err(|e| TeamError::Refused(e.to_string()))?;
    let row = client.query_one(
        "INSERT INTO vakt_anchor (reason, run, claimed, heads, login, server_time) \
         VALUES ($1, $2, $3, '[]', session_user, now()) \
         RETURNING anchor_seq, reason, run, heads, claimed, login::text, server_time",
        &[&reason, &run, &claimed],
    )?;
    anchor_of(&row)
}

fn anchor_of(row: &postgres::Row) -> Result<Anchor, TeamError> {
    Ok(Anchor {
        seq: row.get(0),
        reason: row.get(1),
        run: row.get(2),
        heads: parse_heads(row.get(3))?,
        claimed: parse_heads(row.get(4))?,
        login: row.get(5),
        server_time: row.get(6),
    })
}

/// Every anchor on the server, oldest first.
pub fn anchors(client: &mut Client) -> Result<Vec<Anchor>, TeamError> {
    client
        .query(
            "SELECT anchor_seq, reason, run, heads, claimed, login::text, server_time \
             FROM vakt_anchor ORDER BY anchor_seq",
            &[],
        )?
        .iter()
        .map(anchor_of)
        .collect()
}

/// One device chain on this laptop compared with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceComparison {
    /// The device.
    pub device: Uuid,
    /// Events held here.
    pub here: u64,
    /// Events the server holds.
    pub server: u64,
    /// Whether the events both hold are the same (same hash at the shorter chain's end).
    pub agree: bool,
}

/// This laptop's journal compared with the team server's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Every device either side holds.
    pub devices: Vec<DeviceComparison>,
    /// Anchors whose heads this laptop holds with other hashes (the journal was rewritten or
    /// forked after the server saw it), by anchor number.
    pub contradicted_anchors: Vec<i64>,
    /// Anchors this laptop does not reach yet (it lacks events they name).
    pub unreached_anchors: Vec<i64>,
}

impl Comparison {
    /// Whether nothing disagrees: every shared event and every reached anchor matches.
    pub fn agrees(&self) -> bool {
        self.devices.iter().all(|d| d.agree) && self.contradicted_anchors.is_empty()
    }
}

/// Compares this laptop's device chains with the server's: for each device, the hash at the
/// shorter chain's last position must be the same on both sides (the chains then agree up to
/// there); and every anchor's heads must be held here with the same hashes.
pub fn compare(client: &mut Client, conn: &Connection) -> Result<Comparison, TeamError> {
    let here: HashMap<Uuid, u64> = heads(conn)?.into_iter().map(|(d, n, _)| (d, n)).collect();
    let server: HashMap<Uuid, u64> = client
        .query(
            "SELECT device, max(device_seq) FROM vakt_event GROUP BY device",
            &[],
        )?
        .iter()
        .map(|r| (r.get(0), r.get::<_, i64>(1).max(0) as u64))
        .collect();
    let mut all: Vec<Uuid> = here.keys().chain(server.keys()).copied().collect();
    all.sort();
    all.dedup();
    let mut devices = Vec::new();
    for device in all {
        let (h, s) = (
            here.get(&device).copied().unwrap_or(0),
            server.get(&device).copied().unwrap_or(0),
        );
        let at = h.min(s);
        let agree = at == 0 || local_hash(conn, device, at)? == server_hash(client, device, at)?;
        devices.push(DeviceComparison {
            device,
            here: h,
            server: s,
            agree,
        });
    }
    let mut contradicted = Vec::new();
    let mut unreached = Vec::new();
    for a in anchors(client)? {
        let mut reached = true;
        for head in &a.heads {
            match local_hash(conn, head.device, head.count)? {
                Some(h) if hex(&h) == head.head => {}
                Some(_) => {
                    contradicted.push(a.seq);
                    reached = true;
                    break;
                }
                None => reached = false,
            }
        }
        if !reached && !contradicted.contains(&a.seq) {
            unreached.push(a.seq);
        }
    }
    Ok(Comparison {
        devices,
        contradicted_anchors: contradicted,
        unreached_anchors: unreached,
    })
}

fn local_hash(conn: &Connection, device: Uuid, n: u64) -> Result<Option<[u8; 32]>, TeamError> {
    use rusqlite::OptionalExtension;
    let hash: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM journal_event WHERE device = ?1 AND device_seq = ?2")?
        .query_row(rusqlite::params![device.to_string(), n], |r| r.get(0))
        .optional()?;
    Ok(hash.and_then(|h| <[u8; 32]>::try_from(h.as_slice()).ok()))
}

fn server_hash(client: &mut Client, device: Uuid, n: u64) -> Result<Option<[u8; 32]>, TeamError> {
    let row = client.query_opt(
        "SELECT hash FROM vakt_event WHERE device = $1 AND device_seq = $2",
        &[&device, &(n as i64)],
    )?;
    Ok(row.and_then(|r| <[u8; 32]>::try_from(r.get::<_, Vec<u8>>(0).as_slice()).ok()))
}

/// Local setting key prefix (the data directory's `setting` table): an anchor to store at the
/// next sync, one per run (`team.pending_anchor.<run id>`, the value its reason). The run engine's
/// host queues one when a run's phase changes; [`crate::sync`] stores them and removes them.
pub const PENDING_ANCHOR: &str = "team.pending_anchor.";

/// Local setting: the last anchor this laptop stored and whether its journal matched the
/// server then ([`AnchorCheck`] as JSON). The record prints it; it needs no network.
pub const LAST_ANCHOR: &str = "team.last_anchor";

/// The last anchor this laptop stored, and what the comparison with the server said right after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnchorCheck {
    /// The anchor's number on the server.
    pub seq: i64,
    /// Why it was taken.
    pub reason: String,
    /// The run it was taken for, if any.
    pub run: Option<Uuid>,
    /// The server's time of the anchor.
    pub server_time: DateTime<Utc>,
    /// The login that stored it.
    pub login: String,
    /// How many device chains the server held then.
    pub chains: u64,
    /// Whether this laptop's journal matched the server's: every event both hold is the same
    /// and no anchor is contradicted.
    pub matched: bool,
    /// Devices whose chains differ from the server's.
    pub differing: Vec<Uuid>,
    /// Anchors this laptop contradicts.
    pub contradicted_anchors: Vec<i64>,
}

/// Queues an anchor for the next sync: `reason` for `run` (replacing a queued one of that run;
/// one anchor at the next sync holds the newest state anyway).
pub fn queue_anchor(
    conn: &Connection,
    run: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), TeamError> {
    conn.execute(
        "INSERT INTO setting (key, value, changed_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
        rusqlite::params![format!("{PENDING_ANCHOR}{run}"), reason, now.to_rfc3339()],
    )?;
    Ok(())
}

/// The anchors queued for the next sync: (run, reason).
pub fn queued_anchors(conn: &Connection) -> Result<Vec<(Uuid, String)>, TeamError> {
    let mut stmt = conn.prepare("SELECT key, value FROM setting WHERE key LIKE ?1 ORDER BY key")?;
    let rows = stmt.query_map([format!("{PENDING_ANCHOR}%")], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (key, reason) = row?;
        if let Ok(run) = Uuid::parse_str(&key[PENDING_ANCHOR.len()..]) {
            out.push((run, reason));
        }
    }
    Ok(out)
}

/// Stores the queued anchors on the server, each then removed from the queue (unless queued
/// again meanwhile); after the last, compares this laptop with the server and keeps the
/// outcome ([`LAST_ANCHOR`]). The anchors stored, oldest first.
pub fn anchor_queued(client: &mut Client, conn: &Connection) -> Result<Vec<Anchor>, TeamError> {
    let mut stored = Vec::new();
    for (run, reason) in queued_anchors(conn)? {
        let a = anchor(client, conn, &reason, Some(run))?;
        conn.execute(
            "DELETE FROM setting WHERE key = ?1 AND value = ?2",
            rusqlite::params![format!("{PENDING_ANCHOR}{run}"), reason],
        )?;
        stored.push(a);
    }
    if let Some(last) = stored.last() {
        check_anchor(client, conn, last)?;
    }
    Ok(stored)
}

/// Compares this laptop with the server right after anchor `a` and keeps the outcome
/// ([`LAST_ANCHOR`], written at the anchor's server time).
pub fn check_anchor(
    client: &mut Client,
    conn: &Connection,
    a: &Anchor,
) -> Result<AnchorCheck, TeamError> {
    let c = compare(client, conn)?;
    let check = AnchorCheck {
        seq: a.seq,
        reason: a.reason.clone(),
        run: a.run,
        server_time: a.server_time,
        login: a.login.clone(),
        chains: a.heads.len() as u64,
        matched: c.agrees(),
        differing: c
            .devices
            .iter()
            .filter(|d| !d.agree)
            .map(|d| d.device)
            .collect(),
        contradicted_anchors: c.contradicted_anchors.clone(),
    };
    let json = serde_json::to_string(&check).map_err(|e| TeamError::Refused(e.to_string()))?;
    conn.execute(
        "INSERT INTO setting (key, value, changed_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
        rusqlite::params![LAST_ANCHOR, json, a.server_time.to_rfc3339()],
    )?;
    Ok(check)
}

/// The last anchor this laptop stored and its comparison, without the network.
pub fn last_anchor_check(conn: &Connection) -> Result<Option<AnchorCheck>, TeamError> {
    use rusqlite::OptionalExtension;
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [LAST_ANCHOR],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| TeamError::Refused(format!("{LAST_ANCHOR} cannot be read: {e}")))
    })
    .transpose()
}
