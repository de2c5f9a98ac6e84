//! The data key and the key file that keeps it wrapped under the person's passphrase.
//!
//! The data key is 32 random bytes (from the randomness the caller passes in); it encrypts the
//! database (SQLCipher's raw key) and is meant for the evidence store too. It never touches the
//! disk in the clear: the key file beside the database (`vakt.sqlite3.key`, 0600) holds it
//! wrapped under a key derived from the passphrase with scrypt:
//!
//! ```text
//! vakt-key 1
//! kdf scrypt LOG_N R P
//! salt HEX(32 bytes, fresh for every wrap)
//! wrapped HEX(data key XOR first 32 bytes of scrypt(passphrase, salt))
//! tag HEX(HMAC-SHA256(last 32 bytes of scrypt(passphrase, salt), the lines above))
//! ```
//!
//! The 64 derived bytes are fresh for every salt, so the XOR is a one-time pad; the tag tells a
//! wrong passphrase (or a changed file) from the right one before anything is decrypted.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand_core::CryptoRngCore;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::StoreError;
use crate::private::write_private;

/// The key file's name suffix: `vakt.sqlite3` keeps its key in `vakt.sqlite3.key`.
pub const KEY_FILE_SUFFIX: &str = ".key";

/// The key that encrypts the data at rest: 32 bytes, wiped from memory when dropped, never
/// printed.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    /// A new random key.
    pub fn generate(rng: &mut dyn CryptoRngCore) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A key from its bytes (tests, or a key kept in a secret service).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key's bytes (to keep it in a secret service). Other ciphers take a
    /// [`DataKey::subkey`] instead, so no two uses share a key.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key for one other use of the data key (`"evidence"`): HMAC-SHA256 of `purpose` under
    /// the data key, so evidence and the database never share a key and neither reveals the
    /// other.
    pub fn subkey(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            mac.update(b"vakt subkey 1\0");
            mac.update(purpose.as_bytes());
            out.copy_from_slice(&mac.finalize().into_bytes());
        }
        out
    }

    /// SQLCipher's raw-key literal, `x'HEX'` (no key derivation inside SQLCipher).
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(67));
        text.push_str("x'");
        for b in self.0 {
            text.push(hex_digit(b >> 4));
            text.push(hex_digit(b & 0xf));
        }
        text.push('\'');
        text
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xf)])
}

/// How hard the passphrase is to guess by trying: scrypt's cost, kept in the key file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCost {
    /// log2 of scrypt's N.
    pub log_n: u8,
    /// scrypt's block size r.
    pub r: u32,
    /// scrypt's parallelism p.
    pub p: u32,
}

impl KdfCost {
    /// For a person's passphrase: N = 2^17, r = 8, p = 1 (128 MiB, about half a second).
    pub const INTERACTIVE: Self = Self {
        log_n: 17,
        r: 8,
        p: 1,
    };
    /// Cheap, for tests only.
    pub const TEST: Self = Self {
        log_n: 8,
        r: 8,
        p: 1,
    };
}

/// Where the key file of the database at `database` lives.
pub fn key_file_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_os_string();
    name.push(KEY_FILE_SUFFIX);
    PathBuf::from(name)
}

struct Derived {
    pad: Zeroizing<[u8; 32]>,
    mac: Zeroizing<[u8; 32]>,
}

fn derive(passphrase: &str, salt: &[u8; 32], cost: KdfCost) -> Result<Derived, String> {
    let params = scrypt::Params::new(cost.log_n, cost.r, cost.p, 64)
        .map_err(|e| format!("scrypt parameters: {e}"))?;
    let mut out = Zeroizing::new([0u8; 64]);
    scrypt::scrypt(passphrase.as_bytes(), salt, &params, &mut out[..])
        .map_err(|e| format!("scrypt: {e}"))?;
    let mut pad = Zeroizing::new([0u8; 32]);
    let mut mac = Zeroizing::new([0u8; 32]);
    pad.copy_from_slice(&out[..32]);
    mac.copy_from_slice(&out[32..]);
    Ok(Derived { pad, mac })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .flat_map(|b| [hex_digit(b >> 4), hex_digit(b & 0xf)])
        .collect()
}

