//! Figures for docs/team.md, on a real PostgreSQL started here (like the tests):
//! `cargo run --release -p vakt-team --example team_figures [EVENTS] [MERGE_PER_DEVICE]`.
//!
//! 1. the server's P-256 check alone (PL/pgSQL over numeric), per signature: double-and-add
//!    (0001), 4-bit tables as arrays (0003), 8-bit tables as rows (0004, what the server uses);
//! 2. push of EVENTS events from one laptop (server inserts with receipts, chain, hash and
//!    signature checks), then pull of them on a second laptop (local checks, receipts);
//! 3. 10 devices × MERGE_PER_DEVICE events merged on one laptop from bundle files, then the
//!    whole journal verified.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a measuring program: a panic is a failed measurement with its message"
)]

#[path = "../tests/it/pg.rs"]
#[allow(
    dead_code,
    reason = "the tests' cluster; this program does not stop it mid-way"
)]
mod pg;

use std::collections::HashMap;
use std::time::Instant;

use rusqlite::TransactionBehavior;
use vakt_journal::{
    Attribution, EventDraft, append_in, ensure_device, export_bundle, import_bundle, verify,
};
use vakt_sources::{Clock, FixedClock, RandomIds};
use vakt_store::Database;

fn laptop(dir: &std::path::Path, name: &str) -> (Database, FixedClock) {
    let clock = FixedClock::at("2026-12-01T14:00:00Z".parse().unwrap());
    let mut db = Database::open(&dir.join(format!("{name}.sqlite3")), &clock).unwrap();
    ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).unwrap();
    (db, clock)
}

