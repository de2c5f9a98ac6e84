//! Building a [`Playbook`] or a [`Workspace`] from TOML text, reporting every problem.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

use toml::de::{DeTable, DeValue};

use crate::flow::{Flow, Unreachable};
use crate::model::*;
use crate::read::{At, Of, Reader};
use crate::segment::{SECTIONS, Segment, segments};
use crate::{Duration, Problem, Text};

/// What a playbook is checked against: the workspace's roles and languages.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The role ids steps may name; `None` skips the role check.
    pub roles: Option<BTreeSet<String>>,
    /// The languages every text must carry (English always).
    pub languages: Vec<String>,
    /// The contact ids notifications may name as recipient; `None` skips the check.
    pub contacts: Option<BTreeSet<String>>,
    /// The file names under the workspace's `templates/` folder (`authority.en.md`, …) that a
    /// notification's `template` must find in every language; `None` skips the check.
    pub templates: Option<BTreeSet<String>>,
}

impl Context {
    /// The context a workspace file gives.
    pub fn of(workspace: &Workspace) -> Self {
        Self {
            roles: Some(workspace.roles.iter().map(|r| r.id.clone()).collect()),
            languages: workspace.organisation.languages.clone(),
            contacts: Some(workspace.contacts.iter().map(|c| c.id.clone()).collect()),
            templates: None,
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
    let mut first: HashMap<&str, &Range<usize>> = HashMap::with_capacity(ids.len());
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
        r.problem_at(
            &span,
            format!("duplicate {what}: `{id}` is already used at line {line}, column {column}"),
        );
    }
}

/// Parses and checks one playbook.
pub fn parse_playbook(file: &str, src: &str, cx: &Context) -> Result<Playbook, Vec<Problem>> {
    parse_claiming(file, src, cx).0
}

/// The id a playbook file claims, valid or not, with where it stands (line, column).
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub(crate) id: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Parses and checks one playbook, and says which id it claims even when it is broken.
pub(crate) fn parse_claiming(
    file: &str,
    src: &str,
    cx: &Context,
) -> (Result<Playbook, Vec<Problem>>, Option<Claim>) {
    let mut r = Reader::new(file, src);
    r.languages = languages(&cx.languages);
    // One table at a time when the file's shape allows, else the whole file at once.
    let segments = segments(src).filter(|s| !s.is_empty());
    let head = segments.as_ref().map_or(src, |s| &src[..s[0].start]);
    let Some((root, at)) = syntax(&mut r, head) else {
        return (Err(r.finish()), None);
    };
    let body = match segments {
        Some(segments) if !SECTIONS.iter().any(|s| root.get(*s).is_some()) => {
            Body::Segments(src, segments)
        }
        Some(_) => {
            // The head also holds a section (`steps = [...]`): leave it to toml.
            r.problems.clear();
            let Some((root, at)) = syntax(&mut r, src) else {
                return (Err(r.finish()), None);
            };
            return finish(r, file, &root, &at, cx, &Body::Whole);
        }
        None => Body::Whole,
    };
    finish(r, file, &root, &at, cx, &body)
}

fn finish(
    mut r: Reader<'_>,
    file: &str,
    root: &DeTable<'_>,
    at: &Range<usize>,
    cx: &Context,
    body: &Body<'_>,
) -> (Result<Playbook, Vec<Problem>>, Option<Claim>) {
    let claim = root.get("id").and_then(|v| match v.get_ref() {
        DeValue::String(id) => {
            let (line, column) = r.position(v.span().start);
            Some(Claim {
                id: id.to_string(),
                line,
                column,
            })
        }
        _ => None,
    });
    (parse_root(&mut r, file, root, at, cx, body), claim)
}

/// Where the `[[…]]` tables of a playbook are read from.
enum Body<'s> {
    /// The whole file's parse tree.
    Whole,
    /// The file's segments, each parsed on its own.
    Segments(&'s str, Vec<Segment>),
}

/// Reads every `[[name]]` table with `each`, in file order; the reader's base is set to where
/// the table's segment starts. Returns whether any table (or an empty array) was there.
fn each_table(
    r: &mut Reader<'_>,
    root: &DeTable<'_>,
    body: &Body<'_>,
    name: &str,
    mut each: impl FnMut(&mut Reader<'_>, &DeTable<'_>, &Range<usize>),
) -> bool {
    match body {
        Body::Whole => {
            let Some(v) = root.get(name) else {
                return false;
            };
            for (t, span) in r.tables(v, name) {
                each(r, t, &span);
            }
            true
        }
        Body::Segments(src, segments) => {
            let mut any = false;
            for segment in segments.iter().filter(|s| s.name == name) {
                any = true;
                r.base = segment.start;
                let (tree, errors) = DeTable::parse_recoverable(&src[segment.start..segment.end]);
                if errors.is_empty() {
                    if let Some(v) = tree.get_ref().get(name) {
                        for (t, span) in r.tables(v, name) {
                            each(r, t, &span);
                        }
                    }
                } else {
                    for e in errors {
                        let span = e.span().unwrap_or(0..0);
                        r.problem(&span, format!("TOML syntax: {}", e.message().trim()));
                        r.syntax_broken = true;
                    }
                }
                r.base = 0;
            }
            any
        }
    }
}

fn parse_root(
    r: &mut Reader<'_>,
    file: &str,
    root: &DeTable<'_>,
    at: &Range<usize>,
    cx: &Context,
    body: &Body<'_>,
) -> Result<Playbook, Vec<Problem>> {
    if let Some(v) = root.get("format")
        && let DeValue::Integer(i) = v.get_ref()
        && i.as_str() == "1"
    {
        r.problem(
            &v.span(),
            format!(
                "format 1: run `vakt playbook upgrade {file}` to convert it; this Vakt reads format {FORMAT}"
            ),
        );
        return Err(std::mem::take(&mut r.problems));
    }
    let playbook = read_playbook(r, root, at, cx, body);
    if r.syntax_broken {
        // As with a whole-file parse, a syntax error hides the rest: what follows from it
        // (a step not read, so "no step has the id") would only mislead.
        r.problems
            .retain(|p| p.message.starts_with("TOML syntax: "));
    }
    if r.problems.is_empty() {
        Ok(playbook)
    } else {
        r.problems.sort();
        r.problems.dedup();
        Err(std::mem::take(&mut r.problems))
    }
}

/// What a reference is ("step `contain` after"), written out only when it names nothing.
#[derive(Clone)]
struct Label {
    owner: Option<Rc<str>>,
    field: &'static str,
}

impl Label {
    fn of(owner: &Rc<str>, field: &'static str) -> Self {
        Self {
            owner: Some(owner.clone()),
            field,
        }
    }

