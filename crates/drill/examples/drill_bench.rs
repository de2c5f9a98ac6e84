//! Figures for docs/drills.md: replaying a 10,000-event drill journal into measurements, and
//! building the exercise programme over 100 past drills, on the demo topology and scenarios.
//!
//! ```text
//! cargo run --release -p vakt-drill --example drill_bench
//! ```
//! The events are built in memory as the journal hands them over (kind, time, payload); reading
//! them from SQLite is the journal's cost, measured in docs/journal.md. Timings are medians.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vakt_drill::event::{Injected, Restored, Started, kind};
use vakt_drill::programme::{DrillRecord, programme};
use vakt_drill::{Context, DrillState, Entry, measure};
use vakt_topology::generate::Rng;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.unwrap())
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../playbooks");
    let topology_text = std::fs::read_to_string(root.join("topology.toml")).unwrap();
    let topology = vakt_topology::load_str(&topology_text, &root.join("topology.toml")).unwrap();
    let playbooks: BTreeSet<String> = vakt_playbook::load_dir(&root)
        .playbooks
        .iter()
        .map(|p| p.playbook.id.clone())
        .collect();
    let context = Context {
        topology: Some(&topology),
        playbooks: Some(&playbooks),
        ..Context::default()
    };
    let scenarios = vakt_drill::load_dir(&root, &context);
    let loaded = scenarios.get("drill-hosting-partner-loss").unwrap().clone();
    let t0: DateTime<Utc> = "2026-11-26T08:00:00Z".parse().unwrap();
    let started = serde_json::to_value(Started {
        scenario: loaded.scenario.clone(),
        path: loaded.path.clone(),
        sha256: loaded.sha256.clone(),
        source: loaded.source.clone(),
        topology_sha256: vakt_stdx::sha256_hex(topology_text.as_bytes()),
        topology_source: topology_text.clone(),
    })
    .unwrap();

    // A drill journal of `n` events: run.started, drill.started, then injections and
    // restorations of random nodes, one a minute.
    let journal = |n: usize, seed: u64| -> Vec<(Uuid, String, DateTime<Utc>, Value)> {
        let mut rng = Rng::new(seed);
        let ids: Vec<&str> = topology.nodes().iter().map(|n| n.id.as_str()).collect();
        let mut events = vec![
            (
                Uuid::from_u128(1),
                kind::RUN_STARTED.to_string(),
                t0,
                json!({}),
            ),
            (
                Uuid::from_u128(2),
                kind::STARTED.to_string(),
                t0,
                started.clone(),
            ),
        ];
        for i in 0..n.saturating_sub(2) {
            let at = t0 + chrono::Duration::minutes(i as i64);
            let node = ids[rng.below(ids.len() as u64) as usize].to_string();
            let (k, p) = if rng.chance(55) {
                let e = Injected {
                    injection: None,
                    node,
                    at,
                    on_cue: true,
                };
                (kind::INJECTED, serde_json::to_value(e).unwrap())
            } else {
                let e = Restored {
                    nodes: vec![node],
                    at,
                    reason: None,
                    step: None,
                };
                (kind::RESTORED, serde_json::to_value(e).unwrap())
            };
            events.push((Uuid::from_u128(i as u128 + 3), k.to_string(), at, p));
        }
        events
    };
    fn entries(events: &[(Uuid, String, DateTime<Utc>, Value)]) -> Vec<Entry<'_>> {
        events
            .iter()
            .map(|(id, k, at, p)| Entry {
                id: *id,
                run: Some(Uuid::from_u128(9)),
                at: *at,
                by: "Kari",
                kind: k,
                payload: p,
            })
            .collect()
    }

    let big = journal(10_000, 7);
    let now = t0 + chrono::Duration::days(30);
    let (replay, state) = time(5, || DrillState::replay(entries(&big)).unwrap().unwrap());
    let topo = state.topology().unwrap();
    let (measured, m) = time(5, || measure(&state, &topo, now));
    println!(
        "10,000-event drill journal: replay {replay:?}, measure {measured:?} ({} services, {} injections, {} restorations)",
        m.services.len(),
        state.injections.len(),
        state.restorations.len()
    );
    let (all, _) = time(5, || {
        let s = DrillState::replay(entries(&big)).unwrap().unwrap();
        let t = s.topology().unwrap();
        measure(&s, &t, now)
    });
    println!("10,000-event drill journal into measurements, end to end: {all:?}");

    // The programme over 100 past drills (each ~40 events), each replayed and measured.
    let past: Vec<_> = (0..100).map(|i| journal(40, 100 + i)).collect();
    let list: Vec<vakt_drill::Scenario> = scenarios
        .scenarios
        .iter()
        .map(|s| s.scenario.clone())
        .collect();
    let (built, plan) = time(5, || {
        let drills: Vec<DrillRecord> = past
            .iter()
            .enumerate()
            .map(|(i, events)| {
                let s = DrillState::replay(entries(events)).unwrap().unwrap();
                let t = s.topology().unwrap();
                DrillRecord {
                    run: Uuid::from_u128(i as u128),
                    scenario: list[i % list.len()].id.clone(),
                    started_at: t0 - chrono::Duration::days(7 * i as i64),
                    closed_at: Some(t0),
                    playbook: (String::new(), String::new()),
                    measurement: measure(&s, &t, now),
                }
            })
            .collect();
        programme(&list, &drills, now)
    });
    println!(
        "programme over 100 past drills (replay + measure each, then the programme): {built:?} ({} of {} covered)",
        plan.covered, plan.total
    );
}
