//! Certificate-path validation at signing time (RFC 5280 §6, the parts a signed record needs):
//! the signature on every link, every certificate's validity period at that time,
//! basicConstraints `cA` on every issuer, keyUsage (keyCertSign on issuers, digitalSignature or
//! nonRepudiation on the signer), extendedKeyUsage (document signing or time stamping, never a
//! TLS-server-only certificate), pathLenConstraint, and no unknown critical extension.
//!
//! Written on `x509-cert` 0.2 because no maintained validator fits that line: `certval` has only
//! a release candidate on `x509-cert` 0.3 (and HTTP revocation by default), and `rustls-webpki`
//! checks TLS paths (no keyUsage on issuers, its own parser, ring or aws-lc-rs).
//! Revocation is not checked (records are verified offline).

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage};

use crate::algorithm::verify_message;
use crate::certificate::common_name;
use crate::oid::{
    EXT_BASIC_CONSTRAINTS, EXT_EXTENDED_KEY_USAGE, EXT_HARMLESS, EXT_KEY_USAGE,
    KP_ADOBE_AUTHENTIC_DOCUMENTS, KP_ANY, KP_DOCUMENT_SIGNING, KP_EMAIL_PROTECTION,
    KP_MS_DOCUMENT_SIGNING, KP_TIME_STAMPING,
};

/// What the end certificate of a path is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// Signing documents: keyUsage digitalSignature or nonRepudiation; an extendedKeyUsage, if
    /// present, names document signing, e-mail protection or any usage.
    DocumentSigning,
    /// A time-stamping authority: extendedKeyUsage timeStamping.
    TimeStamping,
}

/// How a certificate path came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum PathVerdict {
    /// Every link checks and the path ends at a trust anchor.
    Trusted,
    /// Every link that could be built checks, but the path does not reach a trust anchor.
    NotTrusted {
        /// Why, in words.
        reason: String,
    },
    /// A certificate or link breaks a rule.
    Invalid {
        /// Why, in words.
        reason: String,
    },
}

/// A certificate path as built and judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificatePath {
    /// Common names, the end certificate first, the trust anchor (if reached) last.
    pub certificates: Vec<String>,
    /// The outcome.
    pub verdict: PathVerdict,
}

fn extension<'a>(cert: &'a Certificate, oid: &der::oid::ObjectIdentifier) -> Option<&'a [u8]> {
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == *oid)
        .map(|e| e.extn_value.as_bytes())
}

fn name(cert: &Certificate) -> String {
    format!("\"{}\"", common_name(&cert.tbs_certificate.subject))
}

/// The validity period in words, if `at` lies outside it.
fn outside_validity(cert: &Certificate, at: DateTime<Utc>) -> Option<String> {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: &x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    let (from, to) = (secs(&v.not_before), secs(&v.not_after));
    let t = at.timestamp();
    if t < from {
        Some(format!(
            "{} is not yet valid at the signing time {} (valid from {})",
            name(cert),
            at.format("%Y-%m-%d %H:%M:%S UTC"),
            v.not_before
        ))
    } else if t > to {
        Some(format!(
            "{} had expired at the signing time {} (valid until {})",
            name(cert),
            at.format("%Y-%m-%d %H:%M:%S UTC"),
            v.not_after
        ))
    } else {
        None
    }
}

/// An unknown critical extension, if any.
fn unknown_critical(cert: &Certificate) -> Option<String> {
    let known = [EXT_KEY_USAGE, EXT_BASIC_CONSTRAINTS, EXT_EXTENDED_KEY_USAGE];
    cert.tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.critical && !known.contains(&e.extn_id) && !EXT_HARMLESS.contains(&e.extn_id))
        .map(|e| {
            format!(
                "{} has a critical extension {} this validator does not know",
                name(cert),
                e.extn_id
            )
        })
}

fn key_usage(cert: &Certificate) -> Result<Option<KeyUsage>, String> {
    extension(cert, &EXT_KEY_USAGE)
        .map(|b| KeyUsage::from_der(b).map_err(|e| format!("{}: keyUsage: {e}", name(cert))))
        .transpose()
}

/// Checks of the end certificate alone.
fn check_end(cert: &Certificate, at: DateTime<Utc>, usage: Usage) -> Result<(), String> {
    if let Some(why) = outside_validity(cert, at) {
        return Err(why);
    }
    if let Some(why) = unknown_critical(cert) {
        return Err(why);
    }
    let eku = extension(cert, &EXT_EXTENDED_KEY_USAGE)
        .map(|b| {
            ExtendedKeyUsage::from_der(b)
                .map_err(|e| format!("{}: extendedKeyUsage: {e}", name(cert)))
        })
        .transpose()?;
    match usage {
        Usage::DocumentSigning => {
            if let Some(ku) = key_usage(cert)?
                && !(ku.digital_signature() || ku.non_repudiation())
            {
                return Err(format!(
                    "{} may not sign: its keyUsage has neither digitalSignature nor nonRepudiation",
                    name(cert)
                ));
            }
            let allowed = [
                KP_ANY,
                KP_DOCUMENT_SIGNING,
                KP_EMAIL_PROTECTION,
                KP_ADOBE_AUTHENTIC_DOCUMENTS,
                KP_MS_DOCUMENT_SIGNING,
            ];
            if let Some(eku) = eku
                && !eku.0.iter().any(|o| allowed.contains(o))
            {
                let named: Vec<String> = eku.0.iter().map(ToString::to_string).collect();
                return Err(format!(
                    "{} may not sign documents: its extendedKeyUsage allows only {} (a TLS server or other certificate)",
                    name(cert),
                    named.join(", ")
                ));
            }
        }
        Usage::TimeStamping => {
            if !eku.is_some_and(|e| e.0.contains(&KP_TIME_STAMPING)) {
                return Err(format!(
                    "{} is not a time-stamping certificate (no extendedKeyUsage timeStamping)",
                    name(cert)
                ));
            }
        }
    }
    Ok(())
}

