//! The failover target check: data must stay in the EU/EEA.

use serde::Serialize;

use crate::format::Residency;
use crate::model::{Topology, Vertex};

/// The answer to "may we fail over from this node to that one?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailoverVerdict {
    /// The node failing over.
    pub from: String,
    /// The proposed target.
    pub to: String,
    /// Whether the target keeps the data in the EU/EEA.
    pub allowed: bool,
    /// Why it is refused (empty when allowed).
    pub reasons: Vec<String>,
    /// Remarks that do not refuse it (a target not listed as a failover of the node).
    pub remarks: Vec<String>,
}

/// Checks a failover target: refused when the target, or anything it relies on, is outside the
/// EU/EEA, or when the target's residency is not stated.
pub fn check_failover(topology: &Topology, from: Vertex, to: Vertex) -> FailoverVerdict {
    let label = |v: Vertex| topology.label(v);
    let mut verdict = FailoverVerdict {
        from: label(from),
        to: label(to),
        allowed: true,
        reasons: Vec::new(),
        remarks: Vec::new(),
    };
    let Some(target) = topology.node(to) else {
        verdict.allowed = false;
        verdict.reasons.push("the target is not a node".into());
        return verdict;
    };
    if let Some(source) = topology.node(from)
        && !source.failover.contains(&to)
    {
        verdict.remarks.push(format!(
            "{} is not listed as a failover target of {}",
            target.id, source.id
        ));
    }
    match target.residency {
        Some(Residency::EuEea) => {}
        Some(Residency::Other) => verdict.reasons.push(format!(
            "{} ({}) is outside the EU/EEA: data would leave the EU/EEA",
            target.id, target.name
        )),
        Some(Residency::Unknown) | None => verdict.reasons.push(format!(
            "the data residency of {} ({}) is not stated, so it cannot be shown to stay in the EU/EEA",
            target.id, target.name
        )),
    }
    // Anything the target relies on that sits outside the EU/EEA: a breadth-first search gives
    // the shortest path to each.
    let mut parent = vec![u32::MAX; topology.vertex_count()];
    let mut seen = vec![false; topology.vertex_count()];
    let mut queue = std::collections::VecDeque::from([to]);
    seen[to as usize] = true;
    while let Some(v) = queue.pop_front() {
        for &u in topology.inputs(v) {
            if seen[u as usize] {
                continue;
            }
            seen[u as usize] = true;
            parent[u as usize] = v;
            queue.push_back(u);
            if topology.node(u).and_then(|n| n.residency) == Some(Residency::Other) {
                let mut path = vec![u];
                let mut at = v;
                while at != u32::MAX {
                    if topology.is_node(at) {
                        path.push(at);
                    }
                    at = parent[at as usize];
                }
                path.reverse();
                let names: Vec<String> = path.iter().map(|&p| label(p)).collect();
                verdict.reasons.push(format!(
                    "{} relies on {}, which is outside the EU/EEA ({})",
                    target.id,
                    label(u),
                    names.join(" → ")
                ));
            }
        }
    }
    verdict.allowed = verdict.reasons.is_empty();
    verdict
}
