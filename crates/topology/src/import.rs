//! Import from where organisations already keep their dependencies: Backstage software-catalog
//! descriptors (`catalog-info.yaml`) and a documented CSV. The result is the text of a Vakt
//! topology file that states in comments what it assumed, plus the list of what could not be
//! mapped, each with its source file and line.
//!
//! Imported graphs lack redundancy semantics, so every dependency becomes "all of" (`needs`)
//! unless a group says otherwise: the CSV's `groups` column, or in Backstage the annotation
//! `vakt.io/groups` with the same syntax (`power: 1 of feed-a feed-b; db: 2 of a b c`).
//!
//! # The CSV format
//!
//! The first line names the columns, in any order: `id`, `kind`, `name` are required;
//! `needs`, `groups`, `rto`, `rpo`, `recovery`, `criticality`, `residency` are optional. Fields
//! follow RFC 4180: separated by commas, quoted with `"` when they hold a comma, a quote
//! (doubled) or a line break. Blank lines and lines starting with `#` are skipped.
//! - `kind`: a Vakt node kind (`site`, `server`, `business-service`, …);
//! - `needs`: ids separated by spaces, commas or semicolons: all of them;
//! - `groups`: groups separated by `;`, each `NAME: K of ID ID …` (at least K of them);
//! - `rto`, `rpo`, `recovery`: durations as in the topology file (`4h`, `30m`).
//!
//! ```text
//! id,kind,name,needs,groups
//! feed-a,power-feed,Feed A,,
//! feed-b,power-feed,Feed B,,
//! site,site,Site Oslo,,power: 1 of feed-a feed-b
//! crm,business-service,CRM,site,
//! ```
//!
//! # Backstage
//!
//! Each document of each file is one entity (`apiVersion`, `kind`, `metadata.name`, `spec`).
//! `Component` becomes a `server-group`, `System` a `business-service` that needs all of the
//! components and resources whose `spec.system` names it, `Resource` a `storage`, `server`,
//! `network-zone`, `firewall` or `vpn-link` by its `spec.type` (else `server-group`).
//! `spec.dependsOn` entity references (`resource:default/crm-db`, `component:web`) become
//! `needs`. Other kinds (API, Group, User, Domain, Location, Template), references to entities
//! not in the import, and fields with no place in a topology (`providesApis`, `consumesApis`)
//! are listed as not mapped.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::format::NodeKind;
use crate::problem::Problem;

/// An imported topology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The topology file's text, with the assumptions and what was not mapped in comments.
    pub toml: String,
    /// What could not be mapped, in source order.
    pub unmapped: Vec<Unmapped>,
    /// How many nodes were written.
    pub nodes: usize,
}

/// Something in the source with no place in the topology, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unmapped {
    /// The source file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What it is and why it was left out.
    pub message: String,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Why an import failed: the source is broken (every problem with file, line and column).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The source could not be read as CSV or YAML, or lacks what an entity needs.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// One node as imported, before it is written.
#[derive(Debug, Default)]
struct Draft {
    id: String,
    kind: Option<NodeKind>,
    name: String,
    needs: Vec<(String, usize)>,
    groups: Vec<DraftGroup>,
    /// Optional fields copied as written: (key, value, line).
    extra: Vec<(&'static str, String)>,
    /// Where it came from, for comments and reports.
    file: PathBuf,
    line: usize,
    origin: String,
}

#[derive(Debug)]
struct DraftGroup {
    name: String,
    at_least: u32,
    members: Vec<(String, usize)>,
}

/// Parses a groups field: `NAME: K of ID ID …; NAME: K of …`.
fn parse_groups(text: &str, line: usize) -> Result<Vec<DraftGroup>, String> {
    let mut groups = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, rule)) = part.split_once(':') else {
            return Err(format!(
                "group {part:?} is not `NAME: K of ID ID …` (no colon)"
            ));
        };
        let mut words = rule.split(|c: char| c.is_whitespace() || c == ',');
        let mut words = std::iter::from_fn(|| words.by_ref().find(|w| !w.is_empty()));
        let k = words.next().and_then(|w| w.parse::<u32>().ok());
        let of = words.next();
        let (Some(k), Some("of")) = (k, of) else {
            return Err(format!(
                "group {:?} is not `NAME: K of ID ID …`",
                name.trim()
            ));
        };
        let members: Vec<(String, usize)> = words.map(|w| (w.to_string(), line)).collect();
        groups.push(DraftGroup {
            name: name.trim().to_string(),
            at_least: k,
            members,
        });
    }
    Ok(groups)
}

