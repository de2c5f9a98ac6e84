//! Vakt's SQLite database file.
//!
//! One file in the OS data directory holds the journal and run state. [`Database::open`] creates
//! it when missing, sets the durability pragmas (WAL journal, `synchronous=FULL`, foreign keys)
//! and applies the numbered migrations in `migrations/` that the file has not seen yet, each in
//! its own transaction. The schema version is SQLite's `user_version`; every applied migration
//! is also listed in `schema_migration` with its name and when it was applied.
//!
//! ```
//! use vakt_sources::FixedClock;
//! let dir = tempfile::tempdir().unwrap();
//! let clock = FixedClock::at("2026-11-26T08:00:00Z".parse().unwrap());
//! let db = vakt_store::Database::open(&dir.path().join("vakt.sqlite3"), &clock).unwrap();
//! assert_eq!(db.schema_version().unwrap(), vakt_store::LATEST_SCHEMA_VERSION);
//! ```
//!
//! This crate knows nothing of playbooks or the journal's meaning; the crates that own those
//! tables add their migrations here so that one file has one linear history.
#![deny(missing_docs)]

mod migration;
mod setting;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use vakt_sources::Clock;

pub use migration::{LATEST_SCHEMA_VERSION, MIGRATIONS, Migration};

/// An error opening or using the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The folder for the database could not be created.
    #[error("cannot create the folder {path}: {source}")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// SQLite refused to open the file or run a statement.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer Vakt and this one does not know its schema.
    #[error(
        "database {path} has schema version {found}, newer than this Vakt supports ({supported}); use a newer Vakt"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The schema version in the file.
        found: u32,
        /// The newest schema version this build knows.
        supported: u32,
    },
    /// A migration failed; the file is left at the version before it.
    #[error("database {path}: migration {version} ({name}) failed: {source}")]
    Migration {
        /// The database file.
        path: PathBuf,
        /// The migration's number.
        version: u32,
        /// The migration's name.
        name: &'static str,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

/// An open Vakt database.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

impl Database {
    /// Opens (creating when missing) the database at `path`, makes it durable and migrates it.
    pub fn open(path: &Path, clock: &dyn Clock) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        // WAL keeps readers off the writer's back; FULL syncs the WAL on every commit, so a
        // commit that has returned survives a crash or power loss.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        let mut db = Self {
            conn,
            path: path.to_path_buf(),
        };
        migration::apply(&mut db.conn, &db.path, clock)?;
        Ok(db)
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migration::user_version(&self.conn).map_err(|source| self.sqlite(source))
    }

    /// The underlying connection, for the crates that own tables in this file.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The underlying connection, mutably (transactions need it).
    pub fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The journal mode in force (`wal` once opened).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        self.conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .map_err(|source| self.sqlite(source))
    }

    /// Wraps a SQLite error with this database's path.
    pub fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }
}
