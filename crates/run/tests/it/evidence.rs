//! Issue 12: the evidence store takes regular files only, never hangs, leaves nothing behind on
//! a failure or a crash, and the register keeps the chain of custody in the journal.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use vakt_playbook::{Context, LoadedPlaybook, parse_playbook, sha256_hex};
use vakt_run::custody::{self, Collection, CustodyAction, Held, Method};
use vakt_run::evidence::{EvidenceError, EvidenceStore, Keep, Watch};
use vakt_run::{Actor, Engine, Mode, RunError};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::Database;

/// The one playbook these tests need: a run to attach evidence to.
const PLAYBOOK: &str = "format = 2\nkind = \"playbook\"\nid = \"p\"\nversion = \"1\"\n\
    category = \"incident\"\ntitle = { en = \"P\" }\nsummary = { en = \"P.\" }\n[[steps]]\n\
    id = \"collect\"\ntitle = { en = \"Collect\" }\ninstructions = { en = \"Collect.\" }\n\
    role = \"responder\"\nduration = \"5m\"\n";

pub(crate) fn playbook() -> LoadedPlaybook {
    LoadedPlaybook {
        path: "p.toml".into(),
        source: PLAYBOOK.into(),
        sha256: sha256_hex(PLAYBOOK.as_bytes()),
        playbook: parse_playbook("p.toml", PLAYBOOK, &Context::default()).expect("valid"),
    }
}

pub(crate) fn kari() -> Actor {
    crate::util::kari()
}

struct Fixture {
    dir: tempfile::TempDir,
    db: Database,
    clock: FixedClock,
    ids: SequentialIds,
    run: uuid::Uuid,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
        let ids = SequentialIds::new();
        let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).expect("open");
        vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock)
            .expect("device");
        let run = Engine::new(&mut db, &clock, &ids, &dir.path().join("evidence"))
            .start(
                &kari(),
                &playbook(),
                vec!["responder".into()],
                Mode::Incident,
                "T",
            )
            .expect("start")
            .id;
        Self {
            dir,
            db,
            clock,
            ids,
            run,
        }
    }

    fn store_root(&self) -> PathBuf {
        self.dir.path().join("evidence")
    }

    fn engine(&mut self) -> Engine<'_> {
        let root = self.store_root();
        Engine::new(&mut self.db, &self.clock, &self.ids, &root)
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        path
    }
}

/// Every file under `dir`, recursively.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

pub(crate) fn parts_under(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".part"))
        .collect()
}

/// Runs `f` on a thread; fails the test if it has not returned after a generous 20 s (a hang
/// guard, not a speed assertion).
fn returns<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the call hung instead of refusing at once")
}

#[test]
fn a_fifo_is_refused_at_once_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let store = EvidenceStore::new(dir.path().join("evidence"));
    for keep in [Keep::Copy, Keep::Reference] {
        let (s, f) = (store.clone(), fifo.clone());
        let err = returns(move || Watch::unwatched(|w| s.take_in(&f, keep, w)))
            .expect_err("a FIFO is no evidence");
        assert!(
            matches!(err, EvidenceError::NotRegular { what, .. } if what.contains("FIFO")),
            "{err}"
        );
        assert!(err.to_string().contains("named pipe (FIFO)"), "{err}");
    }
    assert!(parts_under(store.root()).is_empty());
}

#[test]
fn a_directory_and_a_device_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = EvidenceStore::new(dir.path().join("evidence"));
    let err = store.put(dir.path()).expect_err("a directory");
    assert!(
        matches!(
            err,
            EvidenceError::NotRegular {
                what: "a directory",
                ..
            }
        ),
        "{err}"
    );
    let err = returns(|| EvidenceStore::new("/nonexistent-store").put(Path::new("/dev/null")))
        .expect_err("a device");
    assert!(
        matches!(
            err,
            EvidenceError::NotRegular {
                what: "a character device",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "/dev/null is a character device, not a regular file: only regular files can be evidence"
    );
}

#[test]
fn a_symlink_is_refused_with_its_target_said_plainly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("real.log");
    std::fs::write(&target, b"x").expect("write");
    let link = dir.path().join("link.log");
    std::os::unix::fs::symlink("/etc/shadow", &link).expect("symlink");
    let store = EvidenceStore::new(dir.path().join("evidence"));
    let err = store.put(&link).expect_err("a link");
    assert!(
        err.to_string()
            .ends_with("link.log is a symbolic link to /etc/shadow: attach the file it points to by its own path"),
        "{err}"
    );
    assert!(files_under(store.root()).is_empty(), "nothing stored");
    assert!(store.put(&target).is_ok(), "the real file is taken");
}

