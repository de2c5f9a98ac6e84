//! Opening a database for reading only, on media that cannot be written.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{DataKey, StoreError, apply_key, sibling};

/// `path` as a SQLite URI with `query`: every byte outside the unreserved set is escaped.
fn uri(path: &Path, query: &str) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push('?');
    out.push_str(query);
    out
}

fn open_uri(path: &Path, query: &str, key: Option<&DataKey>) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri(path, query), flags)
        .map_err(|e| StoreError::sqlite(path, e))?;
    match key {
        Some(key) => apply_key(&conn, path, key)?,
        // Reading the schema makes SQLite open the file, its log and its index now.
        None => {
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| StoreError::sqlite(path, e))?;
        }
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(conn)
}

/// Opens `path` read-only. First as an ordinary reader (`mode=ro`), which sees a write-ahead
/// log that is still pending and works beside a running Vakt; when that cannot work (the
/// folder is write-protected or full, so SQLite cannot make its `-shm` index) and no log is
/// pending, as an immutable file, which needs nothing beside it.
pub(crate) fn open(path: &Path, key: Option<&DataKey>) -> Result<Connection, StoreError> {
    match open_uri(path, "mode=ro", key) {
        Ok(conn) => Ok(conn),
        Err(e @ (StoreError::KeyMismatch { .. } | StoreError::TooNew { .. })) => Err(e),
        Err(first) => {
            let wal = sibling(path, "-wal");
            let log_pending = std::fs::metadata(&wal)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
            if log_pending {
                return Err(StoreError::PendingLog {
                    path: path.to_path_buf(),
                    log: wal,
                    first: first.to_string(),
                });
            }
            open_uri(path, "immutable=1", key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_becomes_an_escaped_uri() {
        assert_eq!(
            uri(Path::new("/tmp/a b/v?#%æ.db"), "mode=ro"),
            "file:/tmp/a%20b/v%3F%23%25%C3%A6.db?mode=ro"
        );
    }
}
