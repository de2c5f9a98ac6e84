//! Private by default: the data directory is 0700 and every file Vakt writes into it 0600,
//! whatever the umask. Modes are set explicitly at creation; a wider mode found on an existing
//! file or folder is narrowed and reported as a [`PermissionFix`].

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::StoreError;

/// The mode of the data directory: the owner only.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// The mode of every file Vakt writes into the data directory: the owner reads and writes.
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// A file or folder whose permissions were wider than Vakt's and were narrowed when it was
/// opened. Shown to the person once (a warning), so they know the data was readable by others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionFix {
    /// The file or folder.
    pub path: PathBuf,
    /// Its mode before (permission bits only).
    pub was: u32,
    /// Its mode now.
    pub now: u32,
}

impl std::fmt::Display for PermissionFix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} was readable by others (mode {:04o}); it is now {:04o}",
            self.path.display(),
            self.was,
            self.now
        )
    }
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::from_io(path, source)
}

/// Creates `dir` (and its missing parents) and makes `dir` itself 0700. Parents that did not
/// exist are created with the usual mode; only the data directory is Vakt's. An existing `dir`
/// with a wider mode is narrowed and returned as a fix.
pub fn private_dir(dir: &Path) -> Result<Option<PermissionFix>, StoreError> {
    if !dir.exists() {
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        match std::fs::DirBuilder::new()
            .mode(PRIVATE_DIR_MODE)
            .create(dir)
        {
            Ok(()) => {}
            // Another process made it between the check and here: narrow it below.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => {
                return Err(StoreError::CreateDir {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        }
        // The umask may have taken bits away from 0700 (never added any): set it exactly.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(PRIVATE_DIR_MODE))
            .map_err(io(dir))?;
        return Ok(None);
    }
    narrow(dir, PRIVATE_DIR_MODE)
}

/// Narrows `path` to `mode` when it grants anything to group or others; the fix when it did.
/// A missing path is nothing to fix.
pub fn narrow(path: &Path, mode: u32) -> Result<Option<PermissionFix>, StoreError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::from_io(path, source)),
    };
    let was = meta.permissions().mode() & 0o7777;
    if was & 0o077 == 0 {
        return Ok(None);
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(io(path))?;
    Ok(Some(PermissionFix {
        path: path.to_path_buf(),
        was,
        now: mode,
    }))
}

/// Creates `path` empty with mode 0600 when it does not exist yet (SQLite then gives its `-wal`
/// and `-shm` files the same mode); an existing file is left as it is.
pub(crate) fn create_private_file(path: &Path) -> Result<(), StoreError> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(PRIVATE_FILE_MODE)
        .open(path)
    {
        Ok(_) => std::fs::set_permissions(path, std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))
            .map_err(io(path)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::from_io(path, source)),
    }
}

/// Writes `bytes` to `path` as a private file (0600), atomically: into a temporary file beside
/// it, synced, then renamed over `path`, and the folder synced. A reader sees the old content or
/// the new, never a part; a failure (a full disk) leaves the old file and no temporary behind.
/// For every file Vakt writes into the data directory (keys, exports kept there).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".writing");
    let tmp = dir.join(name);
    let result = (|| {
        let _ = std::fs::remove_file(&tmp);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(PRIVATE_FILE_MODE)
            .open(&tmp)
            .map_err(io(&tmp))?;
        file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))
            .map_err(io(&tmp))?;
        file.write_all(bytes).map_err(io(&tmp))?;
        file.sync_all().map_err(io(&tmp))?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io(path))?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Syncs a folder, so a rename or a new file in it survives a crash.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o7777
    }

    #[test]
    fn a_new_data_directory_is_0700_and_a_wide_one_is_narrowed() {
        let root = tempfile::tempdir().expect("tempdir");
        let dir = root.path().join("a").join("vakt");
        assert_eq!(private_dir(&dir).expect("create"), None);
        assert_eq!(mode(&dir), 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("widen");
        let fix = private_dir(&dir).expect("narrow").expect("a fix");
        assert_eq!((fix.was, fix.now), (0o755, 0o700));
        assert!(fix.to_string().contains("0755"), "{fix}");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(private_dir(&dir).expect("again"), None);
    }

    #[test]
    fn a_private_write_is_0600_and_leaves_no_temporary() {
        let root = tempfile::tempdir().expect("tempdir");
        let path = root.path().join("export.json");
        write_private(&path, b"first").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("widen");
        write_private(&path, b"second").expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        assert_eq!(mode(&path), 0o600);
        let names: Vec<_> = std::fs::read_dir(root.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("export.json")]);
    }
}
