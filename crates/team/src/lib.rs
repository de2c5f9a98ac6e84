//! Vakt's team journal: several laptops on one incident, converging through a PostgreSQL team
//! server when one is reachable (see `docs/team.md` and `JOURNAL-V2.md` in the design notes).
//!
//! Every laptop keeps its complete journal and works without the server. The server
//! ([`schema`], applied by `vakt team init`) stores events append-only, fills each event's
//! receipt itself (`session_user`, `inet_client_addr()`, `now()`, a server sequence), refuses an
//! event whose device is not enrolled and approved, whose chain does not continue, whose hash
//! does not match or whose device signature does not verify (P-256 ECDSA in PL/pgSQL, no
//! extension needed), and lets a login insert only events of its own devices (row-level
//! security). A device is enrolled by its login ([`enrol`]) and approved by an administrator
//! ([`approve`]). [`sync`] pushes this device's events the server lacks, pulls every event this
//! laptop lacks through [`vakt_journal::import_event`] (the same checks as a bundle import),
//! and stores the server's receipts; it is idempotent and resumable (per-device high-water
//! marks on both sides, committed batch by batch). [`anchor`] stores the server's heads at a
//! moment and [`compare`] tells whether this laptop's journal matches what the server saw.
#![deny(missing_docs)]

pub mod schema;

mod anchor;
mod enrol;
mod sync;
mod tls;

pub use anchor::{
    Anchor, AnchorCheck, Comparison, DeviceComparison, LAST_ANCHOR, PENDING_ANCHOR, anchor,
    anchor_queued, anchors, check_anchor, compare, last_anchor_check, queue_anchor, queued_anchors,
};
pub use enrol::{ServerDevice, add_member, approve, enrol, server_devices};
pub use sync::{
    PULL_BATCH, PUSH_BATCH, Pulled, Pushed, Synced, offer, pull, push, receipts, sync,
    wait_for_events,
};

/// An error talking to the team server or reading the journal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TeamError {
    /// The server could not be reached or refused the statement.
    #[error("team server: {}", server_message(.0))]
    Server(#[from] postgres::Error),
    /// The local journal failed.
    #[error(transparent)]
    Journal(#[from] vakt_journal::JournalError),
    /// The local database failed.
    #[error("journal database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The request does not fit the server's state (a device enrolled by another login, an
    /// unknown device, a login name that is no SQL identifier).
    #[error("{0}")]
    Refused(String),
}

/// The server's own words for an error it reported (its message, detail and hint), else the
/// client's description (a cut connection, a refused login).
fn server_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut text = db.message().to_string();
            if let Some(detail) = db.detail() {
                text.push_str(&format!(" ({detail})"));
            }
            if let Some(hint) = db.hint() {
                text.push_str(&format!("; {hint}"));
            }
            text
        }
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(&format!(": {s}"));
                source = s.source();
            }
            text
        }
    }
}

/// Connects to the team server at `conninfo` (libpq key=value or URL form), over TLS as its
/// `sslmode` says (`disable`, `prefer` — libpq's default —, `require`, `verify-ca`,
/// `verify-full`; `sslrootcert`, `sslcert`, `sslkey` as in libpq). Production runs
/// `sslmode=verify-full` (see docs/team.md). A certificate that is not trusted is refused with
/// the reason (`TeamError::Refused`), before anything is sent.
pub fn connect(conninfo: &str) -> Result<postgres::Client, TeamError> {
    tls::connect(conninfo)
}
