//! Signatures of records: the signing identity, PAdES baseline B-B signing as an incremental
//! update, and verification.
//!
//! The identity is a certificate with its private key, generated once (self-signed, in the
//! organisation's name; RSA-3072 by default, P-256 allowed) or imported from PKCS#12, and kept
//! with the key encrypted under a passphrase. [`sign_pdf`] appends a signature (a detached CMS
//! with the signing-certificate-v2 attribute, `/SubFilter /ETSI.CAdES.detached`) so that any PDF
//! reader shows the file as signed and any later change as a break. [`verify_pdf`] checks what
//! an auditor would check, without Vakt's help or with it.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use vakt_signature::{Identity, KeyAlgorithm, SignOptions, VerifyOptions, sign_pdf, verify_pdf};
//!
//! let now = Utc.with_ymd_and_hms(2026, 3, 16, 17, 0, 0).unwrap();
//! let identity = Identity::generate("Demo CRM Online AS", KeyAlgorithm::P256, now, &mut rand_core::OsRng)?;
//! let record = vakt_record::render_exercise(&vakt_record::demo_exercise(), &Default::default())?;
//! let options = SignOptions {
//!     signed_at: now,
//!     reason: "Exercise report".into(),
//!     location: "Stavanger".into(),
//!     name: None,
//!     widget: None,
//! };
//! let signed = sign_pdf(&record.pdf, &identity, &options)?;
//! let verdict = verify_pdf(&signed, &VerifyOptions::default())?;
//! assert!(verdict.ok, "{:?}", verdict.problems);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod certificate;
mod cms;
mod error;
mod identity;
mod oid;
mod pades;
mod pkcs12;
mod verify;

pub use certificate::certificate_fingerprint;
pub use error::SignatureError;
pub use identity::{Identity, IdentitySummary, KdfCost, KeyAlgorithm};
pub use pades::{SignOptions, sign_pdf};
pub use verify::{
    CertificateReport, CheckpointReport, Journal, SignatureReport, Verification, VerifyOptions,
    verify_pdf,
};
pub use x509_cert::Certificate;
