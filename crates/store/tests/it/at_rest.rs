//! Encrypted at rest: no note text in the file or its log, a wrong passphrase is a typed error
//! that changes nothing, a plain database is converted in place with everything in it.

use vakt_store::{AtRest, DataKey, Database, KdfCost, StoreError, at_rest, key_file_path};

use crate::util::{NOTE, add_notes, clock, count_notes, encrypted, file_contains, names};

#[test]
fn strings_finds_no_note_in_the_encrypted_database_or_its_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The same notes in a plain file are there to find: the search itself works.
    let plain_path = dir.path().join("plain").join("vakt.sqlite3");
    let plain = Database::open(&plain_path, &clock()).expect("plain");
    add_notes(&plain, 0, 50);
    plain.set_setting("note", NOTE, &clock()).expect("setting");
    assert!(
        file_contains(&plain_path, NOTE)
            || file_contains(&plain_path.with_extension("sqlite3-wal"), NOTE)
    );
    let path = dir.path().join("enc").join("vakt.sqlite3");
    let (db, _key) = encrypted(&path, "pass");
    add_notes(&db, 0, 50);
    db.set_setting("note", NOTE, &clock()).expect("setting");
    // While open, the new pages sit in the log; after closing, in the file.
    let wal = path.with_extension("sqlite3-wal");
    assert!(wal.exists(), "the log is there to search");
    for file in [&path, &wal, &key_file_path(&path)] {
        assert!(
            !file_contains(file, "web-07"),
            "{} holds note text",
            file.display()
        );
        assert!(
            !file_contains(file, "SQLite format 3"),
            "{}",
            file.display()
        );
    }
    drop(db);
    assert!(!file_contains(&path, "web-07"));
    assert_eq!(at_rest(&path).expect("state"), AtRest::Encrypted);
}

#[test]
fn a_wrong_passphrase_is_typed_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    let (db, _) = encrypted(&path, "the right one");
    add_notes(&db, 0, 5);
    drop(db);
    let before: Vec<(String, Vec<u8>)> = names(dir.path())
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(dir.path().join(&n)).expect("read")))
        .collect();
    let err = DataKey::unlock(&path, "the wrong one").expect_err("wrong");
    assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err}");
    let err = Database::open(&path, &clock()).expect_err("no key");
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string().contains("unlock it with your passphrase"),
        "{err}"
    );
    let err = Database::open_read_only(&path, None).expect_err("no key");
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    let after: Vec<(String, Vec<u8>)> = names(dir.path())
        .into_iter()
        .map(|n| (n.clone(), std::fs::read(dir.path().join(&n)).expect("read")))
        .collect();
    assert_eq!(before, after, "nothing changed");
    let key = DataKey::unlock(&path, "the right one").expect("unlock");
    let db = Database::open_encrypted(&path, &clock(), &key).expect("open");
    assert!(db.is_encrypted());
    assert_eq!(count_notes(&db), 5);
}

#[test]
fn another_databases_key_is_a_mismatch_not_garbage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    drop(encrypted(&path, "pass"));
    let other = DataKey::from_bytes([7; 32]);
    let err = Database::open_encrypted(&path, &clock(), &other).expect_err("mismatch");
    assert!(matches!(err, StoreError::KeyMismatch { .. }), "{err}");
    let err = Database::open_read_only(&path, Some(&other)).expect_err("mismatch");
    assert!(matches!(err, StoreError::KeyMismatch { .. }), "{err}");
}

#[test]
fn a_plain_database_is_converted_in_place_with_everything_and_no_leftovers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    let mut db = Database::open(&path, &clock()).expect("plain");
    add_notes(&db, 0, 300);
    db.set_setting("workspace", "/ws/æøå", &clock())
        .expect("setting");
    let version = db.schema_version().expect("version");
    assert_eq!(at_rest(&path).expect("state"), AtRest::Plain);
    let key = db
        .encrypt(&clock(), "pass", KdfCost::TEST, &mut crate::util::Bytes(9))
        .expect("encrypt");
    assert!(db.is_encrypted());
    assert_eq!(count_notes(&db), 300);
    assert_eq!(db.schema_version().expect("version"), version);
    assert_eq!(db.journal_mode().expect("mode"), "wal");
    drop(db);
    assert_eq!(at_rest(&path).expect("state"), AtRest::Encrypted);
    assert_eq!(names(dir.path()), ["vakt.sqlite3", "vakt.sqlite3.key"]);
    assert!(!file_contains(&path, "web-07"));
    let db = Database::open_encrypted(&path, &clock(), &key).expect("reopen");
    assert_eq!(
        db.setting("workspace").expect("read").as_deref(),
        Some("/ws/æøå")
    );
    let quick: String = db
        .connection()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .expect("quick_check");
    assert_eq!(quick, "ok");
}

#[test]
fn a_key_is_never_used_without_its_key_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    let key = DataKey::from_bytes([1; 32]);
    let err = Database::open_encrypted(&path, &clock(), &key).expect_err("no key file");
    assert!(matches!(err, StoreError::KeyFile { .. }), "{err}");
    assert!(!path.exists() || std::fs::metadata(&path).expect("meta").len() == 0);
}

#[test]
fn a_conversion_another_connection_blocks_is_refused_and_leaves_the_plain_file_as_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("vakt.sqlite3");
    let mut db = Database::open(&path, &clock()).expect("plain");
    add_notes(&db, 0, 20);
    let other = Database::open(&path, &clock()).expect("another window");
    let started = std::time::Instant::now();
    let err = db
        .encrypt(&clock(), "pass", KdfCost::TEST, &mut crate::util::Bytes(2))
        .expect_err("busy");
    eprintln!("refused after {:?}: {err}", started.elapsed());
    assert!(err.to_string().contains("another Vakt"), "{err}");
    assert!(!db.is_encrypted());
    assert_eq!(at_rest(&path).expect("state"), AtRest::Plain);
    assert!(!key_file_path(&path).exists(), "the key file is taken back");
    assert_eq!(
        count_notes(&db),
        20,
        "the session goes on with the plain file"
    );
    assert_eq!(count_notes(&other), 20);
    add_notes(&db, 20, 1);
    drop(other);
    assert!(!names(dir.path()).iter().any(|n| n.contains("encrypting")));
}
