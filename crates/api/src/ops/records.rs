//! Records: produce and sign a run's record, verify any record file, the signing identity.

use crate::json::{ProducedRecord, RecordLanguage, RecordVerdict, RecordableRun, SigningIdentity};
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