    fn bare(field: &'static str) -> Self {
        Self { owner: None, field }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.owner {
            Some(owner) => write!(f, "{owner} {}", self.field),
            None => f.write_str(self.field),
        }
    }
}

/// A reference to check once everything is read: what it names and what it is.
type Ref = (At<String>, Label);

#[derive(Default)]
struct Refs {
    /// Per step in file order, its id (`None` when unreadable).
    step_ids: Vec<Option<At<String>>>,
    /// Per step in file order, its `after` entries.
    after: Vec<Vec<At<String>>>,
    moments: Vec<At<String>>,
    tracks: Vec<At<String>>,
    clocks: Vec<At<String>>,
    notifications: Vec<At<String>>,
    step_refs: Vec<Ref>,
    moment_refs: Vec<Ref>,
    track_refs: Vec<Ref>,
    clock_refs: Vec<Ref>,
    /// `not_applicable` entries: a step or a clock.
    ruled_out: Vec<Ref>,
    roles: Vec<Ref>,
    recipients: Vec<Ref>,
    templates: Vec<Ref>,
    /// A step id or a reference could not be read, so the flow cannot be judged.
    flow_broken: bool,
}

const TEXT: &str = "a text such as { en = \"…\", nl = \"…\" }";

fn read_playbook(
    r: &mut Reader<'_>,
    root: &DeTable<'_>,
    at: &Range<usize>,
    cx: &Context,
    body: &Body<'_>,
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
        "sign_off_roles",
        "tracks",
        "moments",
        "clocks",
        "steps",
        "notifications",
    ];
    r.known(root, TOP, "the playbook");
    r.header(root, at, "playbook", FORMAT);
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
                r.problem_at(
                    &s.span,
                    format!("category `{other}`: expected `incident` or `dr`"),
                );
                None
            }
        });
    let title = r
        .required(root, at, "title", what, TEXT)
        .and_then(|v| r.text(v, "title"));
    let summary = r
        .required(root, at, "summary", what, TEXT)
        .and_then(|v| r.text(v, "summary"));
    let mut refs = Refs::default();
    let sign_off_role = root
        .get("sign_off_role")
        .and_then(|v| r.id(v, "sign_off_role"));
    if let Some(s) = &sign_off_role {
        refs.roles.push((s.clone(), Label::bare("sign_off_role")));
    }
    let sign_off_roles = root
        .get("sign_off_roles")
        .map(|v| r.strings(v, Of(what, "sign_off_roles"), true))
        .unwrap_or_default();
    for s in &sign_off_roles {
        refs.roles.push((s.clone(), Label::bare("sign_off_roles")));
    }

    let mut tracks = Vec::new();
    each_table(r, root, body, "tracks", |r, t, span| {
        tracks.push(read_track(r, t, span, &mut refs));
    });
    let mut moments = Vec::new();
    each_table(r, root, body, "moments", |r, t, span| {
        moments.push(read_moment(r, t, span, &mut refs));
    });
    let mut clocks = Vec::new();
    each_table(r, root, body, "clocks", |r, t, span| {
        clocks.push(read_clock(r, t, span, &mut refs));
    });
    let mut steps = Vec::new();
    let any_steps = each_table(r, root, body, "steps", |r, t, span| {
        steps.push(read_step(r, t, span, &mut refs));
    });
    if !any_steps {
        r.required(root, at, "steps", what, "at least one [[steps]] table");
    } else if steps.is_empty()
        && let Some(v) = root.get("steps")
        && matches!(v.get_ref(), DeValue::Array(a) if a.is_empty())
    {
        r.problem(&v.span(), "steps: a playbook needs at least one step");
    }
    let mut notifications = Vec::new();
    each_table(r, root, body, "notifications", |r, t, span| {
        notifications.push(read_notification(r, t, span, &mut refs));
    });

    let playbook = Playbook {
        format: FORMAT,
        kind: PlaybookKind::Playbook,
        id: id.map(|a| a.value).unwrap_or_default(),
        version: version.map(|a| a.value).unwrap_or_default(),
        category: category.unwrap_or(Category::Dr),
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        sign_off_role: sign_off_role.map(|a| a.value),
        sign_off_roles: sign_off_roles.into_iter().map(|a| a.value).collect(),
        tracks,
        moments,
        clocks,
        steps,
        notifications,
    };
    check_refs(r, &playbook, &refs, cx);
    playbook
}

