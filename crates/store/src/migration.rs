//! Numbered migrations, applied in order, each in its own transaction.

use std::path::Path;

use rusqlite::{Connection, params};
use vakt_sources::Clock;

use crate::StoreError;

/// One step of the schema's history.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its number: the schema version once it is applied. Numbers run 1, 2, 3, … without gaps.
    pub version: u32,
    /// A short name, as in the file name.
    pub name: &'static str,
    /// The SQL it runs.
    pub sql: &'static str,
}

/// Every migration, oldest first. A new one is a new file in `migrations/` and a new line here.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "settings",
        sql: include_str!("../migrations/0001_settings.sql"),
    },
    Migration {
        version: 2,
        name: "journal",
        sql: include_str!("../migrations/0002_journal.sql"),
    },
    Migration {
        version: 3,
        name: "journal_devices",
        sql: include_str!("../migrations/0003_journal_devices.sql"),
    },
];

/// The schema version a freshly opened database has.
pub const LATEST_SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

pub(crate) fn apply(
    conn: &mut Connection,
    path: &Path,
    clock: &dyn Clock,
) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migration (
             version    INTEGER PRIMARY KEY NOT NULL,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         ) STRICT;",
    )
    .map_err(sqlite)?;
    let found = user_version(conn).map_err(sqlite)?;
    if found > LATEST_SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: LATEST_SCHEMA_VERSION,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let failed = |source| StoreError::Migration {
            path: path.to_path_buf(),
            version: m.version,
            name: m.name,
            source,
        };
        let tx = conn.transaction().map_err(failed)?;
        tx.execute_batch(m.sql).map_err(failed)?;
        tx.execute(
            "INSERT INTO schema_migration (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![m.version, m.name, clock.now().to_rfc3339()],
        )
        .map_err(failed)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;
    use vakt_sources::FixedClock;

    fn clock() -> FixedClock {
        FixedClock::at("2026-11-26T08:00:00Z".parse().expect("valid time"))
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} out of order",
                m.name
            );
        }
    }

    #[test]
    fn every_migration_file_is_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn a_new_file_is_migrated_durable_and_recorded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("vakt.sqlite3");
        let db = Database::open(&path, &clock()).expect("open");
        assert!(path.exists());
        assert_eq!(db.schema_version().expect("version"), LATEST_SCHEMA_VERSION);
        assert_eq!(db.journal_mode().expect("mode"), "wal");
        let sync: i64 = db
            .connection()
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("synchronous");
        assert_eq!(sync, 2, "synchronous=FULL");
        let rows: Vec<(u32, String, String)> = db
            .connection()
            .prepare("SELECT version, name, applied_at FROM schema_migration ORDER BY version")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert_eq!(rows.len(), MIGRATIONS.len());
        assert_eq!(
            rows[0],
            (1, "settings".into(), "2026-11-26T08:00:00+00:00".into())
        );
    }

    #[test]
    fn reopening_applies_nothing_twice() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vakt.sqlite3");
        drop(Database::open(&path, &clock()).expect("first open"));
        let db = Database::open(&path, &clock()).expect("second open");
        let n: u32 = db
            .connection()
            .query_row("SELECT count(*) FROM schema_migration", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as usize, MIGRATIONS.len());
    }

    #[test]
    fn a_file_from_a_newer_vakt_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vakt.sqlite3");
        {
            let db = Database::open(&path, &clock()).expect("open");
            db.connection()
                .pragma_update(None, "user_version", LATEST_SCHEMA_VERSION + 5)
                .expect("bump");
        }
        let err = Database::open(&path, &clock()).expect_err("must refuse");
        assert!(
            matches!(err, StoreError::TooNew { found, .. } if found == LATEST_SCHEMA_VERSION + 5),
            "{err}"
        );
        assert!(err.to_string().contains("newer than this Vakt supports"));
    }

    #[test]
    fn a_file_that_is_not_a_database_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vakt.sqlite3");
        std::fs::write(
            &path,
            b"this is a text file, not SQLite, and long enough to have a header",
        )
        .expect("write");
        let err = Database::open(&path, &clock()).expect_err("must refuse");
        assert!(err.to_string().contains("vakt.sqlite3"), "{err}");
    }
}
