//! Private by default: the data directory 0700, every file 0600, whatever the umask.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use vakt_store::{Database, KdfCost, key_file_path};

use crate::util::{Bytes, add_notes, child, clock, is_child};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

/// The child: opens (creating) an encrypted database in `VAKT_STORE_DIR`, writes, and exits
/// without closing, so its `-wal` and `-shm` stay for the parent to look at.
#[test]
fn child_creates_a_database() {
    if !is_child() {
        return;
    }
    let Some(dir) = std::env::var_os("VAKT_STORE_DIR") else {
        return;
    };
    let path = Path::new(&dir).join("vakt.sqlite3");
    let mut db = Database::open(&path, &clock()).expect("open");
    add_notes(&db, 0, 10);
    db.encrypt(&clock(), "pass", KdfCost::TEST, &mut Bytes(1))
        .expect("encrypt");
    add_notes(&db, 10, 10);
    println!("created");
    std::process::exit(0);
}

#[test]
fn every_file_is_private_under_an_open_umask() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("data").join("vakt");
    let out = child(
        "private::child_creates_a_database",
        &[("VAKT_STORE_DIR", dir.to_str().expect("utf-8"))],
        Some("000"),
    )
    .output()
    .expect("run child");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("created"),
        "child failed: {out:?}"
    );
    assert_eq!(mode(&dir), 0o700, "data directory");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("list") {
        let entry = entry.expect("entry");
        seen.push(entry.file_name().to_string_lossy().into_owned());
        assert_eq!(mode(&entry.path()), 0o600, "{}", entry.path().display());
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "vakt.sqlite3",
            "vakt.sqlite3-shm",
            "vakt.sqlite3-wal",
            "vakt.sqlite3.key"
        ]
    );
}

#[test]
fn wider_modes_are_narrowed_on_open_and_reported() {
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("vakt");
    let path = dir.join("vakt.sqlite3");
    drop(Database::open(&path, &clock()).expect("create"));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod db");
    let db = Database::open(&path, &clock()).expect("reopen");
    let fixes: Vec<String> = db
        .permission_fixes()
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(fixes.len(), 2, "{fixes:?}");
    assert!(
        fixes[0].contains("mode 0755") && fixes[0].contains("now 0700"),
        "{fixes:?}"
    );
    assert!(
        fixes[1].contains("vakt.sqlite3 was readable by others (mode 0644)"),
        "{fixes:?}"
    );
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert!(!key_file_path(&path).exists());
    drop(db);
    assert!(
        Database::open(&path, &clock())
            .expect("again")
            .permission_fixes()
            .is_empty()
    );
}
