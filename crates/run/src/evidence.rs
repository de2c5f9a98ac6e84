//! The evidence store: files copied under the data directory, addressed by their SHA-256.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use vakt_stdx::hex;

use crate::RunError;

/// Where evidence files live: `<root>/sha256/<first two hex digits>/<hex>`.
#[derive(Debug, Clone)]
pub struct EvidenceStore {
    root: PathBuf,
}

/// A file put into the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

impl EvidenceStore {
    /// A store rooted at `root` (created on first use).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The path of the stored file with hash `sha256`.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        self.root.join("sha256").join(prefix).join(sha256)
    }

    /// Copies `source` into the store, hashing it on the way, and syncs it to disk. The same
    /// content is stored once.
    pub fn put(&self, source: &Path) -> Result<StoredFile, RunError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| RunError::Io { path, source }
        };
        let tmp_dir = self.root.join("incoming");
        std::fs::create_dir_all(&tmp_dir).map_err(io(&tmp_dir))?;
        let mut input = File::open(source).map_err(io(source))?;
        let tmp = tmp_dir.join(format!("{}.part", std::process::id()));
        let mut out = File::create(&tmp).map_err(io(&tmp))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = input.read(&mut buf).map_err(io(source))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io(&tmp))?;
            size += n as u64;
        }
        out.sync_all().map_err(io(&tmp))?;
        drop(out);
        let sha256 = hex(&hasher.finalize());
        let dest = self.path_of(&sha256);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        if dest.exists() {
            std::fs::remove_file(&tmp).map_err(io(&tmp))?;
        } else {
            std::fs::rename(&tmp, &dest).map_err(io(&dest))?;
            if let Some(dir) = dest.parent()
                && let Ok(d) = File::open(dir)
            {
                // Best effort: make the rename itself durable.
                let _ = d.sync_all();
            }
        }
        Ok(StoredFile { sha256, size })
    }
}
