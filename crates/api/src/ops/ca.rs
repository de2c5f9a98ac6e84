//! The organisation's certification authority, held offline: create it in a folder the user
//! names (never the data directory), issue a person's certificate for the key they already
//! have, export its certificate for auditors.

use std::path::{Path, PathBuf};

use der::EncodePem as _;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vakt_signature::{Certificate, Identity, KdfCost, KeyAlgorithm, SignatureError};

use crate::json::SigningAlgorithm;
use crate::ops::operation;
use crate::records::{find_person, local_people};
use crate::{ApiError, ErrorCode, Host};

/// The organisation's CA certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CaCertificate {
    /// The folder holding the CA.
    pub folder: String,
    /// Its subject.
    pub subject: String,
    /// Hex SHA-256 of the certificate.
    pub fingerprint: String,
    /// End of validity.
    pub not_after: String,
    /// The certificate as PEM (hand it to auditors: `vakt verify --trust CA.pem`).
    pub pem: String,
}

/// A person's certificate issued by the organisation's CA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedCertificate {
    /// The person's id (unchanged: the key stays the same).
    pub person: String,
    /// Their name.
    pub name: String,
    /// The certificate's subject.
    pub subject: String,
    /// The issuer (the CA's subject).
    pub issuer: String,
    /// Hex SHA-256 of the new certificate.
    pub fingerprint: String,
    /// End of validity.
    pub not_after: String,
    /// Where the certificate and chain were written.
    pub folder: String,
}

operation! {
    /// Creates the organisation's certification authority in `folder` (a folder of its own,
    /// kept offline: never the data directory): a key under the passphrase (typed twice, strong
    /// enough) and a self-signed CA certificate. Refused when the folder holds one already.
    "ca_create", Change, DataDir,
    CaCreateRequest {
        /// The folder to create it in.
        folder: String,
        /// The organisation's name; default: the workspace's.
        #[serde(default)]
        #[ts(optional)]
        organisation: Option<String>,
        /// Protects the CA's key.
        passphrase: String,
        /// The passphrase again.
        again: String,
        /// The key algorithm; default P-256.
        #[serde(default)]
        #[ts(optional)]
        algorithm: Option<SigningAlgorithm>,
        /// Validity in days; default 3650.
        #[serde(default)]
        #[ts(optional)]
        days: Option<u32>,
    } -> CaCertificate,
    |r, host| create(host, r)
}

operation! {
    /// Issues, with the CA in `folder`, a signing certificate for a person of this data
    /// directory for the key they already have (their certificate's public key and subject),
    /// and writes it with the CA's chain into the person's folder; their id stays the same.
    "ca_issue", Change, DataDir,
    CaIssueRequest {
        /// The CA's folder.
        folder: String,
        /// Unlocks the CA's key.
        passphrase: String,
        /// The person: id, unique prefix of it, or name.
        person: String,
        /// Validity in days; default 730.
        #[serde(default)]
        #[ts(optional)]
        days: Option<u32>,
    } -> IssuedCertificate,
    |r, host| issue(host, r)
}

operation! {
    /// The CA's certificate in `folder` (no passphrase needed), to hand to auditors.
    "ca_certificate", Read, DataDir,
    CaCertificateRequest {
        /// The CA's folder.
        folder: String,
    } -> CaCertificate,
    |r, _host| certificate(Path::new(r.folder.trim()))
}

