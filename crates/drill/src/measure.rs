//! Measured, not claimed: per service, when it went down (the injection that took it down, by
//! the impact analysis replayed over the journaled injections and recoveries), when it was
//! restored, the data-loss window of the restore point chosen, against the targets.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use vakt_topology::{Impact, State, Topology, Vertex};

use crate::format::Objective;
use crate::scenario::Target;
use crate::state::DrillState;

/// One change of the failure overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    /// A node fails.
    Fail(String),
    /// A node is restored.
    Restore(String),
}

/// The failure overlay at a moment: the failed nodes and the nodes recovered by the team
/// (standing whatever they need).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    /// Injected and not restored.
    pub failed: BTreeSet<String>,
    /// Restored without having been injected: recovered by the team.
    pub recovered: BTreeSet<String>,
}

impl Overlay {
    fn apply(&mut self, change: &Change) {
        match change {
            Change::Fail(n) => {
                self.recovered.remove(n);
                self.failed.insert(n.clone());
            }
            Change::Restore(n) => {
                if !self.failed.remove(n) {
                    self.recovered.insert(n.clone());
                }
            }
        }
    }

    /// A copy of `topology` where the recovered nodes need nothing (the topology itself is
    /// never changed); node numbers stay those of `topology`.
    pub fn overlaid(&self, topology: &Topology) -> Topology {
        let nodes = topology
            .nodes()
            .iter()
            .map(|n| {
                let mut n = n.clone();
                if self.recovered.contains(&n.id) {
                    n.needs.clear();
                    n.groups.clear();
                }
                n
            })
            .collect();
        Topology::compile(nodes)
    }

    /// The impact of this overlay on `topology`. A recovered node stands whatever it needs:
    /// the impact is taken on a copy of the topology where it needs nothing (the topology
    /// itself is never changed).
    pub fn impact(&self, topology: &Topology) -> (Impact, Option<Topology>) {
        let failed: Vec<Vertex> = self
            .failed
            .iter()
            .filter_map(|n| topology.find(n))
            .collect();
        if self.recovered.is_empty() {
            return (Impact::evaluate(topology, &failed), None);
        }
        let overlaid = self.overlaid(topology);
        let impact = Impact::evaluate(&overlaid, &failed);
        (impact, Some(overlaid))
    }
}

/// The journaled changes in time order (ties in journal order).
fn timeline(state: &DrillState) -> Vec<(DateTime<Utc>, Change)> {
    let mut changes: Vec<(DateTime<Utc>, usize, Change)> = Vec::new();
    let mut order = 0;
    for i in &state.injections {
        changes.push((i.injected.at, order, Change::Fail(i.injected.node.clone())));
        order += 1;
    }
    for r in &state.restorations {
        for n in &r.restored.nodes {
            changes.push((r.restored.at, order, Change::Restore(n.clone())));
            order += 1;
        }
    }
    changes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    changes.into_iter().map(|(at, _, c)| (at, c)).collect()
}

/// The overlay at moment `at`: every journaled change at or before it.
pub fn overlay_at(state: &DrillState, at: DateTime<Utc>) -> Overlay {
    let mut overlay = Overlay::default();
    for (t, c) in timeline(state) {
        if t > at {
            break;
        }
        overlay.apply(&c);
    }
    overlay
}

/// A service's outage in the drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outage {
    /// When it went down.
    pub down_at: DateTime<Utc>,
    /// The injection that took it down: one injected at that moment that it depends on (the
    /// end of its why-path when none is).
    pub caused_by: String,
    /// The why-path at that moment: the service, then what took it down, to the failed node.
    pub path: Vec<String>,
    /// When it stood again, if it did.
    pub restored_at: Option<DateTime<Utc>>,
}

/// A figure against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// The scenario did not ask for it.
    NotMeasured,
    /// The drill is open and the figure does not exist yet.
    NotReached,
    /// Achieved within the target.
    Met,
    /// Achieved beyond the target.
    Missed {
        /// By how many seconds.
        by_seconds: u64,
    },
    /// The service never went down: redundancy held (nothing to recover).
    NoOutage,
    /// The drill closed with the service still down.
    NotRestored,
    /// The drill closed without a restore point chosen for it.
    NoRestorePoint,
}

