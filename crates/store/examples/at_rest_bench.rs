//! What encryption at rest costs: the latency of one durable append (one event-shaped row,
//! hash-chained with SHA-256, committed with `synchronous=FULL`, as a journal append does) and
//! the rate of verifying the chain (every row read in order, its hash recomputed), on a plain
//! and on an encrypted (SQLCipher) database in the same run, on the same disk.
//!
//! `cargo run --release -p vakt-store --example at_rest_bench -- [APPENDS] [EVENTS]`
//! (defaults: 500 single appends, a chain of 200,000 events to verify).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a bench binary: a failure is a failed run"
)]

use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use vakt_sources::FixedClock;
use vakt_store::{DataKey, Database, KdfCost};

/// This process's user + system CPU time, from /proc (Linux), in seconds; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
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

struct Rng(u64);

impl rand_core::RngCore for Rng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand_core::impls::fill_bytes_via_next(self, dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for Rng {}

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS bench_event (
    seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL) STRICT";

fn event_hash(prev: &[u8], seq: i64, at: &str, actor: &str, kind: &str, payload: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(seq.to_be_bytes());
    for field in [at, actor, kind, payload] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().to_vec()
}

/// Appends one event in its own transaction, as the journal does: read the head, hash, insert.
fn append(conn: &mut Connection, n: i64) {
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("begin");
    let head: Option<(i64, Vec<u8>)> = tx
        .query_row(
            "SELECT seq, hash FROM bench_event ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .expect("head");
    let (seq, prev) = head.map_or((1, vec![0u8; 32]), |(s, h)| (s + 1, h));
    let at = format!("2026-11-26T08:{:02}:{:02}.{:06}Z", (n / 60) % 60, n % 60, n);
    let actor = "kari.nordmann";
    let kind = "step.completed";
    let payload = format!(
        r#"{{"step":"contain","note":"event {n}: isolated host web-{} in zone dmz after the ransomware note"}}"#,
        n % 40
    );
    let hash = event_hash(&prev, seq, &at, actor, kind, &payload);
    tx.execute(
        "INSERT INTO bench_event (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![seq, at, actor, kind, payload, prev, hash],
    )
    .expect("insert");
    tx.commit().expect("commit");
}

/// Verifies the whole chain; returns the number of events.
fn verify(conn: &Connection) -> u64 {
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, actor, kind, payload, prev_hash, hash FROM bench_event ORDER BY seq",
        )
        .expect("prepare");
    let mut rows = stmt.query([]).expect("query");
    let mut prev = vec![0u8; 32];
    let mut count = 0;
    while let Some(r) = rows.next().expect("row") {
        let seq: i64 = r.get(0).expect("seq");
        let at: String = r.get(1).expect("at");
        let actor: String = r.get(2).expect("actor");
        let kind: String = r.get(3).expect("kind");
        let payload: String = r.get(4).expect("payload");
        let stored_prev: Vec<u8> = r.get(5).expect("prev");
        let hash: Vec<u8> = r.get(6).expect("hash");
        assert_eq!(stored_prev, prev, "chain broken at {seq}");
        assert_eq!(
            hash,
            event_hash(&prev, seq, &at, &actor, &kind, &payload),
            "hash at {seq}"
        );
        prev = hash;
        count += 1;
    }
    count
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let appends: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(500);
    let events: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    // Beside the build, on the same disk as a data directory would be (not a tmpfs).
    let root = tempfile::tempdir_in(std::env::temp_dir()).expect("tempdir");
    println!("{appends} single appends, then a chain of {events} events verified");
    for encrypted in [false, true] {
        let label = if encrypted { "encrypted" } else { "plain    " };
        let path = root.path().join(label.trim()).join("vakt.sqlite3");
        let mut db = Database::open(&path, &clock).expect("open");
        let key_cost = Instant::now();
        if encrypted {
            db.encrypt(
                &clock,
                "bench passphrase",
                KdfCost::INTERACTIVE,
                &mut Rng(0x9e37_79b9_7f4a_7c15),
            )
            .expect("encrypt");
            println!(
                "encrypting the new database (incl. scrypt 2^17): {:.0} ms",
                key_cost.elapsed().as_secs_f64() * 1e3
            );
        }
        db.connection().execute_batch(SCHEMA).expect("schema");
        let conn = db.connection_mut();
        let mut latencies = Vec::with_capacity(appends as usize);
        for n in 0..appends {
            let t = Instant::now();
            append(conn, n);
            latencies.push(t.elapsed());
        }
        latencies.sort();
        let mean = latencies.iter().sum::<Duration>() / appends.max(1) as u32;
        println!(
            "{label} append: median {:.2} ms, p95 {:.2} ms, mean {:.2} ms",
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.95).as_secs_f64() * 1e3,
            mean.as_secs_f64() * 1e3
        );
        // Build the rest of the chain in large transactions, then verify it.
        let mut n = appends;
        while n < events {
            let tx = conn.transaction().expect("begin");
            let mut stmt_head: Vec<u8> = tx
                .query_row(
                    "SELECT hash FROM bench_event ORDER BY seq DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()
                .expect("head")
                .unwrap_or_else(|| vec![0u8; 32]);
            for _ in 0..10_000.min(events - n) {
                n += 1;
                let at = format!("2026-11-26T09:00:00.{n:06}Z");
                let payload = format!(
                    r#"{{"step":"contain","note":"event {n}: isolated host web-{} in zone dmz"}}"#,
                    n % 40
                );
                let hash = event_hash(
                    &stmt_head,
                    n,
                    &at,
                    "kari.nordmann",
                    "step.completed",
                    &payload,
                );
                tx.execute(
                    "INSERT INTO bench_event (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?1, ?2, 'kari.nordmann', 'step.completed', ?3, ?4, ?5)",
                    params![n, at, payload, stmt_head, hash],
                )
                .expect("insert");
                stmt_head = hash;
            }
            tx.commit().expect("commit");
        }
        drop(db);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        // Verify through a fresh read-only open, as `journal verify` does.
        let key = encrypted.then(|| DataKey::unlock(&path, "bench passphrase").expect("unlock"));
        let db = Database::open_read_only(&path, key.as_ref()).expect("read-only");
        let cpu = cpu_seconds();
        let t = Instant::now();
        let count = verify(db.connection());
        let wall = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        println!(
            "{label} verify: {count} events ({:.1} MB) in {wall:.2} s wall, {cpu:.2} s CPU: {:.0} events/s wall, {:.0} events/s CPU",
            size as f64 / 1e6,
            count as f64 / wall,
            if cpu > 0.0 {
                count as f64 / cpu
            } else {
                f64::NAN
            }
        );
    }
}
