//! Export of the journal as JSON and CSV.

use std::io::Write;

use rusqlite::Connection;

use crate::append::for_each_event;
use crate::event::{hex, time_text};
use crate::{Event, JournalError};

/// Writes every event as one JSON array, one event per line, in local order.
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
/// The columns of the first version come first, in their old order; lists (`seen`,
/// `addresses`) are space-separated; the `receipt_*` columns are empty until a server receipt.
pub const CSV_HEADER: &str = "seq,id,at,actor,role,host,kind,run,payload,prev_hash,hash,\
format,device,device_seq,hlc_wall,hlc_counter,seen,person,os_user,os_uid,addresses,device_sig,\
receipt_login,receipt_address,receipt_time,receipt_seq";

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn csv_row(e: &Event) -> Result<String, JournalError> {
    let receipt = e.receipt.as_ref();
    Ok([
        e.seq.to_string(),
        e.id.to_string(),
        time_text(e.at),
        e.by.actor.clone(),
        e.by.role.clone().unwrap_or_default(),
        e.by.host.clone(),
        e.kind.clone(),
        e.run.map(|r| r.to_string()).unwrap_or_default(),
        serde_json::to_string(&e.payload)?,
        hex(&e.prev_hash),
        hex(&e.hash),
        e.format.to_string(),
        e.device.to_string(),
        e.device_seq.to_string(),
        time_text(e.hlc.wall),
        e.hlc.counter.to_string(),
        e.seen
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        e.by.person.clone().unwrap_or_default(),
        e.by.os_user.clone(),
        e.by.os_uid.map(|u| u.to_string()).unwrap_or_default(),
        e.by.addresses.join(" "),
        e.device_sig.as_deref().map(hex).unwrap_or_default(),
        receipt.map(|r| r.login.clone()).unwrap_or_default(),
        receipt.and_then(|r| r.address.clone()).unwrap_or_default(),
        receipt
            .map(|r| time_text(r.server_time))
            .unwrap_or_default(),
        receipt
            .map(|r| r.server_seq.to_string())
            .unwrap_or_default(),
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
