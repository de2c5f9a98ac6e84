//! The one place that reads the journal's event envelope and builds event drafts, and the
//! causal order of a run's events (who had seen what when they acted).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vakt_journal::{Event, EventDraft};

use crate::Actor;

/// What the run engine reads of an event's envelope.
pub(crate) struct Envelope<'e> {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub by: &'e str,
    pub device: Uuid,
    pub device_seq: u64,
    pub seen: &'e [Uuid],
}

/// The envelope of `e`. Journal v1 has one device and no `seen`: every event has seen every
/// earlier one.
pub(crate) fn envelope(e: &Event) -> Envelope<'_> {
    Envelope {
        id: e.id,
        at: e.at,
        by: &e.actor,
        device: Uuid::nil(),
        device_seq: e.seq,
        seen: &[],
    }
}

/// The name of the person acting.
pub(crate) fn actor_name(actor: &Actor) -> &str {
    &actor.name
}

/// The draft of an event of `run` by `actor`, acting in `role`.
pub(crate) fn event_draft(
    actor: &Actor,
    role: Option<String>,
    kind: &str,
    run: Uuid,
    payload: serde_json::Value,
) -> EventDraft {
    EventDraft {
        actor: actor.name.clone(),
        role,
        host: actor.host.clone(),
        kind: kind.to_string(),
        run: Some(run),
        payload,
    }
}

/// Device → highest device sequence number known.
type Vector = BTreeMap<Uuid, u64>;

/// The causal past of a run's events, as version vectors built from each event's `seen`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Causality {
    vectors: HashMap<Uuid, Vector>,
    /// Everything replayed so far.
    frontier: Vector,
}

fn merge(into: &mut Vector, from: &Vector) {
    for (d, s) in from {
        let e = into.entry(*d).or_insert(0);
        *e = (*e).max(*s);
    }
}

impl Causality {
    /// Records the next event in replay order; whether it had seen every event before it.
    pub(crate) fn observe(&mut self, e: &Envelope<'_>) -> bool {
        let mut v = Vector::new();
        for s in e.seen {
            if let Some(sv) = self.vectors.get(s) {
                merge(&mut v, sv);
            }
        }
        let own = v.entry(e.device).or_insert(0);
        *own = (*own).max(e.device_seq);
        let saw_all = self
            .frontier
            .iter()
            .all(|(d, s)| v.get(d).is_some_and(|x| x >= s));
        merge(&mut self.frontier, &v);
        self.vectors.insert(e.id, v);
        saw_all
    }
}
