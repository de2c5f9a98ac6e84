//! The evidence cipher's chunks: AES-256-GCM in the STREAM construction
//! (`aead::stream::StreamBE32`), one call per chunk, encrypted or decrypted in place.
//!
//! Why a crate of its own: Rust compiles generic code in the crate that names its types. The
//! cipher (`EncryptorBE32<Aes256Gcm>`, `GenericArray`, the counter mode and GHASH backends) is
//! generic, so when `vakt-run` named it, all of it was compiled at `vakt-run`'s debug opt-level
//! 0, with the standard library's debug checks on every pointer and slice, whatever the
//! `[profile.dev.package]` opt-level of `aes`, `aes-gcm` or `ghash`: a sealed copy ran at about
//! 2 MiB/s in a debug build. Here every generic is named inside non-generic functions, so it is
//! compiled in this crate, which the workspace's `Cargo.toml` builds at opt-level 3 even in
//! debug builds. The file format (header, keys, chunk size) is `vakt_run::sealed`'s.
//!
//! ```
//! use vakt_seal::{ChunkOpener, ChunkSealer};
//!
//! let (key, prefix, header) = ([7u8; 32], [1u8; 7], b"header".to_vec());
//! let mut sealer = ChunkSealer::new(&key, &prefix, header.clone());
//! let (mut first, mut last) = (b"first chunk".to_vec(), b"last".to_vec());
//! sealer.seal_next(&mut first).unwrap();
//! sealer.seal_last(&mut last).unwrap();
//!
//! let mut opener = ChunkOpener::new(&key, &prefix, header);
//! opener.open_next(&mut first).unwrap();
//! assert_eq!(first, b"first chunk");
//! opener.open_last(&mut last).unwrap();
//! assert_eq!(last, b"last");
//! ```

use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::stream::{DecryptorBE32, EncryptorBE32};
use aes_gcm::{Aes256Gcm, KeyInit};

/// The authentication tag's length: every sealed chunk is this much longer than its content.
pub const TAG: usize = 16;
/// The nonce prefix's length (the rest of the 12-byte nonce is the counter and the last flag).
pub const PREFIX: usize = 7;

/// A chunk could not be sealed or opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChunkError {
    /// The chunk fails authentication: changed, out of place, or under another key.
    #[error("the chunk fails authentication")]
    Unauthentic,
    /// More chunks than the 32-bit counter allows (4 Gi chunks), or a call after the last chunk.
    #[error("the chunk counter is exhausted")]
    Exhausted,
}

/// Seals a stream's chunks in order; the last one through [`ChunkSealer::seal_last`].
pub struct ChunkSealer {
    encryptor: Option<EncryptorBE32<Aes256Gcm>>,
    associated: Vec<u8>,
}

impl ChunkSealer {
    /// A stream under `key` with nonce `prefix`; `associated` is authenticated with every chunk.
    pub fn new(key: &[u8; 32], prefix: &[u8; PREFIX], associated: Vec<u8>) -> Self {
        let cipher = Aes256Gcm::new(GenericArray::from_slice(key));
        Self {
            encryptor: Some(EncryptorBE32::from_aead(
                cipher,
                GenericArray::from_slice(prefix),
            )),
            associated,
        }
    }

    /// Encrypts `chunk` in place and appends its tag; more chunks follow.
    pub fn seal_next(&mut self, chunk: &mut Vec<u8>) -> Result<(), ChunkError> {
        let encryptor = self.encryptor.as_mut().ok_or(ChunkError::Exhausted)?;
        encryptor
            .encrypt_next_in_place(&self.associated, chunk)
            .map_err(|_| ChunkError::Exhausted)
    }

    /// Encrypts the last chunk in place and appends its tag; the stream ends.
    pub fn seal_last(&mut self, chunk: &mut Vec<u8>) -> Result<(), ChunkError> {
        let encryptor = self.encryptor.take().ok_or(ChunkError::Exhausted)?;
        encryptor
            .encrypt_last_in_place(&self.associated, chunk)
            .map_err(|_| ChunkError::Exhausted)
    }
}

/// Opens a stream's chunks in order; the last one through [`ChunkOpener::open_last`].
pub struct ChunkOpener {
    decryptor: Option<DecryptorBE32<Aes256Gcm>>,
    associated: Vec<u8>,
}

impl ChunkOpener {
    /// A stream sealed under `key` with nonce `prefix` and `associated` data.
    pub fn new(key: &[u8; 32], prefix: &[u8; PREFIX], associated: Vec<u8>) -> Self {
        let cipher = Aes256Gcm::new(GenericArray::from_slice(key));
        Self {
            decryptor: Some(DecryptorBE32::from_aead(
                cipher,
                GenericArray::from_slice(prefix),
            )),
            associated,
        }
    }

    /// Whether the last chunk was opened.
    pub fn ended(&self) -> bool {
        self.decryptor.is_none()
    }

    /// Checks and decrypts `chunk` (content and tag) in place, leaving the content; more follow.
    pub fn open_next(&mut self, chunk: &mut Vec<u8>) -> Result<(), ChunkError> {
        let decryptor = self.decryptor.as_mut().ok_or(ChunkError::Exhausted)?;
        decryptor
            .decrypt_next_in_place(&self.associated, chunk)
            .map_err(|_| ChunkError::Unauthentic)
    }

    /// Checks and decrypts the last chunk in place; the stream ends.
    pub fn open_last(&mut self, chunk: &mut Vec<u8>) -> Result<(), ChunkError> {
        let decryptor = self.decryptor.take().ok_or(ChunkError::Exhausted)?;
        decryptor
            .decrypt_last_in_place(&self.associated, chunk)
            .map_err(|_| ChunkError::Unauthentic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_out_of_place_or_changed_fails() {
        let (key, prefix) = ([3u8; 32], [9u8; PREFIX]);
        let mut sealer = ChunkSealer::new(&key, &prefix, b"h".to_vec());
        let (mut a, mut b) = (vec![1u8; 100], vec![2u8; 50]);
        sealer.seal_next(&mut a).expect("a");
        sealer.seal_last(&mut b).expect("b");
        assert_eq!(a.len(), 100 + TAG);
        assert_eq!(sealer.seal_next(&mut vec![0]), Err(ChunkError::Exhausted));

        // The last chunk where the first was due.
        let mut opener = ChunkOpener::new(&key, &prefix, b"h".to_vec());
        assert_eq!(
            opener.open_next(&mut b.clone()),
            Err(ChunkError::Unauthentic)
        );
        // Other associated data.
        let mut opener = ChunkOpener::new(&key, &prefix, b"x".to_vec());
        assert_eq!(
            opener.open_next(&mut a.clone()),
            Err(ChunkError::Unauthentic)
        );
        // A changed byte.
        let mut changed = a.clone();
        changed[10] ^= 1;
        let mut opener = ChunkOpener::new(&key, &prefix, b"h".to_vec());
        assert_eq!(opener.open_next(&mut changed), Err(ChunkError::Unauthentic));
        // In order, whole.
        let mut opener = ChunkOpener::new(&key, &prefix, b"h".to_vec());
        opener.open_next(&mut a).expect("a");
        assert!(!opener.ended());
        opener.open_last(&mut b).expect("b");
        assert!(opener.ended());
        assert_eq!((a, b), (vec![1u8; 100], vec![2u8; 50]));
    }
}
