//! A problem in a definition file at `file:line:col`, and the locator that finds the line and
//! column of a byte offset.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One problem in a definition file, at the line and column it was found.
///
/// ```
/// use vakt_stdx::Problem;
///
/// let p = Problem::at("dr/patch.toml", "a = 1\nb = ?\n", 10, "expected a value");
/// assert_eq!(p.to_string(), "dr/patch.toml:2:5: expected a value");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Problem {
    /// The file, as the caller named it (often a path relative to the workspace).
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem at byte `offset` of `text` (clamped into the text), with its line and column.
    /// To report many problems in one text, make one [`Lines`] and use [`Problem::located`].
    pub fn at(
        file: impl AsRef<Path>,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Problem {
        Problem::located(file, &Lines::new(text), offset, message)
    }

    /// A problem at byte `offset` of the text that `lines` locates in.
    pub fn located(
        file: impl AsRef<Path>,
        lines: &Lines<'_>,
        offset: usize,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = lines.locate(offset);
        Problem {
            file: file.as_ref().to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Turns byte offsets of one text into 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct Lines<'s> {
    text: &'s str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    /// The locator of `text`.
    pub fn new(text: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The 1-based line and character column of byte `offset`. An offset past the end counts as
    /// the end; one inside a character counts as that character's start.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let lines = Lines::new("ab\nçd\n\nx");
        assert_eq!(lines.locate(0), (1, 1));
        assert_eq!(lines.locate(1), (1, 2));
        assert_eq!(lines.locate(3), (2, 1));
        assert_eq!(lines.locate(5), (2, 2));
        assert_eq!(lines.locate(7), (3, 1));
        assert_eq!(lines.locate(8), (4, 1));
        assert_eq!(lines.locate(4), (2, 1), "inside a character");
        assert_eq!(lines.locate(999), (4, 2), "past the end");
        assert_eq!(Lines::new("").locate(3), (1, 1));
    }

    #[test]
    fn displays_as_file_line_column_message() {
        let p = Problem::at("topology.toml", "a\nbc", 3, "bad");
        assert_eq!(p.to_string(), "topology.toml:2:2: bad");
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"file":"topology.toml","line":2,"column":2,"message":"bad"}"#
        );
    }
}
