//! Impact of failed nodes: every node up, degraded or down, and why.
//!
//! Semantics: a failed node is down; any other vertex is down when fewer than k of its inputs
//! are standing (up or degraded); it is degraded when it stands but some input is not up (it
//! runs with lost redundancy somewhere beneath); otherwise it is up. Loops take the running
//! reading: a loop that was up stays up unless a failure reaches it (the greatest fixed point).
//!
//! Each vertex that is not up records a *cause*: an input that was already not up when it
//! changed. Following causes always ends at a failed node, which gives the why-path.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use serde::Serialize;

use crate::model::{NONE, Topology, Vertex};

/// The state of a node under a failure set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[repr(u8)]
pub enum State {
    /// Not running.
    Down = 0,
    /// Running, with redundancy lost somewhere beneath.
    Degraded = 1,
    /// Running with everything it relies on.
    Up = 2,
}

impl State {
    /// The state in words.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Down => "down",
            State::Degraded => "degraded",
            State::Up => "up",
        }
    }
}

/// The impact of a failure set on every vertex.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    pub(crate) state: Vec<State>,
    pub(crate) cause: Vec<Vertex>,
    pub(crate) failed: Vec<bool>,
}

impl Impact {
    /// Everything up, nothing failed.
    pub fn all_up(topology: &Topology) -> Impact {
        let v = topology.vertex_count();
        Impact {
            state: vec![State::Up; v],
            cause: vec![NONE; v],
            failed: vec![false; v],
        }
    }

    /// Evaluates the whole topology for these failed vertices, in one pass in evaluation order.
    pub fn evaluate(topology: &Topology, failed: &[Vertex]) -> Impact {
        let mut impact = Impact::all_up(topology);
        for &f in failed {
            if let Some(x) = impact.failed.get_mut(f as usize) {
                *x = true;
            }
        }
        if !topology.has_loops() {
            impact.evaluate_acyclic(topology);
            return impact;
        }
        let mut work: Vec<Vertex> = Vec::new();
        for (members, cyclic) in topology.components() {
            if !cyclic {
                let v = members[0];
                if let Some((s, c)) = impact.next_state(topology, v) {
                    impact.state[v as usize] = s;
                    impact.cause[v as usize] = c;
                }
                continue;
            }
            // A loop: start from "up" and lower until nothing changes.
            work.clear();
            work.extend(members.iter().rev().copied());
            let comp = topology.comp_of[members[0] as usize];
            while let Some(v) = work.pop() {
                if let Some((s, c)) = impact.next_state(topology, v) {
                    impact.state[v as usize] = s;
                    impact.cause[v as usize] = c;
                    for &d in topology.dependents(v) {
                        if topology.comp_of[d as usize] == comp {
                            work.push(d);
                        }
                    }
                }
            }
        }
        impact
    }

    /// The one-pass evaluation of a graph without loops: every vertex once, in evaluation
    /// order, over arrays renumbered by that order so that the pass reads memory in sequence.
    fn evaluate_acyclic(&mut self, topology: &Topology) {
        let n = topology.order.len();
        let mut state = vec![State::Up; n];
        let mut cause = vec![NONE; n];
        let mut failed = vec![false; n];
        for (v, &f) in self.failed.iter().enumerate() {
            if f {
                failed[topology.pos[v] as usize] = true;
            }
        }
        let offsets = &topology.ord_in_off;
        for p in 0..n {
            if failed[p] {
                state[p] = State::Down;
                continue;
            }
            let inputs = &topology.ord_in_adj[offsets[p] as usize..offsets[p + 1] as usize];
            let mut standing = 0u32;
            let mut worst = State::Up;
            for &u in inputs {
                let s = state[u as usize];
                standing += u32::from(s != State::Down);
                worst = worst.min(s);
            }
            if worst == State::Up {
                continue;
            }
            // The cause: the first input down, else the first degraded one.
            let c = inputs
                .iter()
                .copied()
                .find(|&u| state[u as usize] == worst)
                .unwrap_or(NONE);
            state[p] = if standing < topology.ord_k[p] {
                State::Down
            } else {
                State::Degraded
            };
            cause[p] = c;
        }
        for (p, &v) in topology.order.iter().enumerate() {
            self.state[v as usize] = state[p];
            if cause[p] != NONE {
                self.cause[v as usize] = topology.order[cause[p] as usize];
            }
        }
    }

