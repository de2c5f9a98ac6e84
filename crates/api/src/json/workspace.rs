//! The workspace overview: the first screen.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the workspace choice came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WorkspaceSource {
    /// `--workspace PATH`.
    Flag,
    /// `VAKT_WORKSPACE`.
    Environment,
    /// The saved setting.
    Setting,
    /// The demo built into Vakt.
    EmbeddedDemo,
}

impl From<vakt_workspace::WorkspaceSource> for WorkspaceSource {
    fn from(s: vakt_workspace::WorkspaceSource) -> Self {
        use vakt_workspace::WorkspaceSource as W;
        match s {
            W::Flag => Self::Flag,
            W::Environment => Self::Environment,
            W::Setting => Self::Setting,
            W::EmbeddedDemo => Self::EmbeddedDemo,
        }
    }
}

/// One definition file of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionFileInfo {
    /// Path relative to the workspace, `/`-separated.
    pub path: String,
    /// Its top-level `kind`, when it has one.
    pub kind: Option<String>,
    /// Its top-level `format` version, when it has one.
    #[ts(type = "number | null")]
    pub format: Option<i64>,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Why it could not be read, when it could not.
    pub problem: Option<String>,
}

impl From<vakt_workspace::DefinitionFile> for DefinitionFileInfo {
    fn from(f: vakt_workspace::DefinitionFile) -> Self {
        Self {
            path: f.relative_path,
            kind: f.kind,
            format: f.format,
            size: f.size,
            sha256: f.sha256,
            problem: f.problem,
        }
    }
}

/// The first screen: the workspace and the database in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceOverview {
    /// The workspace folder, absolute.
    pub workspace_path: String,
    /// Where that choice came from.
    pub workspace_source: WorkspaceSource,
    /// Its definition files, sorted by path.
    pub definition_files: Vec<DefinitionFileInfo>,
    /// The SQLite file holding the journal and run state.
    pub database_path: String,
    /// The database's schema version.
    pub schema_version: u32,
    /// The data directory.
    pub data_dir: String,
    /// This Vakt's version.
    pub vakt_version: String,
}

/// One problem in a definition file, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProblemView {
    /// The file, as the loader named it.
    pub file: String,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: u32,
    /// 1-based column, in characters; 0 when the problem is about the whole file.
    pub column: u32,
    /// What is wrong and what was expected.
    pub message: String,
}

impl From<&vakt_playbook::Problem> for ProblemView {
    fn from(p: &vakt_playbook::Problem) -> Self {
        Self {
            file: p.file.display().to_string(),
            line: u32::try_from(p.line).unwrap_or(u32::MAX),
            column: u32::try_from(p.column).unwrap_or(u32::MAX),
            message: p.message.clone(),
        }
    }
}

impl ProblemView {
    /// A problem from one line of a loader's report, `file:line:col: message`; a line without
    /// a place is a problem of `file` as a whole.
    pub fn from_report_line(file: &str, text: &str) -> Self {
        let placed = (|| {
            let (rest, message) = text.split_once(": ")?;
            let mut parts = rest.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let file = parts.next()?.to_string();
            Some(Self {
                file,
                line,
                column,
                message: message.to_string(),
            })
        })();
        placed.unwrap_or_else(|| Self {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: text.to_string(),
        })
    }
}

/// Which kind of definition a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DefinitionKind {
    /// A playbook.
    Playbook,
    /// The topology.
    Topology,
    /// The retention tiers.
    Retention,
    /// A drill scenario (`drills/*.toml`).
    Drill,
    /// A kind this Vakt does not check.
    Unknown,
}

/// A playbook that loaded cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidPlaybook {
    /// Its path relative to the folder.
    pub path: String,
    /// Its id.
    pub id: String,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// How many steps it has.
    pub steps: u32,
}

/// A definition file other than a playbook, as its own loader checked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OtherDefinition {
    /// Its path relative to the folder.
    pub path: String,
    /// What it holds.
    pub kind: DefinitionKind,
    /// What it holds in a few words (`topology, 70 nodes`), when it loaded cleanly.
    pub summary: Option<String>,
    /// Every problem found.
    pub problems: Vec<ProblemView>,
}

/// Every definition of a folder checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// The folder checked.
    pub folder: String,
    /// The playbooks that loaded cleanly.
    pub playbooks: Vec<ValidPlaybook>,
    /// The other definition files.
    pub other_files: Vec<OtherDefinition>,
    /// The problems of the playbooks and the workspace file.
    pub problems: Vec<ProblemView>,
    /// Every problem found, in all files.
    pub problem_count: u32,
}
