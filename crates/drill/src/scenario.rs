//! Loaded scenarios, and loading them from text with every problem at file:line:col.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;
use vakt_playbook::Text;
use vakt_stdx::{Lines, Problem, parse_duration};
use vakt_topology::Topology;

use crate::format::{ExerciseType, FORMAT_VERSION, Objective, ScenarioFile};

/// The folder of scenario files in a workspace.
pub const DRILLS_DIR: &str = "drills";

/// The kind a scenario file declares.
pub const KIND: &str = "drill";

/// Where a target comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum TargetSource {
    /// The topology node's value.
    Topology,
    /// The scenario's override, with its reason.
    Override {
        /// Why.
        reason: String,
    },
}

/// A recovery target in seconds, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Seconds.
    pub seconds: u64,
    /// The topology, or the scenario's stated override.
    #[serde(flatten)]
    pub source: TargetSource,
}

/// A participant role and its duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// The role id.
    pub role: String,
    /// What the role does in the drill.
    pub duty: Text,
}

/// A planned injection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedInjection {
    /// Its id in the scenario.
    pub id: String,
    /// The node that fails.
    pub node: String,
    /// Seconds after the start, for a scheduled injection; `None` when on cue.
    pub at: Option<u64>,
    /// The controller's cue, for an injection on cue.
    pub cue: Option<Text>,
    /// What the team sees.
    pub description: Text,
}

/// A measured service with its resolved targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasuredService {
    /// The topology node.
    pub node: String,
    /// The node's name, from the topology.
    pub name: String,
    /// What is measured.
    pub measure: BTreeSet<Objective>,
    /// The retention store whose restore point gives the RPO.
    pub store: String,
    /// The RTO target, when the RTO is measured.
    pub rto: Option<Target>,
    /// The RPO target, when the RPO is measured.
    pub rpo: Option<Target>,
}

impl MeasuredService {
    /// Whether `objective` is measured.
    pub fn measures(&self, objective: Objective) -> bool {
        self.measure.contains(&objective)
    }
}

/// A checked scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its name.
    pub title: Text,
    /// What happens.
    pub summary: Text,
    /// The kind of exercise.
    pub exercise: ExerciseType,
    /// How often it must be exercised, seconds.
    pub cycle_seconds: u64,
    /// The playbook ids it runs; the first starts with the drill.
    pub playbooks: Vec<String>,
    /// The exercise controller's role.
    pub controller: String,
    /// What the drill must show.
    pub objectives: Vec<Text>,
    /// How the team knows it succeeded.
    pub success_criteria: Vec<Text>,
    /// Who takes part.
    pub participants: Vec<Participant>,
    /// The injected failures, in file order.
    pub injections: Vec<PlannedInjection>,
    /// The measured services, in file order.
    pub services: Vec<MeasuredService>,
}

impl Scenario {
    /// The planned injection with id `id`.
    pub fn injection(&self, id: &str) -> Option<&PlannedInjection> {
        self.injections.iter().find(|i| i.id == id)
    }

    /// The measured service on node `node`.
    pub fn service(&self, node: &str) -> Option<&MeasuredService> {
        self.services.iter().find(|s| s.node == node)
    }
}

/// What a scenario is checked against. Each part left `None` is not checked (and, for the
/// topology, targets cannot be resolved: a scenario measuring a service then has a problem).
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The topology: injected and measured nodes, and the targets.
    pub topology: Option<&'a Topology>,
    /// The ids of the workspace's playbooks.
    pub playbooks: Option<&'a BTreeSet<String>>,
    /// The ids of the workspace's roles.
    pub roles: Option<&'a BTreeSet<String>>,
    /// The ids of the retention stores.
    pub stores: Option<&'a BTreeSet<String>>,
    /// The languages every text must carry (the workspace's).
    pub languages: Option<&'a [String]>,
}

/// A scenario loaded from a file, with the exact text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedScenario {
    /// Its path relative to the workspace, `/`-separated.
    pub path: String,
    /// The file's text.
    pub source: String,
    /// SHA-256 of the file's bytes, hex: the content hash a drill pins.
    pub sha256: String,
    /// The checked scenario.
    pub scenario: Scenario,
}

/// Every scenario of a workspace, and every problem found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenarios {
    /// The scenarios that loaded cleanly, by path.
    pub scenarios: Vec<LoadedScenario>,
    /// Every problem, by file, line and column.
    pub problems: Vec<Problem>,
}

impl Scenarios {
    /// The scenario with id `id`.
    pub fn get(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }
}

