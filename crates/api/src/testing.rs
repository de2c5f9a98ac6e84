//! Test fixtures shared by this crate's unit tests.

use std::sync::Arc;

use vakt_sources::{FixedClock, SequentialIds};

use crate::{LaunchOptions, Session, Sources, Vakt};

/// A session on the repository's demo workspace with a fresh data directory, a fixed clock
/// (2026-11-26 12:00 UTC) and sequential IDs. Keep the directory alive as long as the session.
pub(crate) fn demo() -> (tempfile::TempDir, Vakt) {
    let data = tempfile::tempdir().expect("temp dir");
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks");
    let options = LaunchOptions {
        data_dir: Some(data.path().into()),
        workspace: Some(workspace),
        ..Default::default()
    };
    let vakt = Vakt::open(&options, sources()).expect("open");
    (data, vakt)
}

/// A fixed clock (2026-11-26 12:00 UTC), sequential IDs and the OS's randomness for keys.
pub(crate) fn sources() -> Sources {
    Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T12:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-7")),
    }
}

/// The demo session behind the operation layer.
pub(crate) fn demo_session() -> (tempfile::TempDir, Session) {
    let (data, vakt) = demo();
    (data, Session::new(vakt))
}
