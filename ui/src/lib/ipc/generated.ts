// Generated from crates/api by `VAKT_BLESS=1 cargo test -p vakt-api`. Do not edit.

export type ErrorCode = "workspace_not_found" | "database_too_new" | "wrong_passphrase" | "invalid_request" | "forbidden" | "failed";

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

export type Localized = { 
/**
 * English.
 */
en: string, 
/**
 * Dutch (English where the definition gives no Dutch).
 */
nl: string, };

export type UserRole = "responder" | "incident-manager" | "auditor";

export type Settings = { 
/**
 * The user's name as the journal records it; empty until set.
 */
userName: string, 
/**
 * The role they act in.
 */
role: UserRole, 
/**
 * `en` or `nl`.
 */
language: string, 
/**
 * The workspace folder in use.
 */
workspacePath: string, };

export type SettingsInput = { 
/**
 * The user's name.
 */
userName: string, 
/**
 * The role they act in.
 */
role: UserRole, 
/**
 * `en` or `nl`.
 */
language: string, };

export type PlaybookSummary = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its file, relative to the workspace.
 */
path: string, 
/**
 * `incident` or `dr`.
 */
category: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * What it is for.
 */
summary: Localized, 
/**
 * How many steps.
 */
stepCount: number, };

export type ClockView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * The deadline (RFC 3339, UTC), once the moment it counts from is recorded.
 */
deadline: string | null, 
/**
 * `waiting`, `running`, `overdue` or `met`, at the backend's time of asking.
 */
state: string, 
/**
 * When it was met.
 */
metAt: string | null, 
/**
 * Whether it was met by the deadline.
 */
inTime: boolean | null, };

export type RunSummary = { 
/**
 * Its id.
 */
id: string, 
/**
 * `incident` or `drill`.
 */
mode: string, 
/**
 * Its title.
 */
title: string, 
/**
 * The playbook it follows.
 */
playbookId: string, 
/**
 * The playbook's title.
 */
playbookTitle: Localized, 
/**
 * `starting` (no step begun), `responding`, `sign-off` (every step behind) or `closed`.
 */
phase: string, 
/**
 * The step to do now.
 */
currentStep: string | null, 
/**
 * Its title.
 */
currentStepTitle: Localized | null, 
/**
 * Steps behind (done or skipped).
 */
stepsDone: number, 
/**
 * Steps in the playbook.
 */
stepCount: number, 
/**
 * When it began (RFC 3339).
 */
startedAt: string, 
/**
 * Who began it.
 */
startedBy: string, 
/**
 * Its clocks.
 */
clocks: Array<ClockView>, 
/**
 * When it was closed.
 */
closedAt: string | null, 
/**
 * Who signed it off.
 */
closedBy: string | null, };

export type OptionView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * When to choose it.
 */
criteria: Localized | null, };

export type StepView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * What to do.
 */
instructions: Localized, 
/**
 * The role that does it.
 */
role: string, 
/**
 * Expected duration in seconds.
 */
durationSeconds: number, 
/**
 * What to check off.
 */
checklist: Array<Localized>, 
/**
 * Evidence the step asks for.
 */
evidenceRequests: Array<Localized>, 
/**
 * The decision's question, for a decision step.
 */
question: Localized | null, 
/**
 * The decision's options.
 */
options: Array<OptionView>, 
/**
 * `pending`, `active`, `done`, `skipped` or `failed`.
 */
status: string, 
/**
 * When the status began (RFC 3339).
 */
statusAt: string | null, 
/**
 * Who set it.
 */
statusBy: string | null, 
/**
 * The reason, for skipped and failed.
 */
reason: string | null, };

export type RunEntry = { 
/**
 * The step it is about.
 */
step: string | null, 
/**
 * The decision option, the note text, or the evidence's file name.
 */
text: string, 
/**
 * The rationale, or the evidence's description.
 */
detail: string, 
/**
 * The evidence's SHA-256, hex.
 */
sha256: string | null, 
/**
 * The evidence's size in bytes.
 */
size: number | null, 
/**
 * Who.
 */
by: string, 
/**
 * When (RFC 3339).
 */
at: string, };

export type Assignment = { 
/**
 * The role id.
 */
role: string, 
/**
 * The person.
 */
person: string, };

export type RunView = { 
/**
 * What the dashboard shows of it.
 */
summary: RunSummary, 
/**
 * Every step, in playbook order.
 */
steps: Array<StepView>, 
/**
 * Role ids that may be assigned.
 */
roles: Array<string>, 
/**
 * Who holds which role.
 */
assignments: Array<Assignment>, 
/**
 * The role that signs the run off.
 */
signOffRole: string, 
/**
 * The sign-off statement, once closed.
 */
signOffStatement: string | null, 
/**
 * Decisions taken.
 */
decisions: Array<RunEntry>, 
/**
 * Notes.
 */
notes: Array<RunEntry>, 
/**
 * Evidence attached.
 */
evidence: Array<RunEntry>, 
/**
 * Sequence number of the run's last journal event: what is shown is committed up to it.
 */
lastSeq: number, };

