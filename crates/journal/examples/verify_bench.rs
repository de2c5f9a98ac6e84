//! Journal append and verification throughput: builds a journal of N events (default
//! 1,000,000) in a file database, 10,000 appends per transaction, and times `verify` over it.
//! Every event is signed by the device on append and its signature checked by `verify`.
//!
//! `cargo run --release -p vakt-journal --example verify_bench -- 1000000`

use std::time::Instant;

use rusqlite::TransactionBehavior;
use vakt_journal::{Attribution, EventDraft, append_in, ensure_device, verify};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::Database;

/// This process's user + system CPU time, from /proc (Linux), in seconds; 0 elsewhere. The
/// machine is shared, so wall time alone overstates the cost when other jobs run.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is 14th, stime 15th.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse()?);
    let ids = SequentialIds::new();
    let mut db = Database::open(&dir.path().join("bench.sqlite3"), &clock)?;
    ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock)?;
    let run = Some(uuid::Uuid::from_u128(
        0x0190_0000_0000_7000_8000_0000_0000_0001,
    ));
    let build = Instant::now();
    let mut seq = 0u64;
    while seq < n {
        let tx = db
            .connection_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for _ in 0..10_000.min(n - seq) {
            seq += 1;
            let draft = EventDraft {
                by: Attribution {
                    actor: "kari.nordmann".into(),
                    person: None,
                    os_user: "kari".into(),
                    os_uid: Some(1000),
                    host: "laptop-oslo-17".into(),
                    addresses: vec!["192.0.2.17".into(), "2001:db8::17".into()],
                    role: Some("technical-lead".into()),
                },
                kind: "step.completed".into(),
                run,
                payload: serde_json::json!({ "step": "contain", "note": format!("event {seq}: isolated host web-{} in zone dmz", seq % 40) }),
            };
            append_in(&tx, &draft, &clock, &ids)?;
            clock.advance(chrono::Duration::milliseconds(250));
        }
        tx.commit()?;
    }
    let built = build.elapsed().as_secs_f64();
    println!(
        "built {n} events in {built:.1} s = {:.0} appends/s",
        n as f64 / built
    );
    let size = std::fs::metadata(dir.path().join("bench.sqlite3"))?.len();
    println!("database size {:.1} MB", size as f64 / 1e6);
    let start = Instant::now();
    let mut stmt = db.connection().prepare(
        "SELECT seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, hash FROM journal_event ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut bytes = 0usize;
    while let Some(row) = rows.next()? {
        for i in 1..11 {
            bytes += match row.get_ref(i)? {
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t.len(),
                _ => 0,
            };
        }
    }
    drop(rows);
    drop(stmt);
    println!(
        "scan only (no hashing): {:.3} s, {bytes} bytes",
        start.elapsed().as_secs_f64()
    );
    for round in 1..=3 {
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        let v = verify(db.connection(), None)?;
        let secs = start.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_start;
        assert!(v.is_intact() && v.count == n, "{v:?}");
        println!(
            "verify round {round}: {n} events in {secs:.3} s wall = {:.0} events/s; \
             {cpu:.2} s CPU = {:.0} events per CPU-second",
            n as f64 / secs,
            n as f64 / cpu.max(0.01)
        );
    }
    Ok(())
}
