//! The compiled topology: nodes plus a flat, cache-friendly graph of requirement gates.
//!
//! Every node is a vertex. A node's requirement becomes one gate "at least k of these inputs":
//! `needs` (all of) is k = n; a node with exactly one group and no `needs` is that group's gate
//! itself; otherwise each group becomes an extra hidden gate vertex that the node needs. The
//! inputs and dependents of every vertex sit in two compressed arrays (CSR), and the vertices are
//! stored in an evaluation order (dependencies first, loops grouped), computed once by an
//! iterative Tarjan over the CSR arrays (the order petgraph's `tarjan_scc` gives, without
//! building a second graph: compiling stays within the loader's memory budget).

use std::collections::HashMap;

use crate::format::{Criticality, NodeKind, Residency};

/// A vertex number: real nodes are `0..node_count()`, hidden group gates follow.
pub type Vertex = u32;

/// Marks "no vertex".
pub const NONE: Vertex = u32::MAX;

/// One node with its attributes, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The unique id.
    pub id: String,
    /// The name a person recognises.
    pub name: String,
    /// The node's kind.
    pub kind: NodeKind,
    /// How much depends on it.
    pub criticality: Option<Criticality>,
    /// Recovery time objective, seconds.
    pub rto: Option<u64>,
    /// Recovery point objective, seconds.
    pub rpo: Option<u64>,
    /// Time to bring it back once what it needs is up, seconds (0 when not given).
    pub recovery: u64,
    /// Where its data lives.
    pub residency: Option<Residency>,
    /// Nodes it needs, all of them.
    pub needs: Vec<Vertex>,
    /// Its k-of-n groups.
    pub groups: Vec<Group>,
    /// Nodes it may fail over to.
    pub failover: Vec<Vertex>,
}

/// A k-of-n redundancy group of a node.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's name.
    pub name: String,
    /// How many members must be up.
    pub at_least: u32,
    /// The members.
    pub members: Vec<Vertex>,
}

/// The compiled, immutable topology. Analyses borrow it; nothing changes it.
#[derive(Debug, Clone)]
pub struct Topology {
    pub(crate) nodes: Vec<Node>,
    pub(crate) index: HashMap<String, Vertex>,
    /// For each gate vertex (index `v - nodes.len()`): the owning node and the group's index.
    pub(crate) gate_owner: Vec<(Vertex, u32)>,
    /// Required count per vertex.
    pub(crate) k: Vec<u32>,
    pub(crate) in_off: Vec<u32>,
    pub(crate) in_adj: Vec<Vertex>,
    pub(crate) out_off: Vec<u32>,
    pub(crate) out_adj: Vec<Vertex>,
    /// Vertices in evaluation order (dependencies first).
    pub(crate) order: Vec<Vertex>,
    /// Position of each vertex in `order`.
    pub(crate) pos: Vec<u32>,
    /// Component boundaries in `order`: component i is `order[comp_start[i]..comp_start[i+1]]`.
    pub(crate) comp_start: Vec<u32>,
    /// Whether component i is a loop (more than one vertex, or a vertex needing itself).
    pub(crate) comp_cyclic: Vec<bool>,
    /// The component of each vertex.
    pub(crate) comp_of: Vec<u32>,
    /// Whether any component is a loop.
    pub(crate) any_loop: bool,
    /// The inputs again, renumbered by position in `order`, for the one-pass evaluation.
    pub(crate) ord_in_off: Vec<u32>,
    pub(crate) ord_in_adj: Vec<u32>,
    pub(crate) ord_k: Vec<u32>,
}

impl Topology {
    /// Compiles nodes whose references are already indexes into `nodes` (checked by the caller).
    pub fn compile(nodes: Vec<Node>) -> Topology {
        let n = nodes.len();
        let mut index = HashMap::with_capacity(n);
        for (i, node) in nodes.iter().enumerate() {
            index.insert(node.id.clone(), i as Vertex);
        }
        // A node with one group and no `needs` is that group's gate; otherwise each group is
        // a hidden gate vertex, numbered after the real nodes in node order.
        let own_gate = |node: &Node| node.needs.is_empty() && node.groups.len() == 1;
        let mut gate_owner = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            if !own_gate(node) {
                for gi in 0..node.groups.len() {
                    gate_owner.push((i as Vertex, gi as u32));
                }
            }
        }
        let v_count = n + gate_owner.len();
        // Inputs straight into CSR: nodes first, then the gates.
        let mut k = Vec::with_capacity(v_count);
        let mut in_off = Vec::with_capacity(v_count + 1);
        let mut in_adj = Vec::new();
        in_off.push(0u32);
        let mut next_gate = n as Vertex;
        for node in &nodes {
            if own_gate(node) {
                let g = &node.groups[0];
                k.push(g.at_least);
                in_adj.extend_from_slice(&g.members);
            } else {
                in_adj.extend_from_slice(&node.needs);
                for _ in &node.groups {
                    in_adj.push(next_gate);
                    next_gate += 1;
                }
                k.push((node.needs.len() + node.groups.len()) as u32);
            }
            in_off.push(in_adj.len() as u32);
        }
        for &(owner, gi) in &gate_owner {
            let g = &nodes[owner as usize].groups[gi as usize];
            k.push(g.at_least);
            in_adj.extend_from_slice(&g.members);
            in_off.push(in_adj.len() as u32);
        }
        let inputs = |v: usize| &in_adj[in_off[v] as usize..in_off[v + 1] as usize];

