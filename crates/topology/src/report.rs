//! Answers in words and in JSON: each analysis turned into something a person can follow.
//!
//! Reports gather an analysis with its node ids and reasons; `vakt-api` turns them into its
//! transport types (the one view shape), which alone are serialised and printed.

use crate::cuts::CutSets;
use crate::duration::format_duration;
use crate::impact::{Impact, State};
use crate::loops::Loop;
use crate::model::{Topology, Vertex};
use crate::recovery::RecoveryPlan;

/// One node's state and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeImpact {
    /// The node id.
    pub id: String,
    /// Its state.
    pub state: State,
    /// Whether it was failed directly.
    pub failed: bool,
    /// Why it is not up, in words (empty when up).
    pub reason: String,
    /// The why-path: this node, what took it down or degraded it, … down to a failed node.
    pub path: Vec<String>,
}

/// The impact of a failure set on every node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpactReport {
    /// The failed nodes.
    pub failed: Vec<String>,
    /// How many nodes are up.
    pub up: usize,
    /// How many are degraded.
    pub degraded: usize,
    /// How many are down.
    pub down: usize,
    /// Every node, in file order.
    pub nodes: Vec<NodeImpact>,
}

/// Why one vertex is in its state, in words.
pub fn reason(topology: &Topology, impact: &Impact, v: Vertex) -> String {
    let state = impact.state(v);
    if state == State::Up {
        return String::new();
    }
    if impact.is_failed(v) {
        return "failed".into();
    }
    let inputs = topology.inputs(v);
    let k = topology.required(v) as usize;
    let standing = inputs
        .iter()
        .filter(|&&u| impact.state(u) != State::Down)
        .count();
    let lost: Vec<String> = inputs
        .iter()
        .filter(|&&u| impact.state(u) == State::Down)
        .map(|&u| topology.label(u))
        .collect();
    let weak: Vec<String> = inputs
        .iter()
        .filter(|&&u| impact.state(u) == State::Degraded)
        .map(|&u| topology.label(u))
        .collect();
    let what = if k == inputs.len() {
        format!("needs all of {}", inputs.len())
    } else {
        format!("needs {k} of {}", inputs.len())
    };
    let mut text = format!("{what}, {standing} standing");
    if !lost.is_empty() {
        text.push_str(&format!("; down: {}", lost.join(", ")));
    }
    if !weak.is_empty() {
        text.push_str(&format!("; degraded: {}", weak.join(", ")));
    }
    text
}

/// The impact report of a failure set.
pub fn impact_report(topology: &Topology, impact: &Impact) -> ImpactReport {
    let (up, degraded, down) = impact.counts(topology);
    let nodes = (0..topology.node_count() as Vertex)
        .map(|v| NodeImpact {
            id: topology.label(v),
            state: impact.state(v),
            failed: impact.is_failed(v),
            reason: reason(topology, impact, v),
            path: impact.path(v).iter().map(|&p| topology.label(p)).collect(),
        })
        .collect();
    ImpactReport {
        failed: (0..topology.node_count() as Vertex)
            .filter(|&v| impact.is_failed(v))
            .map(|v| topology.label(v))
            .collect(),
        up,
        degraded,
        down,
        nodes,
    }
}

/// The single points of failure of some services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpofReport {
    /// One entry per service.
    pub services: Vec<ServiceSpofs>,
}

/// The single points of failure of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpofs {
    /// The service.
    pub id: String,
    /// The nodes whose loss alone takes it down, each with the path by which it does.
    pub spofs: Vec<SpofEntry>,
}

/// One single point of failure and how its loss reaches the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpofEntry {
    /// The node.
    pub id: String,
    /// The service, what it needs, … down to this node.
    pub path: Vec<String>,
}

