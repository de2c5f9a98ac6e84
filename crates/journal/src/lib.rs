//! Vakt's journal: every action of every run, append-only and tamper-evident, one hash chain
//! per device (see `JOURNAL-V2.md` in the design notes).
//!
//! Each data directory is a **device** with its own P-256 key ([`ensure_device`], called once
//! when the database is opened). Each [`Event`] it records carries a UUIDv7, its device and its
//! position in the device's chain (1, 2, 3, … without gaps), the hash of the device's event
//! before it, a hybrid logical clock ([`Hlc`]: past every event already stored), the latest
//! event of every device in the same run it had `seen`, who acted where ([`Attribution`]:
//! display name, person id, login, uid, host, addresses, role), kind, run and JSON payload. Its
//! hash is a domain-separated SHA-256 over all of that ([`event::chain_hash_v2`]) and the device
//! signs the hash. A server's [`Receipt`] is stored beside an event, outside its hash. `seq` is
//! only the local insertion order of this file. Triggers refuse every UPDATE and DELETE;
//! [`append`] returns only after the commit, so an acknowledged event survives a crash.
//!
//! Journals of the first version (migration `0002_journal`) are migrated by `0003`: their rows
//! keep every value and become the first device's chain, verified by the first-version rule
//! ([`event::chain_hash`]); the device's first new event is a `journal.migrated` event naming
//! the old head. [`verify`] walks every device chain and names the first bad event (local `seq`,
//! device and position) when an event was changed, removed, inserted, reordered or badly
//! signed. A [`Checkpoint`] (every chain's count and head) kept elsewhere also catches a cut-off
//! tail, which no chain can see by itself. [`import_event`] takes in another device's event
//! only when it continues that device's chain with a valid signature. [`run_events`] gives a
//! run's events in replay order: clock, then device and position.
//!
//! ```
//! use vakt_journal::{Attribution, EventDraft, append, ensure_device, verify};
//! use vakt_sources::{FixedClock, SequentialIds};
//! let dir = tempfile::tempdir().unwrap();
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let mut db = vakt_store::Database::open(&dir.path().join("v.sqlite3"), &clock).unwrap();
//! ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).unwrap();
//! let draft = EventDraft {
//!     by: Attribution {
//!         actor: "kari".into(), role: Some("scribe".into()), host: "laptop-1".into(),
//!         os_user: "kari".into(), os_uid: Some(1000), ..Attribution::default()
//!     },
//!     kind: "note.added".into(), run: None, payload: serde_json::json!({"text": "hello"}),
//! };
//! let first = append(db.connection_mut(), &draft, &clock, &SequentialIds::new()).unwrap();
//! assert_eq!((first.seq, first.device_seq), (1, 1));
//! let check = verify(db.connection(), None).unwrap();
//! assert!(check.is_intact());
//! assert_eq!(check.checkpoint().devices[0].count, 1);
//! ```
#![deny(missing_docs)]

mod append;
mod bundle;
mod device;
pub mod event;
mod exchange;
mod export;
mod import;
mod query;
mod verify;

pub use append::{append, append_in, events_of_kind, for_each_event, run_events};
pub use bundle::{BUNDLE_FORMAT, BundleError, Exported, Imported, export_bundle, import_bundle};
pub use device::{Device, devices, ensure_device, register_device, this_device};
pub use event::{Attribution, Event, EventDraft, Hlc, Receipt};
pub use exchange::{
    WireDevice, WireEvent, device_events_after, device_keys, events_beyond, heads, store_receipt,
    unhex, without_receipt,
};
pub use export::{CSV_HEADER, export_csv, export_json};
pub use import::{ImportError, import_event, import_event_in};
pub use query::{Choices, EventQuery, choices, query};
pub use verify::{Break, Checkpoint, DeviceHead, Verification, verify};

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
    /// A device cannot be registered: its key is not a P-256 public key, or the device is
    /// already known with another key.
    #[error("device {device}: {reason}")]
    Device {
        /// The device.
        device: uuid::Uuid,
        /// What is wrong.
        reason: &'static str,
    },
    /// This journal has no device yet: call [`ensure_device`] when the database is opened.
    #[error("the journal has no device key yet (ensure_device was not called)")]
    NoDevice,
    /// A stored event cannot be read back (run `vakt journal verify`).
    #[error("journal event {seq} cannot be read: {reason}")]
    Corrupt {
        /// Its sequence number.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
}
