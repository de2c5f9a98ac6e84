//! Write-protected and full media. A tmpfs the test mounts (root, as on CI) is made read-only
//! or filled; without root the read-only cases use a folder without write permission instead,
//! and the full-disk case says it was not run.

use std::os::unix::fs::PermissionsExt;

use vakt_store::{DataKey, Database, StoreError};

use crate::util::{Tmpfs, add_notes, clock, copy_dir, count_notes, encrypted, names};

/// A data directory copied onto write-protected media: a read-only tmpfs when this user can
/// mount one, else a folder with its write permission taken away.
fn write_protected_copy(
    from: &std::path::Path,
) -> (Option<Tmpfs>, tempfile::TempDir, std::path::PathBuf) {
    let holder = tempfile::tempdir().expect("tempdir");
    match Tmpfs::mount("4m") {
        Some(fs) => {
            let dir = fs.path.join("copy");
            copy_dir(from, &dir);
            fs.write_protect();
            (Some(fs), holder, dir)
        }
        None => {
            let dir = holder.path().join("copy");
            copy_dir(from, &dir);
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).expect("chmod");
            (None, holder, dir)
        }
    }
}

#[test]
fn a_write_protected_copy_opens_for_reading_plain_and_encrypted() {
    let source = tempfile::tempdir().expect("tempdir");
    let plain_dir = source.path().join("plain");
    let db = Database::open(&plain_dir.join("vakt.sqlite3"), &clock()).expect("plain");
    add_notes(&db, 0, 40);
    drop(db);
    let enc_dir = source.path().join("enc");
    let (db, key) = encrypted(&enc_dir.join("vakt.sqlite3"), "pass");
    add_notes(&db, 0, 40);
    drop(db);
    for (dir, key) in [(&plain_dir, None), (&enc_dir, Some(&key))] {
        let (_fs, _holder, copy) = write_protected_copy(dir);
        let before = names(&copy);
        let path = copy.join("vakt.sqlite3");
        let db = Database::open_read_only(&path, key).expect("read-only open");
        assert_eq!(count_notes(&db), 40);
        assert!(db.read_only().is_some());
        let err = db
            .connection()
            .execute("INSERT INTO note (n, text) VALUES (99, 'x')", [])
            .expect_err("refused");
        assert!(err.to_string().contains("readonly"), "{err}");
        drop(db);
        // The open that would write falls back to reading, and says why.
        let db = Database::open_or_read_only(&path, &clock(), key).expect("fallback");
        assert!(
            matches!(
                db.read_only(),
                Some("the medium is write-protected" | "no permission to write there")
            ),
            "{:?}",
            db.read_only()
        );
        assert_eq!(count_notes(&db), 40);
        assert!(matches!(
            db.ensure_writable(),
            Err(StoreError::ReadOnly { .. })
        ));
        drop(db);
        assert_eq!(names(&copy), before, "nothing created on the copy");
    }
}

#[test]
fn a_copy_taken_while_vakt_ran_reads_its_pending_log() {
    let source = tempfile::tempdir().expect("tempdir");
    let (db, key) = encrypted(&source.path().join("vakt.sqlite3"), "pass");
    add_notes(&db, 0, 25);
    // Copied while open: the notes are only in the -wal, beside its -shm.
    let (_fs, _holder, copy) = write_protected_copy(source.path());
    drop(db);
    assert!(names(&copy).contains(&"vakt.sqlite3-wal".to_string()));
    match Database::open_read_only(&copy.join("vakt.sqlite3"), Some(&key)) {
        Ok(db) => {
            eprintln!("pending log: read from the write-protected copy");
            assert_eq!(count_notes(&db), 25);
        }
        // SQLite cannot use the log there: the error says what to do, never a silent old state.
        Err(e) => {
            eprintln!("pending log: refused with {e}");
            assert!(matches!(e, StoreError::PendingLog { .. }), "{e}");
        }
    }
}

#[test]
fn a_full_disk_reads_and_refuses_writes_as_disk_full_losing_nothing() {
    let Some(fs) = Tmpfs::mount("1m") else {
        eprintln!("full disk: not run (mounting a tmpfs needs root)");
        return;
    };
    let dir = fs.path.join("vakt");
    let path = dir.join("vakt.sqlite3");
    let (db, key) = encrypted(&path, "pass");
    add_notes(&db, 0, 100);
    drop(db);
    // Fill the disk.
    let filler = fs.path.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).expect("filler");
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let db =
        Database::open_or_read_only(&path, &clock(), Some(&key)).expect("opens on a full disk");
    assert_eq!(count_notes(&db), 100);
    eprintln!("full disk: opened {:?}", db.read_only());
    let write = db.set_setting("big", &"y".repeat(200_000), &clock());
    match (db.read_only(), write) {
        // Opened for writing (SQLite found room for its index): the write itself is refused.
        (None, Err(e)) => assert!(matches!(e, StoreError::DiskFull { .. }), "{e}"),
        (Some(why), Err(_)) => assert_eq!(why, "the disk is full"),
        (_, Ok(())) => panic!("a 200 kB write succeeded on a full 1 MB disk"),
    }
    let err = Database::open_read_only(&path, Some(&key)).map(|_| ());
    assert!(err.is_ok(), "reading works on a full disk: {err:?}");
    drop(db);
    std::fs::remove_file(&filler).expect("free");
    let db = Database::open_encrypted(&path, &clock(), &key).expect("reopen");
    assert_eq!(count_notes(&db), 100, "nothing lost");
    let quick: String = db
        .connection()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .expect("quick_check");
    assert_eq!(quick, "ok");
    drop(db);
    let _ = DataKey::unlock(&path, "pass").expect("key file intact");
}
