//! The topology: the graph, impact, weak spots, recovery order, drills and restore points.

use crate::json::{
    CutSetView, DrillInput, DrillView, FailoverView, ImpactView, ImportSource, ModelFormat,
    RecoveryView, RestoreItem, RestoreView, SpofView, TopologyCheck, TopologyDot, TopologyExport,
    TopologyGraph, TopologyImported,
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
        /// Skip the pair search when the service depends on more nodes than this; default:
        /// the analysis's bound.
        #[serde(default)]
        #[ts(optional)]
        max_cone: Option<u32>,
        /// List at most this many pairs; default: the analysis's bound.
        #[serde(default)]
        #[ts(optional)]
        max_pairs: Option<u32>,
        /// A name for this search, so `task_progress` can follow it and `task_cancel` stop it.
        #[serde(default)]
        #[ts(optional)]
        task: Option<String>,
    } -> CutSetView,
    |r, host| {
        // Loaded while holding the session; searched without it, so progress and cancel get
        // through while the search runs.
        let topology = host.with(|v| v.topology())?;
        let task = host.task(r.task.as_deref());
        crate::topology_view::cut_set_view(&topology, &r.service, r.max_cone, r.max_pairs, &task)
    }
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
        /// The moment wanted: RFC 3339, or a date (midnight UTC).
        wanted: String,
    } -> RestoreView,
    |r, host| host.with(|v| v.topology_restore_point(&r.store, r.item, &r.wanted))
}

operation! {
    /// The single points of failure of the nodes named (any node, not only services).
    "topology_node_spofs", Read, Workspace,
    TopologyNodeSpofsRequest {
        /// The nodes' ids.
        nodes: Vec<String>,
    } -> SpofView,
    |r, host| host.with(|v| v.topology_node_spofs(&r.nodes))
}

operation! {
    /// Loads and checks the topology: node and edge counts, and its dependency loops with
    /// whether each can start from cold.
    "topology_check", Read, Workspace,
    TopologyCheckRequest {} -> TopologyCheck,
    |_r, host| host.with(|v| v.topology_check())
}

operation! {
    /// May one node fail over to another without data leaving the EU/EEA? Refused with the
    /// reasons when it would.
    "topology_failover", Read, Workspace,
    TopologyFailoverRequest {
        /// The node failing over.
        from: String,
        /// The proposed target.
        to: String,
    } -> FailoverView,
    |r, host| host.with(|v| v.topology_failover(&r.from, &r.to))
}

operation! {
    /// The topology as Graphviz DOT, coloured by the impact of the failed nodes when given.
    "topology_dot", Read, Workspace,
    TopologyDotRequest {
        /// The failed nodes' ids (empty: no overlay).
        failed: Vec<String>,
    } -> TopologyDot,
    |r, host| host.with(|v| v.topology_dot(&r.failed))
}

operation! {
    /// The model of one service's failure for another tool (Open-PSA: the fault tree of "the
    /// service is down"); with a path, also written there. Read: it writes only the file named.
    /// Refused when the service depends on a loop (fault trees have none).
    "topology_export", Read, Workspace,
    TopologyExportRequest {
        /// The format.
        format: ModelFormat,
        /// The service's (or any node's) id.
        service: String,
        /// A file to write the model to as well.
        #[serde(default)]
        #[ts(optional)]
        path: Option<String>,
    } -> TopologyExport,
    |r, host| host.with(|v| v.topology_export(r.format, &r.service, r.path.as_deref()))
}

operation! {
    /// A Vakt topology file made from Backstage descriptor files or a CSV file, stating what it
    /// assumed, with what could not be mapped (file and line); with a path, also written there.
    /// Read: it reads only the files named and writes only the file named. A broken source is
    /// refused with file:line:col.
    "topology_import", Read, DataDir,
    TopologyImportRequest {
        /// Backstage or CSV.
        from: ImportSource,
        /// The source files (one for CSV).
        files: Vec<String>,
        /// A file to write the topology to as well.
        #[serde(default)]
        #[ts(optional)]
        out: Option<String>,
    } -> TopologyImported,
    |r, _host| crate::topology_view::topology_import(r.from, &r.files, r.out.as_deref())
}
