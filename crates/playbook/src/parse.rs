//! Building a [`Playbook`] or a [`Workspace`] from TOML text, reporting every problem.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::flow::{FlowFlaw, flaws};
use crate::model::*;
use crate::read::{At, Reader};
use crate::{Duration, Problem};

/// What a playbook is checked against: the workspace's roles and languages.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The role ids steps may name; `None` skips the role check.
    pub roles: Option<BTreeSet<String>>,
    /// The languages every text must carry (English always).
    pub languages: Vec<String>,
}

impl Context {
    /// The context a workspace file gives.
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            roles: Some(workspace.roles.iter().map(|r| r.id.clone()).collect()),
            languages: workspace.organisation.languages.clone(),
        }
    }
}

fn languages(list: &[String]) -> Vec<String> {
    let mut out = vec!["en".to_string()];
    for l in list {
        if !out.contains(l) {
            out.push(l.clone());
        }
    }
    out
}

/// Parses the text, reporting TOML syntax errors; `None` when the text is not TOML.
fn syntax<'i>(r: &mut Reader<'_>, src: &'i str) -> Option<(DeTable<'i>, Range<usize>)> {
    let (root, errors) = DeTable::parse_recoverable(src);
    if errors.is_empty() {
        let span = root.span();
        Some((root.into_inner(), span))
    } else {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            r.problem(&span, format!("TOML syntax: {}", e.message().trim()));
        }
        None
    }
}

/// Reports the second and later uses of an id.
fn duplicates(r: &mut Reader<'_>, ids: &[At<String>], what: &str) {
    let mut first: BTreeMap<&str, &Range<usize>> = BTreeMap::new();
    let mut found = Vec::new();
    for id in ids {
        if let Some(prev) = first.get(id.value.as_str()) {
            found.push((id.span.clone(), id.value.clone(), (*prev).clone()));
        } else {
            first.insert(&id.value, &id.span);
        }
    }
    for (span, id, prev) in found {
        let (line, column) = r.position(prev.start);
        r.problem(
            &span,
            format!("duplicate {what}: `{id}` is already used at line {line}, column {column}"),
        );
    }
}

/// Parses and checks one playbook.
pub fn parse_playbook(file: &str, src: &str, cx: &Context) -> Result<Playbook, Vec<Problem>> {
    let mut r = Reader::new(file, src);
    r.languages = languages(&cx.languages);
    let Some((root, at)) = syntax(&mut r, src) else {
        return Err(r.finish());
    };
    let playbook = read_playbook(&mut r, &root, &at, cx);
    let problems = r.finish();
    if problems.is_empty() {
        Ok(playbook)
    } else {
        Err(problems)
    }
}

struct Refs {
    step_ids: Vec<At<String>>,
    nexts: Vec<(At<String>, String)>,
    moments: Vec<At<String>>,
    moment_refs: Vec<(At<String>, String)>,
    roles: Vec<(At<String>, String)>,
    /// A step id or a `next` could not be read, so the flow cannot be judged.
    flow_broken: bool,
}

