//! The console's screens: dashboard, run view, journal and settings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A text in the languages the window speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Dutch (English where the definition gives no Dutch).
    pub nl: String,
}

impl From<&vakt_playbook::Text> for Localized {
    fn from(t: &vakt_playbook::Text) -> Self {
        Self {
            en: t.get("en").to_string(),
            nl: t.get("nl").to_string(),
        }
    }
}

/// The role the user of this computer acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum UserRole {
    /// Works the steps.
    Responder,
    /// Leads the response and signs runs off.
    IncidentManager,
    /// Reads and verifies everything, changes nothing.
    Auditor,
}

impl UserRole {
    /// The workspace role id.
    pub fn id(self) -> &'static str {
        match self {
            UserRole::Responder => "responder",
            UserRole::IncidentManager => "incident-manager",
            UserRole::Auditor => "auditor",
        }
    }

    /// The role with workspace role id `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        [Self::Responder, Self::IncidentManager, Self::Auditor]
            .into_iter()
            .find(|r| r.id() == id)
    }
}

/// The settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The user's name as the journal records it; empty until set.
    pub user_name: String,
    /// The role they act in.
    pub role: UserRole,
    /// `en` or `nl`.
    pub language: String,
    /// The workspace folder in use.
    pub workspace_path: String,
}

/// What the settings screen saves (the workspace folder is chosen with `choose_workspace`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsInput {
    /// The user's name.
    pub user_name: String,
    /// The role they act in.
    pub role: UserRole,
    /// `en` or `nl`.
    pub language: String,
}

/// A playbook one can start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlaybookSummary {
    /// Its id.
    pub id: String,
    /// Its file, relative to the workspace.
    pub path: String,
    /// Incident procedure or disaster recovery.
    pub category: PlaybookCategory,
    /// Its title.
    pub title: Localized,
    /// What it is for.
    pub summary: Localized,
    /// How many steps.
    pub step_count: u32,
}

/// A clock of a run: the UI counts down to `deadline` from its own `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// The deadline (RFC 3339, UTC), once the moment it counts from is recorded.
    pub deadline: Option<String>,
    /// Where it stands at the backend's time of asking.
    pub state: ClockStateName,
    /// When it was met.
    pub met_at: Option<String>,
    /// Whether it was met by the deadline.
    pub in_time: Option<bool>,
}

/// A run as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// Its id.
    pub id: String,
    /// Incident or drill.
    pub mode: RunMode,
    /// Its title.
    pub title: String,
    /// The playbook it follows.
    pub playbook_id: String,
    /// The playbook's title.
    pub playbook_title: Localized,
    /// Where the run stands.
    pub phase: RunPhase,
    /// The step to do now.
    pub current_step: Option<String>,
    /// Its title.
    pub current_step_title: Option<Localized>,
    /// Steps behind (done or skipped).
    pub steps_done: u32,
    /// Steps in the playbook.
    pub step_count: u32,
    /// When it began (RFC 3339).
    pub started_at: String,
    /// Who began it.
    pub started_by: String,
    /// Its clocks.
    pub clocks: Vec<ClockView>,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// Who signed it off.
    pub closed_by: Option<String>,
}

/// A decision option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// When to choose it.
    pub criteria: Option<Localized>,
}

/// A step of a run: its definition and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// What to do.
    pub instructions: Localized,
    /// The role that does it.
    pub role: String,
    /// Expected duration in seconds.
    pub duration_seconds: u32,
    /// What to check off.
    pub checklist: Vec<Localized>,
    /// Evidence the step asks for.
    pub evidence_requests: Vec<Localized>,
    /// The decision's question, for a decision step.
    pub question: Option<Localized>,
    /// The decision's options.
    pub options: Vec<OptionView>,
    /// Where the step stands.
    pub status: StepStatusName,
    /// When the status began (RFC 3339).
    pub status_at: Option<String>,
    /// Who set it.
    pub status_by: Option<String>,
    /// The reason, for skipped and failed.
    pub reason: Option<String>,
}

/// A record in a run (decision, note, evidence), one line each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunEntry {
    /// The step it is about.
    pub step: Option<String>,
    /// The decision option, the note text, or the evidence's file name.
    pub text: String,
    /// The rationale, or the evidence's description.
    pub detail: String,
    /// The evidence's SHA-256, hex.
    pub sha256: Option<String>,
    /// The evidence's size in bytes.
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A role given to a person in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// The role id.
    pub role: String,
    /// The person.
    pub person: String,
}

/// The run view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    /// What the dashboard shows of it.
    pub summary: RunSummary,
    /// Every step, in playbook order.
    pub steps: Vec<StepView>,
    /// Role ids that may be assigned.
    pub roles: Vec<String>,
    /// Who holds which role.
    pub assignments: Vec<Assignment>,
    /// The role that signs the run off.
    pub sign_off_role: String,
    /// The sign-off statement, once closed.
    pub sign_off_statement: Option<String>,
    /// Decisions taken.
    pub decisions: Vec<RunEntry>,
    /// Notes.
    pub notes: Vec<RunEntry>,
    /// Evidence attached.
    pub evidence: Vec<RunEntry>,
    /// Sequence number of the run's last journal event: what is shown is committed up to it.
    #[ts(type = "number")]
    pub last_seq: u64,
}

