//! Crash test: the `vakt` binary appends journal events in a loop, printing `ack SEQ` after each
//! commit; the test kills it with SIGKILL at random moments, again and again, and then checks
//! that every acknowledged event is present and the chain verifies.
//!
//! The normal run kills 200 times. `VAKT_CRASH_KILLS=1000 cargo test -p vakt-cli --test it crash
//! -- --nocapture` runs the longer mode; `VAKT_CRASH_SEED=N` replays a sequence of kill moments.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Duration;

use vakt_sources::FixedClock;
use vakt_store::Database;

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

#[test]
fn every_acknowledged_event_survives_sigkill_and_the_chain_verifies() {
    let kills = env_number("VAKT_CRASH_KILLS").unwrap_or(200);
    let seed = env_number("VAKT_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            | 1
    });
    eprintln!("crash test: {kills} kills, VAKT_CRASH_SEED={seed}");
    let mut moments = Moments(seed);
    let data = tempfile::tempdir().expect("tempdir");
    let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
    let mut acknowledged_total = 0u64;
    let mut highest_ack = 0u64;
    let mut lost = 0u64;
    let mut kills_during_appends = 0u64;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vakt"))
            .args(["--data-dir"])
            .arg(data.path())
            .args(["journal", "soak"])
            .env("VAKT_WORKSPACE", data.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn vakt");
        // Every other round: anywhere from at once (during start-up and migration) to 60 ms
        // after the spawn. The others: 0 to 20 ms after the first acknowledgement, so kills land
        // while appending however long start-up takes on a loaded machine.
        let mut stdout = child.stdout.take().expect("stdout");
        let (first_ack, seen) = std::sync::mpsc::channel::<()>();
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let mut buf = [0u8; 4096];
            let mut told = false;
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
                if !told && out.windows(4).any(|w| w == b"ack ") {
                    let _ = first_ack.send(());
                    told = true;
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        });
        let wait = if round % 2 == 0 {
            moments.next() % 60_000
        } else {
            // A child that never acknowledges within 30 s is killed anyway and counted below.
            let _ = seen.recv_timeout(Duration::from_secs(30));
            moments.next() % 20_000
        };
        std::thread::sleep(Duration::from_micros(wait));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let out = reader.join().expect("reader");
        let acks: Vec<u64> = out
            .lines()
            .filter_map(|l| l.strip_prefix("ack "))
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        if !acks.is_empty() {
            kills_during_appends += 1;
        }
        acknowledged_total += acks.len() as u64;
        highest_ack = highest_ack.max(acks.iter().copied().max().unwrap_or(0));
        let db = Database::open(&data.path().join("vakt.sqlite3"), &clock).expect("reopen");
        let v = vakt_journal::verify(db.connection(), None).expect("verify");
        assert!(v.is_intact(), "round {round}: {:?}", v.first_break);
        // Every acknowledged sequence number is present (the chain has no gaps, so this is
        // the count reaching the highest acknowledgement).
        lost += acks.iter().filter(|&&seq| seq > v.count).count() as u64;
        let quick: String = db
            .connection()
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .expect("quick_check");
        assert_eq!(quick, "ok", "round {round}");
    }
    eprintln!(
        "crash test: {kills} kills ({kills_during_appends} while appending), \
         {acknowledged_total} acknowledged events, highest seq {highest_ack}, lost {lost}"
    );
    assert_eq!(lost, 0, "acknowledged events were lost");
    assert!(
        kills_during_appends >= kills / 2,
        "at least half the kills must land while appending"
    );
}
