//! The signing identity: a certificate and its private key, generated once (self-signed, with
//! the organisation's name) or imported from PKCS#12, and kept on disk with the private key
//! encrypted at rest (PKCS#8 PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC) under a passphrase.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use der::asn1::UtcTime;
use der::{Decode, DecodePem, EncodePem};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use pkcs8::{EncryptedPrivateKeyInfo, LineEnding, PrivateKeyInfo};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::certificate::{certificate_fingerprint, certificates_from_pem, common_name};
use crate::error::SignatureError;

/// The key algorithm of an identity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyAlgorithm {
    /// RSA 3072 with PKCS#1 v1.5 and SHA-256 (the seed's SHA256withRSA); the default.
    #[default]
    Rsa3072,
    /// ECDSA on P-256 with SHA-256.
    P256,
}

impl FromStr for KeyAlgorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "rsa" | "rsa-3072" | "rsa3072" => Ok(KeyAlgorithm::Rsa3072),
            "p256" | "p-256" | "ecdsa-p256" => Ok(KeyAlgorithm::P256),
            other => Err(format!(
                "unknown key algorithm {other:?} (rsa-3072 or p256)"
            )),
        }
    }
}

/// A private signing key.
#[derive(Clone)]
pub(crate) enum Key {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
}

/// Cost of the passphrase key derivation (PBKDF2-HMAC-SHA256 iterations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost(pub u32);

impl Default for KdfCost {
    /// 600,000 iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
    fn default() -> Self {
        KdfCost(600_000)
    }
}

