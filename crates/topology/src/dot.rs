//! Graphviz DOT export, optionally coloured by an impact.

use std::fmt::Write as _;

use crate::impact::{Impact, State};
use crate::model::{Topology, Vertex};

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The topology as a DOT digraph: an edge from each node to what it needs; k-of-n groups as
/// small diamonds labelled "k of n". With an impact, nodes are filled green (up), orange
/// (degraded) or red (down), failed nodes get a thick border, and why-path edges are red.
pub fn to_dot(topology: &Topology, impact: Option<&Impact>) -> String {
    let mut out = String::from(
        "digraph topology {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n",
    );
    let fill = |v: Vertex| match impact.map(|i| i.state(v)) {
        Some(State::Up) => "#c8e6c9",
        Some(State::Degraded) => "#ffe0b2",
        Some(State::Down) => "#ffcdd2",
        None => "white",
    };
    for v in 0..topology.vertex_count() as Vertex {
        let name = quote(&topology.label(v));
        if let Some(node) = topology.node(v) {
            let mut label = format!("{}\n{}", node.id, node.name);
            if let Some(i) = impact {
                label.push_str(&format!("\n[{}]", i.state(v).as_str()));
            }
            let border = if impact.is_some_and(|i| i.is_failed(v)) {
                ", penwidth=3, color=\"#b71c1c\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {name} [label={}, fillcolor=\"{}\", tooltip={}{border}];",
                quote(&label),
                fill(v),
                quote(node.kind.as_str())
            );
        } else {
            let label = format!("{} of {}", topology.required(v), topology.inputs(v).len());
            let _ = writeln!(
                out,
                "  {name} [label={}, shape=diamond, fillcolor=\"{}\", fontsize=10];",
                quote(&label),
                fill(v)
            );
        }
    }
    for v in 0..topology.vertex_count() as Vertex {
        let own = topology.label(v);
        let single = topology.is_node(v) && topology.required(v) < topology.inputs(v).len() as u32;
        for &u in topology.inputs(v) {
            let on_path = impact.is_some_and(|i| i.cause[v as usize] == u);
            let mut attrs = Vec::new();
            if single {
                attrs.push(format!(
                    "label={}",
                    quote(&format!(
                        "{} of {}",
                        topology.required(v),
                        topology.inputs(v).len()
                    ))
                ));
                attrs.push("style=dashed".to_string());
            }
            if on_path {
                attrs.push("color=\"#b71c1c\"".into());
                attrs.push("penwidth=2".into());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(
                out,
                "  {} -> {}{attrs};",
                quote(&own),
                quote(&topology.label(u))
            );
        }
    }
    out.push_str("}\n");
    out
}
