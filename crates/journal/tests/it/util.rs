//! Journals to test against: a fresh file with its device, and drafts by one person.

use rusqlite::Connection;
use vakt_journal::{Attribution, EventDraft, append, ensure_device};
use vakt_sources::{FixedClock, SequentialIds};
use vakt_store::Database;

pub struct Journal {
    pub _dir: tempfile::TempDir,
    pub db: Database,
    pub clock: FixedClock,
    pub ids: SequentialIds,
}

pub fn by(who: &str) -> Attribution {
    Attribution {
        actor: who.to_string(),
        person: None,
        os_user: "kari".into(),
        os_uid: Some(1000),
        host: "laptop-7".into(),
        addresses: vec!["192.0.2.7".into(), "2001:db8::7".into()],
        role: None,
    }
}

pub fn note(who: &str, i: u64, run: Option<uuid::Uuid>) -> EventDraft {
    EventDraft {
        by: Attribution {
            role: (i % 2 == 0).then(|| "scribe".to_string()),
            person: (i % 3 == 0).then(|| "ab".repeat(32)),
            ..by(&format!("{who}-{}", i % 3))
        },
        kind: "note.added".into(),
        run,
        payload: serde_json::json!({ "text": format!("note {i}, with æøå") }),
    }
}

/// An empty journal with its device, its clock at `start`.
pub fn empty(start: &str) -> Journal {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = FixedClock::at(start.parse().expect("time"));
    let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).expect("open");
    ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).expect("device");
    Journal {
        _dir: dir,
        db,
        clock,
        ids: SequentialIds::new(),
    }
}

impl Journal {
    pub fn add(&mut self, draft: &EventDraft) -> vakt_journal::Event {
        let e = append(self.db.connection_mut(), draft, &self.clock, &self.ids).expect("append");
        self.clock.advance(chrono::Duration::seconds(7));
        e
    }

    pub fn conn(&self) -> &Connection {
        self.db.connection()
    }
}

pub fn journal_by(n: u64, who: &str) -> Journal {
    let mut j = empty("2026-11-26T08:00:00Z");
    for i in 1..=n {
        j.add(&note(who, i, None));
    }
    j
}

pub fn journal(n: u64) -> Journal {
    journal_by(n, "actor")
}

/// Drops every trigger that guards the journal, as an attacker with the file can.
pub fn attacker(conn: &Connection) {
    conn.execute_batch(
        "DROP TRIGGER journal_event_no_update; DROP TRIGGER journal_event_no_delete;",
    )
    .expect("drop triggers");
}

pub fn first_bad(conn: &Connection) -> Option<u64> {
    vakt_journal::verify(conn, None)
        .expect("verify runs")
        .first_break
        .map(|b| b.seq)
}
