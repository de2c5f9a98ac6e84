//! The evidence store and the intake of evidence files.
//!
//! Stored copies live under the data directory at `<root>/sha256/<first two hex
//! digits>/<hex>`, addressed by their SHA-256: the same content is held once, and a copy
//! that no longer hashes to its name has been changed.
//!
//! **Intake** ([`EvidenceStore::take_in`]) accepts regular files only. The path is examined
//! with `lstat` first: a directory, a named pipe (FIFO), a socket or a device is refused at
//! once, and a symbolic link is refused with its target said plainly (attach the target itself
//! when that is what is meant: the journal then names the real file). A file is then opened
//! with `O_NONBLOCK | O_NOFOLLOW`, so nothing swapped in between can block the read or lead
//! elsewhere, and the open handle is checked again (`fstat`: a regular file, the same device
//! and inode as examined). A copy larger than the store's limit ([`DEFAULT_COPY_LIMIT`],
//! 4 GiB, by default) is refused before a byte is copied; an item registered **by reference**
//! (a disk or memory image left where it is) is hashed in place and has no limit. Reading is
//! streamed in 1 MiB blocks with a progress callback and a cancel flag ([`Watch`]).
//!
//! **A failed copy leaves nothing behind.** A copy is written to `incoming/<id>.part` (created
//! 0600, exclusively, and held under an exclusive `flock` while it is written), synced, then
//! renamed to its place and the directory synced. Every error path removes the `.part`; a
//! process killed mid-copy leaves one, which [`EvidenceStore::sweep`] removes: any `.part`
//! whose lock nobody holds (the lock dies with its process, so a copy still running in another
//! process is never swept). A copy creates and locks its `.part` under a shared lock of the
//! `incoming` folder, a sweep holds it exclusively: no sweep falls between the two. [`EvidenceStore::open`] and every intake sweep first.
//!
//! **Permissions.** A stored copy is 0600, or 0400 when the source was not writable by its
//! owner: never wider than the source, whatever the umask. Directories are 0700.
//!
//! The journal side (who collected what, from where, how, and every later event on it) is in
//! [`crate::custody`].

use std::fs::{File, OpenOptions, Permissions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use vakt_stdx::{hex, shown_safely};

use crate::sealed::{self, EvidenceKey, Opener, Sealer};

/// What [`EvidenceStore::rehash`] gives as the digest of a sealed copy that fails
/// authentication (changed, cut short, reordered): no digest can be trusted from it.
pub const FAILS_AUTHENTICATION: &str = "(the encrypted copy fails authentication)";

/// The largest file copied into the store unless the store is told otherwise: 4 GiB. Items
/// registered by reference have no limit.
pub const DEFAULT_COPY_LIMIT: u64 = 4 << 30;

/// The block size of reading and hashing.
const BLOCK: usize = 1 << 20;

/// Numbers the `.part` files of this process (with its process id, a unique name).
static PARTS: AtomicU64 = AtomicU64::new(0);

/// Creates a new `.part` file (0600) in `dir`, named `<prefix><pid>-<n>.part`.
fn new_part(dir: &Path, prefix: &str) -> Result<Part, EvidenceError> {
    loop {
        let n = PARTS.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{prefix}{}-{n}.part", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
        {
            Ok(file) => {
                return Ok(Part {
                    path,
                    file,
                    placed: false,
                });
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(store_error(&path)(e)),
        }
    }
}

/// Where evidence files live: `<root>/sha256/<first two hex digits>/<hex>`, with copies in
/// progress under `<root>/incoming/`.
#[derive(Debug, Clone)]
pub struct EvidenceStore {
    root: PathBuf,
    copy_limit: u64,
    /// When set, new copies are sealed under it (see [`crate::sealed`]).
    key: Option<EvidenceKey>,
}

/// A file put into the store (or hashed in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Whether intake copies the file into the store or only hashes it where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// Copied into the store (subject to the copy limit).
    #[default]
    Copy,
    /// Hashed in place and registered by reference: not copied, no size limit.
    Reference,
}

/// How far an intake or a verification has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes read so far.
    pub done: u64,
    /// Bytes to read in all (the size when the file was opened).
    pub total: u64,
}

