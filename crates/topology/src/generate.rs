//! Seeded random topologies, for property tests and benchmarks.
//!
//! Node `i` draws its inputs mostly from the nodes just before it (a layered graph with local
//! wiring, like racks under rooms under sites) and sometimes from anywhere before it; with
//! `back_edges` some inputs point forward, which makes loops. Requirements mix "all of",
//! one k-of-n group, and "all of" plus groups.

use std::fmt::Write as _;

use crate::format::NodeKind;
use crate::model::{Group, Node, Topology, Vertex};

/// A small, fast, seeded random generator (SplitMix64); the same seed gives the same graph.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// The shape of a generated topology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Number of nodes.
    pub nodes: usize,
    /// Number of nodes with no requirement (the bottom layer).
    pub roots: usize,
    /// Largest number of inputs a node draws.
    pub max_inputs: usize,
    /// How far back the local wiring reaches.
    pub window: usize,
    /// Percent of inputs drawn from anywhere before the node rather than the window.
    pub far_percent: u64,
    /// Percent of nodes that also get one input pointing forward (making loops).
    pub back_edge_percent: u64,
}

impl Shape {
    /// A small graph for brute-force comparisons.
    pub fn small(nodes: usize, loops: bool) -> Shape {
        Shape {
            nodes,
            roots: (nodes / 4).max(1),
            max_inputs: 4,
            window: 8,
            far_percent: 20,
            back_edge_percent: if loops { 10 } else { 0 },
        }
    }

    /// The benchmark graph: 100,000 nodes and about 500,000 edges.
    pub fn bench() -> Shape {
        Shape {
            nodes: 100_000,
            roots: 1_000,
            max_inputs: 9,
            window: 400,
            far_percent: 5,
            back_edge_percent: 0,
        }
    }
}

/// Generates the nodes of a random topology.
pub fn random_nodes(seed: u64, shape: Shape) -> Vec<Node> {
    let mut rng = Rng::new(seed);
    let mut nodes = Vec::with_capacity(shape.nodes);
    for i in 0..shape.nodes {
        let mut node = Node {
            id: format!("n{i}"),
            name: format!("Node {i}"),
            kind: NodeKind::ServerGroup,
            criticality: None,
            rto: rng.chance(20).then(|| 600 * (1 + rng.below(48))),
            rpo: None,
            recovery: 300 * rng.below(13),
            residency: None,
            needs: Vec::new(),
            groups: Vec::new(),
            failover: Vec::new(),
        };
        if i >= shape.roots.min(shape.nodes) {
            let want = 1 + rng.below(shape.max_inputs as u64) as usize;
            let mut inputs: Vec<Vertex> = Vec::with_capacity(want);
            for _ in 0..want * 2 {
                if inputs.len() == want {
                    break;
                }
                let u = if rng.chance(shape.far_percent) {
                    rng.below(i as u64)
                } else {
                    let w = shape.window.min(i).max(1) as u64;
                    i as u64 - 1 - rng.below(w)
                } as Vertex;
                if !inputs.contains(&u) {
                    inputs.push(u);
                }
            }
            if rng.chance(shape.back_edge_percent) && i + 1 < shape.nodes {
                let ahead =
                    (i + 1 + rng.below((shape.nodes - i - 1).min(6) as u64) as usize) as Vertex;
                if !inputs.contains(&ahead) {
                    inputs.push(ahead);
                }
            }
            match rng.below(3) {
                0 => node.needs = inputs,
                1 => {
                    let k = 1 + rng.below(inputs.len() as u64) as u32;
                    node.groups.push(Group {
                        name: "g".into(),
                        at_least: k,
                        members: inputs,
                    });
                }
                _ => {
                    let split = rng.below(inputs.len() as u64 + 1) as usize;
                    let rest = inputs.split_off(split);
                    node.needs = inputs;
                    if !rest.is_empty() {
                        let k = 1 + rng.below(rest.len() as u64) as u32;
                        node.groups.push(Group {
                            name: "g".into(),
                            at_least: k,
                            members: rest,
                        });
                    }
                }
            }
        }
        nodes.push(node);
    }
    nodes
}

/// Generates and compiles a random topology.
pub fn random_topology(seed: u64, shape: Shape) -> Topology {
    Topology::compile(random_nodes(seed, shape))
}

/// Writes nodes as a topology file (for loader benchmarks and fuzz seeds).
pub fn to_toml(nodes: &[Node]) -> String {
    let mut out = String::from("format = 1\nkind = \"topology\"\n");
    let id = |v: &Vertex| format!("\"{}\"", nodes[*v as usize].id);
    for n in nodes {
        let _ = write!(
            out,
            "\n[[node]]\nid = \"{}\"\nkind = \"{}\"\nname = \"{}\"\n",
            n.id,
            n.kind.as_str(),
            n.name
        );
        if n.recovery > 0 {
            let _ = writeln!(out, "recovery = \"{}\"", crate::format_duration(n.recovery));
        }
        if let Some(rto) = n.rto {
            let _ = writeln!(out, "rto = \"{}\"", crate::format_duration(rto));
        }
        if !n.needs.is_empty() {
            let list: Vec<String> = n.needs.iter().map(id).collect();
            let _ = writeln!(out, "needs = [{}]", list.join(", "));
        }
        for g in &n.groups {
            let list: Vec<String> = g.members.iter().map(id).collect();
            let _ = writeln!(
                out,
                "[[node.group]]\nname = \"{}\"\nat_least = {}\nof = [{}]",
                g.name,
                g.at_least,
                list.join(", ")
            );
        }
    }
    out
}
