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
//! At rest (issue 12):
//! - **Private**: the data directory is made 0700 and the database, its `-wal` and `-shm` and
//!   the key file 0600 whatever the umask; wider modes found are narrowed on open and listed in
//!   [`Database::permission_fixes`]. [`write_private`] writes any other file into the data
//!   directory the same way (atomically, 0600).
//! - **Encrypted**: with SQLCipher under a [`DataKey`] (32 random bytes) that the key file
//!   beside the database keeps wrapped under the person's passphrase (scrypt). [`at_rest`] says
//!   whether a passphrase is needed; [`DataKey::unlock`] gives the key or
//!   [`StoreError::WrongPassphrase`]; [`Database::open_encrypted`] opens with it, and
//!   [`Database::encrypt`] converts a plain database in place, crash-safely. The data key can
//!   also be held in the desktop's secret service ([`DataKey::hold_in_keyring`],
//!   [`DataKey::from_keyring`]): wrapped under a keyring key in a keyring file, never itself
//!   in the keyring.
//! - **Read-only and full media**: [`Database::open_read_only`] never writes (no migration, no
//!   `-wal`/`-shm` needed), so verification and listing work on a write-protected copy and on a
//!   full disk; [`Database::open_or_read_only`] falls back to it when writing is impossible. A
//!   write on a full disk fails with [`StoreError::DiskFull`] and loses nothing.
//!
//! This crate knows nothing of playbooks or the journal's meaning; the crates that own those
//! tables add their migrations here so that one file has one linear history.
#![deny(missing_docs)]

mod convert;
mod key;
mod keyring;
mod migration;
mod private;
mod read_only;
mod setting;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use vakt_sources::Clock;

pub use convert::{AtRest, at_rest};
pub use key::{DataKey, KEY_FILE_SUFFIX, KdfCost, key_file_path};
pub use keyring::{
    KEYRING_FILE_SUFFIX, KeyringReleased, SecretService, SecretServiceError, held_in_keyring,
    keyring_file_path, secret_from_text, secret_text,
};
pub use migration::{LATEST_SCHEMA_VERSION, MIGRATIONS, Migration};
pub use private::{
    PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, PermissionFix, narrow, private_dir, write_private,
};

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
    /// The disk is full: the write was refused and nothing that was committed before is lost.
    #[error("the disk holding {path} is full: nothing was written; free some space and try again")]
    DiskFull {
        /// The file that could not grow.
        path: PathBuf,
    },
    /// A file beside the database (its folder, a key file, a temporary) could not be read or
    /// written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// There is no database at this path (a read-only open never creates one).
    #[error("there is no Vakt database at {path}")]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The database is encrypted (it has a key file) and was opened without its key: unlock it
    /// with the passphrase.
    #[error("database {path} is encrypted: unlock it with your passphrase")]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// The passphrase does not unwrap the data key; nothing was changed.
    #[error("the passphrase does not unlock {path}")]
    WrongPassphrase {
        /// The key file.
        path: PathBuf,
    },
    /// The key file is missing or malformed.
    #[error("key file {path}: {problem}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// The data key is not held in the desktop's keyring (there is no keyring file).
    #[error(
        "the data key of {path} is not held in the desktop's keyring: unlock with the passphrase"
    )]
    KeyringOff {
        /// The database file.
        path: PathBuf,
    },
    /// The desktop's keyring no longer has the item this data directory's keyring file names
    /// (it was removed, or this is another desktop or a copy).
    #[error(
        "the desktop's keyring holds no data key for this data directory ({path}): it was removed, or this is another desktop; unlock with the passphrase"
    )]
    KeyringMissing {
        /// The keyring file.
        path: PathBuf,
    },
    /// The desktop's keyring could not be asked.
    #[error("{source}; unlock with the passphrase")]
    Keyring {
        /// The keyring file.
        path: PathBuf,
        /// What the secret service said.
        source: SecretServiceError,
    },
    /// The data key does not decrypt the database (the key file belongs to another database).
    #[error("the data key does not decrypt {path}: its key file belongs to another database")]
    KeyMismatch {
        /// The database file.
        path: PathBuf,
    },
    /// A read-only copy holds a write-ahead log still to be applied, and its folder cannot be
    /// written, so SQLite cannot read it there.
    #[error(
        "database {path} cannot be read where it is ({first}): the copy holds an unfinished write-ahead log ({log}); copy the whole folder to writable media and open it there"
    )]
    PendingLog {
        /// The database file.
        path: PathBuf,
        /// The log file.
        log: PathBuf,
        /// What SQLite said when opening it as a reader.
        first: String,
    },
    /// The database was opened read-only (write-protected media, a full disk) and a change
    /// was asked of it.
    #[error("database {path} is open read-only ({why}): nothing can be changed")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// Why it was opened read-only.
        why: String,
    },
}

