//! A run's state, rebuilt by replaying its journal events: the journal is the only truth.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vakt_journal::Event;
use vakt_playbook::{Playbook, Step};

use crate::RunError;
use crate::envelope::{Causality, envelope};
use crate::flow::{Derived, Graph};
use crate::notify::{EACH_AFFECTED_CUSTOMER, NotificationEntry, Sent, Stamp};

/// Event kinds a run writes.
pub mod kind {
    /// A run began.
    pub const RUN_STARTED: &str = "run.started";
    /// A step was started.
    pub const STEP_STARTED: &str = "step.started";
    /// A step was completed.
    pub const STEP_COMPLETED: &str = "step.completed";
    /// A step was skipped, with a reason.
    pub const STEP_SKIPPED: &str = "step.skipped";
    /// A step failed, with a reason.
    pub const STEP_FAILED: &str = "step.failed";
    /// A decision was taken.
    pub const DECISION_TAKEN: &str = "decision.taken";
    /// A note was added.
    pub const NOTE_ADDED: &str = "note.added";
    /// A role was assigned to a person.
    pub const ROLE_ASSIGNED: &str = "role.assigned";
    /// A role was given up: nobody holds it until it is assigned again.
    pub const ROLE_RELEASED: &str = "role.released";
    /// A moment was recorded by hand.
    pub const MOMENT_RECORDED: &str = "moment.recorded";
    /// Evidence was attached.
    pub const EVIDENCE_ATTACHED: &str = "evidence.attached";
    /// Facts for the notifications were recorded.
    pub const FACTS_RECORDED: &str = "facts.recorded";
    /// A customer was recorded as affected.
    pub const CUSTOMER_AFFECTED: &str = "customer.affected";
    /// A notification was drafted.
    pub const NOTIFICATION_DRAFTED: &str = "notification.drafted";
    /// A notification was recorded as sent.
    pub const NOTIFICATION_SENT: &str = "notification.sent";
    /// A notification's receipt was acknowledged by its recipient.
    pub const NOTIFICATION_ACKNOWLEDGED: &str = "notification.acknowledged";
    /// The run was closed and signed off.
    pub const RUN_CLOSED: &str = "run.closed";
    /// A person signed the run's record off with their own key (after the run closed).
    pub const RECORD_SIGNED_OFF: &str = "record.signed_off";
    /// Every drill event kind starts with this (`drill.started`, `drill.injected`, …): the run
    /// state ignores them, `vakt-drill` replays them.
    pub const DRILL_PREFIX: &str = "drill.";
}

/// Whether a run is a real incident or a rehearsal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A real incident or disaster.
    Incident,
    /// A rehearsal.
    Drill,
}

/// The decision that ruled a step or a clock out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuledOut {
    /// The decision step, or the step whose being not applicable (or undone) carried over.
    pub step: String,
    /// The option chosen, when a decision did it directly.
    pub option: Option<String>,
}

/// Where a step stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepStatus {
    /// Waiting: for the steps it comes after, or for a decision to open it.
    Pending,
    /// Available: everything it waits for is done; nobody has started it.
    Active,
    /// Being worked on.
    Started {
        /// Since when.
        since: DateTime<Utc>,
        /// By whom.
        by: String,
    },
    /// Completed (a decision step: decided).
    Done {
        /// When.
        at: DateTime<Utc>,
        /// By whom.
        by: String,
    },
    /// Skipped.
    Skipped {
        /// When.
        at: DateTime<Utc>,
        /// By whom.
        by: String,
        /// Why.
        reason: String,
    },
    /// Tried and failed; it can be started again or skipped.
    Failed {
        /// When.
        at: DateTime<Utc>,
        /// By whom.
        by: String,
        /// Why.
        reason: String,
    },
    /// Ruled out by a decision, directly or through the steps it waits for.
    NotApplicable {
        /// What ruled it out.
        by: RuledOut,
    },
}

impl StepStatus {
    /// One word for messages.
    pub fn word(&self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Active => "active",
            StepStatus::Started { .. } => "started",
            StepStatus::Done { .. } => "done",
            StepStatus::Skipped { .. } => "skipped",
            StepStatus::Failed { .. } => "failed",
            StepStatus::NotApplicable { .. } => "not applicable",
        }
    }

    /// Done or skipped: what `after` waits for.
    pub fn is_done(&self) -> bool {
        matches!(self, StepStatus::Done { .. } | StepStatus::Skipped { .. })
    }

    /// Still to be worked on now: active, started or failed.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            StepStatus::Active | StepStatus::Started { .. } | StepStatus::Failed { .. }
        )
    }
}

/// A step's record in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    /// Its status.
    pub status: StepStatus,
    /// How often it is to be done: 1, plus one for each time a decision reopened it.
    pub visits: u32,
    /// When it was first started.
    pub first_started: Option<DateTime<Utc>>,
    /// When it last finished (done, skipped).
    pub finished: Option<DateTime<Utc>>,
    /// What was done to it, before the flow's rules are applied: pending, started, failed,
    /// done or skipped.
    #[serde(skip)]
    pub(crate) progress: StepStatus,
}