    /// Adds failures to this impact, updating only what they reach. Gives the same states as
    /// [`Impact::evaluate`] with the union of the failures.
    pub fn fail(&mut self, topology: &Topology, more: &[Vertex]) {
        let mut work: Vec<Vertex> = Vec::new();
        for &f in more {
            let Some(x) = self.failed.get_mut(f as usize) else {
                continue;
            };
            if *x {
                continue;
            }
            *x = true;
            self.cause[f as usize] = NONE;
            if self.state[f as usize] != State::Down {
                self.state[f as usize] = State::Down;
                work.extend_from_slice(topology.dependents(f));
            }
        }
        if topology.has_loops() {
            while let Some(v) = work.pop() {
                if let Some((s, c)) = self.next_state(topology, v) {
                    self.state[v as usize] = s;
                    self.cause[v as usize] = c;
                    work.extend_from_slice(topology.dependents(v));
                }
            }
            return;
        }
        // Without loops, visit the reached vertices in evaluation order, each once, after all
        // of its inputs have settled.
        let mut queue: BinaryHeap<Reverse<u32>> = BinaryHeap::with_capacity(work.len());
        let mut queued: HashSet<Vertex> = HashSet::with_capacity(work.len());
        for v in work {
            if queued.insert(v) {
                queue.push(Reverse(topology.pos[v as usize]));
            }
        }
        while let Some(Reverse(p)) = queue.pop() {
            let v = topology.order[p as usize];
            if let Some((s, c)) = self.next_state(topology, v) {
                self.state[v as usize] = s;
                self.cause[v as usize] = c;
                for &d in topology.dependents(v) {
                    if queued.insert(d) {
                        queue.push(Reverse(topology.pos[d as usize]));
                    }
                }
            }
        }
    }

    /// The state a vertex should move to from its current one, with the cause, or `None` when
    /// it stays as it is. States only go down.
    #[inline]
    fn next_state(&self, topology: &Topology, v: Vertex) -> Option<(State, Vertex)> {
        let current = self.state[v as usize];
        if current == State::Down {
            return None;
        }
        if self.failed[v as usize] {
            return Some((State::Down, NONE));
        }
        let inputs = topology.inputs(v);
        let mut standing = 0u32;
        let mut first_down = NONE;
        let mut first_degraded = NONE;
        for &u in inputs {
            match self.state[u as usize] {
                State::Up => standing += 1,
                State::Degraded => {
                    standing += 1;
                    if first_degraded == NONE {
                        first_degraded = u;
                    }
                }
                State::Down => {
                    if first_down == NONE {
                        first_down = u;
                    }
                }
            }
        }
        let (s, c) = if standing < topology.required(v) {
            (State::Down, first_down)
        } else if first_down != NONE {
            (State::Degraded, first_down)
        } else if first_degraded != NONE {
            (State::Degraded, first_degraded)
        } else {
            (State::Up, NONE)
        };
        (s < current).then_some((s, c))
    }

    /// The state of a vertex.
    pub fn state(&self, v: Vertex) -> State {
        self.state.get(v as usize).copied().unwrap_or(State::Up)
    }

    /// Whether a vertex was failed directly.
    pub fn is_failed(&self, v: Vertex) -> bool {
        self.failed.get(v as usize).copied().unwrap_or(false)
    }

    /// The states of every vertex, by vertex number.
    pub fn states(&self) -> &[State] {
        &self.state
    }

    /// The why-path of a vertex that is not up: itself, then the input that took it down or
    /// degraded it, and so on to a failed node. Empty for a vertex that is up.
    pub fn path(&self, v: Vertex) -> Vec<Vertex> {
        let mut path = Vec::new();
        if self.state(v) == State::Up {
            return path;
        }
        let mut at = v;
        // A cause chain is acyclic; the bound guards against a broken invariant anyway.
        while at != NONE && path.len() <= self.state.len() {
            path.push(at);
            at = self.cause[at as usize];
        }
        path
    }

    /// How many nodes (not gates) are in each state: (up, degraded, down).
    pub fn counts(&self, topology: &Topology) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for s in &self.state[..topology.node_count()] {
            match s {
                State::Up => c.0 += 1,
                State::Degraded => c.1 += 1,
                State::Down => c.2 += 1,
            }
        }
        c
    }
}
