//! Persons: the person at the keyboard from the operating system, their key's protection, and
//! the attribution every event of a run carries (login, uid, host, addresses, person id),
//! which the chain protects.

use std::sync::Arc;

use vakt_api::json::{RunAction, RunMode};
use vakt_api::ops::*;
use vakt_api::{ErrorCode, LaunchOptions, Session, Sources, Vakt};
use vakt_sources::{FixedClock, FixedMachine, SequentialIds, Whereabouts};

fn machine() -> FixedMachine {
    FixedMachine(Whereabouts {
        os_user: "ingrid".into(),
        os_uid: Some(1001),
        full_name: Some("Ingrid Berg".into()),
        host: "ir-laptop-3".into(),
        addresses: vec!["192.0.2.44".into(), "2001:db8::44".into()],
    })
}

fn open(data: &std::path::Path) -> Session {
    let options = LaunchOptions {
        data_dir: Some(data.into()),
        ..LaunchOptions::default()
    };
    let sources = Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(machine()),
    };
    Session::new(Vakt::open(&options, sources).expect("open"))
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn the_first_start_creates_the_person_with_a_device_protected_key_that_cannot_sign() {
    let data = tempfile::tempdir().expect("tempdir");
    let session = open(data.path());
    let me = session.call(MeRequest {}).expect("me").person;
    assert_eq!(me.display_name, "Ingrid Berg", "the GECOS full name");
    assert_eq!((me.os_user.as_str(), me.os_uid), ("ingrid", Some(1001)));
    assert!(!me.passphrase_set && !me.name_confirmed && me.self_signed);
    let dir = data.path().join("people").join(&me.id);
    // The id is the SHA-256 of the certificate's public key.
    let cert = vakt_signature::Identity::load_certificate(&dir).expect("certificate");
    let spki = der::Encode::to_der(&cert.tbs_certificate.subject_public_key_info).expect("spki");
    assert_eq!(me.id, vakt_stdx::sha256_hex(&spki));
    assert!(
        !dir.join("key.pem").exists(),
        "no passphrase, no signing key"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("device")), 0o700);
        assert_eq!(mode(&dir.join("device/key.pem")), 0o600);
        assert_eq!(mode(&dir.join("person.toml")), 0o600);
    }
    // The demo workspace lists Ingrid Berg's test key, not this fresh one.
    assert_eq!(me.workspace_person, None);
    // Signing needs a passphrase first: loading the key says so, not "file not found".
    let early = vakt_signature::Identity::load(&dir, "anything at all").expect_err("no key.pem");
    assert!(
        matches!(early, vakt_signature::SignatureError::NoPassphrase(_))
            && early.to_string().starts_with("set a passphrase first"),
        "{early}"
    );
    let err = session
        .call(SetPersonPassphraseRequest {
            passphrase: "ingrid".into(),
            again: "ingrid".into(),
            current: None,
        })
        .expect_err("weak");
    assert_eq!(err.code, ErrorCode::WeakPassphrase);
    let err = session
        .call(SetPersonPassphraseRequest {
            passphrase: "Ingrid Berg 1001".into(),
            again: "Ingrid Berg 1001".into(),
            current: None,
        })
        .expect_err("her own name is no passphrase");
    assert_eq!(err.code, ErrorCode::WeakPassphrase, "{err}");
    let strong = "lilac tractor humming underwater";
    let after = session
        .call(SetPersonPassphraseRequest {
            passphrase: strong.into(),
            again: strong.into(),
            current: None,
        })
        .expect("set")
        .person;
    assert!(after.passphrase_set);
    assert_eq!(after.id, me.id, "the same key, now under the passphrase");
    assert!(dir.join("key.pem").is_file() && !dir.join("device").exists());
    #[cfg(unix)]
    assert_eq!(mode(&dir.join("key.pem")), 0o600);
    let identity = vakt_signature::Identity::load(&dir, strong).expect("loads with it");
    assert!(
        identity.subject().starts_with("Ingrid Berg"),
        "{}",
        identity.subject()
    );
    // Changing it needs the current one.
    let err = session
        .call(SetPersonPassphraseRequest {
            passphrase: "violet engine sleeping uphill".into(),
            again: "violet engine sleeping uphill".into(),
            current: Some("wrong guess entirely".into()),
        })
        .expect_err("wrong current");
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
}

