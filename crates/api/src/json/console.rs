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
    /// The role they claim to act in (the auditor changes nothing; a responder takes the role
    /// they hold in the run). Who they are is the person (`me`), not a setting.
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
    /// The role they claim to act in.
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

/// The decision that ruled a step, a clock or a notification out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuledOutView {
    /// The decision step (or the step whose being ruled out carried over).
    pub step: String,
    /// Its title.
    pub step_title: Localized,
    /// The option chosen, when a decision did it directly.
    pub option: Option<String>,
    /// Its title.
    pub option_title: Option<Localized>,
}

/// A clock of a run: the UI counts down to `deadline` from its own `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// The moment it counts from.
    pub from: String,
    /// The moment that stops it, if any.
    pub stops_when: Option<String>,
    /// The deadline (RFC 3339, UTC), once the moment it counts from is recorded.
    pub deadline: Option<String>,
    /// Where it stands at the backend's time of asking.
    pub state: ClockStateName,
    /// Missed and still open (no stop moment, the run open): only ever for a clock that applies.
    pub overdue: bool,
    /// When it was met, or stopped by the close.
    pub met_at: Option<String>,
    /// Seconds to spare when met.
    #[ts(type = "number | null")]
    pub margin_seconds: Option<i64>,
    /// Seconds late when missed (until now while overdue).
    #[ts(type = "number | null")]
    pub missed_by_seconds: Option<i64>,
    /// The decision that made it not apply.
    pub ruled_out: Option<RuledOutView>,
}

/// A step that is to be worked on now (active, started or failed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActiveStep {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// Its track, if any.
    pub track: Option<String>,
    /// The role that does it.
    pub role: String,
    /// Who holds that role in the run.
    pub holder: Option<String>,
    /// Active, started or failed.
    pub status: StepStatusName,
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
    /// Every step to work on now, in playbook order.
    pub active_steps: Vec<ActiveStep>,
    /// Steps behind (done or skipped).
    pub steps_done: u32,
    /// Steps ruled out by decisions.
    pub steps_not_applicable: u32,
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

/// Evidence a step asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceRequestView {
    /// Its id (name it when attaching).
    pub id: String,
    /// What to attach.
    pub title: Localized,
    /// Whether the step cannot be completed without it.
    pub required: bool,
    /// Whether evidence answering it is attached.
    pub satisfied: bool,
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
    /// Who holds that role in the run.
    pub holder: Option<String>,
    /// Its track, if any.
    pub track: Option<String>,
    /// The steps it waits for, all of them.
    pub after: Vec<String>,
    /// The steps it waits for, any one of them.
    pub after_any: Vec<String>,
    /// Expected duration in seconds.
    pub duration_seconds: u32,
    /// What to check off.
    pub checklist: Vec<Localized>,
    /// Evidence the step asks for.
    pub evidence_requests: Vec<EvidenceRequestView>,
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
    /// The host of the device it was set from, as the event claims.
    pub status_device: Option<String>,
    /// The reason, for skipped and failed.
    pub reason: Option<String>,
    /// What ruled it out, when not applicable.
    pub ruled_out: Option<RuledOutView>,
    /// How often it is to be done (more than 1 once a decision reopened it).
    pub visits: u32,
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
    /// The evidence request it answers.
    pub request: Option<String>,
    /// Who.
    pub by: String,
    /// The host of the device it was done from, as the event claims.
    pub device: Option<String>,
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

/// A track of the playbook (a group of steps worked side by side).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrackView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
}

/// A moment the run knows: built in or declared by the playbook; recorded or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MomentView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: Localized,
    /// Whether every run knows it (occurrence, detection, …) rather than this playbook.
    pub built_in: bool,
    /// When it happened, as claimed (RFC 3339); `null` while not recorded.
    pub claimed_at: Option<String>,
    /// When it was recorded (the journal's time).
    pub recorded_at: Option<String>,
    /// Why the claimed time is earlier than the recording.
    pub reason: Option<String>,
    /// Who recorded it.
    pub by: Option<String>,
    /// How: `by hand`, `step <id>`, `notification <id>` or `close`.
    pub source: Option<String>,
}