/// Appends `n` events in one transaction (the figure is about moving them, not writing them).
fn act(db: &mut Database, clock: &FixedClock, name: &str, n: usize) {
    let run = uuid::Uuid::now_v7();
    let tx = db
        .connection_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .unwrap();
    for i in 0..n {
        clock.advance(chrono::Duration::milliseconds(250));
        let draft = EventDraft {
            by: Attribution {
                actor: name.into(),
                person: Some("ab".repeat(32)),
                os_user: name.to_lowercase(),
                os_uid: Some(1000),
                host: format!("{name}-laptop"),
                addresses: vec!["192.0.2.10".into()],
                role: Some("scribe".into()),
            },
            kind: "note.added".into(),
            run: Some(run),
            payload: serde_json::json!({ "text": format!("note {i} by {name}") }),
        };
        append_in(&tx, &draft, clock, &RandomIds).unwrap();
    }
    tx.commit().unwrap();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let events: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let per_device: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let cluster = pg::Cluster::start();
    let db = cluster.team_database("figures");
    let mut owner = vakt_team::connect(&cluster.conninfo("vakt", &db)).unwrap();
    vakt_team::add_member(&mut owner, "admin", None, true).unwrap();
    vakt_team::add_member(&mut owner, "ingrid", None, false).unwrap();
    vakt_team::add_member(&mut owner, "ola", None, false).unwrap();

    let (mut a, clock_a) = laptop(dir.path(), "a");
    let (mut b, _) = laptop(dir.path(), "b");
    for (d, login) in [(&a, "ingrid"), (&b, "ola")] {
        let id = vakt_journal::this_device(d.connection()).unwrap().unwrap();
        let device = vakt_journal::devices(d.connection())
            .unwrap()
            .into_iter()
            .find(|x| x.id == id)
            .unwrap();
        let mut c = vakt_team::connect(&cluster.conninfo(login, &db)).unwrap();
        vakt_team::enrol(&mut c, &device, None, login, "h").unwrap();
        let mut admin = vakt_team::connect(&cluster.conninfo("admin", &db)).unwrap();
        vakt_team::approve(&mut admin, id).unwrap();
    }
    act(&mut a, &clock_a, "Ingrid", events);

    // 1. The signature check alone.
    let sample: Vec<vakt_journal::Event> = vakt_journal::device_events_after(
        a.connection(),
        vakt_journal::this_device(a.connection()).unwrap().unwrap(),
        0,
        100,
    )
    .unwrap();
    let key = vakt_journal::devices(a.connection()).unwrap()[0]
        .public_key
        .clone();
    let device = vakt_journal::this_device(a.connection()).unwrap().unwrap();
    // 0003's per-key table is made once, outside the timing (as at approval then).
    owner
        .batch_execute(&format!(
            "CREATE TEMP TABLE key_table AS SELECT vakt_p256_table(\
             vakt_numeric(substring('\\x{k}'::bytea FROM 2 FOR 32)), \
             vakt_numeric(substring('\\x{k}'::bytea FROM 34 FOR 32))) AS tbl",
            k = vakt_journal::event::hex(&key)
        ))
        .unwrap();
    let checks: [(&str, &str); 3] = [
        (
            "double-and-add (0001)",
            "SELECT vakt_p256_verify($1, $2, $3) AND $4::uuid IS NOT NULL",
        ),
        (
            "4-bit tables as arrays (0003)",
            "SELECT vakt_p256_verify_tables((SELECT tbl FROM vakt_p256_base), \
             (SELECT tbl FROM key_table), $2, $3) AND $1::bytea IS NOT NULL \
             AND $4::uuid IS NOT NULL",
        ),
        (
            "8-bit tables as rows (0004, in use)",
            "SELECT vakt_p256_verify_points($4, $2, $3) AND $1::bytea IS NOT NULL",
        ),
    ];
    for (name, sql) in checks {
        let stmt = owner.prepare(sql).unwrap();
        let started = Instant::now();
        for e in &sample {
            let ok: bool = owner
                .query_one(
                    &stmt,
                    &[
                        &key,
                        &e.hash.as_slice(),
                        &e.device_sig.as_deref().unwrap(),
                        &device,
                    ],
                )
                .unwrap()
                .get(0);
            assert!(ok);
        }
        let per_sig = started.elapsed().as_secs_f64() * 1000.0 / sample.len() as f64;
        println!(
            "server P-256 check, {name}: {per_sig:.1} ms per signature ({} signatures)",
            sample.len()
        );
    }

    // 2. Push, then pull on another laptop.
    let mut ca = vakt_team::connect(&cluster.conninfo("ingrid", &db)).unwrap();
    let started = Instant::now();
    let pushed = vakt_team::push(&mut ca, a.connection_mut()).unwrap();
    let push_s = started.elapsed().as_secs_f64();
    assert_eq!(pushed.pushed as usize, events);
    println!(
        "push: {events} events in {push_s:.1} s = {:.0} events/s (server: receipts, chain, hash and signature checks)",
        events as f64 / push_s
    );
    let mut cb = vakt_team::connect(&cluster.conninfo("ola", &db)).unwrap();
    let started = Instant::now();
    let pulled = vakt_team::pull(&mut cb, b.connection_mut()).unwrap();
    let pull_s = started.elapsed().as_secs_f64();
    assert_eq!(pulled.pulled as usize, events);
    println!(
        "pull: {events} events in {pull_s:.2} s = {:.0} events/s (local chain, hash and signature checks, receipts)",
        events as f64 / pull_s
    );

    // 3. 10 devices merged from bundles on one laptop, then verified.
    let (mut hub, hub_clock) = laptop(dir.path(), "hub");
    let mut files = Vec::new();
    let started = Instant::now();
    for i in 0..10 {
        let (mut d, clock) = laptop(dir.path(), &format!("device{i}"));
        act(&mut d, &clock, &format!("Person{i}"), per_device);
        let mut out = Vec::new();
        export_bundle(d.connection(), &HashMap::new(), None, clock.now(), &mut out).unwrap();
        files.push(out);
    }
    println!(
        "generated and exported 10 × {per_device} events in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut merged = 0;
    for f in &files {
        merged += import_bundle(hub.connection_mut(), f).unwrap().imported;
    }
    let merge_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let v = verify(hub.connection(), None).unwrap();
    let verify_s = started.elapsed().as_secs_f64();
    assert!(v.is_intact());
    assert_eq!(v.count as usize, merged as usize);
    let _ = hub_clock;
    println!(
        "merge: {merged} events of 10 devices imported from bundles in {merge_s:.1} s ({:.0} events/s); verified in {verify_s:.1} s",
        merged as f64 / merge_s
    );
}
