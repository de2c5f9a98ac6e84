//! Recovery order after a failure set, against the RTOs.
//!
//! Scheduling model (stated in `docs/topology.md` too):
//! - every node that is down must be brought back, a failed one by repair, one taken down by
//!   its dependencies by a restart; either takes the node's `recovery` duration;
//! - a node's recovery can begin only when its own requirement holds again (what it needs is
//!   back), so nothing is repaired "blind";
//! - `crews` recovery crews work in parallel, each on one node at a time; when a crew is free
//!   it takes, among the nodes that can begin, the one with the tightest RTO of the down
//!   services waiting on it (then the shorter recovery, then the id);
//! - every repair that ends at one moment is counted before any crew freed at that moment
//!   takes new work, so the plan never depends on the order of the nodes in the file (ties
//!   are broken by id, never by file position);
//! - hidden group gates and nodes with no recovery duration come back the moment they can.
//!
//! Times count from the moment of the failure. The plan gives each down service the time it is
//! back in this schedule, and the earliest it could be back with unlimited crews (the critical
//! path): an RTO shorter than that cannot be met by any order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::impact::{Impact, State};
use crate::model::{NONE, Topology, Vertex};

/// One node's recovery in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryStep {
    /// The node.
    pub node: Vertex,
    /// When work on it begins, seconds after the failure.
    pub start: u64,
    /// When it is back.
    pub finish: u64,
    /// The tightest RTO of the down services waiting on it, if any.
    pub priority_rto: Option<u64>,
    /// The down service with that RTO.
    pub for_service: Option<Vertex>,
}

/// A down service's recovery against its RTO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRecovery {
    /// The service (any node with an RTO).
    pub node: Vertex,
    /// Its RTO, seconds.
    pub rto: u64,
    /// When it is back in this plan (`None`: never).
    pub planned: Option<u64>,
    /// The earliest it could be back with unlimited crews (`None`: never).
    pub earliest: Option<u64>,
    /// Whether the plan meets the RTO.
    pub meets_rto: bool,
}

/// A recovery plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryPlan {
    /// The number of crews assumed.
    pub crews: usize,
    /// The nodes to bring back, in the order work on them begins.
    pub steps: Vec<RecoveryStep>,
    /// Every down node with an RTO, tightest RTO first.
    pub services: Vec<ServiceRecovery>,
    /// Down nodes that can never come back (they wait on a loop or on each other).
    pub unrecoverable: Vec<Vertex>,
    /// When the last node is back.
    pub makespan: u64,
}

/// Plans the recovery from `impact` with `crews` crews working in parallel (at least 1).
pub fn recovery_plan(topology: &Topology, impact: &Impact, crews: usize) -> RecoveryPlan {
    let crews = crews.max(1);
    let tie = tie_breaks(topology, impact);
    let (priority, for_service) = priorities(topology, impact, &tie);
    let planned = simulate(topology, impact, &priority, &tie, crews);
    let earliest = simulate(topology, impact, &priority, &tie, usize::MAX);

    let mut services: Vec<ServiceRecovery> = (0..topology.node_count() as Vertex)
        .filter(|&v| impact.state(v) == State::Down)
        .filter_map(|v| {
            let rto = topology.node(v)?.rto?;
            let p = planned.finish[v as usize];
            let e = earliest.finish[v as usize];
            Some(ServiceRecovery {
                node: v,
                rto,
                planned: (p != u64::MAX).then_some(p),
                earliest: (e != u64::MAX).then_some(e),
                meets_rto: p != u64::MAX && p <= rto,
            })
        })
        .collect();
    services.sort_by_key(|s| (s.rto, tie[s.node as usize]));

    let steps = planned
        .sequence
        .iter()
        .filter(|&&v| topology.is_node(v))
        .map(|&v| RecoveryStep {
            node: v,
            start: planned.start[v as usize],
            finish: planned.finish[v as usize],
            priority_rto: (planned.effective[v as usize] != u64::MAX)
                .then_some(planned.effective[v as usize]),
            for_service: (planned.effective[v as usize] != u64::MAX
                && for_service[v as usize] != NONE)
                .then_some(for_service[v as usize]),
        })
        .collect::<Vec<_>>();
    let unrecoverable = (0..topology.node_count() as Vertex)
        .filter(|&v| impact.state(v) == State::Down && planned.finish[v as usize] == u64::MAX)
        .collect();
    RecoveryPlan {
        crews,
        makespan: steps.iter().map(|s| s.finish).max().unwrap_or(0),
        steps,
        services,
        unrecoverable,
    }
}

