//! Whether the database is encrypted, and converting a plain one in place, crash-safely.
//!
//! The key file is the marker: once it exists the person wants the database encrypted. Whether
//! it *is* encrypted, the file's first bytes tell (a plain SQLite file starts with
//! `SQLite format 3\0`; an encrypted one with random bytes). Conversion writes the encrypted copy
//! into `vakt.sqlite3.encrypting` beside it, syncs it, and renames it over the plain file; the
//! rename is atomic, so a kill at any moment leaves either the complete plain database (with its
//! key file: [`AtRest::Converting`], finished at the next encrypted open) or the complete
//! encrypted one. Leftovers of an interrupted conversion are removed at the next open.

use std::io::Read;
use std::path::Path;

use rusqlite::Connection;
use vakt_sources::Clock;

use crate::key::KdfCost;
use crate::private::{create_private_file, io, sync_dir};
use crate::{DataKey, Database, StoreError, key_file_path, sibling};

/// What is on disk at a database path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtRest {
    /// No database yet, and no key file.
    New,
    /// A plain database (or a file that is not one: opening it says so), no key file.
    Plain,
    /// A key file, and an encrypted database or none yet: the passphrase is needed.
    Encrypted,
    /// A key file beside a plain database: a conversion was asked for and did not finish. The
    /// passphrase is needed; the encrypted open finishes the conversion.
    Converting,
}

impl AtRest {
    /// Whether opening needs the data key (and so the passphrase).
    pub fn needs_key(self) -> bool {
        matches!(self, Self::Encrypted | Self::Converting)
    }
}

const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What is on disk at `database`: new, plain, encrypted, or half-way converted.
pub fn at_rest(database: &Path) -> Result<AtRest, StoreError> {
    let key_file = key_file_path(database);
    let has_key = match std::fs::symlink_metadata(&key_file) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(source) => return Err(StoreError::from_io(&key_file, source)),
    };
    let mut header = Vec::with_capacity(16);
    match std::fs::File::open(database) {
        Ok(file) => {
            file.take(16)
                .read_to_end(&mut header)
                .map_err(io(database))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(StoreError::from_io(database, source)),
    }
    let plain = header.as_slice() == PLAIN_HEADER;
    Ok(match (header.is_empty(), plain, has_key) {
        (true, _, false) => AtRest::New,
        (true, _, true) => AtRest::Encrypted,
        (false, true, false) => AtRest::Plain,
        (false, true, true) => AtRest::Converting,
        (false, false, true) => AtRest::Encrypted,
        (false, false, false) => AtRest::Plain,
    })
}

/// The files an interrupted conversion or key write may leave beside `database`.
fn leftovers(database: &Path) -> [std::path::PathBuf; 5] {
    let encrypting = sibling(database, ".encrypting");
    [
        sibling(&encrypting, "-journal"),
        sibling(&encrypting, "-wal"),
        sibling(&encrypting, "-shm"),
        encrypting,
        sibling(&key_file_path(database), ".writing"),
    ]
}

/// Removes what an interrupted conversion left beside `database`. Returns whether there was
/// anything.
pub(crate) fn sweep(database: &Path) -> Result<bool, StoreError> {
    let mut any = false;
    for file in leftovers(database) {
        // Only what is there: removing nothing on write-protected media is still refused.
        if std::fs::symlink_metadata(&file).is_err() {
            continue;
        }
        match std::fs::remove_file(&file) {
            Ok(()) => any = true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::from_io(&file, source)),
        }
    }
    Ok(any)
}

/// Converts the plain database at `database` into an encrypted one under `key`, in place.
/// The key file must already be saved (so the key is never lost). No other connection may be
/// open: switching the plain file out of WAL mode needs it alone and fails as busy otherwise.
pub(crate) fn encrypt_in_place(database: &Path, key: &DataKey) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::sqlite(database, e);
    let encrypting = sibling(database, ".encrypting");
    let encrypting_text = encrypting.to_str().ok_or_else(|| StoreError::Io {
        path: encrypting.clone(),
        source: std::io::Error::other("the path is not valid Unicode"),
    })?;
    sweep(database)?;
    let result = (|| {
        let conn = Connection::open(database).map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        // Everything into the main file and out of WAL mode, so no log belonging to the plain
        // file is left to be applied to the encrypted one after the rename.
        let busy = || {
            StoreError::sqlite(
                database,
                rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some(
                        "another Vakt (a window or a command) has the database open; \
                         close it and try again"
                            .into(),
                    ),
                ),
            )
        };
        let mode: String = match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)) {
            Ok(mode) => mode,
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                return Err(busy());
            }
            Err(e) => return Err(sqlite(e)),
        };
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(busy());
        }
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sqlite)?;
        create_private_file(&encrypting)?;
        let literal = key.sqlcipher_literal();
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![encrypting_text, literal.as_str()],
        )
        .map_err(sqlite)?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
            .map_err(sqlite)?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))
            .map_err(sqlite)?;
        conn.execute_batch("DETACH DATABASE encrypted")
            .map_err(sqlite)?;
        drop(conn);
        std::fs::File::open(&encrypting)
            .and_then(|f| f.sync_all())
            .map_err(io(&encrypting))?;
        std::fs::rename(&encrypting, database).map_err(io(database))?;
        if let Some(dir) = database.parent().filter(|d| !d.as_os_str().is_empty()) {
            sync_dir(dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the plain file is whole; the next open sweeps what is left anyway.
        let _ = sweep(database);
    }
    result?;
    // The plain file's index of its (now gone) log; SQLite would rebuild it, but leave none.
    match std::fs::remove_file(sibling(database, "-shm")) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::from_io(database, source)),
    }
}

impl Database {
    /// Encrypts this (plain) database in place under a new data key from `rng`, wrapped under
    /// `passphrase` in the key file beside it, and reopens it; returns the key. The key file is
    /// written first: a crash after that leaves the plain database whole, and the next
    /// encrypted open (with the passphrase) finishes the conversion. On an error this database
    /// is reopened as it was when that is possible. No other connection to the file may be open.
    pub fn encrypt(
        &mut self,
        clock: &dyn Clock,
        passphrase: &str,
        cost: KdfCost,
        rng: &mut dyn rand_core::CryptoRngCore,
    ) -> Result<DataKey, StoreError> {
        if self.encrypted {
            return Err(StoreError::KeyFile {
                path: key_file_path(&self.path),
                problem: "the database is already encrypted; change the passphrase instead".into(),
            });
        }
        self.ensure_writable()?;
        let path = self.path.clone();
        let key = DataKey::generate(rng);
        key.save(&path, passphrase, cost, rng)?;
        // Close this connection (the conversion needs the file alone) by putting a stand-in
        // in its place until the file is reopened.
        let stand_in = Connection::open_in_memory().map_err(|e| StoreError::sqlite(&path, e))?;
        drop(std::mem::replace(&mut self.conn, stand_in));
        match Database::open_encrypted(&path, clock, &key) {
            Ok(db) => {
                let fixes = std::mem::take(&mut self.fixes);
                *self = db;
                self.fixes.splice(0..0, fixes);
                Ok(key)
            }
            Err(e) => {
                // The plain file is whole; take the key file away again so it opens as before.
                if at_rest(&path).ok() == Some(AtRest::Converting) {
                    let _ = std::fs::remove_file(key_file_path(&path));
                    if let Ok(db) = Database::open(&path, clock) {
                        *self = db;
                    }
                }
                Err(e)
            }
        }
    }
}
