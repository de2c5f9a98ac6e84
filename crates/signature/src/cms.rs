//! The CMS (CAdES baseline B) signature over a PDF's byte ranges: a detached SignedData with the
//! content-type, message-digest and signing-certificate-v2 signed attributes, the signing time
//! kept out of the CMS (it goes in the signature dictionary's `/M`, as PAdES asks).

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;

use crate::error::SignatureError;
use crate::identity::{Identity, Key};
use crate::oid::{ID_DATA, ID_SHA256, ID_SIGNING_CERTIFICATE_V2};

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
    let mut values = SetOfVec::new();
    values
        .insert(Any::encode_from(&value).map_err(cms_err)?)
        .map_err(cms_err)?;
    Ok(Attribute {
        oid: ID_SIGNING_CERTIFICATE_V2,
        values,
    })
}

/// Builds the DER of a detached CMS SignedData over content whose SHA-256 is `digest`.
pub(crate) fn sign_digest(identity: &Identity, digest: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let cert = &identity.certificate;
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let digest_alg = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let attribute = signing_certificate_v2(cert)?;
    let mut builder = SignedDataBuilder::new(&eci);
    builder
        .add_digest_algorithm(digest_alg.clone())
        .map_err(cms_err)?
        .add_certificate(CertificateChoices::Certificate(cert.clone()))
        .map_err(cms_err)?;
    for c in &identity.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(cms_err)?;
    }
    match &identity.key {
        Key::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
            let mut sib = SignerInfoBuilder::new(&signer, sid, digest_alg, &eci, Some(digest))
                .map_err(cms_err)?;
            sib.add_signed_attribute(attribute).map_err(cms_err)?;
            builder
                .add_signer_info::<_, rsa::pkcs1v15::Signature>(sib)
                .map_err(cms_err)?;
        }
        Key::P256(k) => {
            let mut sib =
                SignerInfoBuilder::new(k, sid, digest_alg, &eci, Some(digest)).map_err(cms_err)?;
            sib.add_signed_attribute(attribute).map_err(cms_err)?;
            builder
                .add_signer_info::<_, p256::ecdsa::DerSignature>(sib)
                .map_err(cms_err)?;
        }
    }
    let content: ContentInfo = builder.build().map_err(cms_err)?;
    content.to_der().map_err(cms_err)
}
