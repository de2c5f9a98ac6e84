//! The one error type of the crate.

/// Why signing, loading an identity or verifying failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The passphrase does not decrypt the private key.
    #[error("wrong passphrase: it does not unlock the signing key")]
    WrongPassphrase,
    /// An empty passphrase was given for encrypting a key.
    #[error("the passphrase must not be empty")]
    EmptyPassphrase,
    /// A key could not be generated, encoded or read.
    #[error("key: {0}")]
    Key(String),
    /// A certificate could not be built or read.
    #[error("certificate: {0}")]
    Certificate(String),
    /// The CMS signature could not be built.
    #[error("CMS: {0}")]
    Cms(String),
    /// The PDF could not be read or updated.
    #[error("PDF: {0}")]
    Pdf(String),
    /// A PKCS#12 file could not be read.
    #[error("PKCS#12: {0}")]
    Pkcs12(String),
    /// A time-stamping authority could not be reached or gave no usable token.
    #[error("time stamp: {0}")]
    Timestamp(String),
    /// The folder holds a certificate but no key under a passphrase (`key.pem`): a person's key
    /// stays device-protected until they set a passphrase, and cannot sign before.
    #[error(
        "set a passphrase first: {0} holds no key protected by a passphrase (a person's key cannot sign until they set one: Settings, or `vakt person passphrase`)"
    )]
    NoPassphrase(String),
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}
