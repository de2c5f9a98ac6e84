//! Loading a topology file: parse, check every reference and rule, compile.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::duration::parse_duration;
use crate::format::{FORMAT_VERSION, TopologyFile};
use crate::model::{Group, Node, Topology, Vertex};
use crate::problem::{Lines, LoadError, Problem};

/// Reads and loads a topology file.
pub fn load_file(path: &Path) -> Result<Topology, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    load_str(&text, path)
}

/// Loads a topology from text; `path` is only used in problem reports.
///
/// Every problem found is reported with its line and column; the loader never panics on input.
pub fn load_str(text: &str, path: &Path) -> Result<Topology, LoadError> {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    let mut report = |span: Range<usize>, message: String| {
        let (line, column) = lines.locate(span.start);
        problems.push(Problem {
            file: path.to_path_buf(),
            line,
            column,
            message,
        });
    };
    let file: TopologyFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            report(span, e.message().trim().to_string());
            return Err(LoadError::Invalid(problems));
        }
    };
    if *file.format.get_ref() != FORMAT_VERSION {
        report(
            file.format.span(),
            format!(
                "format {} is not supported; this Vakt reads format {FORMAT_VERSION}",
                file.format.get_ref()
            ),
        );
    }
    if file.kind.get_ref() != "topology" {
        report(
            file.kind.span(),
            format!(
                "kind is {:?}; a topology file has kind = \"topology\"",
                file.kind.get_ref()
            ),
        );
    }

    // Ids first, so that references can be checked in any order.
    let mut index: HashMap<&str, Vertex> = HashMap::with_capacity(file.nodes.len());
    for (i, def) in file.nodes.iter().enumerate() {
        let id = def.id.get_ref();
        if !valid_id(id) {
            report(
                def.id.span(),
                format!(
                    "node id {id:?} must be lower-case letters, digits and dashes, starting with a letter or digit"
                ),
            );
        }
        if index.insert(id, i as Vertex).is_some() {
            report(def.id.span(), format!("duplicate node id {id:?}"));
        }
    }
    // On duplicates the index holds the last; references resolve to it, which is harmless since
    // the load fails anyway.

    let mut nodes = Vec::with_capacity(file.nodes.len());
    for def in &file.nodes {
        let id = def.id.get_ref().clone();
        let resolve =
            |r: &Spanned<String>, what: &str, report: &mut dyn FnMut(Range<usize>, String)| {
                match index.get(r.get_ref().as_str()) {
                    Some(&v) => Some(v),
                    None => {
                        report(
                            r.span(),
                            format!("{what} of node {id:?}: unknown node {:?}", r.get_ref()),
                        );
                        None
                    }
                }
            };
        let mut needs = Vec::new();
        let mut seen = HashSet::new();
        for r in &def.needs {
            if let Some(v) = resolve(r, "needs", &mut report) {
                if !seen.insert(v) {
                    report(
                        r.span(),
                        format!("node {id:?} needs {:?} twice", r.get_ref()),
                    );
                }
                needs.push(v);
            }
        }
        let mut groups = Vec::new();
        let mut group_names = HashSet::new();
        for g in &def.groups {
            let name = g.name.get_ref();
            if !group_names.insert(name.as_str()) {
                report(
                    g.name.span(),
                    format!("node {id:?} has two groups named {name:?}"),
                );
            }
            let mut members = Vec::new();
            let mut seen = HashSet::new();
            for r in &g.of {
                if let Some(v) = resolve(r, &format!("group {name:?}"), &mut report) {
                    if !seen.insert(v) {
                        report(
                            r.span(),
                            format!(
                                "group {name:?} of node {id:?} lists {:?} twice",
                                r.get_ref()
                            ),
                        );
                    }
                    members.push(v);
                }
            }
            let k = *g.at_least.get_ref();
            if k == 0 {
                report(
                    g.at_least.span(),
                    format!("group {name:?} of node {id:?}: at_least must be 1 or more"),
                );
            } else if k as usize > g.of.len() {
                report(
                    g.at_least.span(),
                    format!(
                        "group {name:?} of node {id:?}: at_least = {k} but the group has only {} member{}",
                        g.of.len(),
                        if g.of.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            groups.push(Group {
                name: name.clone(),
                at_least: k,
                members,
            });
        }
        let mut failover = Vec::new();
        for r in &def.failover {
            if let Some(v) = resolve(r, "failover", &mut report) {
                failover.push(v);
            }
        }
        let mut duration = |d: &Option<Spanned<String>>, what: &str| -> Option<u64> {
            let d = d.as_ref()?;
            match parse_duration(d.get_ref()) {
                Ok(s) => Some(s),
                Err(message) => {
                    report(d.span(), format!("{what} of node {id:?}: {message}"));
                    None
                }
            }
        };
        let rto = duration(&def.rto, "rto");
        let rpo = duration(&def.rpo, "rpo");
        let recovery = duration(&def.recovery, "recovery").unwrap_or(0);
        nodes.push(Node {
            id: id.clone(),
            name: def.name.clone(),
            kind: *def.kind.get_ref(),
            criticality: def.criticality,
            rto,
            rpo,
            recovery,
            residency: def.residency,
            needs,
            groups,
            failover,
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(LoadError::Invalid(problems));
    }
    Ok(Topology::compile(nodes))
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
