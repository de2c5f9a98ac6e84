//! The activation rule of format 2: which steps are active, waiting or not applicable, from
//! what was done to each step and the decision options in force.

use std::collections::BTreeMap;

use vakt_playbook::{Flow, OptionRef, Playbook};

use crate::state::{RuledOut, StepStatus};

/// A playbook's steps by index: what each waits for and which options open or rule it out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Graph {
    after: Vec<Vec<usize>>,
    after_any: Vec<Vec<usize>>,
    /// (decision step, option) pairs that gate the step (an `opens` that is no repeat, see
    /// [`vakt_playbook::Flow`]); non-empty: gated.
    openers: Vec<Vec<(usize, String)>>,
    /// (decision step, option) pairs whose `not_applicable` lists the step.
    ruled_by: Vec<Vec<(usize, String)>>,
    /// Steps in an order where what a step depends on comes first (cycles, which the loader
    /// refuses, are appended as they come).
    order: Vec<usize>,
}

impl Graph {
    pub(crate) fn of(playbook: &Playbook) -> Self {
        let flow = Flow::new(playbook);
        let n = flow.len();
        let option_id = |o: &OptionRef| -> String {
            playbook.steps[o.step]
                .decision
                .as_ref()
                .and_then(|d| d.options.get(o.option))
                .map(|o| o.id.clone())
                .unwrap_or_default()
        };
        let after: Vec<Vec<usize>> = (0..n).map(|i| flow.after(i).to_vec()).collect();
        let after_any: Vec<Vec<usize>> = (0..n).map(|i| flow.after_any(i).to_vec()).collect();
        let openers: Vec<Vec<(usize, String)>> = (0..n)
            .map(|i| {
                flow.gates(i)
                    .iter()
                    .map(|o| (o.step, option_id(o)))
                    .collect()
            })
            .collect();
        let mut ruled_by = vec![Vec::new(); n];
        for d in 0..n {
            for o in flow.options(d) {
                for &t in &flow.ruled_out(o).steps {
                    ruled_by[t].push((d, option_id(&o)));
                }
            }
        }
        // Kahn's algorithm over after ∪ after_any ∪ (opening decision → gated step).
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
        Graph {
            after,
            after_any,
            openers,
            ruled_by,
            order,
        }
    }

    /// The steps active at the start: not gated, waiting for nothing.
    pub(crate) fn start_steps(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.after.len()).filter(|&s| {
            self.openers[s].is_empty() && self.after[s].is_empty() && self.after_any[s].is_empty()
        })
    }

    /// Every step's status. `progress` is what was done to each step (pending, started,
    /// failed, done, skipped); `chosen` maps decision step ids to the option in force.
    pub(crate) fn statuses(
        &self,
        playbook: &Playbook,
        progress: &[&StepStatus],
        chosen: &BTreeMap<String, String>,
    ) -> Vec<StepStatus> {
        let n = progress.len();
        let choice = |d: usize| chosen.get(&playbook.steps[d].id);
        let done = |s: usize| progress[s].is_done();
        // Not applicable: a least fixpoint, as the rules only ever add to it.
        let mut na: Vec<Option<RuledOut>> = vec![None; n];
        loop {
            let mut changed = false;
            for &s in &self.order {
                if na[s].is_some() || done(s) {
                    continue;
                }
                let id = |x: usize| playbook.steps[x].id.clone();
                let ruled = self.ruled_by[s]
                    .iter()
                    .find(|(d, o)| choice(*d) == Some(o))
                    .map(|(d, o)| RuledOut {
                        step: id(*d),
                        option: Some(o.clone()),
                    })
                    .or_else(|| {
                        // Gated, and every option that opens it is decided against or can no
                        // longer be taken.
                        let dead = |(d, o): &(usize, String)| {
                            na[*d].is_some() || choice(*d).is_some_and(|c| c != o)
                        };
                        let openers = &self.openers[s];
                        (!openers.is_empty() && openers.iter().all(dead)).then(|| {
                            let d = openers[0].0;
                            RuledOut {
                                step: id(d),
                                option: choice(d).cloned(),
                            }
                        })
                    })
                    .or_else(|| {
                        self.after[s]
                            .iter()
                            .find(|&&a| na[a].is_some())
                            .map(|&a| RuledOut {
                                step: id(a),
                                option: None,
                            })
                    })
                    .or_else(|| {
                        let any = &self.after_any[s];
                        (!any.is_empty() && any.iter().all(|&a| na[a].is_some())).then(|| {
                            RuledOut {
                                step: id(any[0]),
                                option: None,
                            }
                        })
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
                if done(s) {
                    return progress[s].clone();
                }
                if let Some(by) = &na[s] {
                    return StepStatus::NotApplicable { by: by.clone() };
                }
                let opened = self.openers[s].is_empty()
                    || self.openers[s].iter().any(|(d, o)| choice(*d) == Some(o));
                let any = &self.after_any[s];
                let active = opened
                    && self.after[s].iter().all(|&a| done(a))
                    && (any.is_empty()
                        || (any.iter().any(|&a| done(a))
                            && any.iter().all(|&a| done(a) || na[a].is_some())));
                match (progress[s], active) {
                    (StepStatus::Pending, true) => StepStatus::Active,
                    (StepStatus::Pending, false) => StepStatus::Pending,
                    (other, _) => other.clone(),
                }
            })
            .collect()
    }
}