/// A decision taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// The step.
    pub step: String,
    /// The option chosen.
    pub option: String,
    /// Why.
    pub rationale: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Done steps the option opened again.
    pub reopened: Vec<String>,
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteRecord {
    /// The step it is about, if any.
    pub step: Option<String>,
    /// The text.
    pub text: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Evidence attached to a run; the file is in the evidence store under its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its name when attached.
    pub original_name: String,
    /// The step it belongs to, if any.
    pub step: Option<String>,
    /// The step's evidence request it answers, if named.
    #[serde(default)]
    pub request: Option<String>,
    /// What it shows.
    pub description: String,
    /// Who attached it.
    #[serde(default)]
    pub by: String,
    /// When.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// How a moment came to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum MomentSource {
    /// Entered by hand.
    ByHand,
    /// Marked when a step completed (or a decision was taken).
    Step {
        /// The step.
        step: String,
    },
    /// Marked when a notification was recorded as sent.
    Notification {
        /// The notification.
        notification: String,
    },
    /// Marked when the run closed.
    Close,
}

/// A moment of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MomentRecord {
    /// When it happened, as claimed.
    pub claimed_at: DateTime<Utc>,
    /// When it was recorded (the journal's time).
    pub recorded_at: DateTime<Utc>,
    /// Why the claimed time is earlier than the recording, when it is.
    pub reason: Option<String>,
    /// Who recorded it.
    pub by: String,
    /// How.
    pub source: MomentSource,
}

/// An action on a step by someone not holding the step's role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverrideRecord {
    /// The step.
    pub step: String,
    /// The event kind (`step.completed`, `decision.taken`, …).
    pub action: String,
    /// The step's role.
    pub role: String,
    /// Who held the role then, if anyone.
    pub holder: Option<String>,
    /// Who acted.
    pub by: String,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// An action that did not count: another event earlier in replay order had already done the
/// same (or made it impossible), and this one had not seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcurrentAction {
    /// The event.
    pub event: Uuid,
    /// Its kind.
    pub kind: String,
    /// The step it was about, if any.
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

/// One answer to a decision, as a conflict lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionAnswer {
    /// The `decision.taken` event.
    pub event: Uuid,
    /// The option it chose.
    pub option: String,
    /// Who (their name).
    pub by: String,
    /// Their person id, when they have one.
    pub person: Option<String>,
    /// The device's host name.
    pub host: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A decision answered differently by two people without either having seen the other's
/// answer (two `decision.taken` of one step, different options, concurrent). The first in
/// replay order counts meanwhile; the conflict stays open, for the incident manager (the
/// holder of the playbook's sign-off role), until they take the decision again with a
/// `settles` list naming every answer of it (see [`crate::Action::Decide`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionConflict {
    /// The decision step.
    pub step: String,
    /// The answers, in replay order: the first is the one that counted when the conflict
    /// arose.
    pub answers: Vec<DecisionAnswer>,
    /// The incident manager's decision that settled it, once one named every answer.
    pub settled: Option<DecisionAnswer>,
}

impl DecisionConflict {
    /// Whether it still waits for the incident manager.
    pub fn is_open(&self) -> bool {
        self.settled.is_none()
    }
}

/// The sign-off that closed a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOff {
    /// Who signed.
    pub by: String,
    /// In which role.
    pub role: String,
    /// What they declared.
    pub statement: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// The payload of `record.signed_off`: a person signed the run's record off with their own key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSignedOff {
    /// Hex SHA-256 of the signed record file as written (with this signature).
    pub record_sha256: String,
    /// The signer's person id (their key's SPKI SHA-256).
    pub person: String,
    /// Their display name.
    pub person_name: String,
    /// The sign-off role they signed in (the first, when they hold several).
    pub role: String,
    /// Every sign-off role they signed in.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Hex SHA-256 of the signing certificate (DER).
    pub certificate_sha256: String,
    /// The signing time in the signature.
    pub signed_at: DateTime<Utc>,
}

/// The payload of `run.started`: the exact definition the run follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartPayload {
    /// Incident or drill.
    pub mode: Mode,
    /// A short title for this run.
    pub title: String,
    /// The playbook's id.
    pub playbook_id: String,
    /// Its file, relative to the workspace.
    pub playbook_path: String,
    /// SHA-256 of the file's bytes: the definition this run is pinned to.
    pub playbook_sha256: String,
    /// The file's text.
    pub playbook_source: String,
    /// The checked definition.
    pub playbook: Playbook,
    /// The role ids of the workspace when the run began.
    pub roles: Vec<String>,
}

