//! The object identifiers the signature code compares and writes, in one place.

use der::oid::ObjectIdentifier;

const fn oid(s: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(s)
}

/// id-data (PKCS#7 data content).
pub(crate) const ID_DATA: ObjectIdentifier = oid("1.2.840.113549.1.7.1");
/// id-signedData.
pub(crate) const ID_SIGNED_DATA: ObjectIdentifier = oid("1.2.840.113549.1.7.2");
/// id-encryptedData (PKCS#7 encrypted content).
pub(crate) const ID_ENCRYPTED_DATA: ObjectIdentifier = oid("1.2.840.113549.1.7.6");
/// id-sha256.
pub(crate) const ID_SHA256: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.1");
/// id-sha384.
pub(crate) const ID_SHA384: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.2");
/// id-sha512.
pub(crate) const ID_SHA512: ObjectIdentifier = oid("2.16.840.1.101.3.4.2.3");
/// id-aa-signingCertificateV2.
pub(crate) const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier = oid("1.2.840.113549.1.9.16.2.47");
/// id-aa-timeStampToken (the signature timestamp, an unsigned attribute).
pub(crate) const ID_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    oid("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo.
pub(crate) const ID_CT_TST_INFO: ObjectIdentifier = oid("1.2.840.113549.1.9.16.1.4");
/// id-contentType.
pub(crate) const ID_CONTENT_TYPE: ObjectIdentifier = oid("1.2.840.113549.1.9.3");
/// id-messageDigest.
pub(crate) const ID_MESSAGE_DIGEST: ObjectIdentifier = oid("1.2.840.113549.1.9.4");
/// id-at-commonName.
pub(crate) const ID_COMMON_NAME: ObjectIdentifier = oid("2.5.4.3");

/// rsaEncryption (PKCS#1 v1.5 with the digest algorithm named beside it).
pub(crate) const RSA_ENCRYPTION: ObjectIdentifier = oid("1.2.840.113549.1.1.1");
/// sha256WithRSAEncryption.
pub(crate) const SHA256_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.11");
/// sha384WithRSAEncryption.
pub(crate) const SHA384_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.12");
/// sha512WithRSAEncryption.
pub(crate) const SHA512_WITH_RSA: ObjectIdentifier = oid("1.2.840.113549.1.1.13");
/// ecdsa-with-SHA256.
pub(crate) const ECDSA_WITH_SHA256: ObjectIdentifier = oid("1.2.840.10045.4.3.2");
/// ecdsa-with-SHA384.
pub(crate) const ECDSA_WITH_SHA384: ObjectIdentifier = oid("1.2.840.10045.4.3.3");
/// ecdsa-with-SHA512.
pub(crate) const ECDSA_WITH_SHA512: ObjectIdentifier = oid("1.2.840.10045.4.3.4");

/// Certificate extensions read by path validation.
pub(crate) const EXT_KEY_USAGE: ObjectIdentifier = oid("2.5.29.15");
/// basicConstraints.
pub(crate) const EXT_BASIC_CONSTRAINTS: ObjectIdentifier = oid("2.5.29.19");
/// extKeyUsage.
pub(crate) const EXT_EXTENDED_KEY_USAGE: ObjectIdentifier = oid("2.5.29.37");
/// Extensions a validator may ignore even when marked critical: they restrict nothing this
/// validator decides (identifiers, alternative names, policies without constraints).
pub(crate) const EXT_HARMLESS: [ObjectIdentifier; 5] = [
    oid("2.5.29.14"), // subjectKeyIdentifier
    oid("2.5.29.35"), // authorityKeyIdentifier
    oid("2.5.29.17"), // subjectAltName
    oid("2.5.29.18"), // issuerAltName
    oid("2.5.29.32"), // certificatePolicies
];

/// anyExtendedKeyUsage.
pub(crate) const KP_ANY: ObjectIdentifier = oid("2.5.29.37.0");
/// id-kp-emailProtection (S/MIME and document signing alike, as OpenSSL's smimesign purpose).
pub(crate) const KP_EMAIL_PROTECTION: ObjectIdentifier = oid("1.3.6.1.5.5.7.3.4");
/// id-kp-timeStamping.
pub(crate) const KP_TIME_STAMPING: ObjectIdentifier = oid("1.3.6.1.5.5.7.3.8");
/// id-kp-documentSigning (RFC 9336).
pub(crate) const KP_DOCUMENT_SIGNING: ObjectIdentifier = oid("1.3.6.1.5.5.7.3.36");
/// Adobe Authentic Documents Trust.
pub(crate) const KP_ADOBE_AUTHENTIC_DOCUMENTS: ObjectIdentifier = oid("1.2.840.113583.1.1.5");
/// Microsoft document signing.
pub(crate) const KP_MS_DOCUMENT_SIGNING: ObjectIdentifier = oid("1.3.6.1.4.1.311.10.3.12");
