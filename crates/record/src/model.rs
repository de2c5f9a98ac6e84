//! The plain input model of records: everything an incident record and an exercise report show.
//! Runs, the journal and drills fill these; they are also what is embedded as JSON in the PDF.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The journal checkpoint at signing time: number of events and the hash of the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Number of events in the journal.
    pub count: u64,
    /// Hex SHA-256 of the newest event (the head of the hash chain).
    pub head_hash: String,
}

/// What every record carries on its cover and in its page header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordIdentity {
    /// The record's UUID; the PDF's `/ID` is derived from it.
    pub id: Uuid,
    /// The human reference, e.g. `INC-2026-0042`.
    pub reference: String,
    /// Title shown on the cover.
    pub title: String,
    /// Classification printed in every page header, e.g. "Vertrouwelijk".
    pub classification: String,
    /// The organisation the record belongs to.
    pub organisation: String,
    /// When the record was produced.
    pub generated_at: DateTime<Utc>,
}

/// A criterion with whether it was met.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// The criterion as written in the procedure or plan.
    pub text: String,
    /// Whether it was met.
    pub met: bool,
}

/// The event-or-incident decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// `true` if the event was judged an information security incident.
    pub is_incident: bool,
    /// The criteria weighed.
    pub criteria: Vec<Criterion>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// Why.
    pub rationale: String,
    /// Severity, e.g. "Hoog / High (P2)".
    pub severity: String,
}

/// Who did something, as the journal holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Who {
    /// The person's name.
    pub name: String,
    /// The role they acted in, if any.
    pub role: Option<String>,
    /// The machine they acted on.
    pub host: String,
}

/// The decision that made a step, a clock or a notification not applicable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuledOutBy {
    /// The decision step (or the step whose being not applicable carried over), id.
    pub step: String,
    /// Its title.
    pub step_title: String,
    /// The option chosen, when a decision did it directly: id.
    pub option: Option<String>,
    /// The option's title.
    pub option_title: Option<String>,
}

/// A moment of the run (ISO/IEC 27035: occurrence, detection, report, …, or the playbook's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MomentEntry {
    /// Its id, e.g. `detection`.
    pub id: String,
    /// The playbook's title of it; `None` for a built-in moment (the record names it).
    pub title: Option<String>,
    /// When it happened, as claimed; `None` when it is not recorded.
    pub claimed_at: Option<DateTime<Utc>>,
    /// When it was recorded in the journal.
    pub recorded_at: Option<DateTime<Utc>>,
    /// Why the claimed time is earlier than the recording, when it is.
    pub reason: Option<String>,
    /// Who recorded it.
    pub by: Option<String>,
}

/// The time between two moments; `seconds` is `None` ("not measured") until both are recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// `to_detect`, `to_report`, `to_contain`, `to_eradicate`, `to_recover` or `to_close`.
    pub id: String,
    /// The moment it counts from.
    pub from: String,
    /// The moment it counts to.
    pub to: String,
    /// Seconds between them; `None` when a moment is missing: never a made-up zero.
    pub seconds: Option<i64>,
}

/// Where a step ended (or stood when the record was made).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepOutcome {
    /// Completed.
    Done,
    /// A decision taken.
    Decided {
        /// The option chosen, id.
        option: String,
        /// Its title.
        option_title: String,
    },
    /// Passed over.
    Skipped {
        /// Why.
        reason: String,
    },
    /// Failed (and not done since).
    Failed {
        /// Why.
        reason: String,
    },
    /// Ruled out by a decision.
    NotApplicable {
        /// The decision.
        by: RuledOutBy,
    },
    /// Being worked on.
    Started,
    /// Available, not started.
    Active,
    /// Waiting for the steps before it.
    Pending,
}

/// A step of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepEntry {
    /// Step id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The role that does it.
    pub role: String,
    /// Where it ended.
    pub outcome: StepOutcome,
    /// When it ended (or was started).
    pub at: Option<DateTime<Utc>>,
    /// Who did it.
    pub by: Option<Who>,
    /// Why someone not holding the step's role did it, when so.
    pub override_reason: Option<String>,
    /// How often it was to be done (more than 1 when a decision reopened it).
    pub visits: u32,
}

/// A track (workstream) and its steps, in the playbook's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackEntry {
    /// Track id; `None` for the steps without a track.
    pub id: Option<String>,
    /// Its title (empty for the steps without a track).
    pub title: String,
    /// Its steps.
    pub steps: Vec<StepEntry>,
}