/// A Vakt id from a foreign name: lower case, anything but letters and digits becomes `-`.
fn to_id(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let id = id.trim_start_matches('-').to_string();
    if id.is_empty() { "node".into() } else { id }
}

fn kind_of(text: &str) -> Option<NodeKind> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_string())).ok()
}

// ---------------------------------------------------------------------------------------------
// CSV

/// Splits CSV text into records of (field, line, column); RFC 4180 quoting.
fn csv_records(text: &str, file: &Path) -> Result<Vec<(usize, Vec<String>)>, Vec<Problem>> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quote_start = (0usize, 0usize);
    let mut column = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    column = 0;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                quote_start = (line, column);
                at_field_start = false;
            }
            '"' => {
                return Err(vec![Problem {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: "a quote inside an unquoted field (quote the whole field and double the quote)".into(),
                }]);
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
                column = 0;
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(vec![Problem {
            file: file.to_path_buf(),
            line: quote_start.0,
            column: quote_start.1,
            message: "this quoted field is never closed".into(),
        }]);
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    // Blank lines and comments.
    records.retain(|(_, f)| {
        !(f.iter().all(|x| x.trim().is_empty()) || f.first().is_some_and(|x| x.starts_with('#')))
    });
    Ok(records)
}

/// Imports the documented CSV (see the module documentation).
pub fn import_csv(text: &str, file: &Path) -> Result<Imported, ImportError> {
    let records = csv_records(text, file).map_err(ImportError::Invalid)?;
    let problem = |line: usize, message: String| Problem {
        file: file.to_path_buf(),
        line,
        column: 1,
        message,
    };
    let Some((header_line, header)) = records.first() else {
        return Err(ImportError::Invalid(vec![problem(
            1,
            "the file is empty; the first line names the columns (id,kind,name,needs,groups)"
                .into(),
        )]));
    };
    let mut problems = Vec::new();
    let mut unmapped = Vec::new();
    let mut col: HashMap<&str, usize> = HashMap::new();
    const KNOWN: [&str; 10] = [
        "id",
        "kind",
        "name",
        "needs",
        "groups",
        "rto",
        "rpo",
        "recovery",
        "criticality",
        "residency",
    ];
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        match KNOWN.iter().find(|k| k.eq_ignore_ascii_case(h)) {
            Some(k) => {
                col.insert(k, i);
            }
            None => unmapped.push(Unmapped {
                file: file.to_path_buf(),
                line: *header_line,
                message: format!("column {h:?} has no place in a topology; ignored"),
            }),
        }
    }
    for required in ["id", "kind", "name"] {
        if !col.contains_key(required) {
            problems.push(problem(
                *header_line,
                format!("the header has no {required:?} column (needed: id, kind, name)"),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let mut drafts = Vec::new();
    for (line, fields) in &records[1..] {
        let line = *line;
        if fields.len() != header.len() {
            problems.push(problem(
                line,
                format!(
                    "{} fields, but the header names {} columns",
                    fields.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |c: &str| col.get(c).map_or("", |&i| fields[i].trim());
        let raw_id = get("id");
        if raw_id.is_empty() {
            problems.push(problem(line, "the id is empty".into()));
            continue;
        }
        let kind = kind_of(get("kind"));
        if kind.is_none() {
            problems.push(problem(
                line,
                format!(
                    "kind {:?} of {raw_id:?} is not a Vakt node kind (site, power-feed, ups, cooling, network-zone, firewall, vpn-link, server-group, server, storage, backup-set, external-provider, team, business-service)",
                    get("kind")
                ),
            ));
            continue;
        }
        let needs = get("needs")
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|w| !w.is_empty())
            .map(|w| (w.to_string(), line))
            .collect();
        let groups = match parse_groups(get("groups"), line) {
            Ok(g) => g,
            Err(m) => {
                problems.push(problem(line, format!("{raw_id}: {m}")));
                continue;
            }
        };
        let mut extra = Vec::new();
        for key in ["criticality", "residency", "rto", "rpo", "recovery"] {
            let v = get(key);
            if v.is_empty() {
                continue;
            }
            let valid = match key {
                "criticality" => serde_json::from_value::<crate::format::Criticality>(
                    serde_json::Value::String(v.into()),
                )
                .is_ok(),
                "residency" => serde_json::from_value::<crate::format::Residency>(
                    serde_json::Value::String(v.into()),
                )
                .is_ok(),
                _ => crate::duration::parse_duration(v).is_ok(),
            };
            if valid {
                extra.push((key, v.to_string()));
            } else {
                problems.push(problem(line, format!("{raw_id}: {key} {v:?} is not valid")));
            }
        }
        if drafts.iter().any(|d: &Draft| d.id == raw_id) {
            problems.push(problem(line, format!("duplicate id {raw_id:?}")));
            continue;
        }
        drafts.push(Draft {
            id: raw_id.to_string(),
            kind,
            name: if get("name").is_empty() {
                raw_id.to_string()
            } else {
                get("name").to_string()
            },
            needs,
            groups,
            extra,
            file: file.to_path_buf(),
            line,
            origin: format!("{}:{line}", file.display()),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let sources = [file.display().to_string()];
    Ok(write(
        drafts,
        unmapped,
        &sources,
        "CSV",
        &["the CSV's kinds, names and durations are taken as written"],
    ))
}

// ---------------------------------------------------------------------------------------------
// YAML

/// A YAML node with the line it starts on.
#[derive(Debug, Clone)]
enum Yaml {
    Scalar(String, usize),
    Seq(Vec<Yaml>, usize),
    Map(Vec<(String, Yaml)>, usize),
}

impl Yaml {
    fn line(&self) -> usize {
        match self {
            Yaml::Scalar(_, l) | Yaml::Seq(_, l) | Yaml::Map(_, l) => *l,
        }
    }

    fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries, _) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s, _) => Some(s),
            _ => None,
        }
    }
}

/// Builds [`Yaml`] trees from the parser's events, one per document.
#[derive(Default)]
struct Builder {
    docs: Vec<Yaml>,
    stack: Vec<(Yaml, Option<String>)>,
    anchors: HashMap<usize, Yaml>,
    anchor_of: Vec<usize>,
    error: Option<(usize, String)>,
}

impl Builder {
    fn push_value(&mut self, value: Yaml, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => self.docs.push(value),
            Some((Yaml::Seq(items, _), _)) => items.push(value),
            Some((Yaml::Map(entries, _), key)) => match key.take() {
                None => match value {
                    Yaml::Scalar(k, _) => *key = Some(k),
                    other => {
                        if self.error.is_none() {
                            self.error =
                                Some((other.line(), "a mapping key that is not text".into()));
                        }
                        *key = Some(String::new());
                    }
                },
                Some(k) => entries.push((k, value)),
            },
            Some((Yaml::Scalar(..), _)) => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(s, _, anchor, _) => self.push_value(Yaml::Scalar(s, line), anchor),
            Event::SequenceStart(anchor, _) => {
                self.anchor_of.push(anchor);
                self.stack.push((Yaml::Seq(Vec::new(), line), None));
            }
            Event::MappingStart(anchor, _) => {
                self.anchor_of.push(anchor);
                self.stack.push((Yaml::Map(Vec::new(), line), None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((done, _)) = self.stack.pop() {
                    let anchor = self.anchor_of.pop().unwrap_or(0);
                    self.push_value(done, anchor);
                }
            }
            Event::Alias(id) => {
                let value = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or(Yaml::Scalar(String::new(), line));
                self.push_value(value, 0);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

fn parse_yaml(text: &str, file: &Path) -> Result<Vec<Yaml>, Problem> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        let m = e.marker();
        return Err(Problem {
            file: file.to_path_buf(),
            line: m.line(),
            column: m.col() + 1,
            message: format!("YAML: {}", e.info()),
        });
    }
    if let Some((line, message)) = builder.error {
        return Err(Problem {
            file: file.to_path_buf(),
            line,
            column: 1,
            message,
        });
    }
    Ok(builder.docs)
}

/// A Backstage entity reference `[kind:][namespace/]name`, lower-cased, with the default kind
/// and the default namespace filled in.
fn entity_ref(text: &str, default_kind: &str) -> String {
    let text = text.trim().to_ascii_lowercase();
    let (kind, rest) = match text.split_once(':') {
        Some((k, r)) => (k.to_string(), r.to_string()),
        None => (default_kind.to_string(), text.clone()),
    };
    let (ns, name) = match rest.split_once('/') {
        Some((n, r)) => (n.to_string(), r.to_string()),
        None => ("default".to_string(), rest),
    };
    format!("{kind}:{ns}/{name}")
}

/// Imports Backstage catalog descriptor files: each `(path, text)`, possibly multi-document.
pub fn import_backstage(files: &[(PathBuf, String)]) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let mut unmapped = Vec::new();
    // Entities by reference: (draft, dependsOn refs with lines, system ref).
    struct Entity {
        draft: Draft,
        depends: Vec<(String, usize)>,
        system: Option<(String, usize)>,
    }
    let mut entities: Vec<(String, Entity)> = Vec::new();
    for (file, text) in files {
        let docs = match parse_yaml(text, file) {
            Ok(d) => d,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        for doc in docs {
            let line = doc.line();
            let not_mapped = |unmapped: &mut Vec<Unmapped>, line: usize, message: String| {
                unmapped.push(Unmapped {
                    file: file.clone(),
                    line,
                    message,
                })
            };
            if !matches!(doc, Yaml::Map(..)) {
                problems.push(Problem {
                    file: file.clone(),
                    line,
                    column: 1,
                    message:
                        "a descriptor document must be a mapping (apiVersion, kind, metadata, spec)"
                            .into(),
                });
                continue;
            }
            let kind = doc.get("kind").and_then(Yaml::str).unwrap_or("");
            let name = doc
                .get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Yaml::str);
            let (Some(name), false) = (name, kind.is_empty()) else {
                problems.push(Problem {
                    file: file.clone(),
                    line,
                    column: 1,
                    message: "an entity needs `kind` and `metadata.name`".into(),
                });
                continue;
            };
            let metadata = doc.get("metadata");
            let namespace = metadata
                .and_then(|m| m.get("namespace"))
                .and_then(Yaml::str)
                .unwrap_or("default");
            let spec = doc.get("spec");
            let spec_type = spec
                .and_then(|s| s.get("type"))
                .and_then(Yaml::str)
                .unwrap_or("")
                .to_ascii_lowercase();
            let node_kind = match kind.to_ascii_lowercase().as_str() {
                "component" => NodeKind::ServerGroup,
                "system" => NodeKind::BusinessService,
                "resource" => match spec_type.as_str() {
                    "database" | "storage" | "s3-bucket" | "bucket" | "filesystem" | "disk" => {
                        NodeKind::Storage
                    }
                    "server" | "vm" | "host" | "virtual-machine" => NodeKind::Server,
                    "network" | "network-zone" | "vpc" | "subnet" => NodeKind::NetworkZone,
                    "firewall" => NodeKind::Firewall,
                    "vpn" | "vpn-link" => NodeKind::VpnLink,
                    "backup" | "backup-set" => NodeKind::BackupSet,
                    _ => NodeKind::ServerGroup,
                },
                other => {
                    not_mapped(
                        &mut unmapped,
                        line,
                        format!(
                            "{kind} {name:?}: kind {other:?} is not a dependency in a topology; left out"
                        ),
                    );
                    continue;
                }
            };
            let reference = entity_ref(&format!("{kind}:{namespace}/{name}"), "component");
            let title = metadata
                .and_then(|m| m.get("title"))
                .and_then(Yaml::str)
                .unwrap_or(name);
            let mut depends = Vec::new();
            if let Some(list) = spec.and_then(|s| s.get("dependsOn")) {
                match list {
                    Yaml::Seq(items, _) => {
                        for item in items {
                            match item.str() {
                                Some(r) => depends.push((entity_ref(r, "component"), item.line())),
                                None => not_mapped(
                                    &mut unmapped,
                                    item.line(),
                                    format!(
                                        "{kind} {name:?}: a dependsOn entry that is not an entity reference; left out"
                                    ),
                                ),
                            }
                        }
                    }
                    other => not_mapped(
                        &mut unmapped,
                        other.line(),
                        format!("{kind} {name:?}: dependsOn is not a list; left out"),
                    ),
                }
            }
            for field in ["providesApis", "consumesApis", "dependencyOf"] {
                if let Some(v) = spec.and_then(|s| s.get(field)) {
                    not_mapped(
                        &mut unmapped,
                        v.line(),
                        format!(
                            "{kind} {name:?}: spec.{field} has no place in a dependency topology (APIs are not nodes); left out"
                        ),
                    );
                }
            }
            if kind.eq_ignore_ascii_case("resource")
                && node_kind == NodeKind::ServerGroup
                && !spec_type.is_empty()
            {
                not_mapped(
                    &mut unmapped,
                    spec.and_then(|s| s.get("type")).map_or(line, Yaml::line),
                    format!(
                        "Resource {name:?}: type {spec_type:?} has no Vakt kind; imported as server-group"
                    ),
                );
            }
            let system = spec
                .and_then(|s| s.get("system"))
                .and_then(|s| s.str().map(|r| (entity_ref(r, "system"), s.line())));
            let groups = match metadata
                .and_then(|m| m.get("annotations"))
                .and_then(|a| a.get("vakt.io/groups"))
            {
                Some(g) => match g.str().map(|t| parse_groups(t, g.line())) {
                    Some(Ok(groups)) => groups,
                    Some(Err(m)) => {
                        problems.push(Problem {
                            file: file.clone(),
                            line: g.line(),
                            column: 1,
                            message: format!("{kind} {name:?}: vakt.io/groups: {m}"),
                        });
                        Vec::new()
                    }
                    None => Vec::new(),
                },
                None => Vec::new(),
            };
            if entities.iter().any(|(r, _)| *r == reference) {
                problems.push(Problem {
                    file: file.clone(),
                    line,
                    column: 1,
                    message: format!("{reference} is defined twice"),
                });
                continue;
            }
            entities.push((
                reference.clone(),
                Entity {
                    draft: Draft {
                        id: to_id(name),
                        kind: Some(node_kind),
                        name: title.to_string(),
                        needs: Vec::new(),
                        groups,
                        extra: Vec::new(),
                        file: file.clone(),
                        line,
                        origin: format!("Backstage {reference} ({}:{line})", file.display()),
                    },
                    depends,
                    system,
                },
            ));
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    // Ids: the entity's name, or kind-name when two entities share a name.
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (_, e) in &entities {
        *taken.entry(e.draft.id.clone()).or_default() += 1;
    }
    let mut used = HashSet::new();
    for (reference, e) in &mut entities {
        if taken[&e.draft.id] > 1 {
            let kind = reference.split(':').next().unwrap_or("x");
            e.draft.id = format!("{kind}-{}", e.draft.id);
        }
        while !used.insert(e.draft.id.clone()) {
            e.draft.id.push_str("-2");
        }
    }
    let id_of: HashMap<String, String> = entities
        .iter()
        .map(|(r, e)| (r.clone(), e.draft.id.clone()))
        .collect();
    // A system needs all of its members.
    let mut members: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for (_, e) in &entities {
        if let Some((system, line)) = &e.system {
            match id_of.get(system) {
                Some(_) => members
                    .entry(system.clone())
                    .or_default()
                    .push((e.draft.id.clone(), *line)),
                None => unmapped.push(Unmapped {
                    file: e.draft.file.clone(),
                    line: *line,
                    message: format!(
                        "{}: system {system} is not in the import; the link is left out",
                        e.draft.id
                    ),
                }),
            }
        }
    }
    let mut drafts = Vec::new();
    for (reference, mut e) in entities {
        for (dep, line) in &e.depends {
            match id_of.get(dep) {
                Some(id) => e.draft.needs.push((id.clone(), *line)),
                None => unmapped.push(Unmapped {
                    file: e.draft.file.clone(),
                    line: *line,
                    message: format!(
                        "{}: dependsOn {dep} is not in the import; the dependency is left out",
                        e.draft.id
                    ),
                }),
            }
        }
        if let Some(m) = members.remove(&reference) {
            e.draft.needs.extend(m);
        }
        // Group members name entities by reference; resolve them to ids too.
        for g in &mut e.draft.groups {
            for (m, _) in &mut g.members {
                if let Some(id) = id_of.get(&entity_ref(m, "component")) {
                    *m = id.clone();
                }
            }
        }
        drafts.push(e.draft);
    }
    let sources: Vec<String> = files.iter().map(|(f, _)| f.display().to_string()).collect();
    Ok(write(
        drafts,
        unmapped,
        &sources,
        "Backstage catalog descriptors",
        &[
            "Component → server-group; System → business-service that needs all of its members (spec.system); Resource → by spec.type (database → storage, server → server, network → network-zone, …; else server-group)",
            "ids are the entities' names in lower case (kind-name where two kinds share a name)",
        ],
    ))
}

// ---------------------------------------------------------------------------------------------
// Writing the topology file

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write(
    mut drafts: Vec<Draft>,
    mut unmapped: Vec<Unmapped>,
    sources: &[String],
    what: &str,
    mapping: &[&str],
) -> Imported {
    // Ids must be valid; references to unknown ids are dropped and reported.
    let mut known: HashSet<String> = HashSet::new();
    for d in &mut drafts {
        let id = to_id(&d.id);
        if id != d.id {
            unmapped.push(Unmapped {
                file: d.file.clone(),
                line: d.line,
                message: format!("id {:?} written as {id:?} (Vakt ids are lower-case letters, digits and dashes)", d.id),
            });
            d.id = id;
        }
        known.insert(d.id.clone());
    }
    for d in &mut drafts {
        let mut keep = Vec::new();
        for (n, line) in d.needs.drain(..) {
            let nid = to_id(&n);
            if known.contains(&nid) && nid != d.id {
                if !keep.iter().any(|(k, _): &(String, usize)| *k == nid) {
                    keep.push((nid, line));
                }
            } else {
                unmapped.push(Unmapped {
                    file: d.file.clone(),
                    line,
                    message: format!(
                        "{}: needs {n:?}, which is not in the import; left out",
                        d.id
                    ),
                });
            }
        }
        d.needs = keep;
        for g in &mut d.groups {
            let mut keep: Vec<(String, usize)> = Vec::new();
            for (m, line) in g.members.drain(..) {
                let mid = to_id(&m);
                if known.contains(&mid) && mid != d.id {
                    if !keep.iter().any(|(k, _)| *k == mid) {
                        keep.push((mid, line));
                    }
                } else {
                    unmapped.push(Unmapped {
                        file: d.file.clone(),
                        line,
                        message: format!(
                            "{}: group {:?} lists {m:?}, which is not in the import; left out",
                            d.id, g.name
                        ),
                    });
                }
            }
            g.members = keep;
            let n = g.members.len() as u32;
            if g.at_least > n || g.at_least == 0 {
                let k = g.at_least.clamp(1, n.max(1));
                unmapped.push(Unmapped {
                    file: d.file.clone(),
                    line: d.line,
                    message: format!(
                        "{}: group {:?} asks {} of {n} members; written as {k}",
                        d.id, g.name, g.at_least
                    ),
                });
                g.at_least = k;
            }
        }
        d.groups.retain(|g| !g.members.is_empty());
    }
    unmapped.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by Vakt from {what}: {}.",
        sources.join(", ")
    );
    out.push_str("#\n# Assumed (check before you rely on it):\n");
    out.push_str(
        "# - every dependency is needed, all of it (`needs`): the source says nothing about\n",
    );
    out.push_str(
        "#   redundancy, so a node with two dependencies goes down when either does, unless a\n",
    );
    out.push_str("#   group below says \"at least k of\"; add groups where there is redundancy;\n");
    for m in mapping {
        let _ = writeln!(out, "# - {m};");
    }
    out.push_str(
        "# - no RTOs, recovery times, residency or criticality unless the source gave them.\n",
    );
    if unmapped.is_empty() {
        out.push_str("#\n# Everything in the source was mapped.\n");
    } else {
        let _ = writeln!(out, "#\n# Not mapped ({}):", unmapped.len());
        for u in &unmapped {
            let _ = writeln!(out, "# - {u}");
        }
    }
    out.push_str("\nformat = 1\nkind = \"topology\"\n");
    for d in &drafts {
        let _ = writeln!(out, "\n# from {}", d.origin);
        out.push_str("[[node]]\n");
        let _ = writeln!(out, "id = {}", quote(&d.id));
        let _ = writeln!(
            out,
            "kind = {}",
            quote(d.kind.map_or("server-group", NodeKind::as_str))
        );
        let _ = writeln!(out, "name = {}", quote(&d.name));
        for (key, value) in &d.extra {
            let _ = writeln!(out, "{key} = {}", quote(value));
        }
        if !d.needs.is_empty() {
            let list: Vec<String> = d.needs.iter().map(|(n, _)| quote(n)).collect();
            let _ = writeln!(out, "needs = [{}]", list.join(", "));
        }
        for g in &d.groups {
            let list: Vec<String> = g.members.iter().map(|(n, _)| quote(n)).collect();
            let _ = writeln!(
                out,
                "[[node.group]]\nname = {}\nat_least = {}\nof = [{}]",
                quote(&g.name),
                g.at_least,
                list.join(", ")
            );
        }
    }
    Imported {
        toml: out,
        nodes: drafts.len(),
        unmapped,
    }
}
