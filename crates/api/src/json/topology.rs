//! The topology view: the graph to draw, and the analyses over it (impact with why-paths,
//! single points of failure, cut sets, recovery order, drill replay, restore points).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The topology as the view draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopologyGraph {
    /// Every node, in file order.
    pub nodes: Vec<GraphNode>,
    /// One edge per dependency, from what is needed to what needs it.
    pub edges: Vec<GraphEdge>,
    /// The stores the restore-point calculator knows, from the retention file.
    pub stores: Vec<StoreChoice>,
}

/// One node to draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphNode {
    /// The node id.
    pub id: String,
    /// The name a person recognises.
    pub label: String,
    /// Its kind as written in the file (`site`, `power-feed`, …, `business-service`).
    pub kind: String,
    /// Its requirement in words: what it needs all of, and which k-of-n groups.
    pub requirement: String,
    /// How much depends on it (`low` … `critical`), when given.
    pub criticality: Option<String>,
    /// Its RTO in seconds, when given.
    #[ts(type = "number | null")]
    pub rto_seconds: Option<u64>,
    /// Its layer: 0 for nodes that need nothing, else one more than the deepest need.
    pub layer: u32,
}

/// One dependency: `target` needs `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphEdge {
    /// What is needed.
    pub source: String,
    /// What needs it.
    pub target: String,
    /// The k-of-n group the dependency belongs to, when it is in one.
    pub group: Option<String>,
}

/// A store the restore-point calculator can answer for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreChoice {
    /// The store id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A node's state under a failure set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NodeStateName {
    /// Running with everything it relies on.
    Up,
    /// Running, with redundancy lost beneath it.
    Degraded,
    /// Not running.
    Down,
}

/// One node's state and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeStateView {
    /// The node id.
    pub id: String,
    /// Its state.
    pub state: NodeStateName,
    /// Whether it was failed directly.
    pub failed: bool,
    /// Why it is not up, in words (empty when up).
    pub reason: String,
    /// The why-path: this node, what took it down or degraded it, … down to a failed node.
    pub path: Vec<String>,
}

/// The impact of a failure set on every node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImpactView {
    /// The failed nodes.
    pub failed: Vec<String>,
    /// How many nodes are up.
    pub up: u32,
    /// How many are degraded.
    pub degraded: u32,
    /// How many are down.
    pub down: u32,
    /// Every node, in file order.
    pub nodes: Vec<NodeStateView>,
}

/// The single points of failure of each business service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpofView {
    /// One entry per service.
    pub services: Vec<ServiceSpofView>,
}

/// The single points of failure of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpofView {
    /// The service.
    pub id: String,
    /// Each node whose loss alone takes it down, with the path by which it does.
    pub spofs: Vec<SpofPath>,
}

/// One single point of failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpofPath {
    /// The node.
    pub id: String,
    /// The service, what it needs, … down to this node.
    pub path: Vec<String>,
}

/// Minimal cut sets of order ≤ 2 of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CutSetView {
    /// The service.
    pub id: String,
    /// Order 1: the single points of failure.
    pub singles: Vec<String>,
    /// Order 2: pairs whose joint loss takes it down (neither alone does).
    pub pairs: Vec<Vec<String>>,
    /// How many nodes it depends on.
    pub cone: u32,
    /// Whether the list stopped at a bound.
    pub truncated: bool,
    /// Why, when it did.
    pub truncated_reason: Option<String>,
}

/// The recovery order after a failure set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryView {
    /// The failed nodes.
    pub failed: Vec<String>,
    /// The scheduling model in words.
    pub model: String,
    /// The crews assumed.
    pub crews: u32,
    /// Steps in the order work begins.
    pub steps: Vec<RecoveryStepView>,
    /// Each down business service against its RTO.
    pub services: Vec<RecoveryServiceView>,
    /// Nodes that cannot come back.
    pub unrecoverable: Vec<String>,
    /// When everything is back, seconds after the failure.
    #[ts(type = "number")]
    pub makespan_seconds: u64,
}

