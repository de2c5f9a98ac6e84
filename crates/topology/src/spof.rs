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

/// A set while the pass runs: a list (unsorted) while small, a bitset over the nodes once it
/// holds more than a 32nd of them (then a word-wide OR, or a bit-sliced count for k-of-n,
/// costs less than visiting every member: fragile graphs have sets the size of the graph).
#[derive(Debug, Clone)]
enum Work {
    All,
    List(Vec<Vertex>),
    Bits(Vec<u64>, usize),
}

impl Work {
    fn len(&self) -> usize {
        match self {
            Work::All => usize::MAX,
            Work::List(l) => l.len(),
            Work::Bits(_, n) => *n,
        }
    }
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
    let node_count = topology.node_count();
    let words = node_count.div_ceil(64);
    // A list longer than this becomes a bitset (at least 8, so that small graphs use both).
    let dense_from = (node_count / 32).max(8);
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
    let mut sets: Vec<Option<Work>> = vec![None; v_count];
    // A dense counter per node and the list of counters touched: counting how many input sets
    // name each node costs the total size of those sets, with no sorting.
    let mut count = vec![0u32; node_count];
    let mut touched: Vec<Vertex> = Vec::new();
    // Bit-sliced counters for bitset inputs: plane p holds bit p of each node's count.
    let mut planes: Vec<u64> = Vec::new();
    let mut scratch: Vec<u64> = vec![0; words];

    let mut compute = |v: Vertex, sets: &[Option<Work>]| -> Work {
        if base.is_some_and(|b| b.state(v) == State::Down) {
            return Work::All;
        }
        let inputs = topology.inputs(v);
        let n = inputs.len() as i64;
        let k = i64::from(topology.required(v));
        let mut down = 0i64;
        let mut any_bits = false;
        for &u in inputs {
            match sets[u as usize].as_ref() {
                Some(Work::All) => down += 1,
                Some(Work::Bits(..)) => any_bits = true,
                _ => {}
            }
        }
        let threshold = n - k + 1 - down;
        if threshold <= 0 {
            return Work::All;
        }
        let t = threshold as u32;
        let own = topology.is_node(v).then_some(v);
        if !any_bits {
            for &u in inputs {
                if let Some(Work::List(s)) = sets[u as usize].as_ref() {
                    for &x in s {
                        let c = &mut count[x as usize];
                        if *c == 0 {
                            touched.push(x);
                        }
                        *c += 1;
                    }
                }
            }
            let mut out = Vec::new();
            let mut has_self = false;
            for &x in &touched {
                if count[x as usize] >= t {
                    out.push(x);
                    has_self |= Some(x) == own;
                }
                count[x as usize] = 0;
            }
            touched.clear();
            if let Some(o) = own
                && !has_self
            {
                out.push(o);
            }
            if out.len() > dense_from {
                let mut bits = vec![0u64; words];
                for &x in &out {
                    bits[x as usize / 64] |= 1 << (x % 64);
                }
                return Work::Bits(bits, out.len());
            }
            return Work::List(out);
        }
        // Some input is a bitset: count word by word.
        let mut out = vec![0u64; words];
        let as_bits = |w: &Work, scratch: &mut Vec<u64>| -> bool {
            match w {
                Work::List(l) => {
                    scratch.iter_mut().for_each(|x| *x = 0);
                    for &x in l {
                        scratch[x as usize / 64] |= 1 << (x % 64);
                    }
                    true
                }
                _ => false,
            }
        };
        if t == 1 {
            for &u in inputs {
                match sets[u as usize].as_ref() {
                    Some(Work::Bits(b, _)) => {
                        for (o, x) in out.iter_mut().zip(b) {
                            *o |= x;
                        }
                    }
                    Some(Work::List(l)) => {
                        for &x in l {
                            out[x as usize / 64] |= 1 << (x % 64);
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let p_count = (64 - (n as u64).leading_zeros()) as usize;
            planes.clear();
            planes.resize(p_count * words, 0);
            for &u in inputs {
                let Some(w) = sets[u as usize].as_ref() else {
                    continue;
                };
                let bits: &[u64] = match w {
                    Work::Bits(b, _) => b,
                    Work::List(_) => {
                        as_bits(w, &mut scratch);
                        &scratch
                    }
                    Work::All => continue,
                };
                for (i, &add) in bits.iter().enumerate() {
                    let mut carry = add;
                    for p in 0..p_count {
                        if carry == 0 {
                            break;
                        }
                        let plane = &mut planes[p * words + i];
                        let next = *plane & carry;
                        *plane ^= carry;
                        carry = next;
                    }
                }
            }
            // count ≥ t, per bit: compare the bit-sliced count with t from the top bit down.
            for (i, o) in out.iter_mut().enumerate() {
                let mut eq = !0u64;
                let mut lt = 0u64;
                for p in (0..p_count).rev() {
                    let plane = planes[p * words + i];
                    if (t >> p) & 1 == 1 {
                        lt |= eq & !plane;
                        eq &= plane;
                    } else {
                        eq &= !plane;
                    }
                }
                if t >> p_count != 0 {
                    lt = !0;
                }
                *o = !lt;
            }
            // Bits past the last node are not nodes.
            if !node_count.is_multiple_of(64)
                && let Some(last) = out.last_mut()
            {
                *last &= (1u64 << (node_count % 64)) - 1;
            }
        }
        if let Some(o) = own {
            out[o as usize / 64] |= 1 << (o % 64);
        }
        let size = out.iter().map(|w| w.count_ones() as usize).sum();
        if size > dense_from {
            Work::Bits(out, size)
        } else {
            Work::List(bits_to_list(&out))
        }
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
                    Work::All
                } else if topology.is_node(v) {
                    Work::List(vec![v])
                } else {
                    Work::List(Vec::new())
                });
            }
            loop {
                let mut changed = false;
                for &v in members {
                    let s = compute(v, &sets);
                    if sets[v as usize].as_ref().map_or(0, Work::len) != s.len() {
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
            Some(Work::List(mut s)) => {
                s.sort_unstable();
                FailSet::Some(s)
            }
            Some(Work::Bits(b, _)) => FailSet::Some(bits_to_list(&b)),
            Some(Work::All) => FailSet::All,
            None => FailSet::Some(Vec::new()),
        })
        .collect()
}

/// The members of a bitset, ascending.
fn bits_to_list(bits: &[u64]) -> Vec<Vertex> {
    let mut out = Vec::new();
    for (i, &w) in bits.iter().enumerate() {
        let mut w = w;
        while w != 0 {
            out.push((i * 64) as Vertex + w.trailing_zeros());
            w &= w - 1;
        }
    }
    out
}
