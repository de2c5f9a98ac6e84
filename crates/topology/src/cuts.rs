//! Minimal cut sets of order 1 and 2 for one target: the single nodes, and the pairs of nodes
//! (neither of them a single point of failure), whose loss takes the target down. Exact.
//!
//! # The algorithm
//!
//! Write `S_F(v)` for the set of nodes `x` such that `v` is down when `F ∪ {x}` fails. The
//! one-pass rule of [`crate::single_points_of_failure`] computes `S_∅(v)` for every vertex in
//! evaluation order: for a gate "at least k of n", `x ∈ S(v)` when `x` is in at least
//! n − k + 1 of the inputs' sets (inputs already down count as containing every `x`), plus `v`
//! itself when it is a node. Two facts make pairs cheap:
//!
//! 1. **Membership is decided per element.** Whether `x ∈ S_F(v)` depends only on whether
//!    `x ∈ S_F(u)` for the inputs `u`. So the sets can be restricted to any universe of
//!    candidates without changing the answer for the candidates kept. Order 1 runs once over
//!    the cone with every node as candidate; its answer, the singles of the target, are then
//!    dropped from the universe (a minimal pair contains no single), which is what keeps the
//!    sets small even on fragile graphs where most nodes are singles.
//! 2. **Only what lies downstream of a failure changes.** For the pairs, the cone is numbered
//!    in evaluation order and each candidate `a` is failed in turn, looking only for partners
//!    `b` numbered before `a` (so each pair is found once, and a failure low in the graph, with
//!    the most downstream, searches the fewest partners). The base sets `S_∅(v)` are kept,
//!    sorted, so "`S_∅(v)` restricted to partners before `a`" is a prefix. `S_{a}(v)` is then
//!    recomputed only for vertices with an input whose set changed, in evaluation order; since
//!    failures only add members, a set of the same size as its base prefix is unchanged and
//!    the change stops spreading there. The pairs with `a` are the members of `S_{a}(target)`.
//!
//! The cost is the total size of the sets that actually change, summed over the candidates;
//! in a graph with redundancy, a failure's effect dies out within a few levels. Loops (rare)
//! are iterated to their least fixed point, as in the one-pass rule.
//!
//! Why not bit-parallel evaluation (64 partners per machine word)? It costs
//! cone × cone / 64 gate evaluations per candidate, whatever the graph: 10,000 candidates ×
//! 157 words × 25,000 edges is 4·10^10, where the sparse sets above touch only what changes.
//! Dominator pruning handles "all of" chains only; the per-element restriction handles them
//! and k-of-n gates alike.
//!
//! Bounds stay, so that an answer comes back in time: the cone size, the number of pairs, and
//! a progress callback that can cancel ([`cut_sets_with`]); the answer then says `truncated`
//! and why (the singles stay exact).

use serde::Serialize;

use crate::model::{Topology, Vertex};
use crate::spof::{FailSet, fail_sets};

/// Limits on the cut-set search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CutBounds {
    /// The search for pairs is skipped when the target's cone holds more nodes than this.
    /// Default 20,000: a 10,000-node cone takes well under a second.
    pub max_cone: usize,
    /// At most this many pairs are listed; the search stops past it. Default 20,000.
    pub max_pairs: usize,
}

