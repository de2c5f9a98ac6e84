//! An attacker with the database file: drops the triggers and changes the events with raw SQL.
//! Every change is detected and the first bad sequence number named; a cut-off tail is caught
//! against a checkpoint.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};
use vakt_journal::event::{HashInput, chain_hash};
use vakt_journal::{Checkpoint, EventDraft, append, verify};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::Database;

struct Journal {
    _dir: tempfile::TempDir,
    db: Database,
}

fn journal(n: u64) -> Journal {
    journal_by(n, "actor")
}

fn journal_by(n: u64, who: &str) -> Journal {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let ids = SequentialIds::new();
    let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).expect("open");
    for i in 1..=n {
        let draft = EventDraft {
            actor: format!("{who}-{}", i % 3),
            role: (i % 2 == 0).then(|| "scribe".to_string()),
            host: "laptop-7".into(),
            kind: "note.added".into(),
            run: None,
            payload: serde_json::json!({ "text": format!("note {i}, with æøå") }),
        };
        append(db.connection_mut(), &draft, &clock, &ids).expect("append");
        clock.advance(chrono::Duration::seconds(7));
    }
    Journal { _dir: dir, db }
}

fn attacker(conn: &Connection) {
    conn.execute_batch(
        "DROP TRIGGER journal_event_no_update; DROP TRIGGER journal_event_no_delete;",
    )
    .expect("drop triggers");
}

fn first_bad(conn: &Connection) -> Option<u64> {
    verify(conn, None)
        .expect("verify runs")
        .first_break
        .map(|b| b.seq)
}

#[test]
fn an_untouched_journal_verifies_and_the_triggers_refuse_changes() {
    let j = journal(20);
    let c = j.db.connection();
    let v = verify(c, None).expect("verify");
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.count, 20);
    let update = c.execute("UPDATE journal_event SET actor = 'x' WHERE seq = 3", []);
    assert!(
        update
            .expect_err("update refused")
            .to_string()
            .contains("append-only")
    );
    let delete = c.execute("DELETE FROM journal_event WHERE seq = 20", []);
    assert!(
        delete
            .expect_err("delete refused")
            .to_string()
            .contains("append-only")
    );
    assert!(
        verify(c, Some(&v.checkpoint()))
            .expect("verify")
            .is_intact()
    );
}

#[test]
fn a_changed_field_is_detected_at_its_event() {
    for column in ["actor", "host", "kind", "at", "payload", "role", "id"] {
        let j = journal(30);
        let c = j.db.connection();
        attacker(c);
        let value = match column {
            "payload" => "{\"text\":\"nothing happened\"}",
            "at" => "2026-11-26T08:00:01.000000Z",
            "id" => "01900000-0000-7000-8000-000000000000",
            _ => "mallory",
        };
        c.execute(
            &format!("UPDATE journal_event SET {column} = ?1 WHERE seq = 17"),
            [value],
        )
        .expect("tamper");
        assert_eq!(first_bad(c), Some(17), "changed {column}");
    }
}

#[test]
fn a_removed_event_is_detected_where_it_was() {
    let j = journal(30);
    let c = j.db.connection();
    attacker(c);
    c.execute("DELETE FROM journal_event WHERE seq = 11", [])
        .expect("delete");
    let b = verify(c, None).expect("verify").first_break.expect("break");
    assert_eq!(b.seq, 11);
    assert!(b.reason.contains("missing"), "{}", b.reason);
}

#[test]
fn a_removed_event_with_renumbering_is_detected() {
    let j = journal(30);
    let c = j.db.connection();
    attacker(c);
    c.execute("DELETE FROM journal_event WHERE seq = 11", [])
        .expect("delete");
    for seq in 12..=30 {
        c.execute(
            "UPDATE journal_event SET seq = seq - 1 WHERE seq = ?1",
            [seq],
        )
        .expect("renumber");
    }
    assert_eq!(first_bad(c), Some(11));
}

