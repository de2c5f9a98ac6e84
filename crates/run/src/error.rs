//! What can go wrong with a run.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// An action refused or a failure; a refused action changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The journal could not be read or written.
    #[error(transparent)]
    Journal(#[from] vakt_journal::JournalError),
    /// SQLite refused a transaction.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An evidence file could not be read or stored.
    #[error("evidence {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// An evidence file was refused or the evidence store failed (see
    /// [`crate::evidence::EvidenceError`]).
    #[error(transparent)]
    Evidence(crate::evidence::EvidenceError),
    /// No evidence item has this id.
    #[error("no evidence item has the id {0}")]
    UnknownEvidence(Uuid),
    /// No run has this id.
    #[error("no run has the id {0}")]
    UnknownRun(Uuid),
    /// A run's events cannot be read back into a run.
    #[error("run {run}: event {seq} cannot be replayed: {reason}")]
    Replay {
        /// The run.
        run: Uuid,
        /// The event.
        seq: u64,
        /// Why.
        reason: String,
    },
    /// The run is closed; nothing more can be recorded in it.
    #[error("run {0} is closed; nothing more can be recorded in it")]
    Closed(Uuid),
    /// The playbook has no step with this id.
    #[error("the playbook has no step `{0}`")]
    UnknownStep(String),
    /// The step's state does not allow the action.
    #[error("cannot {action} step `{step}`: it is {state}")]
    WrongState {
        /// The step.
        step: String,
        /// Its state.
        state: &'static str,
        /// The action refused.
        action: &'static str,
    },
    /// Decision steps end by a decision, not by complete or skip.
    #[error("step `{0}` is a decision: take it with `decide`")]
    IsDecision(String),
    /// `decide` on a step that is no decision.
    #[error("step `{0}` is not a decision")]
    NotDecision(String),
    /// The decision has no such option.
    #[error("the decision of step `{step}` has no option `{option}`; options: {options}")]
    UnknownOption {
        /// The step.
        step: String,
        /// The option asked for.
        option: String,
        /// The options it has.
        options: String,
    },
    /// A reason or text is required and was empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// The workspace has no such role.
    #[error("unknown role `{role}`; roles: {known}")]
    UnknownRole {
        /// The role asked for.
        role: String,
        /// The roles known.
        known: String,
    },
    /// The playbook declares no such moment.
    #[error("the playbook declares no moment `{0}`")]
    UnknownMoment(String),
    /// The run cannot close before its steps are done.
    #[error("the run cannot close yet: step `{0}` is still to do")]
    NotFinished(String),
    /// The closer does not hold the sign-off role.
    #[error("{actor} cannot sign the run off: the `{role}` role is assigned to {holder}")]
    SignOff {
        /// Who tried.
        actor: String,
        /// The role that signs off.
        role: String,
        /// Who holds it, or "nobody".
        holder: String,
    },
    /// The actor's role may read and verify but change nothing (the auditor).
    #[error("{actor} acts as {role}, who may read and verify but change nothing: {action} refused")]
    Forbidden {
        /// Who tried.
        actor: String,
        /// The read-only role they act in.
        role: String,
        /// What was refused.
        action: &'static str,
    },
    /// Someone not holding the run's sign-off role tried what only its holder does.
    #[error(
        "{actor} may not {what}: only the holder of `{role}` (now {holder}) may; ask them, or have them hand `{role}` over"
    )]
    NotLead {
        /// Who tried.
        actor: String,
        /// The sign-off role.
        role: String,
        /// Who holds it.
        holder: String,
        /// What.
        what: &'static str,
    },
    /// The actor does not hold the step's role and gave no override reason.
    #[error(
        "{actor} does not hold the `{role}` role of step `{step}` (held by {holder}): \
         give a reason to act outside your role"
    )]
    OutOfRole {
        /// Who tried.
        actor: String,
        /// The step.
        step: String,
        /// The step's role.
        role: String,
        /// Who holds it, or "nobody".
        holder: String,
    },
    /// A time claimed in the future.
    #[error("{what} cannot be at {at}: that is in the future (now {now})")]
    FutureTime {
        /// What the time is for.
        what: String,
        /// The time claimed.
        at: DateTime<Utc>,
        /// Now.
        now: DateTime<Utc>,
    },
    /// A clock's stop moment before its start moment.
    #[error(
        "clock `{clock}` would stop before it starts: `{stop}` at {stop_at} is before \
         `{start}` at {start_at}"
    )]
    StopBeforeStart {
        /// The clock.
        clock: String,
        /// Its stop moment.
        stop: String,
        /// When the stop moment would be.
        stop_at: DateTime<Utc>,
        /// Its start moment.
        start: String,
        /// When the start moment would be.
        start_at: DateTime<Utc>,
    },
    /// A step cannot complete without its required evidence.
    #[error("step `{step}` cannot complete: attach the required evidence `{evidence}` first")]
    EvidenceMissing {
        /// The step.
        step: String,
        /// The evidence request's id.
        evidence: String,
    },
    /// The register has no such entry.
    #[error("the notifications register has no entry `{notification}`{}", customer.as_ref().map(|c| format!(" for customer `{c}`")).unwrap_or_default())]
    UnknownNotification {
        /// The notification's id.
        notification: String,
        /// The customer asked for.
        customer: Option<String>,
    },
    /// The entry's state does not allow the action.
    #[error("cannot {action} {notification}: it is {state}")]
    NotificationState {
        /// The entry.
        notification: String,
        /// Its state.
        state: &'static str,
        /// The action refused.
        action: &'static str,
    },
    /// An acknowledgement before the notification was sent.
    #[error("{notification} cannot be acknowledged at {at}: it was sent at {sent}")]
    AcknowledgedBeforeSent {
        /// The entry.
        notification: String,
        /// The time claimed.
        at: DateTime<Utc>,
        /// When it was sent.
        sent: DateTime<Utc>,
    },
    /// The run is still open: its record is signed off after it closes.
    #[error("run {0} is not closed yet: its record is signed off after the run closes")]
    NotClosed(Uuid),
    /// Something recorded once was recorded again.
    #[error("already recorded: {0}")]
    AlreadyRecorded(String),
    /// A fact name the notifications do not use.
    #[error("unknown fact `{name}`; facts: {known}")]
    UnknownFact {
        /// The name given.
        name: String,
        /// The names known.
        known: String,
    },
}

impl From<crate::evidence::EvidenceError> for RunError {
    /// An unreadable source file stays [`RunError::Io`], as before the evidence register.
    fn from(e: crate::evidence::EvidenceError) -> Self {
        match e {
            crate::evidence::EvidenceError::Unreadable { path, source } => {
                RunError::Io { path, source }
            }
            other => RunError::Evidence(other),
        }
    }
}
