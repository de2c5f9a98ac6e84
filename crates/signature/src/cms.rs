//! The CMS (CAdES baseline) signature over a PDF's byte ranges, written and checked by hand on
//! the `cms` types: a detached SignedData with the content-type, message-digest and
//! signing-certificate-v2 signed attributes, the digest SHA-256, SHA-384 or SHA-512, and, with a
//! time-stamping authority at hand, the signature timestamp as an unsigned attribute (PAdES
//! B-T). The signing time is kept out of the CMS (it goes in the signature dictionary's `/M`).

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::algorithm::{sign_message, verify_message};
use crate::digest::DigestAlgorithm;
use crate::error::SignatureError;
use crate::identity::Identity;
use crate::oid::{
    ID_CONTENT_TYPE, ID_DATA, ID_MESSAGE_DIGEST, ID_SIGNATURE_TIME_STAMP_TOKEN, ID_SIGNED_DATA,
    ID_SIGNING_CERTIFICATE_V2,
};
use crate::timestamp::{TimeStamper, TimestampOutcome};

/// IssuerSerial (RFC 5035).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct IssuerSerial {
    pub(crate) issuer: Vec<GeneralName>,
    pub(crate) serial_number: SerialNumber,
}

/// ESSCertIDv2 with the default hash algorithm (SHA-256) left out.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct EssCertIdV2 {
    pub(crate) cert_hash: OctetString,
    pub(crate) issuer_serial: Option<IssuerSerial>,
}

/// SigningCertificateV2 without policies.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub(crate) certs: Vec<EssCertIdV2>,
}

fn cms_err(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Cms(e.to_string())
}

fn attribute(
    oid: der::oid::ObjectIdentifier,
    value: &impl Encode,
) -> Result<Attribute, SignatureError> {
    let mut values = SetOfVec::new();
    values
        .insert(Any::from_der(&value.to_der().map_err(cms_err)?).map_err(cms_err)?)
        .map_err(cms_err)?;
    Ok(Attribute { oid, values })
}

fn signing_certificate_v2(cert: &Certificate) -> Result<Attribute, SignatureError> {
    let der = cert.to_der().map_err(cms_err)?;
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&der).to_vec()).map_err(cms_err)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    cert.tbs_certificate.issuer.clone(),
                )],
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
        }],
    };
    attribute(ID_SIGNING_CERTIFICATE_V2, &value)
}

/// Builds the DER of a detached CMS SignedData over content whose `algorithm` digest is
/// `digest`; with `timestamps`, asks for a signature timestamp and adds it when one comes.
pub(crate) fn sign_digest(
    identity: &Identity,
    algorithm: DigestAlgorithm,
    digest: &[u8],
    timestamps: Option<&dyn TimeStamper>,
) -> Result<(Vec<u8>, TimestampOutcome), SignatureError> {
    let cert = &identity.certificate;
    let signed_attrs: SetOfVec<Attribute> = SetOfVec::try_from(vec![
        attribute(ID_CONTENT_TYPE, &ID_DATA)?,
        attribute(
            ID_MESSAGE_DIGEST,
            &OctetString::new(digest.to_vec()).map_err(cms_err)?,
        )?,
        signing_certificate_v2(cert)?,
    ])
    .map_err(cms_err)?;
    let (signature_algorithm, value) = sign_message(
        &identity.key,
        algorithm,
        &signed_attrs.to_der().map_err(cms_err)?,
    )?;
    let (unsigned_attrs, outcome) = match timestamps {
        None => (None, TimestampOutcome::NotAsked),
        Some(tsa) => match tsa.timestamp(algorithm, &algorithm.digest(&[&value])) {
            Ok(token) => {
                let token = Any::from_der(&token).map_err(cms_err)?;
                let attr = attribute(ID_SIGNATURE_TIME_STAMP_TOKEN, &token)?;
                let at = crate::timestamp::token_time(&token.to_der().map_err(cms_err)?)
                    .map_err(SignatureError::Timestamp)?;
                (
                    Some(SetOfVec::try_from(vec![attr]).map_err(cms_err)?),
                    TimestampOutcome::Added { at },
                )
            }
            Err(e) => (
                None,
                TimestampOutcome::Unavailable {
                    reason: e.to_string(),
                },
            ),
        },
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: algorithm.identifier(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(value).map_err(cms_err)?,
        unsigned_attrs,
    };
    let mut certificates: Vec<CertificateChoices> = Vec::new();
    for c in std::iter::once(cert).chain(&identity.chain) {
        let choice = CertificateChoices::Certificate(c.clone());
        if !certificates.contains(&choice) {
            certificates.push(choice);
        }
    }
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm.identifier()]).map_err(cms_err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(certificates).map_err(cms_err)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(cms_err)?),
    };
    let content = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(cms_err)?,
    };
    Ok((content.to_der().map_err(cms_err)?, outcome))
}

/// A SignedData's one signer, checked.
pub(crate) struct SignerCheck {
    /// The digest algorithm of the signer.
    pub(crate) digest: DigestAlgorithm,
    /// The signer's certificate.
    pub(crate) signer: Certificate,
    /// Every certificate in the SignedData.
    pub(crate) certificates: Vec<Certificate>,
    /// The message-digest attribute equals the content's digest.
    pub(crate) digest_matches: bool,
    /// The signature over the signed attributes verifies (or why not).
    pub(crate) signature: Result<(), String>,
    /// The signing-certificate-v2 attribute names the signer's certificate.
    pub(crate) signing_certificate_v2: bool,
    /// The signer info itself (for its unsigned attributes).
    pub(crate) info: SignerInfo,
}

