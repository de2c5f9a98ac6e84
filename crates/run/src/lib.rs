//! Vakt's run engine: a team's guided work through a playbook (an incident or a drill).
//!
//! A run starts from a loaded playbook and keeps the exact text and SHA-256 of the definition
//! it started from, so editing the file later never changes history. Several steps are active
//! at once (format 2): a step is active when everything it comes `after` is done, when one of
//! its `after_any` steps is done, and, if a decision option `opens` it, once that option was
//! chosen. Decision options also rule steps and clocks out (`not_applicable`), which carries
//! over to every step waiting on them, and may open a done step again (a repeat).
//!
//! Steps are acted on by the person holding their role in the run; anyone else gives a reason
//! (an override, journaled and listed). Moments (built in: occurrence, detection, report,
//! awareness, containment, eradication, recovery, closure; plus the playbook's own) are marked
//! by steps and notifications, or recorded by hand with an earlier time and a reason; clocks
//! count from them and are met, missed, stopped or not applicable; metrics are measured
//! between them. The notifications register tracks each message the procedure asks for; the
//! responder sends it and records when, by whom and how; [`draft`] fills its template.
//!
//! Every action is checked against the run's state first: one that makes no sense returns a
//! typed [`RunError`] and records nothing. One that fits becomes a journal event, committed
//! before the call returns. The state itself is always rebuilt from the journal
//! ([`RunState::replay`]), a pure function of the run's events in replay order: the journal is
//! the single source of truth. When two events do the same thing without one having seen the
//! other (two completions of one step on two devices), the first in replay order counts and
//! the other is kept in [`RunState::concurrent`].
//!
//! ```
//! use vakt_run::{Action, Actor, Engine, Mode, StepStatus};
//! use vakt_sources::{FixedClock, SequentialIds};
//! let dir = tempfile::tempdir().unwrap();
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let ids = SequentialIds::new();
//! let mut db = vakt_store::Database::open(&dir.path().join("v.sqlite3"), &clock).unwrap();
//! vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).unwrap();
//! let text = r#"
//! format = 2
//! kind = "playbook"
//! id = "p"
//! version = "1"
//! category = "dr"
//! title = { en = "P" }
//! summary = { en = "P." }
//! [[steps]]
//! id = "fence"
//! title = { en = "Fence" }
//! instructions = { en = "Fence the failed site." }
//! role = "responder"
//! duration = "5m"
//! [[steps]]
//! id = "promote"
//! title = { en = "Promote" }
//! instructions = { en = "Promote the standby." }
//! role = "responder"
//! duration = "5m"
//! after = ["fence"]
//! "#;
//! let playbook = vakt_playbook::LoadedPlaybook {
//!     path: "p.toml".into(), source: text.into(), sha256: vakt_playbook::sha256_hex(text.as_bytes()),
//!     playbook: vakt_playbook::parse_playbook("p.toml", text, &Default::default()).unwrap(),
//! };
//! let mut engine = Engine::new(&mut db, &clock, &ids, &dir.path().join("evidence"));
//! let kari = Actor { actor: "kari".into(), host: "laptop".into(), ..Actor::default() };
//! let run = engine.start(&kari, &playbook, vec!["responder".into()], Mode::Drill, "Drill").unwrap();
//! assert_eq!(run.active_steps(), ["fence"], "kari holds the start step's role");
//! let promote = Action::CompleteStep { step: "promote".into(), override_reason: None };
//! assert!(engine.act(run.id, &kari, promote.clone()).is_err(), "waits for fence");
//! engine.act(run.id, &kari, Action::CompleteStep { step: "fence".into(), override_reason: None }).unwrap();
//! let state = engine.act(run.id, &kari, promote).unwrap();
//! assert!(matches!(state.step("promote").unwrap().status, StepStatus::Done { .. }));
//! assert_eq!(engine.state(run.id).unwrap(), state, "rebuilt from the journal");
//! ```
#![deny(missing_docs)]

mod clock;
pub mod custody;
mod engine;
mod envelope;
mod error;
pub mod evidence;
mod flow;
mod notify;
pub mod sealed;
mod state;

pub use clock::{ClockState, ClockStatus, Metrics};
pub use engine::{Action, Actor, Engine, READ_ONLY_ROLE};
pub use error::RunError;
pub use evidence::{EvidenceStore, StoredFile};
pub use notify::{
    Acknowledged, EACH_AFFECTED_CUSTOMER, FACTS, NotificationEntry, Sent, Stamp, draft,
};
pub use state::{
    ConcurrentAction, DecisionAnswer, DecisionConflict, DecisionRecord, EvidenceRecord, Mode,
    MomentRecord, MomentSource, NoteRecord, OverrideRecord, RecordSignedOff, RuledOut, RunState,
    SignOff, StartPayload, StepRecord, StepStatus, kind,
};
