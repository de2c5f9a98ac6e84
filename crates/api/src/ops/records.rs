//! Records: produce and sign a run's record, verify any record file, the signing identity.

use crate::json::{
    ProducedRecord, RecordKind, RecordLanguage, RecordVerdict, RecordableRun, SignOffSlot,
    SignedOffRecord, SignedPdf, SigningAlgorithm, SigningCertificate, SigningIdentity,
};
use crate::ops::operation;

operation! {
    /// Every run, newest first, with the record it gives (incident record or exercise report).
    "recordable_runs", Read, DataDir,
    RecordableRunsRequest {} -> Vec<RecordableRun>,
    |_r, host| host.with(|v| v.recordable_runs())
}

operation! {
    /// Produces the record of a run, signs it with the identity the passphrase unlocks, and
    /// saves it at path. Rendering and signing run outside the session lock.
    "produce_record", Change, Workspace,
    ProduceRecordRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The record's language.
        language: RecordLanguage,
        /// Unlocks the signing key; `null` makes an unsigned record.
        passphrase: Option<String>,
        /// Where to save it.
        path: String,
        /// The record expected (the CLI's `record incident|exercise`); refused when the run
        /// gives the other. Default: the one the run gives.
        #[serde(default)]
        #[ts(optional)]
        kind: Option<RecordKind>,
        /// The signature's reason; default: the record's kind.
        #[serde(default)]
        #[ts(optional)]
        reason: Option<String>,
        /// The signature's location; default: none.
        #[serde(default)]
        #[ts(optional)]
        location: Option<String>,
    } -> ProducedRecord,
    |r, host| crate::records::produce(host, r)
}

operation! {
    /// Verifies a record file: signature, whole-file coverage, certificate, checkpoint against
    /// the journal. Reading and checking the file run outside the session lock.
    "verify_record", Read, DataDir,
    VerifyRecordRequest {
        /// The record file.
        path: String,
        /// A certificate (PEM or DER) to trust besides the own signing identity.
        trust: Option<String>,
        /// More certificates to trust (the CLI's repeated `--trust`).
        #[serde(default)]
        #[ts(optional)]
        also_trust: Option<Vec<String>>,
    } -> RecordVerdict,
    |r, host| crate::records::verify(host, r)
}

operation! {
    /// The signing identity's certificate, if there is one.
    "signing_identity", Read, DataDir,
    SigningIdentityRequest {} -> SigningIdentity,
    |_r, host| host.with(|v| v.signing_identity())
}

operation! {
    /// Generates the signing identity in the organisation's name; the passphrase is typed
    /// twice. Key generation and derivation run outside the session lock.
    "generate_identity", Change, DataDir,
    GenerateIdentityRequest {
        /// Protects the key.
        passphrase: String,
        /// The passphrase again.
        again: String,
        /// Replace an existing identity.
        replace: bool,
        /// The organisation's name; default: the workspace's.
        organisation: Option<String>,
        /// The key algorithm; default: RSA 3072.
        #[serde(default)]
        #[ts(optional)]
        algorithm: Option<SigningAlgorithm>,
    } -> SigningIdentity,
    |r, host| crate::records::generate_identity(host, r)
}

operation! {
    /// Imports the signing identity from a PKCS#12 file.
    "import_identity", Change, DataDir,
    ImportIdentityRequest {
        /// The PKCS#12 file.
        path: String,
        /// The file's own passphrase.
        file_passphrase: String,
        /// The new passphrase protecting the key here.
        passphrase: String,
        /// The passphrase again.
        again: String,
        /// Replace an existing identity.
        replace: bool,
    } -> SigningIdentity,
    |r, host| crate::records::import_identity(host, r)
}

