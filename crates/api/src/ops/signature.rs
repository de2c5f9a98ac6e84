//! Signatures beyond one record's: a document timestamp added later (RFC 3161).

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vakt_signature::{DigestAlgorithm, HttpTimeStamper, add_document_timestamp};

use crate::ops::operation;
use crate::{ApiError, ErrorCode};

/// A PDF with a document timestamp added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimestampedPdf {
    /// Where it was written.
    pub path: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

operation! {
    /// Adds a document timestamp (RFC 3161, `/ETSI.RFC3161`) from the time-stamping authority
    /// at `tsa` to a PDF, as one more incremental update, and writes it whole to path (which may
    /// be the input). Change: it adds to a record (as `sign_pdf`); it writes only the file
    /// named. The authority is asked outside the session lock.
    "timestamp_pdf", Change, DataDir,
    TimestampPdfRequest {
        /// The PDF (usually signed already).
        input: String,
        /// The time-stamping authority's RFC 3161 URL.
        tsa: String,
        /// Where to save the timestamped PDF.
        path: String,
    } -> TimestampedPdf,
    |r, _host| timestamp_file(r)
}

fn timestamp_file(r: TimestampPdfRequest) -> Result<TimestampedPdf, ApiError> {
    let input = PathBuf::from(r.input.trim());
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "choose where to save the timestamped PDF",
        ));
    }
    let failed = |p: &PathBuf, e: std::io::Error| {
        ApiError::new(ErrorCode::Failed, format!("{}: {e}", p.display()))
    };
    let pdf = std::fs::read(&input).map_err(|e| failed(&input, e))?;
    let tsa = HttpTimeStamper {
        url: r.tsa.trim().to_string(),
        timeout: Duration::from_secs(30),
    };
    let stamped = add_document_timestamp(&pdf, &tsa, DigestAlgorithm::Sha256)
        .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, &stamped).map_err(|e| failed(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| failed(&path, e))?;
    Ok(TimestampedPdf {
        path: path.display().to_string(),
        bytes: stamped.len() as u64,
    })
}