export type RunAction = { "action": "start", 
/**
 * The step.
 */
step: string, } | { "action": "complete", 
/**
 * The step.
 */
step: string, } | { "action": "skip", 
/**
 * The step.
 */
step: string, 
/**
 * Why.
 */
reason: string, } | { "action": "fail", 
/**
 * The step.
 */
step: string, 
/**
 * What went wrong.
 */
reason: string, } | { "action": "decide", 
/**
 * The step.
 */
step: string, 
/**
 * The option.
 */
option: string, 
/**
 * Why.
 */
rationale: string, } | { "action": "note", 
/**
 * The step it is about.
 */
step: string | null, 
/**
 * The text.
 */
text: string, } | { "action": "assignRole", 
/**
 * The role id.
 */
role: string, 
/**
 * The person.
 */
person: string, } | { "action": "close", 
/**
 * What the signer declares.
 */
statement: string, };

export type JournalFilter = { 
/**
 * Events of this run.
 */
run: string | null, 
/**
 * By this actor.
 */
actor: string | null, 
/**
 * Of this kind.
 */
kind: string | null, 
/**
 * At or after (RFC 3339).
 */
from: string | null, 
/**
 * At or before (RFC 3339).
 */
to: string | null, };

export type JournalEventView = { 
/**
 * Sequence number.
 */
seq: number, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who.
 */
actor: string, 
/**
 * In which role.
 */
role: string | null, 
/**
 * On which machine.
 */
host: string, 
/**
 * What happened.
 */
kind: string, 
/**
 * The run.
 */
run: string | null, 
/**
 * The payload, as compact JSON (a run's start shows its title and playbook only).
 */
payload: string, 
/**
 * The event's hash, hex.
 */
hash: string, };

export type RunRef = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: string, };

export type JournalPage = { 
/**
 * Matching events, in order; the newest [`crate::JOURNAL_PAGE_LIMIT`] when more match.
 */
events: Array<JournalEventView>, 
/**
 * How many events match the filter.
 */
matching: number, 
/**
 * Events in the whole journal.
 */
total: number, 
/**
 * Every run.
 */
runs: Array<RunRef>, 
/**
 * Every actor.
 */
actors: Array<string>, 
/**
 * Every kind.
 */
kinds: Array<string>, };

export type JournalCheck = { 
/**
 * Whether the chain (and the checkpoint, when given) holds.
 */
intact: boolean, 
/**
 * Events checked.
 */
count: number, 
/**
 * The last event's hash, hex.
 */
headHash: string, 
/**
 * The first bad sequence number.
 */
breakSeq: number | null, 
/**
 * What is wrong there.
 */
breakReason: string | null, 
/**
 * Whether a checkpoint was compared too.
 */
checkpointCompared: boolean, };

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

export type RecordKind = "incident" | "exercise";

export type RecordableRun = { 
/**
 * The run id.
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * The record it gives.
 */
kind: RecordKind, 
/**
 * The playbook's title (English).
 */
playbook: string, 
/**
 * When it began (RFC 3339, UTC).
 */
startedAt: string, 
/**
 * Whether it is closed and signed off.
 */
closed: boolean, 
/**
 * Its journal events.
 */
eventCount: number, };

export type ProducedRecord = { 
/**
 * Where it was written.
 */
path: string, 
/**
 * Incident record or exercise report.
 */
kind: RecordKind, 
/**
 * The human reference, such as `INC-2026-1A2B3C4D`.
 */
reference: string, 
/**
 * Pages.
 */
pages: number, 
/**
 * Size in bytes.
 */
bytes: number, 
/**
 * The signer (certificate subject).
 */
signer: string, 
/**
 * Journal events covered by the printed checkpoint.
 */
checkpointCount: number, 
/**
 * The printed checkpoint's head hash.
 */
checkpointHead: string, };

export type SignatureCheck = { 
/**
 * The signer's name in the signature.
 */
signer: string, 
/**
 * The signing time as written.
 */
signedAt: string, 
/**
 * The certificate's subject.
 */
subject: string, 
/**
 * SHA-256 fingerprint of the certificate.
 */
fingerprint: string, 
/**
 * The signed bytes are unchanged (digest matches).
 */
digestMatches: boolean, 
/**
 * The signature itself verifies with the certificate's key.
 */
signatureValid: boolean, 
/**
 * It covers the whole file (nothing appended after signing).
 */
coversWholeFile: boolean, 
/**
 * The certificate was valid when signing.
 */
validAtSigning: boolean, 
/**
 * It chains to the own signing identity; `null` when no identity is at hand.
 */
trusted: boolean | null, };

