//! Loading a topology file: parse, check every reference and rule, compile.
//!
//! Two paths give the same answers. The **lean path** cuts the text at its `[[node]]` headers
//! (a small scanner that knows TOML's strings, comments and brackets), lets toml parse one node
//! at a time, and interns every id it meets, so memory stays a small multiple of the file
//! (toml's parse tree of a whole 20 MB file, with spans, took 900 MB). When anything is wrong
//! or unusual (a problem, or a shape the scanner does not handle), the **spanned path** parses
//! the whole file as before and reports every problem with file:line:col.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::duration::parse_duration;
use crate::format::{FORMAT_VERSION, NodeDef, TopologyFile};
use crate::model::{Group, NONE, Node, Topology, Vertex};
use crate::problem::{Lines, LoadError, Problem};

/// Reads and loads a topology file.
pub fn load_file(path: &Path) -> Result<Topology, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Invalid UTF-8 is reported at its byte's line and column, not as an unreadable file.
    let text = String::from_utf8(bytes).map_err(|e| {
        LoadError::Invalid(
            vakt_stdx::utf8_text(&path.display().to_string(), e.as_bytes())
                .err()
                .into_iter()
                .collect(),
        )
    })?;
    match lean_nodes(&text) {
        Some(nodes) => {
            drop(text);
            Ok(Topology::compile(nodes))
        }
        None => load_spanned(&text, path),
    }
}

/// Loads a topology from text; `path` is only used in problem reports.
///
/// Every problem found is reported with its line and column; the loader never panics on input.
pub fn load_str(text: &str, path: &Path) -> Result<Topology, LoadError> {
    match lean_nodes(text) {
        Some(nodes) => Ok(Topology::compile(nodes)),
        None => load_spanned(text, path),
    }
}

/// Where the `[[node]]` tables of a topology file begin: the text before the first is the
/// head (`format`, `kind`, `description`). `None` when the file has a shape the lean path
/// leaves to the spanned one (another table header, an unterminated string, …).
fn node_starts(text: &str) -> Option<Vec<usize>> {
    let b = text.as_bytes();
    let len = b.len();
    let mut starts = Vec::new();
    let mut i = 0;
    let mut depth = 0i32;
    let mut line_start = true;
    let find = |from: usize, pat: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|p| from + p)
    };
    while i < len {
        if line_start && depth == 0 {
            line_start = false;
            while i < len && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if i < len && b[i] == b'[' {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(len, |p| i + p);
                let line = &text[i..end];
                let header: String = line
                    .split('#')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if header == "[[node]]" {
                    starts.push(i);
                } else if header.starts_with("[[node.") || header.starts_with("[node.") {
                    if starts.is_empty() {
                        return None;
                    }
                } else {
                    return None;
                }
                i = end;
                continue;
            }
            continue;
        }
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
            }
            b'#' => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(len, |p| i + p);
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                let mut j = i + 3;
                loop {
                    match *b.get(j)? {
                        b'\\' => j += 2,
                        b'"' if b[j..].starts_with(b"\"\"\"") => break,
                        _ => j += 1,
                    }
                }
                j += 3;
                while b.get(j) == Some(&b'"') {
                    j += 1;
                }
                i = j;
            }
            b'"' => {
                let mut j = i + 1;
                loop {
                    match *b.get(j)? {
                        b'\\' => j += 2,
                        b'"' => break,
                        b'\n' => return None,
                        _ => j += 1,
                    }
                }
                i = j + 1;
            }
            b'\'' if b[i..].starts_with(b"\'\'\'") => {
                let mut j = find(i + 3, b"\'\'\'")? + 3;
                while b.get(j) == Some(&b'\'') {
                    j += 1;
                }
                i = j;
            }
            b'\'' => {
                let j = b[i + 1..].iter().position(|&c| c == b'\'' || c == b'\n')? + i + 1;
                if b[j] == b'\n' {
                    return None;
                }
                i = j + 1;
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(starts)
}

/// The head of a topology file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    format: u32,
    kind: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
}

/// One `[[node]]` table on its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneNode {
    node: Vec<NodeDef>,
}