/// Time between a run's moments, in seconds; `null` until both moments are recorded (never a
/// made-up 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    /// Occurrence → detection.
    #[ts(type = "number | null")]
    pub to_detect: Option<i64>,
    /// Detection → report.
    #[ts(type = "number | null")]
    pub to_report: Option<i64>,
    /// Detection → containment.
    #[ts(type = "number | null")]
    pub to_contain: Option<i64>,
    /// Detection → eradication.
    #[ts(type = "number | null")]
    pub to_eradicate: Option<i64>,
    /// Detection → recovery.
    #[ts(type = "number | null")]
    pub to_recover: Option<i64>,
    /// Detection → closure.
    #[ts(type = "number | null")]
    pub to_close: Option<i64>,
}

/// An action on a step by someone not holding its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverrideView {
    /// The step.
    pub step: String,
    /// The journal event kind (`step.completed`, `decision.taken`, …).
    pub action: String,
    /// The step's role.
    pub role: String,
    /// Who held it then.
    pub holder: Option<String>,
    /// Who acted.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
}

/// An action that did not count: an earlier one it had not seen did the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConcurrentView {
    /// The journal event's id.
    pub event: String,
    /// Its kind.
    pub kind: String,
    /// The step, if any.
    pub step: Option<String>,
    /// The option, for a decision.
    pub option: Option<String>,
    /// Who.
    pub by: String,
    /// The host of the device it was done from, as the event claims.
    pub device: Option<String>,
    /// When (RFC 3339).
    pub at: String,
    /// Why it did not count.
    pub reason: String,
}

/// One answer to a decision answered differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictAnswerView {
    /// The `decision.taken` event's id.
    pub event: String,
    /// The option chosen.
    pub option: String,
    /// The option's title.
    pub option_title: Localized,
    /// Who (their name).
    pub by: String,
    /// The device's host name.
    pub host: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A decision answered differently by two people without having seen each other's answer:
/// open until the incident manager (the sign-off role's holder) decides again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// The decision step.
    pub step: String,
    /// Its title.
    pub step_title: Localized,
    /// The answers, the first the one that counted when the conflict arose.
    pub answers: Vec<ConflictAnswerView>,
    /// The incident manager's settling decision, once taken.
    pub settled: Option<ConflictAnswerView>,
}

/// Where a register entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationStateName {
    /// Not told yet.
    ToDo,
    /// A draft was made; not sent yet.
    Drafted,
    /// Sent.
    Sent,
    /// Sent and acknowledged.
    Acknowledged,
    /// Ruled out by a decision.
    NotApplicable,
}

/// One entry of the notifications register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    /// The playbook's notification id.
    pub notification: String,
    /// The affected customer, for a notice to each affected customer.
    pub customer: Option<String>,
    /// The recipient as the playbook names it (a contact id, or a group).
    pub recipient: String,
    /// Its title.
    pub title: Localized,
    /// The clock whose stop moment sending it records.
    pub clock: Option<String>,
    /// The step it belongs to.
    pub step: Option<String>,
    /// The template it is drafted from, if any.
    pub template: Option<String>,
    /// Where it stands.
    pub state: NotificationStateName,
    /// When a draft was recorded.
    pub drafted_at: Option<String>,
    /// When it was sent, as claimed.
    pub sent_at: Option<String>,
    /// When the sending was recorded.
    pub sent_recorded_at: Option<String>,
    /// Who sent it.
    pub sent_by: Option<String>,
    /// How.
    pub channel: Option<String>,
    /// Why the sending time is earlier than its recording.
    pub sent_reason: Option<String>,
    /// When the recipient acknowledged it.
    pub acknowledged_at: Option<String>,
    /// A reference or remark with the acknowledgement.
    pub acknowledgement: Option<String>,
    /// The decision that made it not apply.
    pub ruled_out: Option<RuledOutView>,
}

/// A fact the notifications are drafted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    /// Its name (the template's placeholder).
    pub name: String,
    /// Its text; empty when not recorded.
    pub value: String,
}

