//! The evidence register and its chain of custody (ISO/IEC 27001 A.5.28, ISO/IEC 27037), kept
//! in the journal.
//!
//! An **item** is one `evidence.attached` event; its id is the event's id. The event says who
//! collected it, from where, how and when, its SHA-256 and size, and whether a copy is held in
//! the store or only a reference to where it lies. Every later event on the item (viewed,
//! exported, handed over) is a journal event of its own naming the item. Nothing is ever
//! changed: the register is read back from the journal ([`register`]).
//!
//! ## Event payloads
//!
//! `evidence.attached` (run: the item's run; the event's actor is who recorded it):
//! ```json
//! { "sha256": "hex", "size": 123,
//!   "original_name": "the file name, control and bidi characters escaped",
//!   "step": "contain" | null, "description": "what it shows",
//!   "method": "copied-file" | "screenshot" | "export" | "memory-image" | "disk-image" | "other",
//!   "collected_by": "who collected it", "collected_at": "RFC 3339",
//!   "source": { "host": "where it was", "path": "/absolute/path as given",
//!               "system": "source system, such as an EDR console" | null,
//!               "mode": 416, "modified": "RFC 3339" | null },
//!   "held": "copy" | "reference" }
//! ```
//! Events written before this version carry only the first five fields: a copied file, held
//! as a copy, collected by the event's actor at the event's time.
//!
//! Custody events (run: none, so the run's own replay never sees them; the run is in the
//! payload), each with `"run"`, `"item"` (the `evidence.attached` event id) and `"sha256"`:
//! - `evidence.viewed`: `{}` beyond those;
//! - `evidence.exported`: `{ "to": "/path/of/the/copy" }`;
//! - `evidence.handed_over`: `{ "to": "person or organisation", "purpose": "why" }`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;
use vakt_journal::{Event, EventDraft, append_in, events_of_kind, run_events};
use vakt_sources::{Clock, IdSource};
use vakt_stdx::shown_safely;
use vakt_store::Database;

use crate::evidence::{EvidenceStore, Keep, Taken, Watch};
use crate::{Actor, RunError, RunState, kind as run_kind};

/// The event kinds of the register.
pub mod kind {
    /// An item was attached (collected and registered).
    pub const ATTACHED: &str = crate::kind::EVIDENCE_ATTACHED;
    /// An item was looked at.
    pub const VIEWED: &str = "evidence.viewed";
    /// A copy of an item was written out.
    pub const EXPORTED: &str = "evidence.exported";
    /// An item was handed over to someone.
    pub const HANDED_OVER: &str = "evidence.handed_over";
}

/// How an item was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// A file copied from where it was.
    #[default]
    CopiedFile,
    /// A screenshot.
    Screenshot,
    /// An export from a system (logs, a mailbox, an audit trail).
    Export,
    /// A memory image.
    MemoryImage,
    /// A disk image.
    DiskImage,
    /// Something else (the description says what).
    Other,
}

/// Whether the store holds a copy or only a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Held {
    /// A copy is in the evidence store.
    #[default]
    Copy,
    /// Only hashed where it lies; the source path is the reference.
    Reference,
}

impl From<Keep> for Held {
    fn from(k: Keep) -> Self {
        match k {
            Keep::Copy => Held::Copy,
            Keep::Reference => Held::Reference,
        }
    }
}

/// What a responder says about an item when attaching it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Collection {
    /// How it was obtained.
    pub method: Method,
    /// Who collected it; the actor when `None`.
    pub collected_by: Option<String>,
    /// When it was collected; the time of recording when `None`. A time in the future is
    /// refused.
    pub collected_at: Option<DateTime<Utc>>,
    /// The machine it came from; the actor's host when `None`.
    pub source_host: Option<String>,
    /// The system it came from (an EDR console, a mail gateway), if any.
    pub source_system: Option<String>,
    /// Copy it into the store, or register it by reference.
    pub keep: Keep,
    /// The step it belongs to.
    pub step: Option<String>,
    /// The step's evidence request it answers, if any (a required request is met by evidence
    /// naming it, or by evidence of the step naming none).
    pub request: Option<String>,
    /// What it shows.
    pub description: String,
}

/// Where an item came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePayload {
    /// The machine.
    pub host: String,
    /// The path as given, made absolute.
    pub path: String,
    /// The system, if any.
    #[serde(default)]
    pub system: Option<String>,
    /// The source file's permission bits.
    #[serde(default)]
    pub mode: Option<u32>,
    /// The source file's modification time.
    #[serde(default)]
    pub modified: Option<String>,
}