/// Whether `cert`'s signature verifies with `issuer`'s key and the names chain.
pub(crate) fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    verify_message(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm,
        None,
        &tbs,
        sig,
    )
    .is_ok()
}

fn self_issued(cert: &Certificate) -> bool {
    cert.tbs_certificate.issuer == cert.tbs_certificate.subject
}

/// Checks `issuer` as the issuer of the last certificate of `below` (the path from the end
/// certificate up), the signature being verified already.
fn check_issuer(
    issuer: &Certificate,
    below: &[&Certificate],
    at: DateTime<Utc>,
) -> Result<(), String> {
    if let Some(why) = outside_validity(issuer, at) {
        return Err(why);
    }
    if let Some(why) = unknown_critical(issuer) {
        return Err(why);
    }
    let bc = extension(issuer, &EXT_BASIC_CONSTRAINTS)
        .map(|b| {
            BasicConstraints::from_der(b)
                .map_err(|e| format!("{}: basicConstraints: {e}", name(issuer)))
        })
        .transpose()?;
    let Some(bc) = bc.filter(|bc| bc.ca) else {
        return Err(format!(
            "{} issued {} but is not a CA (basicConstraints CA:FALSE or absent)",
            name(issuer),
            below.last().map(|c| name(c)).unwrap_or_default()
        ));
    };
    if let Some(ku) = key_usage(issuer)?
        && !ku.key_cert_sign()
    {
        return Err(format!(
            "{} may not issue certificates: its keyUsage lacks keyCertSign",
            name(issuer)
        ));
    }
    if let Some(limit) = bc.path_len_constraint {
        // Intermediate CAs below this one (the end certificate is not counted; self-issued
        // certificates are not counted).
        let intermediates = below.iter().skip(1).filter(|c| !self_issued(c)).count();
        if intermediates > usize::from(limit) {
            return Err(format!(
                "{} allows {limit} intermediate CA(s) below it (pathLenConstraint) but the path has {intermediates}",
                name(issuer)
            ));
        }
    }
    Ok(())
}

fn same(a: &Certificate, b: &Certificate) -> bool {
    match (a.to_der(), b.to_der()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Builds and judges the path from `end` to one of `anchors`, using `intermediates` (the
/// certificates in the file) as links, at the time `at`.
pub fn validate_path(
    end: &Certificate,
    intermediates: &[Certificate],
    anchors: &[Certificate],
    at: DateTime<Utc>,
    usage: Usage,
) -> CertificatePath {
    let mut certificates = vec![common_name(&end.tbs_certificate.subject)];
    if let Err(reason) = check_end(end, at, usage) {
        return CertificatePath {
            certificates,
            verdict: PathVerdict::Invalid { reason },
        };
    }
    if anchors.iter().any(|a| same(a, end)) {
        return CertificatePath {
            certificates,
            verdict: PathVerdict::Trusted,
        };
    }
    let mut below = vec![end];
    let verdict = extend(&mut below, intermediates, anchors, at);
    certificates = below
        .iter()
        .map(|c| common_name(&c.tbs_certificate.subject))
        .collect();
    CertificatePath {
        certificates,
        verdict,
    }
}

/// Depth-first: anchors first, then the file's certificates. `below` ends with the certificate
/// whose issuer is sought; on success it holds the whole path.
fn extend<'a>(
    below: &mut Vec<&'a Certificate>,
    pool: &'a [Certificate],
    anchors: &'a [Certificate],
    at: DateTime<Utc>,
) -> PathVerdict {
    const MAX_DEPTH: usize = 10;
    let Some(&current) = below.last() else {
        return PathVerdict::Invalid {
            reason: "empty path".into(),
        };
    };
    let mut first_error: Option<String> = None;
    for anchor in anchors {
        if signed_by(current, anchor) {
            match check_issuer(anchor, below, at) {
                Ok(()) => {
                    if !same(anchor, current) {
                        below.push(anchor);
                    }
                    return PathVerdict::Trusted;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
    }
    let mut best_untrusted: Option<(PathVerdict, Vec<&'a Certificate>)> = None;
    if below.len() < MAX_DEPTH {
        for issuer in pool {
            if below.iter().any(|c| same(c, issuer)) || !signed_by(current, issuer) {
                continue;
            }
            if let Err(e) = check_issuer(issuer, below, at) {
                first_error.get_or_insert(e);
                continue;
            }
            below.push(issuer);
            match extend(below, pool, anchors, at) {
                PathVerdict::Trusted => return PathVerdict::Trusted,
                PathVerdict::Invalid { reason } => {
                    first_error.get_or_insert(reason);
                }
                untrusted => {
                    if best_untrusted.is_none() {
                        best_untrusted = Some((untrusted, below.clone()));
                    }
                }
            }
            below.pop();
        }
    }
    if let Some(reason) = first_error {
        return PathVerdict::Invalid { reason };
    }
    if let Some((v, path)) = best_untrusted {
        // Report the path as far as it was built.
        *below = path;
        return v;
    }
    let reason = if anchors.is_empty() {
        "no trust anchor was given".to_string()
    } else if self_issued(current) && signed_by(current, current) {
        format!("{} is self-signed and not a trust anchor", name(current))
    } else {
        format!(
            "the issuer \"{}\" of {} is neither in the file nor a trust anchor",
            common_name(&current.tbs_certificate.issuer),
            name(current)
        )
    };
    PathVerdict::NotTrusted { reason }
}
