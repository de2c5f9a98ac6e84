//! The shape of a playbook's steps, by index: what each step waits for, which options open it,
//! what each option rules out, which steps run at the start. Built once, in time linear in the
//! playbook's size, with every list stored flat; the loader judges a playbook with it and the
//! run engine walks it.

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuledOut<'a> {
    /// Step indices.
    pub steps: &'a [usize],
    /// Clock indices (into `clocks`).
    pub clocks: &'a [usize],
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

/// A join that can never happen: step `step` waits (`after`, all of) on two steps that need
/// different options of decision `decision` (or on one such step while its own gate needs
/// another option).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExclusiveJoin {
    pub(crate) step: usize,
    /// The `after` entry (index into [`Flow::after`]) needing the first branch; `None` for the
    /// step's own gate.
    pub(crate) first: Option<usize>,
    /// The `after` entry needing the second branch.
    pub(crate) second: usize,
    pub(crate) decision: usize,
    /// The options the first needs.
    pub(crate) first_options: Vec<usize>,
    /// The options the second needs.
    pub(crate) second_options: Vec<usize>,
}

/// Lists of items, one per key, stored flat: key `k`'s items are `items[start[k]..start[k + 1]]`.
/// One allocation for all of them instead of one per step.
#[derive(Debug, Clone)]
struct Lists<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Self {
            start: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T: Copy> Lists<T> {
    /// Built key by key: `fill(k, items)` appends key `k`'s items to `items`.
    fn build(keys: usize, mut fill: impl FnMut(usize, &mut Vec<T>)) -> Self {
        let mut start = Vec::with_capacity(keys + 1);
        start.push(0);
        let mut items = Vec::new();
        for k in 0..keys {
            fill(k, &mut items);
            start.push(items.len());
        }
        Self { start, items }
    }

    /// From `(key, item)` pairs, keeping their order within each key (a counting sort).
    fn from_pairs(keys: usize, pairs: &[(usize, T)]) -> Self {
        let mut start = vec![0usize; keys + 1];
        for &(k, _) in pairs {
            start[k + 1] += 1;
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let Some(&(_, fill)) = pairs.first() else {
            return Self {
                start,
                items: Vec::new(),
            };
        };
        let mut items = vec![fill; pairs.len()];
        let mut next = start.clone();
        for &(k, item) in pairs {
            items[next[k]] = item;
            next[k] += 1;
        }
        Self { start, items }
    }

    fn get(&self, k: usize) -> &[T] {
        match (self.start.get(k), self.start.get(k + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
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
/// References that name nothing are left out (the loader reports them); a step named twice in
/// one list counts once.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    index: HashMap<String, usize>,
    clock_index: HashMap<String, usize>,
    after: Lists<usize>,
    after_any: Lists<usize>,
    /// Per step: the steps naming it in `after` or `after_any`.
    waiting: Lists<usize>,
    /// Per step: the steps naming it in `after`.
    waiting_all: Lists<usize>,
    /// Per step: the steps naming it in `after_any`.
    waiting_any: Lists<usize>,
    /// Per step: where its options start in the lists by option (one more entry than steps).
    option_start: Vec<usize>,
    /// Per option (all decisions, in file order): the steps it opens.
    opens: Lists<usize>,
    /// Per option: the steps it rules out.
    ruled_steps: Lists<usize>,
    /// Per option: the clocks it rules out.
    ruled_clocks: Lists<usize>,
    /// Per step: the options that gate it.
    gates: Lists<OptionRef>,
    /// Per step: the options that repeat it.
    repeats: Lists<OptionRef>,
    /// Per decision step: the steps its options gate (each once).
    gating: Lists<usize>,
    starts: Vec<usize>,
    /// Per step: its branch, an index into `branches`.
    branch_of: Vec<Option<usize>>,
    branches: Vec<Branch>,
    /// The joins that can never happen.
    joins: Vec<ExclusiveJoin>,
}

impl Flow {
    /// The flow of `playbook`. Linear in its size.
    pub fn new(playbook: &Playbook) -> Flow {
        let steps = &playbook.steps;
        let n = steps.len();
        let mut index = HashMap::with_capacity(n);
        for (i, s) in steps.iter().enumerate() {
            index.entry(s.id.clone()).or_insert(i);
        }
        let mut clock_index = HashMap::with_capacity(playbook.clocks.len());
        for (i, c) in playbook.clocks.iter().enumerate() {
            clock_index.entry(c.id.clone()).or_insert(i);
        }
        // `seen[i] == key` when step `i` is already in key's list: a step named twice counts
        // once.
        let mut seen = vec![usize::MAX; n];
        let mut resolve = |key: usize, ids: &[String], items: &mut Vec<usize>| {
            for id in ids {
                if let Some(&i) = index.get(id.as_str())
                    && seen[i] != key
                {
                    seen[i] = key;
                    items.push(i);
                }
            }
        };
        let after = Lists::build(n, |i, items| resolve(i, &steps[i].after, items));
        let after_any = Lists::build(n, |i, items| resolve(n + i, &steps[i].after_any, items));
        let options = |i: usize| {
            steps[i]
                .decision
                .as_ref()
                .map_or(&[][..], |d| &d.options[..])
        };
        let mut option_start = Vec::with_capacity(n + 1);
        let mut option_step = Vec::new();
        option_start.push(0);
        for i in 0..n {
            option_step.extend(std::iter::repeat_n(i, options(i).len()));
            option_start.push(option_step.len());
        }
        let option = |g: usize| &options(option_step[g])[g - option_start[option_step[g]]];
        let opens = Lists::build(option_step.len(), |g, items| {
            resolve(2 * n + g, &option(g).opens, items)
        });
        let ruled_steps = Lists::build(option_step.len(), |g, items| {
            items.extend(
                option(g)
                    .not_applicable
                    .iter()
                    .filter_map(|id| index.get(id.as_str()).copied()),
            );
        });
        let ruled_clocks = Lists::build(option_step.len(), |g, items| {
            items.extend(
                option(g)
                    .not_applicable
                    .iter()
                    .filter(|id| !index.contains_key(id.as_str()))
                    .filter_map(|id| clock_index.get(id.as_str()).copied()),
            );
        });
        let mut pairs = Vec::with_capacity(after.items.len() + after_any.items.len());
        let mut pairs_all = Vec::with_capacity(after.items.len());
        let mut pairs_any = Vec::with_capacity(after_any.items.len());
        let mut in_after = vec![usize::MAX; n];
        for i in 0..n {
            for &t in after.get(i) {
                pairs.push((t, i));
                pairs_all.push((t, i));
                in_after[t] = i;
            }
            for &t in after_any.get(i) {
                pairs_any.push((t, i));
                if in_after[t] != i {
                    pairs.push((t, i));
                }
            }
        }
        let waiting = Lists::from_pairs(n, &pairs);
        let waiting_all = Lists::from_pairs(n, &pairs_all);
        let waiting_any = Lists::from_pairs(n, &pairs_any);
        drop((pairs, pairs_all, pairs_any, in_after));
        // Strongly connected components over every edge (after, after_any, opens): an `opens`
        // is a repeat when its target can reach the decision and stands no later in the file.
        let component = components(n, |v, out: &mut Vec<usize>| {
            out.extend_from_slice(waiting.get(v));
            for g in option_start[v]..option_start[v + 1] {
                out.extend_from_slice(opens.get(g));
            }
        });
        let mut gate_pairs = Vec::new();
        let mut repeat_pairs = Vec::new();
        let mut gating_pairs = Vec::new();
        let mut gated_by = vec![usize::MAX; n];
        for (g, &d) in option_step.iter().enumerate() {
            let o = OptionRef {
                step: d,
                option: g - option_start[d],
            };
            for &t in opens.get(g) {
                if t <= d && component[t] == component[d] {
                    repeat_pairs.push((t, o));
                } else {
                    gate_pairs.push((t, o));
                    if gated_by[t] != d {
                        gated_by[t] = d;
                        gating_pairs.push((d, t));
                    }
                }
            }
        }
        let gates = Lists::from_pairs(n, &gate_pairs);
        let repeats = Lists::from_pairs(n, &repeat_pairs);
        let gating = Lists::from_pairs(n, &gating_pairs);
        let starts = (0..n)
            .filter(|&i| {
                gates.get(i).is_empty() && after.get(i).is_empty() && after_any.get(i).is_empty()
            })
            .collect();
        let mut flow = Flow {
            index,
            clock_index,
            after,
            after_any,
            waiting,
            waiting_all,
            waiting_any,
            option_start,
            opens,
            ruled_steps,
            ruled_clocks,
            gates,
            repeats,
            gating,
            starts,
            branch_of: Vec::new(),
            branches: Vec::new(),
            joins: Vec::new(),
        };
        let (branches, branch_of, joins) = flow.branches();
        flow.branches = branches;
        flow.branch_of = branch_of;
        flow.joins = joins;
        flow
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.after.start.len().saturating_sub(1)
    }

    /// Whether the playbook has no steps.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        self.after.get(i)
    }

    /// The steps step `i` waits for, any one of them (`after_any`).
    pub fn after_any(&self, i: usize) -> &[usize] {
        self.after_any.get(i)
    }

    /// The steps that name step `i` in their `after` or `after_any`, in file order.
    pub fn waiting_on(&self, i: usize) -> &[usize] {
        self.waiting.get(i)
    }

    /// Whether step `i` is gated: it becomes active only after an option opening it was chosen.
    pub fn is_gated(&self, i: usize) -> bool {
        !self.gates(i).is_empty()
    }

    /// The options that open (gate) step `i`; empty when it is not gated.
    pub fn gates(&self, i: usize) -> &[OptionRef] {
        self.gates.get(i)
    }

    /// The gated steps, in file order.
    pub fn gated_steps(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&i| self.is_gated(i))
    }

    /// The options that make step `i` (already done) active again: a loop back.
    pub fn repeats(&self, i: usize) -> &[OptionRef] {
        self.repeats.get(i)
    }

    /// The option's place in the lists by option; `None` when there is no such option.
    fn global(&self, o: OptionRef) -> Option<usize> {
        let first = *self.option_start.get(o.step)?;
        let end = *self.option_start.get(o.step + 1)?;
        (first + o.option < end).then_some(first + o.option)
    }

    /// The steps option `o` opens: those it gates and those it repeats.
    pub fn opens(&self, o: OptionRef) -> &[usize] {
        self.global(o).map_or(&[], |g| self.opens.get(g))
    }

    /// The steps and clocks option `o` rules out (its `not_applicable`).
    pub fn ruled_out(&self, o: OptionRef) -> RuledOut<'_> {
        self.global(o).map_or(RuledOut::default(), |g| RuledOut {
            steps: self.ruled_steps.get(g),
            clocks: self.ruled_clocks.get(g),
        })
    }

    /// The options of decision step `i`: a mutually exclusive set (a decision takes one).
    /// Empty when step `i` is not a decision.
    pub fn options(&self, i: usize) -> impl Iterator<Item = OptionRef> + '_ {
        let count = match (self.option_start.get(i), self.option_start.get(i + 1)) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        };
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
        self.branch_of
            .get(i)
            .copied()
            .flatten()
            .and_then(|b| self.branches.get(b))
    }