#[test]
fn an_over_limit_copy_is_refused_before_copying_and_a_reference_has_no_limit() {
    let f = Fixture::new();
    let file = f.file("big.img", &vec![7u8; 10_000]);
    let store = EvidenceStore::new(f.store_root()).with_copy_limit(4096);
    let err = store.put(&file).expect_err("over the limit");
    assert!(
        matches!(
            err,
            EvidenceError::TooLarge {
                size: 10_000,
                limit: 4096,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("register it by reference"),
        "{err}"
    );
    assert!(files_under(store.root()).is_empty(), "nothing copied");
    let taken = Watch::unwatched(|w| store.take_in(&file, Keep::Reference, w)).expect("reference");
    assert_eq!(taken.size, 10_000);
    assert_eq!(taken.sha256, sha256_hex(&vec![7u8; 10_000]));
    assert_eq!(taken.kept, Keep::Reference);
    assert!(
        files_under(store.root()).is_empty(),
        "a reference copies nothing"
    );
}

#[test]
fn a_failed_copy_leaves_no_part_behind() {
    let f = Fixture::new();
    let content = vec![1u8; 3 << 20];
    let file = f.file("memory.raw", &content);
    let store = EvidenceStore::new(f.store_root());
    // Cancelled after the first block.
    let cancel = AtomicBool::new(false);
    let mut seen = Vec::new();
    let mut progress = |p: vakt_run::evidence::Progress| {
        seen.push(p);
        cancel.store(true, Ordering::Relaxed);
    };
    let err = store
        .take_in(
            &file,
            Keep::Copy,
            &mut Watch {
                progress: &mut progress,
                cancel: &cancel,
            },
        )
        .expect_err("cancelled");
    assert!(matches!(err, EvidenceError::Cancelled), "{err}");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].total, 3 << 20);
    assert!(
        parts_under(store.root()).is_empty(),
        "no .part after a cancel"
    );
    // The rename fails: a file stands where the hash's folder should be.
    let hash = sha256_hex(&content);
    std::fs::create_dir_all(store.root().join("sha256")).expect("dir");
    std::fs::write(store.root().join("sha256").join(&hash[..2]), b"in the way").expect("block");
    let err = store.put(&file).expect_err("cannot place it");
    assert!(matches!(err, EvidenceError::Store { .. }), "{err}");
    assert!(
        parts_under(store.root()).is_empty(),
        "no .part after a failed rename"
    );
}

#[test]
fn leftovers_of_a_crash_are_swept_but_not_a_copy_in_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("evidence");
    let incoming = root.join("incoming");
    std::fs::create_dir_all(&incoming).expect("dir");
    let dead = incoming.join("4242-0.part");
    std::fs::write(&dead, b"half a copy").expect("write");
    let live = incoming.join("4243-0.part");
    let held = std::fs::File::create(&live).expect("create");
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(
        unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&held), libc::LOCK_EX) },
        0
    );
    let (_store, swept) = EvidenceStore::open(&root).expect("open");
    assert_eq!(swept.removed, vec![dead.clone()]);
    assert!(!dead.exists());
    assert!(
        live.exists(),
        "a copy another process is writing is left alone"
    );
    drop(held);
    let (_store, swept) = EvidenceStore::open(&root).expect("open again");
    assert_eq!(swept.removed, vec![live]);
}

#[test]
fn a_stored_copy_is_private_and_never_wider_than_its_source() {
    let f = Fixture::new();
    let store = EvidenceStore::new(f.store_root());
    let group = f.file("group.log", b"readable by the group");
    std::fs::set_permissions(&group, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let stored = store.put(&group).expect("put");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&store.path_of(&stored.sha256)), 0o600);
    let read_only = f.file("ro.log", b"read only");
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let stored = store.put(&read_only).expect("put");
    assert_eq!(mode(&store.path_of(&stored.sha256)), 0o400);
    assert_eq!(mode(&store.root().join("sha256")), 0o700);
}

