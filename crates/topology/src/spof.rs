//! Single points of failure, exact, in one pass.
//!
//! For every vertex v, S(v) is the set of nodes whose failure alone takes v down. In evaluation
//! order: for a gate "at least k of n inputs", a node x takes v down when it takes down at least
//! n − k + 1 of v's inputs, so S(v) holds the nodes found in at least n − k + 1 of the inputs'
//! sets (for "all of", that is the union), plus v itself when v is a node. Loops are iterated
//! until their sets stop growing. With a base failure set (used by the cut-set search), inputs
//! already down count towards the n − k + 1, and a vertex already down has every node in S.

use crate::impact::{Impact, State};
use crate::model::{Topology, Vertex};

/// S(v) for one vertex: either a sorted list of nodes, or "everything" (already down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FailSet {
    /// Any failure leaves it down: it is down already.
    All,
    /// These nodes, sorted.
    Some(Vec<Vertex>),
}

/// The single points of failure of each target: the nodes (other than the target) whose loss
/// alone takes it down, sorted by vertex number.
pub fn single_points_of_failure(topology: &Topology, targets: &[Vertex]) -> Vec<Vec<Vertex>> {
    let sets = fail_sets(topology, None, targets, None);
    targets
        .iter()
        .zip(sets)
        .map(|(&t, set)| match set {
            FailSet::Some(mut s) => {
                s.retain(|&x| x != t);
                s
            }
            FailSet::All => Vec::new(),
        })
        .collect()
}

/// S(v) for each target. `within` limits the pass to a set of vertices closed under inputs (the
/// cone of a target); `base` is an impact of failures already in place.
pub(crate) fn fail_sets(
    topology: &Topology,
    base: Option<&Impact>,
    targets: &[Vertex],
    within: Option<&[bool]>,
) -> Vec<FailSet> {
    let v_count = topology.vertex_count();
    let mut keep = vec![false; v_count];
    for &t in targets {
        if let Some(k) = keep.get_mut(t as usize) {
            *k = true;
        }
    }
    let inside = |v: Vertex| within.is_none_or(|w| w[v as usize]);
    // How many dependents still have to read each set; a set is dropped when that reaches 0.
    let mut readers: Vec<u32> = (0..v_count as Vertex)
        .map(|v| {
            topology
                .dependents(v)
                .iter()
                .filter(|&&d| inside(d))
                .count() as u32
        })
        .collect();
    let mut sets: Vec<Option<FailSet>> = vec![None; v_count];
    // A dense counter per node and the list of counters touched: counting how many input sets
    // name each node costs the total size of those sets, with no sorting. Sets are kept
    // unsorted and sorted once at the end, for the targets only.
    let mut count = vec![0u32; topology.node_count()];
    let mut touched: Vec<Vertex> = Vec::new();

    let mut compute = |v: Vertex, sets: &[Option<FailSet>]| -> FailSet {
        if base.is_some_and(|b| b.state(v) == State::Down) {
            return FailSet::All;
        }
        let inputs = topology.inputs(v);
        let n = inputs.len() as i64;
        let k = i64::from(topology.required(v));
        let mut down = 0i64;
        for &u in inputs {
            match sets[u as usize].as_ref() {
                Some(FailSet::All) => down += 1,
                Some(FailSet::Some(s)) => {
                    for &x in s {
                        let c = &mut count[x as usize];
                        if *c == 0 {
                            touched.push(x);
                        }
                        *c += 1;
                    }
                }
                // An input of a loop not computed yet: it contributes only what is known.
                None => {}
            }
        }
        let threshold = n - k + 1 - down;
        let mut out = Vec::new();
        let mut has_self = false;
        if threshold > 0 {
            let t = threshold as u32;
            for &x in &touched {
                if count[x as usize] >= t {
                    out.push(x);
                    has_self |= x == v;
                }
            }
        }
        for &x in &touched {
            count[x as usize] = 0;
        }
        touched.clear();
        if threshold <= 0 {
            return FailSet::All;
        }
        if topology.is_node(v) && !has_self {
            out.push(v);
        }
        FailSet::Some(out)
    };

    for (members, cyclic) in topology.components() {
        if !inside(members[0]) {
            continue;
        }
        if !cyclic {
            let v = members[0];
            let s = compute(v, &sets);
            sets[v as usize] = Some(s);
        } else {
            // Least fixed point: start from "only itself" and grow until stable. Sets only
            // grow, so an unchanged size means an unchanged set.
            for &v in members {
                sets[v as usize] = Some(if base.is_some_and(|b| b.state(v) == State::Down) {
                    FailSet::All
                } else if topology.is_node(v) {
                    FailSet::Some(vec![v])
                } else {
                    FailSet::Some(Vec::new())
                });
            }
            loop {
                let mut changed = false;
                for &v in members {
                    let s = compute(v, &sets);
                    if size(sets[v as usize].as_ref()) != size(Some(&s)) {
                        sets[v as usize] = Some(s);
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
        // Release input sets nobody needs any more.
        for &v in members {
            for &u in topology.inputs(v) {
                let r = &mut readers[u as usize];
                *r = r.saturating_sub(1);
                if *r == 0 && !keep[u as usize] {
                    sets[u as usize] = None;
                }
            }
        }
    }
    targets
        .iter()
        .map(|&t| match sets.get(t as usize).cloned().flatten() {
            Some(FailSet::Some(mut s)) => {
                s.sort_unstable();
                FailSet::Some(s)
            }
            Some(FailSet::All) => FailSet::All,
            None => FailSet::Some(Vec::new()),
        })
        .collect()
}

/// The size of a set for the fixed-point test: "all" is larger than any list.
fn size(set: Option<&FailSet>) -> usize {
    match set {
        Some(FailSet::All) => usize::MAX,
        Some(FailSet::Some(s)) => s.len(),
        None => 0,
    }
}