/// A tie-break key per down vertex that does not depend on file order: a node's rank among
/// the down nodes sorted by id (shifted left by 32 bits), and a hidden group gate its owner's
/// key plus the group's position within the node (groups keep their order in the file).
fn tie_breaks(topology: &Topology, impact: &Impact) -> Vec<u64> {
    let mut key = vec![u64::MAX; topology.vertex_count()];
    let mut down: Vec<&str> = Vec::new();
    let mut down_v: Vec<Vertex> = Vec::new();
    for (v, node) in topology.nodes().iter().enumerate() {
        if impact.state(v as Vertex) == State::Down {
            down.push(node.id.as_str());
            down_v.push(v as Vertex);
        }
    }
    let mut by_id: Vec<usize> = (0..down.len()).collect();
    by_id.sort_unstable_by_key(|&i| down[i]);
    for (rank, i) in by_id.into_iter().enumerate() {
        key[down_v[i] as usize] = (rank as u64) << 32;
    }
    for (g, &(owner, gi)) in topology.gate_owner.iter().enumerate() {
        let owner_key = key[owner as usize];
        if owner_key != u64::MAX {
            key[topology.node_count() + g] = owner_key + 1 + u64::from(gi);
        }
    }
    key
}

/// For each down vertex: the tightest RTO among the down services that depend on it, and which
/// (ties: the service first by id).
fn priorities(topology: &Topology, impact: &Impact, tie: &[u64]) -> (Vec<u64>, Vec<Vertex>) {
    let v_count = topology.vertex_count();
    let mut best = vec![u64::MAX; v_count];
    let mut service = vec![NONE; v_count];
    let mut sources: Vec<(u64, u64, Vertex)> = (0..topology.node_count() as Vertex)
        .filter(|&v| impact.state(v) == State::Down)
        .filter_map(|v| Some((topology.node(v)?.rto?, tie[v as usize], v)))
        .collect();
    sources.sort_unstable();
    // Tightest first: the first service to reach a vertex gives it its priority.
    let mut stack = Vec::new();
    for (rto, _, s) in sources {
        if best[s as usize] != u64::MAX {
            continue;
        }
        best[s as usize] = rto;
        service[s as usize] = s;
        stack.push(s);
        while let Some(v) = stack.pop() {
            for &u in topology.inputs(v) {
                if impact.state(u) == State::Down && best[u as usize] == u64::MAX {
                    best[u as usize] = rto;
                    service[u as usize] = s;
                    stack.push(u);
                }
            }
        }
    }
    (best, service)
}

struct Schedule {
    start: Vec<u64>,
    finish: Vec<u64>,
    sequence: Vec<Vertex>,
    /// The priority each vertex had when work on it began.
    effective: Vec<u64>,
}