pub(crate) fn unhex32(text: &str) -> Option<[u8; 32]> {
    let text = text.as_bytes();
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in text.chunks(2).enumerate() {
        let s = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(out)
}

fn body(cost: KdfCost, salt: &[u8; 32], wrapped: &[u8; 32]) -> String {
    format!(
        "vakt-key 1\nkdf scrypt {} {} {}\nsalt {}\nwrapped {}\n",
        cost.log_n,
        cost.r,
        cost.p,
        hex(salt),
        hex(wrapped)
    )
}

fn tag(mac_key: &[u8; 32], body: &str) -> Result<Hmac<Sha256>, String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key).map_err(|e| e.to_string())?;
    mac.update(body.as_bytes());
    Ok(mac)
}

/// The key file's text for `key` under `passphrase`, with a fresh salt from `rng`.
fn wrap(
    key: &DataKey,
    passphrase: &str,
    cost: KdfCost,
    rng: &mut dyn CryptoRngCore,
) -> Result<String, String> {
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    let derived = derive(passphrase, &salt, cost)?;
    let mut wrapped = [0u8; 32];
    for (i, w) in wrapped.iter_mut().enumerate() {
        *w = key.0[i] ^ derived.pad[i];
    }
    let body = body(cost, &salt, &wrapped);
    let tag = tag(&derived.mac, &body)?.finalize().into_bytes();
    Ok(format!("{body}tag {}\n", hex(&tag)))
}

/// The reader of a key file's `name value` lines, in their order, after checking its first line
/// is `{magic} 1` (`what` names the file in the error).
pub(crate) fn fields<'a>(
    text: &'a str,
    magic: &str,
    what: &str,
) -> Result<impl FnMut(&str) -> Result<String, String> + 'a, String> {
    let mut lines = text.lines();
    let mut field = move |name: &str| -> Result<String, String> {
        let line = lines.next().ok_or_else(|| format!("no `{name}` line"))?;
        line.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' '))
            .map(str::to_string)
            .ok_or_else(|| format!("expected `{name} …`, found `{line}`"))
    };
    let version = field(magic)?;
    if version != "1" {
        return Err(format!(
            "{what} version {version} is not known to this Vakt"
        ));
    }
    Ok(field)
}

enum Unwrapped {
    Key(DataKey),
    WrongPassphrase,
}

fn unwrap_text(text: &str, passphrase: &str) -> Result<Unwrapped, String> {
    let mut field = fields(text, "vakt-key", "key file")?;
    let kdf = field("kdf")?;
    let parts: Vec<&str> = kdf.split(' ').collect();
    let cost = match parts.as_slice() {
        ["scrypt", n, r, p] => KdfCost {
            log_n: n.parse().map_err(|_| "bad scrypt log_n".to_string())?,
            r: r.parse().map_err(|_| "bad scrypt r".to_string())?,
            p: p.parse().map_err(|_| "bad scrypt p".to_string())?,
        },
        _ => return Err(format!("unknown key derivation `{kdf}`")),
    };
    let salt = unhex32(&field("salt")?).ok_or("the salt is not 32 bytes of hex")?;
    let wrapped = unhex32(&field("wrapped")?).ok_or("the wrapped key is not 32 bytes of hex")?;
    let stored_tag = unhex32(&field("tag")?).ok_or("the tag is not 32 bytes of hex")?;
    let derived = derive(passphrase, &salt, cost)?;
    if tag(&derived.mac, &body(cost, &salt, &wrapped))?
        .verify_slice(&stored_tag)
        .is_err()
    {
        return Ok(Unwrapped::WrongPassphrase);
    }
    let mut key = [0u8; 32];
    for (i, k) in key.iter_mut().enumerate() {
        *k = wrapped[i] ^ derived.pad[i];
    }
    Ok(Unwrapped::Key(DataKey(key)))
}

impl DataKey {
    /// Writes this key, wrapped under `passphrase`, into the key file beside `database` (0600,
    /// atomically; an existing key file is replaced, which is how the passphrase is changed).
    pub fn save(
        &self,
        database: &Path,
        passphrase: &str,
        cost: KdfCost,
        rng: &mut dyn CryptoRngCore,
    ) -> Result<(), StoreError> {
        let path = key_file_path(database);
        let text = wrap(self, passphrase, cost, rng).map_err(|problem| StoreError::KeyFile {
            path: path.clone(),
            problem,
        })?;
        write_private(&path, text.as_bytes())
    }

    /// Changes the passphrase of `database`'s key file: unwraps with `old` (a wrong one is
    /// [`StoreError::WrongPassphrase`] and changes nothing) and wraps under `new` with a fresh
    /// salt. The database itself is not touched.
    pub fn change_passphrase(
        database: &Path,
        old: &str,
        new: &str,
        cost: KdfCost,
        rng: &mut dyn CryptoRngCore,
    ) -> Result<(), StoreError> {
        Self::unlock(database, old)?.save(database, new, cost, rng)
    }

