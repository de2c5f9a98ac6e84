//! Reading a spanned TOML tree field by field, collecting every problem instead of stopping at
//! the first.

use std::fmt::{self, Display};
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::Problem;
use crate::text::is_language_code;
use crate::{Duration, Text};
use vakt_stdx::Lines;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// What a value is, told in two parts ("step `contain`" and "title") and only written out when
/// a problem is reported: a loader that reads 100,000 steps should not format 100,000 labels.
#[derive(Clone, Copy)]
pub(crate) struct Of<'a, A: ?Sized, B: ?Sized>(pub(crate) &'a A, pub(crate) &'a B);

impl<A: Display + ?Sized, B: Display + ?Sized> Display for Of<'_, A, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

/// `(code)`, for a text's language.
struct Paren<'a>(&'a str);

impl Display for Paren<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.0)
    }
}

/// A value read from the file with where it stood.
#[derive(Debug, Clone)]
pub(crate) struct At<T> {
    pub(crate) value: T,
    pub(crate) span: Range<usize>,
}

pub(crate) struct Reader<'s> {
    file: String,
    lines: Lines<'s>,
    /// Where the text being read starts in the file: spans of a parse tree are relative to it
    /// (a file read one segment at a time), spans kept in [`At`] are absolute.
    pub(crate) base: usize,
    /// A segment had a TOML syntax error.
    pub(crate) syntax_broken: bool,
    /// The languages every text must carry.
    pub(crate) languages: Vec<String>,
    pub(crate) problems: Vec<Problem>,
}

fn kind_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn language_name(code: &str) -> String {
    match code {
        "en" => "English (en)".to_string(),
        "nl" => "Dutch (nl)".to_string(),
        "nb" | "no" => format!("Norwegian ({code})"),
        other => format!("`{other}`"),
    }
}

