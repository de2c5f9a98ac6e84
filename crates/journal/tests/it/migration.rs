//! A journal of the first version (schema 2) opened by this version: its rows keep their
//! values and verify by the first-version rule; the device's first new event names their head.

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use vakt_journal::event::{GENESIS, HashInput, MIGRATED, chain_hash, hex};
use vakt_journal::{Checkpoint, ensure_device, verify};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::{Database, MIGRATIONS};

use crate::util::{attacker, first_bad, note};

/// Writes a schema-2 database with `times.len()` first-version events, as that version did;
/// returns its checkpoint `(count, head)`.
fn first_version(path: &std::path::Path, times: &[&str]) -> (u64, [u8; 32]) {
    let conn = Connection::open(path).expect("open");
    for m in &MIGRATIONS[..2] {
        conn.execute_batch(m.sql).expect("old migration");
    }
    conn.pragma_update(None, "user_version", 2)
        .expect("version");
    let mut prev = GENESIS;
    for (i, at) in times.iter().enumerate() {
        let seq = i as u64 + 1;
        let id = format!("01900000-0000-7000-8000-{seq:012x}");
        let payload = format!("{{\"text\":\"old note {seq}\"}}");
        let run = (seq % 2 == 0).then_some("01900000-0000-7000-8000-00000000aaaa");
        let input = HashInput {
            seq,
            id: &id,
            at,
            actor: "kari",
            role: Some("scribe"),
            host: "old-laptop",
            kind: "note.added",
            run,
            payload: &payload,
        };
        let hash = chain_hash(&mut Sha256::new(), &prev, &input);
        conn.execute(
            "INSERT INTO journal_event (seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![seq, id, at, "kari", "scribe", "old-laptop", "note.added", run, payload, prev.as_slice(), hash.as_slice()],
        )
        .expect("insert");
        prev = hash;
    }
    (times.len() as u64, prev)
}

const TIMES: &[&str] = &[
    "2026-11-20T08:00:00.000000Z",
    "2026-11-20T08:00:05.250000Z",
    "2026-11-20T08:00:05.250000Z",
    // The old laptop's clock went back: the replay order still keeps the recorded order.
    "2026-11-20T07:59:00.000000Z",
    "2026-11-20T08:01:00.000001Z",
];

#[test]
fn a_first_version_journal_migrates_verifies_and_continues_with_a_migration_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    let (count, head) = first_version(&path, TIMES);
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let ids = SequentialIds::new();
    let mut db = Database::open(&path, &clock).expect("migrates");
    let old = Checkpoint {
        count,
        head_hash: hex(&head),
        devices: Vec::new(),
    };
    // Before and after the device claims the old rows, they verify by the old rule.
    let v = verify(db.connection(), Some(&old)).expect("verify");
    assert!(v.is_intact(), "{:?}", v.first_break);
    assert_eq!((v.count, v.head_hash.clone()), (count, hex(&head)));
    let device = ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).expect("device");
    assert_eq!(
        ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).expect("again"),
        device,
        "one device per file"
    );
    let v = verify(db.connection(), Some(&old)).expect("verify");
    assert!(v.is_intact(), "{:?}", v.first_break);
    assert_eq!(v.devices.len(), 1);
    assert_eq!(v.devices[0].device, device);
    let stored: Vec<(i64, String, i64, Vec<u8>)> = db
        .connection()
        .prepare("SELECT format, device, device_seq, hash FROM journal_event ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (i, (format, d, n, _)) in stored.iter().enumerate() {
        assert_eq!(
            (*format, d.as_str(), *n),
            (1, device.to_string().as_str(), i as i64 + 1)
        );
    }
    assert_eq!(
        stored[4].3,
        head.to_vec(),
        "old hashes are kept, not re-hashed"
    );

    let run = uuid::Uuid::parse_str("01900000-0000-7000-8000-00000000aaaa").expect("uuid");
    let e = vakt_journal::append(
        db.connection_mut(),
        &note("ola", 1, Some(run)),
        &clock,
        &ids,
    )
    .expect("append");
    assert_eq!((e.seq, e.device_seq, e.format), (7, 7, 2));
    let all = {
        let mut all = Vec::new();
        vakt_journal::for_each_event(db.connection(), 0, |e| {
            all.push(e);
            Ok(())
        })
        .expect("events");
        all
    };
    let migrated = &all[5];
    assert_eq!(migrated.kind, MIGRATED);
    assert_eq!(migrated.device_seq, 6);
    assert_eq!(migrated.prev_hash, head);
    assert_eq!(
        migrated.payload,
        serde_json::json!({ "v1_count": 5, "v1_head": hex(&head) })
    );
    assert_eq!(e.prev_hash, migrated.hash);
    assert_eq!(
        e.seen,
        vec![all[3].id],
        "the run's latest event, a first-version one"
    );
    assert!(all[0].device_sig.is_none() && all[6].device_sig.is_some());
    let v = verify(db.connection(), Some(&old)).expect("verify");
    assert!(v.is_intact(), "{:?}", v.first_break);
    assert_eq!(v.count, 7);
    // The run replays in the recorded order although the old clock went back, and the new
    // event comes after every old one.
    let events = vakt_journal::run_events(db.connection(), run).expect("run");
    let order: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(order, [2, 4, 7]);
    assert_eq!(
        events[1].at,
        "2026-11-20T07:59:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .expect("t")
    );
    assert!(events[1].hlc > events[0].hlc);
}

#[test]
fn a_changed_first_version_row_is_still_caught_after_the_migration() {
    for (column, value) in [
        ("actor", "mallory"),
        ("at", "2026-11-20T08:00:05.250001Z"),
        ("os_user", "mallory"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vakt.sqlite3");
        first_version(&path, TIMES);
        let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
        let mut db = Database::open(&path, &clock).expect("migrates");
        ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).expect("device");
        vakt_journal::append(
            db.connection_mut(),
            &note("ola", 1, None),
            &clock,
            &SequentialIds::new(),
        )
        .expect("append");
        let c = db.connection();
        attacker(c);
        c.execute(
            &format!("UPDATE journal_event SET {column} = ?1 WHERE seq = 3"),
            [value],
        )
        .expect("tamper");
        assert_eq!(first_bad(c), Some(3), "{column}");
    }
    // Moving a first-version event in replay order (its clock) is caught too.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    first_version(&path, TIMES);
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let db = Database::open(&path, &clock).expect("migrates");
    attacker(db.connection());
    db.connection()
        .execute("UPDATE journal_event SET hlc_counter = 7 WHERE seq = 4", [])
        .expect("tamper");
    assert_eq!(first_bad(db.connection()), Some(4));
}

#[test]
fn a_second_version_event_without_the_migration_event_breaks_the_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    first_version(&path, TIMES);
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let mut db = Database::open(&path, &clock).expect("migrates");
    ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).expect("device");
    vakt_journal::append(
        db.connection_mut(),
        &note("ola", 1, None),
        &clock,
        &SequentialIds::new(),
    )
    .expect("append");
    let c = db.connection();
    attacker(c);
    c.execute_batch(
        "DELETE FROM journal_event WHERE seq = 6;
         UPDATE journal_event SET seq = 6, device_seq = 6 WHERE seq = 7;",
    )
    .expect("drop the migration event");
    let b = verify(c, None).expect("verify").first_break.expect("break");
    assert_eq!(b.seq, 6);
}
