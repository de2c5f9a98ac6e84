//! An attacker with the database file: drops the triggers and changes the events with raw SQL.
//! Every change is detected and the first bad sequence number named; a cut-off tail is caught
//! against a checkpoint.

use vakt_journal::{Checkpoint, verify};

use crate::util::{attacker, first_bad, journal, journal_by, note};

#[test]
fn an_untouched_journal_verifies_and_the_triggers_refuse_changes() {
    let j = journal(20);
    let c = j.conn();
    let v = verify(c, None).expect("verify");
    assert!(v.is_intact(), "{v:?}");
    assert_eq!(v.count, 20);
    assert_eq!(v.devices.len(), 1);
    assert_eq!(v.devices[0].count, 20);
    assert_eq!(v.devices[0].head, v.head_hash);
    for set in [
        "actor = 'x'",
        "os_user = 'x'",
        "device = NULL",
        "hlc_counter = 9",
    ] {
        let update = c.execute(&format!("UPDATE journal_event SET {set} WHERE seq = 3"), []);
        assert!(
            update
                .expect_err("update refused")
                .to_string()
                .contains("append-only"),
            "{set}"
        );
    }
    let delete = c.execute("DELETE FROM journal_event WHERE seq = 20", []);
    assert!(
        delete
            .expect_err("delete refused")
            .to_string()
            .contains("append-only")
    );
    let key = c.execute("UPDATE journal_device SET public_key = x'00'", []);
    assert!(
        key.expect_err("refused")
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
    let changes: &[(&str, rusqlite::types::Value)] = &[
        ("actor", "mallory".to_string().into()),
        ("host", "mallory".to_string().into()),
        ("kind", "mallory".to_string().into()),
        ("role", "mallory".to_string().into()),
        ("at", "2026-11-26T08:00:01.000000Z".to_string().into()),
        (
            "payload",
            "{\"text\":\"nothing happened\"}".to_string().into(),
        ),
        (
            "id",
            "01900000-0000-7000-8000-000000000000".to_string().into(),
        ),
        ("os_user", "root".to_string().into()),
        ("os_uid", 0i64.into()),
        ("addresses", "[\"198.51.100.1\"]".to_string().into()),
        ("person", "cd".repeat(32).into()),
        ("hlc_wall", 1_700_000_000_000_000i64.into()),
        ("hlc_counter", 5i64.into()),
        (
            "seen",
            "[\"01900000-0000-7000-8000-000000000001\"]"
                .to_string()
                .into(),
        ),
        (
            "run_id",
            "01900000-0000-7000-8000-000000000002".to_string().into(),
        ),
    ];
    for (column, value) in changes {
        let j = journal(30);
        let c = j.conn();
        attacker(c);
        c.execute(
            &format!("UPDATE journal_event SET {column} = ?1 WHERE seq = 17"),
            [value],
        )
        .expect("tamper");
        let b = verify(c, None).expect("verify").first_break.expect(column);
        assert_eq!(b.seq, 17, "changed {column}: {}", b.reason);
        assert_eq!(b.device_seq, Some(17));
        assert!(b.reason.contains("device"), "{}", b.reason);
    }
}

#[test]
fn a_wrong_device_signature_is_detected() {
    let j = journal(10);
    let c = j.conn();
    attacker(c);
    // Event 4's signature on event 5: a valid signature, of another hash.
    c.execute(
        "UPDATE journal_event SET device_sig = (SELECT device_sig FROM journal_event WHERE seq = 4) WHERE seq = 5",
        [],
    )
    .expect("tamper");
    let b = verify(c, None).expect("verify").first_break.expect("break");
    assert_eq!(b.seq, 5);
    assert!(b.reason.contains("signature"), "{}", b.reason);
    c.execute(
        "UPDATE journal_event SET device_sig = NULL WHERE seq = 7",
        [],
    )
    .expect("tamper");
    assert_eq!(first_bad(c), Some(5));
}

#[test]
fn a_removed_event_is_detected_where_it_was() {
    let j = journal(30);
    let c = j.conn();
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
    let c = j.conn();
    attacker(c);
    c.execute("DELETE FROM journal_event WHERE seq = 11", [])
        .expect("delete");
    for seq in 12..=30 {
        c.execute(
            "UPDATE journal_event SET seq = seq - 1, device_seq = device_seq - 1 WHERE seq = ?1",
            [seq],
        )
        .expect("renumber");
    }
    assert_eq!(first_bad(c), Some(11));
}

#[test]
fn an_inserted_event_with_a_correct_hash_and_signature_is_detected() {
    let mut j = journal(30);
    let twentieth: Vec<u8> = j
        .conn()
        .query_row("SELECT hash FROM journal_event WHERE seq = 20", [], |r| {
            r.get(0)
        })
        .expect("hash");
    // The forger has the file, so the device key: they set the events after 20 aside, append
    // through the real code path (signed, chained onto event 20), then put the others back
    // one place further on.
    attacker(j.conn());
    j.conn()
        .execute_batch(
            "CREATE TEMP TABLE hidden AS SELECT * FROM journal_event WHERE seq > 20;
             DELETE FROM journal_event WHERE seq > 20;",
        )
        .expect("set aside");
    let e = j.add(&note("mallory", 99, None));
    assert_eq!((e.seq, e.device_seq), (21, 21));
    assert_eq!(e.prev_hash.as_slice(), twentieth.as_slice());
    j.conn()
        .execute_batch(
            "UPDATE hidden SET seq = seq + 1, device_seq = device_seq + 1;
             INSERT INTO journal_event SELECT * FROM hidden;",
        )
        .expect("restore");
    assert_eq!(first_bad(j.conn()), Some(22));
}

#[test]
fn two_swapped_events_are_detected_at_the_first() {
    let j = journal(30);
    let c = j.conn();
    attacker(c);
    c.execute_batch(
        "UPDATE journal_event SET seq = -1 WHERE seq = 8;
         UPDATE journal_event SET seq = 8 WHERE seq = 9;
         UPDATE journal_event SET seq = 9 WHERE seq = -1;",
    )
    .expect("swap local order");
    assert_eq!(first_bad(c), Some(8));
    let j = journal(30);
    let c = j.conn();
    attacker(c);
    c.execute_batch(
        "UPDATE journal_event SET device_seq = -1 WHERE seq = 8;
         UPDATE journal_event SET device_seq = 8 WHERE seq = 9;
         UPDATE journal_event SET device_seq = 9 WHERE seq = 8;",
    )
    .expect("swap chain order");
    // The chain breaks at the event that now claims position 8 (stored as local event 9).
    let b = verify(c, None).expect("verify").first_break.expect("break");
    assert_eq!((b.seq, b.device_seq), (9, Some(8)));
}

#[test]
fn a_cut_off_tail_verifies_alone_but_not_against_a_checkpoint() {
    let j = journal(30);
    let c = j.conn();
    let checkpoint = verify(c, None).expect("verify").checkpoint();
    attacker(c);
    c.execute("DELETE FROM journal_event WHERE seq > 26", [])
        .expect("truncate");
    assert_eq!(
        first_bad(c),
        None,
        "a chain alone cannot see a cut-off tail"
    );
    for cp in [
        checkpoint.clone(),
        Checkpoint {
            devices: Vec::new(),
            ..checkpoint
        },
    ] {
        let b = verify(c, Some(&cp))
            .expect("verify")
            .first_break
            .expect("break");
        assert_eq!(b.seq, 27);
        assert!(b.reason.contains("cut off"), "{}", b.reason);
    }
}

#[test]
fn a_rewritten_journal_of_the_same_length_fails_the_checkpoint_and_a_grown_one_passes() {
    let mut j = journal(5);
    let checkpoint = verify(j.conn(), None).expect("verify").checkpoint();
    // A forger builds a fresh, internally consistent chain of the same length.
    let forged = journal_by(5, "mallory");
    assert!(verify(forged.conn(), None).expect("verify").is_intact());
    let b = verify(forged.conn(), Some(&checkpoint))
        .expect("verify")
        .first_break
        .expect("break");
    assert!(b.reason.contains("rewritten"), "{}", b.reason);
    assert_eq!(b.device, Some(checkpoint.devices[0].device));
    // A checkpoint of the first version (count and head only) is checked in local order.
    let old_style = Checkpoint {
        devices: Vec::new(),
        ..checkpoint.clone()
    };
    let text = serde_json::to_string(&old_style).expect("json");
    assert!(!text.contains("devices"), "{text}");
    let parsed: Checkpoint = serde_json::from_str(&text).expect("parses");
    let b = verify(forged.conn(), Some(&parsed))
        .expect("verify")
        .first_break
        .expect("break");
    assert_eq!(b.seq, 5);
    assert!(b.reason.contains("rewritten"), "{}", b.reason);
    // The real journal growing after the checkpoint is fine, with either form.
    j.add(&note("kari", 6, None));
    for cp in [&checkpoint, &parsed] {
        let grown = verify(j.conn(), Some(cp)).expect("verify");
        assert!(grown.is_intact(), "{:?}", grown.first_break);
        assert_eq!(grown.count, 6);
    }
    let bad = Checkpoint {
        head_hash: "not hex".into(),
        ..parsed
    };
    assert!(
        verify(j.conn(), Some(&bad))
            .expect("verify")
            .first_break
            .is_some()
    );
}

#[test]
fn the_csv_export_carries_the_new_fields_after_the_old_columns() {
    let j = journal(2);
    let mut out = Vec::new();
    assert_eq!(
        vakt_journal::export_csv(j.conn(), &mut out).expect("csv"),
        2
    );
    let text = String::from_utf8(out).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(vakt_journal::CSV_HEADER));
    assert!(vakt_journal::CSV_HEADER.starts_with(
        "seq,id,at,actor,role,host,kind,run,payload,prev_hash,hash,format,device,device_seq,"
    ));
    let first = csv_fields(lines.next().expect("row"));
    assert_eq!(first.len(), vakt_journal::CSV_HEADER.split(',').count());
    assert_eq!(first[11], "2");
    assert_eq!(first[13], "1");
    assert_eq!(first[18], "kari");
    assert_eq!(first[19], "1000");
    assert_eq!(first[20], "192.0.2.7 2001:db8::7");
    let mut json = Vec::new();
    vakt_journal::export_json(j.conn(), &mut json).expect("json");
    let events: serde_json::Value = serde_json::from_slice(&json).expect("parses");
    let e = &events[0];
    assert_eq!(e["actor"], "actor-1");
    assert_eq!(e["host"], "laptop-7");
    assert_eq!(e["os_user"], "kari");
    assert_eq!(e["format"], 2);
    assert_eq!(e["device_seq"], 1);
    assert!(e["device_sig"].as_str().is_some_and(|s| s.len() > 100));
    assert!(e["hlc"]["counter"].is_u64());
}

/// The fields of one CSV line (RFC 4180 quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            _ => out.last_mut().expect("field").push(c),
        }
    }
    out
}
