//! Taking in another copy's events (a bundle, the team server): each one is checked against
//! its device's chain and key before it is stored; nothing already held is changed.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use uuid::Uuid;

use crate::append::v2_hash;
use crate::device::Keyring;
use crate::event::{GENESIS, time_text};
use crate::{Event, JournalError};

/// Why an event was not imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Only second-version events travel between copies.
    #[error("event {id} has format {format}; only format 2 events can be imported")]
    Format {
        /// The event.
        id: Uuid,
        /// Its format.
        format: u8,
    },
    /// The device is not registered here ([`register_device`](crate::register_device)).
    #[error("event {id} is from device {device}, which this journal does not know")]
    UnknownDevice {
        /// The event.
        id: Uuid,
        /// Its device.
        device: Uuid,
    },
    /// The event is not the next one of its device's chain.
    #[error(
        "event {device_seq} of device {device} cannot follow its event {held}: events are missing"
    )]
    Gap {
        /// The device.
        device: Uuid,
        /// The event's position.
        device_seq: u64,
        /// How many of the device's events this journal holds.
        held: u64,
    },
    /// The event does not name the hash of its device's event before it.
    #[error(
        "event {device_seq} of device {device} does not follow the event before it (wrong previous hash)"
    )]
    PrevHash {
        /// The device.
        device: Uuid,
        /// The event's position.
        device_seq: u64,
    },
    /// The event's fields do not give its hash.
    #[error("event {device_seq} of device {device} does not match its hash")]
    Hash {
        /// The device.
        device: Uuid,
        /// The event's position.
        device_seq: u64,
    },
    /// The device's signature is missing or does not verify.
    #[error("event {device_seq} of device {device} has no valid device signature")]
    Signature {
        /// The device.
        device: Uuid,
        /// The event's position.
        device_seq: u64,
    },
    /// An event with the same id but other content is already held.
    #[error("another event with id {id} is already in the journal")]
    Conflict {
        /// The event.
        id: Uuid,
    },
    /// Reading or writing the journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Journal(e.into())
    }
}

/// Imports one event in its own transaction; see [`import_event_in`].
pub fn import_event(conn: &mut Connection, event: &Event) -> Result<Option<u64>, ImportError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seq = import_event_in(&tx, event)?;
    tx.commit()?;
    Ok(seq)
}

/// Imports one event of another device (or of this one, from another copy): it must be the next
/// event of its registered device's chain, name that chain's head as its previous hash, match
/// its hash and carry the device's valid signature. Stored at the next local position with its
/// receipt; returns that position, or `None` when the same event is already held. The event's
/// `seq` is ignored.
pub fn import_event_in(tx: &Transaction<'_>, event: &Event) -> Result<Option<u64>, ImportError> {
    let (id, device, device_seq) = (event.id, event.device, event.device_seq);
    if event.format != 2 {
        return Err(ImportError::Format {
            id,
            format: event.format,
        });
    }
    let payload = serde_json::to_string(&event.payload).map_err(JournalError::from)?;
    let intact =
        v2_hash(event, &payload) == event.hash && time_text(event.at) == time_text(event.hlc.wall);
    let held: Option<Vec<u8>> = tx
        .prepare_cached("SELECT hash FROM journal_event WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?;
    if let Some(hash) = held {
        return if intact && hash == event.hash {
            Ok(None)
        } else {
            Err(ImportError::Conflict { id })
        };
    }
    let head: Option<(u64, Vec<u8>)> = tx
        .prepare_cached(
            "SELECT device_seq, hash FROM journal_event WHERE device = ?1 \
             ORDER BY device_seq DESC LIMIT 1",
        )?
        .query_row([device.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (held, prev) = head.unwrap_or((0, GENESIS.to_vec()));
    if device_seq != held + 1 {
        return Err(ImportError::Gap {
            device,
            device_seq,
            held,
        });
    }
    if prev != event.prev_hash {
        return Err(ImportError::PrevHash { device, device_seq });
    }
    if !intact {
        return Err(ImportError::Hash { device, device_seq });
    }
    let known: bool = tx
        .prepare_cached("SELECT count(*) FROM journal_device WHERE id = ?1")?
        .query_row([device.to_string()], |r| r.get::<_, i64>(0))?
        > 0;
    if !known {
        return Err(ImportError::UnknownDevice { id, device });
    }
    let signature = event.device_sig.as_deref().unwrap_or(&[]);
    if !Keyring::default().verifies(tx, &device.to_string(), &event.hash, signature)? {
        return Err(ImportError::Signature { device, device_seq });
    }
    let seq: u64 = tx
        .prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM journal_event")?
        .query_row([], |r| r.get(0))?;
    crate::append::insert(
        tx,
        &Event {
            seq,
            ..event.clone()
        },
        &payload,
    )?;
    Ok(Some(seq))
}