/// The payload of `evidence.attached` (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedPayload {
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The file's name, control and bidi characters escaped.
    pub original_name: String,
    /// The step it belongs to.
    #[serde(default)]
    pub step: Option<String>,
    /// The step's evidence request it answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// What it shows.
    #[serde(default)]
    pub description: String,
    /// How it was obtained (older events: a copied file).
    #[serde(default)]
    pub method: Method,
    /// Who collected it (older events: the event's actor).
    #[serde(default)]
    pub collected_by: Option<String>,
    /// When it was collected (older events: the event's time).
    #[serde(default)]
    pub collected_at: Option<String>,
    /// Where it came from (older events: unknown).
    #[serde(default)]
    pub source: Option<SourcePayload>,
    /// Copy or reference (older events: a copy).
    #[serde(default)]
    pub held: Held,
}

impl AttachedPayload {
    /// The payload for `taken`, collected as `collection` says, recorded by `actor` at `now`.
    pub fn new(taken: &Taken, collection: &Collection, actor: &Actor, now: DateTime<Utc>) -> Self {
        let name = taken
            .source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            sha256: taken.sha256.clone(),
            size: taken.size,
            original_name: shown_safely(&name),
            step: collection.step.clone(),
            request: collection.request.clone(),
            description: collection.description.clone(),
            method: collection.method,
            collected_by: Some(
                collection
                    .collected_by
                    .clone()
                    .unwrap_or_else(|| actor.actor.clone()),
            ),
            collected_at: Some(vakt_journal::event::time_text(
                collection.collected_at.unwrap_or(now),
            )),
            source: Some(SourcePayload {
                host: collection
                    .source_host
                    .clone()
                    .unwrap_or_else(|| actor.host.clone()),
                path: taken.source.to_string_lossy().into_owned(),
                system: collection.source_system.clone(),
                mode: Some(taken.source_mode),
                modified: taken.source_modified.map(vakt_journal::event::time_text),
            }),
            held: taken.kept.into(),
        }
    }
}

/// Something that happens to an item after it was attached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CustodyAction {
    /// It was looked at.
    Viewed,
    /// A copy was written to `to`.
    Exported {
        /// Where.
        to: String,
    },
    /// It was handed over.
    HandedOver {
        /// To whom (a person, an organisation).
        to: String,
        /// Why.
        purpose: String,
    },
}

impl CustodyAction {
    fn kind(&self) -> &'static str {
        match self {
            CustodyAction::Viewed => kind::VIEWED,
            CustodyAction::Exported { .. } => kind::EXPORTED,
            CustodyAction::HandedOver { .. } => kind::HANDED_OVER,
        }
    }
}

/// One event of an item's custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustodyEntry {
    /// The journal event.
    pub event: Uuid,
    /// Its sequence number.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: String,
    /// In which role.
    pub role: Option<String>,
    /// On which machine.
    pub host: String,
    /// What happened.
    pub action: CustodyAction,
}

/// One item of the register with its chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceItem {
    /// The item (its `evidence.attached` event).
    pub id: Uuid,
    /// The run.
    pub run: Uuid,
    /// The event's sequence number.
    pub seq: u64,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: String,
    /// In which role.
    pub role: Option<String>,
    /// On which machine.
    pub host: String,
    /// What was recorded.
    pub attached: AttachedPayload,
    /// Every later event on it, in journal order.
    pub custody: Vec<CustodyEntry>,
}

fn journal_error(e: serde_json::Error) -> RunError {
    RunError::Journal(vakt_journal::JournalError::from(e))
}