/// The `id` and `title` of a table that has only those two (a track, a moment), each checked.
fn read_id_and_title(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: &Range<usize>,
    what: &str,
    example: &str,
) -> (Option<At<String>>, Option<Text>) {
    r.known(t, &["id", "title"], format!("a {what}"));
    let id = r
        .required(t, span, "id", format!("a {what}"), example)
        .and_then(|v| r.id(v, format!("{what} id")));
    let title = r
        .required(t, span, "title", format!("a {what}"), "a text")
        .and_then(|v| r.text(v, format!("{what} title")));
    (id, title)
}

fn read_track(r: &mut Reader<'_>, t: &DeTable<'_>, span: &Range<usize>, refs: &mut Refs) -> Track {
    let (id, title) = read_id_and_title(r, t, span, "track", "an id such as `contain`");
    if let Some(id) = &id {
        refs.tracks.push(id.clone());
    }
    Track {
        id: id.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
    }
}

fn read_moment(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: &Range<usize>,
    refs: &mut Refs,
) -> Moment {
    let (id, title) = read_id_and_title(r, t, span, "moment", "an id such as `customers-notified`");
    if let Some(id) = &id {
        if BUILT_IN_MOMENTS.contains(&id.value.as_str()) {
            r.problem_at(
                &id.span,
                format!(
                    "moment `{}` is built in; remove this [[moments]] entry (built in: {})",
                    id.value,
                    BUILT_IN_MOMENTS.join(", ")
                ),
            );
        }
        refs.moments.push(id.clone());
    }
    Moment {
        id: id.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
    }
}