        let mut out_deg = vec![0u32; v_count];
        for &u in &in_adj {
            out_deg[u as usize] += 1;
        }
        let mut out_off = Vec::with_capacity(v_count + 1);
        out_off.push(0u32);
        for d in &out_deg {
            let last = *out_off.last().unwrap_or(&0);
            out_off.push(last + d);
        }
        drop(out_deg);
        let mut fill: Vec<u32> = out_off[..v_count].to_vec();
        let mut out_adj = vec![0 as Vertex; in_adj.len()];
        for v in 0..v_count {
            for &u in inputs(v) {
                out_adj[fill[u as usize] as usize] = v as Vertex;
                fill[u as usize] += 1;
            }
        }
        drop(fill);

        // Evaluation order: strongly connected components, dependencies first.
        let sccs = strongly_connected(v_count, &in_off, &in_adj);
        let mut order = Vec::with_capacity(v_count);
        let mut comp_start = Vec::with_capacity(sccs.len() + 1);
        let mut comp_cyclic = Vec::with_capacity(sccs.len());
        let mut comp_of = vec![0u32; v_count];
        for (ci, (a, b)) in sccs.iter().enumerate() {
            comp_start.push(order.len() as u32);
            let members = &sccs.members[*a as usize..*b as usize];
            let mut members = members.to_vec();
            members.sort_unstable();
            let cyclic = members.len() > 1
                || members
                    .first()
                    .is_some_and(|&v| inputs(v as usize).contains(&v));
            comp_cyclic.push(cyclic);
            for &v in &members {
                comp_of[v as usize] = ci as u32;
            }
            order.extend(members);
        }
        comp_start.push(order.len() as u32);
        let mut pos = vec![0u32; v_count];
        for (i, &v) in order.iter().enumerate() {
            pos[v as usize] = i as u32;
        }

        let mut ord_in_off = Vec::with_capacity(v_count + 1);
        let mut ord_in_adj = Vec::with_capacity(in_adj.len());
        let mut ord_k = Vec::with_capacity(v_count);
        ord_in_off.push(0u32);
        for &v in &order {
            ord_in_adj.extend(inputs(v as usize).iter().map(|&u| pos[u as usize]));
            ord_in_off.push(ord_in_adj.len() as u32);
            ord_k.push(k[v as usize]);
        }
        drop(sccs);

        Topology {
            nodes,
            index,
            gate_owner,
            k,
            in_off,
            in_adj,
            out_off,
            out_adj,
            order,
            pos,
            comp_start,
            any_loop: comp_cyclic.iter().any(|&c| c),
            ord_in_off,
            ord_in_adj,
            ord_k,
            comp_cyclic,
            comp_of,
        }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The number of vertices, hidden group gates included.
    pub fn vertex_count(&self) -> usize {
        self.k.len()
    }

    /// The number of dependency edges in the compiled graph.
    pub fn edge_count(&self) -> usize {
        self.in_adj.len()
    }

    /// All nodes, in file order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node with this vertex number (a real node, not a gate).
    pub fn node(&self, v: Vertex) -> Option<&Node> {
        self.nodes.get(v as usize)
    }

    /// The vertex of the node with this id.
    pub fn find(&self, id: &str) -> Option<Vertex> {
        self.index.get(id).copied()
    }

    /// Whether a vertex is a real node (not a hidden group gate).
    pub fn is_node(&self, v: Vertex) -> bool {
        (v as usize) < self.nodes.len()
    }

    /// The inputs (what it needs) of a vertex.
    pub fn inputs(&self, v: Vertex) -> &[Vertex] {
        let (a, b) = (self.in_off[v as usize], self.in_off[v as usize + 1]);
        &self.in_adj[a as usize..b as usize]
    }

    /// The dependents (what needs it) of a vertex.
    pub fn dependents(&self, v: Vertex) -> &[Vertex] {
        let (a, b) = (self.out_off[v as usize], self.out_off[v as usize + 1]);
        &self.out_adj[a as usize..b as usize]
    }

    /// How many inputs of a vertex must be up.
    pub fn required(&self, v: Vertex) -> u32 {
        self.k[v as usize]
    }

