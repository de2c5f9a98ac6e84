//! The console's operations: settings, the dashboard's runs, the run view's actions and the
//! journal screen. Every change is made as the user of the settings, in their role: an auditor
//! is refused by the run engine ([`vakt_run::READ_ONLY_ROLE`]) and here, with
//! [`ErrorCode::Forbidden`].

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;
use vakt_journal::{Checkpoint, Event, EventQuery};
use vakt_run::Actor;

use crate::json::{
    ExportFormat, JournalCheck, JournalEventView, JournalExported, JournalFilter, JournalPage,
    PlaybookCategory, PlaybookSummary, ReceiptView, RunAction, RunMode, RunRef, RunSummary,
    RunView, Settings, SettingsInput, UserRole,
};
use crate::run_view::{engine_action, summary, view, with_devices};
use crate::{ApiError, ErrorCode, Vakt};

const USER_ROLE: &str = "user.role";
const LANGUAGE: &str = "ui.language";
/// The most events one journal page holds (the newest matching ones); filters narrow further.
pub const JOURNAL_PAGE_LIMIT: usize = 2000;

fn journal_failed(e: vakt_journal::JournalError) -> ApiError {
    ApiError::new(ErrorCode::Failed, e.to_string())
}

pub(crate) fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

pub(crate) fn parse_time(text: &str, what: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            invalid(format!(
                "{what} `{text}` is not a time like 2026-11-26T08:00:00Z"
            ))
        })
}

impl Vakt {
    /// The settings screen's values.
    pub fn settings(&self) -> Result<Settings, ApiError> {
        let role = self
            .db
            .setting(USER_ROLE)?
            .and_then(|r| UserRole::from_id(&r))
            .unwrap_or(UserRole::Responder);
        Ok(Settings {
            role,
            language: self
                .db
                .setting(LANGUAGE)?
                .unwrap_or_else(|| "en".to_string()),
            workspace_path: self
                .workspace
                .as_ref()
                .map(|w| w.root.display().to_string())
                .unwrap_or_default(),
        })
    }

    /// Saves the role claimed and the window's language (who acts is the person, `me`).
    pub fn save_settings(&mut self, input: &SettingsInput) -> Result<Settings, ApiError> {
        if !matches!(input.language.as_str(), "en" | "nl") {
            return Err(invalid(format!(
                "unknown language `{}`; expected en or nl",
                input.language
            )));
        }
        let clock = self.clock.as_ref();
        self.db.set_setting(USER_ROLE, input.role.id(), clock)?;
        self.db.set_setting(LANGUAGE, &input.language, clock)?;
        self.settings()
    }

    /// The person acting (the binary's choice, else the person at the keyboard), in the role
    /// the binary gives, else the role the settings claim (`None` for a responder: the run
    /// engine then takes the role the person holds in the run). Never waits for set-up.
    pub(crate) fn actor(&self) -> Result<Actor, ApiError> {
        let person = self.current_person()?;
        let role = match &self.acting {
            Some(a) if a.role.is_some() => a.role.clone(),
            _ => match self.settings()?.role {
                UserRole::Responder => None,
                other => Some(other.id().to_string()),
            },
        };
        Ok(self.attribution(&person, role))
    }

    /// `person` acting in `role` on this machine as it is now: login, uid, host, addresses.
    pub(crate) fn attribution(
        &self,
        person: &crate::people::Person,
        role: Option<String>,
    ) -> Actor {
        let here = self.machine.whereabouts();
        Actor {
            actor: person.file.display_name.clone(),
            person: Some(person.id.clone()),
            os_user: here.os_user,
            os_uid: here.os_uid,
            host: here.host,
            addresses: here.addresses,
            role,
        }
    }

