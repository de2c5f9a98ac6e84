//! Playbooks, runs and the journal, as the app and the CLI reach them.

use std::io::Write;
use std::path::{Path, PathBuf};

use vakt_journal::{Checkpoint, Verification};
use vakt_playbook::Loaded;
use vakt_run::Engine;

use crate::json::ExportFormat;
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
    pub fn workspace_root(&self) -> Result<&Path, ApiError> {
        Ok(&self.workspace()?.root)
    }

    /// The evidence store's folder.
    pub fn evidence_dir(&self) -> PathBuf {
        self.data_dir.join(EVIDENCE_DIR)
    }

    /// Loads and checks every definition of the workspace (or of `dir`).
    pub fn definitions(&self, dir: Option<&Path>) -> Result<Loaded, ApiError> {
        match dir {
            Some(d) => Ok(vakt_playbook::load_dir(d)),
            None => Ok(vakt_playbook::load_dir(&self.workspace()?.root)),
        }
    }

    /// The run engine over this session's database, clock and IDs, for tests and tools that
    /// drive runs with actors of their own. The engine refuses the auditor role itself; the
    /// window and the CLI reach it only through operations ([`crate::Session::call`]).
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

    /// Writes the journal as JSON or CSV; returns the number of events.
    pub fn journal_export(
        &self,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<u64, ApiError> {
        match format {
            ExportFormat::Json => {
                vakt_journal::export_json(self.db.connection(), out).map_err(failed)
            }
            ExportFormat::Csv => vakt_journal::export_csv(self.db.connection(), out).map_err(failed),
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
