//! Evidence copies encrypted at rest: AES-256-GCM in the STREAM construction (Hoang, Reyhanitabar,
//! Rogaway, Vizár, "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance",
//! 2015), so an item of any size is encrypted and decrypted in 1 MiB chunks and never sits in
//! memory whole.
//!
//! A sealed file is:
//!
//! ```text
//! "vakt-evidence\01\n"   16 bytes, the format's name and version
//! salt                    32 random bytes, fresh for every file
//! nonce prefix            7 random bytes
//! chunk 0 … chunk n       each 1 MiB of content encrypted + a 16-byte tag; the last one shorter
//!                         (an empty item is one chunk of just a tag)
//! ```
//!
//! Each file has its own key: HMAC-SHA256 under the evidence key (the data key's `"evidence"`
//! subkey, see `vakt_store::DataKey::subkey`) of the salt. Chunk `i`'s nonce is the prefix, `i`
//! as a 32-bit big-endian counter and a last-chunk flag (`aead::stream::StreamBE32`), and the
//! 55-byte header is every chunk's associated data. So a changed byte, a swapped or repeated
//! chunk, a chunk cut off at the end, or a header from another file fails authentication
//! ([`Unauthentic`]) instead of giving wrong content.

use std::io::{ErrorKind, Read, Write};
use std::sync::Arc;

use hmac::{Hmac, Mac};
use rand_core::CryptoRngCore;
use sha2::Sha256;
use vakt_seal::{ChunkError, ChunkOpener, ChunkSealer, PREFIX, TAG};
use zeroize::Zeroizing;

/// The first bytes of a sealed file.
pub const MAGIC: &[u8; 16] = b"vakt-evidence\x001\n";
/// Content bytes per chunk.
pub const CHUNK: usize = 1 << 20;
const SALT: usize = 32;
/// The header's length: magic, salt, nonce prefix.
pub const HEADER: usize = MAGIC.len() + SALT + PREFIX;

/// Where fresh salts and nonce prefixes come from (the session's source of key randomness).
pub type Randomness = Arc<dyn Fn() -> Box<dyn CryptoRngCore + Send> + Send + Sync>;

/// The key evidence copies are sealed under, with the randomness for each file's salt.
#[derive(Clone)]
pub struct EvidenceKey {
    key: Arc<Zeroizing<[u8; 32]>>,
    randomness: Randomness,
}

impl std::fmt::Debug for EvidenceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EvidenceKey(…)")
    }
}

impl EvidenceKey {
    /// The evidence key of `data_key` (its `"evidence"` subkey).
    pub fn of(data_key: &vakt_store::DataKey, randomness: Randomness) -> Self {
        Self {
            key: Arc::new(data_key.subkey("evidence")),
            randomness,
        }
    }

    fn file_key(&self, header: &[u8; HEADER]) -> Zeroizing<[u8; 32]> {
        let mut file_key = Zeroizing::new([0u8; 32]);
        if let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.key[..]) {
            mac.update(b"vakt evidence file 1\0");
            mac.update(&header[MAGIC.len()..MAGIC.len() + SALT]);
            file_key.copy_from_slice(&mac.finalize().into_bytes());
        }
        file_key
    }

    fn sealer(&self, header: &[u8; HEADER]) -> ChunkSealer {
        ChunkSealer::new(&self.file_key(header), &prefix(header), header.to_vec())
    }

    fn opener(&self, header: &[u8; HEADER]) -> ChunkOpener {
        ChunkOpener::new(&self.file_key(header), &prefix(header), header.to_vec())
    }
}

fn prefix(header: &[u8; HEADER]) -> [u8; PREFIX] {
    let mut prefix = [0u8; PREFIX];
    prefix.copy_from_slice(&header[HEADER - PREFIX..]);
    prefix
}

/// A sealed file failed authentication: changed, truncated, reordered, or sealed under
/// another key.
#[derive(Debug, thiserror::Error)]
#[error(
    "the encrypted copy fails authentication: it was changed, cut short or reordered, or belongs to another data key"
)]
pub struct Unauthentic;

