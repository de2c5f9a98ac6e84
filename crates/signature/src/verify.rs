//! Verification of a signed record: the CMS signature over the byte ranges, that the last
//! signature covers the whole file (nothing appended afterwards), the certificate (validity at
//! signing time, self-signature or issuer, trust anchors when given), and the journal checkpoint
//! printed in the record against the journal when one is at hand.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::Encode;
use lopdf::{Document, Object};
use rsa::signature::Verifier;
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::DecodePublicKey;
use x509_cert::Certificate;

use crate::certificate::{certificate_fingerprint, common_name};
use crate::cms::SigningCertificateV2;
use crate::error::SignatureError;
use crate::oid::{ID_MESSAGE_DIGEST, ID_SHA256, ID_SIGNING_CERTIFICATE_V2};
use vakt_pdf::text_of;

/// The journal as far as verification needs it.
pub trait Journal {
    /// Hex hash of the head after the first `count` events, or `None` if the journal holds fewer.
    fn head_after(&self, count: u64) -> Option<String>;
}

/// What to verify against.
#[derive(Default)]
pub struct VerifyOptions<'a> {
    /// Trusted certificates (a signer is trusted if it is one of them or issued by one).
    pub trust: Vec<Certificate>,
    /// The journal, when at hand.
    pub journal: Option<&'a dyn Journal>,
}

/// The certificate of a signature.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateReport {
    /// Subject.
    pub subject: String,
    /// Issuer.
    pub issuer: String,
    /// Hex SHA-256 of the certificate.
    pub fingerprint: String,
    /// Start of validity.
    pub not_before: String,
    /// End of validity.
    pub not_after: String,
    /// Whether it was valid at the signing time in `/M`.
    pub valid_at_signing: bool,
    /// Whether it is self-signed (and its self-signature verifies).
    pub self_signed: bool,
    /// Whether it chains to a trust anchor; `None` when no anchor was given.
    pub trusted: Option<bool>,
}

/// One signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Field name.
    pub field: String,
    /// `/Name` of the signature dictionary.
    pub name: String,
    /// `/Reason`.
    pub reason: String,
    /// `/Location`.
    pub location: String,
    /// `/M` (signing time), as written.
    pub signed_at: String,
    /// `/SubFilter`.
    pub sub_filter: String,
    /// `/ByteRange`.
    pub byte_range: Vec<u64>,
    /// The message digest in the CMS matches the bytes of the ranges.
    pub digest_matches: bool,
    /// The CMS signature over the signed attributes verifies with the certificate's key.
    pub signature_valid: bool,
    /// The signing-certificate-v2 attribute names this certificate.
    pub signing_certificate_v2: bool,
    /// The ranges cover the whole file except the `/Contents` value.
    pub covers_whole_file: bool,
    /// The certificate.
    pub certificate: Option<CertificateReport>,
}

/// The checkpoint printed in the record and how it compares with the journal.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointReport {
    /// Event count in the record.
    pub count: u64,
    /// Head hash in the record.
    pub head_hash: String,
    /// `Some(true)` if the journal's head after `count` events is this hash; `None` without a journal.
    pub matches_journal: Option<bool>,
}

/// The verdict over a file.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Size of the file.
    pub file_size: u64,
    /// Every signature found, oldest first.
    pub signatures: Vec<SignatureReport>,
    /// The record's checkpoint, if the file embeds a record.
    pub checkpoint: Option<CheckpointReport>,
    /// Problems found; empty means the file verifies.
    pub problems: Vec<String>,
    /// `true` when there are no problems.
    pub ok: bool,
}