/// A run, as its events tell it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunState {
    /// Its id.
    pub id: Uuid,
    /// Incident or drill.
    pub mode: Mode,
    /// Its title.
    pub title: String,
    /// The definition it follows, fixed at start.
    pub playbook: Playbook,
    /// The definition's file.
    pub playbook_path: String,
    /// SHA-256 of the definition's file.
    pub playbook_sha256: String,
    /// Role ids that may be assigned.
    pub roles: Vec<String>,
    /// When it began.
    pub started_at: DateTime<Utc>,
    /// Who began it.
    pub started_by: String,
    /// Each step's record.
    pub steps: BTreeMap<String, StepRecord>,
    /// Role id → person (their name). The person who starts a run holds the sign-off role and
    /// the roles of the start steps until someone else is assigned them.
    pub assignments: BTreeMap<String, String>,
    /// Role id → the person ids (key fingerprints) that count as its holder: the assigned
    /// person's keys. Empty for an assignment recorded by name only (before persons had ids):
    /// then the name counts.
    pub holder_keys: BTreeMap<String, Vec<String>>,
    /// Moment id → when it happened.
    pub moments: BTreeMap<String, MomentRecord>,
    /// Decisions taken, in order.
    pub decisions: Vec<DecisionRecord>,
    /// Decision step → the option in force (the latest taken).
    pub chosen: BTreeMap<String, String>,
    /// Notes, in order.
    pub notes: Vec<NoteRecord>,
    /// Evidence, in order.
    pub evidence: Vec<EvidenceRecord>,
    /// Actions on steps by people not holding the step's role.
    pub overrides: Vec<OverrideRecord>,
    /// Actions that did not count because an earlier concurrent one did.
    pub concurrent: Vec<ConcurrentAction>,
    /// Decisions answered differently by two people, open and settled, in the order they
    /// arose.
    pub conflicts: Vec<DecisionConflict>,
    /// Customers recorded as affected, in order.
    pub affected_customers: Vec<String>,
    /// Facts the notifications are drafted from (see [`crate::FACTS`]).
    pub facts: BTreeMap<String, String>,
    /// The notifications register: one entry per `[[notifications]]`, one per affected customer
    /// for those sent to each affected customer.
    pub notifications: Vec<NotificationEntry>,
    /// The sign-off, once closed.
    pub closed: Option<SignOff>,
    /// The record's signatures by persons (`record.signed_off`), in order.
    pub record_signed_off: Vec<RecordSignedOff>,
    /// Journal events of this run.
    pub event_count: u64,
    /// Sequence number of its last event.
    pub last_seq: u64,
    #[serde(skip)]
    pub(crate) graph: Graph,
    /// What the flow said of each step at the last settle, by step index.
    #[serde(skip)]
    derived: Vec<Derived>,
    #[serde(skip)]
    causality: Causality,
    /// Decision step → the answer in force (its event), for conflicts.
    #[serde(skip)]
    answer_in_force: BTreeMap<String, DecisionAnswer>,
}

pub(crate) fn text(p: &serde_json::Value, key: &str) -> Option<String> {
    p.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn time(p: &serde_json::Value, key: &str) -> Option<DateTime<Utc>> {
    text(p, key).and_then(|t| t.parse().ok())
}

/// An event as an answer to a decision.
fn answer_of(e: &Event) -> DecisionAnswer {
    DecisionAnswer {
        event: e.id,
        option: text(&e.payload, "option").unwrap_or_default(),
        by: e.by.actor.clone(),
        person: e.by.person.clone(),
        host: e.by.host.clone(),
        at: e.at,
    }
}

/// Why an event does not apply.
enum Refusal {
    /// It does not fit the state: a concurrent action when it had not seen everything before.
    Misfit(String),
    /// It is malformed: the journal is corrupt.
    Corrupt(String),
}

impl From<RunError> for Refusal {
    fn from(e: RunError) -> Self {
        Refusal::Misfit(e.to_string())
    }
}

impl From<&str> for Refusal {
    fn from(e: &str) -> Self {
        Refusal::Corrupt(e.to_string())
    }
}

/// What can be done to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Start,
    Complete,
    Skip,
    Fail,
    Decide,
}

impl Verb {
    fn word(self) -> &'static str {
        match self {
            Verb::Start => "start",
            Verb::Complete => "complete",
            Verb::Skip => "skip",
            Verb::Fail => "fail",
            Verb::Decide => "decide",
        }
    }

    fn of_kind(k: &str) -> Option<Verb> {
        Some(match k {
            kind::STEP_STARTED => Verb::Start,
            kind::STEP_COMPLETED => Verb::Complete,
            kind::STEP_SKIPPED => Verb::Skip,
            kind::STEP_FAILED => Verb::Fail,
            kind::DECISION_TAKEN => Verb::Decide,
            _ => return None,
        })
    }
}

/// The payload of `run.started`. A run started on a format-1 playbook (before format 2) is
/// read through the format-2 equivalent of its pinned text ([`vakt_playbook::upgrade`]), so
/// old runs replay under the same rules: their linear flow becomes `after` chains, their
/// decisions' `next` become `opens` (a loop back, a repeat).
fn start_payload(payload: &serde_json::Value) -> Result<StartPayload, String> {
    let format = payload.pointer("/playbook/format").and_then(|f| f.as_u64());
    if format != Some(1) {
        return serde_json::from_value(payload.clone()).map_err(|e| e.to_string());
    }
    let path = text(payload, "playbook_path").unwrap_or_default();
    let source = text(payload, "playbook_source").unwrap_or_default();
    let problems = |p: Vec<vakt_playbook::Problem>| {
        let list: Vec<String> = p.iter().map(ToString::to_string).collect();
        format!(
            "its format-1 playbook does not upgrade: {}",
            list.join("; ")
        )
    };
    let upgraded = vakt_playbook::upgrade(&path, &source).map_err(problems)?;
    let playbook = vakt_playbook::parse_playbook(&path, &upgraded.text, &Default::default())
        .map_err(problems)?;
    let mut payload = payload.clone();
    if let Some(map) = payload.as_object_mut() {
        map.insert(
            "playbook".into(),
            serde_json::to_value(&playbook).map_err(|e| e.to_string())?,
        );
    }
    serde_json::from_value(payload).map_err(|e| e.to_string())
}

