//! Two devices: another laptop's chain imported event by event, each checked against its chain
//! and key; replay order by clock across devices; verification per device.

use vakt_journal::{
    Event, ImportError, devices, for_each_event, import_event, register_device, run_events,
    this_device, verify,
};

use crate::util::{Journal, empty, note};

fn events(j: &Journal) -> Vec<Event> {
    let mut all = Vec::new();
    for_each_event(j.conn(), 0, |e| {
        all.push(e);
        Ok(())
    })
    .expect("events");
    all
}

fn run() -> uuid::Uuid {
    uuid::Uuid::parse_str("01900000-0000-7000-8000-00000000bbbb").expect("uuid")
}

/// Laptop A (clock at 08:00) and laptop B (clock at 07:00), each with three events of one run;
/// B's device registered with A.
fn two_laptops() -> (Journal, Journal) {
    let mut a = empty("2026-11-26T08:00:00Z");
    let mut b = empty("2026-11-26T07:00:00Z");
    for i in 1..=3 {
        a.add(&note("kari", i, Some(run())));
        b.add(&note("ola", i, Some(run())));
    }
    let b_device = devices(b.conn())
        .expect("devices")
        .into_iter()
        .next()
        .expect("b's device");
    register_device(a.conn(), &b_device).expect("register");
    (a, b)
}

#[test]
fn another_devices_chain_imports_verifies_per_device_and_replays_by_clock() {
    let (mut a, b) = two_laptops();
    let theirs = events(&b);
    for (i, e) in theirs.iter().enumerate() {
        assert_eq!(
            import_event(a.db.connection_mut(), e).expect("import"),
            Some(4 + i as u64)
        );
    }
    assert_eq!(
        import_event(a.db.connection_mut(), &theirs[0]).expect("again"),
        None,
        "importing what is held changes nothing"
    );
    let v = verify(a.conn(), None).expect("verify");
    assert!(v.is_intact(), "{:?}", v.first_break);
    assert_eq!(v.count, 6);
    assert_eq!(v.devices.len(), 2);
    assert!(v.devices.iter().all(|d| d.count == 3));
    // B's events are earlier by the clock: the replay puts them first, whatever the local order.
    let order: Vec<(String, u64)> = run_events(a.conn(), run())
        .expect("run")
        .iter()
        .map(|e| (e.by.actor.clone(), e.seq))
        .collect();
    let seqs: Vec<u64> = order.iter().map(|o| o.1).collect();
    assert_eq!(seqs, [4, 5, 6, 1, 2, 3], "{order:?}");
    // A's next event has seen the latest event of both devices in the run and a clock past all.
    let mine = this_device(a.conn()).expect("device").expect("some");
    let e = a.add(&note("kari", 4, Some(run())));
    let mut expected_seen = vec![(mine, events(&a)[2].id), (theirs[2].device, theirs[2].id)];
    expected_seen.sort();
    assert_eq!(
        e.seen,
        expected_seen.iter().map(|s| s.1).collect::<Vec<_>>()
    );
    assert!(e.hlc > events(&a)[2].hlc);
    // Tampering with an imported event is caught at its local position, naming its device.
    let c = a.conn();
    crate::util::attacker(c);
    c.execute(
        "UPDATE journal_event SET os_user = 'root' WHERE seq = 5",
        [],
    )
    .expect("tamper");
    let b = verify(c, None).expect("verify").first_break.expect("break");
    assert_eq!(
        (b.seq, b.device, b.device_seq),
        (5, Some(theirs[1].device), Some(2))
    );
}

#[test]
fn an_import_is_refused_on_a_gap_a_wrong_previous_hash_a_bad_signature_or_an_unknown_device() {
    let (mut a, b) = two_laptops();
    let theirs = events(&b);
    let refused = |a: &mut Journal, e: &Event| {
        let err = import_event(a.db.connection_mut(), e).expect_err("refused");
        assert!(verify(a.conn(), None).expect("verify").is_intact());
        err
    };
    assert!(matches!(
        refused(&mut a, &theirs[1]),
        ImportError::Gap {
            device_seq: 2,
            held: 0,
            ..
        }
    ));
    let mut wrong_prev = theirs[0].clone();
    wrong_prev.prev_hash = [7; 32];
    assert!(matches!(
        refused(&mut a, &wrong_prev),
        ImportError::PrevHash { device_seq: 1, .. }
    ));
    let mut changed = theirs[0].clone();
    changed.by.addresses = vec!["198.51.100.9".into()];
    assert!(matches!(
        refused(&mut a, &changed),
        ImportError::Hash { .. }
    ));
    let mut other_sig = theirs[0].clone();
    other_sig.device_sig = theirs[1].device_sig.clone();
    assert!(matches!(
        refused(&mut a, &other_sig),
        ImportError::Signature { device_seq: 1, .. }
    ));
    let mut unsigned = theirs[0].clone();
    unsigned.device_sig = None;
    assert!(matches!(
        refused(&mut a, &unsigned),
        ImportError::Signature { .. }
    ));
    // A third laptop nobody registered.
    let mut c = empty("2026-11-26T09:00:00Z");
    let stranger = c.add(&note("eve", 1, None));
    assert!(matches!(
        refused(&mut a, &stranger),
        ImportError::UnknownDevice { .. }
    ));
    // After all that, the real events still go in, in order.
    for e in &theirs {
        import_event(a.db.connection_mut(), e).expect("import");
    }
    // A laptop whose id source repeats B's ids: a valid event under an id already held.
    let mut twin = empty("2026-11-26T07:00:00Z");
    let conflicting = twin.add(&note("mallory", 1, None));
    assert_eq!(conflicting.id, theirs[0].id);
    let twin_device = devices(twin.conn()).expect("devices").remove(0);
    register_device(a.conn(), &twin_device).expect("register");
    assert!(matches!(
        refused(&mut a, &conflicting),
        ImportError::Conflict { .. }
    ));
}

#[test]
fn replay_order_follows_the_clock_not_the_local_order() {
    let mut j = empty("2026-11-26T08:00:00Z");
    let first = j.add(&note("kari", 1, Some(run())));
    // The machine's clock goes back an hour: the clock of the next event still moves on.
    j.clock.advance(chrono::Duration::hours(-1));
    let second = j.add(&note("kari", 2, Some(run())));
    assert_eq!(second.hlc.wall, first.hlc.wall);
    assert_eq!(second.hlc.counter, first.hlc.counter + 1);
    assert_eq!(second.at, second.hlc.wall);
    let replay: Vec<u64> = run_events(j.conn(), run())
        .expect("run")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(replay, [1, 2]);
    // Changing the stored clock reorders the replay; verification catches it.
    crate::util::attacker(j.conn());
    j.conn()
        .execute(
            "UPDATE journal_event SET hlc_counter = 0, hlc_wall = hlc_wall - 1 WHERE seq = 2",
            [],
        )
        .expect("tamper");
    let replay: Vec<u64> = run_events(j.conn(), run())
        .expect("run")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(replay, [2, 1]);
    assert_eq!(crate::util::first_bad(j.conn()), Some(2));
}

#[test]
fn appending_without_a_device_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = vakt_sources::FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let mut db = vakt_store::Database::open(&dir.path().join("v.sqlite3"), &clock).expect("open");
    let err = vakt_journal::append(
        db.connection_mut(),
        &note("kari", 1, None),
        &clock,
        &vakt_sources::SequentialIds::new(),
    )
    .expect_err("no device");
    assert!(matches!(err, vakt_journal::JournalError::NoDevice), "{err}");
}
