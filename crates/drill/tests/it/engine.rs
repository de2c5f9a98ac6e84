//! The measurement engine on a scripted drill with a fixed clock: injection at +0, restore at
//! +1h40m, restore point 25 minutes before the failure.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vakt_drill::event::{Injected, RestorePoint, Restored, Started, kind};
use vakt_drill::{Context, DrillState, Entry, Verdict, load_str, measure};

pub const TOPOLOGY: &str = r#"
format = 1
kind = "topology"
[[node]]
id = "feed"
kind = "power-feed"
name = "Feed"
[[node]]
id = "db"
kind = "server"
name = "Database server"
needs = ["feed"]
[[node]]
id = "store"
kind = "storage"
name = "Store"
needs = ["db"]
[[node]]
id = "svc-a"
kind = "business-service"
name = "Service A"
rto = "2h"
rpo = "30m"
needs = ["store"]
[[node]]
id = "svc-b"
kind = "business-service"
name = "Service B"
rto = "1h"
needs = ["store"]
[[node]]
id = "svc-c"
kind = "business-service"
name = "Service C"
rto = "1h"
needs = ["feed"]
"#;

pub const SCENARIO: &str = r#"
format = 1
kind = "drill"
id = "drill-db"
version = "1"
title = { en = "Database server lost" }
summary = { en = "The database server fails." }
exercise = "simulation"
cycle = "180d"
playbooks = ["dr-db"]
controller = "incident-manager"
objectives = [{ en = "Show the services come back." }]
success_criteria = [{ en = "Targets met." }]
[[injections]]
id = "db-down"
node = "db"
at = "0m"
description = { en = "The database server stops." }
[[services]]
node = "svc-a"
measure = ["rto", "rpo"]
store = "store"
[[services]]
node = "svc-b"
measure = ["rto"]
[[services]]
node = "svc-c"
measure = ["rto"]
"#;

pub fn t0() -> DateTime<Utc> {
    "2026-11-26T08:00:00Z".parse().unwrap()
}

/// A run's events as the journal would hold them: (kind, recorded at, payload).
pub struct Script {
    pub run: Uuid,
    pub events: Vec<(Uuid, String, DateTime<Utc>, Value)>,
}

impl Script {
    pub fn new() -> Script {
        let topology = vakt_topology::load_str(TOPOLOGY, Path::new("topology.toml")).unwrap();
        let context = Context {
            topology: Some(&topology),
            ..Context::default()
        };
        let scenario = load_str("drills/db.toml", SCENARIO, &context).unwrap();
        let started = Started {
            scenario,
            path: "drills/db.toml".into(),
            sha256: vakt_stdx::sha256_hex(SCENARIO.as_bytes()),
            source: SCENARIO.into(),
            topology_sha256: vakt_stdx::sha256_hex(TOPOLOGY.as_bytes()),
            topology_source: TOPOLOGY.into(),
        };
        let mut s = Script {
            run: Uuid::from_u128(7),
            events: Vec::new(),
        };
        s.push(kind::RUN_STARTED, t0(), json!({"mode": "drill"}));
        s.push(kind::STARTED, t0(), serde_json::to_value(started).unwrap());
        s
    }

    pub fn push(&mut self, kind: &str, at: DateTime<Utc>, payload: Value) {
        let id = Uuid::from_u128(1000 + self.events.len() as u128);
        self.events.push((id, kind.to_string(), at, payload));
    }

    pub fn entries(&self) -> Vec<Entry<'_>> {
        self.events
            .iter()
            .map(|(id, k, at, p)| Entry {
                id: *id,
                run: Some(self.run),
                at: *at,
                by: "Kari Nordmann",
                kind: k,
                payload: p,
            })
            .collect()
    }

    pub fn state(&self) -> DrillState {
        DrillState::replay(self.entries()).unwrap().unwrap()
    }
}

fn scripted() -> Script {
    let mut s = Script::new();
    let injected = Injected {
        injection: Some("db-down".into()),
        node: "db".into(),
        at: t0(),
        on_cue: false,
    };
    s.push(
        kind::INJECTED,
        t0(),
        serde_json::to_value(injected).unwrap(),
    );
    let back = t0() + Duration::minutes(100);
    let restored = Restored {
        nodes: vec!["db".into()],
        at: back,
        reason: None,
        step: None,
    };
    s.push(
        kind::RESTORED,
        back,
        serde_json::to_value(restored).unwrap(),
    );
    let point = RestorePoint {
        service: "svc-a".into(),
        store: "store".into(),
        tier: "nightly".into(),
        point: t0() - Duration::minutes(25),
        wanted: t0(),
        loss_seconds: 25 * 60,
    };
    s.push(
        kind::RESTORE_POINT,
        t0() + Duration::minutes(90),
        serde_json::to_value(point).unwrap(),
    );
    s
}

