//! The activation rule of format 2: which steps are active, waiting or not applicable, from
//! what was done to each step and the decision options in force.

use std::collections::{BTreeMap, HashMap};

use vakt_playbook::{Flow, Playbook};

/// What the flow says of a step, by index: cheap to compute and compare on every event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Derived {
    /// Completed or skipped.
    Done,
    /// Waiting for steps or for a decision.
    Waiting,
    /// Everything it waits for is done.
    Open,
    /// Not applicable: ruled out by the decision step (and option index) or carried over
    /// from this step.
    Ruled(usize, Option<usize>),
}

/// A playbook's steps by index: what each waits for and which options open or rule it out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Graph {
    index: HashMap<String, usize>,
    /// Step indices in the order of their ids (the order of [`crate::RunState::steps`]).
    by_id: Vec<usize>,
    after: Vec<Vec<usize>>,
    after_any: Vec<Vec<usize>>,
    /// (decision step, option index) pairs that gate the step (an `opens` that is no repeat,
    /// see [`vakt_playbook::Flow`]); non-empty: gated.
    openers: Vec<Vec<(usize, usize)>>,
    /// (decision step, option index) pairs whose `not_applicable` lists the step.
    ruled_by: Vec<Vec<(usize, usize)>>,
    /// Steps in an order where what a step depends on comes first (cycles, which the loader
    /// refuses, are appended as they come).
    order: Vec<usize>,
}

impl Graph {
    pub(crate) fn of(playbook: &Playbook) -> Self {
        let flow = Flow::new(playbook);
        let n = flow.len();
        let after: Vec<Vec<usize>> = (0..n).map(|i| flow.after(i).to_vec()).collect();
        let after_any: Vec<Vec<usize>> = (0..n).map(|i| flow.after_any(i).to_vec()).collect();
        let openers: Vec<Vec<(usize, usize)>> = (0..n)
            .map(|i| flow.gates(i).iter().map(|o| (o.step, o.option)).collect())
            .collect();
        let mut ruled_by = vec![Vec::new(); n];
        for d in 0..n {
            for o in flow.options(d) {
                for &t in flow.ruled_out(o).steps.iter() {
                    ruled_by[t].push((d, o.option));
                }
            }
        }
        // Kahn's algorithm over after ∪ after_any ∪ (gating decision → gated step).
        let mut dependents = vec![Vec::new(); n];
        let mut waiting = vec![0usize; n];
        for s in 0..n {
            let deps = after[s]
                .iter()
                .chain(&after_any[s])
                .copied()
                .chain(openers[s].iter().map(|(d, _)| *d));
            for d in deps {
                if d != s {
                    dependents[d].push(s);
                    waiting[s] += 1;
                }
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&s| waiting[s] == 0).collect();
        let mut i = 0;
        while i < order.len() {
            for &t in &dependents[order[i]] {
                waiting[t] -= 1;
                if waiting[t] == 0 {
                    order.push(t);
                }
            }
            i += 1;
        }
        if order.len() < n {
            let mut placed = vec![false; n];
            for &s in &order {
                placed[s] = true;
            }
            order.extend((0..n).filter(|&s| !placed[s]));
        }
        let index: HashMap<String, usize> = playbook
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let sorted: BTreeMap<&str, usize> = playbook
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        Graph {
            index,
            by_id: sorted.into_values().collect(),
            after,
            after_any,
            openers,
            ruled_by,
            order,
        }
    }

    /// The index of step `id`.
    pub(crate) fn index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Step indices in the order of their ids.
    pub(crate) fn by_id(&self) -> &[usize] {
        &self.by_id
    }

    /// The steps active at the start: not gated, waiting for nothing.
    pub(crate) fn start_steps(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.after.len()).filter(|&s| {
            self.openers[s].is_empty() && self.after[s].is_empty() && self.after_any[s].is_empty()
        })
    }

    /// What the flow says of every step. `done[i]`: step `i` is completed or skipped;
    /// `choice[d]`: the option index in force of decision step `d`.
    pub(crate) fn derive(&self, done: &[bool], choice: &[Option<usize>]) -> Vec<Derived> {
        let n = done.len();
        // Not applicable: a least fixpoint, as the rules only ever add to it.
        let mut na: Vec<Option<(usize, Option<usize>)>> = vec![None; n];
        loop {
            let mut changed = false;
            for &s in &self.order {
                if na[s].is_some() || done[s] {
                    continue;
                }
                let ruled = self.ruled_by[s]
                    .iter()
                    .find(|(d, o)| choice[*d] == Some(*o))
                    .map(|&(d, o)| (d, Some(o)))
                    .or_else(|| {
                        // Gated, and every option that opens it is decided against or can no
                        // longer be taken.
                        let openers = &self.openers[s];
                        let dead = |&(d, o): &(usize, usize)| {
                            na[d].is_some() || choice[d].is_some_and(|c| c != o)
                        };
                        (!openers.is_empty() && openers.iter().all(dead))
                            .then(|| (openers[0].0, choice[openers[0].0]))
                    })
                    .or_else(|| {
                        self.after[s]
                            .iter()
                            .find(|&&a| na[a].is_some())
                            .map(|&a| (a, None))
                    })
                    .or_else(|| {
                        let any = &self.after_any[s];
                        (!any.is_empty() && any.iter().all(|&a| na[a].is_some()))
                            .then(|| (any[0], None))
                    });
                if ruled.is_some() {
                    na[s] = ruled;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        (0..n)
            .map(|s| {
                if done[s] {
                    return Derived::Done;
                }
                if let Some((d, o)) = na[s] {
                    return Derived::Ruled(d, o);
                }
                let opened = self.openers[s].is_empty()
                    || self.openers[s].iter().any(|&(d, o)| choice[d] == Some(o));
                let any = &self.after_any[s];
                let open = opened
                    && self.after[s].iter().all(|&a| done[a])
                    && (any.is_empty()
                        || (any.iter().any(|&a| done[a])
                            && any.iter().all(|&a| done[a] || na[a].is_some())));
                if open {
                    Derived::Open
                } else {
                    Derived::Waiting
                }
            })
            .collect()
    }
}
