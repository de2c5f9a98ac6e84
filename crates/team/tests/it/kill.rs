//! A laptop killed (SIGKILL) in the middle of a sync, a hundred times: nothing is lost, the
//! journal stays intact, and the next sync completes.

use std::process::{Command, Stdio};
use std::time::Duration;

use vakt_journal::verify;
use vakt_team::sync;

use crate::laptop::Laptop;
use crate::team::Team;

/// The child process: one sync of the laptop at `VAKT_TEAM_WORKER_DB` with the server at
/// `VAKT_TEAM_WORKER_SERVER`. Does nothing when run on its own.
#[test]
#[ignore = "started by kill_minus_nine_mid_sync_loses_nothing as a child process"]
fn sync_worker() {
    let (Some(path), Some(server)) = (
        std::env::var_os("VAKT_TEAM_WORKER_DB"),
        std::env::var("VAKT_TEAM_WORKER_SERVER").ok(),
    ) else {
        return;
    };
    let clock = vakt_sources::FixedClock::at("2026-12-01T12:00:00Z".parse().unwrap());
    let mut db = vakt_store::Database::open(std::path::Path::new(&path), &clock).unwrap();
    let mut client = vakt_team::connect(&server).unwrap();
    // Pull first (fast, many local commits), then push (slow: the server checks signatures).
    vakt_team::pull(&mut client, db.connection_mut()).unwrap();
    sync(&mut client, db.connection_mut()).unwrap();
}

#[test]
fn kill_minus_nine_mid_sync_loses_nothing() {
    let team = Team::new();
    let mut a = Laptop::new("Ingrid", "2026-12-01T10:00:00Z");
    let mut b = Laptop::new("Ola", "2026-12-01T10:00:00Z");
    team.join(&a, "ingrid");
    team.join(&b, "ola");
    for i in 0..150 {
        b.act(None, &format!("b{i}"));
    }
    // The server gets b's events in one go (the owner's own connection is as checked as any).
    vakt_team::push(&mut team.client("ola"), b.conn()).unwrap();
    let me = std::env::current_exe().unwrap();
    let mut seed = 0x1234_5678_9abc_def1u64;
    // Kill until 100 kills have landed while the child was still running (a sync that finished
    // first does not count), whatever the machine's speed; at most 500 rounds.
    let mut killed_running = 0;
    let mut round = 0;
    while killed_running < 100 && round < 500 {
        round += 1;
        a.act(None, &format!("a{round}"));
        let mut child = Command::new(&me)
            .args(["--ignored", "--exact", "kill::sync_worker", "--nocapture"])
            .env("VAKT_TEAM_WORKER_DB", a.path())
            .env("VAKT_TEAM_WORKER_SERVER", team.conninfo("ingrid"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(5 + seed % 120));
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert!(
        killed_running >= 100,
        "only {killed_running} of {round} kills landed while the sync was running"
    );
    let v = verify(a.db.connection(), None).unwrap();
    assert!(v.is_intact(), "{:?}", v.first_break);
    let ok: String =
        a.db.connection()
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .unwrap();
    assert_eq!(ok, "ok");
    // The next sync completes: every event on both sides, every receipt.
    let mut ca = team.client("ingrid");
    sync(&mut ca, a.conn()).unwrap();
    sync(&mut team.client("ola"), b.conn()).unwrap();
    assert_eq!(a.replay(), b.replay());
    assert_eq!(a.replay().len(), 150 + round);
    assert_eq!(a.without_receipts(), 0);
    assert_eq!(b.without_receipts(), 0);
    assert!(
        vakt_team::compare(&mut ca, a.db.connection())
            .unwrap()
            .agrees()
    );
}