#[test]
fn a_scripted_drill_measures_rto_and_rpo_against_the_targets() {
    let mut s = scripted();
    s.push(kind::RUN_CLOSED, t0() + Duration::hours(2), json!({}));
    let state = s.state();
    let topology = state.topology().unwrap();
    let m = measure(&state, &topology, t0() + Duration::hours(5));
    assert!(!m.open);
    assert_eq!(m.at, t0() + Duration::hours(2), "measured at the close");
    let [a, b, c] = &m.services[..] else {
        panic!("three services")
    };
    let outage = a.outage.as_ref().unwrap();
    assert_eq!(outage.down_at, t0());
    assert_eq!(outage.caused_by, "db", "the injection that took it down");
    assert_eq!(outage.path, ["svc-a", "store", "db"]);
    assert_eq!(outage.restored_at, Some(t0() + Duration::minutes(100)));
    assert_eq!(a.rto.achieved_seconds, Some(6000), "1h40m");
    assert_eq!(a.rto.verdict, Verdict::Met, "within 2h");
    assert_eq!(a.rpo.achieved_seconds, Some(1500), "25 min");
    assert_eq!(a.rpo.verdict, Verdict::Met, "within 30 min");
    assert_eq!(b.rto.achieved_seconds, Some(6000));
    assert_eq!(
        b.rto.verdict,
        Verdict::Missed { by_seconds: 2400 },
        "40 min over 1h"
    );
    assert_eq!(
        b.rpo.verdict,
        Verdict::NotMeasured,
        "the scenario did not ask"
    );
    assert_eq!(c.outage, None);
    assert_eq!(c.rto.verdict, Verdict::NoOutage, "the feed never failed");
    assert_eq!(c.rto.achieved_seconds, None, "no made-up zero");
}

#[test]
fn an_open_drill_says_not_reached_yet() {
    let s = scripted();
    let state = s.state();
    let topology = state.topology().unwrap();
    // An hour in: the service is down, no restore point yet.
    let m = measure(&state, &topology, t0() + Duration::hours(1));
    assert!(m.open);
    let a = &m.services[0];
    assert_eq!(a.outage.as_ref().unwrap().restored_at, None);
    assert_eq!(a.rto.verdict, Verdict::NotReached);
    assert_eq!(a.rto.achieved_seconds, None);
    assert_eq!(a.rpo.verdict, Verdict::NotReached);
    assert_eq!(
        m.services[2].rto.verdict,
        Verdict::NotReached,
        "open: may still go down"
    );
    // Later, the same open drill has its figures.
    let m = measure(&state, &topology, t0() + Duration::hours(3));
    assert_eq!(m.services[0].rto.verdict, Verdict::Met);
    assert_eq!(m.services[0].rpo.achieved_seconds, Some(1500));
}

#[test]
fn a_closed_drill_with_the_service_still_down_did_not_restore_it() {
    let mut s = Script::new();
    let injected = Injected {
        injection: Some("db-down".into()),
        node: "db".into(),
        at: t0(),
        on_cue: false,
    };
    s.push(
        kind::INJECTED,
        t0(),
        serde_json::to_value(injected).unwrap(),
    );
    s.push(kind::RUN_CLOSED, t0() + Duration::hours(1), json!({}));
    let state = s.state();
    let m = measure(
        &state,
        &state.topology().unwrap(),
        t0() + Duration::hours(9),
    );
    assert_eq!(m.services[0].rto.verdict, Verdict::NotRestored);
    assert_eq!(m.services[0].rpo.verdict, Verdict::NoRestorePoint);
    assert!(m.services[0].rto.verdict.is_missed());
}

#[test]
fn a_service_recovered_by_the_team_stands_whatever_it_needs() {
    let mut s = Script::new();
    let injected = Injected {
        injection: Some("db-down".into()),
        node: "db".into(),
        at: t0(),
        on_cue: false,
    };
    s.push(
        kind::INJECTED,
        t0(),
        serde_json::to_value(injected).unwrap(),
    );
    // Service B is failed over to elsewhere after 30 minutes; the database stays down.
    let back = t0() + Duration::minutes(30);
    let restored = Restored {
        nodes: vec!["svc-b".into()],
        at: back,
        reason: None,
        step: None,
    };
    s.push(
        kind::RESTORED,
        back,
        serde_json::to_value(restored).unwrap(),
    );
    let state = s.state();
    let topology = state.topology().unwrap();
    let m = measure(&state, &topology, t0() + Duration::hours(1));
    assert_eq!(m.services[1].rto.achieved_seconds, Some(1800));
    assert_eq!(m.services[1].rto.verdict, Verdict::Met);
    assert_eq!(
        m.services[0].rto.verdict,
        Verdict::NotReached,
        "A still down"
    );
    let live = vakt_drill::measure::live_states(&state, &topology, t0() + Duration::hours(1));
    assert_eq!(live["db"].0, vakt_topology::State::Down);
    assert_eq!(live["svc-b"].0, vakt_topology::State::Up);
    assert_eq!(live["svc-a"].1, ["svc-a", "store", "db"]);
}

#[test]
fn the_same_events_replayed_again_give_the_same_figures() {
    let mut s = scripted();
    s.push(kind::RUN_CLOSED, t0() + Duration::hours(2), json!({}));
    let first = s.state();
    // Through JSON, as an export and import of the journal would carry them.
    let text = serde_json::to_string(&s.events).unwrap();
    let again = Script {
        run: s.run,
        events: serde_json::from_str(&text).unwrap(),
    };
    let second = again.state();
    assert_eq!(first, second);
    let topology = first.topology().unwrap();
    let now = t0() + Duration::hours(7);
    assert_eq!(
        measure(&first, &topology, now),
        measure(&second, &topology, now)
    );
}

#[test]
fn scheduled_injections_fall_due_at_their_offset() {
    let s = Script::new();
    let state = s.state();
    let due = state.due_injections(t0() - Duration::seconds(1));
    assert!(due.is_empty(), "nothing before the start");
    let due = state.due_injections(t0() + Duration::minutes(5));
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].at,
        t0(),
        "journaled at its planned moment, not when noticed"
    );
    assert!(!due[0].on_cue);
    let err = state.cue("nope", t0()).unwrap_err();
    assert!(err.to_string().contains("no injection `nope`"), "{err}");
}