fn read_clock(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: &Range<usize>,
    refs: &mut Refs,
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
        refs.clocks.push(id.clone());
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
        refs.moment_refs
            .push((f.clone(), Label::bare("clock from")));
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
            .push((s.clone(), Label::bare("clock stops_when")));
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

/// A list of ids that the flow depends on: unreadable entries break the flow.
fn id_list(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    key: &str,
    what: &str,
    refs: &mut Refs,
) -> Vec<At<String>> {
    let Some(v) = t.get(key) else {
        return Vec::new();
    };
    let count = match v.get_ref() {
        DeValue::Array(a) => a.len(),
        _ => 0,
    };
    let ids = r.strings(v, Of(what, key), true);
    refs.flow_broken |= ids.len() != count || !matches!(v.get_ref(), DeValue::Array(_));
    ids
}

fn read_step(r: &mut Reader<'_>, t: &DeTable<'_>, span: &Range<usize>, refs: &mut Refs) -> Step {
    const FIELDS: &[&str] = &[
        "id",
        "title",
        "instructions",
        "role",
        "duration",
        "track",
        "after",
        "after_any",
        "checklist",
        "evidence",
        "nodes",
        "marks",
        "decision",
    ];
    let id = r
        .required(t, span, "id", "a step", "an id such as `contain-threat`")
        .and_then(|v| r.id(v, "step id"));
    let what: Rc<str> = match &id {
        Some(id) => format!("step `{}`", id.value).into(),
        None => "a step".into(),
    };
    r.known_but(t, FIELDS, &["next"], &what);
    if let Some(n) = t.get("next") {
        r.problem(
            &n.span(),
            format!("{what}: `next` is format 1; write `after = [...]` on the step that follows"),
        );
    }
    refs.flow_broken |= id.is_none();
    refs.step_ids.push(id.clone());
    let title = r
        .required(t, span, "title", &what, "a text")
        .and_then(|v| r.text(v, Of(&what, "title")));
    let instructions = r
        .required(t, span, "instructions", &what, "a text")
        .and_then(|v| r.text(v, Of(&what, "instructions")));
    let role = r
        .required(
            t,
            span,
            "role",
            &what,
            "a role id of the workspace such as `incident-manager`",
        )
        .and_then(|v| r.id(v, Of(&what, "role")));
    if let Some(role) = &role {
        refs.roles.push((role.clone(), Label::of(&what, "role")));
    }
    let duration = r
        .required(t, span, "duration", &what, "a duration such as `30m`")
        .and_then(|v| r.duration(v, Of(&what, "duration")));
    let track = t.get("track").and_then(|v| r.id(v, Of(&what, "track")));
    if let Some(track) = &track {
        refs.track_refs
            .push((track.clone(), Label::of(&what, "track")));
    }
    let after = id_list(r, t, "after", &what, refs);
    let after_any = id_list(r, t, "after_any", &what, refs);
    for a in &after {
        refs.step_refs.push((a.clone(), Label::of(&what, "after")));
    }
    for a in &after_any {
        refs.step_refs
            .push((a.clone(), Label::of(&what, "after_any")));
    }
    refs.after.push(after.clone());
    let checklist = t
        .get("checklist")
        .map(|v| {
            let items = r.array(v, Of(&what, "checklist")).unwrap_or_default();
            items
                .iter()
                .filter_map(|item| r.text(item, Of(&what, "checklist item")))
                .collect()
        })
        .unwrap_or_default();
    let mut evidence = Vec::new();
    let mut evidence_ids = Vec::new();
    for (e, espan) in t
        .get("evidence")
        .map(|v| r.tables(v, Of(&what, "evidence")))
        .unwrap_or_default()
    {
        r.known(
            e,
            &["id", "title", "required"],
            format!("evidence of {what}"),
        );
        let eid = r
            .required(e, &espan, "id", "evidence", "an id")
            .and_then(|v| r.id(v, "evidence id"));
        let etitle = r
            .required(e, &espan, "title", "evidence", "a text")
            .and_then(|v| r.text(v, "evidence title"));
        let required = e
            .get("required")
            .and_then(|v| r.boolean(v, "evidence required"))
            .unwrap_or(false);
        if let Some(eid) = &eid {
            evidence_ids.push(eid.clone());
        }
        evidence.push(EvidenceRequest {
            id: eid.map(|a| a.value).unwrap_or_default(),
            title: etitle.unwrap_or_default(),
            required,
        });
    }
    if evidence_ids.len() > 1 {
        duplicates(r, &evidence_ids, &format!("evidence id in {what}"));
    }
    let nodes = t
        .get("nodes")
        .map(|v| r.strings(v, Of(&what, "nodes"), true))
        .unwrap_or_default();
    let marks = t
        .get("marks")
        .map(|v| r.strings(v, Of(&what, "marks"), true))
        .unwrap_or_default();
    for m in &marks {
        refs.moment_refs
            .push((m.clone(), Label::of(&what, "marks")));
    }
    let decision = t
        .get("decision")
        .and_then(|v| read_decision(r, v, &what, refs));
    refs.flow_broken |= t.get("decision").is_some() && decision.is_none();
    Step {
        id: id.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
        instructions: instructions.unwrap_or_default(),
        role: role.map(|a| a.value).unwrap_or_default(),
        duration: duration.unwrap_or(Duration::from_seconds(0)),
        track: track.map(|a| a.value),
        after: after.into_iter().map(|a| a.value).collect(),
        after_any: after_any.into_iter().map(|a| a.value).collect(),
        checklist,
        evidence,
        nodes: nodes.into_iter().map(|a| a.value).collect(),
        marks: marks.into_iter().map(|a| a.value).collect(),
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
        let tables = r.tables(ov, format!("options of {what}"));
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
            let owhat: Rc<str> = match &oid {
                Some(i) => format!("option `{}` of {step}", i.value).into(),
                None => format!("an option of {step}").into(),
            };
            r.known_but(
                o,
                &["id", "title", "criteria", "opens", "not_applicable"],
                &["next"],
                &owhat,
            );
            if let Some(n) = o.get("next") {
                r.problem(
                    &n.span(),
                    format!("{owhat}: `next` is format 1; write `opens = [...]` with the steps it makes available"),
                );
            }
            if let Some(i) = &oid {
                ids.push(i.clone());
            }
            let title = r
                .required(o, &ospan, "title", &owhat, "a text")
                .and_then(|v| r.text(v, Of(&owhat, "title")));
            let criteria = o
                .get("criteria")
                .and_then(|v| r.text(v, Of(&owhat, "criteria")));
            let opens = id_list(r, o, "opens", &owhat, refs);
            for s in &opens {
                refs.step_refs.push((s.clone(), Label::of(&owhat, "opens")));
            }
            let not_applicable = id_list(r, o, "not_applicable", &owhat, refs);
            for s in &not_applicable {
                refs.ruled_out
                    .push((s.clone(), Label::of(&owhat, "not_applicable")));
            }
            options.push(DecisionOption {
                id: oid.map(|a| a.value).unwrap_or_default(),
                title: title.unwrap_or_default(),
                criteria,
                opens: opens.into_iter().map(|a| a.value).collect(),
                not_applicable: not_applicable.into_iter().map(|a| a.value).collect(),
            });
        }
    }
    duplicates(r, &ids, &format!("option id in {what}"));
    Some(Decision {
        question: question.unwrap_or_default(),
        options,
    })
}

