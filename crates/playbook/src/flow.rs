//! The shape of a playbook's steps, by index: what each step waits for, which options open it,
//! what each option rules out, which steps run at the start. Built once, in time linear in the
//! playbook's size; the loader judges a playbook with it and the run engine walks it.

use std::collections::HashMap;

use crate::model::Playbook;

/// A decision option, by index: the decision step's index in `steps` and the option's index in
/// its decision's `options`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OptionRef {
    /// The index of the decision's step.
    pub step: usize,
    /// The index of the option in the decision.
    pub option: usize,
}

/// What choosing an option makes not applicable, by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuledOut {
    /// Step indices.
    pub steps: Vec<usize>,
    /// Clock indices (into `clocks`).
    pub clocks: Vec<usize>,
}

/// The options of one decision that a step depends on: it can only ever become active if that
/// decision took one of these options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The index of the decision's step.
    pub decision: usize,
    /// The option indices, sorted.
    pub options: Vec<usize>,
}

/// A step that waits on itself through `after` and `after_any`: the cycle, by step index, its
/// first step repeated at the end.
pub(crate) type Cycle = Vec<usize>;

/// Why a step can never become active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreachable {
    /// It is gated and no option that opens it belongs to a reachable decision.
    NeverOpened,
    /// It waits (`after`) on this step, which can never be reached.
    WaitsOn(usize),
    /// Every step of its `after_any` can never be reached.
    WaitsOnNone,
}

/// A join that can never happen: step `step` waits (`after`, all of) on `first` and `second`,
/// which need different options of decision `decision`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExclusiveJoin {
    pub(crate) step: usize,
    /// The `after` entry (index into the step's `after`) needing the first branch; `None` for
    /// the step's own gate.
    pub(crate) first: Option<usize>,
    /// The `after` entry needing the second branch.
    pub(crate) second: usize,
    pub(crate) decision: usize,
    /// The options the first needs.
    pub(crate) first_options: Vec<usize>,
    /// The options the second needs.
    pub(crate) second_options: Vec<usize>,
}

/// The steps of a playbook as a graph, by index into [`Playbook::steps`].
///
/// Activation, as the run engine applies it:
/// - A step is **gated** when some option names it in `opens` as a gate; it can become active
///   only after one of those options was chosen ([`Flow::gates`]). An `opens` that names a step
///   earlier in the file (or the decision itself) from which the decision can be reached is a
///   **repeat** instead: it makes that done step active again and does not gate it
///   ([`Flow::repeats`]).
/// - A **start** step is ungated with neither `after` nor `after_any` ([`Flow::starts`]).
/// - A step is active when it is not done, not not-applicable, (ungated or opened), every
///   `after` step is done, and (if `after_any` is not empty) one `after_any` step is done and the
///   rest are done or not applicable.
///
/// References that name nothing are left out (the loader reports them).
#[derive(Debug, Clone, Default)]
pub struct Flow {
    index: HashMap<String, usize>,
    clock_index: HashMap<String, usize>,
    after: Vec<Vec<usize>>,
    after_any: Vec<Vec<usize>>,
    waiting: Vec<Vec<usize>>,
    /// Per step: the steps naming it in `after`.
    waiting_all: Vec<Vec<usize>>,
    /// Per step: the steps naming it in `after_any`.
    waiting_any: Vec<Vec<usize>>,
    /// Per decision step: the steps its options gate (each once).
    gating: Vec<Vec<usize>>,
    gates: Vec<Vec<OptionRef>>,
    repeats: Vec<Vec<OptionRef>>,
    /// Per step, per option: the steps it opens (gates and repeats).
    opens: Vec<Vec<Vec<usize>>>,
    ruled_out: Vec<Vec<RuledOut>>,
    starts: Vec<usize>,
    branch: Vec<Option<Branch>>,
}

