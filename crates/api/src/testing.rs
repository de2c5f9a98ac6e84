//! Test fixtures shared by this crate's unit tests.

use std::sync::Arc;

use vakt_sources::{FixedClock, SequentialIds};

use crate::{LaunchOptions, Vakt};

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
    let clock = Arc::new(FixedClock::at(
        "2026-11-26T12:00:00Z".parse().expect("time"),
    ));
    let vakt = Vakt::open(&options, clock, Arc::new(SequentialIds::new())).expect("open");
    (data, vakt)
}
