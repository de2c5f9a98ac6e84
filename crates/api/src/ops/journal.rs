//! The journal: pages of events, verification, export.

use crate::json::{
    ExportFormat, JournalCheck, JournalCheckpoint, JournalExported, JournalFilter, JournalPage,
    JournalText, SoakTick,
};
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
    /// Verifies the journal's chain, and against a checkpoint file when given; rehashes the
    /// evidence store against it too (`intact` only when both hold).
    "journal_check", Read, DataDir,
    JournalCheckRequest {
        /// A checkpoint file (`{"count": …, "head_hash": …}`) to compare the journal with.
        checkpoint: Option<String>,
    } -> JournalCheck,
    |r, host| {
        let mut check = host.with(|v| v.journal_check(r.checkpoint.as_deref()))?;
        let evidence = crate::ops::evidence::verify(host)?;
        check.intact &= evidence.intact;
        check.evidence = Some(evidence);
        Ok(check)
    }
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

operation! {
    /// Verifies the journal, then gives its checkpoint `{count, head_hash}`; with a path, also
    /// writes it there. Read: it writes only the file named. Refused when the journal is broken.
    "journal_checkpoint", Read, DataDir,
    JournalCheckpointRequest {
        /// A file to write the checkpoint to as well.
        path: Option<String>,
    } -> JournalCheckpoint,
    |r, host| host.with(|v| v.journal_checkpoint(r.path.as_deref()))
}

operation! {
    /// The whole journal as JSON or CSV text, with its event count.
    "journal_export", Read, DataDir,
    JournalExportRequest {
        /// JSON or CSV.
        format: ExportFormat,
    } -> JournalText,
    |r, host| host.with(|v| v.journal_export_text(r.format))
}

operation! {
    /// Appends one `soak.tick` test event (the crash test's load: `vakt journal soak`) and
    /// gives its sequence number once committed. Nothing else can be written this way.
    "journal_soak", Change, DataDir,
    JournalSoakRequest {
        /// The tick's number, kept in the event.
        #[ts(type = "number")]
        tick: u64,
    } -> SoakTick,
    |r, host| host.with(|v| v.journal_soak(r.tick))
}

operation! {
    /// Whether the journal's chain holds and where it first breaks (the chain only, not the
    /// evidence store): quick, and verified again only when the journal has grown. The window
    /// shows a banner from it; `vakt run show` a warning.
    "journal_state", Read, DataDir,
    JournalStateRequest {} -> JournalCheck,
    |_r, host| host.with(|v| v.journal_state())
}