/// Whether SQLite said the disk is full (`SQLITE_FULL`), for crates that keep SQLite's own
/// errors: a full disk is worth its own message ("disk full", nothing lost).
pub fn is_disk_full(error: &rusqlite::Error) -> bool {
    match error {
        // Growing the `-shm` index fails this way on a full disk (SQLite's unix VFS reports a
        // failed write there as SQLITE_IOERR_SHMSIZE rather than SQLITE_FULL).
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE =>
        {
            true
        }
        _ => error.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull),
    }
}

fn io_is_disk_full(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::StorageFull
        || error.kind() == std::io::ErrorKind::QuotaExceeded
}

impl StoreError {
    /// A SQLite error on `path`: [`StoreError::DiskFull`] when the disk is full.
    pub fn sqlite(path: &Path, source: rusqlite::Error) -> Self {
        if is_disk_full(&source) {
            Self::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            Self::Sqlite {
                path: path.to_path_buf(),
                source,
            }
        }
    }

    /// An OS error on `path`: [`StoreError::DiskFull`] when the disk is full.
    pub fn from_io(path: &Path, source: std::io::Error) -> Self {
        if io_is_disk_full(&source) {
            Self::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            Self::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }

    /// Whether this is a full disk.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Self::DiskFull { .. } => true,
            Self::Migration { source, .. } | Self::Sqlite { source, .. } => is_disk_full(source),
            Self::Io { source, .. } | Self::CreateDir { source, .. } => io_is_disk_full(source),
            _ => false,
        }
    }

    /// Why the medium cannot be written, in a few words.
    fn media_reason(&self) -> String {
        let kind = match self {
            Self::Io { source, .. } | Self::CreateDir { source, .. } => Some(source.kind()),
            _ => None,
        };
        let sqlite_code = match self {
            Self::Sqlite { source, .. } | Self::Migration { source, .. } => {
                source.sqlite_error_code()
            }
            _ => None,
        };
        if self.is_disk_full() {
            "the disk is full".into()
        } else if kind == Some(std::io::ErrorKind::ReadOnlyFilesystem)
            || sqlite_code == Some(rusqlite::ErrorCode::ReadOnly)
        {
            "the medium is write-protected".into()
        } else if kind == Some(std::io::ErrorKind::PermissionDenied)
            || sqlite_code == Some(rusqlite::ErrorCode::PermissionDenied)
        {
            "no permission to write there".into()
        } else {
            format!("cannot write: {self}")
        }
    }

    /// Whether opening for writing failed because of the medium (write-protected, full, or
    /// otherwise not writable), so that opening read-only may still work.
    fn is_media(&self) -> bool {
        use rusqlite::ErrorCode as C;
        let sqlite_media = |e: &rusqlite::Error| {
            matches!(
                e.sqlite_error_code(),
                Some(
                    C::ReadOnly
                        | C::CannotOpen
                        | C::DiskFull
                        | C::SystemIoFailure
                        | C::PermissionDenied
                )
            )
        };
        let io_media = |e: &std::io::Error| {
            matches!(
                e.kind(),
                std::io::ErrorKind::ReadOnlyFilesystem
                    | std::io::ErrorKind::PermissionDenied
                    | std::io::ErrorKind::StorageFull
                    | std::io::ErrorKind::QuotaExceeded
            )
        };
        match self {
            Self::DiskFull { .. } => true,
            Self::Sqlite { source, .. } | Self::Migration { source, .. } => sqlite_media(source),
            Self::Io { source, .. } | Self::CreateDir { source, .. } => io_media(source),
            _ => false,
        }
    }
}

/// An open Vakt database.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: PathBuf,
    /// Why it is open read-only, when it is.
    read_only: Option<String>,
    encrypted: bool,
    fixes: Vec<PermissionFix>,
}

impl Database {
    /// Opens (creating when missing) the plain database at `path`, makes it durable and
    /// migrates it. The data directory is made 0700 and the database files 0600; wider modes
    /// found are narrowed and listed in [`Database::permission_fixes`]. A database with a key
    /// file is [`StoreError::Locked`]: open it with [`Database::open_encrypted`].
    pub fn open(path: &Path, clock: &dyn Clock) -> Result<Self, StoreError> {
        Self::open_writable(path, clock, None)
    }

    /// Opens (creating when missing) the database at `path` encrypted under `key`. A plain
    /// database there is first converted in place, crash-safely (see [`AtRest`]); leftovers of
    /// an interrupted conversion are removed.
    pub fn open_encrypted(
        path: &Path,
        clock: &dyn Clock,
        key: &DataKey,
    ) -> Result<Self, StoreError> {
        Self::open_writable(path, clock, Some(key))
    }

