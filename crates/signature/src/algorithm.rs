//! Signing and verifying a message with a key: RSA PKCS#1 v1.5 and ECDSA on P-256, each with
//! SHA-256, SHA-384 or SHA-512. Both the CMS signatures and the certificate links go through
//! [`verify_message`], so every signature in a file is judged by one rule.

use der::{Any, Encode};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use sha2::{Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};

use crate::digest::DigestAlgorithm;
use crate::error::SignatureError;
use crate::identity::Key;
use crate::oid::{
    ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, ECDSA_WITH_SHA512, RSA_ENCRYPTION, SHA256_WITH_RSA,
    SHA384_WITH_RSA, SHA512_WITH_RSA,
};

/// Signs `message` with `key` hashing with `digest`; returns the signature algorithm identifier
/// and the signature value (DER for ECDSA).
pub(crate) fn sign_message(
    key: &Key,
    digest: DigestAlgorithm,
    message: &[u8],
) -> Result<(AlgorithmIdentifierOwned, Vec<u8>), SignatureError> {
    let err = |e: rsa::signature::Error| SignatureError::Key(e.to_string());
    match key {
        Key::Rsa(k) => {
            let k = (**k).clone();
            let (oid, value) = match digest {
                DigestAlgorithm::Sha256 => (
                    SHA256_WITH_RSA,
                    rsa::pkcs1v15::SigningKey::<Sha256>::new(k)
                        .try_sign(message)
                        .map_err(err)?
                        .to_vec(),
                ),
                DigestAlgorithm::Sha384 => (
                    SHA384_WITH_RSA,
                    rsa::pkcs1v15::SigningKey::<Sha384>::new(k)
                        .try_sign(message)
                        .map_err(err)?
                        .to_vec(),
                ),
                DigestAlgorithm::Sha512 => (
                    SHA512_WITH_RSA,
                    rsa::pkcs1v15::SigningKey::<Sha512>::new(k)
                        .try_sign(message)
                        .map_err(err)?
                        .to_vec(),
                ),
            };
            Ok((
                AlgorithmIdentifierOwned {
                    oid,
                    parameters: Some(Any::null()),
                },
                value,
            ))
        }
        Key::P256(k) => {
            let oid = match digest {
                DigestAlgorithm::Sha256 => ECDSA_WITH_SHA256,
                DigestAlgorithm::Sha384 => ECDSA_WITH_SHA384,
                DigestAlgorithm::Sha512 => ECDSA_WITH_SHA512,
            };
            let prehash = digest.digest(&[message]);
            let signature: p256::ecdsa::Signature = k
                .sign_prehash(&prehash)
                .map_err(|e| SignatureError::Key(e.to_string()))?;
            Ok((
                AlgorithmIdentifierOwned {
                    oid,
                    parameters: None,
                },
                signature.to_der().as_bytes().to_vec(),
            ))
        }
    }
}

/// Whether `signature` over `message` verifies with the public key `spki`. `algorithm` is the
/// signature algorithm; `digest` is used where the algorithm names none (rsaEncryption in CMS).
pub(crate) fn verify_message(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    digest: Option<DigestAlgorithm>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    let oid = algorithm.oid;
    let Ok(spki_der) = spki.to_der() else {
        return Err("unreadable public key".into());
    };
    let rsa_digest = match oid {
        o if o == SHA256_WITH_RSA => Some(DigestAlgorithm::Sha256),
        o if o == SHA384_WITH_RSA => Some(DigestAlgorithm::Sha384),
        o if o == SHA512_WITH_RSA => Some(DigestAlgorithm::Sha512),
        o if o == RSA_ENCRYPTION => Some(digest.ok_or("RSA without a digest algorithm")?),
        _ => None,
    };
    if let Some(d) = rsa_digest {
        let key = rsa::RsaPublicKey::from_public_key_der(&spki_der)
            .map_err(|_| "the key is not an RSA key".to_string())?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature)
            .map_err(|_| "unreadable RSA signature".to_string())?;
        let ok = match d {
            DigestAlgorithm::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                .verify(message, &sig)
                .is_ok(),
            DigestAlgorithm::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key)
                .verify(message, &sig)
                .is_ok(),
            DigestAlgorithm::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key)
                .verify(message, &sig)
                .is_ok(),
        };
        return if ok {
            Ok(())
        } else {
            Err("the signature does not verify".into())
        };
    }
    let ec_digest = match oid {
        o if o == ECDSA_WITH_SHA256 => DigestAlgorithm::Sha256,
        o if o == ECDSA_WITH_SHA384 => DigestAlgorithm::Sha384,
        o if o == ECDSA_WITH_SHA512 => DigestAlgorithm::Sha512,
        other => return Err(format!("unsupported signature algorithm {other}")),
    };
    let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_der)
        .map_err(|_| "the key is not a P-256 key (the only curve supported)".to_string())?;
    let sig = p256::ecdsa::Signature::from_der(signature)
        .map_err(|_| "unreadable ECDSA signature".to_string())?;
    vk.verify_prehash(&ec_digest.digest(&[message]), &sig)
        .map_err(|_| "the signature does not verify".to_string())
}
