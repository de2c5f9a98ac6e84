//! Dependency loops that cannot start from cold.
//!
//! From cold, a vertex can start once at least k of its inputs have started (a vertex that
//! needs nothing starts at once). Starting everything that can start, repeatedly, leaves the
//! vertices that never can. A loop (strongly connected component) with such members is named,
//! with one cycle through them and the nodes it blocks; a loop that a k-of-n group lets start
//! from outside is listed as startable.

use crate::model::{NONE, Topology, Vertex};

/// A dependency loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    /// The nodes in the loop (gates shown by their owner node), sorted.
    pub members: Vec<Vertex>,
    /// One cycle through the loop, as vertices, the first repeated at the end.
    pub cycle: Vec<Vertex>,
    /// Whether the loop can start from cold.
    pub can_cold_start: bool,
    /// Nodes outside the loop that cannot start because of it.
    pub blocked: Vec<Vertex>,
}

/// Which vertices can start from cold (nothing running).
pub fn cold_start(topology: &Topology) -> Vec<bool> {
    let v_count = topology.vertex_count();
    let mut started = vec![false; v_count];
    let mut count = vec![0u32; v_count];
    let mut work: Vec<Vertex> = (0..v_count as Vertex)
        .filter(|&v| topology.required(v) == 0)
        .collect();
    for &v in &work {
        started[v as usize] = true;
    }
    while let Some(u) = work.pop() {
        for &d in topology.dependents(u) {
            count[d as usize] += 1;
            if !started[d as usize] && count[d as usize] >= topology.required(d) {
                started[d as usize] = true;
                work.push(d);
            }
        }
    }
    started
}

/// Every loop of the topology, those that cannot cold-start first.
pub fn loops(topology: &Topology) -> Vec<Loop> {
    let started = cold_start(topology);
    let mut out = Vec::new();
    for members in topology.loops() {
        let stuck = members.iter().any(|&v| !started[v as usize]);
        let mut nodes: Vec<Vertex> = members.iter().map(|&v| topology.owner(v)).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let cycle = find_cycle(topology, members, &started);
        let blocked = if stuck {
            blocked_by(topology, members, &started)
        } else {
            Vec::new()
        };
        out.push(Loop {
            members: nodes,
            cycle,
            can_cold_start: !stuck,
            blocked,
        });
    }
    out.sort_by_key(|l| (l.can_cold_start, l.members.first().copied()));
    out
}

/// A cycle inside the component, preferring inputs that have not started.
fn find_cycle(topology: &Topology, members: &[Vertex], started: &[bool]) -> Vec<Vertex> {
    let comp = topology.comp_of[members[0] as usize];
    let start = members
        .iter()
        .copied()
        .find(|&v| !started[v as usize])
        .unwrap_or(members[0]);
    let mut seen_at = std::collections::HashMap::new();
    let mut path = Vec::new();
    let mut at = start;
    loop {
        if let Some(&i) = seen_at.get(&at) {
            let mut cycle: Vec<Vertex> = path[i..].to_vec();
            cycle.push(at);
            return cycle;
        }
        seen_at.insert(at, path.len());
        path.push(at);
        let inputs = topology.inputs(at);
        let same = |u: &&Vertex| topology.comp_of[**u as usize] == comp;
        let next = inputs
            .iter()
            .filter(same)
            .find(|&&u| !started[u as usize])
            .or_else(|| inputs.iter().find(same))
            .copied()
            .unwrap_or(NONE);
        if next == NONE {
            return path;
        }
        at = next;
    }
}

/// Nodes outside the loop that cannot start and depend on it.
fn blocked_by(topology: &Topology, members: &[Vertex], started: &[bool]) -> Vec<Vertex> {
    let comp = topology.comp_of[members[0] as usize];
    let mut seen = vec![false; topology.vertex_count()];
    let mut stack: Vec<Vertex> = members.to_vec();
    for &v in members {
        seen[v as usize] = true;
    }
    let mut out = Vec::new();
    while let Some(v) = stack.pop() {
        for &d in topology.dependents(v) {
            if !seen[d as usize] && !started[d as usize] {
                seen[d as usize] = true;
                stack.push(d);
                if topology.is_node(d) && topology.comp_of[d as usize] != comp {
                    out.push(d);
                }
            }
        }
    }
    out.sort_unstable();
    out
}