    /// Refuses a change when the person acting is an auditor: listed in the workspace with the
    /// auditor role (whatever name, role or flag they pass), or acting as auditor by the
    /// binary's role or the settings' role. Called by [`Session::call`](crate::Session::call)
    /// before every operation of the change class.
    pub(crate) fn may_change(&self, what: &str) -> Result<(), ApiError> {
        let claimed = match self.acting.as_ref().and_then(|a| a.role.as_deref()) {
            Some(r) => UserRole::from_id(r),
            None => Some(self.settings()?.role),
        };
        let listed = self.current_person().ok().is_some_and(|p| {
            self.workspace_file()
                .and_then(|w| w.person_with_key(&p.id).map(crate::people::is_auditor))
                .unwrap_or(false)
        });
        if listed || claimed == Some(UserRole::Auditor) {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!("an auditor may read and verify but change nothing: {what} refused"),
            ));
        }
        Ok(())
    }

    /// The playbooks of the workspace that load cleanly, incident procedure first.
    pub fn playbook_list(&self) -> Result<Vec<PlaybookSummary>, ApiError> {
        let mut list: Vec<PlaybookSummary> = self
            .definitions(None)?
            .playbooks
            .iter()
            .map(|p| PlaybookSummary {
                id: p.playbook.id.clone(),
                path: p.path.clone(),
                category: match p.playbook.category {
                    vakt_playbook::Category::Incident => PlaybookCategory::Incident,
                    vakt_playbook::Category::Dr => PlaybookCategory::Dr,
                },
                title: (&p.playbook.title).into(),
                summary: (&p.playbook.summary).into(),
                step_count: p.playbook.steps.len() as u32,
            })
            .collect();
        list.sort_by(|a, b| {
            let rank =
                |p: &PlaybookSummary| (p.category != PlaybookCategory::Incident, p.path.clone());
            rank(a).cmp(&rank(b))
        });
        Ok(list)
    }

    /// The run whose id is `text` or starts with it.
    pub(crate) fn find_run(&mut self, text: &str) -> Result<Uuid, ApiError> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(id);
        }
        if text.is_empty() {
            return Err(invalid("say which run"));
        }
        let found: Vec<Uuid> = self
            .run_engine()
            .runs()?
            .iter()
            .map(|r| r.id)
            .filter(|id| id.to_string().starts_with(text))
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(invalid(format!("no run id starts with `{text}`"))),
            _ => Err(invalid(format!(
                "`{text}` matches {} runs; give more of the id",
                found.len()
            ))),
        }
    }

    /// Every run, newest first.
    pub fn run_list(&mut self) -> Result<Vec<RunSummary>, ApiError> {
        let now = self.clock.now();
        let mut runs: Vec<RunSummary> = self
            .run_engine()
            .runs()?
            .iter()
            .map(|r| summary(r, now))
            .collect();
        runs.reverse();
        Ok(runs)
    }

    /// Starts a run of playbook `playbook` (an incident or a drill) as the user.
    pub fn run_start(
        &mut self,
        playbook: &str,
        mode: RunMode,
        title: &str,
    ) -> Result<RunView, ApiError> {
        let actor = self.actor()?;
        let loaded = self.definitions(None)?;
        // An unknown, invalid or ambiguous (duplicate) id is refused, with the files named.
        let p = loaded
            .playbook(playbook)
            .map_err(|e| invalid(e.to_string()))?
            .clone();
        let roles = loaded
            .workspace
            .as_ref()
            .map(|w| w.roles.iter().map(|r| r.id.clone()).collect())
            .unwrap_or_default();
        let state = self
            .run_engine()
            .start(&actor, &p, roles, mode.into(), title)?;
        self.queue_phase_anchor(&state);
        self.run_view_of(&state)
    }

    /// The run view of `state` now, each line with the device it was done from.
    fn run_view_of(&self, state: &vakt_run::RunState) -> Result<RunView, ApiError> {
        let events = vakt_journal::run_events(self.db.connection(), state.id)
            .map_err(|e| ApiError::new(crate::ErrorCode::Failed, e.to_string()))?;
        Ok(with_devices(view(state, self.clock.now()), &events))
    }

    /// The run view of run `run`.
    pub fn run_view(&mut self, run: &str) -> Result<RunView, ApiError> {
        let id = self.find_run(run)?;
        let state = self.run_engine().state(id)?;
        self.run_view_of(&state)
    }

    /// Records `action` in run `run` as the user; returns the run as committed.
    pub fn run_act(&mut self, run: &str, action: RunAction) -> Result<RunView, ApiError> {
        let id = self.find_run(run)?;
        let actor = self.actor()?;
        let action = match engine_action(action)? {
            vakt_run::Action::AssignRole { role, person, .. } => {
                let (person, person_name, keys) = self.assignee(&role, &person)?;
                vakt_run::Action::AssignRole {
                    role,
                    person,
                    person_name,
                    keys,
                }
            }
            other => other,
        };
        let state = self.run_engine().act(id, &actor, action)?;
        self.queue_phase_anchor(&state);
        self.run_view_of(&state)
    }

    /// Copies the file at `path` into the evidence store and records it in run `run`.
    pub fn run_attach(
        &mut self,
        run: &str,
        path: &str,
        step: Option<String>,
        description: &str,
    ) -> Result<RunView, ApiError> {
        let id = self.find_run(run)?;
        let actor = self.actor()?;
        if path.trim().is_empty() {
            return Err(invalid("choose the file to attach"));
        }
        let state =
            self.run_engine()
                .attach(id, &actor, Path::new(path.trim()), step, description)?;
        self.run_view_of(&state)
    }

    /// The newest journal events matching `filter` (at most [`JOURNAL_PAGE_LIMIT`], older
    /// pages by `filter.before`), how many match, and the choices the filters offer. Paged in
    /// SQL: the cost follows the page, not the journal's length.
    pub fn journal_page(&self, filter: &JournalFilter) -> Result<JournalPage, ApiError> {
        let time_bound = |t: &Option<String>, what: &str| {
            t.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|t| parse_time(t, what))
                .transpose()
        };
        let text = |t: &Option<String>| t.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
        let query = EventQuery {
            run: text(&filter.run),
            actor: text(&filter.actor),
            kind: text(&filter.kind),
            from: time_bound(&filter.from, "from")?,
            to: time_bound(&filter.to, "to")?,
            before: filter.before,
            limit: JOURNAL_PAGE_LIMIT,
        };
        let conn = self.db.connection();
        let (events, matching) = vakt_journal::query(conn, &query).map_err(journal_failed)?;
        let choices = vakt_journal::choices(conn).map_err(journal_failed)?;
        Ok(JournalPage {
            events: events
                .iter()
                .map(|e| event_view(e, e.run.map(|r| r.to_string())))
                .collect(),
            matching,
            total: choices.total,
            runs: choices
                .runs
                .into_iter()
                .map(|(id, title)| RunRef {
                    id: id.to_string(),
                    title,
                })
                .collect(),
            actors: choices.actors,
            kinds: choices.kinds,
        })
    }

    /// Verifies the chain, and against the checkpoint file at `checkpoint` when given.
    pub fn journal_check(&self, checkpoint: Option<&str>) -> Result<JournalCheck, ApiError> {
        let cp = match checkpoint.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    ApiError::new(
                        ErrorCode::Failed,
                        format!("cannot read the checkpoint {path}: {e}"),
                    )
                })?;
                Some(serde_json::from_str::<Checkpoint>(&text).map_err(|e| {
                    invalid(format!(
                        "{path} is not a checkpoint ({{\"count\": …, \"head_hash\": …}}): {e}"
                    ))
                })?)
            }
        };
        let v = self.journal_verify(cp.as_ref())?;
        Ok(JournalCheck {
            intact: v.is_intact(),
            count: v.count,
            head_hash: v.head_hash.clone(),
            break_seq: v.first_break.as_ref().map(|b| b.seq),
            break_reason: v.first_break.as_ref().map(|b| b.reason.clone()),
            checkpoint_compared: cp.is_some(),
            evidence: None,
        })
    }

    /// Whether the journal's chain holds and where it first breaks: the chain only (every
    /// event's hash and signature, not the evidence store), verified again only when the
    /// journal has grown since the last time this session looked.
    pub fn journal_state(&mut self) -> Result<JournalCheck, ApiError> {
        let size: (u64, u64) = self
            .db
            .connection()
            .query_row(
                "SELECT count(*), coalesce(max(seq), 0) FROM journal_event",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| ApiError::from(self.db.sqlite(e)))?;
        if let Some((seen, check)) = &self.chain_seen
            && *seen == size
        {
            return Ok(check.clone());
        }
        let check = self.journal_check(None)?;
        self.chain_seen = Some((size, check.clone()));
        Ok(check)
    }

    /// Writes the whole journal as JSON or CSV to the file at `path`; returns the count.
    pub fn journal_export_file(
        &self,
        format: ExportFormat,
        path: &str,
    ) -> Result<JournalExported, ApiError> {
        let path = path.trim();
        if path.is_empty() {
            return Err(invalid("choose where to save the export"));
        }
        let mut buffer = Vec::new();
        let count = self.journal_export(format, &mut buffer)?;
        std::fs::write(path, buffer)
            .map_err(|e| ApiError::new(ErrorCode::Failed, format!("cannot write {path}: {e}")))?;
        Ok(JournalExported {
            path: path.to_string(),
            count,
        })
    }
}

fn event_view(e: &Event, run: Option<String>) -> JournalEventView {
    let payload = if e.kind == vakt_run::kind::RUN_STARTED {
        serde_json::json!({
            "title": e.payload.get("title"),
            "mode": e.payload.get("mode"),
            "playbook_id": e.payload.get("playbook_id"),
            "playbook_sha256": e.payload.get("playbook_sha256"),
        })
    } else {
        e.payload.clone()
    };
    JournalEventView {
        seq: e.seq,
        at: time(e.at),
        actor: e.by.actor.clone(),
        role: e.by.role.clone(),
        host: e.by.host.clone(),
        person: e.by.person.clone(),
        os_user: e.by.os_user.clone(),
        os_uid: e.by.os_uid,
        addresses: e.by.addresses.clone(),
        kind: e.kind.clone(),
        run,
        payload: payload.to_string(),
        hash: vakt_stdx::hex(&e.hash),
        device: (!e.device.is_nil()).then(|| e.device.to_string()),
        receipt: e.receipt.as_ref().map(|r| ReceiptView {
            login: r.login.clone(),
            address: r.address.clone(),
            server_time: time(r.server_time),
            server_seq: r.server_seq,
        }),
    }
}
