//! The one error shape that crosses the IPC boundary.

use serde::Serialize;
use ts_rs::TS;

/// What the UI may act on. A code is added only when the UI does something different for it;
/// everything else is [`ErrorCode::Failed`] with a message for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The chosen workspace folder is missing: the UI offers to choose another.
    WorkspaceNotFound,
    /// The database was written by a newer Vakt: the UI says to upgrade and changes nothing.
    DatabaseTooNew,
    /// The passphrase does not unlock the signing key: the UI keeps its dialog and asks again.
    WrongPassphrase,
    /// A new passphrase is too easy to guess: the UI keeps the dialog, shows the message (what
    /// makes it weak and how to make it stronger) and asks again.
    WeakPassphrase,
    /// The request itself was malformed (a bad argument on the command line or over IPC).
    InvalidRequest,
    /// The user's role may read and verify but not change this (the auditor): the UI says so
    /// and keeps what was typed.
    Forbidden,
    /// A file, folder or the database cannot be reached now (missing, unreadable, locked,
    /// full): the UI says what and keeps what was typed; trying again later may work.
    Unavailable,
    /// The data directory is encrypted and not unlocked yet: the UI shows the unlock screen.
    Locked,
    /// Anything else; the message says what.
    Failed,
}

/// An error as the UI and the CLI see it: a code to act on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// What the UI may act on.
    pub code: ErrorCode,
    /// What happened, in words a responder understands.
    pub message: String,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<vakt_store::StoreError> for ApiError {
    fn from(e: vakt_store::StoreError) -> Self {
        use rusqlite::ErrorCode as Sql;
        let code = match e {
            vakt_store::StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            vakt_store::StoreError::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            vakt_store::StoreError::Locked { .. } => ErrorCode::Locked,
            vakt_store::StoreError::DiskFull { .. } => ErrorCode::Unavailable,
            vakt_store::StoreError::CreateDir { .. } => ErrorCode::Unavailable,
            // The keyring could not give the key: the passphrase still unlocks.
            vakt_store::StoreError::KeyringOff { .. }
            | vakt_store::StoreError::KeyringMissing { .. }
            | vakt_store::StoreError::Keyring { .. } => ErrorCode::Unavailable,
            vakt_store::StoreError::Sqlite { ref source, .. }
                if matches!(
                    source.sqlite_error_code(),
                    Some(
                        Sql::DatabaseBusy
                            | Sql::DatabaseLocked
                            | Sql::CannotOpen
                            | Sql::ReadOnly
                            | Sql::DiskFull
                            | Sql::PermissionDenied
                    )
                ) =>
            {
                ErrorCode::Unavailable
            }
            _ => ErrorCode::Failed,
        };
        Self::new(code, e.to_string())
    }
}

impl From<vakt_workspace::WorkspaceError> for ApiError {
    fn from(e: vakt_workspace::WorkspaceError) -> Self {
        let code = match e {
            vakt_workspace::WorkspaceError::NotFound { .. } => ErrorCode::WorkspaceNotFound,
            _ => ErrorCode::Failed,
        };
        Self::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let e = ApiError::new(
            ErrorCode::WorkspaceNotFound,
            "workspace folder /x is missing",
        );
        assert_eq!(
            serde_json::to_string(&e).expect("json"),
            r#"{"code":"workspace_not_found","message":"workspace folder /x is missing"}"#
        );
    }
}
