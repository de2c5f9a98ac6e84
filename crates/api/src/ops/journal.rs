//! The journal: pages of events, verification, export.

use crate::json::{ExportFormat, JournalCheck, JournalExported, JournalFilter, JournalPage};
use crate::ops::operation;

operation! {
    /// The newest journal events matching a filter (a page of at most 2,000, older pages by
    /// `before`), how many match, and the filter's choices.
    "journal_page", Read, DataDir,
    JournalPageRequest {
        /// Which events.
        filter: JournalFilter,
    } -> JournalPage,
    |r, host| host.with(|v| v.journal_page(&r.filter))
}

operation! {
    /// Verifies the journal's chain, and against a checkpoint file when given.
    "journal_check", Read, DataDir,
    JournalCheckRequest {
        /// A checkpoint file (`{"count": …, "head_hash": …}`) to compare the journal with.
        checkpoint: Option<String>,
    } -> JournalCheck,
    |r, host| host.with(|v| v.journal_check(r.checkpoint.as_deref()))
}

operation! {
    /// Writes the whole journal as JSON or CSV to a file; returns the event count.
    "journal_export_file", Read, DataDir,
    JournalExportFileRequest {
        /// JSON or CSV.
        format: ExportFormat,
        /// The file to write.
        path: String,
    } -> JournalExported,
    |r, host| host.with(|v| v.journal_export_file(r.format, &r.path))
}