impl Flow {
    /// The flow of `playbook`. Linear in its size.
    pub fn new(playbook: &Playbook) -> Flow {
        let n = playbook.steps.len();
        let mut index = HashMap::with_capacity(n);
        for (i, s) in playbook.steps.iter().enumerate() {
            index.entry(s.id.clone()).or_insert(i);
        }
        let mut clock_index = HashMap::with_capacity(playbook.clocks.len());
        for (i, c) in playbook.clocks.iter().enumerate() {
            clock_index.entry(c.id.clone()).or_insert(i);
        }
        let resolve = |ids: &[String]| -> Vec<usize> {
            let mut out: Vec<usize> = ids
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect();
            dedup_in_order(&mut out);
            out
        };
        let after: Vec<Vec<usize>> = playbook.steps.iter().map(|s| resolve(&s.after)).collect();
        let after_any: Vec<Vec<usize>> = playbook
            .steps
            .iter()
            .map(|s| resolve(&s.after_any))
            .collect();
        let mut waiting = vec![Vec::new(); n];
        let mut waiting_all = vec![Vec::new(); n];
        let mut waiting_any = vec![Vec::new(); n];
        for i in 0..n {
            for &t in &after[i] {
                waiting_all[t].push(i);
                waiting[t].push(i);
            }
            for &t in &after_any[i] {
                waiting_any[t].push(i);
                if waiting[t].last() != Some(&i) {
                    waiting[t].push(i);
                }
            }
        }
        let mut opens = Vec::with_capacity(n);
        let mut ruled_out = Vec::with_capacity(n);
        for s in &playbook.steps {
            let options = s.decision.as_ref().map_or(&[][..], |d| &d.options[..]);
            opens.push(
                options
                    .iter()
                    .map(|o| resolve(&o.opens))
                    .collect::<Vec<_>>(),
            );
            ruled_out.push(
                options
                    .iter()
                    .map(|o| {
                        let mut r = RuledOut::default();
                        for id in &o.not_applicable {
                            if let Some(&i) = index.get(id.as_str()) {
                                r.steps.push(i);
                            } else if let Some(&c) = clock_index.get(id.as_str()) {
                                r.clocks.push(c);
                            }
                        }
                        r
                    })
                    .collect::<Vec<_>>(),
            );
        }
        // Strongly connected components over every edge (after, after_any, opens): an `opens`
        // is a repeat when its target can reach the decision and stands no later in the file.
        let component = components(n, |v, out: &mut Vec<usize>| {
            out.extend_from_slice(&waiting[v]);
            for targets in &opens[v] {
                out.extend_from_slice(targets);
            }
        });
        let mut gates = vec![Vec::new(); n];
        let mut repeats = vec![Vec::new(); n];
        let mut gating = vec![Vec::new(); n];
        for (d, options) in opens.iter().enumerate() {
            for (o, targets) in options.iter().enumerate() {
                let option = OptionRef { step: d, option: o };
                for &t in targets {
                    if t <= d && component[t] == component[d] {
                        repeats[t].push(option);
                    } else {
                        gates[t].push(option);
                        gating[d].push(t);
                    }
                }
            }
            dedup_in_order(&mut gating[d]);
        }
        let starts = (0..n)
            .filter(|&i| gates[i].is_empty() && after[i].is_empty() && after_any[i].is_empty())
            .collect();
        let mut flow = Flow {
            index,
            clock_index,
            after,
            after_any,
            waiting,
            waiting_all,
            waiting_any,
            gating,
            gates,
            repeats,
            opens,
            ruled_out,
            starts,
            branch: vec![None; n],
        };
        flow.branch = flow.branches().0;
        flow
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.after.len()
    }

    /// Whether the playbook has no steps.
    pub fn is_empty(&self) -> bool {
        self.after.is_empty()
    }

    /// The index of the step with id `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The index of the clock with id `id`.
    pub fn clock_index(&self, id: &str) -> Option<usize> {
        self.clock_index.get(id).copied()
    }

    /// The steps active at the start: ungated, waiting for nothing. In file order.
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// The steps step `i` waits for, all of them (`after`).
    pub fn after(&self, i: usize) -> &[usize] {
        self.after.get(i).map_or(&[], Vec::as_slice)
    }

    /// The steps step `i` waits for, any one of them (`after_any`).
    pub fn after_any(&self, i: usize) -> &[usize] {
        self.after_any.get(i).map_or(&[], Vec::as_slice)
    }

    /// The steps that name step `i` in their `after` or `after_any`, in file order.
    pub fn waiting_on(&self, i: usize) -> &[usize] {
        self.waiting.get(i).map_or(&[], Vec::as_slice)
    }

    /// Whether step `i` is gated: it becomes active only after an option opening it was chosen.
    pub fn is_gated(&self, i: usize) -> bool {
        !self.gates(i).is_empty()
    }

    /// The options that open (gate) step `i`; empty when it is not gated.
    pub fn gates(&self, i: usize) -> &[OptionRef] {
        self.gates.get(i).map_or(&[], Vec::as_slice)
    }

