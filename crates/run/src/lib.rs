//! Vakt's run engine: a responder's guided walk through a playbook.
//!
//! A run (an incident or a drill) starts from a loaded playbook and keeps the exact text and
//! SHA-256 of the definition it started from, so editing the file later never changes history.
//! The flow has one current step at a time: start it, then complete, skip (with a reason) or
//! fail it (then start it again or skip it); a decision step ends by taking one of its options,
//! which says where the flow goes. Notes, role assignments, moments (awareness, a maintenance
//! window) and evidence (copied into a content-addressed store with SHA-256, size, original
//! name, who and when) can be recorded while the run is open; clocks count from moments and
//! turn overdue. The run closes with a sign-off by the holder of the playbook's sign-off role.
//!
//! Every action is checked against the run's state first: one that makes no sense returns a
//! typed [`RunError`] and records nothing. One that fits becomes a journal event, committed
//! before the call returns. The state itself is always rebuilt from the journal
//! ([`RunState::replay`]): the journal is the single source of truth.
//!
//! ```
//! use vakt_run::{Action, Actor, Engine, Mode};
//! use vakt_sources::{FixedClock, SequentialIds};
//! let dir = tempfile::tempdir().unwrap();
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let ids = SequentialIds::new();
//! let mut db = vakt_store::Database::open(&dir.path().join("v.sqlite3"), &clock).unwrap();
//! vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).unwrap();
//! let text = "format = 1\nkind = \"playbook\"\nid = \"p\"\nversion = \"1\"\ncategory = \"dr\"\n\
//!     title = { en = \"P\" }\nsummary = { en = \"P.\" }\n[[steps]]\nid = \"only\"\n\
//!     title = { en = \"Only\" }\ninstructions = { en = \"Do it.\" }\nrole = \"responder\"\nduration = \"5m\"\n";
//! let playbook = vakt_playbook::LoadedPlaybook {
//!     path: "p.toml".into(), source: text.into(), sha256: vakt_playbook::sha256_hex(text.as_bytes()),
//!     playbook: vakt_playbook::parse_playbook("p.toml", text, &Default::default()).unwrap(),
//! };
//! let mut engine = Engine::new(&mut db, &clock, &ids, &dir.path().join("evidence"));
//! let kari = Actor { actor: "kari".into(), host: "laptop".into(), ..Actor::default() };
//! let run = engine.start(&kari, &playbook, vec!["responder".into()], Mode::Drill, "Drill").unwrap();
//! let step = Action::CompleteStep { step: "only".into() };
//! assert!(engine.act(run.id, &kari, step).is_err(), "not started yet");
//! engine.act(run.id, &kari, Action::StartStep { step: "only".into() }).unwrap();
//! let state = engine.act(run.id, &kari, Action::CompleteStep { step: "only".into() }).unwrap();
//! assert_eq!(state.current, None);
//! assert_eq!(engine.state(run.id).unwrap(), state, "rebuilt from the journal");
//! ```
#![deny(missing_docs)]

mod clock;
pub mod custody;
mod engine;
mod error;
pub mod evidence;
mod state;

pub use clock::{ClockState, ClockStatus};
pub use engine::{Action, Actor, Engine, READ_ONLY_ROLE};
pub use error::RunError;
pub use evidence::{EvidenceStore, StoredFile};
pub use state::{
    DecisionRecord, EvidenceRecord, Mode, NoteRecord, RunState, SignOff, StartPayload, StepRecord,
    StepStatus, kind,
};
