//! The engine: checks an action against the run's state, then records it in the journal.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, TransactionBehavior};
use serde_json::json;
use uuid::Uuid;
use vakt_journal::{EventDraft, append_in, events_of_kind, run_events};
use vakt_playbook::LoadedPlaybook;
use vakt_sources::{Clock, IdSource};
use vakt_store::Database;

use crate::custody::{self, AttachedPayload, Collection};
use crate::evidence::{Taken, Watch};
use crate::state::{StartPayload, StepStatus, kind};
use crate::{EvidenceStore, Mode, RunError, RunState};

/// Who acts, in which role, where: the journal's attribution. `actor` is the person's name;
/// when `role` is `None`, a role assigned to them in the run is used.
pub use vakt_journal::Attribution as Actor;

/// Something a responder does in a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Begin work on the current step.
    StartStep {
        /// The step.
        step: String,
    },
    /// Finish the current (active) step.
    CompleteStep {
        /// The step.
        step: String,
    },
    /// Pass over the current step, saying why.
    SkipStep {
        /// The step.
        step: String,
        /// Why.
        reason: String,
    },
    /// Record that the active step failed; it can be started again or skipped.
    FailStep {
        /// The step.
        step: String,
        /// What went wrong.
        reason: String,
    },
    /// Take the decision of the current (active) decision step.
    Decide {
        /// The step.
        step: String,
        /// The option chosen.
        option: String,
        /// Why.
        rationale: String,
    },
    /// Add a note.
    Note {
        /// The step it is about, if any.
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
    /// Record a moment (such as awareness, or a planned maintenance window) at a time.
    RecordMoment {
        /// The moment id.
        moment: String,
        /// When; now when `None`.
        at: Option<DateTime<Utc>>,
    },
    /// Close the run with a sign-off.
    Close {
        /// What the signer declares.
        statement: String,
    },
}

/// The run engine over one database.
pub struct Engine<'a> {
    db: &'a mut Database,
    clock: &'a dyn Clock,
    ids: &'a dyn IdSource,
    evidence: EvidenceStore,
}

/// The role that may read and verify everything and change nothing.
pub const READ_ONLY_ROLE: &str = "auditor";

/// Refuses `action` when `actor` acts in the read-only role; checked before anything is read
/// or written, so a refused action leaves no trace.
fn may_change(actor: &Actor, action: &'static str) -> Result<(), RunError> {
    match actor.role.as_deref() {
        Some(role) if role == READ_ONLY_ROLE => Err(RunError::Forbidden {
            actor: actor.actor.clone(),
            role: role.to_string(),
            action,
        }),
        _ => Ok(()),
    }
}

fn nonempty(text: &str, what: &'static str) -> Result<(), RunError> {
    if text.trim().is_empty() {
        Err(RunError::Empty(what))
    } else {
        Ok(())
    }
}

impl<'a> Engine<'a> {
    /// An engine over `db`, with evidence stored under `evidence_root`.
    pub fn new(
        db: &'a mut Database,
        clock: &'a dyn Clock,
        ids: &'a dyn IdSource,
        evidence_root: &Path,
    ) -> Self {
        Self {
            db,
            clock,
            ids,
            evidence: EvidenceStore::new(evidence_root),
        }
    }

    /// The evidence store.
    pub fn evidence_store(&self) -> &EvidenceStore {
        &self.evidence
    }

    /// Starts a run of `playbook`, pinning its exact text and hash.
    pub fn start(
        &mut self,
        actor: &Actor,
        playbook: &LoadedPlaybook,
        roles: Vec<String>,
        mode: Mode,
        title: &str,
    ) -> Result<RunState, RunError> {
        may_change(actor, "starting a run")?;
        nonempty(title, "the run's title")?;
        let run = self.ids.next_id(self.clock.now());
        let payload = StartPayload {
            mode,
            title: title.to_string(),
            playbook_id: playbook.playbook.id.clone(),
            playbook_path: playbook.path.clone(),
            playbook_sha256: playbook.sha256.clone(),
            playbook_source: playbook.source.clone(),
            playbook: playbook.playbook.clone(),
            roles,
        };
        let draft = EventDraft {
            by: actor.clone(),
            kind: kind::RUN_STARTED.to_string(),
            run: Some(run),
            payload: serde_json::to_value(&payload).map_err(vakt_journal::JournalError::from)?,
        };
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let event = append_in(&tx, &draft, self.clock, self.ids)?;
        tx.commit()?;
        RunState::replay(run, &[event])
    }