/// Every item attached in the journal (in every run, or in `run` only), with its custody.
pub fn register(conn: &Connection, run: Option<Uuid>) -> Result<Vec<EvidenceItem>, RunError> {
    let attached: Vec<Event> = match run {
        Some(r) => run_events(conn, r)?
            .into_iter()
            .filter(|e| e.kind == kind::ATTACHED)
            .collect(),
        None => events_of_kind(conn, kind::ATTACHED)?,
    };
    let mut items = Vec::with_capacity(attached.len());
    for e in attached {
        let Some(run) = e.run else { continue };
        let payload: AttachedPayload =
            serde_json::from_value(e.payload.clone()).map_err(journal_error)?;
        items.push(EvidenceItem {
            id: e.id,
            run,
            seq: e.seq,
            recorded_at: e.at,
            recorded_by: e.by.actor.clone(),
            role: e.by.role.clone(),
            host: e.by.host.clone(),
            attached: payload,
            custody: Vec::new(),
        });
    }
    let mut custody = Vec::new();
    for k in [kind::VIEWED, kind::EXPORTED, kind::HANDED_OVER] {
        custody.extend(events_of_kind(conn, k)?);
    }
    custody.sort_by_key(|e| e.seq);
    for e in custody {
        let Some(item) = e
            .payload
            .get("item")
            .and_then(|v| v.as_str())
            .and_then(|s| s.parse::<Uuid>().ok())
        else {
            continue;
        };
        let Some(target) = items.iter_mut().find(|i| i.id == item) else {
            continue;
        };
        let action = match e.kind.as_str() {
            kind::VIEWED => CustodyAction::Viewed,
            kind::EXPORTED => CustodyAction::Exported {
                to: text(&e.payload, "to"),
            },
            _ => CustodyAction::HandedOver {
                to: text(&e.payload, "to"),
                purpose: text(&e.payload, "purpose"),
            },
        };
        target.custody.push(CustodyEntry {
            event: e.id,
            seq: e.seq,
            at: e.at,
            by: e.by.actor.clone(),
            role: e.by.role.clone(),
            host: e.by.host.clone(),
            action,
        });
    }
    Ok(items)
}

fn text(v: &serde_json::Value, key: &str) -> String {
    v.get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// Records `action` on item `item` by `actor`, committed before it returns. Refused for the
/// read-only role and for an item the journal does not have; allowed on a closed run (evidence
/// is handed over after an incident too).
pub fn record_custody(
    db: &mut Database,
    clock: &dyn Clock,
    ids: &dyn IdSource,
    actor: &Actor,
    item: Uuid,
    action: &CustodyAction,
) -> Result<CustodyEntry, RunError> {
    if actor.role.as_deref() == Some(crate::READ_ONLY_ROLE) {
        return Err(RunError::Forbidden {
            actor: actor.actor.clone(),
            role: crate::READ_ONLY_ROLE.to_string(),
            action: "recording the custody of evidence",
        });
    }
    let mut extra = match action {
        CustodyAction::Viewed => json!({}),
        CustodyAction::Exported { to } => json!({ "to": to }),
        CustodyAction::HandedOver { to, purpose } => {
            if to.trim().is_empty() {
                return Err(RunError::Empty("whom the evidence is handed to"));
            }
            if purpose.trim().is_empty() {
                return Err(RunError::Empty("the purpose of the hand-over"));
            }
            json!({ "to": to, "purpose": purpose })
        }
    };
    let conn = db.connection_mut();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = events_of_kind(&tx, kind::ATTACHED)?
        .into_iter()
        .find(|e| e.id == item)
        .ok_or(RunError::UnknownEvidence(item))?;
    let run = found.run.ok_or(RunError::UnknownEvidence(item))?;
    let state = RunState::replay(run, &run_events(&tx, run)?)?;
    let role = actor.role.clone().or_else(|| {
        state
            .assignments
            .iter()
            .find(|(_, person)| **person == actor.actor)
            .map(|(role, _)| role.clone())
    });
    if let Some(map) = extra.as_object_mut() {
        map.insert("run".into(), json!(run));
        map.insert("item".into(), json!(item));
        map.insert(
            "sha256".into(),
            found.payload.get("sha256").cloned().unwrap_or_default(),
        );
    }
    let draft = EventDraft {
        by: Actor {
            role: role.clone(),
            ..actor.clone()
        },
        kind: action.kind().to_string(),
        run: None,
        payload: extra,
    };
    let event = append_in(&tx, &draft, clock, ids)?;
    tx.commit()?;
    Ok(CustodyEntry {
        event: event.id,
        seq: event.seq,
        at: event.at,
        by: event.by.actor,
        role,
        host: event.by.host,
        action: action.clone(),
    })
}

/// A stored copy the journal expects: its SHA-256 and the items that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// SHA-256, hex.
    pub sha256: String,
    /// Its size as recorded.
    pub size: u64,
    /// The items (run, item id, name) that hold it.
    pub items: Vec<ItemName>,
}

/// An item as a finding names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemName {
    /// The run.
    pub run: Uuid,
    /// The item.
    pub item: Uuid,
    /// Its name, escaped.
    pub name: String,
}