/// The lean path: the nodes of a valid file, or `None` when there is anything to report (or
/// a shape it leaves to the spanned path), in which case the spanned path runs.
fn lean_nodes(text: &str) -> Option<Vec<Node>> {
    let starts = node_starts(text)?;
    let head_end = starts.first().copied().unwrap_or(text.len());
    let head: Head = toml::from_str(&text[..head_end]).ok()?;
    if head.format != FORMAT_VERSION || head.kind != "topology" {
        return None;
    }
    // Every id met, as a definition or a reference, gets a symbol; `vertex` of a symbol is
    // the node that defines it.
    let mut symbols: HashMap<Box<str>, u32> = HashMap::with_capacity(starts.len());
    let mut vertex: Vec<Vertex> = Vec::with_capacity(starts.len());
    let mut intern = |s: &str, vertex: &mut Vec<Vertex>| -> u32 {
        if let Some(&x) = symbols.get(s) {
            return x;
        }
        let x = vertex.len() as u32;
        symbols.insert(s.into(), x);
        vertex.push(NONE);
        x
    };
    let distinct = |list: &[u32]| {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] != w[1])
    };
    let mut nodes = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let mut one: OneNode = toml::from_str(&text[start..end]).ok()?;
        if one.node.len() != 1 {
            return None;
        }
        let def = one.node.pop()?;
        let id = def.id.into_inner();
        if !valid_id(&id) {
            return None;
        }
        let me = intern(&id, &mut vertex);
        if vertex[me as usize] != NONE {
            return None;
        }
        vertex[me as usize] = n as Vertex;
        let mut refs = |list: Vec<Spanned<String>>, vertex: &mut Vec<Vertex>| -> Vec<u32> {
            list.iter().map(|r| intern(r.get_ref(), vertex)).collect()
        };
        let needs = refs(def.needs, &mut vertex);
        if !distinct(&needs) {
            return None;
        }
        let mut groups = Vec::with_capacity(def.groups.len());
        let mut names = HashSet::new();
        for g in def.groups {
            let name = g.name.into_inner();
            let k = g.at_least.into_inner();
            if k == 0 || k as usize > g.of.len() {
                return None;
            }
            let members = refs(g.of, &mut vertex);
            if !distinct(&members) {
                return None;
            }
            if !names.insert(name.clone()) {
                return None;
            }
            groups.push(Group {
                name,
                at_least: k,
                members,
            });
        }
        let failover = refs(def.failover, &mut vertex);
        let duration = |d: Option<Spanned<String>>| -> Result<Option<u64>, ()> {
            d.map(|d| parse_duration(d.get_ref()).map_err(|_| ()))
                .transpose()
        };
        nodes.push(Node {
            id,
            name: def.name,
            kind: def.kind.into_inner(),
            criticality: def.criticality,
            rto: duration(def.rto).ok()?,
            rpo: duration(def.rpo).ok()?,
            recovery: duration(def.recovery).ok()?.unwrap_or(0),
            residency: def.residency,
            needs,
            groups,
            failover,
        });
    }
    drop(symbols);
    // Symbols to vertices; a symbol no node defines is an unknown reference.
    let resolve = |list: &mut Vec<Vertex>| -> Option<()> {
        for x in list.iter_mut() {
            let v = *vertex.get(*x as usize)?;
            if v == NONE {
                return None;
            }
            *x = v;
        }
        Some(())
    };
    for node in &mut nodes {
        resolve(&mut node.needs)?;
        for g in &mut node.groups {
            resolve(&mut g.members)?;
        }
        resolve(&mut node.failover)?;
    }
    Some(nodes)
}

/// The spanned path: the whole file as one toml document with spans; every problem reported.
fn load_spanned(text: &str, path: &Path) -> Result<Topology, LoadError> {
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

#[cfg(test)]
mod tests {
    #[test]
    fn invalid_utf8_is_located_at_its_line_and_column() {
        let dir = std::env::temp_dir().join(format!("vakt-topology-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let path = dir.join("topology.toml");
        std::fs::write(
            &path,
            b"format = 1\n\n[[node]]\nid = \"db\"\nlabel = \"Datab\xe6se\"\n",
        )
        .expect("write");
        let e = super::load_file(&path).expect_err("not UTF-8");
        let _ = std::fs::remove_dir_all(&dir);
        let text = e.to_string();
        assert!(
            text.contains("topology.toml:5:15: not UTF-8 text: byte 0xe6"),
            "{text}"
        );
    }

    use std::path::PathBuf;

    use super::*;
    use crate::generate::{Shape, random_nodes, to_toml};

    /// Whatever the lean path accepts, the spanned path accepts with the same nodes.
    fn agree(text: &str) -> bool {
        let lean = lean_nodes(text);
        let spanned = load_spanned(text, Path::new("x.toml"));
        match (&lean, spanned) {
            (Some(nodes), Ok(t)) => assert_eq!(nodes, &t.nodes),
            (Some(_), Err(e)) => panic!("the lean path accepted a file with problems: {e}"),
            (None, _) => {}
        }
        lean.is_some()
    }

    #[test]
    fn the_lean_path_agrees_with_the_spanned_path() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let demo = std::fs::read_to_string(root.join("../../playbooks/topology.toml"))
            .expect("demo topology");
        assert!(agree(&demo), "the demo takes the lean path");
        for seed in 0..20 {
            let text = to_toml(&random_nodes(seed, Shape::small(40, seed % 2 == 1)));
            assert!(agree(&text), "generated files take the lean path");
        }
        let bytes = demo.as_bytes();
        for cut in (0..bytes.len()).step_by(89) {
            if let Ok(prefix) = std::str::from_utf8(&bytes[..cut]) {
                agree(prefix);
            }
            for c in ['"', '\'', '[', '\n', '='] {
                let mangled: String = demo
                    .char_indices()
                    .map(|(i, x)| if i == cut { c } else { x })
                    .collect();
                agree(&mangled);
            }
        }
        let dir = root.join("tests/data/broken");
        for entry in std::fs::read_dir(dir).expect("corpus") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).expect("read");
                assert!(!agree(&text), "{} is broken", path.display());
            }
        }
    }

    #[test]
    fn headers_inside_strings_and_arrays_do_not_cut_the_file() {
        let text = r#"format = 1
kind = "topology"
description = """
[[node]]
not a header"""

[[node]]
id = "a"
kind = "site"
name = "A ] } [[node]]"
notes = '''
[[node]]
'''

[[ node ]]
id = "b"
kind = "site"
name = 'B # not a comment'
needs = [
  "a", # a comment ]
]
[[node.group]]
name = "g"
at_least = 1
of = ["a"]
"#;
        assert!(agree(text));
        let t = load_str(text, Path::new("x.toml")).expect("loads");
        assert_eq!(t.node_count(), 2);
        assert_eq!(t.nodes()[0].name, "A ] } [[node]]");
    }
}