/// What watches a long read: a callback told of the progress after every block, and a flag
/// that, once set, stops the read (the intake then fails with
/// [`EvidenceError::Cancelled`] and leaves nothing behind).
pub struct Watch<'a> {
    /// Called after every block read.
    pub progress: &'a mut dyn FnMut(Progress),
    /// Set to stop.
    pub cancel: &'a AtomicBool,
}

impl Watch<'_> {
    /// Runs `f` with a watch that reports nowhere and is never cancelled.
    pub fn unwatched<T>(f: impl FnOnce(&mut Watch<'_>) -> T) -> T {
        let cancel = AtomicBool::new(false);
        let mut ignore = |_: Progress| {};
        f(&mut Watch {
            progress: &mut ignore,
            cancel: &cancel,
        })
    }
}

/// A file taken in: its digest, and what was seen of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes (as read).
    pub size: u64,
    /// Whether a copy is in the store (else it is held by reference at `source`).
    pub kept: Keep,
    /// The source's path, made absolute (not resolved through symbolic links: none is
    /// accepted as the file itself).
    pub source: PathBuf,
    /// The source file's permission bits.
    pub source_mode: u32,
    /// The source's modification time, as the file system gives it.
    pub source_modified: Option<chrono::DateTime<chrono::Utc>>,
}

/// Why a file was not taken in or a store cannot be used. A refused file leaves nothing
/// behind.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvidenceError {
    /// The path names no file, or it cannot be read.
    #[error("{shown}: {source}", shown = shown_safely(&path.display().to_string()))]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The path is not a regular file (a directory, FIFO, socket or device).
    #[error(
        "{shown} is {what}, not a regular file: only regular files can be evidence",
        shown = shown_safely(&path.display().to_string())
    )]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is, in words ("a directory", "a named pipe (FIFO)").
        what: &'static str,
    },
    /// The path is a symbolic link; it is refused rather than followed.
    #[error(
        "{shown} is a symbolic link to {target}: attach the file it points to by its own path",
        shown = shown_safely(&path.display().to_string()),
        target = shown_safely(&target.display().to_string())
    )]
    Symlink {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// The file is larger than the store copies.
    #[error(
        "{shown} is {size} bytes, over the limit of {limit} bytes for a copy: register it by reference instead",
        shown = shown_safely(&path.display().to_string())
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file was replaced or changed type between examining and opening it.
    #[error(
        "{shown} changed while it was being opened; nothing was taken in",
        shown = shown_safely(&path.display().to_string())
    )]
    Changed {
        /// The file.
        path: PathBuf,
    },
    /// The read was cancelled.
    #[error("cancelled; nothing was kept")]
    Cancelled,
    /// A stored copy is encrypted and the store was opened without the data key.
    #[error("evidence copy {shown} is encrypted: unlock the data directory first", shown = path.display())]
    Locked {
        /// The stored copy.
        path: PathBuf,
    },
    /// The disk holding the store is full: the copy or seal was abandoned and its `.part`
    /// removed; what the store held before is untouched.
    #[error(
        "disk full: no space left for evidence store {shown}; nothing half-written was kept and what the store held is untouched (free some space and try again)",
        shown = path.display()
    )]
    DiskFull {
        /// The file of the store being written.
        path: PathBuf,
    },
    /// The store could not be written or read.
    #[error("evidence store {shown}: {source}", shown = path.display())]
    Store {
        /// The file or folder of the store.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
}

fn store_error(path: &Path) -> impl FnOnce(std::io::Error) -> EvidenceError + '_ {
    move |source| {
        if source.kind() == ErrorKind::StorageFull {
            EvidenceError::DiskFull {
                path: path.to_path_buf(),
            }
        } else {
            EvidenceError::Store {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

fn unreadable(path: &Path) -> impl FnOnce(std::io::Error) -> EvidenceError + '_ {
    move |source| EvidenceError::Unreadable {
        path: path.to_path_buf(),
        source,
    }
}

/// What a non-regular file type is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// What a sweep removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Swept {
    /// The leftover `.part` files removed.
    pub removed: Vec<PathBuf>,
}

/// Opens `path` for reading as evidence: only a regular file, never through a symbolic link,
/// never blocking. Returns the open file and its metadata (from the handle).
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), EvidenceError> {
    let seen = std::fs::symlink_metadata(path).map_err(unreadable(path))?;
    let t = seen.file_type();
    if t.is_symlink() {
        let target = std::fs::read_link(path).map_err(unreadable(path))?;
        return Err(EvidenceError::Symlink {
            path: path.to_path_buf(),
            target,
        });
    }
    if !t.is_file() {
        return Err(EvidenceError::NotRegular {
            path: path.to_path_buf(),
            what: kind_of(t),
        });
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                EvidenceError::Changed {
                    path: path.to_path_buf(),
                }
            } else {
                EvidenceError::Unreadable {
                    path: path.to_path_buf(),
                    source: e,
                }
            }
        })?;
    let held = file.metadata().map_err(unreadable(path))?;
    if !held.file_type().is_file() || held.dev() != seen.dev() || held.ino() != seen.ino() {
        return Err(EvidenceError::Changed {
            path: path.to_path_buf(),
        });
    }
    Ok((file, held))
}

