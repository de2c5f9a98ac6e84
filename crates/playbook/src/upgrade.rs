//! Converting a format-1 playbook into format 2, as text: comments and layout stay, only what
//! format 2 says differently changes.
//!
//! Format 1 walks one step at a time: from the first step, each step goes to its `next` (or the
//! step below it), and a decision's option goes to its own `next`. Format 2 says what each step
//! waits for. The conversion, step by step in file order:
//! - a step reached only from plain steps waits `after` that step, or `after_any` of them when
//!   several lead to it;
//! - a step reached only from decision options is opened by them (`opens`): it is gated;
//! - a step reached from both waits `after_any` of the plain steps and the decisions, and each
//!   other option of those decisions that can never lead to it rules it out (`not_applicable`);
//! - a loop back through a decision option becomes an `opens` of the (done) step: a repeat;
//! - built-in moments declared in `[[moments]]` are dropped (format 2 knows them).
//!
//! What format 2 cannot say (a plain step looping back, a loop to a step further down the file)
//! is left out and reported as a note at its line.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use vakt_stdx::{Lines, Problem};

use crate::model::BUILT_IN_MOMENTS;
use crate::parse::{Context, parse_playbook};
use crate::segment::segments;

/// A playbook converted to format 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    /// The format-2 text.
    pub text: String,
    /// What the conversion could not express, each at the line of the format-1 text it concerns
    /// (and, last, any problem the format-2 text still has, at its line in the new text).
    pub notes: Vec<Problem>,
}

/// One step of a format-1 file, as far as the conversion needs it.
struct Step {
    id: String,
    span: Range<usize>,
    /// `next = "…"`: the target and the whole key-value's span.
    next: Option<(String, Range<usize>)>,
    options: Vec<Opt>,
    /// Where to insert `after` / `after_any`: the end of this line.
    insert_at: usize,
    inline: bool,
}

struct Opt {
    next: Option<(String, Range<usize>)>,
    /// The option's table span, for notes.
    span: Range<usize>,
    inline: bool,
}

/// How a step is reached.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Plain,
    Option(usize),
}