    /// Opens for writing when the medium allows, else read-only: a write-protected copy of the
    /// data directory or a full disk still opens for reading (see [`Database::open_read_only`]),
    /// and [`Database::read_only`] says why. Errors that are not about the medium (a newer
    /// schema, a wrong key) are returned as they are.
    pub fn open_or_read_only(
        path: &Path,
        clock: &dyn Clock,
        key: Option<&DataKey>,
    ) -> Result<Self, StoreError> {
        match Self::open_writable(path, clock, key) {
            Ok(db) => Ok(db),
            Err(e) if e.is_media() && path.exists() => {
                let why = e.media_reason();
                match Self::open_read_only(path, key) {
                    Ok(mut db) => {
                        db.read_only = Some(why);
                        Ok(db)
                    }
                    // Reading does not work either: the first problem is the one to tell.
                    Err(_) => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    fn open_writable(
        path: &Path,
        clock: &dyn Clock,
        key: Option<&DataKey>,
    ) -> Result<Self, StoreError> {
        let mut fixes = Vec::new();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fixes.extend(private_dir(dir)?);
        }
        convert::sweep(path)?;
        let state = at_rest(path)?;
        match (state, key) {
            (AtRest::Encrypted | AtRest::Converting, None) => {
                return Err(StoreError::Locked {
                    path: path.to_path_buf(),
                });
            }
            (AtRest::New | AtRest::Plain, Some(_)) => {
                return Err(StoreError::KeyFile {
                    path: key_file_path(path),
                    problem: "there is no key file: save the data key under a passphrase first, \
                              or the key would be lost"
                        .into(),
                });
            }
            (AtRest::Converting, Some(key)) => convert::encrypt_in_place(path, key)?,
            _ => {}
        }
        private::create_private_file(path)?;
        for file in [
            path.to_path_buf(),
            sibling(path, "-wal"),
            sibling(path, "-shm"),
            key_file_path(path),
        ] {
            fixes.extend(narrow(&file, PRIVATE_FILE_MODE)?);
        }
        let sqlite = |source| StoreError::sqlite(path, source);
        let conn = Connection::open(path).map_err(sqlite)?;
        if let Some(key) = key {
            apply_key(&conn, path, key)?;
        }
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
            read_only: None,
            encrypted: key.is_some(),
            fixes,
        };
        migration::apply(&mut db.conn, &db.path, clock)?;
        // SQLite made the -wal and -shm with the database's mode; make sure of it.
        for file in [sibling(path, "-wal"), sibling(path, "-shm")] {
            db.fixes.extend(narrow(&file, PRIVATE_FILE_MODE)?);
        }
        Ok(db)
    }

    /// Opens the existing database at `path` for reading only: no migration, no change to any
    /// file, nothing created. Works on a write-protected copy of the data directory and on a
    /// full disk (when SQLite cannot make its `-shm` index there and no write-ahead log is
    /// pending, the file is read as immutable). `key` is needed when the database is encrypted.
    pub fn open_read_only(path: &Path, key: Option<&DataKey>) -> Result<Self, StoreError> {
        let state = at_rest(path)?;
        let key = match (state, key) {
            (AtRest::New, _) => {
                return Err(StoreError::Missing {
                    path: path.to_path_buf(),
                });
            }
            (AtRest::Encrypted, None) => {
                return Err(StoreError::Locked {
                    path: path.to_path_buf(),
                });
            }
            // An interrupted conversion left the complete plain file: read it as it is.
            (AtRest::Converting | AtRest::Plain, _) => None,
            (AtRest::Encrypted, key) => key,
        };
        let conn = read_only::open(path, key)?;
        let found = migration::user_version(&conn).map_err(|e| StoreError::sqlite(path, e))?;
        if found > LATEST_SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: LATEST_SCHEMA_VERSION,
            });
        }
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            read_only: Some("opened for reading".to_string()),
            encrypted: key.is_some(),
            fixes: Vec::new(),
        })
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why this database is open read-only, or `None` when it can be written.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// [`StoreError::ReadOnly`] when this database is open read-only: a writing operation
    /// calls it first, so it fails with a clear message before it starts.
    pub fn ensure_writable(&self) -> Result<(), StoreError> {
        match &self.read_only {
            None => Ok(()),
            Some(why) => Err(StoreError::ReadOnly {
                path: self.path.clone(),
                why: why.clone(),
            }),
        }
    }

    /// Whether the file is encrypted (opened with a data key).
    pub fn is_encrypted(&self) -> bool {
        self.encrypted
    }

    /// Files and folders whose permissions were wider than 0700/0600 and were narrowed when
    /// this database was opened: say so to the person once.
    pub fn permission_fixes(&self) -> &[PermissionFix] {
        &self.fixes
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

    /// Wraps a SQLite error with this database's path ([`StoreError::DiskFull`] when the disk
    /// is full).
    pub fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, source)
    }
}

/// `path` with `suffix` appended to its file name (`-wal`, `-shm`, `.key`).
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Gives `conn` the data key and checks it decrypts the file.
pub(crate) fn apply_key(conn: &Connection, path: &Path, key: &DataKey) -> Result<(), StoreError> {
    let literal = key.sqlcipher_literal();
    conn.pragma_update(None, "key", literal.as_str())
        .map_err(|e| StoreError::sqlite(path, e))?;
    // SQLCipher would print its own complaint about a wrong key on stderr (its default, set
    // when the first key is given); the error returned says it.
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .map_err(|e| StoreError::sqlite(path, e))?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::KeyMismatch {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(StoreError::sqlite(path, e)),
    }
}