impl Verdict {
    /// Whether the target counts as met.
    pub fn is_met(&self) -> bool {
        matches!(self, Verdict::Met | Verdict::NoOutage)
    }

    /// Whether the target counts as missed.
    pub fn is_missed(&self) -> bool {
        matches!(
            self,
            Verdict::Missed { .. } | Verdict::NotRestored | Verdict::NoRestorePoint
        )
    }
}

fn against(achieved: u64, target: Option<&Target>) -> Verdict {
    match target {
        Some(t) if achieved > t.seconds => Verdict::Missed {
            by_seconds: achieved - t.seconds,
        },
        Some(_) => Verdict::Met,
        // A measured objective always has a target once the scenario loaded against a
        // topology; without one, nothing is claimed.
        None => Verdict::NotMeasured,
    }
}

/// One objective of one service, measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Figure {
    /// The target.
    pub target: Option<Target>,
    /// What was achieved, seconds, when it exists.
    pub achieved_seconds: Option<u64>,
    /// Against the target.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The restore point behind an RPO figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChosenPoint {
    /// The store.
    pub store: String,
    /// The tier.
    pub tier: String,
    /// The restore point.
    pub point: DateTime<Utc>,
    /// The moment restored to.
    pub wanted: DateTime<Utc>,
}

/// A measured service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceMeasure {
    /// The node.
    pub node: String,
    /// Its name.
    pub name: String,
    /// Its first outage in the drill, if it went down.
    pub outage: Option<Outage>,
    /// Since when it was degraded without going down, if it was.
    pub degraded_at: Option<DateTime<Utc>>,
    /// The recovery time.
    pub rto: Figure,
    /// The recovery point.
    pub rpo: Figure,
    /// The restore point behind the RPO figure.
    pub restore_point: Option<ChosenPoint>,
}

/// The measurement of a drill at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measurement {
    /// The moment measured at (the close of the drill, or now while open).
    pub at: DateTime<Utc>,
    /// Whether the drill is still open.
    pub open: bool,
    /// Per measured service, in scenario order.
    pub services: Vec<ServiceMeasure>,
}

