//! Export of "this node is down" as a fault tree in the Open-PSA Model Exchange Format (MEF
//! 2.0), the exchange format of probabilistic-safety tools such as SCRAM, so that reliability
//! engineers can check Vakt's cut sets with their own tools.
//!
//! The mapping, for the target's cone:
//! - every node is a **basic event** `e_<id>` ("the node fails by itself"), with the node's
//!   name as label;
//! - every node with a requirement gets a gate `down_<id>` = OR(`e_<id>`, its requirement
//!   broken); a hidden group gate is `down_<id>__g<i>` (the node's i-th group, counted from
//!   0, its name as label);
//! - a requirement "at least k of n inputs standing" is broken when at least n − k + 1 inputs
//!   are down: `<atleast min="n−k+1">` over the inputs' events, written as `<or>` when that is
//!   1 (all of them needed) and `<and>` when it is n (one is enough);
//! - a node that needs nothing is referred to by its basic event directly.
//!
//! MEF names may not contain `.` or `--`, and SCRAM rejects a trailing `-`; Vakt ids contain
//! no `_`, so every `-` of an id is written as `_` and [`id_of_event`] reverses it.
//!
//! A fault tree has no loops: a cone with a dependency loop is refused ([`ExportError::Loop`]).

use std::fmt::Write as _;

use crate::cuts::cone;
use crate::model::{Topology, Vertex};

/// Why a fault tree could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The target is not a vertex of the topology.
    #[error("vertex {0} is not in the topology")]
    UnknownTarget(Vertex),
    /// The target depends on a loop; a fault tree cannot express one.
    #[error(
        "{target} depends on a dependency loop ({}); a fault tree cannot express loops",
        members.join(", ")
    )]
    Loop {
        /// The target's id.
        target: String,
        /// The loop's nodes, by id.
        members: Vec<String>,
    },
}

/// The basic-event name of a node id (`dc-oslo` → `e_dc_oslo`).
pub fn event_of_id(id: &str) -> String {
    format!("e_{}", id.replace('-', "_"))
}

/// The node id of a basic-event name written by [`to_open_psa`] (`e_dc_oslo` → `dc-oslo`).
pub fn id_of_event(name: &str) -> Option<String> {
    name.strip_prefix("e_").map(|rest| rest.replace('_', "-"))
}