/// Converts format-1 playbook `text` (named `file` in problems) into format 2.
///
/// ```
/// let v1 = "format = 1\nkind = \"playbook\"\nid = \"p\"\nversion = \"1\"\ncategory = \"dr\"\n\
///     title = { en = \"P\" }\nsummary = { en = \"P.\" }\n\n\
///     [[steps]]\nid = \"a\"\ntitle = { en = \"A\" }\ninstructions = { en = \"A.\" }\n\
///     role = \"responder\"\nduration = \"1h\"\n\n\
///     [[steps]]\nid = \"b\"\ntitle = { en = \"B\" }\ninstructions = { en = \"B.\" }\n\
///     role = \"responder\"\nduration = \"1h\"\n";
/// let up = vakt_playbook::upgrade("p.toml", v1).unwrap();
/// assert!(up.text.starts_with("format = 2\n"));
/// assert!(up.text.contains("duration = \"1h\"\nafter = [\"a\"]\n"));
/// assert!(up.notes.is_empty());
/// ```
pub fn upgrade(file: &str, text: &str) -> Result<Upgrade, Vec<Problem>> {
    let lines = Lines::new(text);
    let at = |offset: usize, message: String| Problem::located(file, &lines, offset, message);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(errors
            .iter()
            .map(|e| {
                at(
                    e.span().map_or(0, |s| s.start),
                    format!("TOML syntax: {}", e.message().trim()),
                )
            })
            .collect());
    }
    let root = root.into_inner();
    let format = root.get("format");
    let format_one =
        format.is_some_and(|v| matches!(v.get_ref(), DeValue::Integer(i) if i.as_str() == "1"));
    if !format_one {
        return Err(vec![at(
            format.map_or(0, |v| v.span().start),
            "not a format-1 playbook: only `format = 1` files are upgraded".to_string(),
        )]);
    }
    let mut steps: Vec<Step> = Vec::new();
    let mut problems = Vec::new();
    if let Some(DeValue::Array(items)) = root.get("steps").map(|v| v.get_ref()) {
        for item in items {
            let DeValue::Table(t) = item.get_ref() else {
                continue;
            };
            steps.push(read_step(text, t, item.span()));
        }
    }
    if steps.is_empty() {
        return Err(vec![at(
            0,
            "a playbook needs at least one [[steps]] table".to_string(),
        )]);
    }
    let ids: HashMap<&str, usize> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let index = |id: &str| ids.get(id).copied();
    // The format-1 flow: for each step, where it goes and how.
    let mut next: Vec<Vec<(usize, Via)>> = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        let mut out = Vec::new();
        let mut target = |id: &str, span: &Range<usize>, via: Via| {
            if id == "end" {
                return;
            }
            match index(id) {
                Some(t) => out.push((t, via)),
                None => problems.push(at(span.start, format!("no step has the id `{id}`"))),
            }
        };
        if s.options.is_empty() {
            match &s.next {
                Some((id, span)) => target(id, span, Via::Plain),
                None if i + 1 < steps.len() => out.push((i + 1, Via::Plain)),
                None => {}
            }
        } else {
            for (o, opt) in s.options.iter().enumerate() {
                if let Some((id, span)) = &opt.next {
                    target(id, span, Via::Option(o));
                }
            }
        }
        next.push(out);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let back = back_edges(&next);
    let mut notes = Vec::new();
    // Predecessors of each step (loops back left out), in file order of the source.
    let mut preds: Vec<Vec<(usize, Via)>> = vec![Vec::new(); steps.len()];
    for (s, out) in next.iter().enumerate() {
        for &(t, via) in out {
            if !back.contains(&(s, t)) {
                preds[t].push((s, via));
            }
        }
    }
    let reached = reachable(&next, 0);
    for (i, s) in steps.iter().enumerate() {
        if !reached[i] {
            notes.push(at(
                s.span.start,
                format!(
                    "step `{}` could not be reached in format 1 either; in format 2 it waits for nothing and is active at the start",
                    s.id
                ),
            ));
        }
    }
    // What each option opens and rules out; what each step waits for.
    let mut opens: Vec<Vec<Vec<String>>> = steps
        .iter()
        .map(|s| vec![Vec::new(); s.options.len()])
        .collect();
    let mut ruled_out: Vec<Vec<Vec<String>>> = opens.clone();
    let mut after: Vec<(&str, Vec<String>)> = vec![("after", Vec::new()); steps.len()];
    for t in 0..steps.len() {
        let p = &preds[t];
        let plain: Vec<usize> = dedup(p.iter().filter(|(_, v)| *v == Via::Plain).map(|(s, _)| *s));
        let options: Vec<(usize, usize)> = p
            .iter()
            .filter_map(|&(s, v)| match v {
                Via::Option(o) => Some((s, o)),
                Via::Plain => None,
            })
            .collect();
        let name = |i: usize| steps[i].id.clone();
        if plain.is_empty() {
            for &(d, o) in &options {
                opens[d][o].push(name(t));
            }
        } else if options.is_empty() {
            let key = if plain.len() == 1 {
                "after"
            } else {
                "after_any"
            };
            after[t] = (key, plain.iter().map(|&s| name(s)).collect());
        } else {
            let decisions: Vec<usize> = dedup(options.iter().map(|&(d, _)| d));
            let mut waits: Vec<usize> = plain.clone();
            waits.extend(&decisions);
            waits.sort_unstable();
            waits.dedup();
            after[t] = ("after_any", waits.iter().map(|&s| name(s)).collect());
            for &d in &decisions {
                for (o, out) in next[d].iter().filter_map(|(n, v)| match v {
                    Via::Option(o) => Some((*o, *n)),
                    Via::Plain => None,
                }) {
                    if out != t && !reachable(&next, out)[t] {
                        ruled_out[d][o].push(name(t));
                    }
                }
            }
        }
    }
    for &(s, t) in &back {
        let via = next[s].iter().find(|(n, _)| *n == t).map(|(_, v)| *v);
        match via {
            Some(Via::Option(o)) if t <= s => opens[s][o].push(steps[t].id.clone()),
            Some(Via::Option(o)) => notes.push(at(
                steps[s].options[o].span.start,
                format!(
                    "option {} of step `{}` loops back to `{}`, which stands further down the file; format 2 repeats only a step above the decision: move `{}` above `{}` and add it to this option's `opens`",
                    o + 1,
                    steps[s].id,
                    steps[t].id,
                    steps[t].id,
                    steps[s].id
                ),
            )),
            _ => notes.push(at(
                steps[s]
                    .next
                    .as_ref()
                    .map_or(steps[s].span.start, |(_, span)| span.start),
                format!(
                    "step `{}` loops back to `{}`; format 2 repeats a step only through a decision option's `opens`, so this loop is left out",
                    steps[s].id, steps[t].id
                ),
            )),
        }
    }
    // The edits, applied from the end of the text.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    if let Some(f) = format {
        edits.push((f.span(), "2".to_string()));
    }
    for (i, s) in steps.iter().enumerate() {
        if let Some((_, span)) = &s.next {
            edits.push(remove(text, span, s.inline));
        }
        let (key, list) = &after[i];
        if !list.is_empty() {
            if s.inline {
                notes.push(at(
                    s.span.start,
                    format!(
                        "step `{}` is an inline table: add `{key} = {}` by hand",
                        s.id,
                        array(list)
                    ),
                ));
            } else {
                edits.push((
                    s.insert_at..s.insert_at,
                    format!("\n{key} = {}", array(list)),
                ));
            }
        }
        for (o, opt) in s.options.iter().enumerate() {
            let Some((_, span)) = &opt.next else { continue };
            let mut fields = Vec::new();
            if !opens[i][o].is_empty() {
                fields.push(format!("opens = {}", array(&opens[i][o])));
            }
            if !ruled_out[i][o].is_empty() {
                fields.push(format!("not_applicable = {}", array(&ruled_out[i][o])));
            }
            if fields.is_empty() {
                edits.push(remove(text, span, opt.inline));
            } else {
                let joiner = if opt.inline { ", " } else { "\n" };
                edits.push((span.clone(), fields.join(joiner)));
            }
        }
    }
    built_in_moments(text, &root, &mut edits, &mut notes, &at);
    edits.sort_by(|a, b| b.0.start.cmp(&a.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out = text.to_string();
    for (span, with) in edits {
        out.replace_range(span, &with);
    }
    notes.sort();
    if let Err(left) = parse_playbook(file, &out, &Context::default()) {
        notes.extend(left.into_iter().map(|mut p| {
            p.message = format!("in the upgraded text: {}", p.message);
            p
        }));
    }
    Ok(Upgrade { text: out, notes })
}

fn read_step(text: &str, t: &DeTable<'_>, span: Range<usize>) -> Step {
    let string = |key: &str| match t.get(key).map(|v| (v.get_ref(), v.span())) {
        Some((DeValue::String(s), _)) => Some(s.to_string()),
        _ => None,
    };
    let key_value = |t: &DeTable<'_>, key: &str| {
        t.get_key_value(key).and_then(|(k, v)| match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), k.span().start..v.span().end)),
            _ => None,
        })
    };
    let inline = text.get(span.start..).is_some_and(|s| s.starts_with('{'));
    // Insert after `duration`, else `role`, else `id`: at the end of that line.
    let anchor = ["duration", "role", "id"]
        .iter()
        .find_map(|k| t.get(*k).map(|v| v.span().end))
        .unwrap_or(span.start);
    let insert_at = text[anchor..].find('\n').map_or(text.len(), |p| anchor + p);
    let mut options = Vec::new();
    if let Some(DeValue::Table(d)) = t.get("decision").map(|v| v.get_ref())
        && let Some(DeValue::Array(items)) = d.get("options").map(|v| v.get_ref())
    {
        for item in items {
            if let DeValue::Table(o) = item.get_ref() {
                let ospan = item.span();
                options.push(Opt {
                    next: key_value(o, "next"),
                    inline: text.get(ospan.start..).is_some_and(|s| s.starts_with('{')),
                    span: ospan,
                });
            }
        }
    }
    Step {
        id: string("id").unwrap_or_default(),
        span,
        next: key_value(t, "next"),
        options,
        insert_at,
        inline,
    }
}