#[test]
fn attached_evidence_records_who_where_how_and_its_custody() {
    let mut f = Fixture::new();
    let name = "report\u{202e}fdp.exe\n";
    let file = f.file(name, b"the attacker's dropper");
    let run = f.run;
    let collection = Collection {
        method: Method::MemoryImage,
        collected_by: Some("ola".into()),
        collected_at: Some("2026-11-26T07:30:00Z".parse().expect("time")),
        source_host: Some("web-01".into()),
        source_system: Some("EDR console".into()),
        keep: Keep::Copy,
        step: Some("collect".into()),
        request: None,
        description: "dropper".into(),
    };
    let state = Watch::unwatched(|w| f.engine().attach_with(run, &kari(), &file, &collection, w))
        .expect("attach");
    assert_eq!(state.evidence[0].original_name, "report\\u{202e}fdp.exe\\n");
    let items = custody::register(f.db.connection(), Some(run)).expect("register");
    let item = &items[0];
    assert_eq!(item.attached.method, Method::MemoryImage);
    assert_eq!(item.attached.collected_by.as_deref(), Some("ola"));
    assert_eq!(
        item.attached.collected_at.as_deref(),
        Some("2026-11-26T07:30:00.000000Z")
    );
    let source = item.attached.source.as_ref().expect("source");
    assert_eq!(source.host, "web-01");
    assert_eq!(source.system.as_deref(), Some("EDR console"));
    assert_eq!(source.path, file.to_string_lossy());
    assert_eq!(item.attached.held, Held::Copy);
    assert_eq!(item.recorded_by, "kari");

    let store = EvidenceStore::new(f.store_root());
    let out = f.dir.path().join("handed-over.bin");
    Watch::unwatched(|w| store.export(&item.attached.sha256, &out, w)).expect("export");
    assert_eq!(
        std::fs::read(&out).expect("read"),
        b"the attacker's dropper"
    );
    assert!(parts_under(f.dir.path()).is_empty());
    let actions = [
        CustodyAction::Viewed,
        CustodyAction::Exported {
            to: out.display().to_string(),
        },
        CustodyAction::HandedOver {
            to: "Politiet, Kripos".into(),
            purpose: "criminal complaint".into(),
        },
    ];
    for a in &actions {
        custody::record_custody(&mut f.db, &f.clock, &f.ids, &kari(), item.id, a).expect("custody");
    }
    let items = custody::register(f.db.connection(), None).expect("register");
    let trail: Vec<_> = items[0].custody.iter().map(|c| c.action.clone()).collect();
    assert_eq!(trail, actions);
    // The run's own state still replays: custody events are outside it.
    assert_eq!(f.engine().state(run).expect("state").evidence.len(), 1);
    let err = custody::record_custody(
        &mut f.db,
        &f.clock,
        &f.ids,
        &kari(),
        uuid::Uuid::nil(),
        &CustodyAction::Viewed,
    )
    .expect_err("no such item");
    assert!(matches!(err, RunError::UnknownEvidence(_)));
    let future = Collection {
        collected_at: Some("2027-01-01T00:00:00Z".parse().expect("time")),
        ..Collection::default()
    };
    let err = Watch::unwatched(|w| f.engine().attach_with(run, &kari(), &file, &future, w))
        .expect_err("future");
    assert!(matches!(err, RunError::FutureTime { .. }), "{err}");
}

