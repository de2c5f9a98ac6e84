//! The window's background sync (`vakt_api::Session::run_team_sync`) against a real server:
//! two sessions, each with its sync thread; an action in one reaches the other through the
//! server's announcement without anybody asking, with its receipt; while the server is down the
//! actions still run at once, the link says offline since when and how many events wait, and
//! after the server is back they are shared without a click.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use vakt_api::json::{JournalFilter, TeamLinkState, TeamStatus};
use vakt_api::ops::{JournalPageRequest, JournalSoakRequest, TeamStatusRequest};
use vakt_api::{LaunchOptions, Session, Sources, TeamSignal};
use vakt_sources::{FixedMachine, RandomIds, SystemClock};

use crate::cli::vakt;
use crate::pg::Cluster;

/// A session on `data` as the person at the keyboard named `actor`.
fn session(data: &Path, actor: &str) -> Arc<Session> {
    let login = actor.to_lowercase();
    let mut machine = FixedMachine::new(&login, &format!("laptop-{login}"));
    machine.0.full_name = Some(actor.to_string());
    let options = LaunchOptions {
        data_dir: Some(data.to_path_buf()),
        ..LaunchOptions::default()
    };
    Arc::new(Session::open(
        &options,
        Sources {
            clock: Arc::new(SystemClock),
            ids: Arc::new(RandomIds),
            keys: Sources::os_keys(),
            machine: Arc::new(machine),
        },
    ))
}

fn status(s: &Session) -> TeamStatus {
    s.call(TeamStatusRequest {}).unwrap()
}

/// Waits (at most a minute: a hang fails, slowness does not) until `check` holds.
fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !check() {
        assert!(Instant::now() < deadline, "waited a minute for: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn holds_tick(s: &Session, tick: u64) -> bool {
    let page = s
        .call(JournalPageRequest {
            filter: JournalFilter {
                kind: Some("soak.tick".into()),
                ..JournalFilter::default()
            },
        })
        .unwrap();
    page.events
        .iter()
        .any(|e| e.payload.contains(&format!("\"i\":{tick}")) && e.receipt.is_some())
}

fn signals() -> (impl Fn(TeamSignal) + Send + 'static, Receiver<TeamSignal>) {
    let (tx, rx) = mpsc::channel();
    (
        move |s| {
            let _ = tx.send(s);
        },
        rx,
    )
}

#[test]
fn the_background_sync_shares_each_action_without_a_click_and_survives_the_server_going_away() {
    let cluster = Cluster::start();
    let db = cluster.team_database("team");
    let mut owner = vakt_team::connect(&cluster.conninfo("vakt", &db)).unwrap();
    for (login, is_admin) in [("ingrid", true), ("ola", false)] {
        vakt_team::add_member(&mut owner, login, None, is_admin).unwrap();
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // Enrolled and approved with the command line; the windows only sync.
    for (dir, actor, login) in [(&a, "Ingrid", "ingrid"), (&b, "Ola", "ola")] {
        let (code, out, err) = vakt(
            dir.path(),
            actor,
            &[
                "--json",
                "team",
                "enrol",
                "--server",
                &cluster.conninfo(login, &db),
            ],
        );
        assert_eq!(code, std::process::ExitCode::SUCCESS, "{out}{err}");
        let id = serde_json::from_str::<serde_json::Value>(&out).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let (code, out, err) = vakt(a.path(), "Ingrid", &["team", "approve", &id]);
        assert_eq!(code, std::process::ExitCode::SUCCESS, "{out}{err}");
    }

    let (sa, sb) = (session(a.path(), "Ingrid"), session(b.path(), "Ola"));
    // Without a sync thread the link is off.
    assert_eq!(status(&sa).link.state, TeamLinkState::Off);
    let (emit_a, _signals_a) = signals();
    let (emit_b, signals_b) = signals();
    let (ha, hb) = (sa.run_team_sync(emit_a), sb.run_team_sync(emit_b));
    for s in [&sa, &sb] {
        until("both connected", || {
            status(s).link.state == TeamLinkState::Connected
        });
    }
    let seen = status(&sb);
    let devices = seen
        .server_devices
        .expect("the server's devices as last synced");
    assert_eq!(devices.len(), 2, "{devices:?}");
    assert!(
        devices
            .iter()
            .all(|d| d.approved_by.as_deref() == Some("ingrid"))
    );

    // An action on Ingrid's laptop reaches Ola's by itself, with the server's receipt, and Ola's
    // window is told the journal changed.
    while signals_b.try_recv().is_ok() {}
    sa.call(JournalSoakRequest { tick: 1 }).unwrap();
    until("Ola holds tick 1 with its receipt", || holds_tick(&sb, 1));
    until("Ola's window told", || {
        signals_b
            .try_iter()
            .any(|s| s == TeamSignal::JournalChanged)
    });
    until("Ingrid's tick has its receipt", || {
        status(&sa).not_shared == 0
    });
    let chains = status(&sb).chains;
    let ingrid = chains.iter().find(|c| c.person_name == "Ingrid").unwrap();
    assert_eq!(ingrid.host, "laptop-ingrid");
    assert!(!ingrid.this_device);
    assert_eq!(ingrid.not_shared, 0);

    // The server goes away: the action still runs at once; the link says offline since when
    // and that one event waits.
    cluster.stop();
    sa.call(JournalSoakRequest { tick: 2 }).unwrap();
    until("Ingrid offline", || {
        status(&sa).link.state == TeamLinkState::Offline
    });
    let offline = status(&sa);
    assert!(offline.link.offline_since.is_some(), "{offline:?}");
    assert!(offline.link.last_error.is_some(), "{offline:?}");
    assert_eq!(offline.not_shared, 1, "{offline:?}");
    let mine = offline.chains.iter().find(|c| c.this_device).unwrap();
    assert_eq!((mine.person_name.as_str(), mine.not_shared), ("Ingrid", 1));

    // Back: Ingrid's sync reconnects (backoff) and shares it; Ola's hears of it.
    cluster.resume();
    until("Ola holds tick 2", || holds_tick(&sb, 2));
    until("both connected again", || {
        [&sa, &sb]
            .iter()
            .all(|s| status(s).link.state == TeamLinkState::Connected)
    });
    assert_eq!(status(&sa).not_shared, 0);
    ha.stop();
    hb.stop();
}
