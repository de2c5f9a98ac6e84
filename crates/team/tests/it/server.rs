//! The server on its own: schema, signature check, chain checks, receipts, row-level security,
//! append-only.

use vakt_journal::Event;
use vakt_team::{connect, enrol, offer, schema, server_devices};

use crate::laptop::Laptop;
use crate::pg::Cluster;
use crate::team::Team;

#[test]
fn init_applies_numbered_migrations_once() {
    let cluster = Cluster::start();
    let db = cluster.team_database("one");
    let mut owner = connect(&cluster.conninfo("vakt", &db)).unwrap();
    assert_eq!(schema::applied(&mut owner).unwrap(), vec![1, 2, 3, 4]);
    assert_eq!(schema::init(&mut owner).unwrap(), Vec::<i32>::new());
    assert_eq!(schema::applied(&mut owner).unwrap(), vec![1, 2, 3, 4]);
}

fn verifies(client: &mut postgres::Client, key: &[u8], message: &[u8], sig: &[u8]) -> bool {
    client
        .query_one(
            "SELECT vakt_p256_verify($1, $2, $3)",
            &[&key, &message, &sig],
        )
        .unwrap()
        .get(0)
}

/// The check of 0004 with the stored points of an approved device.
fn verifies_points(
    client: &mut postgres::Client,
    device: uuid::Uuid,
    message: &[u8],
    sig: &[u8],
) -> bool {
    client
        .query_one(
            "SELECT vakt_p256_verify_points($1, $2, $3)",
            &[&device, &message, &sig],
        )
        .unwrap()
        .get(0)
}

