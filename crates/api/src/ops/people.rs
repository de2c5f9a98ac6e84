//! Persons: the person at the keyboard, their display name, passphrase and key.

use std::path::PathBuf;

use crate::json::{Me, PersonView, SigningAlgorithm};
use crate::ops::operation;

operation! {
    /// The person acting (created from the operating-system account on first start): display
    /// name and whether it is confirmed, whether a passphrase protects the key, the key's
    /// certificate, the workspace person it matches and the roles they may hold; and the other
    /// persons held in this data directory.
    "me", Read, DataDir,
    MeRequest {} -> Me,
    |_r, host| host.with(|v| v.me())
}

operation! {
    /// Confirms the acting person's display name, or sets it to `name`.
    "confirm_person_name", Change, DataDir,
    ConfirmPersonNameRequest {
        /// The new display name; `None` confirms the one shown.
        name: Option<String>,
    } -> Me,
    |r, host| host.with(|v| v.confirm_person_name(r.name.as_deref()))
}

operation! {
    /// Protects the acting person's key with a passphrase (typed twice; strong enough, judged
    /// against their names and login), so they can sign; changing it needs the current one.
    /// Key derivation runs outside the session lock.
    "set_person_passphrase", Change, DataDir,
    SetPersonPassphraseRequest {
        /// The new passphrase.
        passphrase: String,
        /// The same again.
        again: String,
        /// The current passphrase, when one is set.
        current: Option<String>,
    } -> Me,
    |r, host| crate::people::set_passphrase(host, &r.passphrase, &r.again, r.current.as_deref())
}

operation! {
    /// Replaces the acting person's key and certificate with a PKCS#12 file from the
    /// organisation's PKI, kept under a new passphrase. The person id becomes the new key's.
    "import_person_pkcs12", Change, DataDir,
    ImportPersonPkcs12Request {
        /// The PKCS#12 file.
        path: String,
        /// Its passphrase.
        file_passphrase: String,
        /// The new passphrase for the key here.
        passphrase: String,
        /// The same again.
        again: String,
    } -> Me,
    |r, host| crate::people::import_pkcs12(
        host,
        &PathBuf::from(r.path.trim()),
        &r.file_passphrase,
        &r.passphrase,
        &r.again,
    )
}

operation! {
    /// Adds another person who acts at this console, with a key of their own (P-256, or
    /// RSA-3072), device-protected until they set a passphrase.
    "person_add", Change, DataDir,
    PersonAddRequest {
        /// Their name.
        name: String,
        /// The key algorithm (P-256 when `None`).
        algorithm: Option<SigningAlgorithm>,
    } -> PersonView,
    |r, host| host.with(|v| {
        let algorithm = r.algorithm.unwrap_or(SigningAlgorithm::P256).into();
        v.add_person(&r.name, algorithm)
    })
}
