//! Records: runs that can be recorded, a produced record, a verdict over a record file, and
//! the signing identity.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which record a run gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// An incident record (from an incident run).
    Incident,
    /// An exercise report (from a drill).
    Exercise,
}

/// A run a record can be made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordableRun {
    /// The run id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The record it gives.
    pub kind: RecordKind,
    /// The playbook's title (English).
    pub playbook: String,
    /// When it began (RFC 3339, UTC).
    pub started_at: String,
    /// Whether it is closed and signed off.
    pub closed: bool,
    /// Its journal events.
    #[ts(type = "number")]
    pub event_count: u64,
}

/// A record written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProducedRecord {
    /// Where it was written.
    pub path: String,
    /// Incident record or exercise report.
    pub kind: RecordKind,
    /// The human reference, such as `INC-2026-1A2B3C4D`.
    pub reference: String,
    /// Pages.
    pub pages: u32,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// The signer (certificate subject); `null` for an unsigned record.
    pub signer: Option<String>,
    /// Journal events covered by the printed checkpoint.
    #[ts(type = "number")]
    pub checkpoint_count: u64,
    /// The printed checkpoint's head hash.
    pub checkpoint_head: String,
}

/// One signature in a record file, as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignatureCheck {
    /// The signer's name in the signature.
    pub signer: String,
    /// The signing time as written.
    pub signed_at: String,
    /// The certificate's subject.
    pub subject: String,
    /// SHA-256 fingerprint of the certificate.
    pub fingerprint: String,
    /// The signed bytes are unchanged (digest matches).
    pub digest_matches: bool,
    /// The signature itself verifies with the certificate's key.
    pub signature_valid: bool,
    /// It covers the whole file (nothing appended after signing).
    pub covers_whole_file: bool,
    /// The certificate was valid when signing.
    pub valid_at_signing: bool,
    /// It chains to the own signing identity; `null` when no identity is at hand.
    pub trusted: Option<bool>,
    /// The signature's reason, as written.
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
    /// The signature's location, as written.
    #[serde(default)]
    #[ts(optional)]
    pub location: Option<String>,
    /// Certification, approval or document-timestamp.
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<String>,
    /// The certificate path, signer first (common names).
    #[serde(default)]
    #[ts(optional)]
    pub path: Option<Vec<String>>,
    /// Hex SHA-256 of the signer's public key: the signing person's id.
    #[serde(default)]
    #[ts(optional)]
    pub key_fingerprint: Option<String>,
    /// The person the record's sign-off list names for this key, if it names one.
    #[serde(default)]
    #[ts(optional)]
    pub person: Option<String>,
    /// The sign-off roles the record's list gives that person (empty for a seal or a
    /// signature the list does not name).
    #[serde(default)]
    #[ts(optional)]
    pub roles: Option<Vec<String>>,
}

/// One of the three verdicts over a signed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum TrustVerdict {
    /// Every signature intact, every signer chains to a trust anchor, only signatures were
    /// added after the first.
    Valid,
    /// Intact, but a signer does not chain to a trust anchor (or none was given).
    Untrusted,
    /// Something is wrong (the problems say what).
    Broken,
}

/// The verdict over a record file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordVerdict {
    /// The file checked.
    pub path: String,
    /// `true` when the verdict is valid.
    pub valid: bool,
    /// Valid, intact but signer not trusted, or broken.
    #[serde(default)]
    #[ts(optional)]
    pub verdict: Option<TrustVerdict>,
    /// The verdict in one plain sentence.
    pub summary: String,
    /// Every problem found, in words.
    pub problems: Vec<String>,
    /// The signatures found.
    pub signatures: Vec<SignatureCheck>,
    /// Journal events in the record's checkpoint, if it has one.
    #[ts(type = "number | null")]
    pub checkpoint_count: Option<u64>,
    /// The checkpoint's head hash.
    pub checkpoint_head: Option<String>,
    /// Whether the checkpoint matches this machine's journal.
    pub checkpoint_matches_journal: Option<bool>,
}

/// The signing identity, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SigningIdentity {
    /// Whether an identity exists.
    pub exists: bool,
    /// The organisation it will be generated for (from the workspace).
    pub organisation: String,
    /// Certificate subject.
    pub subject: Option<String>,
    /// Certificate issuer.
    pub issuer: Option<String>,
    /// SHA-256 fingerprint of the certificate.
    pub fingerprint: Option<String>,
    /// Start of validity.
    pub not_before: Option<String>,
    /// End of validity.
    pub not_after: Option<String>,
}

/// The language a record is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RecordLanguage {
    /// English.
    En,
    /// Dutch.
    Nl,
}

impl From<RecordLanguage> for vakt_record::Language {
    fn from(l: RecordLanguage) -> Self {
        match l {
            RecordLanguage::En => Self::En,
            RecordLanguage::Nl => Self::Nl,
        }
    }
}

/// The key algorithm of a new signing identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SigningAlgorithm {
    /// RSA 3072 with SHA-256 (the default: every PDF reader verifies it).
    Rsa3072,
    /// ECDSA P-256 with SHA-256.
    P256,
}

impl From<SigningAlgorithm> for vakt_signature::KeyAlgorithm {
    fn from(a: SigningAlgorithm) -> Self {
        match a {
            SigningAlgorithm::Rsa3072 => Self::Rsa3072,
            SigningAlgorithm::P256 => Self::P256,
        }
    }
}

/// A PDF signed into a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedPdf {
    /// Where it was written.
    pub path: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// The signer (certificate subject).
    pub signer: String,
    /// What happened to the signature timestamp, when a time-stamping authority was given.
    #[serde(default)]
    #[ts(optional)]
    pub timestamp: Option<String>,
}

/// The signing identity's certificate as PEM, for auditors to trust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SigningCertificate {
    /// The certificate (PEM); `null` when there is no identity.
    pub pem: Option<String>,
    /// SHA-256 fingerprint of the certificate.
    pub fingerprint: Option<String>,
}

/// A record signed off by a person with their own key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedOffRecord {
    /// Where it was written.
    pub path: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// The record made, when it was made now from the run (`null` when a file was signed).
    pub kind: Option<RecordKind>,
    /// Its pages, when it was made now.
    pub pages: Option<u32>,
    /// The person's id (hex SHA-256 of their public key).
    pub person: String,
    /// The person's name.
    pub name: String,
    /// The sign-off roles they signed in.
    pub roles: Vec<String>,
    /// Whether this signature certifies the record (the first one: only further signatures are
    /// allowed after it).
    pub certification: bool,
    /// The signatures in the file now.
    pub signatures: u32,
    /// Hex SHA-256 of the certificate they signed with.
    pub certificate_fingerprint: String,
    /// What happened to the signature timestamp, when a time-stamping authority was given.
    pub timestamp: Option<String>,
    /// Those still to sign off, as "role: name".
    pub waiting: Vec<String>,
    /// Hex SHA-256 of the signed file as written.
    pub record_sha256: String,
    /// The run whose journal now holds the sign-off (`record.signed_off`); `null` when the
    /// file's record belongs to no run of this data directory.
    pub journaled_in: Option<String>,
}

/// A sign-off role of a run and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOffSlot {
    /// The role id.
    pub role: String,
    /// Its holder as the run records it (empty when nobody holds it).
    pub holder: String,
    /// The holder's person id, when their key is in this data directory.
    pub person: Option<String>,
    /// The holder's name as their person says, when their key is here.
    pub name: Option<String>,
    /// Whether the holder's key is in this data directory (they can sign here).
    pub key_here: bool,
}