/// The edit that removes key-value `span`: its whole line in a standard table, the key-value and
/// one comma beside it in an inline table.
fn remove(text: &str, span: &Range<usize>, inline: bool) -> (Range<usize>, String) {
    if inline {
        let before = text[..span.start].trim_end();
        if before.ends_with(',') {
            return (before.len() - 1..span.end, String::new());
        }
        let after = &text[span.end..];
        let skipped = after.len() - after.trim_start().len();
        if after.trim_start().starts_with(',') {
            let rest = &after[skipped + 1..];
            let spaces = rest.len() - rest.trim_start().len();
            return (span.start..span.end + skipped + 1 + spaces, String::new());
        }
        return (span.clone(), String::new());
    }
    let start = text[..span.start].rfind('\n').map_or(0, |p| p + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |p| span.end + p + 1);
    (start..end, String::new())
}

/// `["a", "b"]`.
fn array(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

fn dedup(items: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    items.filter(|i| seen.insert(*i)).collect()
}

/// The steps reachable from `from` in the format-1 flow.
fn reachable(next: &[Vec<(usize, Via)>], from: usize) -> Vec<bool> {
    let mut seen = vec![false; next.len()];
    let mut stack = vec![from];
    while let Some(v) = stack.pop() {
        if std::mem::replace(&mut seen[v], true) {
            continue;
        }
        stack.extend(next[v].iter().map(|(t, _)| *t).filter(|t| !seen[*t]));
    }
    seen
}

/// The edges `(from, to)` that go back to a step on the current path of a depth-first walk from
/// the first step: the loops.
fn back_edges(next: &[Vec<(usize, Via)>]) -> BTreeSet<(usize, usize)> {
    let n = next.len();
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the path, 2 done
    let mut back = BTreeSet::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut walk = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (v, ref mut edge)) = walk.last_mut() {
            if let Some(&(t, _)) = next[v].get(*edge) {
                *edge += 1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        walk.push((t, 0));
                    }
                    1 => {
                        back.insert((v, t));
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                walk.pop();
            }
        }
    }
    back
}