/// The run view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    /// What the dashboard shows of it.
    pub summary: RunSummary,
    /// The playbook's tracks, in order.
    pub tracks: Vec<TrackView>,
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
    /// Every moment the run knows (built in first, then the playbook's), recorded or not.
    pub moments: Vec<MomentView>,
    /// Times between the moments.
    pub metrics: MetricsView,
    /// Actions taken outside one's role, with the reason.
    pub overrides: Vec<OverrideView>,
    /// Actions that did not count.
    pub concurrent: Vec<ConcurrentView>,
    /// Decisions answered differently by two people, open and settled.
    pub conflicts: Vec<ConflictView>,
    /// The notifications register.
    pub notifications: Vec<NotificationView>,
    /// Every fact the notifications can use, in a fixed order.
    pub facts: Vec<Fact>,
    /// Customers recorded as affected.
    pub affected_customers: Vec<String>,
    /// Decisions taken.
    pub decisions: Vec<RunEntry>,
    /// Notes.
    pub notes: Vec<RunEntry>,
    /// Evidence attached.
    pub evidence: Vec<RunEntry>,
    /// Sequence number of the run's last journal event: what is shown is committed up to it.
    #[ts(type = "number")]
    pub last_seq: u64,
    /// The record's signatures by persons (`record.signed_off`), in order.
    pub record_signed_off: Vec<RecordSignedOffView>,
}

/// A person signed the run's record off with their own key (`record.signed_off`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordSignedOffView {
    /// The sign-off role they signed in (the first, when several).
    pub role: String,
    /// Every sign-off role they signed in.
    pub roles: Vec<String>,
    /// Their person id.
    pub person: String,
    /// Their name.
    pub name: String,
    /// Hex SHA-256 of the signed record file.
    pub record_sha256: String,
    /// Hex SHA-256 of their certificate.
    pub certificate_sha256: String,
    /// The signing time (RFC 3339).
    pub signed_at: String,
}

/// Something a responder does in a run. Actions on a step are for the holder of its role;
/// anyone else gives an `overrideReason`, journaled and listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "action",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(rename_all_fields = "camelCase")]
pub enum RunAction {
    /// Begin an active (or failed) step.
    Start {
        /// The step.
        step: String,
        /// Why someone not holding the step's role acts on it.
        #[serde(default)]
        #[ts(optional = nullable)]
        override_reason: Option<String>,
    },
    /// Finish an active or started step.
    Complete {
        /// The step.
        step: String,
        /// Why someone not holding the step's role acts on it.
        #[serde(default)]
        #[ts(optional = nullable)]
        override_reason: Option<String>,
    },
    /// Pass over an open step.
    Skip {
        /// The step.
        step: String,
        /// Why.
        reason: String,
        /// Why someone not holding the step's role acts on it.
        #[serde(default)]
        #[ts(optional = nullable)]
        override_reason: Option<String>,
    },
    /// Record that a started step failed.
    Fail {
        /// The step.
        step: String,
        /// What went wrong.
        reason: String,
        /// Why someone not holding the step's role acts on it.
        #[serde(default)]
        #[ts(optional = nullable)]
        override_reason: Option<String>,
    },
    /// Take the decision of an active decision step.
    Decide {
        /// The step.
        step: String,
        /// The option.
        option: String,
        /// Why.
        rationale: String,
        /// Why someone not holding the step's role acts on it.
        #[serde(default)]
        #[ts(optional = nullable)]
        override_reason: Option<String>,
    },
    /// Add a note.
    Note {
        /// The step it is about.
        step: Option<String>,
        /// The text.
        text: String,
    },
    /// Give a role to a person the workspace lists as eligible for it (by their workspace
    /// id, name or person id); done by the incident manager (the sign-off role's holder).
    AssignRole {
        /// The role id.
        role: String,
        /// The person.
        person: String,
    },
    /// Give a role up (its holder, or the incident manager).
    ReleaseRole {
        /// The role id.
        role: String,
    },
    /// Record a moment (built in or the playbook's), now or at an earlier time with a reason.
    Moment {
        /// The moment's id.
        moment: String,
        /// When (RFC 3339); `null` means now.
        at: Option<String>,
        /// Why the time is earlier than now ("the phishing mail arrived at 08:31").
        #[serde(default)]
        #[ts(optional = nullable)]
        reason: Option<String>,
    },
    /// Record facts the notifications are drafted from; each replaces its earlier value.
    Facts {
        /// The facts.
        facts: Vec<Fact>,
    },
    /// Record a customer as affected: the register gains its entries.
    AffectedCustomer {
        /// The customer.
        customer: String,
    },
    /// Record that a notification was drafted.
    NotificationDrafted {
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        customer: Option<String>,
    },
    /// Record that a notification was sent (Vakt sends nothing itself).
    NotificationSent {
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        customer: Option<String>,
        /// How (e-mail, portal, telephone).
        channel: String,
        /// When (RFC 3339); `null` means now.
        at: Option<String>,
        /// Why the time is earlier than now.
        #[serde(default)]
        #[ts(optional = nullable)]
        reason: Option<String>,
    },
    /// Record that the recipient acknowledged a sent notification.
    NotificationAcknowledged {
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        customer: Option<String>,
        /// When (RFC 3339); `null` means now.
        at: Option<String>,
        /// A reference or remark (the authority's case number).
        #[serde(default)]
        #[ts(optional = nullable)]
        note: Option<String>,
    },
    /// Close the run with a sign-off.
    Close {
        /// What the signer declares.
        statement: String,
    },
}

