//! Vakt's journal: every action of every run, append-only and tamper-evident.
//!
//! Each [`Event`] carries a sequence number (1, 2, 3, … without gaps), a UUIDv7, the UTC time,
//! actor, role, host, kind, the run it belongs to and a JSON payload, plus the hash of the event
//! before it and its own hash: a domain-separated SHA-256 over the previous hash and every field
//! ([`event::chain_hash`]). The table lives in Vakt's SQLite file (migration `0002_journal`);
//! triggers refuse every UPDATE and DELETE. [`append`] returns only after the commit, so an
//! acknowledged event survives a crash.
//!
//! [`verify`] walks the chain with one prepared statement and names the first bad sequence
//! number when an event was changed, removed, inserted or reordered. A [`Checkpoint`] (count and
//! head hash) kept elsewhere also catches a cut-off tail, which no chain can see by itself.
//!
//! ```
//! use vakt_journal::{EventDraft, append, verify};
//! use vakt_sources::{FixedClock, SequentialIds};
//! let dir = tempfile::tempdir().unwrap();
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let mut db = vakt_store::Database::open(&dir.path().join("v.sqlite3"), &clock).unwrap();
//! let draft = EventDraft {
//!     actor: "kari".into(), role: Some("scribe".into()), host: "laptop-1".into(),
//!     kind: "note.added".into(), run: None, payload: serde_json::json!({"text": "hello"}),
//! };
//! let first = append(db.connection_mut(), &draft, &clock, &SequentialIds::new()).unwrap();
//! assert_eq!(first.seq, 1);
//! let check = verify(db.connection(), None).unwrap();
//! assert!(check.is_intact());
//! assert_eq!(check.checkpoint().count, 1);
//! ```
#![deny(missing_docs)]

mod append;
pub mod event;
mod export;
mod query;
mod verify;

pub use append::{append, append_in, events_of_kind, for_each_event, run_events};
pub use event::{Event, EventDraft};
pub use export::{CSV_HEADER, export_csv, export_json};
pub use query::{Choices, EventQuery, choices, query};
pub use verify::{Break, Checkpoint, Verification, verify};

/// An error reading or writing the journal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// SQLite refused.
    #[error("journal database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A payload could not be written or read as JSON.
    #[error("journal payload: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing an export failed.
    #[error("journal export: {0}")]
    Io(#[from] std::io::Error),
    /// A stored event cannot be read back (run `vakt journal verify`).
    #[error("journal event {seq} cannot be read: {reason}")]
    Corrupt {
        /// Its sequence number.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
}
