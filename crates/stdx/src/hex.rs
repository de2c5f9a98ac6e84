//! Lowercase hex, and SHA-256 digests in that form.

use sha2::{Digest, Sha256};

/// Lowercase hex of `bytes`, two digits a byte.
///
/// ```
/// assert_eq!(vakt_stdx::hex(&[0x00, 0xab, 0x7f]), "00ab7f");
/// ```
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Serialises bytes as a lowercase hex string; for `#[serde(serialize_with = "...")]`.
pub fn serialize_hex<B, S>(bytes: &B, serializer: S) -> Result<S::Ok, S::Error>
where
    B: AsRef<[u8]> + ?Sized,
    S: serde::Serializer,
{
    serializer.serialize_str(&hex(bytes.as_ref()))
}

/// The SHA-256 digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The SHA-256 digest of `bytes` as lowercase hex: how Vakt names file contents, playbook
/// versions and certificate fingerprints.
///
/// ```
/// assert_eq!(
///     vakt_stdx::sha256_hex(b""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_writes_two_lowercase_digits_a_byte() {
        assert_eq!(hex(&[]), "");
        let all: Vec<u8> = (0..=255).collect();
        let expected: String = all.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&all), expected);
    }

    #[test]
    fn serialises_as_a_hex_string() {
        #[derive(serde::Serialize)]
        struct Hash {
            #[serde(serialize_with = "serialize_hex")]
            hash: [u8; 2],
        }
        let json = serde_json::to_string(&Hash { hash: [1, 254] }).unwrap();
        assert_eq!(json, r#"{"hash":"01fe"}"#);
    }
}