/// The single points of failure of each target, with a why-path for each.
pub fn spof_report(topology: &Topology, targets: &[Vertex]) -> SpofReport {
    let sets = crate::single_points_of_failure(topology, targets);
    let services = targets
        .iter()
        .zip(sets)
        .map(|(&t, set)| ServiceSpofs {
            id: topology.label(t),
            spofs: set
                .into_iter()
                .map(|x| {
                    let impact = Impact::evaluate(topology, &[x]);
                    SpofEntry {
                        id: topology.label(x),
                        path: impact.path(t).iter().map(|&p| topology.label(p)).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    SpofReport { services }
}

/// Minimal cut sets of one service, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutReport {
    /// The service.
    pub id: String,
    /// Order-1 cut sets (single points of failure).
    pub singles: Vec<String>,
    /// Order-2 minimal cut sets.
    pub pairs: Vec<[String; 2]>,
    /// How many nodes the service depends on.
    pub cone: usize,
    /// Whether the list is incomplete because a bound was passed.
    pub truncated: bool,
    /// Why, when truncated.
    pub truncated_reason: Option<String>,
}

/// The cut-set report of a search.
pub fn cut_report(topology: &Topology, cuts: &CutSets) -> CutReport {
    CutReport {
        id: topology.label(cuts.target),
        singles: cuts.singles.iter().map(|&v| topology.label(v)).collect(),
        pairs: cuts
            .pairs
            .iter()
            .map(|&(a, b)| [topology.label(a), topology.label(b)])
            .collect(),
        cone: cuts.cone,
        truncated: cuts.truncated,
        truncated_reason: cuts.truncated_reason.clone(),
    }
}

/// A dependency loop, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopReport {
    /// The nodes in the loop.
    pub members: Vec<String>,
    /// One cycle through it.
    pub cycle: Vec<String>,
    /// Whether it can start from cold.
    pub can_cold_start: bool,
    /// Nodes that cannot start because of it.
    pub blocked: Vec<String>,
}

/// Loop reports.
pub fn loop_reports(topology: &Topology, loops: &[Loop]) -> Vec<LoopReport> {
    let ids = |vs: &[Vertex]| vs.iter().map(|&v| topology.label(v)).collect::<Vec<_>>();
    loops
        .iter()
        .map(|l| LoopReport {
            members: ids(&l.members),
            cycle: ids(&l.cycle),
            can_cold_start: l.can_cold_start,
            blocked: ids(&l.blocked),
        })
        .collect()
}

/// A recovery plan, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanReport {
    /// The failed nodes.
    pub failed: Vec<String>,
    /// The scheduling model in words.
    pub model: String,
    /// The crews assumed.
    pub crews: usize,
    /// Steps in the order work begins.
    pub steps: Vec<PlanStep>,
    /// Each down service against its RTO.
    pub services: Vec<PlanService>,
    /// Nodes that cannot come back.
    pub unrecoverable: Vec<String>,
    /// When the last node is back, seconds after the failure.
    pub makespan_seconds: u64,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// The node to bring back.
    pub id: String,
    /// Seconds after the failure that work begins.
    pub start_seconds: u64,
    /// Seconds after the failure that it is back.
    pub finish_seconds: u64,
    /// The tightest RTO waiting on it.
    pub priority_rto_seconds: Option<u64>,
    /// The service with that RTO.
    pub for_service: Option<String>,
}

/// A service against its RTO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanService {
    /// The service.
    pub id: String,
    /// Its RTO in seconds.
    pub rto_seconds: u64,
    /// Back at, in this plan.
    pub planned_seconds: Option<u64>,
    /// Earliest possible with unlimited crews.
    pub earliest_seconds: Option<u64>,
    /// Whether the plan meets the RTO.
    pub meets_rto: bool,
    /// In words: met, missed by how much, or impossible by any order.
    pub verdict: String,
}

/// The plan report.
pub fn plan_report(topology: &Topology, impact: &Impact, plan: &RecoveryPlan) -> PlanReport {
    let label = |v: Vertex| topology.label(v);
    PlanReport {
        failed: (0..topology.node_count() as Vertex)
            .filter(|&v| impact.is_failed(v))
            .map(label)
            .collect(),
        model: format!(
            "{} crew{} in parallel, one node each at a time; a node's recovery begins once what it needs is back; tightest waiting RTO first",
            plan.crews,
            if plan.crews == 1 { "" } else { "s" }
        ),
        crews: plan.crews,
        steps: plan
            .steps
            .iter()
            .map(|s| PlanStep {
                id: label(s.node),
                start_seconds: s.start,
                finish_seconds: s.finish,
                priority_rto_seconds: s.priority_rto,
                for_service: s.for_service.map(label),
            })
            .collect(),
        services: plan
            .services
            .iter()
            .map(|s| {
                let verdict = match (s.planned, s.earliest) {
                    (_, None) | (None, _) => "cannot be recovered: it waits on a loop".to_string(),
                    (Some(p), Some(_)) if p <= s.rto => format!(
                        "RTO met: back after {} (RTO {})",
                        format_duration(p),
                        format_duration(s.rto)
                    ),
                    (Some(p), Some(e)) if e > s.rto => format!(
                        "RTO CANNOT BE MET by any order: even with unlimited crews it is back after {} (RTO {}); this plan: {}",
                        format_duration(e),
                        format_duration(s.rto),
                        format_duration(p)
                    ),
                    (Some(p), Some(e)) => format!(
                        "RTO MISSED by {}: back after {} (RTO {}); more crews could make it by {}",
                        format_duration(p - s.rto),
                        format_duration(p),
                        format_duration(s.rto),
                        format_duration(e)
                    ),
                };
                PlanService {
                    id: label(s.node),
                    rto_seconds: s.rto,
                    planned_seconds: s.planned,
                    earliest_seconds: s.earliest,
                    meets_rto: s.meets_rto,
                    verdict,
                }
            })
            .collect(),
        unrecoverable: plan.unrecoverable.iter().map(|&v| label(v)).collect(),
        makespan_seconds: plan.makespan,
    }
}
