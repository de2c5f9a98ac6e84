// Generated from crates/api by `VAKT_BLESS=1 cargo test -p vakt-api`. Do not edit.

export type ErrorCode = "workspace_not_found" | "database_too_new" | "invalid_request" | "failed";

export type ApiError = { 
/**
 * What the UI may act on.
 */
code: ErrorCode, 
/**
 * What happened, in words a responder understands.
 */
message: string, };

export type WorkspaceSource = "flag" | "environment" | "setting" | "embedded_demo";

export type DefinitionFileInfo = { 
/**
 * Path relative to the workspace, `/`-separated.
 */
path: string, 
/**
 * Its top-level `kind`, when it has one.
 */
kind: string | null, 
/**
 * Its top-level `format` version, when it has one.
 */
format: number | null, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * SHA-256 of the file, hex.
 */
sha256: string, 
/**
 * Why it could not be read, when it could not.
 */
problem: string | null, };

export type WorkspaceOverview = { 
/**
 * The workspace folder, absolute.
 */
workspacePath: string, 
/**
 * Where that choice came from.
 */
workspaceSource: WorkspaceSource, 
/**
 * Its definition files, sorted by path.
 */
definitionFiles: Array<DefinitionFileInfo>, 
/**
 * The SQLite file holding the journal and run state.
 */
databasePath: string, 
/**
 * The database's schema version.
 */
schemaVersion: number, 
/**
 * The data directory.
 */
dataDir: string, 
/**
 * This Vakt's version.
 */
vaktVersion: string, };

export type TopologyGraph = { 
/**
 * Every node, in file order.
 */
nodes: Array<GraphNode>, 
/**
 * One edge per dependency, from what is needed to what needs it.
 */
edges: Array<GraphEdge>, 
/**
 * The stores the restore-point calculator knows, from the retention file.
 */
stores: Array<StoreChoice>, };

export type GraphNode = { 
/**
 * The node id.
 */
id: string, 
/**
 * The name a person recognises.
 */
label: string, 
/**
 * Its kind as written in the file (`site`, `power-feed`, …, `business-service`).
 */
kind: string, 
/**
 * Its requirement in words: what it needs all of, and which k-of-n groups.
 */
requirement: string, 
/**
 * How much depends on it (`low` … `critical`), when given.
 */
criticality: string | null, 
/**
 * Its RTO in seconds, when given.
 */
rtoSeconds: number | null, 
/**
 * Its layer: 0 for nodes that need nothing, else one more than the deepest need.
 */
layer: number, };

export type GraphEdge = { 
/**
 * What is needed.
 */
source: string, 
/**
 * What needs it.
 */
target: string, 
/**
 * The k-of-n group the dependency belongs to, when it is in one.
 */
group: string | null, };

export type StoreChoice = { 
/**
 * The store id.
 */
id: string, 
/**
 * Its name.
 */
name: string, };

export type NodeStateName = "up" | "degraded" | "down";

export type NodeStateView = { 
/**
 * The node id.
 */
id: string, 
/**
 * Its state.
 */
state: NodeStateName, 
/**
 * Whether it was failed directly.
 */
failed: boolean, 
/**
 * Why it is not up, in words (empty when up).
 */
reason: string, 
/**
 * The why-path: this node, what took it down or degraded it, … down to a failed node.
 */
path: Array<string>, };

export type ImpactView = { 
/**
 * The failed nodes.
 */
failed: Array<string>, 
/**
 * How many nodes are up.
 */
up: number, 
/**
 * How many are degraded.
 */
degraded: number, 
/**
 * How many are down.
 */
down: number, 
/**
 * Every node, in file order.
 */
nodes: Array<NodeStateView>, };

export type SpofView = { 
/**
 * One entry per service.
 */
services: Array<ServiceSpofView>, };

export type ServiceSpofView = { 
/**
 * The service.
 */
id: string, 
/**
 * Each node whose loss alone takes it down, with the path by which it does.
 */
spofs: Array<SpofPath>, };

export type SpofPath = { 
/**
 * The node.
 */
id: string, 
/**
 * The service, what it needs, … down to this node.
 */
path: Array<string>, };

export type CutSetView = { 
/**
 * The service.
 */
id: string, 
/**
 * Order 1: the single points of failure.
 */
singles: Array<string>, 
/**
 * Order 2: pairs whose joint loss takes it down (neither alone does).
 */
pairs: Array<Array<string>>, 
/**
 * How many nodes it depends on.
 */
cone: number, 
/**
 * Whether the list stopped at a bound.
 */
truncated: boolean, 
/**
 * Why, when it did.
 */
truncatedReason: string | null, };

export type RecoveryView = { 
/**
 * The failed nodes.
 */
failed: Array<string>, 
/**
 * The scheduling model in words.
 */
model: string, 
/**
 * The crews assumed.
 */
crews: number, 
/**
 * Steps in the order work begins.
 */
steps: Array<RecoveryStepView>, 
/**
 * Each down business service against its RTO.
 */
services: Array<RecoveryServiceView>, 
/**
 * Nodes that cannot come back.
 */
unrecoverable: Array<string>, 
/**
 * When everything is back, seconds after the failure.
 */
makespanSeconds: number, };

