//! Shared helpers: a clock, a key source, a child process of this test binary, tmpfs mounts.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use vakt_sources::FixedClock;
use vakt_store::{DataKey, Database, KdfCost};

pub const NOTE: &str = "Isolated host web-07 in zone dmz after the ransomware note";

pub fn clock() -> FixedClock {
    FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"))
}

/// A deterministic random source for keys and salts.
pub struct Bytes(pub u8);

impl rand_core::RngCore for Bytes {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for b in dest {
            self.0 = self.0.wrapping_mul(31).wrapping_add(17);
            *b = self.0;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core::CryptoRng for Bytes {}

/// A table of notes, as the journal would hold them.
pub fn add_notes(db: &Database, from: usize, count: usize) {
    db.connection()
        .execute_batch(
            "CREATE TABLE IF NOT EXISTS note (n INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        )
        .expect("table");
    for n in from..from + count {
        db.connection()
            .execute(
                "INSERT INTO note (n, text) VALUES (?1, ?2)",
                rusqlite::params![n as i64, format!("{NOTE} #{n} {}", "x".repeat(200))],
            )
            .expect("insert");
    }
}

pub fn count_notes(db: &Database) -> i64 {
    db.connection()
        .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
        .expect("count")
}

/// A new encrypted database under `passphrase` at `path`, with its key.
pub fn encrypted(path: &Path, passphrase: &str) -> (Database, DataKey) {
    let mut db = Database::open(path, &clock()).expect("open plain");
    let key = db
        .encrypt(&clock(), passphrase, KdfCost::TEST, &mut Bytes(3))
        .expect("encrypt");
    (db, key)
}

/// Whether `needle` occurs in `path`'s bytes (what `strings` would find).
pub fn file_contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// This test binary run again as a child, running only the test `name` (which acts only when
/// `VAKT_STORE_CHILD` is set) with the given environment; `umask` when given is set first.
pub fn child(name: &str, env: &[(&str, &str)], umask: Option<&str>) -> Command {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = match umask {
        Some(mask) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
                .arg(exe);
            c
        }
        None => Command::new(exe),
    };
    cmd.args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env("VAKT_STORE_CHILD", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

pub fn is_child() -> bool {
    std::env::var_os("VAKT_STORE_CHILD").is_some()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A small tmpfs the test mounts (root only: CI runs as root), unmounted when dropped.
pub struct Tmpfs {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Tmpfs {
    /// Mounts one of `size` (mount's syntax, e.g. `2m`); `None` when this user cannot mount.
    pub fn mount(size: &str) -> Option<Self> {
        if !is_root() {
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().to_path_buf();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(&path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        ok.then_some(Self { _dir: dir, path })
    }

    /// Makes it read-only (for root too).
    pub fn write_protect(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .expect("remount")
            .success();
        assert!(ok, "remount read-only");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

/// Copies the files of `from` into `to` (flat).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}