    /// A name for any vertex: the node id, or `node-id/group` for a hidden gate.
    pub fn label(&self, v: Vertex) -> String {
        if let Some(node) = self.nodes.get(v as usize) {
            return node.id.clone();
        }
        match self.gate_owner.get(v as usize - self.nodes.len()) {
            Some(&(owner, gi)) => {
                let node = &self.nodes[owner as usize];
                let group = node
                    .groups
                    .get(gi as usize)
                    .map_or("?", |g| g.name.as_str());
                format!("{}/{group}", node.id)
            }
            None => format!("#{v}"),
        }
    }

    /// The node a vertex belongs to: itself, or the owner of a hidden gate.
    pub fn owner(&self, v: Vertex) -> Vertex {
        if self.is_node(v) {
            v
        } else {
            self.gate_owner
                .get(v as usize - self.nodes.len())
                .map_or(NONE, |&(o, _)| o)
        }
    }

    /// Describes a vertex's requirement in words ("at least 2 of 3 of web-servers").
    pub fn requirement_text(&self, v: Vertex) -> String {
        let n = self.inputs(v).len();
        let k = self.required(v) as usize;
        if n == 0 {
            "needs nothing".into()
        } else if k == n {
            format!("needs all {n}")
        } else {
            format!("needs {k} of {n}")
        }
    }

    /// Whether the graph has any loop.
    pub fn has_loops(&self) -> bool {
        self.any_loop
    }

    /// The vertices of each loop (a strongly connected component with a cycle).
    pub(crate) fn loops(&self) -> impl Iterator<Item = &[Vertex]> {
        self.comp_cyclic
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(i, _)| {
                let (a, b) = (self.comp_start[i], self.comp_start[i + 1]);
                &self.order[a as usize..b as usize]
            })
    }

    /// Each component: its vertices and whether it is a loop, dependencies first.
    pub(crate) fn components(&self) -> impl Iterator<Item = (&[Vertex], bool)> {
        (0..self.comp_cyclic.len()).map(|i| {
            let (a, b) = (self.comp_start[i], self.comp_start[i + 1]);
            (&self.order[a as usize..b as usize], self.comp_cyclic[i])
        })
    }
}

/// Strongly connected components, each as a range of `members`, in the order Tarjan's
/// algorithm completes them: every component after the components it depends on.
struct Components {
    members: Vec<Vertex>,
    ranges: Vec<(u32, u32)>,
}

impl Components {
    fn len(&self) -> usize {
        self.ranges.len()
    }

    fn iter(&self) -> std::slice::Iter<'_, (u32, u32)> {
        self.ranges.iter()
    }
}

/// Tarjan's algorithm over the inputs in CSR form, without recursion. Roots are tried in
/// vertex order and each vertex's inputs last to first, which is the order petgraph's
/// `tarjan_scc` visits a graph built edge by edge (a test checks they agree), so evaluation
/// orders stay as they were.
fn strongly_connected(v_count: usize, in_off: &[u32], in_adj: &[Vertex]) -> Components {
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; v_count];
    let mut low = vec![0u32; v_count];
    let mut on_stack = vec![false; v_count];
    let mut stack: Vec<Vertex> = Vec::new();
    // The DFS: (vertex, how many of its inputs, from the last, are done).
    let mut dfs: Vec<(Vertex, u32)> = Vec::new();
    let mut next = 0u32;
    let mut out = Components {
        members: Vec::with_capacity(v_count),
        ranges: Vec::new(),
    };
    for root in 0..v_count as Vertex {
        if index[root as usize] != UNSEEN {
            continue;
        }
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        dfs.push((root, 0));
        while let Some(&mut (v, ref mut done)) = dfs.last_mut() {
            let (a, b) = (in_off[v as usize], in_off[v as usize + 1]);
            if a + *done < b {
                let w = in_adj[(b - 1 - *done) as usize];
                *done += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next;
                    low[w as usize] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    dfs.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            dfs.pop();
            if let Some(&(parent, _)) = dfs.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let start = out.members.len() as u32;
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    out.members.push(w);
                    if w == v {
                        break;
                    }
                }
                out.ranges.push((start, out.members.len() as u32));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Shape, random_nodes};

    #[test]
    fn the_evaluation_order_is_the_one_petgraph_gives() {
        for seed in 0..300 {
            let t = Topology::compile(random_nodes(seed, Shape::small(30, seed % 2 == 0)));
            let mut graph = petgraph::Graph::<(), ()>::new();
            for _ in 0..t.vertex_count() {
                graph.add_node(());
            }
            for v in 0..t.vertex_count() as Vertex {
                for &u in t.inputs(v) {
                    graph.add_edge(
                        petgraph::graph::NodeIndex::new(v as usize),
                        petgraph::graph::NodeIndex::new(u as usize),
                        (),
                    );
                }
            }
            let mut order = Vec::new();
            for scc in petgraph::algo::tarjan_scc(&graph) {
                let mut members: Vec<Vertex> = scc.iter().map(|x| x.index() as Vertex).collect();
                members.sort_unstable();
                order.extend(members);
            }
            assert_eq!(t.order, order, "seed {seed}");
        }
    }
}
