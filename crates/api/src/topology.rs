//! The workspace's topology and retention tiers, for the app and the CLI.

use chrono::{DateTime, FixedOffset};
use vakt_retention::{Item, RestoreAnswer, Retention};
use vakt_topology::Topology;

use crate::{ApiError, ErrorCode, Vakt};

/// The topology file inside a workspace.
pub const TOPOLOGY_FILE: &str = "topology.toml";
/// The retention file inside a workspace.
pub const RETENTION_FILE: &str = "retention.toml";

impl Vakt {
    /// Loads the workspace's `topology.toml`; every problem is in the message, one per line,
    /// as `file:line:col: what`.
    pub fn topology(&self) -> Result<Topology, ApiError> {
        vakt_topology::load_file(&self.workspace.root.join(TOPOLOGY_FILE))
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    }

    /// Loads the workspace's `retention.toml`.
    pub fn retention(&self) -> Result<Retention, ApiError> {
        Retention::load_file(&self.workspace.root.join(RETENTION_FILE))
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    }

    /// Can `store` be restored to `wanted`? Asked now, by the session's clock.
    pub fn restore_point(
        &self,
        store: &str,
        item: Item,
        wanted: DateTime<FixedOffset>,
    ) -> Result<RestoreAnswer, ApiError> {
        let retention = self.retention()?;
        Ok(vakt_retention::restore_point(
            &retention,
            store,
            item,
            wanted,
            self.clock.now(),
        ))
    }
}
