//! A run's state, rebuilt by replaying its journal events: the journal is the only truth.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vakt_journal::Event;
use vakt_playbook::{END, Playbook};

use crate::RunError;

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
    /// A moment was recorded.
    pub const MOMENT_RECORDED: &str = "moment.recorded";
    /// Evidence was attached.
    pub const EVIDENCE_ATTACHED: &str = "evidence.attached";
    /// The run was closed and signed off.
    pub const RUN_CLOSED: &str = "run.closed";
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

/// Where a step stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum StepStatus {
    /// Not begun (or entered again through a loop).
    Pending,
    /// Being worked on.
    Active {
        /// Since when.
        since: DateTime<Utc>,
        /// By whom.
        by: String,
    },
    /// Done.
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
}

impl StepStatus {
    /// One word for messages.
    pub fn word(&self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Active { .. } => "active",
            StepStatus::Done { .. } => "done",
            StepStatus::Skipped { .. } => "skipped",
            StepStatus::Failed { .. } => "failed",
        }
    }
}

/// A step's record in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    /// Its status.
    pub status: StepStatus,
    /// How often the flow entered it.
    pub visits: u32,
    /// When it was first started.
    pub first_started: Option<DateTime<Utc>>,
    /// When it last finished (done, skipped).
    pub finished: Option<DateTime<Utc>>,
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
    /// What it shows.
    pub description: String,
    /// Who attached it.
    #[serde(default)]
    pub by: String,
    /// When.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
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
    /// The step to do now; `None` when every step is behind.
    pub current: Option<String>,
    /// Each step's record.
    pub steps: BTreeMap<String, StepRecord>,
    /// Role id → person.
    pub assignments: BTreeMap<String, String>,
    /// Moment id → when.
    pub moments: BTreeMap<String, DateTime<Utc>>,
    /// Decisions taken, in order.
    pub decisions: Vec<DecisionRecord>,
    /// Notes, in order.
    pub notes: Vec<NoteRecord>,
    /// Evidence, in order.
    pub evidence: Vec<EvidenceRecord>,
    /// The sign-off, once closed.
    pub closed: Option<SignOff>,
    /// Journal events of this run.
    pub event_count: u64,
    /// Sequence number of its last event.
    pub last_seq: u64,
}

