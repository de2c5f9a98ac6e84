//! Pages of events for browsing: filtered, newest first, paged by sequence number in SQL, so the
//! cost follows the page and not the journal's length.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use rusqlite::types::Value;
use uuid::Uuid;

use crate::append::{COLUMNS, EVENTS, from_row};
use crate::event::time_text;
use crate::{Event, JournalError};

/// The kind of the event that starts a run (its payload has the run's `title`).
const RUN_STARTED: &str = "run.started";

/// Which events a page holds; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Events of this run (its id as text).
    pub run: Option<String>,
    /// By this actor.
    pub actor: Option<String>,
    /// Of this kind.
    pub kind: Option<String>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// At or before.
    pub to: Option<DateTime<Utc>>,
    /// Only events with a smaller sequence number (the next page back).
    pub before: Option<u64>,
    /// The most events a page holds.
    pub limit: usize,
}

/// What the filters of a journal view can offer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// Every event.
    pub total: u64,
    /// The runs, in the order they were started: id and title.
    pub runs: Vec<(Uuid, String)>,
    /// Every actor, sorted.
    pub actors: Vec<String>,
    /// Every kind, sorted.
    pub kinds: Vec<String>,
}

/// The newest events matching `q` (at most `q.limit`, returned oldest first) and how many match
/// in all (ignoring `before`).
pub fn query(conn: &Connection, q: &EventQuery) -> Result<(Vec<Event>, u64), JournalError> {
    let mut clauses = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |clause: &str, value: Value| {
        values.push(value);
        clauses.push(clause.replace('?', &format!("?{}", values.len())));
    };
    if let Some(r) = &q.run {
        bind("run_id = ?", Value::Text(r.clone()));
    }
    if let Some(a) = &q.actor {
        bind("actor = ?", Value::Text(a.clone()));
    }
    if let Some(k) = &q.kind {
        bind("kind = ?", Value::Text(k.clone()));
    }
    // Stored times are fixed-width RFC 3339 UTC text: they compare as text.
    if let Some(f) = q.from {
        bind("at >= ?", Value::Text(time_text(f)));
    }
    if let Some(t) = q.to {
        bind("at <= ?", Value::Text(time_text(t)));
    }
    let filter = if clauses.is_empty() {
        String::from("1")
    } else {
        clauses.join(" AND ")
    };
    let matching: u64 = conn.query_row(
        &format!("SELECT count(*) FROM journal_event WHERE {filter}"),
        rusqlite::params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let mut page_filter = filter;
    if let Some(b) = q.before {
        values.push(Value::Integer(i64::try_from(b).unwrap_or(i64::MAX)));
        page_filter.push_str(&format!(" AND seq < ?{}", values.len()));
    }
    values.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
    let sql = format!(
        "SELECT {COLUMNS} FROM {EVENTS} WHERE {page_filter} ORDER BY seq DESC LIMIT ?{}",
        values.len()
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
    let mut events = Vec::new();
    while let Some(row) = rows.next()? {
        events.push(from_row(row)?);
    }
    events.reverse();
    Ok((events, matching))
}

/// The total count, the runs, the actors and the kinds of the whole journal.
pub fn choices(conn: &Connection) -> Result<Choices, JournalError> {
    let total: u64 = conn.query_row("SELECT count(*) FROM journal_event", [], |r| r.get(0))?;
    let strings = |sql: &str| -> Result<Vec<String>, JournalError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    let actors = strings("SELECT DISTINCT actor FROM journal_event ORDER BY actor")?;
    let kinds = strings("SELECT DISTINCT kind FROM journal_event ORDER BY kind")?;
    let mut stmt = conn.prepare(
        "SELECT run_id, json_extract(payload, '$.title') FROM journal_event \
         WHERE kind = ?1 AND run_id IS NOT NULL ORDER BY seq",
    )?;
    let mut rows = stmt.query([RUN_STARTED])?;
    let mut runs = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let title: Option<String> = row.get(1)?;
        if let Ok(id) = Uuid::parse_str(&id) {
            runs.push((id, title.unwrap_or_default()));
        }
    }
    Ok(Choices {
        total,
        runs,
        actors,
        kinds,
    })
}
