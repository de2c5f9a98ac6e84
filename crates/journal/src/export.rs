//! Export of the journal as JSON and CSV.

use std::io::Write;

use rusqlite::Connection;

use crate::append::for_each_event;
use crate::event::{hex, time_text};
use crate::{Event, JournalError};

/// Writes every event as one JSON array, one event per line.
pub fn export_json(conn: &Connection, out: &mut dyn Write) -> Result<u64, JournalError> {
    let mut n = 0u64;
    out.write_all(b"[")?;
    for_each_event(conn, 0, |e| {
        out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &e)?;
        n += 1;
        Ok(())
    })?;
    out.write_all(b"\n]\n")?;
    Ok(n)
}

/// The CSV columns, in order.
pub const CSV_HEADER: &str = "seq,id,at,actor,role,host,kind,run,payload,prev_hash,hash";

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn csv_row(e: &Event) -> Result<String, JournalError> {
    Ok([
        e.seq.to_string(),
        e.id.to_string(),
        time_text(e.at),
        e.actor.clone(),
        e.role.clone().unwrap_or_default(),
        e.host.clone(),
        e.kind.clone(),
        e.run.map(|r| r.to_string()).unwrap_or_default(),
        serde_json::to_string(&e.payload)?,
        hex(&e.prev_hash),
        hex(&e.hash),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(","))
}

/// Writes every event as CSV (RFC 4180 quoting), with a header line.
pub fn export_csv(conn: &Connection, out: &mut dyn Write) -> Result<u64, JournalError> {
    let mut n = 0u64;
    writeln!(out, "{CSV_HEADER}")?;
    for_each_event(conn, 0, |e| {
        writeln!(out, "{}", csv_row(&e)?)?;
        n += 1;
        Ok(())
    })?;
    Ok(n)
}