impl RunState {
    /// Replays a run's events (the first must be `run.started`), in the journal's replay order.
    pub fn replay(run: Uuid, events: &[Event]) -> Result<Self, RunError> {
        let Some(first) = events.first() else {
            return Err(RunError::UnknownRun(run));
        };
        let bad = |seq: u64, reason: &str| RunError::Replay {
            run,
            seq,
            reason: reason.to_string(),
        };
        if first.kind != kind::RUN_STARTED {
            return Err(bad(
                first.seq,
                "the first event of a run must be run.started",
            ));
        }
        let start = start_payload(&first.payload).map_err(|e| bad(first.seq, &e))?;
        let mut state = RunState::begin(run, start, first);
        for e in &events[1..] {
            state.apply(e).map_err(|reason| bad(e.seq, &reason))?;
        }
        Ok(state)
    }

    fn begin(run: Uuid, start: StartPayload, first: &Event) -> Self {
        let env = envelope(first);
        let by = env.by.to_string();
        let graph = Graph::of(&start.playbook);
        let mut assignments = BTreeMap::new();
        assignments.insert(start.playbook.sign_off_role().to_string(), by.clone());
        for i in graph.start_steps() {
            assignments
                .entry(start.playbook.steps[i].role.clone())
                .or_insert_with(|| by.clone());
        }
        let starter_keys: Vec<String> = first.by.person.iter().cloned().collect();
        let holder_keys = assignments
            .keys()
            .map(|role| (role.clone(), starter_keys.clone()))
            .collect();
        let fresh = StepRecord {
            status: StepStatus::Pending,
            visits: 1,
            first_started: None,
            finished: None,
            progress: StepStatus::Pending,
        };
        let notifications = start
            .playbook
            .notifications
            .iter()
            .filter(|n| n.recipient != EACH_AFFECTED_CUSTOMER)
            .map(|n| NotificationEntry::new(n, None))
            .collect();
        let mut causality = Causality::default();
        causality.observe(&env);
        let mut state = RunState {
            id: run,
            mode: start.mode,
            title: start.title,
            steps: start
                .playbook
                .steps
                .iter()
                .map(|s| (s.id.clone(), fresh.clone()))
                .collect(),
            playbook: start.playbook,
            playbook_path: start.playbook_path,
            playbook_sha256: start.playbook_sha256,
            roles: start.roles,
            started_at: env.at,
            started_by: by,
            assignments,
            holder_keys,
            moments: BTreeMap::new(),
            decisions: Vec::new(),
            chosen: BTreeMap::new(),
            notes: Vec::new(),
            evidence: Vec::new(),
            overrides: Vec::new(),
            concurrent: Vec::new(),
            conflicts: Vec::new(),
            affected_customers: Vec::new(),
            facts: BTreeMap::new(),
            notifications,
            closed: None,
            record_signed_off: Vec::new(),
            event_count: 1,
            last_seq: first.seq,
            graph,
            derived: Vec::new(),
            causality,
            answer_in_force: BTreeMap::new(),
        };
        state.settle(&[]);
        state
    }