#[test]
fn the_plpgsql_p256_check_accepts_rust_signed_events_and_refuses_forged_ones() {
    let team = Team::new();
    let mut client = team.client("vakt");
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let b = Laptop::new("Ola", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    let (da, db) = (a.device().id, b.device().id);
    let unknown = uuid::Uuid::now_v7();
    for i in 0..3 {
        let e = a.act(None, &format!("note {i}"));
        let key = a.device().public_key;
        let sig = e.device_sig.clone().unwrap();
        assert!(verifies(&mut client, &key, &e.hash, &sig), "event {i}");
        assert!(verifies_points(&mut client, da, &e.hash, &sig), "event {i}");
        let mut other = e.hash;
        other[i] ^= 1;
        assert!(!verifies(&mut client, &key, &other, &sig));
        assert!(!verifies_points(&mut client, da, &other, &sig));
        assert!(!verifies(
            &mut client,
            &b.device().public_key,
            &e.hash,
            &sig
        ));
        assert!(!verifies_points(&mut client, db, &e.hash, &sig));
        assert!(!verifies_points(&mut client, unknown, &e.hash, &sig));
        let mut bent = sig.clone();
        let last = bent.len() - 1;
        bent[last] ^= 1;
        assert!(!verifies(&mut client, &key, &e.hash, &bent));
        assert!(!verifies_points(&mut client, da, &e.hash, &bent));
        // Malformed input is `false`, never an error.
        assert!(!verifies(&mut client, &key, &e.hash, &sig[..sig.len() - 1]));
        assert!(!verifies_points(
            &mut client,
            da,
            &e.hash,
            &sig[..sig.len() - 1]
        ));
        assert!(!verifies(&mut client, &key[..64], &e.hash, &sig));
        assert!(!verifies(&mut client, &[4u8; 65], &e.hash, &sig));
    }
    // The two checks agree on many more genuine signatures (every byte value of u1 and u2
    // comes up across them) and on each with its message changed.
    for i in 0..40 {
        let e = a.act(None, &format!("more {i}"));
        let key = a.device().public_key;
        let sig = e.device_sig.clone().unwrap();
        assert!(verifies_points(&mut client, da, &e.hash, &sig), "event {i}");
        let mut other = e.hash;
        other[31] ^= 0x80;
        assert_eq!(
            verifies(&mut client, &key, &other, &sig),
            verifies_points(&mut client, da, &other, &sig)
        );
    }
}

#[test]
fn the_server_recomputes_the_journals_hash() {
    let team = Team::new();
    let mut client = team.client("vakt");
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    let run = uuid::Uuid::now_v7();
    a.act(Some(run), "first");
    a.act(Some(run), "second, with æøå € and \"quotes\"");
    vakt_team::push(&mut team.client("ingrid"), a.conn()).unwrap();
    let held: Vec<(Vec<u8>, Vec<u8>)> = client
        .query("SELECT hash, vakt_event_hash(e) FROM vakt_event e", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(held.len(), 2);
    for (stored, computed) in held {
        assert_eq!(stored, computed);
    }
}

fn refused(
    result: Result<Option<vakt_journal::Receipt>, Result<String, vakt_team::TeamError>>,
) -> String {
    match result {
        Err(Ok(reason)) => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn forged_events_are_refused_with_the_reason() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut stranger = Laptop::new("Mallory", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    let mut ingrid = team.client("ingrid");
    let events: Vec<Event> = (0..3).map(|i| a.act(None, &format!("n{i}"))).collect();

    // A device the server does not know.
    let alien = stranger.act(None, "hello");
    let reason = refused(offer(&mut ingrid, &alien));
    assert!(reason.contains("not enrolled and approved"), "{reason}");

    // A gap: event 2 before event 1.
    let reason = refused(offer(&mut ingrid, &events[1]));
    assert!(reason.contains("events are missing"), "{reason}");

    // A changed payload: the hash no longer matches.
    let mut changed = events[0].clone();
    changed.payload = serde_json::json!({"text": "something else"});
    let reason = refused(offer(&mut ingrid, &changed));
    assert!(reason.contains("does not match its hash"), "{reason}");

    // A hash and signature made by another key.
    let mut resigned = events[0].clone();
    resigned.device_sig = alien.device_sig.clone();
    let reason = refused(offer(&mut ingrid, &resigned));
    assert!(reason.contains("no valid device signature"), "{reason}");

    // The real first event goes in; then a wrong previous hash for the second.
    assert!(offer(&mut ingrid, &events[0]).unwrap().is_some());
    let mut unlinked = events[1].clone();
    unlinked.prev_hash = [7; 32];
    let reason = refused(offer(&mut ingrid, &unlinked));
    assert!(reason.contains("previous hash"), "{reason}");

    // Replayed: the same event again is a no-op, not a second row.
    assert_eq!(offer(&mut ingrid, &events[0]).unwrap(), None);
    // Another event claiming the same id is refused.
    let reason = refused(offer(
        &mut ingrid,
        &Event {
            id: events[0].id,
            ..events[1].clone()
        },
    ));
    assert!(reason.contains("another event with this id"), "{reason}");

    let count: i64 = team
        .client("vakt")
        .query_one("SELECT count(*) FROM vakt_event", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 1);
}

#[test]
fn a_login_cannot_insert_another_devices_events_row_level_security() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let b = Laptop::new("Ola", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    let e = a.act(None, "mine");
    let reason = refused(offer(&mut team.client("ola"), &e));
    assert!(reason.contains("row-level security"), "{reason}");
    assert!(offer(&mut team.client("ingrid"), &e).unwrap().is_some());
}

#[test]
fn a_device_is_enrolled_by_its_login_approved_by_an_administrator_only() {
    let team = Team::new();
    let a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut owner = team.client("vakt");
    vakt_team::add_member(&mut owner, "ingrid", None, false).unwrap();
    vakt_team::add_member(&mut owner, "ola", None, false).unwrap();
    let enrolled = enrol(&mut team.client("ingrid"), &a.device(), None, "Ingrid", "h").unwrap();
    assert_eq!(enrolled.login, "ingrid");
    assert_eq!(enrolled.approved, None);
    // Enrolling again is harmless; another login enrolling it is refused.
    enrol(&mut team.client("ingrid"), &a.device(), None, "Ingrid", "h").unwrap();
    let other = enrol(&mut team.client("ola"), &a.device(), None, "Ola", "h").unwrap_err();
    assert!(
        other.to_string().contains("enrolled by login `ingrid`"),
        "{other}"
    );
    // A member cannot approve.
    let err = vakt_team::approve(&mut team.client("ingrid"), a.device().id).unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    let approved = vakt_team::approve(&mut team.client("admin"), a.device().id).unwrap();
    assert_eq!(approved.approved.unwrap().0, "admin");
    assert_eq!(server_devices(&mut team.client("ola")).unwrap().len(), 1);
    // A bad login name never reaches SQL.
    let err =
        vakt_team::add_member(&mut owner, "x; DROP TABLE vakt_event", None, false).unwrap_err();
    assert!(err.to_string().contains("lower-case"), "{err}");
}

#[test]
fn events_are_append_only_and_the_receipt_is_the_servers_even_for_the_owner() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    let e = a.act(None, "n");
    let mut ingrid = team.client("ingrid");
    // The client claims another login and time; the server keeps its own.
    let payload = serde_json::to_string(&e.payload).unwrap();
    ingrid
        .execute(
            "INSERT INTO vakt_event (id, device, device_seq, prev_hash, hlc_wall, hlc_counter, seen, \
             actor, person, os_user, os_uid, host, addresses, role, kind, run, payload, hash, \
             device_sig, login, address, server_time, server_seq) VALUES ($1, $2, 1, $3, $4, $5, \
             $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, $15, $16, $17, 'mallory', '203.0.113.9', \
             '2000-01-01T00:00:00Z', 424242)",
            &[
                &e.id,
                &e.device,
                &e.prev_hash.as_slice(),
                &e.hlc.wall_micros(),
                &i64::from(e.hlc.counter),
                &e.seen,
                &e.by.actor,
                &e.by.person,
                &e.by.os_user,
                &e.by.os_uid.map(i64::from),
                &e.by.host,
                &e.by.addresses,
                &e.by.role,
                &e.kind,
                &payload,
                &e.hash.as_slice(),
                &e.device_sig.as_deref().unwrap(),
            ],
        )
        .unwrap();
    let row = team
        .client("vakt")
        .query_one(
            "SELECT login::text, host(address), server_time > now() - interval '1 minute', server_seq \
             FROM vakt_event",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "ingrid");
    assert_eq!(
        row.get::<_, Option<String>>(1).as_deref(),
        Some("127.0.0.1")
    );
    assert!(row.get::<_, bool>(2));
    assert_eq!(row.get::<_, i64>(3), 1);
    for login in ["ingrid", "vakt"] {
        let mut c = team.client(login);
        for statement in [
            "UPDATE vakt_event SET actor = 'someone else'",
            "DELETE FROM vakt_event",
            "TRUNCATE vakt_event",
            "DELETE FROM vakt_device",
        ] {
            let err = c.batch_execute(statement).unwrap_err();
            let text = err
                .as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_default();
            assert!(
                text.contains("append-only") || text.contains("permission denied"),
                "{login}: {statement}: {text}"
            );
        }
    }
}