fn read_playbook(
    r: &mut Reader<'_>,
    root: &DeTable<'_>,
    at: &Range<usize>,
    cx: &Context,
) -> Playbook {
    const TOP: &[&str] = &[
        "format",
        "kind",
        "id",
        "version",
        "category",
        "title",
        "summary",
        "sign_off_role",
        "moments",
        "clocks",
        "steps",
    ];
    r.known(root, TOP, "the playbook");
    r.header(root, at, "playbook");
    let what = "the playbook";
    let id = r
        .required(
            root,
            at,
            "id",
            what,
            "an id such as `dr-datacenter-failover`",
        )
        .and_then(|v| r.id(v, "id"));
    let version = r
        .required(
            root,
            at,
            "version",
            what,
            "a version string such as \"2026.1\"",
        )
        .and_then(|v| r.string(v, "version"));
    let category = r
        .required(root, at, "category", what, "`incident` or `dr`")
        .and_then(|v| r.string(v, "category"))
        .and_then(|s| match s.value.as_str() {
            "incident" => Some(Category::Incident),
            "dr" => Some(Category::Dr),
            other => {
                r.problem(
                    &s.span,
                    format!("category `{other}`: expected `incident` or `dr`"),
                );
                None
            }
        });
    let title = r
        .required(
            root,
            at,
            "title",
            what,
            "a text such as { en = \"…\", nl = \"…\" }",
        )
        .and_then(|v| r.text(v, "title"));
    let summary = r
        .required(
            root,
            at,
            "summary",
            what,
            "a text such as { en = \"…\", nl = \"…\" }",
        )
        .and_then(|v| r.text(v, "summary"));
    let mut refs = Refs {
        step_ids: Vec::new(),
        nexts: Vec::new(),
        moments: Vec::new(),
        moment_refs: Vec::new(),
        roles: Vec::new(),
        flow_broken: false,
    };
    let sign_off_role = root
        .get("sign_off_role")
        .and_then(|v| r.id(v, "sign_off_role"));
    if let Some(s) = &sign_off_role {
        refs.roles.push((s.clone(), "sign_off_role".to_string()));
    }

    let mut moments = Vec::new();
    for (t, span) in root
        .get("moments")
        .map(|v| r.tables(v, "moments"))
        .unwrap_or_default()
    {
        r.known(t, &["id", "title"], "a moment");
        let id = r
            .required(t, &span, "id", "a moment", "an id such as `awareness`")
            .and_then(|v| r.id(v, "moment id"));
        let title = r
            .required(t, &span, "title", "a moment", "a text")
            .and_then(|v| r.text(v, "moment title"));
        if let Some(id) = &id {
            refs.moments.push(id.clone());
        }
        moments.push(Moment {
            id: id.map(|a| a.value).unwrap_or_default(),
            title: title.unwrap_or_default(),
        });
    }

    let mut clocks = Vec::new();
    let mut clock_ids = Vec::new();
    for (t, span) in root
        .get("clocks")
        .map(|v| r.tables(v, "clocks"))
        .unwrap_or_default()
    {
        clocks.push(read_clock(r, t, &span, &mut refs, &mut clock_ids));
    }

    let mut steps = Vec::new();
    if let Some(v) = r.required(root, at, "steps", what, "at least one [[steps]] table") {
        let tables = r.tables(v, "steps");
        if tables.is_empty() && r.array(v, "steps").is_some_and(|a| a.is_empty()) {
            r.problem(&v.span(), "steps: a playbook needs at least one step");
        }
        for (t, span) in tables {
            steps.push(read_step(r, t, &span, &mut refs));
        }
    }

    let playbook = Playbook {
        format: FORMAT,
        kind: PlaybookKind::Playbook,
        id: id.map(|a| a.value).unwrap_or_default(),
        version: version.map(|a| a.value).unwrap_or_default(),
        category: category.unwrap_or(Category::Dr),
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        sign_off_role: sign_off_role.map(|a| a.value),
        moments,
        clocks,
        steps,
    };
    check_refs(r, &playbook, &refs, &clock_ids, cx);
    playbook
}

fn read_clock(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: &Range<usize>,
    refs: &mut Refs,
    ids: &mut Vec<At<String>>,
) -> ClockDefinition {
    let what = "a clock";
    r.known(
        t,
        &["id", "title", "from", "after", "before", "stops_when"],
        what,
    );
    let id = r
        .required(t, span, "id", what, "an id such as `gdpr-72h`")
        .and_then(|v| r.id(v, "clock id"));
    if let Some(id) = &id {
        ids.push(id.clone());
    }
    let title = r
        .required(t, span, "title", what, "a text")
        .and_then(|v| r.text(v, "clock title"));
    let from = r
        .required(
            t,
            span,
            "from",
            what,
            "the id of a moment such as `awareness`",
        )
        .and_then(|v| r.id(v, "clock from"));
    if let Some(f) = &from {
        refs.moment_refs.push((f.clone(), "clock from".to_string()));
    }
    let after = t.get("after").and_then(|v| r.duration(v, "clock after"));
    let before = t.get("before").and_then(|v| r.duration(v, "clock before"));
    match (t.get("after"), t.get("before")) {
        (Some(_), Some(b)) => r.problem(&b.span(), "a clock gives `after` or `before`, not both"),
        (None, None) => r.problem(
            span,
            "missing field `after` or `before` in a clock; expected a duration such as `72h`",
        ),
        _ => {}
    }
    let stops_when = t
        .get("stops_when")
        .and_then(|v| r.id(v, "clock stops_when"));
    if let Some(s) = &stops_when {
        refs.moment_refs
            .push((s.clone(), "clock stops_when".to_string()));
    }
    ClockDefinition {
        id: id.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
        from: from.map(|a| a.value).unwrap_or_default(),
        after,
        before,
        stops_when: stops_when.map(|a| a.value),
    }
}