export type RecordVerdict = { 
/**
 * The file checked.
 */
path: string, 
/**
 * `true` when every check passed.
 */
valid: boolean, 
/**
 * The verdict in one plain sentence.
 */
summary: string, 
/**
 * Every problem found, in words.
 */
problems: Array<string>, 
/**
 * The signatures found.
 */
signatures: Array<SignatureCheck>, 
/**
 * Journal events in the record's checkpoint, if it has one.
 */
checkpointCount: number | null, 
/**
 * The checkpoint's head hash.
 */
checkpointHead: string | null, 
/**
 * Whether the checkpoint matches this machine's journal.
 */
checkpointMatchesJournal: boolean | null, };

export type SigningIdentity = { 
/**
 * Whether an identity exists.
 */
exists: boolean, 
/**
 * The organisation it will be generated for (from the workspace).
 */
organisation: string, 
/**
 * Certificate subject.
 */
subject: string | null, 
/**
 * Certificate issuer.
 */
issuer: string | null, 
/**
 * SHA-256 fingerprint of the certificate.
 */
fingerprint: string | null, 
/**
 * Start of validity.
 */
notBefore: string | null, 
/**
 * End of validity.
 */
notAfter: string | null, };

/** Calls a backend command by name; the platform module supplies it. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every backend command, typed. */
export function commands(invoke: Invoke) {
  return {
    /** The workspace and database in use, and the definition files found. */
    workspaceOverview: (): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("workspace_overview"),
    /** Saves a folder as the workspace and returns its overview. */
    chooseWorkspace: (path: string): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("choose_workspace", { path }),
    /** Who uses this computer, in which role, the language and the workspace folder. */
    settings: (): Promise<Settings> => invoke<Settings>("settings"),
    /** Saves the user's name, role and language. */
    saveSettings: (input: SettingsInput): Promise<Settings> => invoke<Settings>("save_settings", { input }),
    /** The playbooks one can start, the incident procedure first. */
    playbookList: (): Promise<PlaybookSummary[]> => invoke<PlaybookSummary[]>("playbook_list"),
    /** Every run, newest first, with phase, current step and clocks. */
    runList: (): Promise<RunSummary[]> => invoke<RunSummary[]>("run_list"),
    /** Starts an incident or a drill from a playbook. */
    runStart: (playbook: string, mode: string, title: string): Promise<RunView> => invoke<RunView>("run_start", { playbook, mode, title }),
    /** One run: every step, roles, decisions, notes and evidence. */
    runView: (run: string): Promise<RunView> => invoke<RunView>("run_view", { run }),
    /** Records an action in a run; returns the run as committed in the journal. */
    runAct: (run: string, action: RunAction): Promise<RunView> => invoke<RunView>("run_act", { run, action }),
    /** Copies a file into the evidence store and records it (SHA-256) in a run. */
    runAttach: (run: string, path: string, step: string | null, description: string): Promise<RunView> => invoke<RunView>("run_attach", { run, path, step, description }),
    /** The journal's events matching a filter, with the filter's choices. */
    journalPage: (filter: JournalFilter): Promise<JournalPage> => invoke<JournalPage>("journal_page", { filter }),
    /** Verifies the journal's chain, and against a checkpoint file when given. */
    journalCheck: (checkpoint: string | null): Promise<JournalCheck> => invoke<JournalCheck>("journal_check", { checkpoint }),
    /** Writes the whole journal as json or csv to a file; returns the event count. */
    journalExportFile: (format: string, path: string): Promise<number> => invoke<number>("journal_export_file", { format, path }),
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
    /** Every run, newest first, with the record it gives (incident record or exercise report). */
    recordableRuns: (): Promise<RecordableRun[]> => invoke<RecordableRun[]>("recordable_runs"),
    /** Produces the record of a run, signs it with the identity the passphrase unlocks, and saves it at path. */
    produceRecord: (run: string, language: string, passphrase: string, path: string): Promise<ProducedRecord> => invoke<ProducedRecord>("produce_record", { run, language, passphrase, path }),
    /** Verifies a record file: signature, whole-file coverage, certificate, checkpoint against the journal. */
    verifyRecord: (path: string): Promise<RecordVerdict> => invoke<RecordVerdict>("verify_record", { path }),
    /** The signing identity's certificate, if there is one. */
    signingIdentity: (): Promise<SigningIdentity> => invoke<SigningIdentity>("signing_identity"),
    /** Generates the signing identity in the organisation's name; the passphrase is typed twice. */
    generateIdentity: (passphrase: string, again: string, replace: boolean): Promise<SigningIdentity> => invoke<SigningIdentity>("generate_identity", { passphrase, again, replace }),
    /** Imports the signing identity from a PKCS#12 file. */
    importIdentity: (path: string, filePassphrase: string, passphrase: string, again: string, replace: boolean): Promise<SigningIdentity> => invoke<SigningIdentity>("import_identity", { path, filePassphrase, passphrase, again, replace }),
  };
}

/** The typed command set. */
export type Commands = ReturnType<typeof commands>;
