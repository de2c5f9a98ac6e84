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

/// The moments of an incident (ISO/IEC 27035); absent ones are not recorded (not reached yet, or no source).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentTimes {
    /// When the event happened.
    pub occurrence: Option<DateTime<Utc>>,
    /// When it was detected.
    pub detection: Option<DateTime<Utc>>,
    /// When the organisation became aware of a (possible) personal data breach.
    pub awareness: Option<DateTime<Utc>>,
    /// When it was reported internally.
    pub report: Option<DateTime<Utc>>,
    /// When it was contained.
    pub containment: Option<DateTime<Utc>>,
    /// When service was recovered.
    pub recovery: Option<DateTime<Utc>>,
    /// When the incident was closed.
    pub closure: Option<DateTime<Utc>>,
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

/// A GDPR notification decision (Art. 33 to the authority, Art. 34 to data subjects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// Recipient, e.g. "Datatilsynet" or "Autoriteit Persoonsgegevens".
    pub recipient: String,
    /// Whether notification was judged required.
    pub required: bool,
    /// The decision with its reason.
    pub decision: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The deadline, e.g. 72 hours after awareness.
    pub deadline: Option<DateTime<Utc>>,
    /// When the notification was sent.
    pub notified_at: Option<DateTime<Utc>>,
    /// The authority's case reference, if any.
    pub reference: Option<String>,
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

/// An incident record (ISO/IEC 27001 A.5.24 to A.5.28, ISO/IEC 27035).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Identity of the record.
    pub identity: RecordIdentity,
    /// Short description of what happened.
    pub summary: String,
    /// The incident's moments.
    pub times: IncidentTimes,
    /// Event or incident, and severity.
    pub classification: Classification,
    /// Affected assets and services.
    pub affected: Vec<Affected>,
    /// Personal data involved.
    pub personal_data: PersonalData,
    /// GDPR notification decisions.
    pub notifications: Vec<Notification>,
    /// Estimated financial impact in euro cents, when estimated.
    pub estimated_cost_cents: Option<i64>,
    /// Roles and who held them.
    pub roles: Vec<RoleAssignment>,
    /// The full action log.
    pub actions: Vec<Action>,
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
    /// Date of the next exercise.
    pub next_exercise: NaiveDate,
    /// The journal checkpoint at signing time.
    pub checkpoint: Checkpoint,
}