fn read_step(r: &mut Reader<'_>, t: &DeTable<'_>, span: &Range<usize>, refs: &mut Refs) -> Step {
    const FIELDS: &[&str] = &[
        "id",
        "title",
        "instructions",
        "role",
        "duration",
        "checklist",
        "evidence",
        "nodes",
        "marks",
        "next",
        "decision",
    ];
    let id = r
        .required(t, span, "id", "a step", "an id such as `contain-threat`")
        .and_then(|v| r.id(v, "step id"));
    let what = match &id {
        Some(id) => format!("step `{}`", id.value),
        None => "a step".to_string(),
    };
    r.known(t, FIELDS, &what);
    if let Some(id) = &id {
        if id.value == END {
            r.problem(
                &id.span,
                "step id `end` is reserved: `next = \"end\"` finishes the playbook",
            );
            refs.flow_broken = true;
        }
        refs.step_ids.push(id.clone());
    }
    let title = r
        .required(t, span, "title", &what, "a text")
        .and_then(|v| r.text(v, &format!("{what} title")));
    let instructions = r
        .required(t, span, "instructions", &what, "a text")
        .and_then(|v| r.text(v, &format!("{what} instructions")));
    let role = r
        .required(
            t,
            span,
            "role",
            &what,
            "a role id of the workspace such as `incident-manager`",
        )
        .and_then(|v| r.id(v, &format!("{what} role")));
    if let Some(role) = &role {
        refs.roles.push((role.clone(), format!("{what} role")));
    }
    let duration = r
        .required(t, span, "duration", &what, "a duration such as `30m`")
        .and_then(|v| r.duration(v, &format!("{what} duration")));
    let checklist = t
        .get("checklist")
        .map(|v| {
            let items = r.array(v, &format!("{what} checklist")).unwrap_or_default();
            items
                .iter()
                .filter_map(|item| r.text(item, &format!("{what} checklist item")))
                .collect()
        })
        .unwrap_or_default();
    let mut evidence = Vec::new();
    let mut evidence_ids = Vec::new();
    for (e, espan) in t
        .get("evidence")
        .map(|v| r.tables(v, &format!("{what} evidence")))
        .unwrap_or_default()
    {
        r.known(e, &["id", "title"], &format!("evidence of {what}"));
        let eid = r
            .required(e, &espan, "id", "evidence", "an id")
            .and_then(|v| r.id(v, "evidence id"));
        let etitle = r
            .required(e, &espan, "title", "evidence", "a text")
            .and_then(|v| r.text(v, "evidence title"));
        if let Some(eid) = &eid {
            evidence_ids.push(eid.clone());
        }
        evidence.push(EvidenceRequest {
            id: eid.map(|a| a.value).unwrap_or_default(),
            title: etitle.unwrap_or_default(),
        });
    }
    duplicates(r, &evidence_ids, &format!("evidence id in {what}"));
    let nodes = t
        .get("nodes")
        .map(|v| r.strings(v, &format!("{what} nodes"), true))
        .unwrap_or_default();
    let marks = t
        .get("marks")
        .map(|v| r.strings(v, &format!("{what} marks"), true))
        .unwrap_or_default();
    for m in &marks {
        refs.moment_refs.push((m.clone(), format!("{what} marks")));
    }
    let next = t.get("next").and_then(|v| r.id(v, &format!("{what} next")));
    refs.flow_broken |= id.is_none() || (t.get("next").is_some() && next.is_none());
    if let Some(n) = &next {
        refs.nexts.push((n.clone(), format!("{what} next")));
    }
    let decision = t
        .get("decision")
        .and_then(|v| read_decision(r, v, &what, refs));
    refs.flow_broken |= t.get("decision").is_some() && decision.is_none();
    if let (Some(n), Some(_)) = (&next, &decision) {
        r.problem(
            &n.span,
            format!("{what} is a decision: its options say where to go; remove `next`"),
        );
    }
    Step {
        id: id.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
        instructions: instructions.unwrap_or_default(),
        role: role.map(|a| a.value).unwrap_or_default(),
        duration: duration.unwrap_or(Duration::from_seconds(0)),
        checklist,
        evidence,
        nodes: nodes.into_iter().map(|a| a.value).collect(),
        marks: marks.into_iter().map(|a| a.value).collect(),
        next: next.map(|a| a.value),
        decision,
    }
}