/// What the journal expects the store to hold: every item held as a copy, one entry per
/// distinct SHA-256; and how many items are held by reference only. Quick: reads the journal.
pub fn expected(conn: &Connection) -> Result<(Vec<Expected>, usize), RunError> {
    let mut by_hash: std::collections::BTreeMap<String, Expected> = Default::default();
    let mut references = 0;
    for item in register(conn, None)? {
        if item.attached.held == Held::Reference {
            references += 1;
            continue;
        }
        let entry = by_hash
            .entry(item.attached.sha256.clone())
            .or_insert_with(|| Expected {
                sha256: item.attached.sha256.clone(),
                size: item.attached.size,
                items: Vec::new(),
            });
        entry.items.push(ItemName {
            run: item.run,
            item: item.id,
            name: item.attached.original_name.clone(),
        });
    }
    Ok((by_hash.into_values().collect(), references))
}

/// A stored copy that is not what the journal says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What the journal expects.
    pub expected: Expected,
    /// The digest found, when the copy exists but changed.
    pub found: Option<String>,
}

/// The store checked against the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct EvidenceCheck {
    /// Distinct stored copies the journal names, all rehashed.
    pub checked: usize,
    /// Bytes rehashed.
    pub bytes: u64,
    /// Items held by reference (not in the store, not rehashed).
    pub references: usize,
    /// Copies the journal names that are gone.
    pub missing: Vec<Finding>,
    /// Copies that no longer hash to their name.
    pub modified: Vec<Finding>,
    /// Files in the store no item names (a crash between copying and recording leaves one;
    /// so does a file put there by hand). Listed, not counted as damage.
    pub extra: Vec<String>,
    /// Leftover `.part` files of interrupted copies (removed by the next intake or
    /// [`EvidenceStore::sweep`]; a check only reads, so it works on write-protected media).
    pub leftovers: usize,
}

impl EvidenceCheck {
    /// Whether every copy the journal names is there and unchanged.
    pub fn is_intact(&self) -> bool {
        self.missing.is_empty() && self.modified.is_empty()
    }
}

/// Rehashes every copy in `expected` in `store` (slow: run it without holding the database)
/// and lists what is missing, modified or extra. Only reads.
pub fn check_store(
    store: &EvidenceStore,
    expected: Vec<Expected>,
    references: usize,
    watch: &mut Watch<'_>,
) -> Result<EvidenceCheck, RunError> {
    let mut check = EvidenceCheck {
        references,
        leftovers: store.leftovers()?,
        ..EvidenceCheck::default()
    };
    let held = store.held()?;
    let names: std::collections::BTreeSet<&str> =
        expected.iter().map(|e| e.sha256.as_str()).collect();
    check.extra = held
        .iter()
        .filter(|h| !names.contains(h.as_str()))
        .cloned()
        .collect();
    for e in expected {
        match store.rehash(&e.sha256, watch)? {
            None => check.missing.push(Finding {
                expected: e,
                found: None,
            }),
            Some(found) => {
                check.checked += 1;
                check.bytes += found.size;
                if found.sha256 != e.sha256 {
                    check.modified.push(Finding {
                        expected: e,
                        found: Some(found.sha256),
                    });
                }
            }
        }
    }
    Ok(check)
}

/// [`expected`] then [`check_store`], in one call (for tools and tests that hold the database
/// anyway).
pub fn verify(
    conn: &Connection,
    store: &EvidenceStore,
    watch: &mut Watch<'_>,
) -> Result<EvidenceCheck, RunError> {
    let (expected, references) = expected(conn)?;
    check_store(store, expected, references, watch)
}

/// Whether `at` lies after `now` (a collection time in the future is refused).
pub(crate) fn check_collected_at(
    collection: &Collection,
    now: DateTime<Utc>,
) -> Result<(), RunError> {
    match collection.collected_at {
        Some(at) if at > now => Err(RunError::FutureTime {
            what: "the collection time".to_string(),
            at,
            now,
        }),
        _ => Ok(()),
    }
}

/// The `evidence.attached` draft for `payload` in `run`.
pub(crate) fn attached_draft(
    actor: &Actor,
    role: Option<String>,
    run: Uuid,
    payload: &AttachedPayload,
) -> Result<EventDraft, RunError> {
    Ok(EventDraft {
        by: Actor {
            role,
            ..actor.clone()
        },
        kind: run_kind::EVIDENCE_ATTACHED.to_string(),
        run: Some(run),
        payload: serde_json::to_value(payload).map_err(journal_error)?,
    })
}