fn simulate(
    topology: &Topology,
    impact: &Impact,
    priority: &[u64],
    tie: &[u64],
    crews: usize,
) -> Schedule {
    let v_count = topology.vertex_count();
    let mut start = vec![u64::MAX; v_count];
    let mut finish = vec![u64::MAX; v_count];
    let mut sequence = Vec::new();
    let mut effective = vec![u64::MAX; v_count];
    let mut standing = vec![0u32; v_count];
    let mut queued = vec![false; v_count];
    let duration = |v: Vertex| topology.node(v).map_or(0, |n| n.recovery);
    for v in 0..v_count as Vertex {
        if impact.state(v) != State::Down {
            finish[v as usize] = 0;
        }
    }
    // Ready to begin: (priority, duration, tie-break, vertex); the smallest goes first.
    let mut ready: BinaryHeap<Reverse<(u64, u64, u64, Vertex)>> = BinaryHeap::new();
    let mut events: BinaryHeap<Reverse<(u64, u64, Vertex)>> = BinaryHeap::new();
    // Back the moment they can: (tie-break, vertex), taken in id order.
    let mut instant: BinaryHeap<Reverse<(u64, Vertex)>> = BinaryHeap::new();
    let ready_entry = |w: Vertex| Reverse((priority[w as usize], duration(w), tie[w as usize], w));
    for v in 0..v_count as Vertex {
        if impact.state(v) != State::Down {
            continue;
        }
        standing[v as usize] = topology
            .inputs(v)
            .iter()
            .filter(|&&u| impact.state(u) != State::Down)
            .count() as u32;
        if standing[v as usize] >= topology.required(v) {
            queued[v as usize] = true;
            if duration(v) == 0 {
                instant.push(Reverse((tie[v as usize], v)));
            } else {
                ready.push(ready_entry(v));
            }
        }
    }
    let mut now = 0u64;
    let mut free = crews;
    loop {
        // Whatever comes back at once, and what that in turn frees.
        while let Some(Reverse((_, v))) = instant.pop() {
            start[v as usize] = now;
            finish[v as usize] = now;
            sequence.push(v);
            release(topology, v, &mut standing, &mut queued, &finish, &mut |w| {
                if duration(w) == 0 {
                    instant.push(Reverse((tie[w as usize], w)));
                } else {
                    ready.push(ready_entry(w));
                }
            });
        }
        while free > 0 {
            let Some(Reverse((p, d, k, v))) = ready.pop() else {
                break;
            };
            // A node whose dependents no longer lack it (a sibling in its group came back)
            // only restores redundancy now: it waits behind everything a service waits on.
            if p != u64::MAX && !still_awaited(topology, impact, v, &finish, &standing) {
                ready.push(Reverse((u64::MAX, d, k, v)));
                continue;
            }
            free -= 1;
            effective[v as usize] = p;
            start[v as usize] = now;
            sequence.push(v);
            events.push(Reverse((now + d, k, v)));
        }
        let Some(&Reverse((t, _, _))) = events.peek() else {
            break;
        };
        now = t;
        // Every repair that ends now is counted before a freed crew is handed new work.
        while let Some(&Reverse((at, _, v))) = events.peek() {
            if at != t {
                break;
            }
            events.pop();
            free += 1;
            finish[v as usize] = t;
            release(topology, v, &mut standing, &mut queued, &finish, &mut |w| {
                if duration(w) == 0 {
                    instant.push(Reverse((tie[w as usize], w)));
                } else {
                    ready.push(ready_entry(w));
                }
            });
        }
    }
    Schedule {
        start,
        finish,
        sequence,
        effective,
    }
}

/// Whether a down service is this node itself, or some dependent still lacks it.
fn still_awaited(
    topology: &Topology,
    impact: &Impact,
    v: Vertex,
    finish: &[u64],
    standing: &[u32],
) -> bool {
    let is_service =
        topology.node(v).is_some_and(|n| n.rto.is_some()) && impact.state(v) == State::Down;
    is_service
        || topology
            .dependents(v)
            .iter()
            .any(|&w| finish[w as usize] == u64::MAX && standing[w as usize] < topology.required(w))
}

/// A vertex is back: count it for its dependents and hand over those that can now begin.
fn release(
    topology: &Topology,
    v: Vertex,
    standing: &mut [u32],
    queued: &mut [bool],
    finish: &[u64],
    push: &mut dyn FnMut(Vertex),
) {
    for &w in topology.dependents(v) {
        if finish[w as usize] != u64::MAX || queued[w as usize] {
            continue;
        }
        standing[w as usize] += 1;
        if standing[w as usize] >= topology.required(w) {
            queued[w as usize] = true;
            push(w);
        }
    }
}
