//! The fixture every test module shares: a database, a fixed clock, the breach playbook.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use chrono::{DateTime, Utc};
use vakt_playbook::{Context, LoadedPlaybook, parse_playbook, sha256_hex};
use vakt_run::{Action, Actor, Engine, Mode, RunError, RunState};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::Database;

pub const BREACH: &str = include_str!("fixtures/breach.toml");

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: Database,
    pub clock: FixedClock,
    pub ids: SequentialIds,
    pub playbook: LoadedPlaybook,
}

pub fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

pub fn loaded(path: &str, text: &str) -> Result<LoadedPlaybook, Vec<vakt_playbook::Problem>> {
    Ok(LoadedPlaybook {
        path: path.into(),
        source: text.into(),
        sha256: sha256_hex(text.as_bytes()),
        playbook: parse_playbook(path, text, &Context::default())?,
    })
}

pub fn fixture_with(text: &str) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = FixedClock::at(t("2026-11-26T08:00:00Z"));
    let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).expect("open");
    vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock)
        .expect("device");
    let playbook = loaded("incident/breach.toml", text).expect("valid playbook");
    Fixture {
        dir,
        db,
        clock,
        ids: SequentialIds::new(),
        playbook,
    }
}

pub fn fixture() -> Fixture {
    fixture_with(BREACH)
}

pub fn roles() -> Vec<String> {
    ["incident-manager", "technical-lead", "responder", "dpo"]
        .map(String::from)
        .to_vec()
}

/// The person id the tests give `name` (a stand-in for their key's fingerprint).
pub fn id_of(name: &str) -> String {
    format!("id-{name}")
}

pub fn person(name: &str) -> Actor {
    Actor {
        actor: name.into(),
        person: Some(id_of(name)),
        host: format!("{name}-laptop"),
        ..Actor::default()
    }
}

pub fn kari() -> Actor {
    person("kari")
}

pub fn engine(f: &mut Fixture) -> Engine<'_> {
    Engine::new(&mut f.db, &f.clock, &f.ids, &f.dir.path().join("evidence"))
}

/// Starts a run as kari.
pub fn start(f: &mut Fixture) -> RunState {
    let playbook = f.playbook.clone();
    engine(f)
        .start(
            &kari(),
            &playbook,
            roles(),
            Mode::Incident,
            "Breach at a customer",
        )
        .expect("start")
}

pub fn act_as(
    f: &mut Fixture,
    run: &RunState,
    actor: &Actor,
    action: Action,
) -> Result<RunState, RunError> {
    engine(f).act(run.id, actor, action)
}

pub fn act(f: &mut Fixture, run: &RunState, action: Action) -> Result<RunState, RunError> {
    act_as(f, run, &kari(), action)
}

pub fn complete(step: &str) -> Action {
    Action::CompleteStep {
        step: step.into(),
        override_reason: None,
    }
}

pub fn decide(step: &str, option: &str) -> Action {
    Action::Decide {
        step: step.into(),
        option: option.into(),
        rationale: format!("{option} fits"),
        override_reason: None,
    }
}

pub fn assign(role: &str, person: &str) -> Action {
    Action::AssignRole {
        role: role.into(),
        person: id_of(person),
        person_name: person.into(),
        keys: vec![id_of(person)],
    }
}

/// The journal's event count.
pub fn journal_len(f: &Fixture) -> u64 {
    f.db.connection()
        .query_row("SELECT count(*) FROM journal_event", [], |r| r.get(0))
        .expect("count")
}
