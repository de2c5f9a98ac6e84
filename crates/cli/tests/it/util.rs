//! Helpers shared by the CLI's integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use vakt_api::Sources;
use vakt_sources::{FixedClock, SequentialIds};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shipped demo workspace, `playbooks/`.
pub fn playbooks() -> PathBuf {
    repo().join("playbooks")
}

/// Everything a `vakt` process printed: its standard output, then its standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A fixed clock (2026-11-26 08:00 UTC), IDs from 1, and the given source of keys.
pub fn fixed_sources(keys: vakt_api::Keys) -> Sources {
    Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys,
    }
}