/// Decodes a ContentInfo holding SignedData; trailing zero bytes (the `/Contents` padding)
/// are allowed, anything else after it is not.
pub(crate) fn signed_data(bytes: &[u8]) -> Result<SignedData, String> {
    let mut reader = der::SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let ci: ContentInfo = der::Decode::decode(&mut reader).map_err(|e| format!("CMS: {e}"))?;
    let used = ci
        .encoded_len()
        .ok()
        .and_then(|l| usize::try_from(u32::from(l)).ok())
        .unwrap_or(bytes.len());
    if bytes
        .get(used..)
        .is_some_and(|rest| rest.iter().any(|b| *b != 0))
    {
        return Err("non-zero bytes after the CMS in /Contents (hidden data)".into());
    }
    if ci.content_type != ID_SIGNED_DATA {
        return Err(format!("CMS content {} is not SignedData", ci.content_type));
    }
    ci.content
        .decode_as()
        .map_err(|e| format!("CMS SignedData: {e}"))
}

/// Checks the one signer of `sd`; `content_digest` gives the digest of the signed content
/// under the signer's digest algorithm.
pub(crate) fn check_signer(
    sd: &SignedData,
    content_digest: &dyn Fn(DigestAlgorithm) -> Vec<u8>,
) -> Result<SignerCheck, String> {
    let mut infos = sd.signer_infos.0.iter();
    let si = infos.next().ok_or("CMS has no signer")?;
    if infos.next().is_some() {
        return Err("CMS has more than one signer".into());
    }
    let digest = DigestAlgorithm::from_oid(&si.digest_alg.oid).ok_or_else(|| {
        format!(
            "digest algorithm {} is not SHA-256, SHA-384 or SHA-512",
            si.digest_alg.oid
        )
    })?;
    let certificates: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let signer = certificates
        .iter()
        .find(|c| match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(iasn) => {
                c.tbs_certificate.issuer == iasn.issuer
                    && c.tbs_certificate.serial_number == iasn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                crate::certificate::subject_key_identifier(c).as_deref() == Some(ski.0.as_bytes())
            }
        })
        .cloned()
        .ok_or("the signer's certificate is not in the CMS")?;
    let attrs = si
        .signed_attrs
        .as_ref()
        .ok_or("CMS has no signed attributes")?;
    let expected = content_digest(digest);
    let mut digest_matches = false;
    let mut signing_certificate_v2 = false;
    let cert_hash = Sha256::digest(signer.to_der().map_err(|e| e.to_string())?);
    for a in attrs.iter() {
        if a.oid == ID_MESSAGE_DIGEST {
            digest_matches = a
                .values
                .iter()
                .next()
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .is_some_and(|o| o.as_bytes() == expected.as_slice());
        }
        if a.oid == ID_SIGNING_CERTIFICATE_V2 {
            signing_certificate_v2 = a
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
    let signature = verify_message(
        &signer.tbs_certificate.subject_public_key_info,
        &si.signature_algorithm,
        Some(digest),
        &signed,
        si.signature.as_bytes(),
    );
    Ok(SignerCheck {
        digest,
        signer,
        certificates,
        digest_matches,
        signature,
        signing_certificate_v2,
        info: si.clone(),
    })
}

/// The signature timestamp token among the unsigned attributes, as DER, if there is one.
pub(crate) fn signature_timestamp(info: &SignerInfo) -> Option<Vec<u8>> {
    info.unsigned_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == ID_SIGNATURE_TIME_STAMP_TOKEN)?
        .values
        .iter()
        .next()?
        .to_der()
        .ok()
}

/// The time a PDF date string `D:YYYYMMDDHHmmSS…` names, read as UTC unless an offset follows.
pub(crate) fn pdf_date(m: &str) -> Option<DateTime<Utc>> {
    let s = m.trim_start_matches("D:");
    let digits: String = s.chars().take(14).collect();
    let local = chrono::NaiveDateTime::parse_from_str(&digits, "%Y%m%d%H%M%S").ok()?;
    let rest: Vec<char> = s.chars().skip(14).collect();
    let offset_minutes = match rest.first() {
        Some('+') | Some('-') => {
            let num: String = rest[1..].iter().filter(|c| c.is_ascii_digit()).collect();
            let h: i64 = num.get(0..2)?.parse().ok()?;
            let m: i64 = num.get(2..4).and_then(|x| x.parse().ok()).unwrap_or(0);
            let sign = if rest[0] == '-' { -1 } else { 1 };
            sign * (h * 60 + m)
        }
        _ => 0,
    };
    Some(local.and_utc() - chrono::Duration::minutes(offset_minutes))
}

#[cfg(test)]
mod tests {
    use super::pdf_date;
    use chrono::{TimeZone, Utc};

    #[test]
    fn pdf_dates_are_read_with_their_offset() {
        let t = Utc.with_ymd_and_hms(2026, 3, 16, 17, 0, 5).unwrap();
        assert_eq!(pdf_date("D:20260316170005+00'00'"), Some(t));
        assert_eq!(pdf_date("D:20260316190005+02'00'"), Some(t));
        assert_eq!(pdf_date("D:20260316123005-04'30'"), Some(t));
        assert_eq!(pdf_date("D:20260316170005Z"), Some(t));
        assert_eq!(pdf_date("yesterday"), None);
    }
}