/// The fault tree of "`target` is down", for every node it depends on, as Open-PSA MEF XML.
/// The fault tree is named `ft_<id>` and its top gate is `down_<id>`.
pub fn to_open_psa(topology: &Topology, target: Vertex) -> Result<String, ExportError> {
    if target as usize >= topology.vertex_count() {
        return Err(ExportError::UnknownTarget(target));
    }
    let inside = cone(topology, target);
    for members in topology.loops() {
        if inside[members[0] as usize] {
            let mut ids: Vec<String> = members
                .iter()
                .map(|&v| topology.label(topology.owner(v)))
                .collect();
            ids.sort();
            ids.dedup();
            return Err(ExportError::Loop {
                target: topology.label(target),
                members: ids,
            });
        }
    }
    let name = |v: Vertex| -> String {
        let owner = topology.owner(v);
        let id = topology.label(owner).replace('-', "_");
        if topology.is_node(v) {
            if topology.inputs(v).is_empty() {
                format!("e_{id}")
            } else {
                format!("down_{id}")
            }
        } else {
            let gi = topology.gate_owner[v as usize - topology.node_count()].1;
            format!("down_{id}__g{gi}")
        }
    };
    let reference = |out: &mut String, u: Vertex, indent: &str| {
        let kind = if topology.is_node(u) && topology.inputs(u).is_empty() {
            "basic-event"
        } else {
            "gate"
        };
        let _ = writeln!(out, "{indent}<{kind} name=\"{}\"/>", name(u));
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opsa-mef>\n");
    let top = topology.label(target).replace('-', "_");
    let _ = writeln!(out, "  <define-fault-tree name=\"ft_{top}\">");
    let _ = writeln!(
        out,
        "    <label>{} is down (exported by Vakt)</label>",
        escape(&topology.label(target))
    );
    // Dependents first, so the top gate leads.
    for &v in topology.order.iter().rev() {
        let inputs = topology.inputs(v);
        if !inside[v as usize] || inputs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    <define-gate name=\"{}\">", name(v));
        let label = if topology.is_node(v) {
            topology.node(v).map_or(String::new(), |n| n.name.clone())
        } else {
            topology.label(v)
        };
        let _ = writeln!(out, "      <label>{}</label>", escape(&label));
        let n = inputs.len();
        let min = n - topology.required(v) as usize + 1;
        let own = topology.is_node(v).then(|| name_of_event(topology, v));
        // `min == 1`: any input down breaks it, so it merges into the node's own OR.
        if min == 1 {
            if own.is_none() && n == 1 {
                reference(&mut out, inputs[0], "      ");
            } else {
                out.push_str("      <or>\n");
                if let Some(e) = &own {
                    let _ = writeln!(out, "        <basic-event name=\"{e}\"/>");
                }
                for &u in inputs {
                    reference(&mut out, u, "        ");
                }
                out.push_str("      </or>\n");
            }
        } else {
            let mut indent = "      ";
            if let Some(e) = &own {
                out.push_str("      <or>\n");
                let _ = writeln!(out, "        <basic-event name=\"{e}\"/>");
                indent = "        ";
            }
            if min == n {
                let _ = writeln!(out, "{indent}<and>");
            } else {
                let _ = writeln!(out, "{indent}<atleast min=\"{min}\">");
            }
            for &u in inputs {
                reference(&mut out, u, &format!("{indent}  "));
            }
            let _ = writeln!(
                out,
                "{indent}</{}>",
                if min == n { "and" } else { "atleast" }
            );
            if own.is_some() {
                out.push_str("      </or>\n");
            }
        }
        out.push_str("    </define-gate>\n");
    }
    if topology.inputs(target).is_empty() {
        // A target that needs nothing: its tree is its own failure.
        let _ = writeln!(out, "    <define-gate name=\"down_{top}\">");
        let _ = writeln!(out, "      <basic-event name=\"e_{top}\"/>");
        out.push_str("    </define-gate>\n");
    }
    out.push_str("  </define-fault-tree>\n  <model-data>\n");
    for v in 0..topology.node_count() as Vertex {
        if !inside[v as usize] {
            continue;
        }
        let _ = writeln!(
            out,
            "    <define-basic-event name=\"{}\">\n      <label>{}</label>\n    </define-basic-event>",
            name_of_event(topology, v),
            escape(topology.node(v).map_or("", |n| n.name.as_str()))
        );
    }
    out.push_str("  </model-data>\n</opsa-mef>\n");
    Ok(out)
}

fn name_of_event(topology: &Topology, v: Vertex) -> String {
    event_of_id(&topology.label(v))
}

/// Escapes text for an XML element or attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The products (cut sets) of a SCRAM report (`scram … -o report.xml`), each as the node ids
/// of its basic events, sorted; the products in the order SCRAM lists them.
pub fn products_of_scram_report(report: &str) -> Vec<Vec<String>> {
    let mut products = Vec::new();
    let mut rest = report;
    while let Some(open) = rest.find("<product ") {
        let Some(close) = rest[open..].find("</product>") else {
            break;
        };
        let body = &rest[open..open + close];
        let mut events = Vec::new();
        let mut at = body;
        while let Some(i) = at.find("<basic-event name=\"") {
            let after = &at[i + "<basic-event name=\"".len()..];
            let Some(end) = after.find('"') else {
                break;
            };
            let name = &after[..end];
            events.push(id_of_event(name).unwrap_or_else(|| name.to_string()));
            at = &after[end..];
        }
        events.sort();
        products.push(events);
        rest = &rest[open + close + "</product>".len()..];
    }
    products
}
