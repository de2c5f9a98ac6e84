//! Crash test of the conversion to encrypted: a child process converts a plain database in
//! place and is killed with SIGKILL at a random moment, again and again. After each kill the
//! folder holds either the complete plain database or the complete encrypted one, and the next
//! open finishes the conversion with every row and leaves nothing else behind.
//!
//! The normal run kills 100 times; `VAKT_CRASH_KILLS=N` runs more, `VAKT_CRASH_SEED=N` replays
//! a sequence of kill moments.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use vakt_store::{AtRest, DataKey, Database, KdfCost, at_rest};

use crate::util::{Bytes, add_notes, child, clock, count_notes, is_child, names};

const NOTES: usize = 1000;

/// xorshift64*: a small, seedable generator for the kill moments.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn key() -> DataKey {
    DataKey::from_bytes([0x5a; 32])
}

/// The child: finishes the conversion of `VAKT_STORE_DB` (a plain database with its key file).
#[test]
fn child_converts() {
    if !is_child() {
        return;
    }
    let Some(path) = std::env::var_os("VAKT_STORE_DB") else {
        return;
    };
    println!("converting");
    let db = Database::open_encrypted(Path::new(&path), &clock(), &key()).expect("convert");
    drop(db);
    println!("converted");
}

/// Runs the child on `path`; kills it `delay` after it says it started, unless `delay` is None.
/// Returns whether it finished and how long the conversion took.
fn run_child(path: &Path, delay: Option<Duration>) -> (bool, Duration) {
    let mut proc = child(
        "crash::child_converts",
        &[("VAKT_STORE_DB", path.to_str().expect("utf-8"))],
        None,
    )
    .spawn()
    .expect("spawn");
    let mut stdout = proc.stdout.take().expect("stdout");
    let (started_tx, started) = std::sync::mpsc::channel::<Instant>();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 1024];
        let mut told = false;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
            if !told && out.windows(10).any(|w| w == b"converting") {
                let _ = started_tx.send(Instant::now());
                told = true;
            }
        }
        (String::from_utf8_lossy(&out).into_owned(), Instant::now())
    });
    let start = started.recv_timeout(Duration::from_secs(60)).ok();
    if let Some(delay) = delay {
        std::thread::sleep(delay);
        let _ = proc.kill();
    }
    proc.wait().expect("reap");
    let (out, end) = reader.join().expect("reader");
    let took = start
        .map(|s| end.saturating_duration_since(s))
        .unwrap_or_default();
    (out.contains("converted"), took)
}

/// A plain database of `NOTES` notes with its key file saved: a conversion waiting to run.
fn prepare(template: &Path, dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let path = dir.join("vakt.sqlite3");
    std::fs::copy(template, &path).expect("copy");
    key()
        .save(&path, "pass", KdfCost::TEST, &mut Bytes(4))
        .expect("key file");
    assert_eq!(at_rest(&path).expect("state"), AtRest::Converting);
    path
}

#[test]
fn a_kill_at_any_moment_of_the_conversion_loses_nothing_and_leaves_nothing() {
    let kills = env_number("VAKT_CRASH_KILLS").unwrap_or(100);
    let seed = env_number("VAKT_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            | 1
    });
    eprintln!("conversion crash test: {kills} kills, VAKT_CRASH_SEED={seed}");
    let mut moments = Moments(seed);
    let root = tempfile::tempdir().expect("tempdir");
    let template = root.path().join("template").join("vakt.sqlite3");
    {
        let db = Database::open(&template, &clock()).expect("template");
        add_notes(&db, 0, NOTES);
    }
    // One undisturbed conversion: how long the child's conversion takes here, now.
    let (done, took) = run_child(&prepare(&template, &root.path().join("calibrate")), None);
    assert!(done, "the conversion runs to the end when not killed");
    let window = took.max(Duration::from_millis(5));
    eprintln!("conversion took {took:?} in the child");
    let (mut plain_after, mut encrypted_after, mut with_leftovers) = (0, 0, 0);
    for round in 0..kills {
        let dir = root.path().join(format!("round-{round}"));
        let path = prepare(&template, &dir);
        // Anywhere from before the child starts converting to a little after it would be done.
        let delay = Duration::from_micros(moments.next() % (window.as_micros() as u64 * 5 / 4 + 1));
        run_child(&path, Some(delay));
        if names(&dir).iter().any(|n| n.contains(".encrypting")) {
            with_leftovers += 1;
        }
        // Either the complete plain database or the complete encrypted one.
        match at_rest(&path).expect("state") {
            AtRest::Converting => {
                plain_after += 1;
                let db = Database::open_read_only(&path, None).expect("plain reads");
                assert_eq!(
                    count_notes(&db),
                    NOTES as i64,
                    "round {round}: plain complete"
                );
            }
            AtRest::Encrypted => {
                encrypted_after += 1;
                let db = Database::open_read_only(&path, Some(&key())).expect("encrypted reads");
                assert_eq!(
                    count_notes(&db),
                    NOTES as i64,
                    "round {round}: encrypted complete"
                );
            }
            other => panic!("round {round}: {other:?}"),
        }
        // The next open finishes the work and leaves nothing behind.
        let db = Database::open_encrypted(&path, &clock(), &key()).expect("reopen");
        assert_eq!(count_notes(&db), NOTES as i64, "round {round}");
        let quick: String = db
            .connection()
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .expect("quick_check");
        assert_eq!(quick, "ok", "round {round}");
        drop(db);
        assert_eq!(at_rest(&path).expect("state"), AtRest::Encrypted);
        assert_eq!(
            names(&dir),
            ["vakt.sqlite3", "vakt.sqlite3.key"],
            "round {round}"
        );
        std::fs::remove_dir_all(&dir).expect("clean");
    }
    eprintln!(
        "conversion crash test: {kills} kills: {plain_after} left the plain database, \
         {encrypted_after} the encrypted one, {with_leftovers} left a half-written copy"
    );
    assert!(
        with_leftovers >= kills / 10,
        "at least a tenth of the kills must land while the copy is being written"
    );
}