/// One step of the recovery order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryStepView {
    /// The node to bring back.
    pub id: String,
    /// Seconds after the failure that work begins.
    #[ts(type = "number")]
    pub start_seconds: u64,
    /// Seconds after the failure that it is back.
    #[ts(type = "number")]
    pub finish_seconds: u64,
    /// The service whose RTO sets its priority, when one waits on it.
    pub for_service: Option<String>,
    /// That RTO in seconds.
    #[ts(type = "number | null")]
    pub priority_rto_seconds: Option<u64>,
}

/// A service against its RTO in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryServiceView {
    /// The service.
    pub id: String,
    /// Its RTO in seconds.
    #[ts(type = "number")]
    pub rto_seconds: u64,
    /// When it is back in this plan, seconds after the failure.
    #[ts(type = "number | null")]
    pub planned_seconds: Option<u64>,
    /// The earliest it could be back with unlimited crews.
    #[ts(type = "number | null")]
    pub earliest_seconds: Option<u64>,
    /// Whether the plan meets the RTO.
    pub meets_rto: bool,
    /// In words: met, missed by how much, or impossible by any order.
    pub verdict: String,
}

/// A drill overlay to replay: failures injected at offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillInput {
    /// The scenario's name.
    pub name: String,
    /// The injected failures, in any order.
    pub injections: Vec<InjectionInput>,
}

/// One injected failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InjectionInput {
    /// The node to fail.
    pub node: String,
    /// Seconds after the drill starts.
    #[ts(type = "number")]
    pub at_seconds: u64,
}

/// A drill replayed: the impact at each moment something is injected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillView {
    /// The scenario's name.
    pub name: String,
    /// The moments, in time order.
    pub moments: Vec<DrillMomentView>,
}

/// One moment of a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillMomentView {
    /// Seconds after the start.
    #[ts(type = "number")]
    pub at_seconds: u64,
    /// The nodes failed at this moment.
    pub injected: Vec<String>,
    /// The impact of everything injected so far.
    pub impact: ImpactView,
}

/// What is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RestoreItem {
    /// The store as a whole.
    Any,
    /// An earlier version of a changed item.
    Changed,
    /// An item that was deleted.
    Deleted,
}

/// The restore-point calculator's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreView {
    /// The store.
    pub store: String,
    /// What is restored.
    pub item: RestoreItem,
    /// The moment wanted, UTC, RFC 3339.
    pub wanted: String,
    /// When the question was asked, UTC, RFC 3339.
    pub now: String,
    /// Whether any tier can restore it.
    pub can_restore: bool,
    /// The tier that answers, when one can.
    pub tier: Option<String>,
    /// The restore point, UTC, RFC 3339.
    pub restore_point: Option<String>,
    /// Data lost between the restore point and the moment wanted, in seconds.
    #[ts(type = "number | null")]
    pub data_loss_seconds: Option<i64>,
    /// The same in words ("6 hours 30 minutes").
    pub data_loss_words: Option<String>,
    /// The answer in one sentence; when it cannot, the reason.
    pub summary: String,
    /// Each tier's own answer.
    pub tiers: Vec<RestoreTierView>,
    /// What the retention file says is not covered.
    pub not_covered: Vec<String>,
}

/// One tier's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreTierView {
    /// The tier id.
    pub tier: String,
    /// Its name.
    pub name: String,
    /// The point it restores to, when it can.
    pub restore_point: Option<String>,
    /// Data lost with it, in seconds.
    #[ts(type = "number | null")]
    pub data_loss_seconds: Option<i64>,
    /// Why it can or cannot.
    pub reason: String,
}

/// A dependency loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoopView {
    /// The nodes in the loop, sorted.
    pub members: Vec<String>,
    /// One cycle through it, the first node repeated at the end.
    pub cycle: Vec<String>,
    /// Whether it can start from cold.
    pub can_cold_start: bool,
    /// Nodes outside it that cannot start because of it.
    pub blocked: Vec<String>,
}