fn read_decision(
    r: &mut Reader<'_>,
    v: &crate::read::Value<'_>,
    step: &str,
    refs: &mut Refs,
) -> Option<Decision> {
    let what = format!("the decision of {step}");
    let t = r.table(v, &what)?;
    let span = v.span();
    r.known(t, &["question", "options"], &what);
    let question = r
        .required(t, &span, "question", &what, "a text")
        .and_then(|v| r.text(v, "question"));
    let mut options = Vec::new();
    let mut ids = Vec::new();
    if let Some(ov) = r.required(
        t,
        &span,
        "options",
        &what,
        "at least two [[...options]] tables",
    ) {
        let tables = r.tables(ov, &format!("options of {what}"));
        if tables.len() < 2 && matches!(ov.get_ref(), DeValue::Array(_)) {
            r.problem(
                &ov.span(),
                format!(
                    "{what} has {} option(s); a decision needs at least two",
                    tables.len()
                ),
            );
        }
        for (o, ospan) in tables {
            let oid = r
                .required(o, &ospan, "id", "a decision option", "an id")
                .and_then(|v| r.id(v, "option id"));
            let owhat = match &oid {
                Some(i) => format!("option `{}` of {step}", i.value),
                None => format!("an option of {step}"),
            };
            r.known(o, &["id", "title", "criteria", "next"], &owhat);
            if let Some(i) = &oid {
                ids.push(i.clone());
            }
            let title = r
                .required(o, &ospan, "title", &owhat, "a text")
                .and_then(|v| r.text(v, &format!("{owhat} title")));
            let criteria = o
                .get("criteria")
                .and_then(|v| r.text(v, &format!("{owhat} criteria")));
            let next = r
                .required(
                    o,
                    &ospan,
                    "next",
                    &owhat,
                    "the id of the step it leads to, or `end`",
                )
                .and_then(|v| r.id(v, &format!("{owhat} next")));
            refs.flow_broken |= next.is_none();
            if let Some(n) = &next {
                refs.nexts.push((n.clone(), format!("{owhat} next")));
            }
            options.push(DecisionOption {
                id: oid.map(|a| a.value).unwrap_or_default(),
                title: title.unwrap_or_default(),
                criteria,
                next: next.map(|a| a.value).unwrap_or_default(),
            });
        }
    }
    duplicates(r, &ids, &format!("option id in {what}"));
    Some(Decision {
        question: question.unwrap_or_default(),
        options,
    })
}

