//! The journal as `vakt_signature::verify_pdf` checks a record's checkpoint against it.

use rusqlite::Connection;

/// The journal of an open database: a record's checkpoint matches it when the journal's chain
/// is intact up to the checkpoint's count and the event at that position has the printed hash.
/// A checkpoint is a prefix: events added later do not change it.
pub struct JournalAtHand<'a> {
    conn: &'a Connection,
}

impl<'a> JournalAtHand<'a> {
    /// The journal in `conn`.
    pub fn new(conn: &'a Connection) -> Self {
        Self { conn }
    }
}

impl vakt_signature::Journal for JournalAtHand<'_> {
    fn head_after(&self, count: u64) -> Option<String> {
        let v = vakt_journal::verify(self.conn, None).ok()?;
        if v.first_break.as_ref().is_some_and(|b| b.seq <= count) || v.count < count {
            return None;
        }
        if count == 0 {
            return Some("0".repeat(64));
        }
        let hash: Vec<u8> = self
            .conn
            .query_row(
                "SELECT hash FROM journal_event WHERE seq = ?1",
                [count],
                |r| r.get(0),
            )
            .ok()?;
        Some(vakt_stdx::hex(&hash))
    }
}