/// Loads every `drills/*.toml` of the workspace at `dir`, checked against `context`. Never
/// fails: what cannot be read is a problem. A scenario id used twice is a problem in each file.
pub fn load_dir(dir: &Path, context: &Context<'_>) -> Scenarios {
    let mut out = Scenarios::default();
    let folder = dir.join(DRILLS_DIR);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return out;
    };
    let mut files: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
        .collect();
    files.sort();
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in files {
        let rel = format!("{DRILLS_DIR}/{name}");
        let bytes = match std::fs::read(folder.join(&name)) {
            Ok(b) => b,
            Err(e) => {
                out.problems.push(Problem {
                    file: rel.into(),
                    line: 1,
                    column: 1,
                    message: e.to_string(),
                });
                continue;
            }
        };
        match load_bytes(&rel, &bytes, context) {
            Ok(s) => {
                ids.entry(s.scenario.id.clone())
                    .or_default()
                    .push(rel.clone());
                out.scenarios.push(s);
            }
            Err(p) => out.problems.extend(p),
        }
    }
    for (id, files) in ids.iter().filter(|(_, f)| f.len() > 1) {
        for f in files {
            out.problems.push(Problem {
                file: f.into(),
                line: 1,
                column: 1,
                message: format!(
                    "scenario id `{id}` is used by {}; ids must be unique",
                    files.join(", ")
                ),
            });
        }
        out.scenarios.retain(|s| s.scenario.id != *id);
    }
    out.problems.sort();
    out
}

/// Loads a scenario from the bytes of file `file` (text that is not UTF-8 is a problem at its
/// byte's line and column).
pub fn load_bytes(
    file: &str,
    bytes: &[u8],
    context: &Context<'_>,
) -> Result<LoadedScenario, Vec<Problem>> {
    let text = vakt_workspace::utf8_text(file, bytes).map_err(|p| vec![p])?;
    let scenario = load_str(file, text, context)?;
    Ok(LoadedScenario {
        path: file.to_string(),
        source: text.to_string(),
        sha256: vakt_stdx::sha256_hex(bytes),
        scenario,
    })
}