impl From<vakt_topology::report::LoopReport> for LoopView {
    fn from(l: vakt_topology::report::LoopReport) -> Self {
        Self {
            members: l.members,
            cycle: l.cycle,
            can_cold_start: l.can_cold_start,
            blocked: l.blocked,
        }
    }
}

/// The topology loaded and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopologyCheck {
    /// How many nodes.
    pub nodes: u32,
    /// How many dependency edges.
    pub edges: u32,
    /// Its dependency loops.
    pub loops: Vec<LoopView>,
}

/// Whether one node may fail over to another without data leaving the EU/EEA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FailoverView {
    /// The node failing over.
    pub from: String,
    /// The proposed target.
    pub to: String,
    /// Whether the target keeps the data in the EU/EEA.
    pub allowed: bool,
    /// Why it is refused, each with the path by which data would leave (empty when allowed).
    pub reasons: Vec<String>,
    /// Remarks that do not refuse it.
    pub remarks: Vec<String>,
}

impl From<vakt_topology::FailoverVerdict> for FailoverView {
    fn from(v: vakt_topology::FailoverVerdict) -> Self {
        Self {
            from: v.from,
            to: v.to,
            allowed: v.allowed,
            reasons: v.reasons,
            remarks: v.remarks,
        }
    }
}

/// The topology as Graphviz DOT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopologyDot {
    /// The DOT text.
    pub dot: String,
}

impl std::str::FromStr for InjectionInput {
    type Err = String;

    /// `NODE@OFFSET`, the offset a duration such as `0m`, `15m` or `1h`.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let (node, offset) = spec
            .split_once('@')
            .ok_or_else(|| format!("{spec:?}: write NODE@OFFSET, like dc-oslo@15m"))?;
        let at_seconds =
            vakt_topology::parse_duration(offset).map_err(|e| format!("{spec:?}: {e}"))?;
        Ok(Self {
            node: node.to_string(),
            at_seconds,
        })
    }
}

/// The model-exchange formats the topology can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ModelFormat {
    /// The Open-PSA Model Exchange Format: the fault tree of "the service is down", for
    /// fault-tree tools (SCRAM, …).
    OpenPsa,
}

/// A service's model exported for another tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopologyExport {
    /// The format written.
    pub format: ModelFormat,
    /// The service (or node) whose failure the model describes.
    pub service: String,
    /// The model itself (XML for Open-PSA).
    pub text: String,
    /// The file it was written to, when one was named.
    pub written: Option<String>,
}

/// Where an imported topology comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ImportSource {
    /// Backstage software-catalog descriptor files (`catalog-info.yaml`).
    Backstage,
    /// One CSV file: id, kind, name, needs, groups.
    Csv,
}

/// A topology imported from another source, as a Vakt topology file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TopologyImported {
    /// The topology file's text, stating what it assumed.
    pub toml: String,
    /// How many nodes it holds.
    pub nodes: u32,
    /// What could not be mapped, each with its source file and line.
    pub unmapped: Vec<UnmappedView>,
    /// The file it was written to, when one was named.
    pub written: Option<String>,
}

/// Something in an import's source with no place in the topology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnmappedView {
    /// The source file, as named.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What it is and why it was left out.
    pub message: String,
}

impl From<&vakt_topology::Unmapped> for UnmappedView {
    fn from(u: &vakt_topology::Unmapped) -> Self {
        Self {
            file: u.file.display().to_string(),
            line: u32::try_from(u.line).unwrap_or(u32::MAX),
            message: u.message.clone(),
        }
    }
}

impl From<vakt_topology::Imported> for TopologyImported {
    fn from(i: vakt_topology::Imported) -> Self {
        Self {
            unmapped: i.unmapped.iter().map(UnmappedView::from).collect(),
            nodes: u32::try_from(i.nodes).unwrap_or(u32::MAX),
            toml: i.toml,
            written: None,
        }
    }
}