/// Where a clock ended (or stood when the record was made).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ClockOutcome {
    /// The moment it counts from was never recorded.
    Pending,
    /// Counting; the deadline was ahead.
    Running {
        /// The deadline.
        deadline: DateTime<Utc>,
    },
    /// Its stop moment was recorded by the deadline.
    Met {
        /// When the stop moment happened.
        at: DateTime<Utc>,
        /// Seconds to spare.
        margin_seconds: i64,
    },
    /// The deadline passed first.
    Missed {
        /// The deadline.
        deadline: DateTime<Utc>,
        /// Seconds late.
        by_seconds: i64,
        /// Still open when the record was made (overdue).
        still_open: bool,
    },
    /// A decision made it not apply: never overdue.
    NotApplicable {
        /// The decision.
        by: RuledOutBy,
    },
    /// The run closed while it ran, before its deadline.
    Stopped {
        /// When the run closed.
        at: DateTime<Utc>,
    },
}

/// A clock of the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockEntry {
    /// Clock id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The moment it counts from.
    pub from: String,
    /// The moment that stops it, if any.
    pub stops_when: Option<String>,
    /// The deadline, once the start moment is known.
    pub deadline: Option<DateTime<Utc>>,
    /// Its final state.
    pub outcome: ClockOutcome,
}

/// A decision taken in the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionEntry {
    /// The decision step, id.
    pub step: String,
    /// Its question.
    pub step_title: String,
    /// The option chosen, id.
    pub option: String,
    /// Its title.
    pub option_title: String,
    /// Why.
    pub rationale: String,
    /// Who decided.
    pub by: Who,
    /// When.
    pub at: DateTime<Utc>,
}

/// An action on a step by someone not holding its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideEntry {
    /// Step id.
    pub step: String,
    /// Its title.
    pub step_title: String,
    /// The journal event kind (`step.completed`, `decision.taken`, …).
    pub action: String,
    /// The step's role.
    pub role: String,
    /// Who held that role then, if anyone.
    pub holder: Option<String>,
    /// Who acted.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A notification recorded as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentEntry {
    /// When it was sent, as claimed.
    pub at: DateTime<Utc>,
    /// When that was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who sent it.
    pub by: String,
    /// How (e-mail, portal, telephone).
    pub channel: String,
    /// Why the claimed time is earlier than the recording, when it is.
    pub reason: Option<String>,
}

/// A recipient's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcknowledgedEntry {
    /// When the recipient acknowledged it.
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub by: String,
    /// A reference or remark (a case number).
    pub note: Option<String>,
}

/// One entry of the notifications register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntry {
    /// The playbook's notification id.
    pub notification: String,
    /// Its title.
    pub title: String,
    /// The recipient (a contact's name, or the customer).
    pub recipient: String,
    /// The affected customer, for a notice to each affected customer.
    pub customer: Option<String>,
    /// Whether it is a notice to an affected customer (the processor's early notice and its
    /// follow-ups).
    pub to_customer: bool,
    /// The clock sending it stops (its title), if any.
    pub clock: Option<String>,
    /// When it was drafted.
    pub drafted_at: Option<DateTime<Utc>>,
    /// When, by whom and how it was sent.
    pub sent: Option<SentEntry>,
    /// The acknowledgement.
    pub acknowledged: Option<AcknowledgedEntry>,
    /// The decision that made it not apply.
    pub not_applicable: Option<RuledOutBy>,
}

/// An action that did not count: another, earlier in replay order and not seen by it, had
/// already done the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConcurrentEntry {
    /// The event kind.
    pub kind: String,
    /// The step's title, if about a step.
    pub step: Option<String>,
    /// The option it chose, for a decision.
    pub option: Option<String>,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why it did not count.
    pub reason: String,
}

/// An asset or service that was affected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    /// Topology node id, e.g. `svc-crm-web`.
    pub node: String,
    /// Display name.
    pub name: String,
    /// How it was affected.
    pub impact: String,
}

/// Personal data involved in the incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalData {
    /// Whether personal data was involved.
    pub involved: bool,
    /// Categories of personal data.
    pub categories: Vec<String>,
    /// Approximate number of data subjects, when known.
    pub data_subjects: Option<u64>,
    /// Assessment of the risk to the data subjects.
    pub assessment: String,
}

/// A person in a role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleAssignment {
    /// Role id, e.g. `incident-manager`.
    pub role: String,
    /// The person.
    pub person: String,
    /// When they were assigned.
    pub assigned_at: DateTime<Utc>,
}