    /// The record of step `id`.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.get(id)
    }

    /// The steps to work on now (active, started or failed), in file order.
    pub fn active_steps(&self) -> Vec<&str> {
        self.playbook
            .steps
            .iter()
            .filter(|s| self.steps.get(&s.id).is_some_and(|r| r.status.is_open()))
            .map(|s| s.id.as_str())
            .collect()
    }

    /// The active steps grouped by track: tracks in the playbook's order (those with no
    /// active step left out), then the steps with no track under `None`.
    pub fn active_by_track(&self) -> Vec<(Option<&str>, Vec<&str>)> {
        let active = self.active_steps();
        let track_of = |id: &str| self.playbook.step(id).and_then(|s| s.track.as_deref());
        let mut out: Vec<(Option<&str>, Vec<&str>)> = self
            .playbook
            .tracks
            .iter()
            .map(|t| (Some(t.id.as_str()), Vec::new()))
            .chain(std::iter::once((None, Vec::new())))
            .collect();
        for id in active {
            let track = track_of(id);
            let slot = out
                .iter()
                .position(|(t, _)| *t == track)
                .unwrap_or(out.len() - 1);
            out[slot].1.push(id);
        }
        out.retain(|(_, steps)| !steps.is_empty());
        out
    }

    /// The first step still to do (pending, active, started or failed), if any: the run has
    /// reached its end when there is none.
    pub fn unfinished_step(&self) -> Option<&str> {
        self.playbook
            .steps
            .iter()
            .find(|s| {
                self.steps
                    .get(&s.id)
                    .is_some_and(|r| r.status.is_open() || r.status == StepStatus::Pending)
            })
            .map(|s| s.id.as_str())
    }

    /// Who holds `role` in the run (their name).
    pub fn holder(&self, role: &str) -> Option<&str> {
        self.assignments.get(role).map(String::as_str)
    }

    /// Whether the person `actor` holds `role`: by their person id when the assignment names
    /// keys (a name alone then proves nothing), else by name.
    pub fn holds(&self, role: &str, actor: &crate::Actor) -> bool {
        let Some(name) = self.assignments.get(role) else {
            return false;
        };
        match self.holder_keys.get(role).filter(|k| !k.is_empty()) {
            Some(keys) => actor.person.as_ref().is_some_and(|p| keys.contains(p)),
            None => *name == actor.actor,
        }
    }

    /// Whether `verb` fits step `id` now; the step's definition when it does.
    pub(crate) fn may(&self, id: &str, verb: Verb) -> Result<&Step, RunError> {
        let step = self
            .graph
            .index(id)
            .and_then(|i| self.playbook.steps.get(i));
        let (Some(step), Some(record)) = (step, self.steps.get(id)) else {
            return Err(RunError::UnknownStep(id.to_string()));
        };
        match (verb, step.decision.is_some()) {
            (Verb::Complete | Verb::Skip, true) => return Err(RunError::IsDecision(id.into())),
            (Verb::Decide, false) => return Err(RunError::NotDecision(id.into())),
            _ => {}
        }
        let status = &record.status;
        let fits = match verb {
            Verb::Start => matches!(status, StepStatus::Active | StepStatus::Failed { .. }),
            Verb::Complete | Verb::Decide => {
                matches!(status, StepStatus::Active | StepStatus::Started { .. })
            }
            Verb::Skip => status.is_open(),
            Verb::Fail => matches!(status, StepStatus::Started { .. }),
        };
        if fits {
            Ok(step)
        } else {
            Err(RunError::WrongState {
                step: id.to_string(),
                state: status.word(),
                action: verb.word(),
            })
        }
    }

    /// Records `moments` at `at` unless they are recorded already.
    fn mark(
        &mut self,
        moments: &[String],
        at: DateTime<Utc>,
        recorded_at: DateTime<Utc>,
        by: &str,
        source: MomentSource,
    ) {
        for m in moments {
            self.moments
                .entry(m.clone())
                .or_insert_with(|| MomentRecord {
                    claimed_at: at,
                    recorded_at,
                    reason: None,
                    by: by.to_string(),
                    source: source.clone(),
                });
        }
    }

    /// Applies one event. The checks in [`crate::Engine`] run before an event is written, so
    /// here an event that does not fit is either a concurrent action (it had not seen every
    /// earlier event: kept in [`RunState::concurrent`], changing nothing else) or a corrupt
    /// journal.
    pub(crate) fn apply(&mut self, e: &Event) -> Result<(), String> {
        let env = envelope(e);
        let saw_all = self.causality.observe(&env);
        match self.apply_kind(e) {
            Ok(()) => {}
            Err(Refusal::Misfit(reason)) if !saw_all => {
                if e.kind == kind::DECISION_TAKEN {
                    self.answered_differently(e);
                }
                self.concurrent.push(ConcurrentAction {
                    event: env.id,
                    kind: e.kind.clone(),
                    step: text(&e.payload, "step"),
                    option: text(&e.payload, "option"),
                    by: env.by.to_string(),
                    at: env.at,
                    reason,
                });
            }
            Err(Refusal::Misfit(reason) | Refusal::Corrupt(reason)) => return Err(reason),
        }
        self.event_count += 1;
        self.last_seq = e.seq;
        Ok(())
    }

    fn apply_kind(&mut self, e: &Event) -> Result<(), Refusal> {
        let p = &e.payload;
        let env = envelope(e);
        let by = env.by.to_string();
        let at = env.at;
        if e.kind.starts_with(kind::DRILL_PREFIX) {
            // Drill events (injections, recoveries, restore points, findings, corrective
            // actions) are replayed by `vakt-drill`; the run's own state ignores them, and a
            // finding or an action's change may follow the close.
            return Ok(());
        }
        if e.kind == kind::RECORD_SIGNED_OFF {
            // The record is signed off after the run closed; nothing else changes.
            if self.closed.is_none() {
                return Err(RunError::NotClosed(self.id).into());
            }
            let signed: RecordSignedOff = serde_json::from_value(p.clone())
                .map_err(|e| Refusal::Corrupt(format!("record.signed_off: {e}")))?;
            self.record_signed_off.push(signed);
            return Ok(());
        }
        if self.closed.is_some() {
            return Err(RunError::Closed(self.id).into());
        }
        if e.kind == kind::DECISION_TAKEN && p.get("settles").is_some() {
            return self.apply_settle(e);
        }
        if let Some(verb) = Verb::of_kind(&e.kind) {
            let id = text(p, "step").ok_or("no step in payload")?;
            let step = self.may(&id, verb)?;
            let role = step.role.clone();
            let marks = step.marks.clone();
            if let Some(reason) = text(p, "override_reason") {
                self.overrides.push(OverrideRecord {
                    step: id.clone(),
                    action: e.kind.clone(),
                    holder: self.assignments.get(&role).cloned(),
                    role,
                    by: by.clone(),
                    reason,
                    at,
                });
            }
            let touched = self.apply_step(verb, &id, p, &by, at, &marks)?;
            if verb == Verb::Decide {
                self.answer_in_force.insert(id, answer_of(e));
            }
            self.settle(&touched);
            return Ok(());
        }
        match e.kind.as_str() {
            kind::NOTE_ADDED => self.notes.push(NoteRecord {
                step: text(p, "step"),
                text: text(p, "text").unwrap_or_default(),
                by,
                at,
            }),
            kind::ROLE_ASSIGNED => {
                let role = text(p, "role").ok_or("no role")?;
                let person = text(p, "person").ok_or("no person")?;
                // Since persons have ids: `person` is the id, `person_name` the name, `keys`
                // every id of that person (none: the name counts). Before: `person` is the
                // name.
                let keys: Vec<String> = p
                    .get("keys")
                    .and_then(|k| k.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|k| k.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                match text(p, "person_name") {
                    Some(name) => {
                        self.assignments.insert(role.clone(), name);
                        self.holder_keys.insert(role, keys);
                    }
                    None => {
                        self.assignments.insert(role.clone(), person);
                        self.holder_keys.insert(role, Vec::new());
                    }
                }
            }
            kind::ROLE_RELEASED => {
                let role = text(p, "role").ok_or("no role")?;
                self.assignments.remove(&role);
                self.holder_keys.remove(&role);
            }
            kind::MOMENT_RECORDED => {
                let moment = text(p, "moment").ok_or("no moment")?;
                let claimed_at = time(p, "at").ok_or("no time")?;
                self.moments.insert(
                    moment,
                    MomentRecord {
                        claimed_at,
                        recorded_at: at,
                        reason: text(p, "reason"),
                        by,
                        source: MomentSource::ByHand,
                    },
                );
            }
            kind::EVIDENCE_ATTACHED => {
                let mut record: EvidenceRecord = serde_json::from_value(p.clone())
                    .map_err(|e| Refusal::Corrupt(e.to_string()))?;
                record.by = by;
                record.at = Some(at);
                self.evidence.push(record);
            }
            kind::FACTS_RECORDED => {
                let facts = p
                    .get("facts")
                    .and_then(|f| f.as_object())
                    .ok_or("no facts")?;
                for (k, v) in facts {
                    let v = v.as_str().ok_or("a fact is not text")?;
                    self.facts.insert(k.clone(), v.to_string());
                }
            }
            kind::CUSTOMER_AFFECTED => {
                let customer = text(p, "customer").ok_or("no customer")?;
                if self.affected_customers.contains(&customer) {
                    return Err(RunError::AlreadyRecorded(format!(
                        "customer `{customer}` as affected"
                    ))
                    .into());
                }
                for n in &self.playbook.notifications {
                    if n.recipient == EACH_AFFECTED_CUSTOMER {
                        self.notifications
                            .push(NotificationEntry::new(n, Some(customer.clone())));
                    }
                }
                self.affected_customers.push(customer);
                self.settle_notifications();
            }
            kind::NOTIFICATION_DRAFTED => {
                let i = self.notification_index(p)?;
                self.notifications[i].drafted = Some(Stamp { at, by });
            }
            kind::NOTIFICATION_SENT => {
                let i = self.notification_index(p)?;
                if self.notifications[i].sent.is_some() {
                    return Err(RunError::AlreadyRecorded(format!(
                        "{} as sent",
                        self.notifications[i].describe()
                    ))
                    .into());
                }
                let claimed_at = time(p, "at").ok_or("no time")?;
                self.notifications[i].sent = Some(Sent {
                    claimed_at,
                    recorded_at: at,
                    by: by.clone(),
                    channel: text(p, "channel").unwrap_or_default(),
                    reason: text(p, "reason"),
                });
                let id = self.notifications[i].notification.clone();
                let all = self
                    .notifications
                    .iter()
                    .filter(|n| n.notification == id)
                    .all(|n| n.sent.is_some());
                if all && let Some(def) = self.playbook.notifications.iter().find(|n| n.id == id) {
                    let marks = def.marks.clone();
                    let source = MomentSource::Notification { notification: id };
                    self.mark(&marks, claimed_at, at, &by, source);
                }
            }
            kind::NOTIFICATION_ACKNOWLEDGED => {
                let i = self.notification_index(p)?;
                let entry = &mut self.notifications[i];
                if entry.sent.is_none() || entry.acknowledged.is_some() {
                    return Err(RunError::NotificationState {
                        notification: entry.describe(),
                        state: entry.word(),
                        action: "acknowledge",
                    }
                    .into());
                }
                entry.acknowledged = Some(crate::notify::Acknowledged {
                    at: time(p, "at").ok_or("no time")?,
                    recorded_at: at,
                    by,
                    note: text(p, "note"),
                });
            }
            kind::RUN_CLOSED => {
                if let Some(step) = self.unfinished_step() {
                    return Err(RunError::NotFinished(step.to_string()).into());
                }
                self.mark(&["closure".to_string()], at, at, &by, MomentSource::Close);
                self.closed = Some(SignOff {
                    by,
                    role: text(p, "role").unwrap_or_default(),
                    statement: text(p, "statement").unwrap_or_default(),
                    at,
                });
            }
            kind::RUN_STARTED => return Err("a second run.started".into()),
            other => return Err(Refusal::Corrupt(format!("unknown event kind {other}"))),
        }
        Ok(())
    }

    /// The open conflict on decision `step`, if any.
    pub fn open_conflict(&self, step: &str) -> Option<&DecisionConflict> {
        self.conflicts
            .iter()
            .rev()
            .find(|c| c.step == step && c.is_open())
    }

    /// The conflicts still waiting for the incident manager.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &DecisionConflict> {
        self.conflicts.iter().filter(|c| c.is_open())
    }

    /// A concurrent `decision.taken` that did not count: when it chose another option than the
    /// one in force, the decision was answered differently (a conflict opens, or the open one
    /// gets another answer).
    fn answered_differently(&mut self, e: &Event) {
        let (Some(step), Some(option)) = (text(&e.payload, "step"), text(&e.payload, "option"))
        else {
            return;
        };
        let Some(in_force) = self.answer_in_force.get(&step) else {
            return;
        };
        if in_force.option == option {
            return;
        }
        let answer = answer_of(e);
        match self
            .conflicts
            .iter_mut()
            .rev()
            .find(|c| c.step == step && c.is_open())
        {
            Some(open) => open.answers.push(answer),
            None => self.conflicts.push(DecisionConflict {
                step,
                answers: vec![in_force.clone(), answer],
                settled: None,
            }),
        }
    }

    /// A `decision.taken` with `settles`: the incident manager's answer to an open conflict on
    /// the step. Its option is in force from now on; the conflict is settled when `settles`
    /// names every answer of it (an answer it had not seen keeps it open).
    fn apply_settle(&mut self, e: &Event) -> Result<(), Refusal> {
        let p = &e.payload;
        let env = envelope(e);
        let id = text(p, "step").ok_or("no step in payload")?;
        let settles: Vec<Uuid> = p
            .get("settles")
            .and_then(|s| s.as_array())
            .ok_or("settles is not a list")?
            .iter()
            .map(|v| v.as_str().and_then(|t| Uuid::parse_str(t).ok()))
            .collect::<Option<_>>()
            .ok_or("settles holds something other than event ids")?;
        let Some(conflict) = self.open_conflict(&id) else {
            return Err(Refusal::Misfit(format!(
                "no open conflict on decision `{id}` to settle"
            )));
        };
        let lead = self.playbook.sign_off_role().to_string();
        if !self.holds(&lead, &e.by) {
            return Err(Refusal::Misfit(format!(
                "{} does not hold {lead} and cannot settle the decision on `{id}`",
                env.by
            )));
        }
        if !settles
            .iter()
            .any(|s| conflict.answers.iter().any(|a| a.event == *s))
        {
            return Err(Refusal::Misfit(format!(
                "the settling decision on `{id}` names none of the conflicting answers"
            )));
        }
        let marks = self
            .playbook
            .step(&id)
            .map(|s| s.marks.clone())
            .unwrap_or_default();
        let touched = self.apply_step(Verb::Decide, &id, p, env.by, env.at, &marks)?;
        let answer = answer_of(e);
        self.answer_in_force.insert(id.clone(), answer.clone());
        if let Some(open) = self
            .conflicts
            .iter_mut()
            .rev()
            .find(|c| c.step == id && c.is_open())
            && open.answers.iter().all(|a| settles.contains(&a.event))
        {
            open.settled = Some(answer);
        }
        self.settle(&touched);
        Ok(())
    }

    fn apply_step(
        &mut self,
        verb: Verb,
        id: &str,
        p: &serde_json::Value,
        by: &str,
        at: DateTime<Utc>,
        marks: &[String],
    ) -> Result<Vec<usize>, Refusal> {
        let reason = || text(p, "reason").unwrap_or_default();
        let by_s = by.to_string();
        let progress = match verb {
            Verb::Start => StepStatus::Started {
                since: at,
                by: by_s,
            },
            Verb::Complete | Verb::Decide => StepStatus::Done { at, by: by_s },
            Verb::Skip => StepStatus::Skipped {
                at,
                by: by_s,
                reason: reason(),
            },
            Verb::Fail => StepStatus::Failed {
                at,
                by: by_s,
                reason: reason(),
            },
        };
        let mut reopen = Vec::new();
        if verb == Verb::Decide {
            let option = text(p, "option").ok_or("no option")?;
            let opens = self
                .playbook
                .step(id)
                .and_then(|s| s.decision.as_ref())
                .and_then(|d| d.options.iter().find(|o| o.id == option))
                .map(|o| o.opens.clone())
                .ok_or("unknown decision option")?;
            self.chosen.insert(id.to_string(), option.clone());
            reopen = opens;
            self.decisions.push(DecisionRecord {
                step: id.to_string(),
                option,
                rationale: text(p, "rationale").unwrap_or_default(),
                by: by.to_string(),
                at,
                reopened: Vec::new(),
            });
        }
        if let Some(r) = self.steps.get_mut(id) {
            if verb == Verb::Start {
                r.first_started.get_or_insert(at);
            }
            if progress.is_done() {
                r.finished = Some(at);
            }
            r.progress = progress;
        }
        if matches!(verb, Verb::Complete | Verb::Decide) {
            let source = MomentSource::Step {
                step: id.to_string(),
            };
            self.mark(marks, at, at, by, source);
        }
        let mut reopened = Vec::new();
        for target in reopen {
            if let Some(r) = self.steps.get_mut(&target)
                && r.progress.is_done()
            {
                r.progress = StepStatus::Pending;
                r.visits += 1;
                reopened.push(target);
            }
        }
        let touched = std::iter::once(id)
            .chain(reopened.iter().map(String::as_str))
            .filter_map(|s| self.graph.index(s))
            .collect();
        if let Some(d) = self.decisions.last_mut()
            && verb == Verb::Decide
        {
            d.reopened = reopened;
        }
        Ok(touched)
    }

    /// Recomputes what the flow says of every step from what was done to it and the decisions
    /// in force, and the status of each step whose verdict changed or that was `touched`
    /// (acted on, reopened); then the register's entries a ruled-out step or clock makes not
    /// applicable.
    fn settle(&mut self, touched: &[usize]) {
        let n = self.playbook.steps.len();
        let mut done = vec![false; n];
        for (record, &i) in self.steps.values().zip(self.graph.by_id()) {
            done[i] = record.progress.is_done();
        }
        let option_index = |d: usize, option: &str| {
            self.playbook.steps[d]
                .decision
                .as_ref()
                .and_then(|dec| dec.options.iter().position(|o| o.id == option))
        };
        let mut choice = vec![None; n];
        for (step, option) in &self.chosen {
            if let Some(d) = self.graph.index(step) {
                choice[d] = option_index(d, option);
            }
        }
        let derived = self.graph.derive(&done, &choice);
        let all = self.derived.len() != n;
        for (i, &d) in derived.iter().enumerate() {
            if !(all || self.derived.get(i) != Some(&d) || touched.contains(&i)) {
                continue;
            }
            let status = self.status_of(i, d);
            if let Some(r) = self.steps.get_mut(&self.playbook.steps[i].id) {
                r.status = status;
            }
        }
        self.derived = derived;
        self.settle_notifications();
    }

    /// The status of step `i` given what the flow says of it.
    fn status_of(&self, i: usize, derived: Derived) -> StepStatus {
        let steps = &self.playbook.steps;
        let progress = self
            .steps
            .get(&steps[i].id)
            .map(|r| &r.progress)
            .unwrap_or(&StepStatus::Pending);
        match derived {
            Derived::Done => progress.clone(),
            Derived::Ruled(d, o) => StepStatus::NotApplicable {
                by: RuledOut {
                    step: steps[d].id.clone(),
                    option: o.and_then(|o| {
                        let decision = steps[d].decision.as_ref()?;
                        Some(decision.options.get(o)?.id.clone())
                    }),
                },
            },
            Derived::Open if *progress == StepStatus::Pending => StepStatus::Active,
            Derived::Waiting | Derived::Open => progress.clone(),
        }
    }

    fn settle_notifications(&mut self) {
        for i in 0..self.notifications.len() {
            let entry = &self.notifications[i];
            let by_step = entry.step.as_ref().and_then(|s| match self.steps.get(s) {
                Some(StepRecord {
                    status: StepStatus::NotApplicable { by },
                    ..
                }) => Some(by.clone()),
                _ => None,
            });
            let ruled =
                by_step.or_else(|| entry.clock.as_ref().and_then(|c| self.clock_ruled_out(c)));
            self.notifications[i].ruled_out = ruled;
        }
    }

    /// The decision in force that rules clock `id` out, if any.
    pub fn clock_ruled_out(&self, id: &str) -> Option<RuledOut> {
        self.chosen.iter().find_map(|(step, option)| {
            let rules = self
                .playbook
                .step(step)?
                .decision
                .as_ref()?
                .options
                .iter()
                .find(|o| o.id == *option)?
                .not_applicable
                .iter()
                .any(|x| x == id);
            rules.then(|| RuledOut {
                step: step.clone(),
                option: Some(option.clone()),
            })
        })
    }

    /// The register entry named in payload `p`.
    fn notification_index(&self, p: &serde_json::Value) -> Result<usize, Refusal> {
        let id = text(p, "notification").ok_or("no notification")?;
        let customer = text(p, "customer");
        self.notification_entry(&id, customer.as_deref())
            .map_err(Refusal::from)
    }

    /// The index of the register's entry for `notification` (and `customer`).
    pub(crate) fn notification_entry(
        &self,
        notification: &str,
        customer: Option<&str>,
    ) -> Result<usize, RunError> {
        self.notifications
            .iter()
            .position(|n| n.notification == notification && n.customer.as_deref() == customer)
            .ok_or_else(|| RunError::UnknownNotification {
                notification: notification.to_string(),
                customer: customer.map(str::to_string),
            })
    }
}