fn unauthentic() -> std::io::Error {
    std::io::Error::new(ErrorKind::InvalidData, Unauthentic)
}

/// Whether `e` is a failed authentication ([`Unauthentic`]).
pub fn is_unauthentic(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Unauthentic>())
}

/// Writes content sealed into `out` (see the module doc); [`Sealer::finish`] seals the last
/// chunk, without which the file is incomplete (and fails authentication).
pub struct Sealer<W: Write> {
    out: W,
    chunks: ChunkSealer,
    pending: Vec<u8>,
}

impl<W: Write> Sealer<W> {
    /// Starts a sealed file: writes its header with a fresh salt and nonce prefix.
    pub fn new(key: &EvidenceKey, mut out: W) -> std::io::Result<Self> {
        let mut header = [0u8; HEADER];
        header[..MAGIC.len()].copy_from_slice(MAGIC);
        (key.randomness)().fill_bytes(&mut header[MAGIC.len()..]);
        out.write_all(&header)?;
        Ok(Self {
            out,
            chunks: key.sealer(&header),
            pending: Vec::with_capacity(CHUNK + TAG),
        })
    }

    /// Seals `data` (buffered up to a chunk).
    pub fn write(&mut self, mut data: &[u8]) -> std::io::Result<()> {
        while !data.is_empty() {
            if self.pending.len() == CHUNK {
                // More follows, so the full chunk is not the last.
                self.chunks
                    .seal_next(&mut self.pending)
                    .map_err(std::io::Error::other)?;
                self.out.write_all(&self.pending)?;
                self.pending.clear();
            }
            let take = (CHUNK - self.pending.len()).min(data.len());
            let (now, rest) = data.split_at(take);
            self.pending.extend_from_slice(now);
            data = rest;
        }
        Ok(())
    }

    /// Seals the last chunk and gives the writer back.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.chunks
            .seal_last(&mut self.pending)
            .map_err(std::io::Error::other)?;
        self.out.write_all(&self.pending)?;
        Ok(self.out)
    }
}

/// Reads the content of a sealed file, checking every chunk; a failure is an
/// [`std::io::ErrorKind::InvalidData`] error carrying [`Unauthentic`].
pub struct Opener<R: Read> {
    input: R,
    chunks: ChunkOpener,
    plain: Vec<u8>,
    at: usize,
    ahead: Vec<u8>,
}