    /// Each step's branch (a table of branches and an index into it per step), and the joins
    /// that can never happen.
    /// `after` joins over two branches of one decision: they can never happen.
    pub(crate) fn joins(&self) -> &[ExclusiveJoin] {
        &self.joins
    }

    fn branches(&self) -> (Vec<Branch>, Vec<Option<usize>>, Vec<ExclusiveJoin>) {
        /// Beyond this many decisions met in one step's `after`, further ones are not tracked
        /// (keeps a pathological step linear).
        const HELD: usize = 32;
        let n = self.len();
        let mut table: Vec<Branch> = Vec::new();
        let mut of: Vec<Option<usize>> = vec![None; n];
        let mut joins = Vec::new();
        let mut held: Vec<(Option<usize>, usize)> = Vec::new();
        for v in self.topological() {
            held.clear();
            // The gate: options of one decision.
            let gates = self.gates(v);
            if let Some(first) = gates.first()
                && gates.iter().all(|g| g.step == first.step)
            {
                let mut options: Vec<usize> = gates.iter().map(|g| g.option).collect();
                options.sort_unstable();
                options.dedup();
                table.push(Branch {
                    decision: first.step,
                    options,
                });
                held.push((None, table.len() - 1));
            }
            // `after`: all of them, so their branches hold together.
            for (k, &t) in self.after(v).iter().enumerate() {
                let Some(b) = of[t] else { continue };
                let decision = table[b].decision;
                let count = held.len();
                match held
                    .iter_mut()
                    .find(|(_, h)| table[*h].decision == decision)
                {
                    Some((_, h)) if *h == b => {}
                    Some((first, h)) => {
                        let both: Vec<usize> = table[*h]
                            .options
                            .iter()
                            .copied()
                            .filter(|o| table[b].options.contains(o))
                            .collect();
                        if both.is_empty() {
                            joins.push(ExclusiveJoin {
                                step: v,
                                first: *first,
                                second: k,
                                decision,
                                first_options: table[*h].options.clone(),
                                second_options: table[b].options.clone(),
                            });
                        } else if both.len() < table[*h].options.len() {
                            table.push(Branch {
                                decision,
                                options: both,
                            });
                            *h = table.len() - 1;
                        }
                    }
                    None if count < HELD => held.push((Some(k), b)),
                    None => {}
                }
            }
            // `after_any`: one of them, so only a branch they all share holds.
            let mut any: Option<usize> = None;
            for (k, &t) in self.after_any(v).iter().enumerate() {
                match (of[t], any) {
                    (Some(b), None) if k == 0 => any = Some(b),
                    (Some(b), Some(a)) if a == b => {}
                    (Some(b), Some(a)) if table[a].decision == table[b].decision => {
                        let mut options = table[a].options.clone();
                        options.extend(&table[b].options);
                        options.sort_unstable();
                        options.dedup();
                        if options.len() > table[a].options.len() {
                            table.push(Branch {
                                decision: table[a].decision,
                                options,
                            });
                            any = Some(table.len() - 1);
                        }
                    }
                    _ => {
                        any = None;
                        break;
                    }
                }
            }
            of[v] = held.first().map(|h| h.1).or(any);
        }
        (table, of, joins)
    }