    /// The run `run`, rebuilt from its events.
    pub fn state(&self, run: Uuid) -> Result<RunState, RunError> {
        RunState::replay(run, &run_events(self.db.connection(), run)?)
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunState>, RunError> {
        events_of_kind(self.db.connection(), kind::RUN_STARTED)?
            .iter()
            .filter_map(|e| e.run)
            .map(|r| self.state(r))
            .collect()
    }

    /// Checks `action` against the run and, when it fits, records it. Returns the new state;
    /// a refused action returns an error and records nothing. Acknowledged only after commit.
    pub fn act(&mut self, run: Uuid, actor: &Actor, action: Action) -> Result<RunState, RunError> {
        may_change(actor, "recording in a run")?;
        let now = self.clock.now();
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = RunState::replay(run, &run_events(&tx, run)?)?;
        let (kind, payload, role) = check(&state, actor, &action, now)?;
        let draft = EventDraft {
            by: Actor {
                role,
                ..actor.clone()
            },
            kind: kind.to_string(),
            run: Some(run),
            payload,
        };
        commit_event(tx, state, &draft, self.clock, self.ids)
    }

    /// Copies `file` into the evidence store and records it (SHA-256, size, original name, who,
    /// when, from where) in the run: a copied file, collected now by `actor` on their host.
    pub fn attach(
        &mut self,
        run: Uuid,
        actor: &Actor,
        file: &Path,
        step: Option<String>,
        description: &str,
    ) -> Result<RunState, RunError> {
        let collection = Collection {
            step,
            description: description.to_string(),
            ..Collection::default()
        };
        Watch::unwatched(|watch| self.attach_with(run, actor, file, &collection, watch))
    }

    /// Takes `file` in as `collection` says (copied, or hashed in place by reference; see
    /// [`crate::evidence`]) with progress and cancel, then records it in the run. Checked
    /// before the file is read, and again before it is recorded.
    pub fn attach_with(
        &mut self,
        run: Uuid,
        actor: &Actor,
        file: &Path,
        collection: &Collection,
        watch: &mut Watch<'_>,
    ) -> Result<RunState, RunError> {
        self.attach_check(run, actor, collection)?;
        let taken = self.evidence.take_in(file, collection.keep, watch)?;
        self.attach_taken(run, actor, &taken, collection)
    }

    /// Whether `actor` may attach evidence to `run` as `collection` says (the run open, the
    /// step known, the collection time not in the future). Quick: call it before a long
    /// intake so a refusal comes at once.
    pub fn attach_check(
        &self,
        run: Uuid,
        actor: &Actor,
        collection: &Collection,
    ) -> Result<(), RunError> {
        may_change(actor, "attaching evidence")?;
        let state = self.state(run)?;
        attach_fits(&state, collection, self.clock.now())
    }

    /// Records an item already taken in ([`EvidenceStore::take_in`], run without holding the
    /// database) in the run, as `collection` says.
    pub fn attach_taken(
        &mut self,
        run: Uuid,
        actor: &Actor,
        taken: &Taken,
        collection: &Collection,
    ) -> Result<RunState, RunError> {
        may_change(actor, "attaching evidence")?;
        let now = self.clock.now();
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = RunState::replay(run, &run_events(&tx, run)?)?;
        attach_fits(&state, collection, now)?;
        let payload = AttachedPayload::new(taken, collection, actor, now);
        let draft = custody::attached_draft(actor, acting_role(&state, actor), run, &payload)?;
        commit_event(tx, state, &draft, self.clock, self.ids)
    }
}

/// Whether evidence as `collection` says fits the run `state` now.
fn attach_fits(
    state: &RunState,
    collection: &Collection,
    now: DateTime<Utc>,
) -> Result<(), RunError> {
    if state.closed.is_some() {
        return Err(RunError::Closed(state.id));
    }
    if let Some(s) = &collection.step
        && state.playbook.step(s).is_none()
    {
        return Err(RunError::UnknownStep(s.clone()));
    }
    custody::check_collected_at(collection, now)
}

/// Appends `draft` in `tx`, commits, then applies the event to the run's `state`: an event
/// counts only once it is committed.
fn commit_event(
    tx: Transaction<'_>,
    mut state: RunState,
    draft: &EventDraft,
    clock: &dyn Clock,
    ids: &dyn IdSource,
) -> Result<RunState, RunError> {
    let event = append_in(&tx, draft, clock, ids)?;
    tx.commit()?;
    state.apply(&event).map_err(|reason| RunError::Replay {
        run: state.id,
        seq: event.seq,
        reason,
    })?;
    Ok(state)
}

fn acting_role(state: &RunState, actor: &Actor) -> Option<String> {
    actor.role.clone().or_else(|| {
        state
            .assignments
            .iter()
            .find(|(_, person)| **person == actor.actor)
            .map(|(role, _)| role.clone())
    })
}

fn current_step<'s>(state: &'s RunState, step: &str) -> Result<&'s StepStatus, RunError> {
    let record = state
        .steps
        .get(step)
        .ok_or_else(|| RunError::UnknownStep(step.to_string()))?;
    if state.current.as_deref() != Some(step) {
        return Err(RunError::NotCurrent {
            step: step.to_string(),
            current: state
                .current
                .as_ref()
                .map(|c| format!("`{c}`"))
                .unwrap_or_else(|| "none: every step is behind".to_string()),
        });
    }
    Ok(&record.status)
}