/// Drops `[[moments]]` tables that declare a built-in moment.
fn built_in_moments(
    text: &str,
    root: &DeTable<'_>,
    edits: &mut Vec<(Range<usize>, String)>,
    notes: &mut Vec<Problem>,
    at: &impl Fn(usize, String) -> Problem,
) {
    let Some(DeValue::Array(items)) = root.get("moments").map(|v| v.get_ref()) else {
        return;
    };
    let segments = segments(text);
    for item in items {
        let DeValue::Table(t) = item.get_ref() else {
            continue;
        };
        let Some(id) = t.get("id").and_then(|v| match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        }) else {
            continue;
        };
        if !BUILT_IN_MOMENTS.contains(&id.as_str()) {
            continue;
        }
        let span = item.span();
        let segment = segments
            .iter()
            .flatten()
            .find(|s| s.name == "moments" && s.start <= span.start && span.start < s.end);
        let last = t
            .iter()
            .map(|(_, v)| v.span().end)
            .max()
            .unwrap_or(span.end);
        match segment {
            Some(segment) => {
                // Through the end of its last line, and one blank line after it.
                let mut end = text[last..].find('\n').map_or(text.len(), |p| last + p + 1);
                if text[end..].starts_with('\n') {
                    end += 1;
                }
                edits.push((segment.start..end, String::new()));
            }
            _ => notes.push(at(
                span.start,
                format!("moment `{id}` is built in to format 2: remove its declaration by hand"),
            )),
        }
    }
}
