//! The topology: the graph, impact, weak spots, recovery order, drills and restore points.

use crate::json::{
    CutSetView, DrillInput, DrillView, ImpactView, RecoveryView, RestoreItem, RestoreView,
    SpofView, TopologyGraph,
};
use crate::ops::operation;

operation! {
    /// The topology to draw: nodes with kind, label, requirement and layer; edges; the stores.
    "topology_graph", Read, Workspace,
    TopologyGraphRequest {} -> TopologyGraph,
    |_r, host| host.with(|v| v.topology_graph())
}

operation! {
    /// Every node's state when these nodes fail, with why-paths.
    "topology_impact", Read, Workspace,
    TopologyImpactRequest {
        /// The failed nodes' ids.
        failed: Vec<String>,
    } -> ImpactView,
    |r, host| host.with(|v| v.topology_impact(&r.failed))
}

operation! {
    /// The single points of failure of every business service.
    "topology_spofs", Read, Workspace,
    TopologySpofsRequest {} -> SpofView,
    |_r, host| host.with(|v| v.topology_spofs())
}

operation! {
    /// The minimal cut sets of order 2 or less of one service.
    "topology_cut_sets", Read, Workspace,
    TopologyCutSetsRequest {
        /// The service's id.
        service: String,
    } -> CutSetView,
    |r, host| host.with(|v| v.topology_cut_sets(&r.service))
}

operation! {
    /// The recovery order after these failures with this many crews, against the RTOs.
    "topology_recovery", Read, Workspace,
    TopologyRecoveryRequest {
        /// The failed nodes' ids.
        failed: Vec<String>,
        /// How many crews work in parallel.
        crews: u32,
    } -> RecoveryView,
    |r, host| host.with(|v| v.topology_recovery(&r.failed, r.crews))
}

operation! {
    /// Replays a drill overlay: the impact at each moment a failure is injected.
    "topology_drill", Read, Workspace,
    TopologyDrillRequest {
        /// The drill's injections.
        drill: DrillInput,
    } -> DrillView,
    |r, host| host.with(|v| v.topology_drill(&r.drill))
}

operation! {
    /// Can a store be restored to a moment (RFC 3339)? Tier, restore point, data-loss window,
    /// or why not.
    "topology_restore_point", Read, Workspace,
    TopologyRestorePointRequest {
        /// The store's id.
        store: String,
        /// The whole store, a changed item or a deleted one.
        item: RestoreItem,
        /// The moment wanted (RFC 3339).
        wanted: String,
    } -> RestoreView,
    |r, host| host.with(|v| v.topology_restore_point(&r.store, r.item, &r.wanted))
}