/// Reads `input` to its end, hashing it and handing every block to `sink`; stops when `limit`
/// is passed or the watch's flag is set.
fn stream(
    input: &mut dyn Read,
    path: &Path,
    total: u64,
    limit: Option<u64>,
    watch: &mut Watch<'_>,
    mut sink: impl FnMut(&[u8]) -> Result<(), EvidenceError>,
) -> Result<StoredFile, EvidenceError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; BLOCK];
    loop {
        if watch.cancel.load(Ordering::Relaxed) {
            return Err(EvidenceError::Cancelled);
        }
        let n = match input.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(path)(e)),
        };
        if n == 0 {
            break;
        }
        let block = buf.get(..n).unwrap_or_default();
        hasher.update(block);
        size += n as u64;
        if let Some(limit) = limit
            && size > limit
        {
            return Err(EvidenceError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit,
            });
        }
        sink(block)?;
        (watch.progress)(Progress {
            done: size,
            total: total.max(size),
        });
    }
    Ok(StoredFile {
        sha256: hex(&hasher.finalize()),
        size,
    })
}

/// SHA-256 and size of the regular file at `path`, read in place with progress and cancel.
pub fn hash_file(path: &Path, watch: &mut Watch<'_>) -> Result<StoredFile, EvidenceError> {
    let (mut file, meta) = open_regular(path)?;
    stream(&mut file, path, meta.len(), None, watch, |_| Ok(()))
}

/// A `.part` file being written: removed when dropped unless it was renamed into place.
struct Part {
    path: PathBuf,
    file: File,
    placed: bool,
}