/// One entry of the action log (a journal event as the record shows it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Journal sequence number.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What, in one line, e.g. "step done: isolate the VPN link".
    pub action: String,
    /// The team server's receipt, once the server has the event.
    #[serde(default)]
    pub receipt: Option<ServerReceipt>,
}

/// What the team server recorded on receiving an event: its word, not the laptop's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerReceipt {
    /// The database login that sent it.
    pub login: String,
    /// The client address the server saw (none over a local socket).
    pub address: Option<String>,
    /// The server's time.
    pub server_time: DateTime<Utc>,
}

/// One answer to a decision answered differently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictAnswer {
    /// The option's title.
    pub option: String,
    /// Who.
    pub by: String,
    /// The device's host name.
    pub host: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A decision answered differently by two people without having seen each other's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictEntry {
    /// The decision step's title.
    pub step: String,
    /// The answers, the first the one that counted.
    pub answers: Vec<ConflictAnswer>,
    /// The incident manager's settling decision; `None` while open.
    pub settled: Option<ConflictAnswer>,
}

/// Whether this laptop's journal matched the team server at the last anchor it stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamServerCheck {
    /// The anchor's number on the server; `None` when none was stored from here yet.
    pub anchor: Option<i64>,
    /// Why it was taken.
    pub reason: String,
    /// The server's time of the anchor.
    pub server_time: Option<DateTime<Utc>>,
    /// Device chains the server held then.
    pub chains: u64,
    /// Whether it matched.
    pub matched: bool,
    /// What differed, when it did not match.
    pub detail: String,
}

/// A communication sent or received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Communication {
    /// When.
    pub at: DateTime<Utc>,
    /// Channel, e.g. "status page", "e-mail".
    pub channel: String,
    /// Audience.
    pub audience: String,
    /// What was said.
    pub summary: String,
    /// Sent by.
    pub by: String,
}

/// A piece of evidence with its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// File name or description.
    pub name: String,
    /// Hex SHA-256 of the evidence.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// When it was attached.
    pub collected_at: DateTime<Utc>,
    /// Who attached it.
    pub collected_by: String,
    /// Its chain of custody: from where and how it was collected, and every later event
    /// (issue 12). Records made before it have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custody: Option<Custody>,
}

/// Where an evidence item came from, how it was obtained, and what happened to it later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Custody {
    /// How it was obtained: `copied-file`, `screenshot`, `export`, `memory-image`,
    /// `disk-image` or `other`.
    pub method: String,
    /// The machine it came from.
    pub host: String,
    /// Its path there.
    pub path: String,
    /// The system it came from (an EDR console, a mail gateway), if any.
    #[serde(default)]
    pub system: Option<String>,
    /// Whether only a reference is held (hashed where it lies, not copied).
    #[serde(default)]
    pub by_reference: bool,
    /// Later events, oldest first.
    #[serde(default)]
    pub events: Vec<CustodyEvent>,
}

/// One later event on an evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustodyEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// `viewed`, `exported` or `handed-over`.
    pub action: String,
    /// To where or whom (exported, handed over), and why.
    #[serde(default)]
    pub detail: Option<String>,
}

/// A corrective action with owner and due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectiveAction {
    /// What is to be done.
    pub action: String,
    /// Who owns it.
    pub owner: String,
    /// When it is due.
    pub due: NaiveDate,
    /// Status, e.g. "open".
    pub status: String,
}

/// A sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    /// Role of the signer.
    pub role: String,
    /// Name.
    pub name: String,
    /// When they signed off; `None` if still pending.
    pub at: Option<DateTime<Utc>>,
    /// Statement, e.g. "Record complete and correct".
    pub statement: String,
}

/// A person who signs the record off with their own key, in one of the playbook's sign-off
/// roles. The list is fixed when the first of them signs (that signature certifies the record);
/// the others sign later, each adding a PAdES signature, so their time is in their signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonSignOff {
    /// The sign-off role, id (e.g. `dpo`).
    pub role: String,
    /// The person's id: hex SHA-256 of their public key (SubjectPublicKeyInfo); empty when
    /// the role's holder has no key known here.
    pub person: String,
    /// The person's name.
    pub name: String,
    /// When they signed; `None` for those who sign after the record was fixed (the time is in
    /// their signature).
    pub signed_at: Option<DateTime<Utc>>,
    /// Hex SHA-256 of their signing certificate, when known.
    pub certificate_fingerprint: Option<String>,
}