impl Default for CutBounds {
    fn default() -> Self {
        CutBounds {
            max_cone: 20_000,
            max_pairs: 20_000,
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

/// How far a pair search has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CutProgress {
    /// Candidate nodes searched so far.
    pub done: usize,
    /// Candidate nodes to search in all.
    pub total: usize,
    /// Pairs found so far.
    pub pairs: usize,
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
    cut_sets_with(topology, target, bounds, &mut |_| true)
}

/// [`cut_sets`] with a progress callback, called after each candidate node of the pair search
/// (a few thousand times on a large cone); when it returns `false` the search stops and the
/// answer is `truncated` ("cancelled"), with the pairs found so far.
pub fn cut_sets_with(
    topology: &Topology,
    target: Vertex,
    bounds: CutBounds,
    progress: &mut dyn FnMut(CutProgress) -> bool,
) -> CutSets {
    let mut result = CutSets {
        target,
        singles: Vec::new(),
        pairs: Vec::new(),
        cone: 0,
        truncated: false,
        truncated_reason: None,
    };
    if target as usize >= topology.vertex_count() {
        return result;
    }
    let inside = cone(topology, target);
    result.cone = (0..topology.node_count()).filter(|&v| inside[v]).count();
    let singles = match fail_sets(topology, None, &[target], Some(&inside)).pop() {
        Some(FailSet::Some(mut s)) => {
            s.retain(|&x| x != target);
            s
        }
        _ => Vec::new(),
    };
    result.singles = singles;
    if result.cone > bounds.max_cone {
        result.truncated = true;
        result.truncated_reason = Some(format!(
            "the target depends on {} nodes, more than the bound of {}; pairs were not searched",
            result.cone, bounds.max_cone
        ));
        return result;
    }
    let mut search = PairSearch::new(topology, &inside, target, &result.singles);
    let outcome = search.run(bounds.max_pairs, progress);
    let mut pairs: Vec<(Vertex, Vertex)> = search
        .pairs
        .iter()
        .map(|&(x, a)| {
            let (x, a) = (search.cone.verts[x as usize], search.cone.verts[a as usize]);
            (x.min(a), x.max(a))
        })
        .collect();
    pairs.sort_unstable();
    match outcome {
        Outcome::Complete => {}
        Outcome::TooManyPairs => {
            pairs.truncate(bounds.max_pairs);
            result.truncated = true;
            result.truncated_reason = Some(format!(
                "more than {} pairs; the list stops there",
                bounds.max_pairs
            ));
        }
        Outcome::Cancelled { done, total } => {
            result.truncated = true;
            result.truncated_reason = Some(format!(
                "cancelled after {done} of {total} nodes; the pairs listed were found so far"
            ));
        }
    }
    result.pairs = pairs;
    result
}

/// The cone of a target as its own small graph, numbered in evaluation order (dependencies
/// first, each loop contiguous).
struct Cone {
    /// Local index → vertex.
    verts: Vec<Vertex>,
    /// Whether the local vertex is a node (not a group gate).
    is_node: Vec<bool>,
    /// Required count.
    k: Vec<u32>,
    in_off: Vec<u32>,
    in_adj: Vec<u32>,
    out_off: Vec<u32>,
    out_adj: Vec<u32>,
    /// For each local vertex, the end (exclusive) of its component; its start for `comp_start`.
    comp_start: Vec<u32>,
    comp_end: Vec<u32>,
    /// Whether the local vertex's component is a loop.
    cyclic: Vec<bool>,
}

impl Cone {
    fn new(topology: &Topology, inside: &[bool]) -> Cone {
        let mut local = vec![u32::MAX; topology.vertex_count()];
        let mut verts = Vec::new();
        let mut comp_start = Vec::new();
        let mut comp_end = Vec::new();
        let mut cyclic = Vec::new();
        for (members, is_loop) in topology.components() {
            if !inside[members[0] as usize] {
                continue;
            }
            let start = verts.len() as u32;
            let end = start + members.len() as u32;
            for &v in members {
                local[v as usize] = verts.len() as u32;
                verts.push(v);
                comp_start.push(start);
                comp_end.push(end);
                cyclic.push(is_loop);
            }
        }
        let m = verts.len();
        let mut in_off = Vec::with_capacity(m + 1);
        let mut in_adj = Vec::new();
        let mut k = Vec::with_capacity(m);
        let mut is_node = Vec::with_capacity(m);
        in_off.push(0);
        let mut out_deg = vec![0u32; m];
        for &v in &verts {
            for &u in topology.inputs(v) {
                let lu = local[u as usize];
                in_adj.push(lu);
                out_deg[lu as usize] += 1;
            }
            in_off.push(in_adj.len() as u32);
            k.push(topology.required(v));
            is_node.push(topology.is_node(v));
        }
        let mut out_off = Vec::with_capacity(m + 1);
        out_off.push(0u32);
        for d in &out_deg {
            let last = out_off.last().copied().unwrap_or(0);
            out_off.push(last + d);
        }
        let mut fill: Vec<u32> = out_off[..m].to_vec();
        let mut out_adj = vec![0u32; in_adj.len()];
        for w in 0..m {
            for &u in &in_adj[in_off[w] as usize..in_off[w + 1] as usize] {
                out_adj[fill[u as usize] as usize] = w as u32;
                fill[u as usize] += 1;
            }
        }
        Cone {
            verts,
            is_node,
            k,
            in_off,
            in_adj,
            out_off,
            out_adj,
            comp_start,
            comp_end,
            cyclic,
        }
    }

    fn inputs(&self, w: u32) -> &[u32] {
        &self.in_adj[self.in_off[w as usize] as usize..self.in_off[w as usize + 1] as usize]
    }

    fn dependents(&self, w: u32) -> &[u32] {
        &self.out_adj[self.out_off[w as usize] as usize..self.out_off[w as usize + 1] as usize]
    }
}

/// Marks a set that holds every node: the vertex is down already.
const ALL: u32 = u32::MAX;

/// One input's set as read by the gate rule.
#[derive(Clone, Copy)]
enum SetRef<'s> {
    All,
    List(&'s [u32]),
}

/// The gate rule for one vertex: writes into `out` the candidates found in at least
/// n − k + 1 of the input sets (inputs that are all-down count for every candidate), plus
/// `own` (the vertex itself when it is a candidate). Returns `false` when the vertex is down
/// whatever else fails (then `out` is left empty).
fn gate_rule<'s>(
    k: u32,
    sets: impl Iterator<Item = SetRef<'s>> + Clone,
    own: Option<u32>,
    count: &mut [u32],
    touched: &mut Vec<u32>,
    out: &mut Vec<u32>,
) -> bool {
    out.clear();
    let mut n = 0i64;
    let mut down = 0i64;
    for s in sets.clone() {
        n += 1;
        if let SetRef::All = s {
            down += 1;
        }
    }
    let threshold = n - i64::from(k) + 1 - down;
    if threshold <= 0 {
        return false;
    }
    if threshold == 1 {
        // Any input naming x is enough: the union, without counting.
        for s in sets {
            if let SetRef::List(list) = s {
                for &x in list {
                    let c = &mut count[x as usize];
                    if *c == 0 {
                        *c = 1;
                        touched.push(x);
                    }
                }
            }
        }
    } else {
        for s in sets {
            if let SetRef::List(list) = s {
                for &x in list {
                    let c = &mut count[x as usize];
                    if *c == 0 {
                        touched.push(x);
                    }
                    *c += 1;
                }
            }
        }
    }
    let t = threshold as u32;
    let mut has_own = false;
    for &x in touched.iter() {
        if count[x as usize] >= t {
            out.push(x);
            has_own |= Some(x) == own;
        }
        count[x as usize] = 0;
    }
    touched.clear();
    if let Some(o) = own
        && !has_own
    {
        out.push(o);
    }
    true
}

enum Outcome {
    Complete,
    TooManyPairs,
    Cancelled { done: usize, total: usize },
}

/// The pair search over one cone (see the module documentation).
struct PairSearch {
    cone: Cone,
    /// Local index of the target.
    target: u32,
    /// Whether a local vertex is a partner candidate (a node, not the target, not a single).
    candidate: Vec<bool>,
    /// The base sets, restricted to candidates, sorted: `base[base_off[w]..base_off[w + 1]]`.
    base: Vec<u32>,
    base_off: Vec<u32>,
    /// Sets changed by the current failure: valid when `stamp[w] == now`; `(start, len)` in
    /// `arena`, `len == ALL` for down.
    stamp: Vec<u32>,
    now: u32,
    changed: Vec<(u32, u32)>,
    arena: Vec<u32>,
    /// Vertices waiting to be recomputed, as a bitset over local indices.
    dirty: Vec<u64>,
    count: Vec<u32>,
    touched: Vec<u32>,
    /// Pairs found, as (partner, failed) local indices.
    pairs: Vec<(u32, u32)>,
}

impl PairSearch {
    fn new(topology: &Topology, inside: &[bool], target: Vertex, singles: &[Vertex]) -> Self {
        let cone = Cone::new(topology, inside);
        let m = cone.verts.len();
        let mut is_single = vec![false; topology.node_count()];
        for &s in singles {
            is_single[s as usize] = true;
        }
        let mut target_local = 0;
        let candidate: Vec<bool> = cone
            .verts
            .iter()
            .enumerate()
            .map(|(w, &v)| {
                if v == target {
                    target_local = w as u32;
                }
                cone.is_node[w] && v != target && !is_single[v as usize]
            })
            .collect();
        let mut search = PairSearch {
            cone,
            target: target_local,
            candidate,
            base: Vec::new(),
            base_off: Vec::with_capacity(m + 1),
            stamp: vec![0; m],
            now: 0,
            changed: vec![(0, 0); m],
            arena: Vec::new(),
            dirty: vec![0; m.div_ceil(64)],
            count: vec![0; m],
            touched: Vec::new(),
            pairs: Vec::new(),
        };
        search.base_sets();
        search
    }