    /// The steps in an order where each comes after everything it waits on and its gates'
    /// decisions; steps on a cycle are left out.
    fn topological(&self) -> Vec<usize> {
        let n = self.len();
        let mut pending = vec![0usize; n];
        for v in 0..n {
            for &t in self.waiting_on(v).iter().chain(self.gating.get(v)) {
                pending[t] += 1;
            }
        }
        let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
        let mut at = 0;
        while at < order.len() {
            let v = order[at];
            at += 1;
            for &t in self.waiting_on(v).iter().chain(self.gating.get(v)) {
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
            .map(|i| self.after(i).len() + self.after_any(i).len())
            .collect();
        let mut order: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
        let mut at = 0;
        while at < order.len() {
            let v = order[at];
            at += 1;
            for &t in self.waiting_on(v) {
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
                let next = self
                    .after(v)
                    .iter()
                    .chain(self.after_any(v))
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
        let mut need_after: Vec<usize> = (0..n).map(|i| self.after(i).len()).collect();
        let mut any_ok: Vec<bool> = (0..n).map(|i| self.after_any(i).is_empty()).collect();
        let mut gate_ok: Vec<bool> = (0..n).map(|i| self.gates(i).is_empty()).collect();
        let mut reached = vec![false; n];
        let mut stack: Vec<usize> = self.starts.clone();
        for &s in &stack {
            reached[s] = true;
        }
        let ready = |i: usize, need: &[usize], any: &[bool], gate: &[bool]| {
            need[i] == 0 && any[i] && gate[i]
        };
        while let Some(v) = stack.pop() {
            for &t in self.waiting_all.get(v) {
                need_after[t] -= 1;
            }
            for &t in self.waiting_any.get(v) {
                any_ok[t] = true;
            }
            for &t in self.gating.get(v) {
                gate_ok[t] = true;
            }
            let touched = self.waiting_on(v).iter().chain(self.gating.get(v));
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
                let why = if let Some(&t) = self.after(i).iter().find(|&&t| !reached[t]) {
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

/// Strongly connected components (Tarjan's, iterative): a component number per vertex.
fn components(n: usize, edges: impl Fn(usize, &mut Vec<usize>)) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let adjacency: Lists<usize> = Lists::build(n, |v, items| edges(v, items));
    let mut number = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_number = 0;
    let mut next_component = 0;
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
            if let Some(&w) = adjacency.get(v).get(*edge) {
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
