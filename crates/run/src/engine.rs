//! The engine: checks an action against the run's state, then records it in the journal.

use std::collections::BTreeMap;
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
use crate::envelope::{actor_name, event_draft};
use crate::evidence::{Taken, Watch};
use crate::notify::FACTS;
use crate::state::{StartPayload, Verb, kind};
use crate::{EvidenceStore, Mode, RunError, RunState};

/// Who acts, in which role, where: the journal's attribution. `actor` is the person's name;
/// when `role` is `None`, a role assigned to them in the run is used.
pub use vakt_journal::Attribution as Actor;

/// Something a responder does in a run.
///
/// Actions on a step (start, complete, skip, fail, decide) are for the person holding the
/// step's role in the run; anyone else must give an `override_reason`, which is journaled with
/// the action and listed in [`RunState::overrides`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Begin work on an active (or failed) step.
    StartStep {
        /// The step.
        step: String,
        /// Why someone not holding the step's role acts on it.
        override_reason: Option<String>,
    },
    /// Finish an active or started step; refused while a required evidence request has no
    /// evidence attached.
    CompleteStep {
        /// The step.
        step: String,
        /// Why someone not holding the step's role acts on it.
        override_reason: Option<String>,
    },
    /// Pass over an active, started or failed step, saying why.
    SkipStep {
        /// The step.
        step: String,
        /// Why.
        reason: String,
        /// Why someone not holding the step's role acts on it.
        override_reason: Option<String>,
    },
    /// Record that a started step failed; it can be started again or skipped.
    FailStep {
        /// The step.
        step: String,
        /// What went wrong.
        reason: String,
        /// Why someone not holding the step's role acts on it.
        override_reason: Option<String>,
    },
    /// Take the decision of an active or started decision step. On a decision answered
    /// differently by two people (an open [`crate::DecisionConflict`]) only the holder of the
    /// sign-off role (the incident manager) decides again, and the event carries `settles`:
    /// the ids of every answer of the conflict, which settles it.
    Decide {
        /// The step.
        step: String,
        /// The option chosen.
        option: String,
        /// Why.
        rationale: String,
        /// Why someone not holding the step's role acts on it.
        override_reason: Option<String>,
    },
    /// Add a note.
    Note {
        /// The step it is about, if any.
        step: Option<String>,
        /// The text.
        text: String,
    },
    /// Give a role to a person (replacing whoever held it); done by the holder of the run's
    /// sign-off role (the incident manager; the person who started the run until one is
    /// assigned). Whether the person is eligible is the caller's check (the workspace's
    /// `[[people]]`).
    AssignRole {
        /// The role id.
        role: String,
        /// The person's id (their key's fingerprint).
        person: String,
        /// Their name.
        person_name: String,
        /// Every id (key) of that person that counts as the holder.
        keys: Vec<String>,
    },
    /// Give a role up: nobody holds it until it is assigned again. Done by its holder or the
    /// sign-off role's holder; the sign-off role itself is handed over by assigning it.
    ReleaseRole {
        /// The role id.
        role: String,
    },
    /// Record a moment (built in, or declared by the playbook) by hand. An earlier time needs
    /// a reason; a time in the future, or a stop moment before its clock's start moment, is
    /// refused.
    RecordMoment {
        /// The moment id.
        moment: String,
        /// When it happened; now when `None`.
        at: Option<DateTime<Utc>>,
        /// Why the time is earlier than now ("the phishing mail arrived at 08:31").
        reason: Option<String>,
    },
    /// Record facts the notifications are drafted from (names from [`crate::FACTS`]); each
    /// replaces the earlier value of its name.
    RecordFacts {
        /// Name → text.
        facts: BTreeMap<String, String>,
    },
    /// Record a customer as affected: the register gains an entry for it in every notification
    /// sent to each affected customer.
    AffectedCustomer {
        /// The customer.
        customer: String,
    },
    /// Record that a notification was drafted.
    DraftNotification {
        /// The notification's id.
        notification: String,
        /// The customer, for a notification to each affected customer.
        customer: Option<String>,
    },
    /// Record that a notification was sent; records its `marks` moments (once every entry of
    /// the notification is sent), which stop clocks.
    SendNotification {
        /// The notification's id.
        notification: String,
        /// The customer, for a notification to each affected customer.
        customer: Option<String>,
        /// How it was sent.
        channel: String,
        /// When; now when `None`.
        at: Option<DateTime<Utc>>,
        /// Why the time is earlier than now.
        reason: Option<String>,
    },
    /// Record that the recipient acknowledged a sent notification.
    AcknowledgeNotification {
        /// The notification's id.
        notification: String,
        /// The customer, for a notification to each affected customer.
        customer: Option<String>,
        /// When; now when `None`.
        at: Option<DateTime<Utc>>,
        /// A reference or remark.
        note: Option<String>,
    },
    /// Close the run with a sign-off (every step done, skipped or not applicable).
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
            actor: actor_name(actor).to_string(),
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

    /// The same engine keeping evidence in `store` (one sealing copies under a key).
    pub fn with_evidence_store(mut self, store: EvidenceStore) -> Self {
        self.evidence = store;
        self
    }

    /// The evidence store.
    pub fn evidence_store(&self) -> &EvidenceStore {
        &self.evidence
    }

    /// Starts a run of `playbook`, pinning its exact text and hash. The starter holds the
    /// playbook's sign-off role and the roles of its start steps until they are assigned to
    /// someone else.
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
        let payload = serde_json::to_value(&payload).map_err(vakt_journal::JournalError::from)?;
        let draft = event_draft(actor, actor.role.clone(), kind::RUN_STARTED, run, payload);
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let event = append_in(&tx, &draft, self.clock, self.ids)?;
        tx.commit()?;
        RunState::replay(run, &[event])
    }

    /// Starts a drill: a run of `playbook` in drill mode and, in the same transaction, the
    /// event `drill` (`drill.started`, with the pinned scenario) that `vakt-drill` replays.
    pub fn start_drill(
        &mut self,
        actor: &Actor,
        playbook: &LoadedPlaybook,
        roles: Vec<String>,
        title: &str,
        drill: serde_json::Value,
    ) -> Result<RunState, RunError> {
        may_change(actor, "starting a drill")?;
        nonempty(title, "the run's title")?;
        let run = self.ids.next_id(self.clock.now());
        let payload = StartPayload {
            mode: Mode::Drill,
            title: title.to_string(),
            playbook_id: playbook.playbook.id.clone(),
            playbook_path: playbook.path.clone(),
            playbook_sha256: playbook.sha256.clone(),
            playbook_source: playbook.source.clone(),
            playbook: playbook.playbook.clone(),
            roles,
        };
        let payload = serde_json::to_value(&payload).map_err(vakt_journal::JournalError::from)?;
        let started = event_draft(actor, actor.role.clone(), kind::RUN_STARTED, run, payload);
        let drill = event_draft(
            actor,
            actor.role.clone(),
            &format!("{}started", kind::DRILL_PREFIX),
            run,
            drill,
        );
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let first = append_in(&tx, &started, self.clock, self.ids)?;
        let second = append_in(&tx, &drill, self.clock, self.ids)?;
        tx.commit()?;
        RunState::replay(run, &[first, second])
    }

    /// Records drill events (`drill.*` kinds) in run `run`: `decide` sees the run's state and
    /// events, read in the same transaction, and answers the events to append (kind, payload)
    /// or refuses; nothing is written when it refuses. Returns the run's events after commit.
    pub fn record_drill<E: From<RunError>>(
        &mut self,
        run: Uuid,
        actor: &Actor,
        decide: impl FnOnce(
            &RunState,
            &[vakt_journal::Event],
        ) -> Result<Vec<(String, serde_json::Value)>, E>,
    ) -> Result<Vec<vakt_journal::Event>, E> {
        may_change(actor, "recording in a drill")?;
        let conn = self.db.connection_mut();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(RunError::from)?;
        let mut events = run_events(&tx, run).map_err(RunError::from)?;
        let state = RunState::replay(run, &events)?;
        let drafts = decide(&state, &events)?;
        for (kind, payload) in drafts {
            if !kind.starts_with(kind::DRILL_PREFIX) {
                return Err(RunError::Replay {
                    run,
                    seq: state.last_seq,
                    reason: format!("{kind} is not a drill event"),
                }
                .into());
            }
            let role = acting_role(&state, actor);
            let draft = event_draft(actor, role, &kind, run, payload);
            events.push(append_in(&tx, &draft, self.clock, self.ids).map_err(RunError::from)?);
        }
        tx.commit().map_err(RunError::from)?;
        Ok(events)
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
        let draft = event_draft(actor, role, kind, run, payload);
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

impl Engine<'_> {
    /// Records that a person signed the closed run's record off with their own key
    /// (`record.signed_off`), attributed to `actor` (the signer) acting in `signed.role`.
    /// Refused while the run is open, for an auditor, and for an empty hash, person or role.
    pub fn record_signed_off(
        &mut self,
        run: Uuid,
        actor: &Actor,
        signed: &crate::RecordSignedOff,
    ) -> Result<RunState, RunError> {
        may_change(actor, "recording a sign-off")?;
        nonempty(&signed.record_sha256, "the record's SHA-256")?;
        nonempty(&signed.person, "the person who signed")?;
        nonempty(&signed.role, "the role signed in")?;
        let conn = self.db.connection_mut();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state = RunState::replay(run, &run_events(&tx, run)?)?;
        if state.closed.is_none() {
            return Err(RunError::NotClosed(run));
        }
        let payload = serde_json::to_value(signed).map_err(vakt_journal::JournalError::from)?;
        let draft = event_draft(
            actor,
            Some(signed.role.clone()),
            kind::RECORD_SIGNED_OFF,
            run,
            payload,
        );
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

/// The role `actor` acts in: the one they claim, else one assigned to them in the run.
fn acting_role(state: &RunState, actor: &Actor) -> Option<String> {
    actor.role.clone().or_else(|| {
        state
            .assignments
            .keys()
            .find(|role| state.holds(role, actor))
            .cloned()
    })
}

/// Refuses `actor` unless they hold the run's sign-off role (the one who assigns roles).
fn leads(state: &RunState, actor: &Actor, what: &'static str) -> Result<(), RunError> {
    let lead = state.playbook.sign_off_role();
    if state.holds(lead, actor) {
        return Ok(());
    }
    Err(RunError::NotLead {
        actor: actor_name(actor).to_string(),
        role: lead.to_string(),
        holder: state.holder(lead).unwrap_or("nobody").to_string(),
        what,
    })
}

type Checked = (&'static str, serde_json::Value, Option<String>);

/// Whether `actor` may do `verb` on `step`: the step fits, and the actor holds its role or
/// gives a reason for acting outside it. The role acted in, and the override reason to journal.
fn step_action(
    state: &RunState,
    actor: &Actor,
    step: &str,
    verb: Verb,
    override_reason: &Option<String>,
) -> Result<(Option<String>, Option<String>), RunError> {
    let definition = state.may(step, verb)?;
    let role = &definition.role;
    let holder = state.holder(role);
    if state.holds(role, actor) {
        return Ok((Some(role.clone()), None));
    }
    match override_reason {
        Some(reason) if !reason.trim().is_empty() => {
            Ok((acting_role(state, actor), Some(reason.clone())))
        }
        _ => Err(RunError::OutOfRole {
            actor: actor_name(actor).to_string(),
            step: step.to_string(),
            role: role.clone(),
            holder: holder.unwrap_or("nobody").to_string(),
        }),
    }
}

/// The payload of a step action: `fields`, plus the override reason when there is one.
fn step_payload(
    mut fields: serde_json::Value,
    override_reason: Option<String>,
) -> serde_json::Value {
    if let (Some(reason), Some(map)) = (override_reason, fields.as_object_mut()) {
        map.insert("override_reason".into(), json!(reason));
    }
    fields
}

/// A claimed time: now when `None`; refused in the future; an earlier one needs a reason.
fn claimed_time(
    what: &str,
    at: Option<DateTime<Utc>>,
    reason: &Option<String>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, Option<String>), RunError> {
    let at = at.unwrap_or(now);
    if at > now {
        return Err(RunError::FutureTime {
            what: what.to_string(),
            at,
            now,
        });
    }
    let reason = reason.clone().filter(|r| !r.trim().is_empty());
    if at < now && reason.is_none() {
        return Err(RunError::Empty("the reason for a time earlier than now"));
    }
    Ok((at, reason))
}

/// Refuses `moment` at `at` when it is the stop moment of a clock whose start moment is
/// recorded later, or the start moment of a clock whose stop moment is recorded earlier.
fn moment_order(state: &RunState, moment: &str, at: DateTime<Utc>) -> Result<(), RunError> {
    for c in &state.playbook.clocks {
        let Some(stop) = &c.stops_when else { continue };
        let claimed = |m: &str| state.moments.get(m).map(|r| r.claimed_at);
        let (start_at, stop_at) = if stop == moment {
            (claimed(&c.from), Some(at))
        } else if c.from == moment {
            (Some(at), claimed(stop))
        } else {
            continue;
        };
        if let (Some(start_at), Some(stop_at)) = (start_at, stop_at)
            && stop_at < start_at
        {
            return Err(RunError::StopBeforeStart {
                clock: c.id.clone(),
                stop: stop.clone(),
                stop_at,
                start: c.from.clone(),
                start_at,
            });
        }
    }
    Ok(())
}

/// Refuses completing `step` while one of its required evidence requests has no evidence: a
/// file attached to the step naming the request, or naming no request.
fn required_evidence(state: &RunState, step: &str) -> Result<(), RunError> {
    let Some(definition) = state.playbook.step(step) else {
        return Ok(());
    };
    for request in definition.evidence.iter().filter(|r| r.required) {
        let attached = state.evidence.iter().any(|e| {
            e.step.as_deref() == Some(step) && e.request.as_ref().is_none_or(|r| *r == request.id)
        });
        if !attached {
            return Err(RunError::EvidenceMissing {
                step: step.to_string(),
                evidence: request.id.clone(),
            });
        }
    }
    Ok(())
}

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
    Ok(match action {
        Action::StartStep {
            step,
            override_reason,
        } => {
            let (role, o) = step_action(state, actor, step, Verb::Start, override_reason)?;
            let payload = step_payload(json!({ "step": step }), o);
            (kind::STEP_STARTED, payload, role)
        }
        Action::CompleteStep {
            step,
            override_reason,
        } => {
            let (role, o) = step_action(state, actor, step, Verb::Complete, override_reason)?;
            required_evidence(state, step)?;
            let payload = step_payload(json!({ "step": step }), o);
            (kind::STEP_COMPLETED, payload, role)
        }
        Action::SkipStep {
            step,
            reason,
            override_reason,
        } => {
            let (role, o) = step_action(state, actor, step, Verb::Skip, override_reason)?;
            nonempty(reason, "the reason for skipping")?;
            let payload = step_payload(json!({ "step": step, "reason": reason }), o);
            (kind::STEP_SKIPPED, payload, role)
        }
        Action::FailStep {
            step,
            reason,
            override_reason,
        } => {
            let (role, o) = step_action(state, actor, step, Verb::Fail, override_reason)?;
            nonempty(reason, "what went wrong")?;
            let payload = step_payload(json!({ "step": step, "reason": reason }), o);
            (kind::STEP_FAILED, payload, role)
        }
        Action::Decide {
            step,
            option,
            rationale,
            override_reason,
        } => {
            let conflict = state.open_conflict(step);
            let (role, o) = match conflict {
                // Answered differently by two people: the incident manager settles it.
                Some(_) => {
                    leads(
                        state,
                        actor,
                        "settle a decision answered differently by two people",
                    )?;
                    (Some(state.playbook.sign_off_role().to_string()), None)
                }
                None => step_action(state, actor, step, Verb::Decide, override_reason)?,
            };
            let options: Vec<&str> = state
                .playbook
                .step(step)
                .and_then(|s| s.decision.as_ref())
                .map(|d| d.options.iter().map(|o| o.id.as_str()).collect())
                .unwrap_or_default();
            if !options.contains(&option.as_str()) {
                return Err(RunError::UnknownOption {
                    step: step.clone(),
                    option: option.clone(),
                    options: options.join(", "),
                });
            }
            nonempty(rationale, "the rationale of a decision")?;
            let mut fields = json!({ "step": step, "option": option, "rationale": rationale });
            if let (Some(c), Some(map)) = (conflict, fields.as_object_mut()) {
                let settles: Vec<String> = c.answers.iter().map(|a| a.event.to_string()).collect();
                map.insert("settles".into(), json!(settles));
            }
            let payload = step_payload(fields, o);
            (kind::DECISION_TAKEN, payload, role)
        }
        Action::Note { step, text } => {
            if let Some(s) = step
                && state.playbook.step(s).is_none()
            {
                return Err(RunError::UnknownStep(s.clone()));
            }
            nonempty(text, "a note")?;
            (
                kind::NOTE_ADDED,
                json!({ "step": step, "text": text }),
                role,
            )
        }
        Action::AssignRole {
            role: r,
            person,
            person_name,
            keys,
        } => {
            if !state.roles.contains(r) {
                return Err(RunError::UnknownRole {
                    role: r.clone(),
                    known: state.roles.join(", "),
                });
            }
            nonempty(person, "the person")?;
            nonempty(person_name, "the person's name")?;
            leads(state, actor, "assign roles")?;
            (
                kind::ROLE_ASSIGNED,
                json!({ "role": r, "person": person, "person_name": person_name, "keys": keys }),
                Some(state.playbook.sign_off_role().to_string()),
            )
        }
        Action::ReleaseRole { role: r } => {
            if state.holder(r).is_none() {
                return Err(RunError::UnknownRole {
                    role: r.clone(),
                    known: state
                        .assignments
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            if r == state.playbook.sign_off_role() {
                return Err(RunError::Empty(
                    "a holder for the sign-off role: hand it over by assigning it to someone",
                ));
            }
            if !state.holds(r, actor) {
                leads(state, actor, "release another person's role")?;
            }
            (kind::ROLE_RELEASED, json!({ "role": r }), role)
        }
        Action::RecordMoment { moment, at, reason } => {
            if !state.playbook.has_moment(moment) {
                return Err(RunError::UnknownMoment(moment.clone()));
            }
            let (at, reason) = claimed_time(&format!("moment `{moment}`"), *at, reason, now)?;
            moment_order(state, moment, at)?;
            (
                kind::MOMENT_RECORDED,
                json!({
                    "moment": moment,
                    "at": vakt_journal::event::time_text(at),
                    "reason": reason,
                }),
                role,
            )
        }
        Action::RecordFacts { facts } => {
            if facts.is_empty() {
                return Err(RunError::Empty("the facts"));
            }
            if let Some(name) = facts.keys().find(|k| !FACTS.contains(&k.as_str())) {
                return Err(RunError::UnknownFact {
                    name: name.clone(),
                    known: FACTS.join(", "),
                });
            }
            (kind::FACTS_RECORDED, json!({ "facts": facts }), role)
        }
        Action::AffectedCustomer { customer } => {
            nonempty(customer, "the customer")?;
            if state.affected_customers.contains(customer) {
                return Err(RunError::AlreadyRecorded(format!(
                    "customer `{customer}` as affected"
                )));
            }
            (
                kind::CUSTOMER_AFFECTED,
                json!({ "customer": customer }),
                role,
            )
        }
        Action::DraftNotification {
            notification,
            customer,
        } => {
            let i = state.notification_entry(notification, customer.as_deref())?;
            let entry = &state.notifications[i];
            if entry.sent.is_some() {
                return Err(RunError::NotificationState {
                    notification: entry.describe(),
                    state: entry.word(),
                    action: "draft",
                });
            }
            (
                kind::NOTIFICATION_DRAFTED,
                json!({ "notification": notification, "customer": customer }),
                role,
            )
        }
        Action::SendNotification {
            notification,
            customer,
            channel,
            at,
            reason,
        } => {
            let i = state.notification_entry(notification, customer.as_deref())?;
            let entry = &state.notifications[i];
            if entry.sent.is_some() {
                return Err(RunError::AlreadyRecorded(format!(
                    "{} as sent",
                    entry.describe()
                )));
            }
            nonempty(channel, "the channel it was sent through")?;
            let (at, reason) = claimed_time(&entry.describe(), *at, reason, now)?;
            let marks = state
                .playbook
                .notifications
                .iter()
                .find(|n| n.id == *notification)
                .map(|n| n.marks.as_slice())
                .unwrap_or_default();
            for m in marks.iter().filter(|m| !state.moments.contains_key(*m)) {
                moment_order(state, m, at)?;
            }
            (
                kind::NOTIFICATION_SENT,
                json!({
                    "notification": notification,
                    "customer": customer,
                    "channel": channel,
                    "at": vakt_journal::event::time_text(at),
                    "reason": reason,
                }),
                role,
            )
        }
        Action::AcknowledgeNotification {
            notification,
            customer,
            at,
            note,
        } => {
            let i = state.notification_entry(notification, customer.as_deref())?;
            let entry = &state.notifications[i];
            let Some(sent) = entry.sent.as_ref().filter(|_| entry.acknowledged.is_none()) else {
                return Err(RunError::NotificationState {
                    notification: entry.describe(),
                    state: entry.word(),
                    action: "acknowledge",
                });
            };
            let at = at.unwrap_or(now);
            if at > now {
                return Err(RunError::FutureTime {
                    what: format!("the acknowledgement of {}", entry.describe()),
                    at,
                    now,
                });
            }
            if at < sent.claimed_at {
                return Err(RunError::AcknowledgedBeforeSent {
                    notification: entry.describe(),
                    at,
                    sent: sent.claimed_at,
                });
            }
            (
                kind::NOTIFICATION_ACKNOWLEDGED,
                json!({
                    "notification": notification,
                    "customer": customer,
                    "at": vakt_journal::event::time_text(at),
                    "note": note,
                }),
                role,
            )
        }
        Action::Close { statement } => {
            if let Some(step) = state.unfinished_step() {
                return Err(RunError::NotFinished(step.to_string()));
            }
            let sign_role = state.playbook.sign_off_role().to_string();
            let holder = state.holder(&sign_role);
            if !state.holds(&sign_role, actor) {
                return Err(RunError::SignOff {
                    actor: actor_name(actor).to_string(),
                    role: sign_role,
                    holder: holder.unwrap_or("nobody").to_string(),
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
