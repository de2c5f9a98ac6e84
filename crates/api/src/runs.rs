//! Playbooks, runs and the journal, as the app and the CLI reach them.

use std::io::Write;
use std::path::{Path, PathBuf};

use vakt_journal::{Checkpoint, Verification};
use vakt_playbook::Loaded;
use vakt_run::Engine;

use crate::{ApiError, ErrorCode, Vakt};

/// The folder under the data directory where evidence files are kept.
pub const EVIDENCE_DIR: &str = "evidence";

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

impl From<vakt_run::RunError> for ApiError {
    fn from(e: vakt_run::RunError) -> Self {
        let code = match e {
            vakt_run::RunError::Journal(_)
            | vakt_run::RunError::Sqlite(_)
            | vakt_run::RunError::Io { .. }
            | vakt_run::RunError::Replay { .. } => ErrorCode::Failed,
            vakt_run::RunError::Forbidden { .. } => ErrorCode::Forbidden,
            _ => ErrorCode::InvalidRequest,
        };
        ApiError::new(code, e.to_string())
    }
}

impl Vakt {
    /// The workspace folder in use.
    pub fn workspace_root(&self) -> &Path {
        &self.workspace.root
    }

    /// The evidence store's folder.
    pub fn evidence_dir(&self) -> PathBuf {
        self.data_dir.join(EVIDENCE_DIR)
    }

    /// Loads and checks every definition of the workspace (or of `dir`).
    pub fn definitions(&self, dir: Option<&Path>) -> Loaded {
        vakt_playbook::load_dir(dir.unwrap_or(&self.workspace.root))
    }

    /// The run engine over this session's database, clock and IDs.
    pub fn run_engine(&mut self) -> Engine<'_> {
        let evidence = self.data_dir.join(EVIDENCE_DIR);
        Engine::new(
            &mut self.db,
            self.clock.as_ref(),
            self.ids.as_ref(),
            &evidence,
        )
    }

    /// Verifies the journal's chain, and against `checkpoint` when given.
    pub fn journal_verify(
        &self,
        checkpoint: Option<&Checkpoint>,
    ) -> Result<Verification, ApiError> {
        vakt_journal::verify(self.db.connection(), checkpoint).map_err(failed)
    }

    /// Writes the journal as JSON (`json`) or CSV (`csv`); returns the number of events.
    pub fn journal_export(&self, format: &str, out: &mut dyn Write) -> Result<u64, ApiError> {
        match format {
            "json" => vakt_journal::export_json(self.db.connection(), out).map_err(failed),
            "csv" => vakt_journal::export_csv(self.db.connection(), out).map_err(failed),
            other => Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("unknown export format `{other}`; expected json or csv"),
            )),
        }
    }

    /// Appends a raw event to the journal (the crash test's `journal soak` uses it).
    pub fn journal_append(
        &mut self,
        draft: &vakt_journal::EventDraft,
    ) -> Result<vakt_journal::Event, ApiError> {
        self.may_change("writing to the journal")?;
        vakt_journal::append(
            self.db.connection_mut(),
            draft,
            self.clock.as_ref(),
            self.ids.as_ref(),
        )
        .map_err(failed)
    }
}