/// Whether `id` is lowercase words of letters and digits joined by `-`.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl<'s> Reader<'s> {
    pub(crate) fn new(file: &str, src: &'s str) -> Self {
        Self {
            file: file.to_string(),
            lines: Lines::new(src),
            base: 0,
            syntax_broken: false,
            languages: vec!["en".to_string()],
            problems: Vec::new(),
        }
    }

    /// A problem at `span` of the parse tree being read (relative to [`Reader::base`]).
    pub(crate) fn problem(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let problem = Problem::located(&self.file, &self.lines, self.base + span.start, message);
        self.problems.push(problem);
    }

    /// A problem at `span` of the file (an [`At`]'s span).
    pub(crate) fn problem_at(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let problem = Problem::located(&self.file, &self.lines, span.start, message);
        self.problems.push(problem);
    }

    /// `span` of the parse tree being read, as a span of the file.
    pub(crate) fn absolute(&self, span: Range<usize>) -> Range<usize> {
        self.base + span.start..self.base + span.end
    }

    /// The line and column of byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.locate(offset)
    }

    /// The problems, in the order of the file.
    pub(crate) fn finish(mut self) -> Vec<Problem> {
        self.problems.sort();
        self.problems.dedup();
        self.problems
    }

    /// Reports keys of `table` that are not in `allowed`.
    pub(crate) fn known(&mut self, table: &DeTable<'_>, allowed: &[&str], what: impl Display) {
        self.known_but(table, allowed, &[], what);
    }

    /// Reports keys of `table` that are neither in `allowed` nor in `elsewhere` (keys the caller
    /// reports itself, such as format 1's `next`).
    pub(crate) fn known_but(
        &mut self,
        table: &DeTable<'_>,
        allowed: &[&str],
        elsewhere: &[&str],
        what: impl Display,
    ) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) && !elsewhere.contains(&name) {
                self.problem(
                    &key.span(),
                    format!(
                        "unknown field `{name}` in {what}; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A required field; a problem at the table when it is missing.
    pub(crate) fn required<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        at: &Range<usize>,
        key: &str,
        what: impl Display,
        expected: impl Display,
    ) -> Option<&'a Value<'i>> {
        let found = table.get(key);
        if found.is_none() {
            self.problem(
                at,
                format!("missing field `{key}` in {what}; expected {expected}"),
            );
        }
        found
    }

    pub(crate) fn table<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        what: impl Display,
    ) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.problem(
                    &v.span(),
                    format!("{what}: expected a table, found {}", kind_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn string(&mut self, v: &Value<'_>, what: impl Display) -> Option<At<String>> {
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => {
                self.problem(
                    &v.span(),
                    format!("{what}: expected text, found an empty string"),
                );
                None
            }
            DeValue::String(s) => Some(At {
                value: s.to_string(),
                span: self.absolute(v.span()),
            }),
            other => {
                self.problem(
                    &v.span(),
                    format!("{what}: expected a string, found {}", kind_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn id(&mut self, v: &Value<'_>, what: impl Display) -> Option<At<String>> {
        let s = self.string(v, &what)?;
        if !is_id(&s.value) {
            self.problem_at(
                &s.span,
                format!(
                    "{what}: `{}` is not an id; expected lowercase letters and digits joined by `-`, such as `contain-threat`",
                    s.value
                ),
            );
            return None;
        }
        Some(s)
    }

    pub(crate) fn integer(&mut self, v: &Value<'_>, what: impl Display) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().or_else(|| {
                self.problem(&v.span(), format!("{what}: integer out of range"));
                None
            }),
            other => {
                self.problem(
                    &v.span(),
                    format!("{what}: expected an integer, found {}", kind_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, v: &Value<'_>, what: impl Display) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.problem(
                    &v.span(),
                    format!(
                        "{what}: expected `true` or `false`, found {}",
                        kind_name(other)
                    ),
                );
                None
            }
        }
    }

    pub(crate) fn duration(&mut self, v: &Value<'_>, what: impl Display) -> Option<Duration> {
        let s = self.string(v, &what)?;
        match Duration::parse(&s.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem_at(&s.span, format!("{what}: {e}"));
                None
            }
        }
    }

    pub(crate) fn text(&mut self, v: &Value<'_>, what: impl Display) -> Option<Text> {
        let table = match v.get_ref() {
            DeValue::Table(t) => t,
            other => {
                self.problem(
                    &v.span(),
                    format!(
                        "{what}: expected a table of languages such as {{ en = \"…\", nl = \"…\" }}, found {}",
                        kind_name(other)
                    ),
                );
                return None;
            }
        };
        let mut text = Text::default();
        let mut ok = true;
        for (key, value) in table.iter() {
            let code: &str = key.get_ref();
            if !is_language_code(code) {
                self.problem(
                    &key.span(),
                    format!("{what}: `{code}` is not a language code; expected two or three lowercase letters such as `en` or `nl`"),
                );
                ok = false;
                continue;
            }
            match self.string(value, Of(&what, &Paren(code))) {
                Some(s) => {
                    text.0.insert(code.to_string(), s.value);
                }
                None => ok = false,
            }
        }
        // Only languages not read above can be missing; no allocation when none is.
        let missing: Vec<String> = self
            .languages
            .iter()
            .filter(|lang| !text.0.contains_key(lang.as_str()))
            .cloned()
            .collect();
        for lang in missing {
            if !table.iter().any(|(k, _)| k.get_ref() == &lang) {
                self.problem(
                    &v.span(),
                    format!(
                        "{what}: missing the {} text; the workspace's languages are {}",
                        language_name(&lang),
                        self.languages.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(text)
    }

    /// An optional array of strings.
    pub(crate) fn strings(
        &mut self,
        v: &Value<'_>,
        what: impl Display,
        ids: bool,
    ) -> Vec<At<String>> {
        let Some(items) = self.array(v, &what) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| {
                if ids {
                    self.id(item, &what)
                } else {
                    self.string(item, &what)
                }
            })
            .collect()
    }

    pub(crate) fn array<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        what: impl Display,
    ) -> Option<&'a [Value<'i>]> {
        match v.get_ref() {
            DeValue::Array(a) => Some(a),
            other => {
                self.problem(
                    &v.span(),
                    format!("{what}: expected an array, found {}", kind_name(other)),
                );
                None
            }
        }
    }

    /// An array of tables, with each table's span.
    pub(crate) fn tables<'a, 'i>(
        &mut self,
        v: &'a Value<'i>,
        what: impl Display,
    ) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(items) = self.array(v, &what) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.table(item, &what).map(|t| (t, item.span())))
            .collect()
    }

    /// Checks `format` and `kind` at the top of a file.
    pub(crate) fn header(
        &mut self,
        root: &DeTable<'_>,
        at: &Range<usize>,
        kind: &str,
        format: u32,
    ) -> bool {
        let mut ok = true;
        if let Some(v) = self.required(
            root,
            at,
            "format",
            "the file",
            format!("`format = {format}`"),
        ) {
            match self.integer(v, "format") {
                Some(n) if n == i64::from(format) => {}
                Some(n) => {
                    self.problem(
                        &v.span(),
                        format!("format {n} is not supported; this Vakt reads format {format}"),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        } else {
            ok = false;
        }
        if let Some(v) = self.required(root, at, "kind", "the file", format!("`kind = \"{kind}\"`"))
        {
            match self.string(v, "kind") {
                Some(s) if s.value == kind => {}
                Some(s) => {
                    self.problem_at(&s.span, format!("kind `{}`: expected `{kind}`", s.value));
                    ok = false;
                }
                None => ok = false,
            }
        } else {
            ok = false;
        }
        ok
    }
}