impl Drop for Part {
    fn drop(&mut self) {
        if !self.placed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn lock(file: &File, how: libc::c_int) -> std::io::Result<()> {
    // SAFETY: flock on a file descriptor this process owns; no memory is passed.
    let r = unsafe { libc::flock(file.as_raw_fd(), how) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The `incoming` folder locked with `how` (shared by copies while they create and lock their
/// `.part`, exclusive by a sweep), until the returned handle is dropped.
fn lock_dir(dir: &Path, how: libc::c_int) -> Result<File, EvidenceError> {
    let handle = File::open(dir).map_err(store_error(dir))?;
    lock(&handle, how).map_err(store_error(dir))?;
    Ok(handle)
}

fn make_dir(dir: &Path) -> Result<(), EvidenceError> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(store_error(dir))
}

fn sync_dir(dir: &Path) -> Result<(), EvidenceError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(store_error(dir))
}

impl EvidenceStore {
    /// A store rooted at `root` (created on first use), copying files up to
    /// [`DEFAULT_COPY_LIMIT`].
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            copy_limit: DEFAULT_COPY_LIMIT,
            key: None,
        }
    }

    /// The same store sealing new copies under `key` (the data directory is encrypted).
    /// Copies stored plain before stay readable; [`EvidenceStore::seal_plain_copies`] seals
    /// them.
    pub fn with_key(mut self, key: Option<EvidenceKey>) -> Self {
        self.key = key;
        self
    }

    /// Whether new copies are sealed.
    pub fn seals(&self) -> bool {
        self.key.is_some()
    }

    /// Opens the stored copy at `path` for reading its content: decrypted when it is sealed
    /// (the key is needed then), as it is when plain. Returns the reader and the content's
    /// size as far as it can be told before reading (for progress).
    fn open_stored(&self, path: &Path) -> Result<(Box<dyn Read>, u64), EvidenceError> {
        let (mut file, meta) = open_regular(path).map_err(|e| match e {
            EvidenceError::Unreadable { path, source } => EvidenceError::Store { path, source },
            other => other,
        })?;
        let (is_sealed, start) = sealed::is_sealed(&mut file).map_err(store_error(path))?;
        if !is_sealed {
            return Ok((
                Box::new(std::io::Cursor::new(start).chain(file)),
                meta.len(),
            ));
        }
        let key = self.key.as_ref().ok_or_else(|| EvidenceError::Locked {
            path: path.to_path_buf(),
        })?;
        let body = meta.len().saturating_sub(sealed::HEADER as u64);
        let content = body.saturating_sub(16 * body.div_ceil(sealed::CHUNK as u64 + 16).max(1));
        let opener = Opener::after_magic(key, file).map_err(|source| {
            if sealed::is_unauthentic(&source) {
                EvidenceError::Store {
                    path: path.to_path_buf(),
                    source,
                }
            } else {
                store_error(path)(source)
            }
        })?;
        Ok((Box::new(opener), content))
    }

    /// Seals every plain copy in the store under the store's key, one at a time, each through
    /// a `.part` renamed over it (a kill at any moment leaves every copy whole, plain or
    /// sealed; the next run seals the rest). A copy that no longer hashes to its name is left
    /// as it is, for `verify` to report. Returns how many were sealed.
    pub fn seal_plain_copies(&self) -> Result<usize, EvidenceError> {
        let Some(key) = &self.key else {
            return Ok(0);
        };
        let incoming = self.incoming();
        make_dir(&incoming)?;
        self.sweep()?;
        let mut sealed_count = 0;
        for name in self.held()? {
            let path = self.path_of(&name);
            let (mut file, meta) = match open_regular(&path) {
                Ok(opened) => opened,
                Err(_) => continue,
            };
            let (is_sealed, start) = sealed::is_sealed(&mut file).map_err(store_error(&path))?;
            if is_sealed {
                continue;
            }
            let mut part = {
                let _guard = lock_dir(&incoming, libc::LOCK_SH)?;
                let part = new_part(&incoming, "seal-")?;
                lock(&part.file, libc::LOCK_EX).map_err(store_error(&part.path))?;
                part
            };
            let mut input = std::io::Cursor::new(start).chain(file);
            let stored = {
                let part_path = part.path.clone();
                let mut sealer =
                    Sealer::new(key, &mut part.file).map_err(store_error(&part_path))?;
                let stored = Watch::unwatched(|w| {
                    stream(&mut input, &path, meta.len(), None, w, |block| {
                        sealer.write(block).map_err(store_error(&part_path))
                    })
                })?;
                sealer.finish().map_err(store_error(&part_path))?;
                stored
            };
            if stored.sha256 != name {
                continue;
            }
            part.file.sync_all().map_err(store_error(&part.path))?;
            part.file
                .set_permissions(Permissions::from_mode(meta.permissions().mode() & 0o600))
                .map_err(store_error(&part.path))?;
            std::fs::rename(&part.path, &path).map_err(store_error(&path))?;
            part.placed = true;
            sync_dir(path.parent().unwrap_or(&self.root))?;
            sealed_count += 1;
        }
        Ok(sealed_count)
    }

    /// Opens the store at `root`, creating it (0700) when missing, and sweeps leftovers of
    /// copies a crash interrupted.
    pub fn open(root: impl Into<PathBuf>) -> Result<(Self, Swept), EvidenceError> {
        let store = Self::new(root);
        make_dir(&store.incoming())?;
        let swept = store.sweep()?;
        Ok((store, swept))
    }

    /// The same store with another copy limit (bytes).
    pub fn with_copy_limit(mut self, limit: u64) -> Self {
        self.copy_limit = limit;
        self
    }

    /// The largest file copied in, in bytes.
    pub fn copy_limit(&self) -> u64 {
        self.copy_limit
    }

    /// The store's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn incoming(&self) -> PathBuf {
        self.root.join("incoming")
    }

