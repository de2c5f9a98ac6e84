//! An open session of Vakt's core.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use vakt_sources::{Clock, IdSource};
use vakt_store::Database;
use vakt_workspace::{Candidates, Resolved};

use crate::{ApiError, ErrorCode, LaunchOptions, json};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "vakt.sqlite3";

/// An open session: data directory, database, workspace, clock and IDs.
pub struct Vakt {
    pub(crate) data_dir: PathBuf,
    pub(crate) db: Database,
    pub(crate) workspace: Resolved,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) ids: Arc<dyn IdSource>,
}

impl std::fmt::Debug for Vakt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vakt")
            .field("data_dir", &self.data_dir)
            .field("db", &self.db.path())
            .field("workspace", &self.workspace)
            .finish_non_exhaustive()
    }
}

impl Vakt {
    /// Opens the data directory and its database (creating and migrating it when needed), then
    /// finds the workspace: `--workspace`, `VAKT_WORKSPACE`, the saved setting, or the demo.
    pub fn open(
        options: &LaunchOptions,
        clock: Arc<dyn Clock>,
        ids: Arc<dyn IdSource>,
    ) -> Result<Self, ApiError> {
        let data_dir = options.resolved_data_dir()?;
        let db = Database::open(&data_dir.join(DATABASE_FILE), clock.as_ref())?;
        let candidates = Candidates {
            flag: options.workspace.clone(),
            environment: options.workspace_from_environment.clone(),
            setting: db.setting("workspace")?.map(PathBuf::from),
        };
        let workspace = vakt_workspace::resolve(&candidates, &data_dir)?;
        Ok(Self {
            data_dir,
            db,
            workspace,
            clock,
            ids,
        })
    }

    /// What the first screen shows: where the workspace and the database are, and which
    /// definition files the workspace holds.
    pub fn workspace_overview(&self) -> Result<json::WorkspaceOverview, ApiError> {
        let files = vakt_workspace::definition_files(&self.workspace.root)?;
        Ok(json::WorkspaceOverview {
            workspace_path: self.workspace.root.display().to_string(),
            workspace_source: self.workspace.source.into(),
            definition_files: files.into_iter().map(Into::into).collect(),
            database_path: self.db.path().display().to_string(),
            schema_version: self.db.schema_version()?,
            data_dir: self.data_dir.display().to_string(),
            vakt_version: env!("CARGO_PKG_VERSION").to_string(),
        })
    }

    /// Saves `path` as the workspace for the next start; it must be an existing folder.
    pub fn choose_workspace(&mut self, path: PathBuf) -> Result<json::WorkspaceOverview, ApiError> {
        self.may_change("choosing another workspace")?;
        let resolved = vakt_workspace::resolve(
            &Candidates {
                setting: Some(path),
                ..Candidates::default()
            },
            &self.data_dir,
        )?;
        let text = resolved.root.to_str().ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                "the workspace path is not valid Unicode",
            )
        })?;
        self.db
            .set_setting("workspace", text, self.clock.as_ref())?;
        self.workspace = resolved;
        self.workspace_overview()
    }
}

/// A session as a long-running shell holds it: either open, or the reason it could not open,
/// so the window can still start and say what is wrong.
#[derive(Debug)]
pub struct Session {
    inner: Result<Mutex<Vakt>, ApiError>,
}

impl Session {
    /// Opens a session; a failure is kept and returned by every later call.
    pub fn open(options: &LaunchOptions, clock: Arc<dyn Clock>, ids: Arc<dyn IdSource>) -> Self {
        Self {
            inner: Vakt::open(options, clock, ids).map(Mutex::new),
        }
    }

    /// A session that could not start, for example because the arguments were wrong.
    pub fn failed(error: ApiError) -> Self {
        Self { inner: Err(error) }
    }

    /// Runs `op` on the open session, one caller at a time.
    pub fn with<T>(
        &self,
        op: impl FnOnce(&mut Vakt) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let vakt = self.inner.as_ref().map_err(Clone::clone)?;
        let mut guard = vakt.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        op(&mut guard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::WorkspaceSource;
    use vakt_sources::{FixedClock, SequentialIds};

    fn open(options: &LaunchOptions) -> Result<Vakt, ApiError> {
        Vakt::open(
            options,
            Arc::new(FixedClock::at(
                "2026-11-26T08:00:00Z".parse().expect("time"),
            )),
            Arc::new(SequentialIds::new()),
        )
    }

    #[test]
    fn first_start_creates_the_database_and_unpacks_the_demo() {
        let data = tempfile::tempdir().expect("tempdir");
        let options = LaunchOptions {
            data_dir: Some(data.path().join("vakt")),
            ..LaunchOptions::default()
        };
        let overview = open(&options)
            .expect("open")
            .workspace_overview()
            .expect("overview");
        assert_eq!(overview.workspace_source, WorkspaceSource::EmbeddedDemo);
        assert!(overview.database_path.ends_with("vakt/vakt.sqlite3"));
        assert!(std::path::Path::new(&overview.database_path).exists());
        assert_eq!(overview.schema_version, vakt_store::LATEST_SCHEMA_VERSION);
        assert_eq!(
            overview.definition_files.len(),
            vakt_workspace::demo::files()
                .iter()
                .filter(|(p, _)| p.ends_with(".toml"))
                .count()
        );
    }

    #[test]
    fn a_chosen_workspace_is_used_at_the_next_start() {
        let data = tempfile::tempdir().expect("tempdir");
        let ws = tempfile::tempdir().expect("ws");
        std::fs::write(
            ws.path().join("p.toml"),
            "format = 1\nkind = \"playbook\"\n",
        )
        .expect("w");
        let options = LaunchOptions {
            data_dir: Some(data.path().into()),
            ..LaunchOptions::default()
        };
        open(&options)
            .expect("open")
            .choose_workspace(ws.path().into())
            .expect("choose");
        let overview = open(&options)
            .expect("reopen")
            .workspace_overview()
            .expect("overview");
        assert_eq!(overview.workspace_source, WorkspaceSource::Setting);
        assert_eq!(overview.definition_files.len(), 1);
        assert_eq!(
            overview.definition_files[0].kind.as_deref(),
            Some("playbook")
        );
    }

    #[test]
    fn a_session_that_failed_returns_its_error_to_every_call() {
        let options = LaunchOptions {
            data_dir: Some(tempfile::tempdir().expect("tempdir").path().into()),
            workspace: Some("/nonexistent/ws".into()),
            ..LaunchOptions::default()
        };
        let session = Session::open(
            &options,
            Arc::new(FixedClock::at(
                "2026-11-26T08:00:00Z".parse().expect("time"),
            )),
            Arc::new(SequentialIds::new()),
        );
        let err = session
            .with(|v| v.workspace_overview())
            .expect_err("failed");
        assert_eq!(err.code, ErrorCode::WorkspaceNotFound);
    }
}
