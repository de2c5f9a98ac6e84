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