    /// Unwraps the key of `database` with `passphrase`. A wrong passphrase is
    /// [`StoreError::WrongPassphrase`] and changes nothing; a missing key file is
    /// [`StoreError::KeyFile`].
    pub fn unlock(database: &Path, passphrase: &str) -> Result<Self, StoreError> {
        let path = key_file_path(database);
        let text = std::fs::read_to_string(&path).map_err(|e| StoreError::KeyFile {
            path: path.clone(),
            problem: e.to_string(),
        })?;
        match unwrap_text(&text, passphrase) {
            Ok(Unwrapped::Key(key)) => Ok(key),
            Ok(Unwrapped::WrongPassphrase) => Err(StoreError::WrongPassphrase { path }),
            Err(problem) => Err(StoreError::KeyFile { path, problem }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(u8);
    impl rand_core::RngCore for Counter {
        fn next_u32(&mut self) -> u32 {
            rand_core::impls::next_u32_via_fill(self)
        }
        fn next_u64(&mut self) -> u64 {
            rand_core::impls::next_u64_via_fill(self)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            for b in dest {
                self.0 = self.0.wrapping_add(1);
                *b = self.0;
            }
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }
    impl rand_core::CryptoRng for Counter {}

    #[test]
    fn the_right_passphrase_unwraps_and_a_wrong_one_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("vakt.sqlite3");
        let key = DataKey::generate(&mut Counter(0));
        key.save(&db, "correct horse æøå", KdfCost::TEST, &mut Counter(100))
            .expect("save");
        let text = std::fs::read_to_string(key_file_path(&db)).expect("read");
        assert!(text.starts_with("vakt-key 1\nkdf scrypt 8 8 1\n"), "{text}");
        assert!(
            !text.contains(&hex(key.bytes())),
            "the key is not in the clear"
        );
        assert_eq!(
            DataKey::unlock(&db, "correct horse æøå").expect("unlock"),
            key
        );
        let err = DataKey::unlock(&db, "correct horse").expect_err("wrong");
        assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err}");
        // A changed wrapped key is caught by the tag, not decrypted into a wrong key.
        let at = text.find("wrapped ").expect("wrapped line") + "wrapped ".len();
        let flipped = if &text[at..=at] == "0" { "1" } else { "0" };
        let tampered = format!("{}{flipped}{}", &text[..at], &text[at + 1..]);
        std::fs::write(key_file_path(&db), tampered).expect("tamper");
        assert!(DataKey::unlock(&db, "correct horse æøå").is_err());
    }

    #[test]
    fn a_changed_passphrase_keeps_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("vakt.sqlite3");
        let key = DataKey::generate(&mut Counter(7));
        key.save(&db, "old", KdfCost::TEST, &mut Counter(1))
            .expect("save");
        let first = std::fs::read_to_string(key_file_path(&db)).expect("read");
        let err = DataKey::change_passphrase(&db, "olt", "new", KdfCost::TEST, &mut Counter(50))
            .expect_err("wrong old passphrase");
        assert!(matches!(err, StoreError::WrongPassphrase { .. }), "{err}");
        assert_eq!(
            first,
            std::fs::read_to_string(key_file_path(&db)).expect("read")
        );
        DataKey::change_passphrase(&db, "old", "new", KdfCost::TEST, &mut Counter(50))
            .expect("rewrap");
        assert_ne!(
            first,
            std::fs::read_to_string(key_file_path(&db)).expect("read")
        );
        assert_eq!(DataKey::unlock(&db, "new").expect("unlock"), key);
        assert!(DataKey::unlock(&db, "old").is_err());
    }

    #[test]
    fn subkeys_differ_by_purpose_and_from_the_key() {
        let key = DataKey::from_bytes([3; 32]);
        let evidence = key.subkey("evidence");
        assert_ne!(*evidence, *key.subkey("other"));
        assert_ne!(&*evidence, key.bytes());
        assert_eq!(*evidence, *DataKey::from_bytes([3; 32]).subkey("evidence"));
    }

    #[test]
    fn the_key_never_prints() {
        let key = DataKey::from_bytes([0xab; 32]);
        assert_eq!(format!("{key:?}"), "DataKey(…)");
        assert_eq!(key.sqlcipher_literal().len(), 67);
    }
}
