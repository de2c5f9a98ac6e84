//! A laptop: a data directory with its database and device, acting as one person.

use std::path::PathBuf;

use rusqlite::Connection;
use vakt_journal::{Attribution, Device, Event, EventDraft, append, ensure_device, this_device};
use vakt_sources::{FixedClock, RandomIds};
use vakt_store::Database;

pub struct Laptop {
    pub dir: tempfile::TempDir,
    pub db: Database,
    pub clock: FixedClock,
    pub name: String,
}

impl Laptop {
    pub fn new(name: &str, start: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = FixedClock::at(start.parse().unwrap());
        let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).unwrap();
        ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock).unwrap();
        Self {
            dir,
            db,
            clock,
            name: name.to_string(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("vakt.sqlite3")
    }

    pub fn conn(&mut self) -> &mut Connection {
        self.db.connection_mut()
    }

    pub fn device(&self) -> Device {
        let id = this_device(self.db.connection()).unwrap().unwrap();
        vakt_journal::devices(self.db.connection())
            .unwrap()
            .into_iter()
            .find(|d| d.id == id)
            .unwrap()
    }

    pub fn by(&self) -> Attribution {
        Attribution {
            actor: self.name.clone(),
            person: Some(format!("{:0>64}", self.name.len())),
            os_user: self.name.to_lowercase(),
            os_uid: Some(1000),
            host: format!("{}-laptop", self.name.to_lowercase()),
            addresses: vec!["192.0.2.10".into()],
            role: Some("scribe".into()),
        }
    }

    pub fn act(&mut self, run: Option<uuid::Uuid>, text: &str) -> Event {
        let draft = EventDraft {
            by: self.by(),
            kind: "note.added".into(),
            run,
            payload: serde_json::json!({ "text": text, "by": self.name }),
        };
        self.clock.advance(chrono::Duration::milliseconds(1100));
        append(self.db.connection_mut(), &draft, &self.clock, &RandomIds).unwrap()
    }

    /// Every event id, in replay order.
    pub fn replay(&self) -> Vec<uuid::Uuid> {
        let conn = self.db.connection();
        let mut stmt = conn
            .prepare(
                "SELECT id FROM journal_event ORDER BY hlc_wall, hlc_counter, device, device_seq",
            )
            .unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|r| r.unwrap().parse().unwrap())
            .collect()
    }

    pub fn without_receipts(&self) -> usize {
        vakt_journal::without_receipt(self.db.connection(), None, usize::MAX)
            .unwrap()
            .len()
    }
}