export type RecoveryStepView = { 
/**
 * The node to bring back.
 */
id: string, 
/**
 * Seconds after the failure that work begins.
 */
startSeconds: number, 
/**
 * Seconds after the failure that it is back.
 */
finishSeconds: number, 
/**
 * The service whose RTO sets its priority, when one waits on it.
 */
forService: string | null, 
/**
 * That RTO in seconds.
 */
priorityRtoSeconds: number | null, };

export type RecoveryServiceView = { 
/**
 * The service.
 */
id: string, 
/**
 * Its RTO in seconds.
 */
rtoSeconds: number, 
/**
 * When it is back in this plan, seconds after the failure.
 */
plannedSeconds: number | null, 
/**
 * The earliest it could be back with unlimited crews.
 */
earliestSeconds: number | null, 
/**
 * Whether the plan meets the RTO.
 */
meetsRto: boolean, 
/**
 * In words: met, missed by how much, or impossible by any order.
 */
verdict: string, };

export type DrillInput = { 
/**
 * The scenario's name.
 */
name: string, 
/**
 * The injected failures, in any order.
 */
injections: Array<InjectionInput>, };

export type InjectionInput = { 
/**
 * The node to fail.
 */
node: string, 
/**
 * Seconds after the drill starts.
 */
atSeconds: number, };

export type DrillView = { 
/**
 * The scenario's name.
 */
name: string, 
/**
 * The moments, in time order.
 */
moments: Array<DrillMomentView>, };

export type DrillMomentView = { 
/**
 * Seconds after the start.
 */
atSeconds: number, 
/**
 * The nodes failed at this moment.
 */
injected: Array<string>, 
/**
 * The impact of everything injected so far.
 */
impact: ImpactView, };

export type RestoreItem = "any" | "changed" | "deleted";

export type RestoreView = { 
/**
 * The store.
 */
store: string, 
/**
 * What is restored.
 */
item: RestoreItem, 
/**
 * The moment wanted, UTC, RFC 3339.
 */
wanted: string, 
/**
 * When the question was asked, UTC, RFC 3339.
 */
now: string, 
/**
 * Whether any tier can restore it.
 */
canRestore: boolean, 
/**
 * The tier that answers, when one can.
 */
tier: string | null, 
/**
 * The restore point, UTC, RFC 3339.
 */
restorePoint: string | null, 
/**
 * Data lost between the restore point and the moment wanted, in seconds.
 */
dataLossSeconds: number | null, 
/**
 * The same in words ("6 hours 30 minutes").
 */
dataLossWords: string | null, 
/**
 * The answer in one sentence; when it cannot, the reason.
 */
summary: string, 
/**
 * Each tier's own answer.
 */
tiers: Array<RestoreTierView>, 
/**
 * What the retention file says is not covered.
 */
notCovered: Array<string>, };

export type RestoreTierView = { 
/**
 * The tier id.
 */
tier: string, 
/**
 * Its name.
 */
name: string, 
/**
 * The point it restores to, when it can.
 */
restorePoint: string | null, 
/**
 * Data lost with it, in seconds.
 */
dataLossSeconds: number | null, 
/**
 * Why it can or cannot.
 */
reason: string, };

/** Calls a backend command by name; the platform module supplies it. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every backend command, typed. */
export function commands(invoke: Invoke) {
  return {
    /** The workspace and database in use, and the definition files found. */
    workspaceOverview: (): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("workspace_overview"),
    /** Saves a folder as the workspace and returns its overview. */
    chooseWorkspace: (path: string): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("choose_workspace", { path }),
    /** The topology to draw: nodes with kind, label, requirement and layer; edges; the stores. */
    topologyGraph: (): Promise<TopologyGraph> => invoke<TopologyGraph>("topology_graph"),
    /** Every node's state when these nodes fail, with why-paths. */
    topologyImpact: (failed: string[]): Promise<ImpactView> => invoke<ImpactView>("topology_impact", { failed }),
    /** The single points of failure of every business service. */
    topologySpofs: (): Promise<SpofView> => invoke<SpofView>("topology_spofs"),
    /** The minimal cut sets of order 2 or less of one service. */
    topologyCutSets: (service: string): Promise<CutSetView> => invoke<CutSetView>("topology_cut_sets", { service }),
    /** The recovery order after these failures with this many crews, against the RTOs. */
    topologyRecovery: (failed: string[], crews: number): Promise<RecoveryView> => invoke<RecoveryView>("topology_recovery", { failed, crews }),
    /** Replays a drill overlay: the impact at each moment a failure is injected. */
    topologyDrill: (drill: DrillInput): Promise<DrillView> => invoke<DrillView>("topology_drill", { drill }),
    /** Can a store be restored to a moment (RFC 3339)? Tier, restore point, data-loss window, or why not. */
    topologyRestorePoint: (store: string, item: RestoreItem, wanted: string): Promise<RestoreView> => invoke<RestoreView>("topology_restore_point", { store, item, wanted }),
  };
}

/** The typed command set. */
export type Commands = ReturnType<typeof commands>;