/// Reads up to `want` bytes (fewer only at the end) into `buf`, replacing what it held. Through
/// the standard library's `read_to_end`, which reads into spare capacity without zeroing it first
/// (a byte loop in this crate runs unoptimised in debug builds).
fn read_full(input: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<()> {
    buf.clear();
    input.take(want as u64).read_to_end(buf)?;
    Ok(())
}

impl<R: Read> Opener<R> {
    /// Opens a sealed file whose [`MAGIC`] was already read from `input` (see [`is_sealed`]).
    pub fn after_magic(key: &EvidenceKey, mut input: R) -> std::io::Result<Self> {
        let mut header = [0u8; HEADER];
        header[..MAGIC.len()].copy_from_slice(MAGIC);
        input
            .read_exact(&mut header[MAGIC.len()..])
            .map_err(|e| match e.kind() {
                ErrorKind::UnexpectedEof => unauthentic(),
                _ => e,
            })?;
        let mut ahead = Vec::with_capacity(CHUNK + TAG);
        read_full(&mut input, &mut ahead, CHUNK + TAG)?;
        Ok(Self {
            input,
            chunks: key.opener(&header),
            plain: Vec::with_capacity(CHUNK + TAG),
            at: 0,
            ahead,
        })
    }

    fn refill(&mut self) -> std::io::Result<()> {
        if self.chunks.ended() {
            return Ok(());
        }
        if self.ahead.is_empty() {
            // No chunk where one was due: cut short.
            return Err(unauthentic());
        }
        std::mem::swap(&mut self.plain, &mut self.ahead);
        self.at = 0;
        read_full(&mut self.input, &mut self.ahead, CHUNK + TAG)?;
        let opened = if self.ahead.is_empty() {
            self.chunks.open_last(&mut self.plain)
        } else {
            self.chunks.open_next(&mut self.plain)
        };
        opened.map_err(|e| match e {
            ChunkError::Unauthentic => unauthentic(),
            ChunkError::Exhausted => std::io::Error::other(e),
        })
    }
}

impl<R: Read> Read for Opener<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.plain.len() {
            if self.chunks.ended() {
                return Ok(0);
            }
            self.plain.clear();
            self.refill()?;
        }
        let n = (self.plain.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.plain[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Reads the first bytes of `input`: whether they are [`MAGIC`] (a sealed file follows) or
/// the start of plain content, which is given back to be read first.
pub fn is_sealed(input: &mut impl Read) -> std::io::Result<(bool, Vec<u8>)> {
    let mut start = Vec::with_capacity(MAGIC.len());
    read_full(input, &mut start, MAGIC.len())?;
    Ok((start.as_slice() == MAGIC, start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> EvidenceKey {
        EvidenceKey::of(
            &vakt_store::DataKey::from_bytes([byte; 32]),
            Arc::new(|| Box::new(rand_core::OsRng) as Box<dyn CryptoRngCore + Send>),
        )
    }

    fn seal(key: &EvidenceKey, content: &[u8], pieces: usize) -> Vec<u8> {
        let mut s = Sealer::new(key, Vec::new()).expect("header");
        for piece in content.chunks(pieces.max(1)) {
            s.write(piece).expect("write");
        }
        s.finish().expect("finish")
    }

    fn open(key: &EvidenceKey, sealed: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut input = sealed;
        let (yes, _) = is_sealed(&mut input)?;
        assert!(yes);
        let mut out = Vec::new();
        Opener::after_magic(key, input)?.read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn content_of_any_length_comes_back() {
        let k = key(1);
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 17] {
            let content: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let sealed = seal(&k, &content, 100_000);
            assert_eq!(
                sealed.len(),
                HEADER + len + TAG * len.div_ceil(CHUNK).max(1)
            );
            assert_eq!(open(&k, &sealed).expect("open"), content, "{len}");
        }
    }

    #[test]
    fn changes_cuts_reorders_and_other_keys_fail_authentication() {
        let k = key(2);
        let content: Vec<u8> = (0..(3 * CHUNK)).map(|i| (i % 253) as u8).collect();
        let sealed = seal(&k, &content, CHUNK / 3);
        let fails = |bytes: &[u8], k: &EvidenceKey| {
            let e = open(k, bytes).expect_err("must fail");
            assert!(is_unauthentic(&e), "{e}");
        };
        let mut flipped = sealed.clone();
        flipped[HEADER + CHUNK + 5] ^= 1;
        fails(&flipped, &k);
        let mut salted = sealed.clone();
        salted[MAGIC.len()] ^= 1;
        fails(&salted, &k);
        // Cut at a chunk boundary: the last chunk left was not sealed as the last.
        fails(&sealed[..HEADER + 2 * (CHUNK + TAG)], &k);
        fails(&sealed[..sealed.len() - 1], &k);
        fails(&sealed[..HEADER], &k);
        let c = CHUNK + TAG;
        let mut swapped = sealed[..HEADER].to_vec();
        swapped.extend_from_slice(&sealed[HEADER + c..HEADER + 2 * c]);
        swapped.extend_from_slice(&sealed[HEADER..HEADER + c]);
        swapped.extend_from_slice(&sealed[HEADER + 2 * c..]);
        fails(&swapped, &k);
        fails(&sealed, &key(3));
    }

    #[test]
    fn the_same_content_seals_differently_and_shows_nothing() {
        let k = key(4);
        let content = b"Kundeliste: Ingrid Berg, ingrid@demo-crm.example".repeat(100);
        let a = seal(&k, &content, 7);
        let b = seal(&k, &content, 7);
        assert_ne!(a, b);
        assert!(!a.windows(10).any(|w| w == &content[..10]));
    }
}