/// An incident record (ISO/IEC 27001 A.5.24 to A.5.28, ISO/IEC 27035).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Identity of the record.
    pub identity: RecordIdentity,
    /// Short description of what happened.
    pub summary: String,
    /// The run's moments: every one recorded, and the built-in ones not recorded.
    pub moments: Vec<MomentEntry>,
    /// Times between the moments.
    pub metrics: Vec<Metric>,
    /// The steps, grouped by track, with who did them.
    pub tracks: Vec<TrackEntry>,
    /// Every clock with its final state.
    pub clocks: Vec<ClockEntry>,
    /// Every decision taken.
    pub decisions: Vec<DecisionEntry>,
    /// Actions taken outside one's role, with the reason.
    pub overrides: Vec<OverrideEntry>,
    /// The notifications register.
    pub register: Vec<RegisterEntry>,
    /// Actions that did not count because another one, unseen, came first.
    pub concurrent: Vec<ConcurrentEntry>,
    /// Decisions answered differently by two people, open and settled.
    #[serde(default)]
    pub conflicts: Vec<ConflictEntry>,
    /// Event or incident, and severity.
    pub classification: Classification,
    /// Affected assets and services.
    pub affected: Vec<Affected>,
    /// Personal data involved.
    pub personal_data: PersonalData,
    /// Estimated financial impact in euro cents, when estimated.
    pub estimated_cost_cents: Option<i64>,
    /// Roles and who held them.
    pub roles: Vec<RoleAssignment>,
    /// The full action log.
    pub actions: Vec<Action>,
    /// Whether this laptop's journal matched the team server at the last anchor; `None`
    /// without a team server.
    #[serde(default)]
    pub team_server: Option<TeamServerCheck>,
    /// Communications.
    pub communications: Vec<Communication>,
    /// Evidence with hashes.
    pub evidence: Vec<Evidence>,
    /// Root cause.
    pub root_cause: String,
    /// Lessons learned.
    pub lessons: Vec<String>,
    /// Corrective actions.
    pub corrective_actions: Vec<CorrectiveAction>,
    /// Sign-off.
    pub sign_off: Vec<SignOff>,
    /// The persons who sign the record off with their own keys, in signing order.
    #[serde(default)]
    pub signoffs: Vec<PersonSignOff>,
    /// The journal checkpoint at signing time.
    pub checkpoint: Checkpoint,
}

/// A failure injected in a drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Injection {
    /// When it was injected.
    pub at: DateTime<Utc>,
    /// Topology node that was failed, e.g. `dc-stavanger`.
    pub node: String,
    /// What was simulated.
    pub description: String,
    /// Whether the exercise controller gave it on cue (else at its scheduled offset).
    #[serde(default)]
    pub on_cue: bool,
}

/// A participant of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Name.
    pub name: String,
    /// Role id.
    pub role: String,
    /// Organisation (own or partner).
    pub organisation: String,
}

/// The playbook version tested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaybookVersion {
    /// Playbook id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Its version.
    pub version: String,
    /// Hex SHA-256 of the definition file.
    pub sha256: String,
}

/// Planned against actual for one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepTiming {
    /// Step id.
    pub step: String,
    /// Step title.
    pub title: String,
    /// Role performing it.
    pub role: String,
    /// Planned duration in minutes.
    pub planned_minutes: f64,
    /// Actual duration in minutes; `None` if skipped.
    pub actual_minutes: Option<f64>,
    /// Note (reason for a skip or a deviation).
    pub note: String,
}

/// A figure of a drill against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureVerdict {
    /// The scenario did not ask for it.
    NotMeasured,
    /// The drill was open and the figure did not exist yet.
    NotReached,
    /// Within the target.
    Met,
    /// Beyond the target.
    Missed,
    /// The service never went down (redundancy held).
    NoOutage,
    /// The drill closed with the service still down.
    NotRestored,
    /// The drill closed without a restore point chosen.
    NoRestorePoint,
}

/// One measured figure (RTO or RPO) of a service in a drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasuredFigure {
    /// The target in minutes, when measured.
    pub target_minutes: Option<f64>,
    /// Why the scenario overrides the topology's target, when it does.
    pub target_override: Option<String>,
    /// Achieved, minutes, when it exists (never a made-up zero).
    pub achieved_minutes: Option<f64>,
    /// Against the target.
    pub verdict: FigureVerdict,
    /// By how much it was missed, minutes.
    pub missed_by_minutes: Option<f64>,
}

