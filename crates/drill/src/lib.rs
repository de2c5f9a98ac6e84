//! Vakt's drills: rehearsals that measure.
//!
//! A **scenario** (`playbooks/drills/*.toml`, [`load_dir`], [`load_str`]) names what a drill
//! must show, the playbook it runs, the failures injected into the topology (at an offset from
//! the start, or on the exercise controller's cue), the services whose recovery is measured
//! (their RTO and RPO targets come from the topology; a different value is an error unless the
//! scenario states it as an override with its reason), the success criteria, the participants'
//! roles and the kind of exercise. Every problem is reported at file:line:col.
//!
//! A **drill** is a run of the scenario's playbook in drill mode whose journal also carries
//! `drill.*` events ([`event::kind`]): the scenario and topology pinned at the start, each
//! injection at its moment, each recovery, the restore point chosen (from the restore-point
//! calculator), findings and changes to corrective actions. The run engine ignores them;
//! [`DrillState::replay`] reads them, and [`measure`] turns them into figures: per service, the
//! moment it went down (the impact analysis replayed over the injections and recoveries, with
//! the why-path to the injected node that took it down), the moment it stood again, the
//! data-loss window of the restore point, each against its target — met, missed by how much,
//! not reached yet while the drill is open, not measured only when the scenario did not ask.
//! Nothing here reads the clock, the disk (beyond [`load_dir`]) or the journal: events and
//! `now` are passed in.
//!
//! ```
//! use vakt_drill::{Context, load_str};
//! let text = r#"
//! format = 1
//! kind = "drill"
//! id = "drill-x"
//! version = "1"
//! title = { en = "X" }
//! summary = { en = "X fails." }
//! exercise = "tabletop"
//! cycle = "365d"
//! playbooks = ["dr-x"]
//! controller = "incident-manager"
//! objectives = [{ en = "Show X." }]
//! success_criteria = [{ en = "X is back." }]
//! [[injections]]
//! id = "x-down"
//! node = "x"
//! at = "1h3"
//! description = { en = "X is down." }
//! "#;
//! let problems = load_str("drills/x.toml", text, &Context::default()).unwrap_err();
//! assert_eq!(problems[0].to_string(),
//!     "drills/x.toml:17:6: injection \"x-down\" at: duration \"1h3\": the last number has no unit (d, h, m or s)");
//! ```
#![deny(missing_docs)]

pub mod action;
pub mod event;
pub mod format;
pub mod measure;
pub mod programme;
pub mod scenario;
mod state;

pub use action::{CorrectiveAction, corrective_actions};
pub use event::{Entry, Grade, kind};
pub use format::{ExerciseType, Objective};
pub use measure::{Figure, Measurement, Outage, ServiceMeasure, Verdict, measure};
pub use scenario::{
    Context, LoadedScenario, MeasuredService, Scenario, Scenarios, Target, TargetSource, load_dir,
    load_str,
};
pub use state::{
    ActionChangeRecord, DrillState, FindingRecord, InjectionRecord, JudgementRecord,
    RestorationRecord, RestorePointRecord,
};

/// Why a drill event cannot be replayed or recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DrillError {
    /// A drill event in the journal is malformed.
    #[error("{kind}: {reason}")]
    Corrupt {
        /// The event kind.
        kind: String,
        /// What is wrong.
        reason: String,
    },
    /// The action does not fit the drill.
    #[error("{0}")]
    Refused(String),
}