    /// The base sets of every vertex of the cone, restricted to the candidates, sorted.
    fn base_sets(&mut self) {
        let m = self.cone.verts.len();
        self.base_off.push(0);
        let mut out = Vec::new();
        let mut w = 0usize;
        while w < m {
            let end = self.cone.comp_end[w] as usize;
            if !self.cone.cyclic[w] {
                let own = self.candidate[w].then_some(w as u32);
                let (base, base_off) = (&self.base, &self.base_off);
                let sets = self.cone.inputs(w as u32).iter().map(|&u| {
                    let (a, b) = (base_off[u as usize], base_off[u as usize + 1]);
                    SetRef::List(&base[a as usize..b as usize])
                });
                // Nothing is down in the base: `gate_rule` cannot answer "down" here, since
                // k ≤ n for every vertex (checked by the loader).
                gate_rule(
                    self.cone.k[w],
                    sets,
                    own,
                    &mut self.count,
                    &mut self.touched,
                    &mut out,
                );
                out.sort_unstable();
                self.base.extend_from_slice(&out);
                self.base_off.push(self.base.len() as u32);
            } else {
                let sets = self.loop_sets(w as u32, end as u32, u32::MAX, None);
                for mut s in sets.into_iter().map(|s| s.unwrap_or_default()) {
                    s.sort_unstable();
                    self.base.extend_from_slice(&s);
                    self.base_off.push(self.base.len() as u32);
                }
            }
            w = end;
        }
    }

