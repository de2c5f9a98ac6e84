//! Settings of this installation, as key/value text.

use rusqlite::{OptionalExtension, params};
use vakt_sources::Clock;

use crate::{Database, StoreError};

impl Database {
    /// The value of setting `key`, if one was saved.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.connection()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|source| self.sqlite(source))
    }

    /// Saves setting `key`; it is durable once this returns.
    pub fn set_setting(&self, key: &str, value: &str, clock: &dyn Clock) -> Result<(), StoreError> {
        self.connection()
            .execute(
                "INSERT INTO setting (key, value, changed_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at",
                params![key, value, clock.now().to_rfc3339()],
            )
            .map(|_| ())
            .map_err(|source| self.sqlite(source))
    }
}

#[cfg(test)]
mod tests {
    use vakt_sources::FixedClock;

    use crate::Database;

    #[test]
    fn a_setting_is_saved_replaced_and_survives_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vakt.sqlite3");
        let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().expect("time"));
        {
            let db = Database::open(&path, &clock).expect("open");
            assert_eq!(db.setting("workspace").expect("read"), None);
            db.set_setting("workspace", "/a", &clock).expect("save");
            db.set_setting("workspace", "/b/æøå", &clock)
                .expect("replace");
        }
        let db = Database::open(&path, &clock).expect("reopen");
        assert_eq!(
            db.setting("workspace").expect("read").as_deref(),
            Some("/b/æøå")
        );
    }
}