#[test]
fn evidence_verify_finds_deleted_modified_and_extra_copies() {
    let mut f = Fixture::new();
    let run = f.run;
    let mut hashes = Vec::new();
    for (name, content) in [
        ("a.log", &b"first"[..]),
        ("b.log", b"second"),
        ("c.log", b"third"),
    ] {
        let file = f.file(name, content);
        f.engine()
            .attach(run, &kari(), &file, None, "x")
            .expect("attach");
        hashes.push(sha256_hex(content));
    }
    let reference = f.file("disk.img", b"a disk image left where it is");
    let by_reference = Collection {
        method: Method::DiskImage,
        keep: Keep::Reference,
        ..Collection::default()
    };
    Watch::unwatched(|w| {
        f.engine()
            .attach_with(run, &kari(), &reference, &by_reference, w)
    })
    .expect("reference");
    let store = EvidenceStore::new(f.store_root());
    let check =
        Watch::unwatched(|w| custody::verify(f.db.connection(), &store, w)).expect("verify");
    assert!(check.is_intact(), "{check:?}");
    assert_eq!((check.checked, check.references), (3, 1));

    std::fs::remove_file(store.path_of(&hashes[0])).expect("delete");
    let modified = store.path_of(&hashes[1]);
    std::fs::set_permissions(&modified, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::fs::write(&modified, b"sec0nd").expect("tamper");
    let stray = store.path_of(&"ab".repeat(32));
    std::fs::create_dir_all(stray.parent().expect("dir")).expect("dir");
    std::fs::write(&stray, b"put here by hand").expect("stray");
    std::fs::write(store.root().join("incoming").join("99-1.part"), b"leftover").expect("part");

    let check =
        Watch::unwatched(|w| custody::verify(f.db.connection(), &store, w)).expect("verify");
    assert!(!check.is_intact());
    let names = |v: &[custody::Finding]| -> Vec<String> {
        v.iter().map(|x| x.expected.items[0].name.clone()).collect()
    };
    assert_eq!(names(&check.missing), ["a.log"]);
    assert_eq!(names(&check.modified), ["b.log"]);
    assert_eq!(
        check.modified[0].found.as_deref(),
        Some(sha256_hex(b"sec0nd").as_str())
    );
    assert_eq!(check.extra, ["ab".repeat(32)]);
    assert_eq!(check.leftovers, 1);
    assert_eq!(check.checked, 2);
}

/// The crash test's child: set `VAKT_EVIDENCE_CRASH_DIR` and it attaches files to the run in
/// `VAKT_EVIDENCE_CRASH_RUN` in a loop, printing `stored HASH` after each commit, until killed.
/// Without the variable it returns at once.
#[test]
fn crash_child() {
    let (Some(dir), Some(run)) = (
        std::env::var_os("VAKT_EVIDENCE_CRASH_DIR"),
        std::env::var("VAKT_EVIDENCE_CRASH_RUN").ok(),
    ) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let run: uuid::Uuid = run.parse().expect("run");
    let clock = FixedClock::at("2026-11-26T09:00:00Z".parse().expect("time"));
    let ids = vakt_sources::RandomIds;
    let mut db = Database::open(&dir.join("vakt.sqlite3"), &clock).expect("open");
    let mut engine = Engine::new(&mut db, &clock, &ids, &dir.join("evidence"));
    let pid = std::process::id();
    for i in 0u32.. {
        let file = dir.join(format!("src-{pid}-{i}.bin"));
        let seed = format!("{pid}-{i}");
        let content: Vec<u8> = seed
            .bytes()
            .cycle()
            .take(200_000 + (i as usize % 7) * 50_000)
            .collect();
        std::fs::write(&file, &content).expect("source");
        engine
            .attach(run, &kari(), &file, None, &seed)
            .expect("attach");
        println!("stored {}", sha256_hex(&content));
        let _ = std::fs::remove_file(&file);
    }
}

/// Issue 12: SIGKILL at random points while evidence is copied, over and over: every item the
/// child reported stored is intact, nothing is missing, and no `.part` is left after reopening.
#[test]
fn killed_copies_lose_nothing_and_leave_nothing() {
    let f = Fixture::new();
    let exe = std::env::current_exe().expect("test binary");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // A child and the lines it prints, read on a thread.
    let spawn = || {
        let mut child = std::process::Command::new(&exe)
            .args([
                "evidence::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("VAKT_EVIDENCE_CRASH_DIR", f.dir.path())
            .env("VAKT_EVIDENCE_CRASH_RUN", f.run.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(h) = line.strip_prefix("stored ") {
                    let _ = tx.send(h.to_string());
                }
            }
        });
        (child, rx)
    };
    // Two children at a time on the same store and journal: a kill lands while the other
    // copies, and its sweep must not touch the other's `.part`. Each is killed at a random
    // moment after its first stored item, in the middle of its copies.
    let kills = 100;
    let mut reported = Vec::new();
    for _ in 0..kills / 2 {
        let mut children = [spawn(), spawn()];
        for (child, rx) in &mut children {
            let first = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the child stored nothing (hang guard)");
            reported.push(first);
            std::thread::sleep(Duration::from_millis(random() % 40));
            child.kill().expect("SIGKILL");
        }
        for (mut child, rx) in children {
            child.wait().expect("wait");
            reported.extend(rx.iter());
        }
    }
    let (store, _swept) = EvidenceStore::open(f.store_root()).expect("reopen");
    assert!(
        parts_under(store.root()).is_empty(),
        "no leftovers after reopening"
    );
    let db = Database::open(&f.dir.path().join("vakt.sqlite3"), &f.clock).expect("reopen db");
    let check = Watch::unwatched(|w| custody::verify(db.connection(), &store, w)).expect("verify");
    assert!(check.is_intact(), "{check:?}");
    let (expected, _) = custody::expected(db.connection()).expect("expected");
    for h in &reported {
        assert!(
            expected.iter().any(|e| e.sha256 == *h),
            "{h} reported stored, not in the journal"
        );
        let bytes = std::fs::read(store.path_of(h)).expect("stored copy");
        assert_eq!(sha256_hex(&bytes), *h);
    }
}
