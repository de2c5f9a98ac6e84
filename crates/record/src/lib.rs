//! Records for the ISMS as archival PDFs: the incident record and the ISO 22301 exercise report.
//!
//! A record is rendered from a plain input model ([`IncidentRecord`], [`ExerciseReport`]) by a
//! small layout engine on printpdf (text measured with the embedded DejaVu fonts, wrapping,
//! tables whose header repeats on every page, a page header with record reference and
//! classification, "page x of n"), then finished as PDF/A-3b (XMP identification, sRGB output
//! intent, consistent document info, `/ID` from the record's UUID) with the input model embedded
//! as `record.json`. Signing is the job of `vakt-signature`.
//!
//! ```
//! use vakt_record::{RenderOptions, demo_exercise, render_exercise};
//!
//! let report = demo_exercise();
//! let rendered = render_exercise(&report, &RenderOptions::default()).expect("renders");
//! assert!(rendered.pdf.starts_with(b"%PDF-1.7"));
//! assert!(rendered.pages >= 2);
//! ```
#![deny(missing_docs)]

mod archive;
mod demo;
mod document;
mod exercise;
mod fonts;
mod icc;
mod incident;
mod labels;
mod layout;
mod model;
mod subset;

pub use archive::{EMBEDDED_NAME, embedded_record, text_string};
pub use demo::{demo_exercise, demo_exercise_in, demo_incident};
pub use document::{RenderOptions, RenderedRecord, SignatureArea, SignatureBlock};
pub use exercise::render_exercise;
pub use incident::render_incident;
pub use labels::Language;
pub use model::*;

/// Why a record could not be produced or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The embedded fonts did not parse (a build defect).
    #[error("the embedded fonts could not be parsed")]
    Font,
    /// The PDF could not be processed.
    #[error("PDF: {0}")]
    Pdf(String),
    /// The record could not be serialised.
    #[error("record JSON: {0}")]
    Json(serde_json::Error),
    /// The PDF carries no embedded `record.json`.
    #[error("the PDF has no embedded record.json")]
    NoEmbeddedRecord,
}