fn check_refs(
    r: &mut Reader<'_>,
    p: &Playbook,
    refs: &Refs,
    clock_ids: &[At<String>],
    cx: &Context,
) {
    let before = r.problems.len();
    duplicates(r, &refs.step_ids, "step id");
    duplicates(r, &refs.moments, "moment id");
    duplicates(r, clock_ids, "clock id");
    let steps: BTreeSet<&str> = refs.step_ids.iter().map(|a| a.value.as_str()).collect();
    for (n, what) in &refs.nexts {
        if n.value != END && !steps.contains(n.value.as_str()) {
            r.problem(
                &n.span,
                format!(
                    "{what}: no step has the id `{}`; expected a step id of this playbook or `end`",
                    n.value
                ),
            );
        }
    }
    let moments: BTreeSet<&str> = refs.moments.iter().map(|a| a.value.as_str()).collect();
    for (m, what) in &refs.moment_refs {
        if !moments.contains(m.value.as_str()) {
            let known: Vec<&str> = moments.iter().copied().collect();
            r.problem(
                &m.span,
                format!(
                    "{what}: no moment has the id `{}`; declared moments: {}",
                    m.value,
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            );
        }
    }
    if let Some(roles) = &cx.roles {
        for (role, what) in &refs.roles {
            if !roles.contains(&role.value) {
                let known: Vec<&str> = roles.iter().map(String::as_str).collect();
                r.problem(
                    &role.span,
                    format!(
                        "{what}: unknown role `{}`; the workspace defines: {}",
                        role.value,
                        known.join(", ")
                    ),
                );
            }
        }
    }
    // The flow is only judged when every step is there and every reference resolves, so one
    // typo does not also show up as a string of unreachable steps.
    if r.problems.len() != before || refs.flow_broken {
        return;
    }
    let span_of = |i: usize| refs.step_ids.get(i).map(|a| a.span.clone()).unwrap_or(0..0);
    if refs.step_ids.len() != p.steps.len() {
        return;
    }
    for flaw in flaws(p) {
        match flaw {
            FlowFlaw::Unreachable(i) => r.problem(
                &span_of(i),
                format!(
                    "step `{}` can never be reached: no path from the first step `{}` leads to it",
                    p.steps[i].id, p.steps[0].id
                ),
            ),
            FlowFlaw::Trap(cycle) => {
                let names: Vec<&str> = cycle.iter().map(|&i| p.steps[i].id.as_str()).collect();
                r.problem(
                    &span_of(cycle[0]),
                    format!(
                        "loop with no way out: {} never leads to `end`",
                        names.join(" → ")
                    ),
                );
            }
        }
    }
}

/// Parses and checks the workspace file.
pub fn parse_workspace(file: &str, src: &str) -> Result<Workspace, Vec<Problem>> {
    let mut r = Reader::new(file, src);
    let Some((root, at)) = syntax(&mut r, src) else {
        return Err(r.finish());
    };
    r.known(
        &root,
        &["format", "kind", "organisation", "roles", "contacts"],
        "the workspace file",
    );
    r.header(&root, &at, "workspace");
    let mut org = None;
    if let Some(v) = r.required(
        &root,
        &at,
        "organisation",
        "the workspace file",
        "an [organisation] table",
    ) && let Some(t) = r.table(v, "organisation")
    {
        org = Some(read_organisation(&mut r, t, &v.span()));
    }
    let mut roles = Vec::new();
    let mut role_ids = Vec::new();
    if let Some(v) = r.required(
        &root,
        &at,
        "roles",
        "the workspace file",
        "[[roles]] tables",
    ) {
        for (t, span) in r.tables(v, "roles") {
            r.known(t, &["id", "title", "description"], "a role");
            let id = r
                .required(t, &span, "id", "a role", "an id")
                .and_then(|v| r.id(v, "role id"));
            let title = r
                .required(t, &span, "title", "a role", "a text")
                .and_then(|v| r.text(v, "role title"));
            let description = r
                .required(t, &span, "description", "a role", "a text")
                .and_then(|v| r.text(v, "role description"));
            if let Some(id) = &id {
                role_ids.push(id.clone());
            }
            roles.push(Role {
                id: id.map(|a| a.value).unwrap_or_default(),
                title: title.unwrap_or_default(),
                description: description.unwrap_or_default(),
            });
        }
    }
    duplicates(&mut r, &role_ids, "role id");
    let known: BTreeSet<String> = role_ids.iter().map(|a| a.value.clone()).collect();
    let mut contacts = Vec::new();
    let mut contact_ids = Vec::new();
    for (t, span) in root
        .get("contacts")
        .map(|v| r.tables(v, "contacts"))
        .unwrap_or_default()
    {
        let what = "a contact";
        r.known(
            t,
            &[
                "id",
                "name",
                "organisation",
                "roles",
                "phone",
                "email",
                "escalation",
            ],
            what,
        );
        let id = r
            .required(t, &span, "id", what, "an id")
            .and_then(|v| r.id(v, "contact id"));
        let name = r
            .required(t, &span, "name", what, "a name")
            .and_then(|v| r.string(v, "contact name"));
        let organisation = r
            .required(t, &span, "organisation", what, "an organisation")
            .and_then(|v| r.string(v, "contact organisation"));
        let croles = t
            .get("roles")
            .map(|v| r.strings(v, "contact roles", true))
            .unwrap_or_default();
        for role in &croles {
            if !known.contains(&role.value) {
                r.problem(
                    &role.span,
                    format!("contact roles: unknown role `{}`", role.value),
                );
            }
        }
        let phone = t.get("phone").and_then(|v| r.string(v, "contact phone"));
        let email = t.get("email").and_then(|v| r.string(v, "contact email"));
        let escalation = t
            .get("escalation")
            .and_then(|v| r.text(v, "contact escalation"));
        if let Some(id) = &id {
            contact_ids.push(id.clone());
        }
        contacts.push(Contact {
            id: id.map(|a| a.value).unwrap_or_default(),
            name: name.map(|a| a.value).unwrap_or_default(),
            organisation: organisation.map(|a| a.value).unwrap_or_default(),
            roles: croles.into_iter().map(|a| a.value).collect(),
            phone: phone.map(|a| a.value),
            email: email.map(|a| a.value),
            escalation,
        });
    }
    duplicates(&mut r, &contact_ids, "contact id");
    let problems = r.finish();
    match org {
        Some(organisation) if problems.is_empty() => Ok(Workspace {
            format: FORMAT,
            kind: WorkspaceKind::Workspace,
            organisation,
            roles,
            contacts,
        }),
        _ => Err(problems),
    }
}

fn read_organisation(r: &mut Reader<'_>, t: &DeTable<'_>, span: &Range<usize>) -> Organisation {
    let what = "organisation";
    r.known(
        t,
        &[
            "name",
            "country",
            "data_residency",
            "certifications",
            "languages",
            "description",
        ],
        what,
    );
    let name = r
        .required(t, span, "name", what, "a name")
        .and_then(|v| r.string(v, "name"));
    let country = r
        .required(t, span, "country", what, "a country code such as `NO`")
        .and_then(|v| r.string(v, "country"));
    let residency = r
        .required(t, span, "data_residency", what, "such as `EU/EEA`")
        .and_then(|v| r.string(v, "data_residency"));
    let certifications = t
        .get("certifications")
        .map(|v| r.strings(v, "certifications", false))
        .unwrap_or_default();
    let langs = r
        .required(
            t,
            span,
            "languages",
            what,
            "language codes such as [\"en\", \"nl\"]",
        )
        .map(|v| r.strings(v, "languages", false))
        .unwrap_or_default();
    for l in &langs {
        if !crate::text::is_language_code(&l.value) {
            r.problem(
                &l.span,
                format!("languages: `{}` is not a language code", l.value),
            );
        }
    }
    let languages: Vec<String> = langs.into_iter().map(|a| a.value).collect();
    r.languages = self::languages(&languages);
    let description = r
        .required(t, span, "description", what, "a text")
        .and_then(|v| r.text(v, "description"));
    Organisation {
        name: name.map(|a| a.value).unwrap_or_default(),
        country: country.map(|a| a.value).unwrap_or_default(),
        data_residency: residency.map(|a| a.value).unwrap_or_default(),
        certifications: certifications.into_iter().map(|a| a.value).collect(),
        languages,
        description: description.unwrap_or_default(),
    }
}