/// Something a responder does in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "camelCase")]
pub enum RunAction {
    /// Begin the current step.
    Start {
        /// The step.
        step: String,
    },
    /// Finish the active step.
    Complete {
        /// The step.
        step: String,
    },
    /// Pass over the current step.
    Skip {
        /// The step.
        step: String,
        /// Why.
        reason: String,
    },
    /// Record that the active step failed.
    Fail {
        /// The step.
        step: String,
        /// What went wrong.
        reason: String,
    },
    /// Take the decision of the active decision step.
    Decide {
        /// The step.
        step: String,
        /// The option.
        option: String,
        /// Why.
        rationale: String,
    },
    /// Add a note.
    Note {
        /// The step it is about.
        step: Option<String>,
        /// The text.
        text: String,
    },
    /// Give a role to a person.
    AssignRole {
        /// The role id.
        role: String,
        /// The person.
        person: String,
    },
    /// Record a named moment (awareness, a maintenance window, …), now or at a given time.
    Moment {
        /// The moment's id.
        moment: String,
        /// When (RFC 3339); `null` means now.
        at: Option<String>,
    },
    /// Close the run with a sign-off.
    Close {
        /// What the signer declares.
        statement: String,
    },
}

/// Which journal events to show; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalFilter {
    /// Events of this run.
    pub run: Option<String>,
    /// By this actor.
    pub actor: Option<String>,
    /// Of this kind.
    pub kind: Option<String>,
    /// At or after (RFC 3339).
    pub from: Option<String>,
    /// At or before (RFC 3339).
    pub to: Option<String>,
    /// Only events older than this sequence number (the next page back); `null` for the newest.
    #[ts(type = "number | null")]
    pub before: Option<u64>,
}

/// One journal event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalEventView {
    /// Sequence number.
    #[ts(type = "number")]
    pub seq: u64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// In which role.
    pub role: Option<String>,
    /// On which machine.
    pub host: String,
    /// What happened.
    pub kind: String,
    /// The run.
    pub run: Option<String>,
    /// The payload, as compact JSON (a run's start shows its title and playbook only).
    pub payload: String,
    /// The event's hash, hex.
    pub hash: String,
}

/// A run in the journal's filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunRef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// The journal screen: the matching events and what the filters can choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalPage {
    /// Matching events, in order; the newest [`crate::JOURNAL_PAGE_LIMIT`] when more match.
    pub events: Vec<JournalEventView>,
    /// How many events match the filter.
    #[ts(type = "number")]
    pub matching: u64,
    /// Events in the whole journal.
    #[ts(type = "number")]
    pub total: u64,
    /// Every run.
    pub runs: Vec<RunRef>,
    /// Every actor.
    pub actors: Vec<String>,
    /// Every kind.
    pub kinds: Vec<String>,
}

/// The outcome of verifying the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalCheck {
    /// Whether the chain (and the checkpoint, when given) holds and every stored evidence copy
    /// is there and unchanged.
    pub intact: bool,
    /// Events checked.
    #[ts(type = "number")]
    pub count: u64,
    /// The last event's hash, hex.
    pub head_hash: String,
    /// The first bad sequence number.
    #[ts(type = "number | null")]
    pub break_seq: Option<u64>,
    /// What is wrong there.
    pub break_reason: Option<String>,
    /// Whether a checkpoint was compared too.
    pub checkpoint_compared: bool,
    /// The evidence store rehashed against the journal (`vakt evidence verify`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub evidence: Option<super::EvidenceVerdict>,
}

/// A playbook's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum PlaybookCategory {
    /// The incident procedure.
    Incident,
    /// Disaster recovery.
    Dr,
}

/// Whether a run is a real incident or a rehearsal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RunMode {
    /// A real incident.
    Incident,
    /// A drill (rehearsal).
    Drill,
}

impl From<vakt_run::Mode> for RunMode {
    fn from(m: vakt_run::Mode) -> Self {
        match m {
            vakt_run::Mode::Incident => Self::Incident,
            vakt_run::Mode::Drill => Self::Drill,
        }
    }
}

impl From<RunMode> for vakt_run::Mode {
    fn from(m: RunMode) -> Self {
        match m {
            RunMode::Incident => Self::Incident,
            RunMode::Drill => Self::Drill,
        }
    }
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RunPhase {
    /// No step begun yet.
    Starting,
    /// Steps are being worked.
    Responding,
    /// Every step is behind; the run waits for its sign-off.
    SignOff,
    /// Signed off and closed.
    Closed,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatusName {
    /// Not begun.
    Pending,
    /// Being worked.
    Active,
    /// Finished.
    Done,
    /// Passed over, with a reason.
    Skipped,
    /// Failed, with a reason.
    Failed,
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ClockStateName {
    /// The moment it counts from has not been recorded.
    Waiting,
    /// Counting down.
    Running,
    /// Past its deadline and not met.
    Overdue,
    /// Met (in time or late).
    Met,
}

/// The journal's export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// One JSON document with every event.
    Json,
    /// One CSV row per event.
    Csv,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalExported {
    /// The file written.
    pub path: String,
    /// How many events.
    #[ts(type = "number")]
    pub count: u64,
}

/// A journal checkpoint: how many events, and the head hash; a later journal must contain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalCheckpoint {
    /// How many events.
    #[ts(type = "number")]
    pub count: u64,
    /// The hash of the last of them.
    pub head_hash: String,
}

/// The whole journal as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalText {
    /// JSON or CSV.
    pub format: ExportFormat,
    /// How many events.
    #[ts(type = "number")]
    pub count: u64,
    /// The export itself.
    pub text: String,
}

/// One event appended by the soak test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SoakTick {
    /// Its sequence number, acknowledged after the commit.
    #[ts(type = "number")]
    pub seq: u64,
}
