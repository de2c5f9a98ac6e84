//! Playbooks, runs and the journal, as the app and the CLI reach them.

use std::io::Write;
use std::path::{Path, PathBuf};

use vakt_journal::{Checkpoint, Verification};
use vakt_playbook::Loaded;
use vakt_run::Engine;

use crate::console::invalid;
use crate::json::{ExportFormat, JournalCheckpoint, JournalText, NotificationDraft, SoakTick};
use crate::{ApiError, ErrorCode, Vakt};

/// The folder under the data directory where evidence files are kept.
pub const EVIDENCE_DIR: &str = "evidence";

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

impl From<vakt_run::RunError> for ApiError {
    fn from(e: vakt_run::RunError) -> Self {
        use vakt_run::evidence::EvidenceError;
        let code = match e {
            vakt_run::RunError::Io { .. }
            | vakt_run::RunError::Evidence(
                EvidenceError::Store { .. } | EvidenceError::DiskFull { .. },
            ) => ErrorCode::Unavailable,
            vakt_run::RunError::Evidence(EvidenceError::Cancelled) => ErrorCode::Failed,
            vakt_run::RunError::Evidence(EvidenceError::Locked { .. }) => ErrorCode::Locked,
            vakt_run::RunError::Journal(_)
            | vakt_run::RunError::Sqlite(_)
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

    /// The evidence store, sealing new copies under the data key when the data directory is
    /// encrypted.
    pub fn evidence_store(&self) -> vakt_run::evidence::EvidenceStore {
        vakt_run::evidence::EvidenceStore::new(self.evidence_dir()).with_key(
            self.data_key
                .as_ref()
                .map(|k| vakt_run::sealed::EvidenceKey::of(k, self.keys.clone())),
        )
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
        let evidence = self.evidence_store();
        Engine::new(
            &mut self.db,
            self.clock.as_ref(),
            self.ids.as_ref(),
            evidence.root(),
        )
        .with_evidence_store(evidence)
    }

    /// The message of notification `notification` (to `customer`) in run `run`, drafted in
    /// `language` from the workspace's template (`templates/<template>.<language>.md`) and the
    /// run's facts; written to `save_to` as well when given. Records nothing in the run: the
    /// responder records a draft with the `notificationDrafted` action.
    pub fn notification_draft(
        &mut self,
        run: &str,
        notification: &str,
        customer: Option<&str>,
        language: &str,
        save_to: Option<&str>,
    ) -> Result<NotificationDraft, ApiError> {
        if !matches!(language, "en" | "nl") {
            return Err(invalid(format!(
                "unknown language `{language}`; expected en or nl"
            )));
        }
        let id = self.find_run(run)?;
        let state = self.run_engine().state(id)?;
        let customer = customer.map(str::trim).filter(|c| !c.is_empty());
        let i = state
            .notifications
            .iter()
            .position(|n| n.notification == notification && n.customer.as_deref() == customer)
            .ok_or_else(|| {
                invalid(match customer {
                    Some(c) => format!("the register has no notification `{notification}` to `{c}`"),
                    None => format!("the register has no notification `{notification}` (one to each affected customer needs the customer)"),
                })
            })?;
        let Some(template) = state.notifications[i].template.clone() else {
            return Err(invalid(format!(
                "notification `{notification}` has no template to draft from"
            )));
        };
        let relative = format!("templates/{template}.{language}.md");
        let root = self.workspace_root()?.to_path_buf();
        let text = std::fs::read_to_string(root.join(&relative)).map_err(|e| {
            ApiError::new(
                ErrorCode::Failed,
                format!("cannot read the template {relative}: {e}"),
            )
        })?;
        let organisation = self
            .definitions(None)?
            .workspace
            .map(|w| w.organisation.name)
            .unwrap_or_default();
        let facts = state.draft_facts(&organisation, notification, customer);
        let text = vakt_run::draft(&text, &facts);
        let mut missing: Vec<String> = text
            .split("[missing: ")
            .skip(1)
            .filter_map(|rest| rest.split_once(']').map(|(name, _)| name.to_string()))
            .collect();
        missing.sort();
        missing.dedup();
        let saved_to = match save_to.map(str::trim).filter(|p| !p.is_empty()) {
            Some(path) => {
                std::fs::write(path, &text).map_err(|e| {
                    ApiError::new(ErrorCode::Failed, format!("cannot write {path}: {e}"))
                })?;
                Some(path.to_string())
            }
            None => None,
        };
        Ok(NotificationDraft {
            notification: notification.to_string(),
            customer: customer.map(str::to_string),
            language: language.to_string(),
            template: relative,
            text,
            missing,
            saved_to,
        })
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
            ExportFormat::Csv => {
                vakt_journal::export_csv(self.db.connection(), out).map_err(failed)
            }
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

    /// Verifies the journal and gives its checkpoint; writes it to `path` as well when given.
    pub fn journal_checkpoint(&self, path: Option<&str>) -> Result<JournalCheckpoint, ApiError> {
        let v = self.journal_verify(None)?;
        if let Some(b) = &v.first_break {
            return Err(ApiError::new(
                ErrorCode::Failed,
                format!(
                    "no checkpoint of a broken journal: event {}: {}",
                    b.seq, b.reason
                ),
            ));
        }
        let checkpoint = v.checkpoint();
        if let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) {
            let text = serde_json::to_string_pretty(&checkpoint).map_err(failed)?;
            std::fs::write(path, format!("{text}\n")).map_err(|e| {
                ApiError::new(ErrorCode::Failed, format!("cannot write {path}: {e}"))
            })?;
        }
        Ok(JournalCheckpoint {
            count: checkpoint.count,
            head_hash: checkpoint.head_hash,
        })
    }

    /// The whole journal as JSON or CSV text.
    pub fn journal_export_text(&self, format: ExportFormat) -> Result<JournalText, ApiError> {
        let mut buffer = Vec::new();
        let count = self.journal_export(format, &mut buffer)?;
        let text = String::from_utf8(buffer).map_err(failed)?;
        Ok(JournalText {
            format,
            count,
            text,
        })
    }

    /// Appends one `soak.tick` event for the crash test, as the acting person on this host.
    pub fn journal_soak(&mut self, tick: u64) -> Result<SoakTick, ApiError> {
        let draft = vakt_journal::EventDraft {
            by: self.attribution(&self.current_person()?, None),
            kind: "soak.tick".into(),
            run: None,
            payload: serde_json::json!({ "i": tick }),
        };
        let event = self.journal_append(&draft)?;
        Ok(SoakTick { seq: event.seq })
    }
}
