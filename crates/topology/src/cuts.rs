//! Minimal cut sets of order 1 and 2 for one target: the single nodes, and the pairs of nodes
//! (neither of them a single point of failure), whose loss takes the target down.
//!
//! Exact: for each node `a` in the target's cone that is not a single point of failure, the
//! one-pass rule is run again over the cone with `a` already failed; every node `b` it names
//! completes a pair {a, b}. The work grows with the square of the cone, so it is bounded: when
//! the cone or the number of pairs passes the stated bound, the answer says `truncated`.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::impact::Impact;
use crate::model::{Topology, Vertex};
use crate::spof::{FailSet, fail_sets, single_points_of_failure};

/// Limits on the cut-set search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CutBounds {
    /// The search for pairs is skipped when the target's cone holds more nodes than this.
    pub max_cone: usize,
    /// At most this many pairs are listed.
    pub max_pairs: usize,
}

impl Default for CutBounds {
    fn default() -> Self {
        CutBounds {
            max_cone: 2_000,
            max_pairs: 500,
        }
    }
}

/// The minimal cut sets of order ≤ 2 of one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutSets {
    /// The target.
    pub target: Vertex,
    /// Nodes whose loss alone takes the target down (the target itself left out).
    pub singles: Vec<Vertex>,
    /// Pairs (a < b) whose joint loss takes the target down, neither being a single.
    pub pairs: Vec<(Vertex, Vertex)>,
    /// How many nodes the target depends on, itself included.
    pub cone: usize,
    /// Whether the pairs are incomplete because a bound was passed.
    pub truncated: bool,
    /// Why, when truncated.
    pub truncated_reason: Option<String>,
}

/// The target and every vertex it depends on, directly or not.
pub(crate) fn cone(topology: &Topology, target: Vertex) -> Vec<bool> {
    let mut inside = vec![false; topology.vertex_count()];
    let mut stack = vec![target];
    if let Some(x) = inside.get_mut(target as usize) {
        *x = true;
    } else {
        return inside;
    }
    while let Some(v) = stack.pop() {
        for &u in topology.inputs(v) {
            if !inside[u as usize] {
                inside[u as usize] = true;
                stack.push(u);
            }
        }
    }
    inside
}

/// Minimal cut sets of order 1 and 2 for `target`, within `bounds`.
pub fn cut_sets(topology: &Topology, target: Vertex, bounds: CutBounds) -> CutSets {
    let singles = single_points_of_failure(topology, &[target])
        .pop()
        .unwrap_or_default();
    let inside = cone(topology, target);
    let cone_nodes: Vec<Vertex> = (0..topology.node_count() as Vertex)
        .filter(|&v| inside[v as usize])
        .collect();
    let mut result = CutSets {
        target,
        singles: singles.clone(),
        pairs: Vec::new(),
        cone: cone_nodes.len(),
        truncated: false,
        truncated_reason: None,
    };
    if cone_nodes.len() > bounds.max_cone {
        result.truncated = true;
        result.truncated_reason = Some(format!(
            "the target depends on {} nodes, more than the bound of {}; pairs were not searched",
            cone_nodes.len(),
            bounds.max_cone
        ));
        return result;
    }
    let is_single = |v: Vertex| v == target || singles.binary_search(&v).is_ok();
    let mut pairs = BTreeSet::new();
    'search: for &a in &cone_nodes {
        if is_single(a) {
            continue;
        }
        let base = Impact::evaluate(topology, &[a]);
        let set = fail_sets(topology, Some(&base), &[target], Some(&inside));
        let FailSet::Some(set) = &set[0] else {
            continue;
        };
        for &b in set {
            if b == a || is_single(b) {
                continue;
            }
            pairs.insert((a.min(b), a.max(b)));
            if pairs.len() > bounds.max_pairs {
                result.truncated = true;
                result.truncated_reason = Some(format!(
                    "more than {} pairs; the list stops there",
                    bounds.max_pairs
                ));
                break 'search;
            }
        }
    }
    result.pairs = pairs.into_iter().take(bounds.max_pairs).collect();
    result
}
