//! The demo workspace built into Vakt: the repository's `playbooks/` folder at build time,
//! modelled on the ISMS of the seed document (two Norwegian datacenters, an Azure archive in two
//! EU regions, nightly encrypted backups, 30-day / 12-month / 10-year retention).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use vakt_stdx::hex;

use crate::WorkspaceError;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));
}

/// Every file of the demo workspace: its `/`-separated path relative to the workspace, and its
/// bytes.
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    generated::FILES
}

/// SHA-256 over every path and content of the demo, hex: it names one version of the demo.
pub fn content_hash() -> String {
    let mut h = Sha256::new();
    for (path, bytes) in files() {
        h.update((path.len() as u64).to_be_bytes());
        h.update(path.as_bytes());
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

/// Unpacks the demo into `data_dir/demo-workspace/<first 12 hex of its hash>` unless that folder
/// is already there, and returns the folder. Each version of the demo gets its own folder, so a
/// newer Vakt never overwrites an older demo that a user may have edited. The files are written
/// into a temporary folder first and renamed into place, so a crash leaves no half demo.
pub fn unpack(data_dir: &Path) -> Result<PathBuf, WorkspaceError> {
    let parent = data_dir.join("demo-workspace");
    let target = parent.join(&content_hash()[..12]);
    if target.is_dir() {
        return Ok(target);
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WorkspaceError::Io { path, source }
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = parent.join(format!(".unpacking-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    for (rel, bytes) in files() {
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&path))?;
    }
    match std::fs::rename(&staging, &target) {
        Ok(()) => Ok(target),
        // Another Vakt unpacked the same version meanwhile: use theirs.
        Err(_) if target.is_dir() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(target)
        }
        Err(source) => Err(WorkspaceError::Io {
            path: target,
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_exactly_the_repository_playbooks_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks");
        let on_disk = crate::definition_files(&root).expect("list repository playbooks");
        let embedded: Vec<&str> = files()
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| p.ends_with(".toml"))
            .collect();
        let disk: Vec<&str> = on_disk.iter().map(|f| f.relative_path.as_str()).collect();
        assert_eq!(embedded, disk);
        assert!(!embedded.is_empty(), "the demo workspace has definitions");
        for (rel, bytes) in files() {
            assert_eq!(
                std::fs::read(root.join(rel)).expect("read"),
                *bytes,
                "{rel}"
            );
        }
    }

    #[test]
    fn unpacking_twice_gives_the_same_folder_with_every_file() {
        let data = tempfile::tempdir().expect("tempdir");
        let a = unpack(data.path()).expect("unpack");
        let b = unpack(data.path()).expect("unpack again");
        assert_eq!(a, b);
        for (rel, bytes) in files() {
            assert_eq!(std::fs::read(a.join(rel)).expect("read"), *bytes);
        }
        let leftovers: Vec<_> = std::fs::read_dir(data.path().join("demo-workspace"))
            .expect("read")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "no staging folder left behind: {leftovers:?}"
        );
    }
}
