//! What can go wrong with a run.

use std::path::PathBuf;

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
    /// A time in the future was given for something that happened.
    #[error("{what} {at} lies in the future")]
    FutureTime {
        /// What the time is.
        what: &'static str,
        /// The time given.
        at: chrono::DateTime<chrono::Utc>,
    },
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
    /// The step is not the one to do now.
    #[error("step `{step}` is not the current step (the current step is {current})")]
    NotCurrent {
        /// The step asked for.
        step: String,
        /// The current step, or "none: every step is done".
        current: String,
    },
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