fn dict_text(d: &lopdf::Dictionary, key: &[u8]) -> String {
    match d.get(key) {
        Ok(Object::String(s, _)) => text_of(s),
        Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

fn parse_m(m: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let digits: String = m.trim_start_matches("D:").chars().take(14).collect();
    chrono::NaiveDateTime::parse_from_str(&digits, "%Y%m%d%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

fn verify_with_key(cert: &Certificate, message: &[u8], signature: &[u8], sig_oid: &str) -> bool {
    let Ok(spki_der) = cert.tbs_certificate.subject_public_key_info.to_der() else {
        return false;
    };
    match sig_oid {
        // sha256WithRSAEncryption, or rsaEncryption with SHA-256 as the digest algorithm.
        "1.2.840.113549.1.1.11" | "1.2.840.113549.1.1.1" => {
            let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&spki_der) else {
                return false;
            };
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
            rsa::pkcs1v15::Signature::try_from(signature)
                .map(|s| vk.verify(message, &s).is_ok())
                .unwrap_or(false)
        }
        // ecdsa-with-SHA256.
        "1.2.840.10045.4.3.2" => {
            let Ok(vk) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der) else {
                return false;
            };
            p256::ecdsa::DerSignature::try_from(signature)
                .map(|s| vk.verify(message, &s).is_ok())
                .unwrap_or(false)
        }
        _ => false,
    }
}

/// Whether `cert` is signed by `issuer`'s key.
pub(crate) fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != issuer.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    verify_with_key(issuer, &tbs, sig, &cert.signature_algorithm.oid.to_string())
}

fn certificate_report(
    cert: &Certificate,
    chain: &[Certificate],
    signed_at: Option<chrono::DateTime<chrono::Utc>>,
    options: &VerifyOptions<'_>,
) -> CertificateReport {
    let tbs = &cert.tbs_certificate;
    let to_utc = |t: &x509_cert::time::Time| {
        chrono::DateTime::<chrono::Utc>::from_timestamp(t.to_unix_duration().as_secs() as i64, 0)
    };
    let valid_at_signing = match (
        signed_at,
        to_utc(&tbs.validity.not_before),
        to_utc(&tbs.validity.not_after),
    ) {
        (Some(t), Some(a), Some(b)) => a <= t && t <= b,
        _ => false,
    };
    let trusted = if options.trust.is_empty() {
        None
    } else {
        let der = cert.to_der().unwrap_or_default();
        let direct = options
            .trust
            .iter()
            .any(|a| a.to_der().map(|d| d == der).unwrap_or(false));
        // One level of intermediates from the file's own certificates.
        let via_anchor = options.trust.iter().any(|a| issued_by(cert, a))
            || chain.iter().any(|i| {
                issued_by(cert, i) && options.trust.iter().any(|a| issued_by(i, a) || a == i)
            });
        Some(direct || via_anchor)
    };
    CertificateReport {
        subject: common_name(&tbs.subject),
        issuer: common_name(&tbs.issuer),
        fingerprint: certificate_fingerprint(cert),
        not_before: tbs.validity.not_before.to_string(),
        not_after: tbs.validity.not_after.to_string(),
        valid_at_signing,
        self_signed: issued_by(cert, cert),
        trusted,
    }
}

fn check_cms(
    contents: &[u8],
    digest: &[u8],
    signed_at: Option<chrono::DateTime<chrono::Utc>>,
    options: &VerifyOptions<'_>,
) -> Result<(bool, bool, bool, CertificateReport), String> {
    let mut reader = der::SliceReader::new(contents).map_err(|e| e.to_string())?;
    let ci: ContentInfo = der::Decode::decode(&mut reader).map_err(|e| format!("CMS: {e}"))?;
    // Signers pad /Contents with zeros; anything else there is data smuggled into the one part
    // of the file the signature cannot cover.
    let used = ci
        .encoded_len()
        .ok()
        .and_then(|l| usize::try_from(u32::from(l)).ok())
        .unwrap_or(contents.len());
    if contents
        .get(used..)
        .is_some_and(|rest| rest.iter().any(|b| *b != 0))
    {
        return Err("non-zero bytes after the CMS in /Contents (hidden data)".into());
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| format!("CMS SignedData: {e}"))?;
    let si = sd.signer_infos.0.iter().next().ok_or("CMS has no signer")?;
    if si.digest_alg.oid != ID_SHA256 {
        return Err(format!(
            "digest algorithm {} is not SHA-256",
            si.digest_alg.oid
        ));
    }
    let certs: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cert = certs
        .iter()
        .find(|c| match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(iasn) => {
                c.tbs_certificate.issuer == iasn.issuer
                    && c.tbs_certificate.serial_number == iasn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => true,
        })
        .ok_or("the signer's certificate is not in the CMS")?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or("CMS has no signed attributes")?;
    let mut digest_ok = false;
    let mut scv2_ok = false;
    let cert_hash = Sha256::digest(cert.to_der().map_err(|e| e.to_string())?);
    for a in attrs.iter() {
        if a.oid == ID_MESSAGE_DIGEST {
            digest_ok = a
                .values
                .iter()
                .next()
                .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
                .map(|o| o.as_bytes() == digest)
                .unwrap_or(false);
        }
        if a.oid == ID_SIGNING_CERTIFICATE_V2 {
            scv2_ok = a
                .values
                .iter()
                .next()
                .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
                .and_then(|s| {
                    s.certs
                        .first()
                        .map(|c| c.cert_hash.as_bytes() == cert_hash.as_slice())
                })
                .unwrap_or(false);
        }
    }
    let signed = attrs.to_der().map_err(|e| e.to_string())?;
    let signature_ok = verify_with_key(
        cert,
        &signed,
        si.signature.as_bytes(),
        &si.signature_algorithm.oid.to_string(),
    );
    let report = certificate_report(cert, &certs, signed_at, options);
    Ok((digest_ok, signature_ok, scv2_ok, report))
}

/// Verifies the signatures of `pdf` and the record's checkpoint.
pub fn verify_pdf(pdf: &[u8], options: &VerifyOptions<'_>) -> Result<Verification, SignatureError> {
    let doc = Document::load_mem(pdf).map_err(|e| SignatureError::Pdf(e.to_string()))?;
    let mut problems = Vec::new();
    let mut signatures = Vec::new();
    let fields = doc
        .catalog()
        .ok()
        .and_then(|c| c.get_deref(b"AcroForm", &doc).ok())
        .and_then(|a| a.as_dict().ok())
        .and_then(|a| a.get_deref(b"Fields", &doc).ok())
        .and_then(|f| f.as_array().ok())
        .cloned()
        .unwrap_or_default();
    for field in &fields {
        let Ok((_, field)) = doc.dereference(field) else {
            continue;
        };
        let Ok(field) = field.as_dict() else { continue };
        if field.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
            continue;
        }
        let Ok(sig) = field.get_deref(b"V", &doc).and_then(Object::as_dict) else {
            continue;
        };
        let field_name = dict_text(field, b"T");
        let byte_range: Vec<u64> = sig
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_i64().ok())
                    .map(|v| v.max(0) as u64)
                    .collect()
            })
            .unwrap_or_default();
        let contents = match sig.get(b"Contents") {
            Ok(Object::String(s, _)) => s.clone(),
            _ => Vec::new(),
        };
        let signed_at_text = dict_text(sig, b"M");
        let mut report = SignatureReport {
            field: field_name.clone(),
            name: dict_text(sig, b"Name"),
            reason: dict_text(sig, b"Reason"),
            location: dict_text(sig, b"Location"),
            signed_at: signed_at_text.clone(),
            sub_filter: dict_text(sig, b"SubFilter"),
            byte_range: byte_range.clone(),
            digest_matches: false,
            signature_valid: false,
            signing_certificate_v2: false,
            covers_whole_file: false,
            certificate: None,
        };
        let len = pdf.len() as u64;
        let ranges_ok = byte_range.len() == 4
            && byte_range[0] == 0
            && byte_range[1] < byte_range[2]
            && byte_range[2]
                .checked_add(byte_range[3])
                .is_some_and(|end| end <= len);
        if !ranges_ok {
            problems.push(format!("{field_name}: malformed /ByteRange {byte_range:?}"));
            signatures.push(report);
            continue;
        }
        let (a, b, c, d) = (
            byte_range[1] as usize,
            byte_range[2] as usize,
            byte_range[3] as usize,
            byte_range[2] as usize + byte_range[3] as usize,
        );
        let _ = c;
        // The gap must be exactly the hex /Contents value.
        let gap = &pdf[a..b];
        let gap_ok = gap.first() == Some(&b'<')
            && gap.last() == Some(&b'>')
            && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit);
        if !gap_ok {
            problems.push(format!(
                "{field_name}: the unsigned gap is not the /Contents value"
            ));
        }
        report.covers_whole_file = gap_ok && d as u64 == len;
        let mut hasher = Sha256::new();
        hasher.update(&pdf[..a]);
        hasher.update(&pdf[b..d]);
        let digest = hasher.finalize();
        match check_cms(&contents, &digest, parse_m(&signed_at_text), options) {
            Ok((digest_ok, sig_ok, scv2, cert)) => {
                report.digest_matches = digest_ok;
                report.signature_valid = sig_ok;
                report.signing_certificate_v2 = scv2;
                if !digest_ok {
                    problems.push(format!(
                        "{field_name}: digest mismatch: the signed bytes were changed"
                    ));
                }
                if !sig_ok {
                    problems.push(format!("{field_name}: the CMS signature does not verify"));
                }
                if !scv2 {
                    problems.push(format!(
                        "{field_name}: signing-certificate-v2 missing or wrong"
                    ));
                }
                if !cert.valid_at_signing {
                    problems.push(format!(
                        "{field_name}: certificate not valid at the signing time"
                    ));
                }
                if cert.trusted == Some(false) {
                    problems.push(format!(
                        "{field_name}: certificate not issued by a trusted certificate"
                    ));
                }
                report.certificate = Some(cert);
            }
            Err(e) => problems.push(format!("{field_name}: {e}")),
        }
        signatures.push(report);
    }
    if signatures.is_empty() {
        problems.push("no signature found".into());
    } else if !signatures.iter().any(|s| s.covers_whole_file) {
        problems.push(
            "no signature covers the whole file: something was appended after signing".into(),
        );
    }

    let checkpoint = vakt_checkpoint(pdf);
    let checkpoint = checkpoint.map(|(count, head_hash)| {
        let matches_journal = options
            .journal
            .map(|j| j.head_after(count).as_deref() == Some(head_hash.as_str()));
        if matches_journal == Some(false) {
            problems.push(format!(
                "the journal's head after {count} events is not the record's checkpoint {head_hash}"
            ));
        }
        CheckpointReport {
            count,
            head_hash,
            matches_journal,
        }
    });
    Ok(Verification {
        file_size: pdf.len() as u64,
        ok: problems.is_empty(),
        signatures,
        checkpoint,
        problems,
    })
}

/// The checkpoint in the embedded `record.json`, if any.
fn vakt_checkpoint(pdf: &[u8]) -> Option<(u64, String)> {
    let (json, _) = vakt_record::embedded_record(pdf).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let cp = value.get("checkpoint")?;
    Some((
        cp.get("count")?.as_u64()?,
        cp.get("head_hash")?.as_str()?.to_string(),
    ))
}