fn text(p: &serde_json::Value, key: &str) -> Option<String> {
    p.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

impl RunState {
    /// Replays a run's events (the first must be `run.started`).
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
        let start: StartPayload = serde_json::from_value(first.payload.clone())
            .map_err(|e| bad(first.seq, &e.to_string()))?;
        let mut state = RunState {
            id: run,
            mode: start.mode,
            title: start.title,
            current: start.playbook.steps.first().map(|s| s.id.clone()),
            steps: start
                .playbook
                .steps
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        StepRecord {
                            status: StepStatus::Pending,
                            visits: 0,
                            first_started: None,
                            finished: None,
                        },
                    )
                })
                .collect(),
            playbook: start.playbook,
            playbook_path: start.playbook_path,
            playbook_sha256: start.playbook_sha256,
            roles: start.roles,
            started_at: first.at,
            started_by: first.by.actor.clone(),
            assignments: BTreeMap::new(),
            moments: BTreeMap::new(),
            decisions: Vec::new(),
            notes: Vec::new(),
            evidence: Vec::new(),
            closed: None,
            event_count: 1,
            last_seq: first.seq,
        };
        if let Some(c) = &state.current
            && let Some(r) = state.steps.get_mut(c)
        {
            r.visits = 1;
        }
        for e in &events[1..] {
            state.apply(e).map_err(|reason| bad(e.seq, &reason))?;
        }
        Ok(state)
    }

    fn step_mut(&mut self, p: &serde_json::Value) -> Result<&mut StepRecord, String> {
        let id = text(p, "step").ok_or("no step in payload")?;
        self.steps
            .get_mut(&id)
            .ok_or_else(|| format!("unknown step {id}"))
    }

    /// Moves the flow to `next` (a step id or `end`).
    fn enter(&mut self, next: &str) {
        if next == END {
            self.current = None;
            return;
        }
        self.current = Some(next.to_string());
        if let Some(r) = self.steps.get_mut(next) {
            r.status = StepStatus::Pending;
            r.visits += 1;
        }
    }

    fn mark(&mut self, step: &str, at: DateTime<Utc>) {
        if let Some(s) = self.playbook.step(step) {
            for m in s.marks.clone() {
                self.moments.entry(m).or_insert(at);
            }
        }
    }

    /// Applies one event. The checks in [`crate::Engine`] run before an event is written, so
    /// here an event that does not fit is a corrupt journal.
    pub(crate) fn apply(&mut self, e: &Event) -> Result<(), String> {
        let p = &e.payload;
        let by = e.by.actor.clone();
        let at = e.at;
        match e.kind.as_str() {
            kind::STEP_STARTED => {
                let r = self.step_mut(p)?;
                r.status = StepStatus::Active { since: at, by };
                r.first_started.get_or_insert(at);
            }
            kind::STEP_COMPLETED | kind::STEP_SKIPPED => {
                let step = text(p, "step").ok_or("no step")?;
                let r = self.step_mut(p)?;
                r.finished = Some(at);
                r.status = if e.kind == kind::STEP_COMPLETED {
                    StepStatus::Done { at, by }
                } else {
                    StepStatus::Skipped {
                        at,
                        by,
                        reason: text(p, "reason").unwrap_or_default(),
                    }
                };
                if e.kind == kind::STEP_COMPLETED {
                    self.mark(&step, at);
                }
                let next = self.playbook.next_after(&step).ok_or("unknown step")?;
                self.enter(&next);
            }
            kind::STEP_FAILED => {
                let r = self.step_mut(p)?;
                r.status = StepStatus::Failed {
                    at,
                    by,
                    reason: text(p, "reason").unwrap_or_default(),
                };
            }
            kind::DECISION_TAKEN => {
                let step = text(p, "step").ok_or("no step")?;
                let option = text(p, "option").ok_or("no option")?;
                let next = self
                    .playbook
                    .step(&step)
                    .and_then(|s| s.decision.as_ref())
                    .and_then(|d| d.options.iter().find(|o| o.id == option))
                    .map(|o| o.next.clone())
                    .ok_or("unknown decision option")?;
                let r = self.step_mut(p)?;
                r.status = StepStatus::Done { at, by: by.clone() };
                r.finished = Some(at);
                self.decisions.push(DecisionRecord {
                    step: step.clone(),
                    option,
                    rationale: text(p, "rationale").unwrap_or_default(),
                    by,
                    at,
                });
                self.mark(&step, at);
                self.enter(&next);
            }
            kind::NOTE_ADDED => self.notes.push(NoteRecord {
                step: text(p, "step"),
                text: text(p, "text").unwrap_or_default(),
                by,
                at,
            }),
            kind::ROLE_ASSIGNED => {
                let role = text(p, "role").ok_or("no role")?;
                let person = text(p, "person").ok_or("no person")?;
                self.assignments.insert(role, person);
            }
            kind::MOMENT_RECORDED => {
                let moment = text(p, "moment").ok_or("no moment")?;
                let when = text(p, "at")
                    .and_then(|t| t.parse().ok())
                    .ok_or("no time")?;
                self.moments.insert(moment, when);
            }
            kind::EVIDENCE_ATTACHED => {
                let mut record: EvidenceRecord =
                    serde_json::from_value(p.clone()).map_err(|e| e.to_string())?;
                record.by = by;
                record.at = Some(at);
                self.evidence.push(record);
            }
            kind::RUN_CLOSED => {
                self.closed = Some(SignOff {
                    by,
                    role: text(p, "role").unwrap_or_default(),
                    statement: text(p, "statement").unwrap_or_default(),
                    at,
                });
            }
            other => return Err(format!("unknown event kind {other}")),
        }
        self.event_count += 1;
        self.last_seq = e.seq;
        Ok(())
    }

    /// The record of step `id`.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.get(id)
    }
}
