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
    /// Nodes per block (a hall or site): local inputs come only from the node's own block;
    /// 0 means no blocks.
    pub block: usize,
    /// Redundant wiring: at most one "all of" input, the rest in one group that tolerates at
    /// least one loss (k < n), as in a real data centre. Otherwise requirements are drawn
    /// freely (many "all of"), which makes failures cascade widely.
    pub redundant: bool,
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
            block: 0,
            redundant: false,
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
                let block_start = i.checked_div(shape.block).map_or(0, |b| b * shape.block);
                let far = if shape.block == 0 {
                    rng.chance(shape.far_percent)
                } else {
                    rng.below(500) == 0 || i - block_start < 2
                };
                let u = if far {
                    rng.below(i as u64)
                } else {
                    let w = shape.window.min(i - block_start).max(1) as u64;
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
            if shape.redundant {
                let split = usize::from(inputs.len() > 1 && rng.chance(50));
                let rest = inputs.split_off(split);
                node.needs = inputs;
                if !rest.is_empty() {
                    let n = rest.len() as u64;
                    let k = if n == 1 { 1 } else { 1 + rng.below(n - 1) } as u32;
                    node.groups.push(Group {
                        name: "g".into(),
                        at_least: k,
                        members: rest,
                    });
                }
                nodes.push(node);
                continue;
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

/// The benchmark topology: `nodes` nodes in layers like a real estate of data centres.
///
/// 1% are shared infrastructure hubs with no requirement (power feeds, cooling, network
/// cores); the rest sit in five layers (40%, 30%, 20%, 7%, 2% of the nodes: servers up to
/// business services). Each node needs 1 or 2 nodes of the layer below, near its own position
/// (a cluster: all of one, or k of n with k < n), and 2 or 3 hubs of its own neighbourhood in a
/// group that tolerates losses (k < n). About 5 edges per node.
pub fn layered_nodes(seed: u64, nodes: usize) -> Vec<Node> {
    let mut rng = Rng::new(seed);
    let hubs = (nodes / 100).max(2);
    let shares = [40usize, 30, 20, 7, 2];
    let rest = nodes - hubs;
    let mut layers: Vec<(usize, usize)> = Vec::new(); // (start, len)
    let mut start = hubs;
    for (i, share) in shares.iter().enumerate() {
        let len = if i + 1 == shares.len() {
            nodes - start
        } else {
            rest * share / 99
        };
        layers.push((start, len));
        start += len;
    }
    let mut out = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let mut node = Node {
            id: format!("n{i}"),
            name: format!("Node {i}"),
            kind: NodeKind::Server,
            criticality: None,
            rto: None,
            rpo: None,
            recovery: 300 * (1 + rng.below(12)),
            residency: None,
            needs: Vec::new(),
            groups: Vec::new(),
            failover: Vec::new(),
        };
        if i < hubs {
            node.kind = NodeKind::PowerFeed;
            out.push(node);
            continue;
        }
        let layer = layers
            .iter()
            .position(|&(s, l)| i >= s && i < s + l)
            .unwrap_or(0);
        let (ls, ll) = layers[layer];
        let fraction = (i - ls) as f64 / ll.max(1) as f64;
        if layer + 1 == layers.len() {
            node.kind = NodeKind::BusinessService;
            node.rto = Some(3_600 * (1 + rng.below(8)));
        }
        // Structural inputs from the layer below (or hubs for the first layer).
        let (bs, bl) = if layer == 0 {
            (0, hubs)
        } else {
            layers[layer - 1]
        };
        let centre = bs + (fraction * bl as f64) as usize;
        let mut structural: Vec<Vertex> = Vec::new();
        let want = 1 + rng.below(2) as usize;
        for _ in 0..want * 3 {
            if structural.len() == want {
                break;
            }
            let offset = rng.below(16) as usize;
            let u = (centre + offset).saturating_sub(8).clamp(bs, bs + bl - 1) as Vertex;
            if !structural.contains(&u) {
                structural.push(u);
            }
        }
        if structural.len() == 1 {
            node.needs = structural;
        } else {
            let n = structural.len() as u64;
            node.groups.push(Group {
                name: "cluster".into(),
                at_least: (1 + rng.below(n - 1)) as u32,
                members: structural,
            });
        }
        // Shared infrastructure from the node's neighbourhood of hubs.
        let hub_centre = (fraction * hubs as f64) as usize;
        let mut infra: Vec<Vertex> = Vec::new();
        let want = 2 + rng.below(2) as usize;
        for _ in 0..want * 3 {
            if infra.len() == want {
                break;
            }
            let u = (hub_centre + rng.below(24) as usize)
                .saturating_sub(12)
                .min(hubs - 1) as Vertex;
            if !infra.contains(&u) && !node.needs.contains(&u) {
                infra.push(u);
            }
        }
        if infra.len() >= 2 {
            let n = infra.len() as u64;
            node.groups.push(Group {
                name: "infrastructure".into(),
                at_least: (1 + rng.below(n - 1)) as u32,
                members: infra,
            });
        }
        out.push(node);
    }
    out
}

/// A model for cut-set benchmarks and the SCRAM comparison: [`layered_nodes`] plus one more
/// node, `service`, that needs every node nothing else needs (all of them), so that its cone
/// is the whole graph: `nodes + 1` nodes.
pub fn service_nodes(seed: u64, nodes: usize) -> Vec<Node> {
    let mut out = layered_nodes(seed, nodes);
    let mut needed = vec![false; out.len()];
    for n in &out {
        for &u in n
            .needs
            .iter()
            .chain(n.groups.iter().flat_map(|g| &g.members))
        {
            needed[u as usize] = true;
        }
    }
    let needs: Vec<Vertex> = (0..out.len() as Vertex)
        .filter(|&v| !needed[v as usize])
        .collect();
    out.push(Node {
        id: "service".into(),
        name: "The organisation's service".into(),
        kind: NodeKind::BusinessService,
        criticality: None,
        rto: Some(4 * 3_600),
        rpo: None,
        recovery: 0,
        residency: None,
        needs,
        groups: Vec::new(),
        failover: Vec::new(),
    });
    out
}