/// Loads a scenario from text; `file` names it in the problems.
pub fn load_str(file: &str, text: &str, context: &Context<'_>) -> Result<Scenario, Vec<Problem>> {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    let mut report = |offset: usize, message: String| {
        problems.push(Problem::located(file, &lines, offset, message))
    };
    let parsed: ScenarioFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            report(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            );
            return Err(problems);
        }
    };
    if *parsed.format.get_ref() != FORMAT_VERSION {
        report(
            parsed.format.span().start,
            format!(
                "format {} is not supported; this Vakt reads format {FORMAT_VERSION}",
                parsed.format.get_ref()
            ),
        );
    }
    if parsed.kind.get_ref() != KIND {
        report(
            parsed.kind.span().start,
            format!(
                "kind is {:?}; a drill scenario has kind = \"drill\"",
                parsed.kind.get_ref()
            ),
        );
    }
    let id = parsed.id.get_ref();
    let good_id = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !good_id {
        report(
            parsed.id.span().start,
            format!("id {id:?}: use lowercase letters, digits and dashes"),
        );
    }
    let mut text_of = |t: &Spanned<Text>, what: &str| -> Text {
        let value = t.get_ref();
        if value.0.get("en").is_none_or(|s| s.trim().is_empty()) {
            report(
                t.span().start,
                format!("{what}: English (`en`) is required"),
            );
        }
        if let Some(langs) = context.languages {
            let missing: Vec<&str> = langs
                .iter()
                .filter(|l| value.0.get(*l).is_none_or(|s| s.trim().is_empty()))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                report(
                    t.span().start,
                    format!(
                        "{what}: no text in {}; the workspace's languages are {}, and a report is written in one of them throughout",
                        missing.join(", "),
                        langs.join(", ")
                    ),
                );
            }
        }
        value.clone()
    };
    let title = text_of(&parsed.title, "title");
    let summary = text_of(&parsed.summary, "summary");
    let objectives: Vec<Text> = parsed
        .objectives
        .iter()
        .map(|o| text_of(o, "objective"))
        .collect();
    let success_criteria: Vec<Text> = parsed
        .success_criteria
        .iter()
        .map(|o| text_of(o, "success criterion"))
        .collect();
    let participants: Vec<Participant> = parsed
        .participants
        .iter()
        .map(|p| Participant {
            role: p.role.get_ref().clone(),
            duty: text_of(&p.duty, &format!("participant {:?} duty", p.role.get_ref())),
        })
        .collect();
    let mut injections = Vec::new();
    for i in &parsed.injections {
        let who = format!("injection {:?}", i.id.get_ref());
        let description = text_of(&i.description, &format!("{who} description"));
        let cue = i.cue.as_ref().map(|c| text_of(c, &format!("{who} cue")));
        injections.push((i, description, cue));
    }

    if objectives.is_empty() {
        report(
            parsed.id.span().start,
            "a scenario states its objectives (what the drill must show): objectives = [...]"
                .into(),
        );
    }
    if success_criteria.is_empty() {
        report(
            parsed.id.span().start,
            "a scenario states its success criteria: success_criteria = [...]".into(),
        );
    }
    let cycle_seconds = match parse_duration(parsed.cycle.get_ref()) {
        Ok(0) => {
            report(
                parsed.cycle.span().start,
                "cycle: must be longer than 0".into(),
            );
            0
        }
        Ok(s) => s,
        Err(e) => {
            report(parsed.cycle.span().start, format!("cycle: {e}"));
            0
        }
    };
    if parsed.playbooks.is_empty() {
        report(
            parsed.id.span().start,
            "a scenario names the playbook it runs: playbooks = [\"...\"]".into(),
        );
    }
    for p in &parsed.playbooks {
        if let Some(known) = context.playbooks
            && !known.contains(p.get_ref())
        {
            report(
                p.span().start,
                format!(
                    "no playbook has the id `{}`; playbooks: {}",
                    p.get_ref(),
                    known.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    let mut check_role = |r: &Spanned<String>, what: &str| {
        if let Some(roles) = context.roles
            && !roles.contains(r.get_ref())
        {
            report(
                r.span().start,
                format!(
                    "{what}: no role has the id `{}`; roles: {}",
                    r.get_ref(),
                    roles.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    };
    check_role(&parsed.controller, "controller");
    let mut seen_roles = HashSet::new();
    for p in &parsed.participants {
        check_role(&p.role, "participant");
    }
    for p in &parsed.participants {
        if !seen_roles.insert(p.role.get_ref().clone()) {
            report(
                p.role.span().start,
                format!("participant role `{}` is listed twice", p.role.get_ref()),
            );
        }
    }
    let node_name = |id: &str| -> Option<String> {
        let t = context.topology?;
        t.find(id).and_then(|v| t.node(v)).map(|n| n.name.clone())
    };
    let unknown_node = |id: &str| -> bool { context.topology.is_some() && node_name(id).is_none() };

    let mut planned = Vec::new();
    let mut injection_ids = HashSet::new();
    for (i, description, cue) in injections {
        let who = format!("injection {:?}", i.id.get_ref());
        if !injection_ids.insert(i.id.get_ref().clone()) {
            report(i.id.span().start, format!("duplicate {who}"));
        }
        if unknown_node(i.node.get_ref()) {
            report(
                i.node.span().start,
                format!("{who}: the topology has no node `{}`", i.node.get_ref()),
            );
        }
        let at = match (&i.at, &cue) {
            (Some(at), None) => match parse_duration(at.get_ref()) {
                Ok(s) => Some(s),
                Err(e) => {
                    report(at.span().start, format!("{who} at: {e}"));
                    None
                }
            },
            (None, Some(_)) => None,
            (Some(at), Some(_)) => {
                report(
                    at.span().start,
                    format!(
                        "{who}: give `at` (an offset from the start) or `cue` (the controller injects it), not both"
                    ),
                );
                None
            }
            (None, None) => {
                report(
                    i.id.span().start,
                    format!(
                        "{who}: say when: `at = \"30m\"` (offset from the start) or `cue = {{ en = \"…\" }}` (the controller injects it)"
                    ),
                );
                None
            }
        };
        planned.push(PlannedInjection {
            id: i.id.get_ref().clone(),
            node: i.node.get_ref().clone(),
            at,
            cue,
            description,
        });
    }

    let mut services = Vec::new();
    let mut service_nodes = HashSet::new();
    for s in &parsed.services {
        let node = s.node.get_ref();
        let who = format!("service `{node}`");
        if !service_nodes.insert(node.clone()) {
            report(s.node.span().start, format!("{who} is measured twice"));
        }
        let measure: BTreeSet<Objective> = s.measure.get_ref().iter().copied().collect();
        if measure.is_empty() {
            report(
                s.measure.span().start,
                format!("{who}: measure names what is measured: [\"rto\"], [\"rpo\"] or both"),
            );
        }
        let topo_node = context
            .topology
            .and_then(|t| t.find(node).and_then(|v| t.node(v)));
        if unknown_node(node) {
            report(
                s.node.span().start,
                format!("{who}: the topology has no node `{node}`"),
            );
        }
        if let Some(reason) = &s.override_reason
            && s.rto.is_none()
            && s.rpo.is_none()
        {
            report(
                reason.span().start,
                format!("{who}: override_reason without an `rto` or `rpo` to override"),
            );
        }
        let reason = s
            .override_reason
            .as_ref()
            .map(|r| r.get_ref().trim().to_string())
            .filter(|r| !r.is_empty());
        let mut resolve = |objective: Objective,
                           given: &Option<Spanned<String>>,
                           from_topology: Option<u64>|
         -> Option<Target> {
            let word = match objective {
                Objective::Rto => "rto",
                Objective::Rpo => "rpo",
            };
            let given_seconds = match given {
                None => None,
                Some(g) => match parse_duration(g.get_ref()) {
                    Ok(v) => Some((v, g.span().start)),
                    Err(e) => {
                        report(g.span().start, format!("{who} {word}: {e}"));
                        return None;
                    }
                },
            };
            if let Some((_, offset)) = given_seconds
                && !measure.contains(&objective)
            {
                report(
                    offset,
                    format!("{who}: {word} is given but not measured; add \"{word}\" to measure"),
                );
            }
            if !measure.contains(&objective) {
                return None;
            }
            match (given_seconds, from_topology, &reason) {
                (Some((v, _)), _, Some(r)) => Some(Target {
                    seconds: v,
                    source: TargetSource::Override { reason: r.clone() },
                }),
                (Some((v, _)), Some(t), None) if v == t => Some(Target {
                    seconds: t,
                    source: TargetSource::Topology,
                }),
                (Some((v, offset)), Some(t), None) => {
                    report(
                        offset,
                        format!(
                            "{who}: {word} {} contradicts the topology's {}; leave it out (the target comes from the topology) or state why with override_reason",
                            vakt_stdx::format_duration(v),
                            vakt_stdx::format_duration(t)
                        ),
                    );
                    None
                }
                (Some((_, offset)), None, None) => {
                    report(
                        offset,
                        format!(
                            "{who}: the topology gives no {word} for `{node}`; give the node one in topology.toml, or state why this drill sets one with override_reason"
                        ),
                    );
                    None
                }
                (None, Some(t), _) => Some(Target {
                    seconds: t,
                    source: TargetSource::Topology,
                }),
                (None, None, _) => {
                    if context.topology.is_some() && topo_node.is_some() {
                        report(
                            s.measure.span().start,
                            format!(
                                "{who}: {word} is measured but the topology gives `{node}` no {word}; add it to the node, or give `{word}` with override_reason"
                            ),
                        );
                    }
                    None
                }
            }
        };
        let rto = resolve(Objective::Rto, &s.rto, topo_node.and_then(|n| n.rto));
        let rpo = resolve(Objective::Rpo, &s.rpo, topo_node.and_then(|n| n.rpo));
        let store = match &s.store {
            Some(st) => {
                if let Some(stores) = context.stores
                    && !stores.contains(st.get_ref())
                {
                    report(
                        st.span().start,
                        format!(
                            "{who}: no retention store `{}`; stores: {}",
                            st.get_ref(),
                            stores.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
                if !measure.contains(&Objective::Rpo) {
                    report(
                        st.span().start,
                        format!(
                            "{who}: store names where the RPO's restore point comes from, but the RPO is not measured"
                        ),
                    );
                }
                st.get_ref().clone()
            }
            None => {
                if measure.contains(&Objective::Rpo)
                    && let Some(stores) = context.stores
                    && !stores.contains(node)
                {
                    report(
                        s.node.span().start,
                        format!(
                            "{who}: the RPO is measured on a restore point, and `{node}` is no retention store; say which with store = \"…\" ({})",
                            stores.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    );
                }
                node.clone()
            }
        };
        services.push(MeasuredService {
            node: node.clone(),
            name: node_name(node).unwrap_or_else(|| node.clone()),
            measure,
            store,
            rto,
            rpo,
        });
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    Ok(Scenario {
        id: id.clone(),
        version: parsed.version,
        title,
        summary,
        exercise: parsed.exercise,
        cycle_seconds,
        playbooks: parsed
            .playbooks
            .iter()
            .map(|p| p.get_ref().clone())
            .collect(),
        controller: parsed.controller.get_ref().clone(),
        objectives,
        success_criteria,
        participants,
        injections: planned,
        services,
    })
}
