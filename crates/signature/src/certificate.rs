//! What every part of the signature code reads from certificates: PEM blocks, the common name,
//! the SHA-256 fingerprint. It depends on no other module of the crate, so the identity, the
//! PKCS#12 import, the CMS and verification all use it without depending on each other.

use der::{DecodePem, Encode};
use x509_cert::Certificate;
use x509_cert::name::Name;

use crate::error::SignatureError;
use crate::oid::ID_COMMON_NAME;

/// Every `CERTIFICATE` block of a PEM text.
pub(crate) fn certificates_from_pem(text: &str) -> Result<Vec<Certificate>, SignatureError> {
    let mut out = Vec::new();
    let mut rest = text;
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    while let Some(start) = rest.find(BEGIN) {
        let Some(end) = rest[start..].find(END) else {
            break;
        };
        let block = &rest[start..start + end + END.len()];
        out.push(
            Certificate::from_pem(block.as_bytes())
                .map_err(|e| SignatureError::Certificate(e.to_string()))?,
        );
        rest = &rest[start + end + END.len()..];
    }
    Ok(out)
}

/// The common name of a name, else the whole name.
pub(crate) fn common_name(name: &Name) -> String {
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == ID_COMMON_NAME {
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value) {
                    return s.as_str().to_string();
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(&atv.value) {
                    return s.as_str().to_string();
                }
            }
        }
    }
    name.to_string()
}

/// The certificate's fingerprint: the SHA-256 of its DER, as lowercase hex. This is what records
/// print under "Certificate SHA-256" and what `openssl x509 -fingerprint -sha256` shows (without
/// the colons). A certificate that cannot be encoded (none that was read or built can fail)
/// gives the digest of no bytes.
pub fn certificate_fingerprint(certificate: &Certificate) -> String {
    vakt_stdx::sha256_hex(&certificate.to_der().unwrap_or_default())
}

/// The common name of a certificate's subject (the whole subject when it has none).
pub fn subject_name(certificate: &Certificate) -> String {
    common_name(&certificate.tbs_certificate.subject)
}

/// Hex SHA-256 of the certificate's public key (its SubjectPublicKeyInfo, DER): a person's id.
/// It stays the same when the same key gets a new certificate (self-signed, then issued by the
/// organisation's CA).
pub fn key_fingerprint(certificate: &Certificate) -> String {
    vakt_stdx::sha256_hex(
        &certificate
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .unwrap_or_default(),
    )
}

/// The subjectKeyIdentifier of a certificate, if it has one.
pub(crate) fn subject_key_identifier(certificate: &Certificate) -> Option<Vec<u8>> {
    use der::Decode;
    let ext = certificate
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == der::oid::ObjectIdentifier::new_unwrap("2.5.29.14"))?;
    let ski = der::asn1::OctetString::from_der(ext.extn_value.as_bytes()).ok()?;
    Some(ski.as_bytes().to_vec())
}
