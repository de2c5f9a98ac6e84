//! The drill events of a run (`drill.*`): their kinds and payloads. The run's own state ignores
//! them; [`crate::DrillState::replay`] reads them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vakt_journal::Event;

use crate::scenario::Scenario;

/// The event kinds drills write. Every one starts with [`PREFIX`].
pub mod kind {
    /// Every drill event kind starts with this.
    pub const PREFIX: &str = "drill.";
    /// The drill began: the scenario (pinned) and the topology it is measured on.
    pub const STARTED: &str = "drill.started";
    /// A failure was injected.
    pub const INJECTED: &str = "drill.injected";
    /// Nodes were marked restored.
    pub const RESTORED: &str = "drill.restored";
    /// The restore point chosen for a service, from the restore-point calculator.
    pub const RESTORE_POINT: &str = "drill.restore_point";
    /// A graded finding, perhaps with a corrective action.
    pub const FINDING: &str = "drill.finding";
    /// A corrective action changed state.
    pub const ACTION_CHANGED: &str = "drill.action_changed";
    /// The exercise controller judged one of the scenario's success criteria.
    pub const JUDGED: &str = "drill.judged";
    /// The run-started kind (the run engine's), read for the drill's start.
    pub const RUN_STARTED: &str = "run.started";
    /// The run-closed kind (the run engine's), read for the drill's end.
    pub const RUN_CLOSED: &str = "run.closed";
}

/// The payload of `drill.started`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Started {
    /// The scenario as checked at the start (targets resolved from the topology then).
    pub scenario: Scenario,
    /// The scenario file, relative to the workspace.
    pub path: String,
    /// SHA-256 of the scenario file: the definition this drill is pinned to.
    pub sha256: String,
    /// The scenario file's text.
    pub source: String,
    /// SHA-256 of the topology file the drill is measured on.
    pub topology_sha256: String,
    /// The topology file's text: impact is replayed on it, not on a later edit.
    pub topology_source: String,
}

/// The payload of `drill.judged`: the exercise controller's judgement of one success criterion
/// of the scenario (a later judgement of the same criterion replaces an earlier one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judged {
    /// The criterion's index in the scenario's `success_criteria`.
    pub criterion: usize,
    /// Whether the drill showed it.
    pub met: bool,
    /// What showed it, or what was missing.
    pub note: String,
}

/// The payload of `drill.injected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injected {
    /// The planned injection's id; `None` for one the controller added.
    pub injection: Option<String>,
    /// The node that failed.
    pub node: String,
    /// When it failed: the start plus the offset for a scheduled one, the moment of the cue
    /// otherwise.
    pub at: DateTime<Utc>,
    /// Whether the controller gave it on cue.
    pub on_cue: bool,
}

/// The payload of `drill.restored`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    /// The nodes restored: an injected node comes back; any other node is recovered by the
    /// team (failed over, rebuilt) and stands whatever it needs.
    pub nodes: Vec<String>,
    /// When.
    pub at: DateTime<Utc>,
    /// Why the time is earlier than when it was recorded.
    #[serde(default)]
    pub reason: Option<String>,
    /// The step that restored them, if a step did.
    #[serde(default)]
    pub step: Option<String>,
}

/// The payload of `drill.restore_point`: the calculator's answer, as chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestorePoint {
    /// The measured service.
    pub service: String,
    /// The retention store restored.
    pub store: String,
    /// The tier that restores it.
    pub tier: String,
    /// The restore point.
    pub point: DateTime<Utc>,
    /// The moment restored to (the failure).
    pub wanted: DateTime<Utc>,
    /// The data-loss window: seconds of changes between the restore point and the wanted
    /// moment.
    pub loss_seconds: u64,
}

/// How heavy a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// An objective or a target not met, or a control that does not work.
    Major,
    /// A weakness that did not stop the recovery.
    Minor,
    /// Worth noting; nothing failed.
    Observation,
}

impl Grade {
    /// The grade as written.
    pub fn id(self) -> &'static str {
        match self {
            Grade::Major => "major",
            Grade::Minor => "minor",
            Grade::Observation => "observation",
        }
    }
}

/// A corrective action as raised with a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPlan {
    /// What is to be done.
    pub text: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    pub due: NaiveDate,
}

/// The payload of `drill.finding`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Its grade.
    pub grade: Grade,
    /// The step it is about.
    #[serde(default)]
    pub step: Option<String>,
    /// The service it is about.
    #[serde(default)]
    pub service: Option<String>,
    /// What was found.
    pub text: String,
    /// The corrective action, if one is raised.
    #[serde(default)]
    pub action: Option<ActionPlan>,
}

/// Where a corrective action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionState {
    /// Raised, not done.
    Open,
    /// Done by its owner, not yet verified.
    Done,
    /// Verified effective (ISO 27001 10.2): closed for good.
    Verified,
}

impl ActionState {
    /// The state as written.
    pub fn id(self) -> &'static str {
        match self {
            ActionState::Open => "open",
            ActionState::Done => "done",
            ActionState::Verified => "verified",
        }
    }
}

/// The payload of `drill.action_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionChanged {
    /// The finding whose action it is (the finding event's id).
    pub finding: Uuid,
    /// The run the finding was raised in.
    pub finding_run: Uuid,
    /// The new state.
    pub state: ActionState,
    /// What was done, or why it was reopened.
    pub note: String,
}

/// What the drill replay reads of a journal event.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'e> {
    /// The event's id.
    pub id: Uuid,
    /// The run it belongs to.
    pub run: Option<Uuid>,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub by: &'e str,
    /// Its kind.
    pub kind: &'e str,
    /// Its payload.
    pub payload: &'e serde_json::Value,
}

impl<'e> From<&'e Event> for Entry<'e> {
    fn from(e: &'e Event) -> Self {
        Entry {
            id: e.id,
            run: e.run,
            at: e.at,
            by: &e.by.actor,
            kind: &e.kind,
            payload: &e.payload,
        }
    }
}
