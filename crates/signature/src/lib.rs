//! Signatures of records: the signing identity, PAdES signing as incremental updates (one
//! signature or a sequence: a certification signature, then approval signatures, each with an
//! optional RFC 3161 signature timestamp; document timestamps added later), and strict
//! verification.
//!
//! The identity is a certificate with its private key, generated once (self-signed, in the
//! organisation's name; RSA-3072 by default, P-256 allowed) or imported from PKCS#12, and kept
//! with the key encrypted under a passphrase. [`sign_pdf`] appends a signature (a detached CMS
//! with the signing-certificate-v2 attribute, `/SubFilter /ETSI.CAdES.detached`);
//! [`sign_sequence`] signs for several people in order. [`verify_pdf`] gives one of three
//! verdicts: valid (intact, trusted, nothing but signatures added after the first), intact but
//! signer not trusted, or broken, with the reasons; [`validate_path`] is its certificate-path
//! validation on its own.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use vakt_signature::{Identity, KeyAlgorithm, SignOptions, Verdict, VerifyOptions, sign_pdf, verify_pdf};
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
//! let untrusted = verify_pdf(&signed, &VerifyOptions::default())?;
//! assert_eq!(untrusted.verdict, Verdict::Untrusted, "{}", untrusted.summary);
//! let anchored = VerifyOptions { trust: vec![identity.certificate().clone()], journal: None };
//! let verdict = verify_pdf(&signed, &anchored)?;
//! assert_eq!(verdict.verdict, Verdict::Valid, "{}", verdict.summary);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod algorithm;
mod certificate;
mod cms;
mod digest;
mod error;
mod identity;
mod oid;
mod pades;
mod path;
mod pkcs12;
mod revision;
mod timestamp;
mod verify;

pub use certificate::{certificate_fingerprint, key_fingerprint, subject_name};
pub use digest::DigestAlgorithm;
pub use error::SignatureError;
pub use identity::{Identity, IdentitySummary, KdfCost, KeyAlgorithm};
pub use pades::{
    Certification, SequenceOptions, SignOptions, SignatureSettings, Signed, Signer,
    add_document_timestamp, sign_pdf, sign_pdf_with, sign_sequence,
};
pub use path::{CertificatePath, PathVerdict, Usage, validate_path};
pub use timestamp::{HttpTimeStamper, TimeStamper, TimestampOutcome, TimestampReport};
pub use verify::{
    CertificateReport, CheckpointReport, HOW_TO_TRUST, Journal, SignatureKind, SignatureReport,
    Verdict, Verification, VerifyOptions, verify_pdf,
};
pub use x509_cert::Certificate;