fn read_notification(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    span: &Range<usize>,
    refs: &mut Refs,
) -> Notification {
    let id = r
        .required(t, span, "id", "a notification", "an id such as `authority`")
        .and_then(|v| r.id(v, "notification id"));
    let what: Rc<str> = match &id {
        Some(id) => format!("notification `{}`", id.value).into(),
        None => "a notification".into(),
    };
    r.known(
        t,
        &[
            "id",
            "recipient",
            "title",
            "clock",
            "marks",
            "template",
            "step",
        ],
        &what,
    );
    if let Some(id) = &id {
        refs.notifications.push(id.clone());
    }
    let recipient = r
        .required(
            t,
            span,
            "recipient",
            &what,
            "a workspace contact id, `each-affected-customer` or `data-subjects`",
        )
        .and_then(|v| r.id(v, Of(&what, "recipient")));
    if let Some(rc) = &recipient {
        refs.recipients
            .push((rc.clone(), Label::of(&what, "recipient")));
    }
    let title = r
        .required(t, span, "title", &what, "a text")
        .and_then(|v| r.text(v, Of(&what, "title")));
    let clock = t.get("clock").and_then(|v| r.id(v, Of(&what, "clock")));
    if let Some(c) = &clock {
        refs.clock_refs.push((c.clone(), Label::of(&what, "clock")));
    }
    let marks = t
        .get("marks")
        .map(|v| r.strings(v, Of(&what, "marks"), true))
        .unwrap_or_default();
    for m in &marks {
        refs.moment_refs
            .push((m.clone(), Label::of(&what, "marks")));
    }
    let template = t
        .get("template")
        .and_then(|v| r.id(v, Of(&what, "template")));
    if let Some(tp) = &template {
        refs.templates
            .push((tp.clone(), Label::of(&what, "template")));
    }
    let step = t.get("step").and_then(|v| r.id(v, Of(&what, "step")));
    if let Some(s) = &step {
        refs.step_refs.push((s.clone(), Label::of(&what, "step")));
    }
    Notification {
        id: id.map(|a| a.value).unwrap_or_default(),
        recipient: recipient.map(|a| a.value).unwrap_or_default(),
        title: title.unwrap_or_default(),
        clock: clock.map(|a| a.value),
        marks: marks.into_iter().map(|a| a.value).collect(),
        template: template.map(|a| a.value),
        step: step.map(|a| a.value),
    }
}

/// "none", or the names joined by ", ".
fn listed<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let all: Vec<&str> = names.into_iter().collect();
    if all.is_empty() {
        "none".to_string()
    } else {
        all.join(", ")
    }
}