operation! {
    /// Renders a record from a JSON input file (an `IncidentRecord` or `ExerciseReport`) or
    /// the built-in demo into a PDF at path; with a passphrase, signs it with the identity.
    /// Change: it can sign in the organisation's name (as `produce_record`); it writes only the
    /// file named. Rendering and signing run outside the session lock.
    "render_record", Change, DataDir,
    RenderRecordRequest {
        /// Incident record or exercise report.
        kind: RecordKind,
        /// The JSON input file; `null` renders the built-in demo record.
        input: Option<String>,
        /// Demo only: this many extra action-log entries (to test long records).
        #[serde(default)]
        #[ts(optional)]
        extra_actions: Option<u32>,
        /// The record's language.
        language: RecordLanguage,
        /// Unlocks the signing key; `null` makes an unsigned record.
        passphrase: Option<String>,
        /// The signature's reason; default: "Record of the ISMS".
        #[serde(default)]
        #[ts(optional)]
        reason: Option<String>,
        /// The signature's location; default: none.
        #[serde(default)]
        #[ts(optional)]
        location: Option<String>,
        /// Where to save it.
        path: String,
    } -> ProducedRecord,
    |r, host| crate::records::render(host, r)
}

operation! {
    /// Signs any PDF file with the signing identity (PAdES, invisible, incremental update) into
    /// path. Change: it signs in the organisation's name; it writes only the file named.
    /// Key derivation and signing run outside the session lock.
    "sign_pdf", Change, DataDir,
    SignPdfRequest {
        /// The PDF to sign.
        input: String,
        /// Unlocks the signing key.
        passphrase: String,
        /// The signature's reason; default: "Record of the ISMS".
        reason: Option<String>,
        /// The signature's location; default: none.
        location: Option<String>,
        /// Where to save the signed PDF.
        path: String,
        /// A time-stamping authority (its RFC 3161 URL): the signature gets a timestamp
        /// (PAdES B-T); when it cannot be reached the PDF is signed without one and the answer
        /// says so.
        #[serde(default)]
        #[ts(optional)]
        tsa: Option<String>,
    } -> SignedPdf,
    |r, host| crate::records::sign_file(host, r)
}

operation! {
    /// The signing identity's certificate as PEM (to hand to auditors as trust anchor), if
    /// there is an identity.
    "signing_certificate", Read, DataDir,
    SigningCertificateRequest {} -> SigningCertificate,
    |_r, host| host.with(|v| v.signing_certificate())
}

operation! {
    /// The sign-off roles of a run's record (the playbook's `sign_off_roles`, else its
    /// sign-off role) with who holds each and whether their key is in this data directory.
    "record_signoffs", Read, DataDir,
    RecordSignOffsRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
    } -> Vec<SignOffSlot>,
    |r, host| crate::records::record_signoffs(host, r)
}

operation! {
    /// Signs a record off as a person, with their own key (`<data>/people/<id>/`): with `run`,
    /// the closed run's record is made now, naming every sign-off role's holder, and this
    /// first signature certifies it (only further signatures allowed); with `input`, a record
    /// file made that way gets this person's approval signature. Refused, with the reason, to
    /// a person who holds none of the record's sign-off roles or has signed already, and for
    /// a broken file. Key derivation, rendering and signing run outside the session lock.
    "sign_off_record", Change, DataDir,
    SignOffRecordRequest {
        /// The run (id or unique prefix) whose record is made and signed first.
        #[serde(default)]
        #[ts(optional)]
        run: Option<String>,
        /// A record file to add this person's signature to (instead of `run`).
        #[serde(default)]
        #[ts(optional)]
        input: Option<String>,
        /// The person signing: their id, a unique prefix of it, or their name.
        person: String,
        /// Unlocks the person's key.
        passphrase: String,
        /// Where to save the signed record (may be the input).
        path: String,
        /// The record's language (run mode); default English.
        #[serde(default)]
        #[ts(optional)]
        language: Option<RecordLanguage>,
        /// A time-stamping authority (its RFC 3161 URL): the signature gets a timestamp;
        /// when it cannot be reached the record is signed without one and the answer says so.
        #[serde(default)]
        #[ts(optional)]
        tsa: Option<String>,
    } -> SignedOffRecord,
    |r, host| crate::records::sign_off(host, r)
}
