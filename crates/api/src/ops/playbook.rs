//! Playbook files: converting a format-1 playbook into format 2.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::json::ProblemView;
use crate::ops::operation;
use crate::{ApiError, ErrorCode};

/// A format-1 playbook converted into format 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlaybookUpgraded {
    /// The file, as named.
    pub file: String,
    /// The format-2 text.
    pub text: String,
    /// What the conversion could not express, each with file:line:col.
    pub notes: Vec<ProblemView>,
}

/// The format-2 text (the notes are listed separately).
impl fmt::Display for PlaybookUpgraded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

operation! {
    /// A format-1 playbook file converted into format 2: the new text, and what could not be
    /// expressed, each with file:line:col. Read: it reads only the file named (the CLI's
    /// `--write` writes the text back). A file that is not format 1 is refused.
    "playbook_upgrade", Read, DataDir,
    PlaybookUpgradeRequest {
        /// The format-1 playbook file.
        path: String,
    } -> PlaybookUpgraded,
    |r, _host| upgrade_file(&r.path)
}

fn upgrade_file(path: &str) -> Result<PlaybookUpgraded, ApiError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::new(ErrorCode::Failed, format!("{path}: {e}")))?;
    let text = vakt_workspace::utf8_text(path, &bytes)
        .map_err(|p| ApiError::new(ErrorCode::InvalidRequest, p.to_string()))?;
    let up = vakt_playbook::upgrade(path, text).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        ApiError::new(ErrorCode::InvalidRequest, lines.join("\n"))
    })?;
    Ok(PlaybookUpgraded {
        file: path.to_string(),
        text: up.text,
        notes: up.notes.iter().map(ProblemView::from).collect(),
    })
}