/// Reports every reference in `found` that `known` does not hold.
fn unknown(
    r: &mut Reader<'_>,
    found: &[Ref],
    known: impl Fn(&str) -> bool,
    message: impl Fn(&Label, &str) -> String,
) -> bool {
    let mut any = false;
    for (name, what) in found {
        if !known(name.value.as_str()) {
            r.problem_at(&name.span, message(what, &name.value));
            any = true;
        }
    }
    any
}

fn ids(list: &[At<String>]) -> BTreeSet<&str> {
    list.iter().map(|a| a.value.as_str()).collect()
}

fn check_refs(r: &mut Reader<'_>, p: &Playbook, refs: &Refs, cx: &Context) {
    let step_ids: Vec<At<String>> = refs.step_ids.iter().flatten().cloned().collect();
    let before = r.problems.len();
    duplicates(r, &step_ids, "step id");
    duplicates(r, &refs.moments, "moment id");
    duplicates(r, &refs.clocks, "clock id");
    duplicates(r, &refs.tracks, "track id");
    duplicates(r, &refs.notifications, "notification id");
    let steps: HashSet<&str> = step_ids.iter().map(|a| a.value.as_str()).collect();
    let mut broken = unknown(
        r,
        &refs.step_refs,
        |id| steps.contains(id),
        |what, id| {
            format!("{what}: no step has the id `{id}`; expected a step id of this playbook")
        },
    );
    let clocks = ids(&refs.clocks);
    for (name, what) in &refs.ruled_out {
        let step = steps.contains(name.value.as_str());
        let clock = clocks.contains(name.value.as_str());
        if !step && !clock {
            r.problem_at(
                &name.span,
                format!(
                    "{what}: no step or clock has the id `{}`; expected a step or clock id of this playbook",
                    name.value
                ),
            );
            broken = true;
        } else if step && clock {
            r.problem_at(
                &name.span,
                format!(
                    "{what}: `{}` is both a step id and a clock id; give one of them another id",
                    name.value
                ),
            );
            broken = true;
        }
    }
    unknown(
        r,
        &refs.clock_refs,
        |id| clocks.contains(id),
        |what, id| {
            format!(
                "{what}: no clock has the id `{id}`; declared clocks: {}",
                listed(clocks.iter().copied())
            )
        },
    );
    let tracks = ids(&refs.tracks);
    unknown(
        r,
        &refs.track_refs,
        |id| tracks.contains(id),
        |what, id| {
            format!(
                "{what}: no track has the id `{id}`; declared tracks: {}",
                listed(tracks.iter().copied())
            )
        },
    );
    let mut moments = ids(&refs.moments);
    moments.extend(BUILT_IN_MOMENTS.iter().copied());
    let declared = ids(&refs.moments);
    unknown(
        r,
        &refs.moment_refs,
        |id| moments.contains(id),
        |what, id| {
            format!(
                "{what}: no moment has the id `{id}`; expected a built-in moment ({}) or a declared one ({})",
                BUILT_IN_MOMENTS.join(", "),
                listed(declared.iter().copied())
            )
        },
    );
    if let Some(roles) = &cx.roles {
        let roles: BTreeSet<&str> = roles.iter().map(String::as_str).collect();
        unknown(
            r,
            &refs.roles,
            |id| roles.contains(id),
            |what, id| {
                format!(
                    "{what}: unknown role `{id}`; the workspace defines: {}",
                    listed(roles.iter().copied())
                )
            },
        );
    }
    if let Some(contacts) = &cx.contacts {
        let mut known: BTreeSet<&str> = contacts.iter().map(String::as_str).collect();
        known.extend(GROUP_RECIPIENTS.iter().copied());
        unknown(
            r,
            &refs.recipients,
            |id| known.contains(id),
            |what, id| {
                format!(
                    "{what}: `{id}` is neither a contact of the workspace nor one of {}; the workspace's contacts: {}",
                    GROUP_RECIPIENTS.join(", "),
                    listed(contacts.iter().map(String::as_str))
                )
            },
        );
    }
    if let Some(files) = &cx.templates {
        for (name, what) in &refs.templates {
            let missing: Vec<String> = r
                .languages
                .iter()
                .map(|lang| format!("{}.{lang}.md", name.value))
                .filter(|f| !files.contains(f))
                .collect();
            if !missing.is_empty() {
                r.problem_at(
                    &name.span,
                    format!(
                        "{what}: the workspace has no template {}; expected under `templates/`",
                        missing
                            .iter()
                            .map(|m| format!("`templates/{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }
    // The flow is only judged when every step is there and every step reference resolves, so
    // one typo does not also show up as a string of unreachable steps.
    if broken || refs.flow_broken || r.problems.len() != before && has_duplicate(&step_ids) {
        return;
    }
    check_flow(r, p, refs);
}

fn has_duplicate(ids: &[At<String>]) -> bool {
    let mut seen = HashSet::with_capacity(ids.len());
    !ids.iter().all(|a| seen.insert(a.value.as_str()))
}

/// The rules of activation: no cycle of `after`, no step that can never become active, no
/// `after` that waits on two branches of one decision.
fn check_flow(r: &mut Reader<'_>, p: &Playbook, refs: &Refs) {
    let flow = Flow::new(p);
    let id_span = |i: usize| {
        refs.step_ids
            .get(i)
            .and_then(Option::as_ref)
            .map(|a| a.span.clone())
            .unwrap_or(0..0)
    };
    let name = |i: usize| p.steps.get(i).map_or("", |s| s.id.as_str());
    let mut on_cycle = vec![false; p.steps.len()];
    for cycle in flow.cycles() {
        for &i in &cycle {
            on_cycle[i] = true;
        }
        let names: Vec<&str> = cycle.iter().map(|&i| name(i)).collect();
        r.problem_at(
            &id_span(cycle[0]),
            format!(
                "steps wait on each other in a cycle with no way out: {} (each waits, through `after` or `after_any`, on the next); a loop goes back through a decision option's `opens`",
                names.join(" → ")
            ),
        );
    }
    if flow.starts().is_empty() && !p.steps.is_empty() {
        r.problem_at(
            &id_span(0),
            "no step is active at the start: every step waits (`after`, `after_any`) or is opened by a decision option; give at least one step neither",
        );
    }
    for (i, why) in flow.unreachable(&on_cycle) {
        let message = match why {
            Unreachable::WaitsOn(t) => format!(
                "step `{}` can never become active: it waits (`after`) on `{}`, which can never become active",
                name(i),
                name(t)
            ),
            Unreachable::WaitsOnNone => format!(
                "step `{}` can never become active: none of the steps of its `after_any` can",
                name(i)
            ),
            Unreachable::NeverOpened => {
                let openers: Vec<String> = flow
                    .gates(i)
                    .iter()
                    .map(|o| format!("`{}`/`{}`", name(o.step), option_id(p, o.step, o.option)))
                    .collect();
                format!(
                    "step `{}` can never become active: only options of decisions that can never be taken open it ({})",
                    name(i),
                    openers.join(", ")
                )
            }
        };
        r.problem_at(&id_span(i), message);
    }
    for join in flow.joins() {
        let v = join.step;
        let after = flow.after(v);
        let second = after.get(join.second).copied().unwrap_or(v);
        let span_of = |step: usize| {
            refs.after
                .get(v)
                .and_then(|list| list.iter().find(|a| a.value == name(step)))
                .map(|a| a.span.clone())
                .unwrap_or_else(|| id_span(v))
        };
        let options_of = |options: &[usize]| -> String {
            options
                .iter()
                .map(|&o| format!("`{}`", option_id(p, join.decision, o)))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let message = match join.first.and_then(|k| after.get(k).copied()) {
            Some(first) => format!(
                "step `{}` after: `{}` and `{}` can never both be done: they follow different options of the decision of `{}` ({} and {}); wait on one of them with `after_any`, or open this step from the options",
                name(v),
                name(first),
                name(second),
                name(join.decision),
                options_of(&join.first_options),
                options_of(&join.second_options)
            ),
            None => format!(
                "step `{}` after: `{}` can never be done once this step is open: this step is opened by {} of the decision of `{}`, and `{}` follows {}",
                name(v),
                name(second),
                options_of(&join.first_options),
                name(join.decision),
                name(second),
                options_of(&join.second_options)
            ),
        };
        r.problem_at(&span_of(second), message);
    }
}

fn option_id(p: &Playbook, step: usize, option: usize) -> &str {
    p.steps
        .get(step)
        .and_then(|s| s.decision.as_ref())
        .and_then(|d| d.options.get(option))
        .map_or("", |o| o.id.as_str())
}

/// Parses and checks the workspace file.
pub fn parse_workspace(file: &str, src: &str) -> Result<Workspace, Vec<Problem>> {
    let mut r = Reader::new(file, src);
    let Some((root, at)) = syntax(&mut r, src) else {
        return Err(r.finish());
    };
    r.known(
        &root,
        &[
            "format",
            "kind",
            "organisation",
            "roles",
            "contacts",
            "people",
        ],
        "the workspace file",
    );
    r.header(&root, &at, "workspace", WORKSPACE_FORMAT);
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
                r.problem_at(
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
    let people = read_people(&mut r, &root, &known);
    let problems = r.finish();
    match org {
        Some(organisation) if problems.is_empty() => Ok(Workspace {
            format: WORKSPACE_FORMAT,
            kind: WorkspaceKind::Workspace,
            organisation,
            roles,
            contacts,
            people,
        }),
        _ => Err(problems),
    }
}

/// The `[[people]]` tables: ids unique, roles known, keys 64 lowercase hex characters each
/// and held by one person only.
fn read_people(
    r: &mut Reader<'_>,
    root: &DeTable<'_>,
    known: &BTreeSet<String>,
) -> Vec<WorkspacePerson> {
    let mut people = Vec::new();
    let mut ids = Vec::new();
    let mut keys_seen = Vec::new();
    for (t, span) in root
        .get("people")
        .map(|v| r.tables(v, "people"))
        .unwrap_or_default()
    {
        let what = "a person";
        r.known(
            t,
            &["id", "name", "roles", "keys", "os_user", "email"],
            what,
        );
        let id = r
            .required(t, &span, "id", what, "an id")
            .and_then(|v| r.id(v, "person id"));
        let name = r
            .required(t, &span, "name", what, "a name")
            .and_then(|v| r.string(v, "person name"));
        let roles = t
            .get("roles")
            .map(|v| r.strings(v, "person roles", true))
            .unwrap_or_default();
        for role in &roles {
            if !known.contains(&role.value) {
                r.problem_at(
                    &role.span,
                    format!(
                        "person roles: unknown role `{}`; the workspace's roles are {}",
                        role.value,
                        known.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
        let keys = t
            .get("keys")
            .map(|v| r.strings(v, "person keys", false))
            .unwrap_or_default();
        for key in &keys {
            let hex64 = key.value.len() == 64
                && key
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex64 {
                r.problem_at(
                    &key.span,
                    format!(
                        "person keys: `{}` is not a key fingerprint (64 lowercase hex characters: the SHA-256 of the public key, as `vakt person show` prints it)",
                        key.value
                    ),
                );
            }
            keys_seen.push(key.clone());
        }
        let os_user = t.get("os_user").and_then(|v| r.string(v, "person os_user"));
        let email = t.get("email").and_then(|v| r.string(v, "person email"));
        if let Some(id) = &id {
            ids.push(id.clone());
        }
        people.push(WorkspacePerson {
            id: id.map(|a| a.value).unwrap_or_default(),
            name: name.map(|a| a.value).unwrap_or_default(),
            roles: roles.into_iter().map(|a| a.value).collect(),
            keys: keys.into_iter().map(|a| a.value).collect(),
            os_user: os_user.map(|a| a.value),
            email: email.map(|a| a.value),
        });
    }
    duplicates(r, &ids, "person id");
    duplicates(r, &keys_seen, "person key");
    people
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
            r.problem_at(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-file parse, as the loader does when the scanner gives up.
    fn whole(file: &str, src: &str, cx: &Context) -> Result<Playbook, Vec<Problem>> {
        let mut r = Reader::new(file, src);
        r.languages = languages(&cx.languages);
        let Some((root, at)) = syntax(&mut r, src) else {
            return Err(r.finish());
        };
        finish(r, file, &root, &at, cx, &Body::Whole).0
    }

    #[test]
    fn one_table_at_a_time_gives_what_the_whole_file_gives() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut files = Vec::new();
        for sub in ["broken", "fixtures"] {
            for e in std::fs::read_dir(dir.join(sub)).expect("folder") {
                let path = e.expect("entry").path();
                if path.extension().is_some_and(|x| x == "toml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 40);
        let cx = Context {
            roles: Some(["responder".to_string()].into()),
            languages: vec!["en".into(), "nl".into()],
            ..Context::default()
        };
        let mut segmented = 0;
        for path in files {
            let text = std::fs::read_to_string(&path).expect("read");
            let name = path.display().to_string();
            if segments(&text).is_some_and(|s| !s.is_empty()) {
                segmented += 1;
            }
            assert_eq!(
                parse_playbook(&name, &text, &cx),
                whole(&name, &text, &cx),
                "{name}"
            );
        }
        assert!(
            segmented > 30,
            "{segmented} files were read a table at a time"
        );
    }
}