/// A notification's message drafted from the run's facts and the workspace's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationDraft {
    /// The notification's id.
    pub notification: String,
    /// The customer, for a notice to each affected customer.
    pub customer: Option<String>,
    /// `en` or `nl`.
    pub language: String,
    /// The template file, relative to the workspace.
    pub template: String,
    /// The message.
    pub text: String,
    /// Placeholders without a fact, left visible in the text as `[missing: name]`.
    pub missing: Vec<String>,
    /// The file the draft was saved to, when asked.
    pub saved_to: Option<String>,
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
    /// The person's id (SHA-256 of their public key), when the event names one.
    pub person: Option<String>,
    /// The operating-system login.
    pub os_user: String,
    /// Its uid.
    pub os_uid: Option<u32>,
    /// The machine's non-loopback addresses at that moment.
    pub addresses: Vec<String>,
    /// What happened.
    pub kind: String,
    /// The run.
    pub run: Option<String>,
    /// The payload, as compact JSON (a run's start shows its title and playbook only).
    pub payload: String,
    /// The event's hash, hex.
    pub hash: String,
    /// The device whose chain holds it (its id), for second-version events.
    pub device: Option<String>,
    /// The team server's receipt, once the server holds the event.
    pub receipt: Option<ReceiptView>,
}

/// What the team server recorded when it took an event in: its own words, not the device's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    /// The database login that sent it.
    pub login: String,
    /// The client address the server saw (none over a local socket).
    pub address: Option<String>,
    /// The server's time (RFC 3339).
    pub server_time: String,
    /// The server's sequence number.
    #[ts(type = "number")]
    pub server_seq: i64,
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
    /// Waiting for the steps it comes after, or for a decision to open it.
    Pending,
    /// Available to work on; nobody has started it.
    Active,
    /// Being worked on.
    Started,
    /// Finished (a decision step: decided).
    Done,
    /// Passed over, with a reason.
    Skipped,
    /// Failed, with a reason; it can be started again or skipped.
    Failed,
    /// Ruled out by a decision, directly or through the steps it waits for.
    NotApplicable,
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ClockStateName {
    /// The moment it counts from has not been recorded.
    Pending,
    /// Counting down; the deadline is ahead.
    Running,
    /// Its stop moment was recorded by the deadline.
    Met,
    /// The deadline passed first (overdue while still open).
    Missed,
    /// A decision made it not apply.
    NotApplicable,
    /// The run closed while it ran, before its deadline.
    Stopped,
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