#[test]
fn a_pkcs12_from_the_organisation_makes_the_person_the_workspace_person_with_their_roles() {
    let data = tempfile::tempdir().expect("tempdir");
    let session = open(data.path());
    let before = session.call(MeRequest {}).expect("me").person;
    let me = session
        .call(ImportPersonPkcs12Request {
            path: concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/people/ingrid-berg.p12"
            )
            .into(),
            file_passphrase: "test-key-only".into(),
            passphrase: "lilac tractor humming underwater".into(),
            again: "lilac tractor humming underwater".into(),
        })
        .expect("import")
        .person;
    assert_eq!(
        me.id,
        "e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5"
    );
    assert_ne!(me.id, before.id);
    assert!(!data.path().join("people").join(&before.id).exists());
    assert_eq!(me.workspace_person.as_deref(), Some("ingrid-berg"));
    assert_eq!(me.eligible_roles, ["incident-manager", "dpo", "scribe"]);
    assert!(me.passphrase_set && !me.auditor);
}

#[test]
fn every_event_of_a_run_carries_login_uid_host_addresses_and_person_and_the_chain_protects_them() {
    let data = tempfile::tempdir().expect("tempdir");
    let session = open(data.path());
    let me = session.call(MeRequest {}).expect("me").person;
    let run = session
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: "Phishing".into(),
        })
        .expect("start at once")
        .summary
        .id;
    for text in ["first", "second"] {
        session
            .call(RunActRequest {
                run: run.clone(),
                action: RunAction::Note {
                    step: None,
                    text: text.into(),
                },
            })
            .expect("note");
    }
    session
        .call(RunActRequest {
            run: run.clone(),
            action: RunAction::AssignRole {
                role: "dpo".into(),
                person: "ingrid-berg".into(),
            },
        })
        .expect("assign an eligible person");
    let page = session
        .call(JournalPageRequest {
            filter: vakt_api::json::JournalFilter {
                run: Some(run.clone()),
                ..Default::default()
            },
        })
        .expect("journal");
    assert_eq!(page.events.len(), 4);
    for e in &page.events {
        assert_eq!(e.os_user, "ingrid", "{e:?}");
        assert_eq!(e.os_uid, Some(1001));
        assert_eq!(e.host, "ir-laptop-3");
        assert_eq!(e.addresses, ["192.0.2.44", "2001:db8::44"]);
        assert_eq!(e.person.as_deref(), Some(me.id.as_str()));
        assert_eq!(e.actor, "Ingrid Berg");
    }
    let assigned = page
        .events
        .iter()
        .find(|e| e.kind == "role.assigned")
        .expect("assignment");
    assert!(
        assigned.payload.contains(
            "\"person\":\"e6b8454273135909f76bd6a35609892de995fc44aabaf43a30ece2beefcf9ab5\""
        ) && assigned.payload.contains("\"person_name\":\"Ingrid Berg\""),
        "{}",
        assigned.payload
    );
    let seq = page.events[1].seq;
    drop(session);
    // Changing any of them in the database breaks the chain at that event.
    let changes: &[(&str, rusqlite::types::Value)] = &[
        ("os_user", "root".to_string().into()),
        ("os_uid", 0i64.into()),
        ("host", "elsewhere".to_string().into()),
        ("addresses", "[\"198.51.100.1\"]".to_string().into()),
        ("person", "cd".repeat(32).into()),
        ("actor", "Mallory".to_string().into()),
    ];
    let db = data.path().join(vakt_api::DATABASE_FILE);
    for (column, value) in changes {
        let copy = tempfile::tempdir().expect("tempdir");
        for entry in std::fs::read_dir(data.path()).expect("list") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_file() {
                std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copy");
            }
        }
        let _ = &db;
        let conn = rusqlite::Connection::open(copy.path().join(vakt_api::DATABASE_FILE))
            .expect("database");
        conn.execute_batch(
            "DROP TRIGGER journal_event_no_update; DROP TRIGGER journal_event_no_delete;",
        )
        .expect("an attacker drops the triggers");
        conn.execute(
            &format!("UPDATE journal_event SET {column} = ?1 WHERE seq = ?2"),
            rusqlite::params![value, seq as i64],
        )
        .expect("tamper");
        let broken = vakt_journal::verify(&conn, None)
            .expect("verify")
            .first_break
            .unwrap_or_else(|| panic!("changing {column} went unnoticed"));
        assert_eq!(broken.seq, seq, "changed {column}: {}", broken.reason);
    }
}