#[test]
fn an_inserted_event_with_a_correct_local_hash_is_detected() {
    let j = journal(30);
    let c = j.db.connection();
    attacker(c);
    for seq in (21..=30).rev() {
        c.execute(
            "UPDATE journal_event SET seq = seq + 1 WHERE seq = ?1",
            [seq],
        )
        .expect("shift");
    }
    // The forged event chains correctly onto event 20; the events after it cannot be fixed up
    // without rewriting the rest of the chain.
    let prev: Vec<u8> = c
        .query_row("SELECT hash FROM journal_event WHERE seq = 20", [], |r| {
            r.get(0)
        })
        .expect("prev");
    let input = HashInput {
        seq: 21,
        id: "01900000-0000-7000-8000-0000000000ff",
        at: "2026-11-26T08:02:21.000000Z",
        actor: "mallory",
        role: None,
        host: "laptop-7",
        kind: "note.added",
        run: None,
        payload: "{\"text\":\"alibi\"}",
    };
    let hash = chain_hash(&mut Sha256::new(), &prev, &input);
    c.execute(
        "INSERT INTO journal_event (seq, id, at, actor, role, host, kind, run_id, payload, prev_hash, hash)
         VALUES (21, ?1, ?2, ?3, NULL, ?4, ?5, NULL, ?6, ?7, ?8)",
        params![input.id, input.at, input.actor, input.host, input.kind, input.payload, prev, hash.as_slice()],
    )
    .expect("insert");
    assert_eq!(first_bad(c), Some(22));
}

#[test]
fn two_swapped_events_are_detected_at_the_first() {
    let j = journal(30);
    let c = j.db.connection();
    attacker(c);
    c.execute_batch(
        "UPDATE journal_event SET seq = -1 WHERE seq = 8;
         UPDATE journal_event SET seq = 8 WHERE seq = 9;
         UPDATE journal_event SET seq = 9 WHERE seq = -1;",
    )
    .expect("swap");
    assert_eq!(first_bad(c), Some(8));
}

#[test]
fn a_cut_off_tail_verifies_alone_but_not_against_a_checkpoint() {
    let j = journal(30);
    let c = j.db.connection();
    let checkpoint = verify(c, None).expect("verify").checkpoint();
    attacker(c);
    c.execute("DELETE FROM journal_event WHERE seq > 26", [])
        .expect("truncate");
    assert_eq!(
        first_bad(c),
        None,
        "a chain alone cannot see a cut-off tail"
    );
    let b = verify(c, Some(&checkpoint))
        .expect("verify")
        .first_break
        .expect("break");
    assert_eq!(b.seq, 27);
    assert!(b.reason.contains("cut off"), "{}", b.reason);
}

#[test]
fn a_rewritten_journal_of_the_same_length_fails_the_checkpoint_and_a_grown_one_passes() {
    let mut j = journal(5);
    let checkpoint = verify(j.db.connection(), None)
        .expect("verify")
        .checkpoint();
    // A forger builds a fresh, internally consistent chain of the same length.
    let forged = journal_by(5, "mallory");
    assert!(
        verify(forged.db.connection(), None)
            .expect("verify")
            .is_intact()
    );
    let b = verify(forged.db.connection(), Some(&checkpoint))
        .expect("verify")
        .first_break
        .expect("break");
    assert_eq!(b.seq, 5);
    assert!(b.reason.contains("rewritten"), "{}", b.reason);
    // The real journal growing after the checkpoint is fine.
    let clock = FixedClock::at("2026-11-27T08:00:00Z".parse().expect("time"));
    let draft = EventDraft {
        actor: "kari".into(),
        role: None,
        host: "laptop-7".into(),
        kind: "note.added".into(),
        run: None,
        payload: serde_json::json!({ "text": "later" }),
    };
    append(j.db.connection_mut(), &draft, &clock, &SequentialIds::new()).expect("append");
    let grown = verify(j.db.connection(), Some(&checkpoint)).expect("verify");
    assert!(grown.is_intact(), "{:?}", grown.first_break);
    assert_eq!(grown.count, 6);
    let bad = Checkpoint {
        head_hash: "not hex".into(),
        ..checkpoint
    };
    assert!(
        verify(j.db.connection(), Some(&bad))
            .expect("verify")
            .first_break
            .is_some()
    );
}
