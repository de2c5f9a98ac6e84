//! Text from outside (file names, paths) made safe to show: nothing in it can move the cursor,
//! end a line or reverse the direction of what follows.

use std::fmt::Write;

/// Whether `c` changes how the text around it is laid out (bidirectional embeddings,
/// overrides and isolates, marks) or is invisible but meaningful (zero-width joiners,
/// byte-order mark, line and paragraph separators).
fn is_layout_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'                    // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, LRE RLE PDF LRO RLO
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, LRI RLI FSI PDI
            | '\u{FEFF}'              // byte-order mark
    )
}

/// `text` with every control character (C0, DEL, C1) and every bidirectional or invisible
/// layout character escaped as `\u{…}` (`\n`, `\r`, `\t` as those two characters). Everything
/// else, letters of any script and backslashes included, is kept as it is, so escaping twice
/// changes nothing (a name escaped when it was recorded can be shown through this again).
///
/// ```
/// use vakt_stdx::shown_safely;
/// assert_eq!(shown_safely("report\u{202E}fdp.exe"), "report\\u{202e}fdp.exe");
/// assert_eq!(shown_safely("two\nlines"), "two\\nlines");
/// assert_eq!(shown_safely("økonomi.pdf"), "økonomi.pdf");
/// ```
pub fn shown_safely(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_layout_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shown_safely;

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(
            shown_safely("Rapport 2026 (final).pdf"),
            "Rapport 2026 (final).pdf"
        );
        assert_eq!(shown_safely("логи.tar — 日本"), "логи.tar — 日本");
    }

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert_eq!(shown_safely("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(shown_safely("a\u{7f}\u{85}b"), "a\\u{7f}\\u{85}b");
        assert_eq!(
            shown_safely("\u{2066}x\u{2069}\u{200f}\u{feff}\u{2028}"),
            "\\u{2066}x\\u{2069}\\u{200f}\\u{feff}\\u{2028}"
        );
        let once = shown_safely("x\u{202e}\n");
        assert_eq!(shown_safely(&once), once, "escaping twice changes nothing");
    }
}
