//! For random scenarios on random topologies, the down-moments the measurement reports equal
//! those of the topology's impact analysis replayed over the journaled injections (and
//! restorations of injected nodes). Seeded, like the topology crate's own properties.

use chrono::Duration;
use serde_json::json;
use vakt_drill::event::{Injected, Restored, Started, kind};
use vakt_drill::format::{ExerciseType, Objective};
use vakt_drill::scenario::{MeasuredService, PlannedInjection, Scenario, Target, TargetSource};
use vakt_drill::{DrillState, measure};
use vakt_playbook::Text;
use vakt_topology::generate::{Rng, Shape, random_nodes};
use vakt_topology::{Drill, Impact, Injection, State, Topology, Vertex};

use crate::engine::{Script, t0};

fn scenario(services: Vec<MeasuredService>, injections: Vec<PlannedInjection>) -> Scenario {
    Scenario {
        id: "drill-random".into(),
        version: "1".into(),
        title: Text::en_nl("Random", "Willekeurig"),
        summary: Text::en_nl("Random", "Willekeurig"),
        exercise: ExerciseType::Simulation,
        cycle_seconds: 86_400,
        playbooks: vec!["p".into()],
        controller: "incident-manager".into(),
        objectives: vec![],
        success_criteria: vec![],
        participants: vec![],
        injections,
        services,
    }
}

#[test]
fn down_moments_are_those_of_the_impact_analysis_over_the_journaled_injections() {
    for seed in 0..300u64 {
        let topology = Topology::compile(random_nodes(seed, Shape::small(40, seed % 3 == 0)));
        let mut rng = Rng::new(seed ^ 0x5eed);
        let n = topology.node_count() as u64;
        // Random injections at random offsets (some at the same moment).
        let mut injected: Vec<(i64, String)> = (0..1 + rng.below(5))
            .map(|_| {
                (
                    60 * rng.below(8) as i64,
                    topology.nodes()[rng.below(n) as usize].id.clone(),
                )
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        injected.retain(|(_, node)| seen.insert(node.clone()));
        // Some injected nodes restored later.
        let mut restored: Vec<(i64, String)> = Vec::new();
        for (at, node) in &injected {
            if rng.chance(40) {
                restored.push((at + 60 * (1 + rng.below(8) as i64), node.clone()));
            }
        }
        let services: Vec<MeasuredService> = (0..n)
            .filter(|_| rng.chance(30))
            .map(|v| {
                let node = &topology.nodes()[v as usize];
                MeasuredService {
                    node: node.id.clone(),
                    name: node.name.clone(),
                    measure: [Objective::Rto].into(),
                    store: node.id.clone(),
                    rto: Some(Target {
                        seconds: 300,
                        source: TargetSource::Topology,
                    }),
                    rpo: None,
                }
            })
            .collect();
        let mut s = Script::new();
        s.events.truncate(1);
        let started = Started {
            scenario: scenario(services.clone(), vec![]),
            path: "drills/random.toml".into(),
            sha256: String::new(),
            source: String::new(),
            topology_sha256: String::new(),
            topology_source: String::new(),
        };
        s.push(kind::STARTED, t0(), serde_json::to_value(started).unwrap());
        for (at, node) in &injected {
            let e = Injected {
                injection: None,
                node: node.clone(),
                at: t0() + Duration::seconds(*at),
                on_cue: true,
            };
            s.push(kind::INJECTED, e.at, serde_json::to_value(e).unwrap());
        }
        for (at, node) in &restored {
            let e = Restored {
                nodes: vec![node.clone()],
                at: t0() + Duration::seconds(*at),
                reason: None,
                step: None,
            };
            s.push(kind::RESTORED, e.at, serde_json::to_value(e).unwrap());
        }
        s.push(kind::RUN_CLOSED, t0() + Duration::hours(1), json!({}));
        let state = DrillState::replay(s.entries()).unwrap().unwrap();
        let m = measure(&state, &topology, t0() + Duration::hours(2));

        // The oracle: at every moment something changed, the impact of what is failed then.
        let mut moments: Vec<i64> = injected
            .iter()
            .chain(&restored)
            .map(|(at, _)| *at)
            .collect();
        moments.sort_unstable();
        moments.dedup();
        let failed_at = |m: i64| -> Vec<Vertex> {
            injected
                .iter()
                .filter(|(at, node)| {
                    *at <= m
                        && !restored
                            .iter()
                            .any(|(r, rn)| rn == node && *r <= m && *r >= *at)
                })
                .filter_map(|(_, node)| topology.find(node))
                .collect()
        };
        for (service, measured) in services.iter().zip(&m.services) {
            let v = topology.find(&service.node).unwrap();
            let mut down = None;
            let mut back = None;
            for &at in &moments {
                let state = Impact::evaluate(&topology, &failed_at(at)).state(v);
                match (down, state) {
                    (None, State::Down) => down = Some(at),
                    (Some(_), State::Up | State::Degraded) if back.is_none() => back = Some(at),
                    _ => {}
                }
            }
            let expected = down.map(|d| t0() + Duration::seconds(d));
            let got = measured.outage.as_ref().map(|o| o.down_at);
            assert_eq!(got, expected, "seed {seed}, service {}", service.node);
            if let Some(o) = &measured.outage {
                assert_eq!(
                    o.restored_at,
                    back.map(|b| t0() + Duration::seconds(b)),
                    "seed {seed}, service {}",
                    service.node
                );
                assert!(
                    injected.iter().any(|(at, node)| *node == o.caused_by
                        && t0() + Duration::seconds(*at) <= o.down_at),
                    "seed {seed}: caused by an injected node, {:?}",
                    o.path
                );
            }
        }

        // Without restorations, the topology's own drill replay gives the same down-moments.
        if restored.is_empty() {
            let drill = Drill {
                name: "random".into(),
                injections: injected
                    .iter()
                    .map(|(at, node)| Injection {
                        at: *at as u64,
                        node: node.clone(),
                    })
                    .collect(),
            };
            let replay = drill.replay(&topology).unwrap();
            for (service, measured) in services.iter().zip(&m.services) {
                let v = topology.find(&service.node).unwrap();
                let first = replay
                    .iter()
                    .find(|moment| moment.impact.state(v) == State::Down)
                    .map(|moment| t0() + Duration::seconds(moment.at as i64));
                assert_eq!(
                    measured.outage.as_ref().map(|o| o.down_at),
                    first,
                    "seed {seed}, {}",
                    service.node
                );
            }
        }
    }
}
