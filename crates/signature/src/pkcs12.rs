//! The import of an identity from PKCS#12 (`.p12`/`.pfx`) as an
//! organisation's CA issues it: the integrity MAC (HMAC-SHA-256, PKCS#12 key derivation) is
//! checked with the passphrase, then the PBES2-encrypted (PBKDF2 + AES-CBC) or plain safe
//! contents are read: the shrouded private key, the signing certificate and its chain.
//! Legacy RC2/3DES files (`openssl pkcs12 -legacy`) are refused with a clear message.

use cms::content_info::ContentInfo;
use cms::encrypted_data::EncryptedData;
use der::asn1::OctetString;
use der::{Any, Decode, Encode};
use hmac::{Hmac, Mac};
use pkcs12::kdf::{Pkcs12KeyType, derive_key_utf8};
use pkcs12::pfx::Pfx;
use pkcs12::safe_bag::SafeContents;
use sha2::Sha256;
use x509_cert::Certificate;

use crate::error::SignatureError;
use crate::identity::{Identity, key_from_pkcs8};
use crate::oid::{ID_DATA, ID_ENCRYPTED_DATA, ID_SHA256};

fn bad(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Pkcs12(e.to_string())
}

/// The bytes inside an `[0] EXPLICIT` bag value.
fn explicit_inner(tlv: &[u8]) -> Result<Vec<u8>, SignatureError> {
    let any = Any::from_der(tlv).map_err(bad)?;
    Ok(any.value().to_vec())
}

fn data_content(ci: &ContentInfo) -> Result<Vec<u8>, SignatureError> {
    Ok(ci
        .content
        .decode_as::<OctetString>()
        .map_err(bad)?
        .as_bytes()
        .to_vec())
}

fn decrypt_safe(ci: &ContentInfo, passphrase: &str) -> Result<Vec<u8>, SignatureError> {
    let ed: EncryptedData = ci.content.decode_as().map_err(bad)?;
    let eci = ed.enc_content_info;
    let alg_der = eci.content_enc_alg.to_der().map_err(bad)?;
    let scheme = pkcs5::EncryptionScheme::from_der(&alg_der).map_err(|_| {
        SignatureError::Pkcs12(
            "unsupported encryption (legacy RC2/3DES); re-export with AES (OpenSSL 3 default)"
                .into(),
        )
    })?;
    let ciphertext = eci
        .encrypted_content
        .ok_or_else(|| bad("encrypted safe without content"))?;
    scheme
        .decrypt(passphrase, ciphertext.as_bytes())
        .map_err(|_| SignatureError::WrongPassphrase)
}

impl Identity {
    /// Reads an identity from PKCS#12 bytes protected by `passphrase`.
    pub fn import_pkcs12(bytes: &[u8], passphrase: &str) -> Result<Identity, SignatureError> {
        let pfx = Pfx::from_der(bytes).map_err(bad)?;
        if pfx.auth_safe.content_type != ID_DATA {
            return Err(bad("only password-integrity PKCS#12 files are supported"));
        }
        let auth_safe = data_content(&pfx.auth_safe)?;
        if let Some(mac) = &pfx.mac_data {
            if mac.mac.algorithm.oid != ID_SHA256 {
                return Err(SignatureError::Pkcs12(format!(
                    "MAC digest {} unsupported (SHA-256 only); re-export with OpenSSL 3 defaults",
                    mac.mac.algorithm.oid
                )));
            }
            let key = derive_key_utf8::<Sha256>(
                passphrase,
                mac.mac_salt.as_bytes(),
                Pkcs12KeyType::Mac,
                mac.iterations,
                32,
            )
            .map_err(bad)?;
            let mut hmac = <Hmac<Sha256> as Mac>::new_from_slice(&key).map_err(bad)?;
            hmac.update(&auth_safe);
            if hmac.verify_slice(mac.mac.digest.as_bytes()).is_err() {
                return Err(SignatureError::WrongPassphrase);
            }
        }
        let contents: Vec<ContentInfo> = Vec::from_der(&auth_safe).map_err(bad)?;
        let mut key = None;
        let mut certs = Vec::new();
        for ci in &contents {
            let safe = if ci.content_type == ID_DATA {
                data_content(ci)?
            } else if ci.content_type == ID_ENCRYPTED_DATA {
                decrypt_safe(ci, passphrase)?
            } else {
                continue;
            };
            let bags = SafeContents::from_der(&safe).map_err(bad)?;
            for bag in bags {
                let inner = explicit_inner(&bag.bag_value)?;
                if bag.bag_id == pkcs12::PKCS_12_PKCS8_KEY_BAG_OID {
                    let enc = pkcs8::EncryptedPrivateKeyInfo::from_der(&inner).map_err(bad)?;
                    let plain = enc
                        .decrypt(passphrase)
                        .map_err(|_| SignatureError::WrongPassphrase)?;
                    key = Some(key_from_pkcs8(plain.as_bytes())?);
                } else if bag.bag_id == pkcs12::PKCS_12_KEY_BAG_OID {
                    key = Some(key_from_pkcs8(&inner)?);
                } else if bag.bag_id == pkcs12::PKCS_12_CERT_BAG_OID {
                    let cb = pkcs12::cert_type::CertBag::from_der(&inner).map_err(bad)?;
                    if cb.cert_id == pkcs12::PKCS_12_X509_CERT_OID {
                        certs.push(Certificate::from_der(cb.cert_value.as_bytes()).map_err(bad)?);
                    }
                }
            }
        }
        let key = key.ok_or_else(|| bad("no private key in the file"))?;
        // The signing certificate is the one whose public key is the key's.
        for i in 0..certs.len() {
            let mut chain = certs.clone();
            let certificate = chain.remove(i);
            let candidate = Identity {
                certificate,
                chain,
                key: key.clone(),
            };
            if candidate.check_key_matches().is_ok() {
                return Ok(candidate);
            }
        }
        Err(bad("no certificate in the file belongs to its private key"))
    }
}