fn is_decision(state: &RunState, step: &str) -> bool {
    state
        .playbook
        .step(step)
        .is_some_and(|s| s.decision.is_some())
}

type Checked = (&'static str, serde_json::Value, Option<String>);

/// Whether `action` fits the run now; the event to write when it does.
fn check(
    state: &RunState,
    actor: &Actor,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<Checked, RunError> {
    if state.closed.is_some() {
        return Err(RunError::Closed(state.id));
    }
    let role = acting_role(state, actor);
    let wrong = |step: &str, status: &StepStatus, action: &'static str| RunError::WrongState {
        step: step.to_string(),
        state: status.word(),
        action,
    };
    Ok(match action {
        Action::StartStep { step } => {
            let status = current_step(state, step)?;
            if !matches!(status, StepStatus::Pending | StepStatus::Failed { .. }) {
                return Err(wrong(step, status, "start"));
            }
            (kind::STEP_STARTED, json!({ "step": step }), role)
        }
        Action::CompleteStep { step } => {
            let status = current_step(state, step)?;
            if is_decision(state, step) {
                return Err(RunError::IsDecision(step.clone()));
            }
            if !matches!(status, StepStatus::Active { .. }) {
                return Err(wrong(step, status, "complete"));
            }
            (kind::STEP_COMPLETED, json!({ "step": step }), role)
        }
        Action::SkipStep { step, reason } => {
            current_step(state, step)?;
            if is_decision(state, step) {
                return Err(RunError::IsDecision(step.clone()));
            }
            nonempty(reason, "the reason for skipping")?;
            (
                kind::STEP_SKIPPED,
                json!({ "step": step, "reason": reason }),
                role,
            )
        }
        Action::FailStep { step, reason } => {
            let status = current_step(state, step)?;
            if !matches!(status, StepStatus::Active { .. }) {
                return Err(wrong(step, status, "fail"));
            }
            nonempty(reason, "the reason for the failure")?;
            (
                kind::STEP_FAILED,
                json!({ "step": step, "reason": reason }),
                role,
            )
        }
        Action::Decide {
            step,
            option,
            rationale,
        } => {
            let status = current_step(state, step)?;
            let decision = state
                .playbook
                .step(step)
                .and_then(|s| s.decision.as_ref())
                .ok_or_else(|| RunError::NotDecision(step.clone()))?;
            if !matches!(status, StepStatus::Active { .. }) {
                return Err(wrong(step, status, "decide"));
            }
            if !decision.options.iter().any(|o| o.id == *option) {
                return Err(RunError::UnknownOption {
                    step: step.clone(),
                    option: option.clone(),
                    options: decision
                        .options
                        .iter()
                        .map(|o| o.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            nonempty(rationale, "the rationale of a decision")?;
            (
                kind::DECISION_TAKEN,
                json!({ "step": step, "option": option, "rationale": rationale }),
                role,
            )
        }
        Action::Note { step, text } => {
            nonempty(text, "a note")?;
            if let Some(s) = step
                && state.playbook.step(s).is_none()
            {
                return Err(RunError::UnknownStep(s.clone()));
            }
            (
                kind::NOTE_ADDED,
                json!({ "step": step, "text": text }),
                role,
            )
        }
        Action::AssignRole { role: r, person } => {
            if !state.roles.contains(r) {
                return Err(RunError::UnknownRole {
                    role: r.clone(),
                    known: state.roles.join(", "),
                });
            }
            nonempty(person, "the person's name")?;
            (
                kind::ROLE_ASSIGNED,
                json!({ "role": r, "person": person }),
                role,
            )
        }
        Action::RecordMoment { moment, at } => {
            if !state.playbook.moments.iter().any(|m| m.id == *moment) {
                return Err(RunError::UnknownMoment(moment.clone()));
            }
            let at = at.unwrap_or(now);
            (
                kind::MOMENT_RECORDED,
                json!({ "moment": moment, "at": vakt_journal::event::time_text(at) }),
                role,
            )
        }
        Action::Close { statement } => {
            if let Some(c) = &state.current {
                return Err(RunError::NotFinished(c.clone()));
            }
            let sign_role = state.playbook.sign_off_role().to_string();
            let holder = state.assignments.get(&sign_role);
            if holder != Some(&actor.actor) {
                return Err(RunError::SignOff {
                    actor: actor.actor.clone(),
                    role: sign_role,
                    holder: holder.cloned().unwrap_or_else(|| "nobody".to_string()),
                });
            }
            nonempty(statement, "the sign-off statement")?;
            (
                kind::RUN_CLOSED,
                json!({ "role": sign_role, "statement": statement }),
                Some(sign_role),
            )
        }
    })
}