/// Measures the drill on its topology at `now` (the close of the drill counts instead when it
/// is closed). The same events give the same figures.
pub fn measure(state: &DrillState, topology: &Topology, now: DateTime<Utc>) -> Measurement {
    let open = state.is_open();
    let at = state.closed_at.unwrap_or(now);
    let services = &state.start.scenario.services;
    let vertices: Vec<Option<Vertex>> = services.iter().map(|s| topology.find(&s.node)).collect();
    let mut outages: Vec<Option<Outage>> = vec![None; services.len()];
    let mut degraded: Vec<Option<DateTime<Utc>>> = vec![None; services.len()];

    let changes = timeline(state);
    let mut overlay = Overlay::default();
    let mut cached: Option<(BTreeSet<String>, Topology)> = None;
    let mut i = 0;
    while i < changes.len() {
        let moment = changes[i].0;
        if moment > at {
            break;
        }
        let mut failed_now: Vec<Vertex> = Vec::new();
        while i < changes.len() && changes[i].0 == moment {
            if let Change::Fail(n) = &changes[i].1
                && let Some(v) = topology.find(n)
            {
                failed_now.push(v);
            }
            overlay.apply(&changes[i].1);
            i += 1;
        }
        // The overlaid copy is compiled again only when the recovered set changes.
        if !overlay.recovered.is_empty()
            && cached
                .as_ref()
                .is_none_or(|(set, _)| *set != overlay.recovered)
        {
            cached = Some((overlay.recovered.clone(), overlay.overlaid(topology)));
        }
        let graph = match &cached {
            Some((_, t)) if !overlay.recovered.is_empty() => t,
            _ => topology,
        };
        let failed: Vec<Vertex> = overlay
            .failed
            .iter()
            .filter_map(|n| graph.find(n))
            .collect();
        let impact = Impact::evaluate(graph, &failed);
        for (k, v) in vertices.iter().enumerate() {
            let Some(v) = *v else { continue };
            let s = impact.state(v);
            match (&mut outages[k], s) {
                (None, State::Down) => {
                    let path: Vec<String> = impact
                        .path(v)
                        .into_iter()
                        .filter(|&p| graph.is_node(p))
                        .map(|p| graph.label(p))
                        .collect();
                    // The trigger: an injection of this moment that the service depends
                    // on; else the end of its why-path.
                    let trigger = failed_now
                        .iter()
                        .find(|&&f| depends_on(graph, v, f))
                        .map(|&f| graph.label(f));
                    outages[k] = Some(Outage {
                        down_at: moment,
                        caused_by: trigger.or_else(|| path.last().cloned()).unwrap_or_default(),
                        path,
                        restored_at: None,
                    });
                }
                (Some(o), State::Up | State::Degraded) if o.restored_at.is_none() => {
                    o.restored_at = Some(moment);
                }
                _ => {}
            }
            if s == State::Degraded && degraded[k].is_none() && outages[k].is_none() {
                degraded[k] = Some(moment);
            }
        }
    }

    let measured = services
        .iter()
        .zip(outages)
        .zip(degraded)
        .map(|((service, outage), degraded_at)| {
            let rto = if !service.measures(Objective::Rto) {
                Figure {
                    target: None,
                    achieved_seconds: None,
                    verdict: Verdict::NotMeasured,
                }
            } else {
                let (achieved, verdict) = match &outage {
                    None if open => (None, Verdict::NotReached),
                    None => (None, Verdict::NoOutage),
                    Some(Outage {
                        down_at,
                        restored_at: Some(r),
                        ..
                    }) => {
                        let s = (*r - *down_at).num_seconds().max(0) as u64;
                        (Some(s), against(s, service.rto.as_ref()))
                    }
                    Some(_) if open => (None, Verdict::NotReached),
                    Some(_) => (None, Verdict::NotRestored),
                };
                Figure {
                    target: service.rto.clone(),
                    achieved_seconds: achieved,
                    verdict,
                }
            };
            let chosen = state
                .restore_points
                .iter()
                .rev()
                .find(|p| p.point.service == service.node && p.recorded_at <= at);
            let rpo = if !service.measures(Objective::Rpo) {
                Figure {
                    target: None,
                    achieved_seconds: None,
                    verdict: Verdict::NotMeasured,
                }
            } else {
                match chosen {
                    Some(p) => Figure {
                        target: service.rpo.clone(),
                        achieved_seconds: Some(p.point.loss_seconds),
                        verdict: against(p.point.loss_seconds, service.rpo.as_ref()),
                    },
                    None => Figure {
                        target: service.rpo.clone(),
                        achieved_seconds: None,
                        verdict: if open {
                            Verdict::NotReached
                        } else {
                            Verdict::NoRestorePoint
                        },
                    },
                }
            };
            ServiceMeasure {
                node: service.node.clone(),
                name: service.name.clone(),
                outage,
                degraded_at,
                rto,
                rpo,
                restore_point: chosen.map(|p| ChosenPoint {
                    store: p.point.store.clone(),
                    tier: p.point.tier.clone(),
                    point: p.point.point,
                    wanted: p.point.wanted,
                }),
            }
        })
        .collect();
    Measurement {
        at,
        open,
        services: measured,
    }
}

/// Whether `v` depends, directly or not, on `on` (or is it).
fn depends_on(topology: &Topology, v: Vertex, on: Vertex) -> bool {
    let mut seen = vec![false; topology.vertex_count()];
    let mut stack = vec![v];
    while let Some(x) = stack.pop() {
        if x == on {
            return true;
        }
        if std::mem::replace(&mut seen[x as usize], true) {
            continue;
        }
        stack.extend_from_slice(topology.inputs(x));
    }
    false
}

/// Every node's state under the drill's overlay at `at`, by node id (nodes only, no gates),
/// with the why-path of each node that is not up.
pub fn live_states(
    state: &DrillState,
    topology: &Topology,
    at: DateTime<Utc>,
) -> HashMap<String, (State, Vec<String>)> {
    let overlay = overlay_at(state, at);
    let (impact, overlaid) = overlay.impact(topology);
    let graph = overlaid.as_ref().unwrap_or(topology);
    topology
        .nodes()
        .iter()
        .enumerate()
        .map(|(v, n)| {
            let v = v as Vertex;
            let path = impact
                .path(v)
                .into_iter()
                .filter(|&p| graph.is_node(p))
                .map(|p| graph.label(p))
                .collect();
            (n.id.clone(), (impact.state(v), path))
        })
        .collect()
}