fn failed(e: SignatureError) -> ApiError {
    match e {
        SignatureError::WrongPassphrase => ApiError::new(ErrorCode::WrongPassphrase, e.to_string()),
        SignatureError::EmptyPassphrase => ApiError::new(ErrorCode::WeakPassphrase, e.to_string()),
        other => ApiError::new(ErrorCode::Failed, other.to_string()),
    }
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

/// The folder named, refused when empty.
fn folder(text: &str) -> Result<PathBuf, ApiError> {
    let f = PathBuf::from(text.trim());
    if f.as_os_str().is_empty() {
        return Err(bad("name the CA's folder"));
    }
    Ok(f)
}

/// Whether `inner` is `outer` or inside it (compared after resolving what exists).
fn within(inner: &Path, outer: &Path) -> bool {
    let resolve = |p: &Path| {
        let mut existing = match std::env::current_dir() {
            Ok(cwd) if p.is_relative() => cwd.join(p),
            _ => p.to_path_buf(),
        };
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_owned()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
        out.extend(rest.into_iter().rev());
        out
    };
    resolve(inner).starts_with(resolve(outer))
}

fn summary(folder: &Path, cert: &Certificate) -> Result<CaCertificate, ApiError> {
    let tbs = &cert.tbs_certificate;
    Ok(CaCertificate {
        folder: folder.display().to_string(),
        subject: tbs.subject.to_string(),
        fingerprint: vakt_signature::certificate_fingerprint(cert),
        not_after: tbs.validity.not_after.to_string(),
        pem: cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?,
    })
}

fn certificate(folder: &Path) -> Result<CaCertificate, ApiError> {
    if !Identity::exists(folder) {
        return Err(bad(format!(
            "{} holds no CA (create one with `vakt ca create --folder {}`)",
            folder.display(),
            folder.display()
        )));
    }
    let cert = Identity::load_certificate(folder).map_err(failed)?;
    summary(folder, &cert)
}

fn create(host: &Host<'_>, r: CaCreateRequest) -> Result<CaCertificate, ApiError> {
    let dir = folder(&r.folder)?;
    if r.passphrase != r.again {
        return Err(bad("the two passphrases differ"));
    }
    let (data_dir, organisation, now, mut rng) = host.with(|v| {
        let organisation = match r.organisation.as_deref().map(str::trim) {
            Some(o) if !o.is_empty() => o.to_string(),
            _ => v.organisation_name(),
        };
        Ok((v.data_dir.clone(), organisation, v.clock.now(), (v.keys)()))
    })?;
    if within(&dir, &data_dir) {
        return Err(bad(format!(
            "{} is inside the data directory ({}): the CA is kept apart, offline (a removable \
             drive or a folder only you can reach); name another folder",
            dir.display(),
            data_dir.display()
        )));
    }
    if Identity::exists(&dir) {
        return Err(bad(format!(
            "{} holds a CA already; it is never replaced here",
            dir.display()
        )));
    }
    crate::passphrase::check_new(&r.passphrase, &[organisation.as_str()])?;
    let algorithm: KeyAlgorithm = r.algorithm.unwrap_or(SigningAlgorithm::P256).into();
    let days = i64::from(r.days.unwrap_or(3650).max(1));
    let ca =
        Identity::generate_ca(&organisation, algorithm, now, days, &mut rng).map_err(failed)?;
    ca.save(&dir, &r.passphrase, KdfCost::default(), &mut rng)
        .map_err(failed)?;
    summary(&dir, ca.certificate())
}

fn issue(host: &Host<'_>, r: CaIssueRequest) -> Result<IssuedCertificate, ApiError> {
    let dir = folder(&r.folder)?;
    if !Identity::exists(&dir) {
        return Err(bad(format!("{} holds no CA", dir.display())));
    }
    let (person, now, mut rng) = host.with(|v| {
        let people = local_people(&v.data_dir);
        Ok((find_person(&people, &r.person)?, v.clock.now(), (v.keys)()))
    })?;
    let ca = Identity::load(&dir, &r.passphrase).map_err(failed)?;
    let current = Identity::load_certificate(&person.dir).map_err(failed)?;
    let days = i64::from(r.days.unwrap_or(730).max(1));
    let issued = ca.certify(&current, now, days, &mut rng).map_err(failed)?;
    let mut chain = vec![ca.certificate().clone()];
    chain.extend(ca.chain().iter().cloned());
    Identity::install_certificate(&person.dir, &issued, &chain).map_err(failed)?;
    let tbs = &issued.tbs_certificate;
    Ok(IssuedCertificate {
        person: person.id,
        name: person.name,
        subject: tbs.subject.to_string(),
        issuer: tbs.issuer.to_string(),
        fingerprint: vakt_signature::certificate_fingerprint(&issued),
        not_after: tbs.validity.not_after.to_string(),
        folder: person.dir.display().to_string(),
    })
}