    /// The base set of `w` restricted to candidates numbered before `limit`.
    fn base_prefix(&self, w: u32, limit: u32) -> &[u32] {
        let (a, b) = (self.base_off[w as usize], self.base_off[w as usize + 1]);
        let set = &self.base[a as usize..b as usize];
        &set[..set.partition_point(|&x| x < limit)]
    }

    /// The current set of `w` under the failure being searched, restricted to `limit`.
    fn current(&self, w: u32, limit: u32) -> SetRef<'_> {
        if self.stamp[w as usize] == self.now {
            let (start, len) = self.changed[w as usize];
            if len == ALL {
                return SetRef::All;
            }
            return SetRef::List(&self.arena[start as usize..(start + len) as usize]);
        }
        SetRef::List(self.base_prefix(w, limit))
    }

    /// The sets of a loop `[start, end)` by iteration to the least fixed point, reading sets
    /// outside the loop with `current` (or the base when `failed` is `None`). `None` = down.
    fn loop_sets(
        &mut self,
        start: u32,
        end: u32,
        limit: u32,
        failed: Option<u32>,
    ) -> Vec<Option<Vec<u32>>> {
        let len = (end - start) as usize;
        let mut sets: Vec<Option<Vec<u32>>> = (start..end)
            .map(|w| {
                if Some(w) == failed {
                    None
                } else if self.candidate[w as usize] && w < limit {
                    Some(vec![w])
                } else {
                    Some(Vec::new())
                }
            })
            .collect();
        let mut count = std::mem::take(&mut self.count);
        let mut touched = std::mem::take(&mut self.touched);
        let mut out = Vec::new();
        loop {
            let mut grew = false;
            for i in 0..len {
                let w = start + i as u32;
                let Some(old_len) = sets[i].as_ref().map(Vec::len) else {
                    continue;
                };
                let own = (self.candidate[w as usize] && w < limit).then_some(w);
                let read = |u: u32| -> SetRef<'_> {
                    if (start..end).contains(&u) {
                        match &sets[(u - start) as usize] {
                            None => SetRef::All,
                            Some(s) => SetRef::List(s),
                        }
                    } else if failed.is_some() {
                        self.current(u, limit)
                    } else {
                        SetRef::List(self.base_prefix(u, limit))
                    }
                };
                let inputs = self.cone.inputs(w);
                let standing = gate_rule(
                    self.cone.k[w as usize],
                    inputs.iter().map(|&u| read(u)),
                    own,
                    &mut count,
                    &mut touched,
                    &mut out,
                );
                if !standing {
                    sets[i] = None;
                    grew = true;
                } else if out.len() != old_len {
                    sets[i] = Some(std::mem::take(&mut out));
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        self.count = count;
        self.touched = touched;
        sets
    }

    fn mark_dependents(&mut self, w: u32) {
        for &d in self.cone.dependents(w) {
            self.dirty[d as usize / 64] |= 1 << (d % 64);
        }
    }

    /// Records a changed set for `w` under the current failure and marks its dependents.
    fn record(&mut self, w: u32, set: Option<&[u32]>) {
        self.stamp[w as usize] = self.now;
        self.changed[w as usize] = match set {
            None => (0, ALL),
            Some(s) => {
                let start = self.arena.len() as u32;
                self.arena.extend_from_slice(s);
                (start, s.len() as u32)
            }
        };
        self.mark_dependents(w);
    }

    /// The next dirty local vertex at or after `from`, cleared.
    fn next_dirty(&mut self, from: u32) -> Option<u32> {
        let mut word = from as usize / 64;
        if word >= self.dirty.len() {
            return None;
        }
        let mut bits = self.dirty[word] & (!0u64 << (from % 64));
        loop {
            if bits != 0 {
                let w = (word * 64) as u32 + bits.trailing_zeros();
                self.dirty[word] &= !(1 << (w % 64));
                return Some(w);
            }
            word += 1;
            if word >= self.dirty.len() {
                return None;
            }
            bits = self.dirty[word];
        }
    }

    /// Fails each candidate in turn and collects its partners before it.
    fn run(&mut self, max_pairs: usize, progress: &mut dyn FnMut(CutProgress) -> bool) -> Outcome {
        let total = self.candidate.iter().filter(|&&c| c).count();
        let mut done = 0;
        let mut out = Vec::new();
        let mut earlier = 0usize;
        for a in 0..self.cone.verts.len() as u32 {
            if !self.candidate[a as usize] {
                continue;
            }
            done += 1;
            if earlier > 0 {
                self.fail_one(a, &mut out);
                if self.stamp[self.target as usize] == self.now {
                    let (start, len) = self.changed[self.target as usize];
                    if len != ALL {
                        for &x in &self.arena[start as usize..(start + len) as usize] {
                            self.pairs.push((x, a));
                        }
                    }
                }
                if self.pairs.len() > max_pairs {
                    return Outcome::TooManyPairs;
                }
            }
            earlier += 1;
            let p = CutProgress {
                done,
                total,
                pairs: self.pairs.len(),
            };
            if !progress(p) {
                return Outcome::Cancelled { done, total };
            }
        }
        Outcome::Complete
    }

    /// Recomputes what changes when `a` fails, with partners numbered before `a`.
    fn fail_one(&mut self, a: u32, out: &mut Vec<u32>) {
        self.now += 1;
        self.arena.clear();
        let limit = a;
        let mut from = if self.cone.cyclic[a as usize] {
            // The whole loop of `a` is recomputed with `a` down.
            self.recompute_loop(self.cone.comp_start[a as usize], a, limit)
        } else {
            self.record(a, None);
            a + 1
        };
        while let Some(w) = self.next_dirty(from) {
            if self.cone.cyclic[w as usize] {
                from = self.recompute_loop(self.cone.comp_start[w as usize], a, limit);
                continue;
            }
            let own = (self.candidate[w as usize] && w < limit).then_some(w);
            let mut count = std::mem::take(&mut self.count);
            let mut touched = std::mem::take(&mut self.touched);
            let standing = {
                let this = &*self;
                gate_rule(
                    this.cone.k[w as usize],
                    this.cone.inputs(w).iter().map(|&u| this.current(u, limit)),
                    own,
                    &mut count,
                    &mut touched,
                    out,
                )
            };
            self.count = count;
            self.touched = touched;
            if !standing {
                self.record(w, None);
            } else if out.len() != self.base_prefix(w, limit).len() {
                // Failures only add members, so a set of the base prefix's size is unchanged.
                self.record(w, Some(out));
            }
            from = w + 1;
        }
    }

    /// Recomputes the loop starting at `start` under the failure of `a`, records the members
    /// whose sets changed, and returns the loop's end.
    fn recompute_loop(&mut self, start: u32, a: u32, limit: u32) -> u32 {
        let end = self.cone.comp_end[start as usize];
        let failed = if (start..end).contains(&a) {
            Some(a)
        } else {
            Some(u32::MAX)
        };
        let sets = self.loop_sets(start, end, limit, failed);
        for (i, s) in sets.into_iter().enumerate() {
            let w = start + i as u32;
            match s {
                None => self.record(w, None),
                Some(s) if s.len() != self.base_prefix(w, limit).len() => {
                    self.record(w, Some(&s));
                }
                Some(_) => {}
            }
        }
        // The loop is settled: marks its members left on each other are spent.
        for x in start..end {
            self.dirty[x as usize / 64] &= !(1 << (x % 64));
        }
        end
    }
}
