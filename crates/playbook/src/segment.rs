//! Cutting a playbook's text at its `[[steps]]`, `[[clocks]]`, … headers, so the loader can let
//! toml parse one table at a time: toml's spanned parse tree of a whole 20 MB file took
//! 870 MB, one step's tree takes a few kilobytes. The scanner knows TOML's strings, comments and
//! brackets; any shape it does not expect (another table header, a quoted header, an
//! unterminated string) makes it give up, and the loader parses the whole file instead.

/// The arrays of tables a playbook has, in the order they are usually written.
pub(crate) const SECTIONS: &[&str] = &["tracks", "moments", "clocks", "steps", "notifications"];

/// One `[[name]]` table of the file with the sub-tables that follow it (`[steps.decision]`,
/// `[[steps.decision.options]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// The section: one of [`SECTIONS`].
    pub(crate) name: &'static str,
    /// Where its header starts.
    pub(crate) start: usize,
    /// Where the next segment starts, or the end of the text.
    pub(crate) end: usize,
}

/// The segments of `text`, in file order; the text before the first is the head. `None` when
/// the text has a shape the scanner leaves to the whole-file parse.
pub(crate) fn segments(text: &str) -> Option<Vec<Segment>> {
    let b = text.as_bytes();
    let len = b.len();
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    let mut line_start = true;
    let line_end = |from: usize| {
        b[from..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(len, |p| from + p)
    };
    while i < len {
        if line_start && depth == 0 {
            line_start = false;
            while i < len && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if i < len && b[i] == b'[' {
                let end = line_end(i);
                let header = text.get(i..end)?;
                let header = header.split('#').next().unwrap_or("").trim();
                let name = header_name(header)?;
                let array = header.starts_with("[[");
                let section = SECTIONS.iter().find(|s| **s == name);
                match (section, array) {
                    (Some(s), true) => {
                        if let Some(last) = out.last_mut() {
                            last.end = i;
                        }
                        out.push(Segment {
                            name: s,
                            start: i,
                            end: len,
                        });
                    }
                    _ => {
                        // A sub-table of the current segment: `steps.decision` in a step.
                        let parent = name.split('.').next().unwrap_or("");
                        let current = out.last().map(|s| s.name)?;
                        if parent != current || !name.contains('.') {
                            return None;
                        }
                    }
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
            b'#' => i = line_end(i),
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => i = after_multiline(b, i, b"\"\"\"", true)?,
            b'\'' if b[i..].starts_with(b"'''") => i = after_multiline(b, i, b"'''", false)?,
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
            b'\'' => {
                let close = b[i + 1..].iter().position(|&c| c == b'\'' || c == b'\n')?;
                if b[i + 1 + close] == b'\n' {
                    return None;
                }
                i += close + 2;
            }
            _ => i += 1,
        }
    }
    if depth != 0 {
        return None;
    }
    Some(out)
}

/// The dotted name of a header line `[a.b]` or `[[a.b]]` without spaces; `None` for quoted
/// keys or anything unexpected.
fn header_name(header: &str) -> Option<String> {
    let inner = header
        .strip_prefix("[[")
        .and_then(|h| h.strip_suffix("]]"))
        .or_else(|| header.strip_prefix('[').and_then(|h| h.strip_suffix(']')))?;
    let name: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.');
    plain.then_some(name)
}

/// Where a multi-line string opened at `i` by `quote` ends (after its closing quotes).
fn after_multiline(b: &[u8], i: usize, quote: &[u8], escapes: bool) -> Option<usize> {
    let mut j = i + 3;
    loop {
        match *b.get(j)? {
            b'\\' if escapes => j += 2,
            c if c == quote[0] && b[j..].starts_with(quote) => break,
            _ => j += 1,
        }
    }
    j += 3;
    // Up to two more quotes belong to the string's content.
    while b.get(j) == Some(&quote[0]) {
        j += 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_array_headers_keeping_sub_tables_and_ignoring_strings() {
        let text = "id = \"x\" # [[steps]]\nlist = [\n  \"[[steps]]\",\n]\n\n[[steps]]\nid = \"a\"\nnote = \"\"\"\n[[clocks]]\n\"\"\"\n[steps.decision]\nq = 'it''s'\n[[steps.decision.options]]\nid = \"o\"\n  [[clocks]] # a clock\nid = \"c\"\n";
        let s = segments(text).expect("segments");
        let starts: Vec<(&str, &str)> = s
            .iter()
            .map(|s| (s.name, &text[s.start..s.start + 9]))
            .collect();
        assert_eq!(starts, [("steps", "[[steps]]"), ("clocks", "[[clocks]")]);
        assert_eq!(s[0].end, s[1].start);
        assert_eq!(s[1].end, text.len());
    }

    #[test]
    fn gives_up_on_shapes_it_does_not_know() {
        for text in [
            "[organisation]\nx = 1\n",
            "[[steps]]\nx = 1\n[clocks.x]\n",
            "[steps.decision]\n",
            "[[\"steps\"]]\n",
            "x = \"open\n",
            "x = [\n",
            "x = '''never closed\n",
        ] {
            assert_eq!(segments(text), None, "{text:?}");
        }
        assert_eq!(segments("format = 2\n"), Some(Vec::new()));
    }
}