/// A certificate with its private key.
#[derive(Clone)]
pub struct Identity {
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
    pub(crate) key: Key,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("subject", &self.subject())
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// What `vakt identity show` prints.
#[derive(Debug, Clone, Serialize)]
pub struct IdentitySummary {
    /// Subject of the certificate.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Key algorithm.
    pub algorithm: String,
    /// Hex SHA-256 of the certificate.
    pub fingerprint: String,
    /// Start of validity.
    pub not_before: String,
    /// End of validity.
    pub not_after: String,
    /// Number of CA certificates kept with it.
    pub chain: usize,
}

const CERT_FILE: &str = "certificate.pem";
const CHAIN_FILE: &str = "chain.pem";
const KEY_FILE: &str = "key.pem";

fn escape_rdn(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn utc(t: DateTime<Utc>) -> Result<Time, SignatureError> {
    let secs = u64::try_from(t.timestamp())
        .map_err(|_| SignatureError::Certificate("time before 1970".into()))?;
    UtcTime::from_unix_duration(Duration::from_secs(secs))
        .map(Time::UtcTime)
        .map_err(|e| SignatureError::Certificate(e.to_string()))
}

impl Identity {
    /// Generates a key and a self-signed certificate for `organisation`, valid from `now` for
    /// ten years. The randomness (key, serial) comes from `rng`.
    pub fn generate(
        organisation: &str,
        algorithm: KeyAlgorithm,
        now: DateTime<Utc>,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Identity, SignatureError> {
        let name = escape_rdn(organisation);
        let subject = Name::from_str(&format!("CN={name} records,O={name}"))
            .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        let key = new_key(algorithm, rng)?;
        let profile = Profile::Leaf {
            issuer: subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let certificate =
            build_certificate(profile, subject, spki_of(&key)?, &key, now, 3652, rng)?;
        Ok(Identity {
            certificate,
            chain: Vec::new(),
            key,
        })
    }

    /// Generates a person's key and a self-signed signing certificate (`CN=<name>,
    /// O=<organisation>`, keyUsage digitalSignature and nonRepudiation), valid from `now` for
    /// `days`. The organisation's CA can later issue a certificate for the same key
    /// ([`Identity::certify`]).
    pub fn generate_person(
        name: &str,
        organisation: &str,
        algorithm: KeyAlgorithm,
        now: DateTime<Utc>,
        days: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Identity, SignatureError> {
        let subject = Name::from_str(&format!(
            "CN={},O={}",
            escape_rdn(name),
            escape_rdn(organisation)
        ))
        .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        let key = new_key(algorithm, rng)?;
        let profile = Profile::Leaf {
            issuer: subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let certificate =
            build_certificate(profile, subject, spki_of(&key)?, &key, now, days, rng)?;
        Ok(Identity {
            certificate,
            chain: Vec::new(),
            key,
        })
    }

    /// Generates an organisation's certification authority: a key and a self-signed CA
    /// certificate (`CN=<organisation> CA, O=<organisation>`), valid from `now` for `days`.
    pub fn generate_ca(
        organisation: &str,
        algorithm: KeyAlgorithm,
        now: DateTime<Utc>,
        days: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Identity, SignatureError> {
        let name = escape_rdn(organisation);
        let subject = Name::from_str(&format!("CN={name} CA,O={name}"))
            .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        let key = new_key(algorithm, rng)?;
        let certificate =
            build_certificate(Profile::Root, subject, spki_of(&key)?, &key, now, days, rng)?;
        Ok(Identity {
            certificate,
            chain: Vec::new(),
            key,
        })
    }

    /// Issues, with this identity as CA, a new key and certificate for `common_name` in
    /// `organisation`: a person's signing certificate (keyUsage digitalSignature and
    /// nonRepudiation), or with `ca` an intermediate CA. Valid from `now` for `days`; the new
    /// identity carries this CA's certificate and chain.
    #[allow(
        clippy::too_many_arguments,
        reason = "each is a plain fact of the certificate"
    )]
    pub fn issue(
        &self,
        common_name: &str,
        organisation: &str,
        ca: bool,
        algorithm: KeyAlgorithm,
        now: DateTime<Utc>,
        days: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Identity, SignatureError> {
        let subject = Name::from_str(&format!(
            "CN={},O={}",
            escape_rdn(common_name),
            escape_rdn(organisation)
        ))
        .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        let issuer = self.certificate.tbs_certificate.subject.clone();
        let profile = if ca {
            Profile::SubCA {
                issuer,
                path_len_constraint: None,
            }
        } else {
            Profile::Leaf {
                issuer,
                enable_key_agreement: false,
                enable_key_encipherment: false,
            }
        };
        let key = new_key(algorithm, rng)?;
        let certificate =
            build_certificate(profile, subject, spki_of(&key)?, &self.key, now, days, rng)?;
        let mut chain = vec![self.certificate.clone()];
        chain.extend(self.chain.iter().cloned());
        Ok(Identity {
            certificate,
            chain,
            key,
        })
    }

    /// The signing certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The certificate as PEM.
    pub fn certificate_pem(&self) -> Result<String, SignatureError> {
        self.certificate
            .to_pem(LineEnding::LF)
            .map_err(|e| SignatureError::Certificate(e.to_string()))
    }

    /// The signer's name (the certificate's common name).
    pub fn subject(&self) -> String {
        common_name(&self.certificate.tbs_certificate.subject)
    }

    /// Hex SHA-256 of the certificate (DER).
    pub fn fingerprint(&self) -> String {
        certificate_fingerprint(&self.certificate)
    }

    /// Hex SHA-256 of the public key (SubjectPublicKeyInfo, DER): the id of the person whose
    /// identity this is.
    pub fn key_fingerprint(&self) -> String {
        crate::certificate::key_fingerprint(&self.certificate)
    }

    /// The certificates kept with the signing certificate (its issuers, nearest first).
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// Issues, with this identity as CA, a person's signing certificate for the public key in
    /// `request` (their current certificate, usually self-signed), with that certificate's
    /// subject: keyUsage digitalSignature and nonRepudiation, basicConstraints CA:FALSE, valid
    /// from `now` for `days`. The person's private key is never needed.
    pub fn certify(
        &self,
        request: &Certificate,
        now: DateTime<Utc>,
        days: i64,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Certificate, SignatureError> {
        let profile = Profile::Leaf {
            issuer: self.certificate.tbs_certificate.subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        build_certificate(
            profile,
            request.tbs_certificate.subject.clone(),
            request.tbs_certificate.subject_public_key_info.clone(),
            &self.key,
            now,
            days,
            rng,
        )
    }

    /// A summary for display.
    pub fn summary(&self) -> IdentitySummary {
        let tbs = &self.certificate.tbs_certificate;
        IdentitySummary {
            subject: tbs.subject.to_string(),
            issuer: tbs.issuer.to_string(),
            algorithm: match self.key {
                Key::Rsa(_) => "RSA 3072, SHA-256".into(),
                Key::P256(_) => "ECDSA P-256, SHA-256".into(),
            },
            fingerprint: self.fingerprint(),
            not_before: tbs.validity.not_before.to_string(),
            not_after: tbs.validity.not_after.to_string(),
            chain: self.chain.len(),
        }
    }

    fn key_pkcs8(&self) -> Result<pkcs8::SecretDocument, SignatureError> {
        match &self.key {
            Key::Rsa(k) => k.to_pkcs8_der(),
            Key::P256(k) => k.to_pkcs8_der(),
        }
        .map_err(|e| SignatureError::Key(e.to_string()))
    }

    /// Writes the identity into `dir` (created if needed): the certificate and chain as PEM, the
    /// key as an encrypted PKCS#8 PEM under `passphrase`.
    pub fn save(
        &self,
        dir: &Path,
        passphrase: &str,
        cost: KdfCost,
        rng: &mut impl CryptoRngCore,
    ) -> Result<(), SignatureError> {
        if passphrase.is_empty() {
            return Err(SignatureError::EmptyPassphrase);
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| SignatureError::Io(dir.display().to_string(), e))?;
        let plain = self.key_pkcs8()?;
        let info = PrivateKeyInfo::try_from(plain.as_bytes())
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        rng.fill_bytes(&mut salt);
        rng.fill_bytes(&mut iv);
        let params = pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(cost.0, &salt, &iv)
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        let encrypted = info
            .encrypt_with_params(params, passphrase)
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        let pem = encrypted
            .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        write_private(&dir.join(KEY_FILE), pem.as_bytes())?;
        self.save_certificates(dir)?;
        Ok(())
    }

    /// Writes the certificate and the chain of this identity into `dir` (the key stays as it is).
    fn save_certificates(&self, dir: &Path) -> Result<(), SignatureError> {
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| SignatureError::Io(path.display().to_string(), e))
        };
        write(CERT_FILE, &self.certificate_pem()?)?;
        write(CHAIN_FILE, &pem_of(&self.chain)?)
    }

    /// Replaces the certificate (and chain) of the identity in `dir` with `certificate` issued
    /// for the same key, for example by the organisation's CA; the key file is not touched.
    /// Refused when `certificate` is for another key than the one in `dir`.
    pub fn install_certificate(
        dir: &Path,
        certificate: &Certificate,
        chain: &[Certificate],
    ) -> Result<(), SignatureError> {
        let current = Self::load_certificate(dir)?;
        if current.tbs_certificate.subject_public_key_info
            != certificate.tbs_certificate.subject_public_key_info
        {
            return Err(SignatureError::Key(format!(
                "the certificate is for another key than the one in {}",
                dir.display()
            )));
        }
        let write = |name: &str, text: &str| {
            let path = dir.join(name);
            let mut part = path.as_os_str().to_owned();
            part.push(".part");
            let part = std::path::PathBuf::from(part);
            std::fs::write(&part, text)
                .and_then(|()| std::fs::rename(&part, &path))
                .map_err(|e| SignatureError::Io(path.display().to_string(), e))
        };
        let pem = certificate
            .to_pem(LineEnding::LF)
            .map_err(|e| SignatureError::Certificate(e.to_string()))?;
        write(CHAIN_FILE, &pem_of(chain)?)?;
        write(CERT_FILE, &pem)
    }

    /// Reads the certificate chain kept with the identity in `dir` (issuers, nearest first);
    /// empty when there is none.
    pub fn load_chain(dir: &Path) -> Result<Vec<Certificate>, SignatureError> {
        match std::fs::read_to_string(dir.join(CHAIN_FILE)) {
            Ok(text) => certificates_from_pem(&text),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Whether `dir` holds an identity.
    pub fn exists(dir: &Path) -> bool {
        dir.join(CERT_FILE).is_file() && dir.join(KEY_FILE).is_file()
    }

    /// Reads only the certificate of the identity in `dir` (no passphrase needed).
    pub fn load_certificate(dir: &Path) -> Result<Certificate, SignatureError> {
        let path = dir.join(CERT_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| SignatureError::Io(path.display().to_string(), e))?;
        Certificate::from_pem(text.as_bytes())
            .map_err(|e| SignatureError::Certificate(e.to_string()))
    }

    /// Loads the identity in `dir`, decrypting its key with `passphrase`.
    pub fn load(dir: &Path, passphrase: &str) -> Result<Identity, SignatureError> {
        let certificate = Self::load_certificate(dir)?;
        let chain = Self::load_chain(dir)?;
        let path = dir.join(KEY_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SignatureError::NoPassphrase(dir.display().to_string()),
            _ => SignatureError::Io(path.display().to_string(), e),
        })?;
        let (label, der) = der::pem::decode_vec(text.as_bytes())
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        if label != "ENCRYPTED PRIVATE KEY" {
            return Err(SignatureError::Key(format!(
                "{} is not an encrypted key ({label})",
                path.display()
            )));
        }
        let encrypted = EncryptedPrivateKeyInfo::from_der(&der)
            .map_err(|e| SignatureError::Key(e.to_string()))?;
        let plain = encrypted
            .decrypt(passphrase)
            .map_err(|_| SignatureError::WrongPassphrase)?;
        let key = key_from_pkcs8(plain.as_bytes()).map_err(|_| SignatureError::WrongPassphrase)?;
        let identity = Identity {
            certificate,
            chain,
            key,
        };
        identity.check_key_matches()?;
        Ok(identity)
    }

    /// Fails unless the key belongs to the certificate.
    pub(crate) fn check_key_matches(&self) -> Result<(), SignatureError> {
        let spki = &self.certificate.tbs_certificate.subject_public_key_info;
        let ours = match &self.key {
            Key::Rsa(k) => SubjectPublicKeyInfoOwned::from_key(k.to_public_key()),
            Key::P256(k) => SubjectPublicKeyInfoOwned::from_key(*k.verifying_key()),
        }
        .map_err(|e| SignatureError::Key(e.to_string()))?;
        if &ours != spki {
            return Err(SignatureError::Key(
                "the private key does not belong to the certificate".into(),
            ));
        }
        Ok(())
    }
}

fn new_key(algorithm: KeyAlgorithm, rng: &mut impl CryptoRngCore) -> Result<Key, SignatureError> {
    Ok(match algorithm {
        KeyAlgorithm::Rsa3072 => Key::Rsa(Box::new(
            rsa::RsaPrivateKey::new(rng, 3072).map_err(|e| SignatureError::Key(e.to_string()))?,
        )),
        KeyAlgorithm::P256 => Key::P256(p256::ecdsa::SigningKey::random(rng)),
    })
}

/// The SubjectPublicKeyInfo of `key`.
fn spki_of(key: &Key) -> Result<SubjectPublicKeyInfoOwned, SignatureError> {
    match key {
        Key::Rsa(k) => SubjectPublicKeyInfoOwned::from_key(k.to_public_key()),
        Key::P256(k) => SubjectPublicKeyInfoOwned::from_key(*k.verifying_key()),
    }
    .map_err(|e| SignatureError::Key(e.to_string()))
}

/// Certificates as concatenated PEM blocks.
fn pem_of(certificates: &[Certificate]) -> Result<String, SignatureError> {
    let mut out = String::new();
    for c in certificates {
        out.push_str(
            &c.to_pem(LineEnding::LF)
                .map_err(|e| SignatureError::Certificate(e.to_string()))?,
        );
    }
    Ok(out)
}

/// Writes secret `bytes` to `path` through `path.part`, created with mode 0600 from the start
/// (and narrowed to 0600 before anything is written, should a leftover `.part` be wider), then
/// synced and renamed over `path`: the key is never readable by others, not even for a moment.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), SignatureError> {
    let io = |e: std::io::Error| SignatureError::Io(path.display().to_string(), e);
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        let file = options.open(&part).map_err(io)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
        write_all(file, bytes, &part, path)
    }
    #[cfg(not(unix))]
    {
        let file = options.open(&part).map_err(io)?;
        write_all(file, bytes, &part, path)
    }
}

fn write_all(
    mut file: std::fs::File,
    bytes: &[u8],
    part: &Path,
    path: &Path,
) -> Result<(), SignatureError> {
    use std::io::Write as _;
    let io = |e: std::io::Error| SignatureError::Io(path.display().to_string(), e);
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(part, path).map_err(io)
}

/// A certificate for the public key `spki`, signed by `issuer_key`, valid from five minutes before
/// `now` for `days`.
fn build_certificate(
    profile: Profile,
    subject: Name,
    spki: SubjectPublicKeyInfoOwned,
    issuer_key: &Key,
    now: DateTime<Utc>,
    days: i64,
    rng: &mut impl CryptoRngCore,
) -> Result<Certificate, SignatureError> {
    let mut serial = [0u8; 16];
    rng.fill_bytes(&mut serial);
    serial[0] &= 0x7f;
    serial[0] |= 0x01;
    let serial =
        SerialNumber::new(&serial).map_err(|e| SignatureError::Certificate(e.to_string()))?;
    let validity = Validity {
        not_before: utc(now - chrono::Duration::minutes(5))?,
        not_after: utc(now + chrono::Duration::days(days))?,
    };
    let cert_err = |e: x509_cert::builder::Error| SignatureError::Certificate(e.to_string());
    match issuer_key {
        Key::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
            CertificateBuilder::new(profile, serial, validity, subject, spki, &signer)
                .map_err(cert_err)?
                .build::<rsa::pkcs1v15::Signature>()
                .map_err(cert_err)
        }
        Key::P256(k) => CertificateBuilder::new(profile, serial, validity, subject, spki, k)
            .map_err(cert_err)?
            .build::<p256::ecdsa::DerSignature>()
            .map_err(cert_err),
    }
}

/// Reads an unencrypted PKCS#8 RSA or P-256 key.
pub(crate) fn key_from_pkcs8(der: &[u8]) -> Result<Key, SignatureError> {
    let info = PrivateKeyInfo::from_der(der).map_err(|e| SignatureError::Key(e.to_string()))?;
    let oid = info.algorithm.oid.to_string();
    match oid.as_str() {
        "1.2.840.113549.1.1.1" => rsa::RsaPrivateKey::from_pkcs8_der(der)
            .map(|k| Key::Rsa(Box::new(k)))
            .map_err(|e| SignatureError::Key(e.to_string())),
        "1.2.840.10045.2.1" => p256::ecdsa::SigningKey::from_pkcs8_der(der)
            .map(Key::P256)
            .map_err(|e| SignatureError::Key(e.to_string())),
        other => Err(SignatureError::Key(format!(
            "unsupported key algorithm {other}"
        ))),
    }
}
