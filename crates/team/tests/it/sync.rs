//! Sync between laptops through the server: union, receipts, idempotence, faults.

use vakt_journal::verify;
use vakt_team::{compare, pull, push, sync};

use crate::laptop::Laptop;
use crate::team::Team;

#[test]
fn two_laptops_converge_with_every_receipt_and_every_chain_intact() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut b = Laptop::new("Ola", "2026-12-01T10:00:00.5Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    let run = uuid::Uuid::now_v7();
    for i in 0..5 {
        a.act(Some(run), &format!("a{i}"));
        b.act(Some(run), &format!("b{i}"));
    }
    let (mut ca, mut cb) = (team.client("ingrid"), team.client("ola"));
    let first = sync(&mut ca, a.conn()).unwrap();
    assert_eq!((first.push.pushed, first.pull.pulled), (5, 0));
    let second = sync(&mut cb, b.conn()).unwrap();
    assert_eq!((second.push.pushed, second.pull.pulled), (5, 5));
    let third = sync(&mut ca, a.conn()).unwrap();
    assert_eq!((third.push.pushed, third.pull.pulled), (0, 5));
    assert_eq!(a.replay(), b.replay());
    assert_eq!(a.without_receipts(), 0);
    assert_eq!(b.without_receipts(), 0);
    for l in [&a, &b] {
        let v = verify(l.db.connection(), None).unwrap();
        assert!(v.is_intact(), "{:?}", v.first_break);
        assert_eq!(v.count, 10);
    }
    // The receipts name the login that pushed each event.
    let e = vakt_journal::run_events(b.db.connection(), run).unwrap();
    for ev in e {
        let login = &ev.receipt.as_ref().unwrap().login;
        assert_eq!(
            login,
            if ev.by.actor == "Ingrid" {
                "ingrid"
            } else {
                "ola"
            }
        );
        assert_eq!(ev.receipt.unwrap().address.as_deref(), Some("127.0.0.1"));
    }
    // Repeated delivery changes nothing.
    let again = sync(&mut ca, a.conn()).unwrap();
    assert_eq!(
        (again.push.pushed, again.pull.pulled, again.receipts),
        (0, 0, 0)
    );
    assert!(compare(&mut ca, a.db.connection()).unwrap().agrees());
}

#[test]
fn a_server_stopped_mid_sync_loses_nothing_and_the_next_sync_completes() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut b = Laptop::new("Ola", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    for i in 0..400 {
        a.act(None, &format!("a{i}"));
    }
    let conninfo = team.conninfo("ingrid");
    let path = a.path();
    let pusher = std::thread::spawn(move || {
        let clock = vakt_sources::FixedClock::at("2026-12-01T12:00:00Z".parse().unwrap());
        let mut db = vakt_store::Database::open(&path, &clock).unwrap();
        let mut client = vakt_team::connect(&conninfo).unwrap();
        push(&mut client, db.connection_mut())
    });
    // Stopped once the first batch is on the server, so the push is cut off mid-way whatever
    // the machine's speed (400 events take several seconds of server signature checks).
    let mut watcher = team.client("ingrid");
    for _ in 0..600 {
        let n: i64 = watcher
            .query_one("SELECT count(*) FROM vakt_event", &[])
            .unwrap()
            .get(0);
        if n > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    drop(watcher);
    team.cluster.stop();
    let cut = pusher.join().unwrap();
    assert!(cut.is_err(), "the push was cut off: {cut:?}");
    team.cluster.resume();
    let mut ca = team.client("ingrid");
    let pushed_before: i64 = ca
        .query_one("SELECT count(*) FROM vakt_event", &[])
        .unwrap()
        .get(0);
    assert!(pushed_before < 400, "{pushed_before}");
    let done = sync(&mut ca, a.conn()).unwrap();
    assert_eq!(done.push.pushed as i64 + pushed_before, 400);
    sync(&mut team.client("ola"), b.conn()).unwrap();
    assert_eq!(b.replay(), a.replay());
    assert_eq!(a.without_receipts(), 0);
    assert!(verify(b.db.connection(), None).unwrap().is_intact());
    // Pulling again is a no-op.
    assert_eq!(pull(&mut team.client("ola"), b.conn()).unwrap().pulled, 0);
}

#[test]
fn a_device_not_yet_approved_waits_and_is_named() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut owner = team.client("vakt");
    vakt_team::add_member(&mut owner, "ingrid", None, false).unwrap();
    vakt_team::enrol(&mut team.client("ingrid"), &a.device(), None, "Ingrid", "h").unwrap();
    a.act(None, "n");
    let pushed = push(&mut team.client("ingrid"), a.conn()).unwrap();
    assert_eq!(pushed.pushed, 0);
    let (_, reason) = pushed.refused.unwrap();
    assert!(reason.contains("not enrolled and approved"), "{reason}");
    vakt_team::approve(&mut team.client("admin"), a.device().id).unwrap();
    assert_eq!(
        push(&mut team.client("ingrid"), a.conn()).unwrap().pushed,
        1
    );
}

#[test]
fn a_listening_laptop_hears_of_another_laptops_events_at_commit() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let b = Laptop::new("Ola", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    let mut listener = team.client("ola");
    // Nothing yet: the wait ends empty at its timeout.
    let quiet = vakt_team::wait_for_events(&mut listener, std::time::Duration::from_millis(200));
    assert_eq!(quiet.unwrap(), vec![]);
    a.act(None, "one");
    a.act(None, "two");
    push(&mut team.client("ingrid"), a.conn()).unwrap();
    let heard =
        vakt_team::wait_for_events(&mut listener, std::time::Duration::from_secs(10)).unwrap();
    assert_eq!(heard, vec![(a.device().id, 1), (a.device().id, 2)]);
}