    /// The gated steps, in file order.
    pub fn gated_steps(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.is_gated(i))
    }

    /// The options that make step `i` (already done) active again: a loop back.
    pub fn repeats(&self, i: usize) -> &[OptionRef] {
        self.repeats.get(i).map_or(&[], Vec::as_slice)
    }

    /// The steps option `o` opens: those it gates and those it repeats.
    pub fn opens(&self, o: OptionRef) -> &[usize] {
        self.opens
            .get(o.step)
            .and_then(|d| d.get(o.option))
            .map_or(&[], Vec::as_slice)
    }

    /// The steps and clocks option `o` rules out (its `not_applicable`).
    pub fn ruled_out(&self, o: OptionRef) -> &RuledOut {
        static NONE: RuledOut = RuledOut {
            steps: Vec::new(),
            clocks: Vec::new(),
        };
        self.ruled_out
            .get(o.step)
            .and_then(|d| d.get(o.option))
            .unwrap_or(&NONE)
    }

    /// The options of decision step `i`: a mutually exclusive set (a decision takes one).
    /// Empty when step `i` is not a decision.
    pub fn options(&self, i: usize) -> impl Iterator<Item = OptionRef> + '_ {
        let count = self.opens.get(i).map_or(0, Vec::len);
        (0..count).map(move |option| OptionRef { step: i, option })
    }

    /// Every set of mutually exclusive options: the options of each decision, by decision in
    /// file order.
    pub fn exclusive_options(&self) -> Vec<Vec<OptionRef>> {
        (0..self.len())
            .map(|i| self.options(i).collect::<Vec<_>>())
            .filter(|o| !o.is_empty())
            .collect()
    }

    /// The options of one decision that step `i` depends on, when it depends on one: it can only
    /// become active if that decision took one of them. (The nearest such decision; a step
    /// downstream of several decisions names one.)
    pub fn branch(&self, i: usize) -> Option<&Branch> {
        self.branch.get(i).and_then(Option::as_ref)
    }

    /// Each step's branch, and the joins that can never happen.
    pub(crate) fn branches(&self) -> (Vec<Option<Branch>>, Vec<ExclusiveJoin>) {
        let n = self.len();
        let mut branch: Vec<Option<Branch>> = vec![None; n];
        let mut joins = Vec::new();
        for v in self.topological() {
            // The gate: options of one decision.
            let mut own: Option<Branch> = None;
            if let Some(first) = self.gates[v].first()
                && self.gates[v].iter().all(|g| g.step == first.step)
            {
                let mut options: Vec<usize> = self.gates[v].iter().map(|g| g.option).collect();
                options.sort_unstable();
                options.dedup();
                own = Some(Branch {
                    decision: first.step,
                    options,
                });
            }
            // `after`: all of them, so their branches hold together.
            let mut held: Vec<(Option<usize>, Branch)> = Vec::new();
            let mut by_decision: HashMap<usize, usize> = HashMap::new();
            if let Some(b) = &own {
                by_decision.insert(b.decision, 0);
                held.push((None, b.clone()));
            }
            for (k, &t) in self.after[v].iter().enumerate() {
                let Some(b) = &branch[t] else { continue };
                if let Some((first, other)) =
                    by_decision.get(&b.decision).and_then(|&h| held.get_mut(h))
                {
                    let both: Vec<usize> = other
                        .options
                        .iter()
                        .copied()
                        .filter(|o| b.options.contains(o))
                        .collect();
                    if both.is_empty() {
                        joins.push(ExclusiveJoin {
                            step: v,
                            first: *first,
                            second: k,
                            decision: b.decision,
                            first_options: other.options.clone(),
                            second_options: b.options.clone(),
                        });
                    } else {
                        other.options = both;
                    }
                } else {
                    by_decision.insert(b.decision, held.len());
                    held.push((Some(k), b.clone()));
                }
            }
            // `after_any`: one of them, so only a branch they all share holds.
            let mut any: Option<Branch> = None;
            for (k, &t) in self.after_any[v].iter().enumerate() {
                match (&branch[t], k, &mut any) {
                    (Some(b), 0, a) => *a = Some(b.clone()),
                    (Some(b), _, Some(a)) if a.decision == b.decision => {
                        a.options.extend(&b.options);
                        a.options.sort_unstable();
                        a.options.dedup();
                    }
                    (_, _, a) => {
                        *a = None;
                        break;
                    }
                }
            }
            branch[v] = held.into_iter().map(|(_, b)| b).next().or(any);
        }
        (branch, joins)
    }

    /// The steps in an order where each comes after everything it waits on and its gates'
    /// decisions; steps on a cycle are left out.
    fn topological(&self) -> Vec<usize> {
        let n = self.len();
        let mut pending = vec![0usize; n];
        for v in 0..n {
            for &t in self.waiting[v].iter().chain(&self.gating[v]) {
                pending[t] += 1;
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
        let mut at = 0;
        while at < order.len() {
            let v = order[at];
            at += 1;
            for &t in self.waiting[v].iter().chain(&self.gating[v]) {
                pending[t] -= 1;
                if pending[t] == 0 {
                    order.push(t);
                }
            }
        }
        order
    }

    /// Cycles of `after` ∪ `after_any`, each reported once.
    pub(crate) fn cycles(&self) -> Vec<Cycle> {
        let n = self.len();
        let mut pending: Vec<usize> = (0..n)
            .map(|i| self.after[i].len() + self.after_any[i].len())
            .collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
        let mut at = 0;
        while at < order.len() {
            let v = order[at];
            at += 1;
            for &t in &self.waiting[v] {
                pending[t] -= 1;
                if pending[t] == 0 {
                    order.push(t);
                }
            }
        }
        // Every step left waits on another step left: walking back finds a cycle.
        let mut state = vec![0u8; n]; // 0 unseen, 1 on the current walk, 2 done
        let mut out = Vec::new();
        for start in 0..n {
            if pending[start] == 0 || state[start] != 0 {
                continue;
            }
            let mut path = Vec::new();
            let mut v = start;
            loop {
                if state[v] == 1 {
                    let from = path.iter().position(|&p| p == v).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[from..].to_vec();
                    cycle.reverse();
                    let first = cycle[cycle.len() - 1];
                    cycle.insert(0, first);
                    cycle.pop();
                    cycle.push(cycle[0]);
                    out.push(cycle);
                    break;
                }
                if state[v] == 2 {
                    break;
                }
                state[v] = 1;
                path.push(v);
                let next = self.after[v]
                    .iter()
                    .chain(&self.after_any[v])
                    .copied()
                    .find(|&t| pending[t] != 0);
                match next {
                    Some(t) => v = t,
                    None => break,
                }
            }
            for p in path {
                state[p] = 2;
            }
        }
        out
    }

    /// The steps that can never become active, each with why. Steps on a cycle of `after` are
    /// left out (the cycle is reported instead).
    pub(crate) fn unreachable(&self, on_cycle: &[bool]) -> Vec<(usize, Unreachable)> {
        let n = self.len();
        let mut need_after: Vec<usize> = self.after.iter().map(Vec::len).collect();
        let mut any_ok: Vec<bool> = self.after_any.iter().map(Vec::is_empty).collect();
        let mut gate_ok: Vec<bool> = self.gates.iter().map(Vec::is_empty).collect();
        let mut reached = vec![false; n];
        let mut stack: Vec<usize> = self.starts.clone();
        for &s in &stack {
            reached[s] = true;
        }
        let ready = |i: usize, need: &[usize], any: &[bool], gate: &[bool]| {
            need[i] == 0 && any[i] && gate[i]
        };
        while let Some(v) = stack.pop() {
            for &t in &self.waiting_all[v] {
                need_after[t] -= 1;
            }
            for &t in &self.waiting_any[v] {
                any_ok[t] = true;
            }
            for &t in &self.gating[v] {
                gate_ok[t] = true;
            }
            let touched = self.waiting[v].iter().chain(&self.gating[v]);
            for &t in touched {
                if !reached[t] && ready(t, &need_after, &any_ok, &gate_ok) {
                    reached[t] = true;
                    stack.push(t);
                }
            }
        }
        (0..n)
            .filter(|&i| !reached[i] && !on_cycle[i])
            .map(|i| {
                let why = if let Some(&t) = self.after[i].iter().find(|&&t| !reached[t]) {
                    Unreachable::WaitsOn(t)
                } else if !any_ok[i] {
                    Unreachable::WaitsOnNone
                } else {
                    Unreachable::NeverOpened
                };
                (i, why)
            })
            .collect()
    }
}

/// Removes repeated entries, keeping the first of each.
fn dedup_in_order(list: &mut Vec<usize>) {
    if list.len() < 2 {
        return;
    }
    let mut seen = std::collections::HashSet::with_capacity(list.len());
    list.retain(|i| seen.insert(*i));
}

/// Strongly connected components (Tarjan's, iterative): a component number per vertex.
fn components(n: usize, edges: impl Fn(usize, &mut Vec<usize>)) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut number = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_number = 0;
    let mut next_component = 0;
    let mut adjacency: Vec<Vec<usize>> = Vec::with_capacity(n);
    for v in 0..n {
        let mut out = Vec::new();
        edges(v, &mut out);
        adjacency.push(out);
    }
    // The walk: (vertex, next edge to look at).
    let mut walk: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if number[root] != UNSEEN {
            continue;
        }
        walk.push((root, 0));
        number[root] = next_number;
        low[root] = next_number;
        next_number += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = walk.last_mut() {
            if let Some(&w) = adjacency[v].get(*edge) {
                *edge += 1;
                if number[w] == UNSEEN {
                    number[w] = next_number;
                    low[w] = next_number;
                    next_number += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    walk.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(number[w]);
                }
            } else {
                walk.pop();
                if let Some(&(parent, _)) = walk.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == number[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = next_component;
                        if w == v {
                            break;
                        }
                    }
                    next_component += 1;
                }
            }
        }
    }
    component
}