    /// The path of the stored file with hash `sha256`.
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("xx");
        self.root.join("sha256").join(prefix).join(sha256)
    }

    /// Removes every `.part` under `incoming/` that no running copy holds (a copy holds its
    /// `.part` under an exclusive lock until it is renamed or removed; the lock ends with its
    /// process). Safe while other processes copy into the same store.
    pub fn sweep(&self) -> Result<Swept, EvidenceError> {
        let incoming = self.incoming();
        let mut swept = Swept::default();
        let entries = match std::fs::read_dir(&incoming) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(swept),
            Err(e) => return Err(store_error(&incoming)(e)),
        };
        // No copy is between creating its `.part` and locking it while this is held.
        let _guard = lock_dir(&incoming, libc::LOCK_EX)?;
        for entry in entries {
            let entry = entry.map_err(store_error(&incoming))?;
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "part") {
                continue;
            }
            let file = match OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(store_error(&path)(e)),
            };
            if lock(&file, libc::LOCK_EX | libc::LOCK_NB).is_ok() {
                match std::fs::remove_file(&path) {
                    Ok(()) => swept.removed.push(path),
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    Err(e) => return Err(store_error(&path)(e)),
                }
            }
        }
        Ok(swept)
    }

    /// How many `.part` files lie in `incoming/` (copies running now, or leftovers).
    pub fn leftovers(&self) -> Result<usize, EvidenceError> {
        let incoming = self.incoming();
        match std::fs::read_dir(&incoming) {
            Ok(entries) => Ok(entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "part"))
                .count()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(0),
            Err(e) => Err(store_error(&incoming)(e)),
        }
    }

    /// Copies `source` into the store, hashing it on the way, and syncs it to disk. The same
    /// content is stored once.
    pub fn put(&self, source: &Path) -> Result<StoredFile, EvidenceError> {
        let taken = Watch::unwatched(|w| self.take_in(source, Keep::Copy, w))?;
        Ok(StoredFile {
            sha256: taken.sha256,
            size: taken.size,
        })
    }

    /// Takes `source` in: checks it is a regular file (see the module doc), then either copies
    /// it into the store ([`Keep::Copy`], refused over the copy limit) or hashes it in place
    /// ([`Keep::Reference`]). On any error nothing is left in the store.
    pub fn take_in(
        &self,
        source: &Path,
        keep: Keep,
        watch: &mut Watch<'_>,
    ) -> Result<Taken, EvidenceError> {
        let absolute = std::path::absolute(source).map_err(unreadable(source))?;
        if keep == Keep::Copy {
            // Refused before opening: the size as examined.
            let seen = std::fs::symlink_metadata(source).map_err(unreadable(source))?;
            if seen.file_type().is_file() && seen.len() > self.copy_limit {
                return Err(EvidenceError::TooLarge {
                    path: source.to_path_buf(),
                    size: seen.len(),
                    limit: self.copy_limit,
                });
            }
        }
        let (mut input, meta) = open_regular(source)?;
        let source_mode = meta.permissions().mode() & 0o7777;
        let source_modified = meta.modified().ok().map(chrono::DateTime::from);
        let taken = |stored: StoredFile, kept| Taken {
            sha256: stored.sha256,
            size: stored.size,
            kept,
            source: absolute.clone(),
            source_mode,
            source_modified,
        };
        if keep == Keep::Reference {
            let stored = stream(&mut input, source, meta.len(), None, watch, |_| Ok(()))?;
            return Ok(taken(stored, Keep::Reference));
        }
        if meta.len() > self.copy_limit {
            return Err(EvidenceError::TooLarge {
                path: source.to_path_buf(),
                size: meta.len(),
                limit: self.copy_limit,
            });
        }
        let incoming = self.incoming();
        make_dir(&incoming)?;
        self.sweep()?;
        let mode = if source_mode & 0o200 == 0 {
            0o400
        } else {
            0o600
        };
        let mut part = {
            let _guard = lock_dir(&incoming, libc::LOCK_SH)?;
            let part = new_part(&incoming, "")?;
            lock(&part.file, libc::LOCK_EX).map_err(store_error(&part.path))?;
            part
        };
        let limit = Some(self.copy_limit);
        let stored = match &self.key {
            None => {
                let (out, path) = (&mut part.file, &part.path);
                stream(&mut input, source, meta.len(), limit, watch, |block| {
                    out.write_all(block).map_err(store_error(path))
                })?
            }
            Some(key) => {
                let path = part.path.clone();
                let mut sealer = Sealer::new(key, &mut part.file).map_err(store_error(&path))?;
                let stored = stream(&mut input, source, meta.len(), limit, watch, |block| {
                    sealer.write(block).map_err(store_error(&path))
                })?;
                sealer.finish().map_err(store_error(&path))?;
                stored
            }
        };
        part.file.sync_all().map_err(store_error(&part.path))?;
        part.file
            .set_permissions(Permissions::from_mode(mode))
            .map_err(store_error(&part.path))?;
        let dest = self.path_of(&stored.sha256);
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        make_dir(&dir)?;
        // Renaming over an existing copy replaces it with this fresh, verified one.
        std::fs::rename(&part.path, &dest).map_err(store_error(&dest))?;
        part.placed = true;
        sync_dir(&dir)?;
        Ok(taken(stored, Keep::Copy))
    }

    /// Rehashes the stored copy with hash `sha256`: `Ok(None)` when it is missing, else its
    /// actual digest and size.
    pub fn rehash(
        &self,
        sha256: &str,
        watch: &mut Watch<'_>,
    ) -> Result<Option<StoredFile>, EvidenceError> {
        let path = self.path_of(sha256);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(store_error(&path)(e)),
            Ok(_) => {}
        }
        let (mut input, total) = match self.open_stored(&path) {
            Ok(opened) => opened,
            Err(EvidenceError::Store { source, .. }) if sealed::is_unauthentic(&source) => {
                return Ok(Some(StoredFile {
                    sha256: FAILS_AUTHENTICATION.to_string(),
                    size: 0,
                }));
            }
            Err(e) => return Err(e),
        };
        let mut read = 0u64;
        let result = stream(&mut input, &path, total, None, watch, |block| {
            read += block.len() as u64;
            Ok(())
        });
        match result {
            Ok(stored) => Ok(Some(stored)),
            Err(EvidenceError::Unreadable { source, .. }) if sealed::is_unauthentic(&source) => {
                Ok(Some(StoredFile {
                    sha256: FAILS_AUTHENTICATION.to_string(),
                    size: read,
                }))
            }
            Err(EvidenceError::Unreadable { path, source }) => {
                Err(EvidenceError::Store { path, source })
            }
            Err(e) => Err(e),
        }
    }

    /// The SHA-256 names of every file in the store, sorted (names that are no SHA-256 hex
    /// are listed as they are).
    pub fn held(&self) -> Result<Vec<String>, EvidenceError> {
        let top = self.root.join("sha256");
        let mut names = Vec::new();
        let dirs = match std::fs::read_dir(&top) {
            Ok(d) => d,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(names),
            Err(e) => return Err(store_error(&top)(e)),
        };
        for dir in dirs {
            let dir = dir.map_err(store_error(&top))?.path();
            if !dir.is_dir() {
                names.push(dir.display().to_string());
                continue;
            }
            for entry in std::fs::read_dir(&dir).map_err(store_error(&dir))? {
                let entry = entry.map_err(store_error(&dir))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        names.sort();
        Ok(names)
    }

    /// Copies the stored item `sha256` to `dest` (a new file, written through a `.part` beside
    /// it and renamed), checking on the way that it still hashes to its name.
    pub fn export(
        &self,
        sha256: &str,
        dest: &Path,
        watch: &mut Watch<'_>,
    ) -> Result<StoredFile, EvidenceError> {
        let from = self.path_of(sha256);
        let (mut input, total) = self.open_stored(&from)?;
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned());
        let mut part = new_part(&dir, &format!(".{}.", name.unwrap_or_default()))?;
        let stored = {
            let (out, path) = (&mut part.file, &part.path);
            stream(&mut input, &from, total, None, watch, |block| {
                out.write_all(block).map_err(unreadable(path))
            })
            .map_err(|e| match e {
                EvidenceError::Unreadable { path, source } if path == from => {
                    EvidenceError::Store { path, source }
                }
                other => other,
            })?
        };
        if stored.sha256 != sha256 {
            return Err(EvidenceError::Store {
                path: from,
                source: std::io::Error::other(format!(
                    "the stored copy hashes to {} now, not {sha256}: not exported",
                    stored.sha256
                )),
            });
        }
        part.file.sync_all().map_err(unreadable(&part.path))?;
        if dest.exists() {
            return Err(EvidenceError::Unreadable {
                path: dest.to_path_buf(),
                source: std::io::Error::from(ErrorKind::AlreadyExists),
            });
        }
        std::fs::rename(&part.path, dest).map_err(unreadable(dest))?;
        part.placed = true;
        Ok(stored)
    }
}
