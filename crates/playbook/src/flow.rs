//! The shape of a playbook's flow: which steps can be reached and which can reach the end.

use std::collections::BTreeSet;

use crate::model::{END, Playbook};

/// A flaw in the flow of steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FlowFlaw {
    /// Step (by index) that no path from the first step reaches.
    Unreachable(usize),
    /// A loop (step indices in order, first repeated at the end) from which no step leads to
    /// the end.
    Trap(Vec<usize>),
}

/// Where step `i` can go next; `None` stands for the end.
fn successors(playbook: &Playbook, i: usize) -> Vec<Option<usize>> {
    let index = |id: &str| {
        if id == END {
            Some(None)
        } else {
            playbook.steps.iter().position(|s| s.id == id).map(Some)
        }
    };
    let step = &playbook.steps[i];
    match &step.decision {
        Some(d) => d.options.iter().filter_map(|o| index(&o.next)).collect(),
        None => playbook
            .next_after(&step.id)
            .and_then(|n| index(&n))
            .into_iter()
            .collect(),
    }
}

/// Finds unreachable steps and loops with no way out. Assumes step ids are unique and every
/// reference resolves (the loader checks those first).
pub(crate) fn flaws(playbook: &Playbook) -> Vec<FlowFlaw> {
    let n = playbook.steps.len();
    if n == 0 {
        return Vec::new();
    }
    let next: Vec<Vec<Option<usize>>> = (0..n).map(|i| successors(playbook, i)).collect();
    let mut reachable = vec![false; n];
    let mut stack = vec![0];
    reachable[0] = true;
    while let Some(i) = stack.pop() {
        for j in next[i].iter().flatten() {
            if !reachable[*j] {
                reachable[*j] = true;
                stack.push(*j);
            }
        }
    }
    let mut ends = vec![false; n];
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            if !ends[i] && next[i].iter().any(|j| j.is_none_or(|j| ends[j])) {
                ends[i] = true;
                changed = true;
            }
        }
    }
    let mut out: Vec<FlowFlaw> = (0..n)
        .filter(|&i| !reachable[i])
        .map(FlowFlaw::Unreachable)
        .collect();
    let mut seen_loops: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in (0..n).filter(|&i| reachable[i] && !ends[i]) {
        // Every successor of a trapped step is trapped too, so walking the first successor
        // must come back to a step already on the path.
        let mut path = vec![start];
        let mut at = start;
        let cycle = loop {
            let Some(Some(j)) = next[at].first().copied() else {
                break None;
            };
            if let Some(pos) = path.iter().position(|&p| p == j) {
                let mut c = path[pos..].to_vec();
                c.push(j);
                break Some(c);
            }
            path.push(j);
            at = j;
        };
        if let Some(c) = cycle {
            let members: BTreeSet<usize> = c.iter().copied().collect();
            let key: Vec<usize> = members.into_iter().collect();
            if seen_loops.insert(key) {
                out.push(FlowFlaw::Trap(c));
            }
        }
    }
    out
}