/// Achieved recovery against targets for one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecovery {
    /// Topology node id of the service.
    pub service: String,
    /// Display name.
    pub name: String,
    /// RTO target in minutes.
    pub rto_target_minutes: f64,
    /// Achieved recovery time in minutes; `None` if not recovered in the exercise.
    pub rto_achieved_minutes: Option<f64>,
    /// RPO target in minutes.
    pub rpo_target_minutes: f64,
    /// Achieved data loss window in minutes.
    pub rpo_achieved_minutes: Option<f64>,
    /// When it went down in the drill (measured from the journaled injections).
    #[serde(default)]
    pub down_at: Option<DateTime<Utc>>,
    /// The injected node that took it down.
    #[serde(default)]
    pub caused_by: Option<String>,
    /// When it stood again.
    #[serde(default)]
    pub restored_at: Option<DateTime<Utc>>,
    /// The tier of the restore point chosen.
    #[serde(default)]
    pub restore_tier: Option<String>,
    /// The restore point chosen.
    #[serde(default)]
    pub restore_point: Option<DateTime<Utc>>,
    /// The measured RTO (drills from a scenario); the fields above are kept for older reports.
    #[serde(default)]
    pub rto: Option<MeasuredFigure>,
    /// The measured RPO (drills from a scenario).
    #[serde(default)]
    pub rpo: Option<MeasuredFigure>,
}

/// The scenario a drill followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioRef {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its file.
    pub path: String,
    /// SHA-256 of the file the drill was pinned to.
    pub sha256: String,
}

/// One line of an exercise's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// What happened.
    pub text: String,
}

/// One drill's achieved RTO of a service, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// When the drill began.
    pub at: DateTime<Utc>,
    /// Achieved RTO, minutes; `None` when the service did not go down or was not restored.
    pub achieved_minutes: Option<f64>,
}

/// A service's achieved RTO over successive drills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendSeries {
    /// The service's node id.
    pub service: String,
    /// Its name.
    pub name: String,
    /// Its RTO target, minutes.
    pub target_minutes: Option<f64>,
    /// One point per drill, oldest first.
    pub points: Vec<TrendPoint>,
}

/// A finding of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Finding id, e.g. `F-1`.
    pub id: String,
    /// Severity, e.g. "major".
    pub severity: String,
    /// What was found.
    pub text: String,
    /// The step it is about.
    #[serde(default)]
    pub step: Option<String>,
    /// The service it is about.
    #[serde(default)]
    pub service: Option<String>,
}

/// An exercise report (ISO 22301 clause 8.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseReport {
    /// Identity of the record.
    pub identity: RecordIdentity,
    /// Exercise type, e.g. "functional exercise, full failover".
    pub exercise_type: String,
    /// Scope.
    pub scope: String,
    /// Objectives.
    pub objectives: Vec<String>,
    /// Success criteria and whether each was met.
    pub success_criteria: Vec<Criterion>,
    /// Scenario.
    pub scenario: String,
    /// Injected failures.
    pub injections: Vec<Injection>,
    /// Participants and roles.
    pub participants: Vec<Participant>,
    /// The playbook version tested.
    pub playbook: PlaybookVersion,
    /// Start of the exercise.
    pub started_at: DateTime<Utc>,
    /// End of the exercise.
    pub ended_at: DateTime<Utc>,
    /// Planned against actual per step.
    pub steps: Vec<StepTiming>,
    /// Achieved RTO and RPO per service against targets.
    pub recovery: Vec<ServiceRecovery>,
    /// Cost of the exercise in euro cents, when known.
    pub cost_cents: Option<i64>,
    /// Deviations from the plan.
    pub deviations: Vec<String>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Corrective actions.
    pub corrective_actions: Vec<CorrectiveAction>,
    /// Sign-off.
    pub sign_off: Vec<SignOff>,
    /// The persons who sign the report off with their own keys, in signing order.
    #[serde(default)]
    pub signoffs: Vec<PersonSignOff>,
    /// Date of the next exercise.
    pub next_exercise: NaiveDate,
    /// The journal checkpoint at signing time.
    pub checkpoint: Checkpoint,
    /// The scenario the drill followed (drills from a scenario).
    #[serde(default)]
    pub scenario_ref: Option<ScenarioRef>,
    /// Injections, recoveries, restore points, steps and findings in time order.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Achieved RTO per service over this scenario's drills, this one last.
    #[serde(default)]
    pub trend: Vec<TrendSeries>,
}
