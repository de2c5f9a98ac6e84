// Generated from crates/api by `UPDATE_EXPECT=1 cargo test -p vakt-api`. Do not edit.

export type ErrorCode = "workspace_not_found" | "database_too_new" | "wrong_passphrase" | "weak_passphrase" | "invalid_request" | "forbidden" | "unavailable" | "locked" | "failed";

export type ApiError = { 
/**
 * What the UI may act on.
 */
code: ErrorCode, 
/**
 * What happened, in words a responder understands.
 */
message: string, };

export type WorkspaceOverviewRequest = Record<symbol, never>;

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

export type WorkspaceSource = "flag" | "environment" | "setting" | "embedded_demo";

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

export type ChooseWorkspaceRequest = { 
/**
 * The folder.
 */
path: string, };

export type SettingsRequest = Record<symbol, never>;

export type UserRole = "responder" | "incident-manager" | "auditor";

export type Settings = { 
/**
 * The role they claim to act in (the auditor changes nothing; a responder takes the role
 * they hold in the run). Who they are is the person (`me`), not a setting.
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
 * The role they claim to act in.
 */
role: UserRole, 
/**
 * `en` or `nl`.
 */
language: string, };

export type SaveSettingsRequest = { 
/**
 * The new values.
 */
input: SettingsInput, };

export type PlaybookListRequest = Record<symbol, never>;

export type Localized = { 
/**
 * English.
 */
en: string, 
/**
 * Dutch (English where the definition gives no Dutch).
 */
nl: string, };

export type PlaybookCategory = "incident" | "dr";

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
 * Incident procedure or disaster recovery.
 */
category: PlaybookCategory, 
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

export type RunListRequest = Record<symbol, never>;

export type StepStatusName = "pending" | "active" | "started" | "done" | "skipped" | "failed" | "not-applicable";

export type ActiveStep = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * Its track, if any.
 */
track: string | null, 
/**
 * The role that does it.
 */
role: string, 
/**
 * Who holds that role in the run.
 */
holder: string | null, 
/**
 * Active, started or failed.
 */
status: StepStatusName, };

export type ClockStateName = "pending" | "running" | "met" | "missed" | "not-applicable" | "stopped";

export type RuledOutView = { 
/**
 * The decision step (or the step whose being ruled out carried over).
 */
step: string, 
/**
 * Its title.
 */
stepTitle: Localized, 
/**
 * The option chosen, when a decision did it directly.
 */
option: string | null, 
/**
 * Its title.
 */
optionTitle: Localized | null, };

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
 * The moment it counts from.
 */
from: string, 
/**
 * The moment that stops it, if any.
 */
stopsWhen: string | null, 
/**
 * The deadline (RFC 3339, UTC), once the moment it counts from is recorded.
 */
deadline: string | null, 
/**
 * Where it stands at the backend's time of asking.
 */
state: ClockStateName, 
/**
 * Missed and still open (no stop moment, the run open): only ever for a clock that applies.
 */
overdue: boolean, 
/**
 * When it was met, or stopped by the close.
 */
metAt: string | null, 
/**
 * Seconds to spare when met.
 */
marginSeconds: number | null, 
/**
 * Seconds late when missed (until now while overdue).
 */
missedBySeconds: number | null, 
/**
 * The decision that made it not apply.
 */
ruledOut: RuledOutView | null, };

export type RunMode = "incident" | "drill";

export type RunPhase = "starting" | "responding" | "sign-off" | "closed";

export type RunSummary = { 
/**
 * Its id.
 */
id: string, 
/**
 * Incident or drill.
 */
mode: RunMode, 
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
 * Where the run stands.
 */
phase: RunPhase, 
/**
 * Every step to work on now, in playbook order.
 */
activeSteps: Array<ActiveStep>, 
/**
 * Steps behind (done or skipped).
 */
stepsDone: number, 
/**
 * Steps ruled out by decisions.
 */
stepsNotApplicable: number, 
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

export type RunStartRequest = { 
/**
 * The playbook's id.
 */
playbook: string, 
/**
 * Incident or drill.
 */
mode: RunMode, 
/**
 * A short title for the run.
 */
title: string, };

export type Assignment = { 
/**
 * The role id.
 */
role: string, 
/**
 * The person.
 */
person: string, };

export type ConcurrentView = { 
/**
 * The journal event's id.
 */
event: string, 
/**
 * Its kind.
 */
kind: string, 
/**
 * The step, if any.
 */
step: string | null, 
/**
 * The option, for a decision.
 */
option: string | null, 
/**
 * Who.
 */
by: string, 
/**
 * The host of the device it was done from, as the event claims.
 */
device: string | null, 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Why it did not count.
 */
reason: string, };

export type ConflictAnswerView = { 
/**
 * The `decision.taken` event's id.
 */
event: string, 
/**
 * The option chosen.
 */
option: string, 
/**
 * The option's title.
 */
optionTitle: Localized, 
/**
 * Who (their name).
 */
by: string, 
/**
 * The device's host name.
 */
host: string, 
/**
 * When (RFC 3339).
 */
at: string, };

export type ConflictView = { 
/**
 * The decision step.
 */
step: string, 
/**
 * Its title.
 */
stepTitle: Localized, 
/**
 * The answers, the first the one that counted when the conflict arose.
 */
answers: Array<ConflictAnswerView>, 
/**
 * The incident manager's settling decision, once taken.
 */
settled: ConflictAnswerView | null, };

export type Fact = { 
/**
 * Its name (the template's placeholder).
 */
name: string, 
/**
 * Its text; empty when not recorded.
 */
value: string, };

export type MomentView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * Whether every run knows it (occurrence, detection, …) rather than this playbook.
 */
builtIn: boolean, 
/**
 * When it happened, as claimed (RFC 3339); `null` while not recorded.
 */
claimedAt: string | null, 
/**
 * When it was recorded (the journal's time).
 */
recordedAt: string | null, 
/**
 * Why the claimed time is earlier than the recording.
 */
reason: string | null, 
/**
 * Who recorded it.
 */
by: string | null, 
/**
 * How: `by hand`, `step <id>`, `notification <id>` or `close`.
 */
source: string | null, };

export type NotificationStateName = "to-do" | "drafted" | "sent" | "acknowledged" | "not-applicable";

export type NotificationView = { 
/**
 * The playbook's notification id.
 */
notification: string, 
/**
 * The affected customer, for a notice to each affected customer.
 */
customer: string | null, 
/**
 * The recipient as the playbook names it (a contact id, or a group).
 */
recipient: string, 
/**
 * Its title.
 */
title: Localized, 
/**
 * The clock whose stop moment sending it records.
 */
clock: string | null, 
/**
 * The step it belongs to.
 */
step: string | null, 
/**
 * The template it is drafted from, if any.
 */
template: string | null, 
/**
 * Where it stands.
 */
state: NotificationStateName, 
/**
 * When a draft was recorded.
 */
draftedAt: string | null, 
/**
 * When it was sent, as claimed.
 */
sentAt: string | null, 
/**
 * When the sending was recorded.
 */
sentRecordedAt: string | null, 
/**
 * Who sent it.
 */
sentBy: string | null, 
/**
 * How.
 */
channel: string | null, 
/**
 * Why the sending time is earlier than its recording.
 */
sentReason: string | null, 
/**
 * When the recipient acknowledged it.
 */
acknowledgedAt: string | null, 
/**
 * A reference or remark with the acknowledgement.
 */
acknowledgement: string | null, 
/**
 * The decision that made it not apply.
 */
ruledOut: RuledOutView | null, };

export type OverrideView = { 
/**
 * The step.
 */
step: string, 
/**
 * The journal event kind (`step.completed`, `decision.taken`, …).
 */
action: string, 
/**
 * The step's role.
 */
role: string, 
/**
 * Who held it then.
 */
holder: string | null, 
/**
 * Who acted.
 */
by: string, 
/**
 * Why.
 */
reason: string, 
/**
 * When (RFC 3339).
 */
at: string, };

export type RecordSignedOffView = { 
/**
 * The sign-off role they signed in (the first, when several).
 */
role: string, 
/**
 * Every sign-off role they signed in.
 */
roles: Array<string>, 
/**
 * Their person id.
 */
person: string, 
/**
 * Their name.
 */
name: string, 
/**
 * Hex SHA-256 of the signed record file.
 */
recordSha256: string, 
/**
 * Hex SHA-256 of their certificate.
 */
certificateSha256: string, 
/**
 * The signing time (RFC 3339).
 */
signedAt: string, };

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
 * The evidence request it answers.
 */
request: string | null, 
/**
 * Who.
 */
by: string, 
/**
 * The host of the device it was done from, as the event claims.
 */
device: string | null, 
/**
 * When (RFC 3339).
 */
at: string, };

export type EvidenceRequestView = { 
/**
 * Its id (name it when attaching).
 */
id: string, 
/**
 * What to attach.
 */
title: Localized, 
/**
 * Whether the step cannot be completed without it.
 */
required: boolean, 
/**
 * Whether evidence answering it is attached.
 */
satisfied: boolean, };

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
 * Who holds that role in the run.
 */
holder: string | null, 
/**
 * Its track, if any.
 */
track: string | null, 
/**
 * The steps it waits for, all of them.
 */
after: Array<string>, 
/**
 * The steps it waits for, any one of them.
 */
afterAny: Array<string>, 
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
evidenceRequests: Array<EvidenceRequestView>, 
/**
 * The decision's question, for a decision step.
 */
question: Localized | null, 
/**
 * The decision's options.
 */
options: Array<OptionView>, 
/**
 * Where the step stands.
 */
status: StepStatusName, 
/**
 * When the status began (RFC 3339).
 */
statusAt: string | null, 
/**
 * Who set it.
 */
statusBy: string | null, 
/**
 * The host of the device it was set from, as the event claims.
 */
statusDevice: string | null, 
/**
 * The reason, for skipped and failed.
 */
reason: string | null, 
/**
 * What ruled it out, when not applicable.
 */
ruledOut: RuledOutView | null, 
/**
 * How often it is to be done (more than 1 once a decision reopened it).
 */
visits: number, };

export type TrackView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its title.
 */
title: Localized, };

export type MetricsView = { 
/**
 * Occurrence → detection.
 */
toDetect: number | null, 
/**
 * Detection → report.
 */
toReport: number | null, 
/**
 * Detection → containment.
 */
toContain: number | null, 
/**
 * Detection → eradication.
 */
toEradicate: number | null, 
/**
 * Detection → recovery.
 */
toRecover: number | null, 
/**
 * Detection → closure.
 */
toClose: number | null, };

export type RunView = { 
/**
 * What the dashboard shows of it.
 */
summary: RunSummary, 
/**
 * The playbook's tracks, in order.
 */
tracks: Array<TrackView>, 
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
 * Every moment the run knows (built in first, then the playbook's), recorded or not.
 */
moments: Array<MomentView>, 
/**
 * Times between the moments.
 */
metrics: MetricsView, 
/**
 * Actions taken outside one's role, with the reason.
 */
overrides: Array<OverrideView>, 
/**
 * Actions that did not count.
 */
concurrent: Array<ConcurrentView>, 
/**
 * Decisions answered differently by two people, open and settled.
 */
conflicts: Array<ConflictView>, 
/**
 * The notifications register.
 */
notifications: Array<NotificationView>, 
/**
 * Every fact the notifications can use, in a fixed order.
 */
facts: Array<Fact>, 
/**
 * Customers recorded as affected.
 */
affectedCustomers: Array<string>, 
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
lastSeq: number, 
/**
 * The record's signatures by persons (`record.signed_off`), in order.
 */
recordSignedOff: Array<RecordSignedOffView>, };

export type RunViewRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, };

export type RunAction = { "action": "start", 
/**
 * The step.
 */
step: string, 
/**
 * Why someone not holding the step's role acts on it.
 */
overrideReason?: string | null, } | { "action": "complete", 
/**
 * The step.
 */
step: string, 
/**
 * Why someone not holding the step's role acts on it.
 */
overrideReason?: string | null, } | { "action": "skip", 
/**
 * The step.
 */
step: string, 
/**
 * Why.
 */
reason: string, 
/**
 * Why someone not holding the step's role acts on it.
 */
overrideReason?: string | null, } | { "action": "fail", 
/**
 * The step.
 */
step: string, 
/**
 * What went wrong.
 */
reason: string, 
/**
 * Why someone not holding the step's role acts on it.
 */
overrideReason?: string | null, } | { "action": "decide", 
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
rationale: string, 
/**
 * Why someone not holding the step's role acts on it.
 */
overrideReason?: string | null, } | { "action": "note", 
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
person: string, } | { "action": "releaseRole", 
/**
 * The role id.
 */
role: string, } | { "action": "moment", 
/**
 * The moment's id.
 */
moment: string, 
/**
 * When (RFC 3339); `null` means now.
 */
at: string | null, 
/**
 * Why the time is earlier than now ("the phishing mail arrived at 08:31").
 */
reason?: string | null, } | { "action": "facts", 
/**
 * The facts.
 */
facts: Array<Fact>, } | { "action": "affectedCustomer", 
/**
 * The customer.
 */
customer: string, } | { "action": "notificationDrafted", 
/**
 * The notification's id.
 */
notification: string, 
/**
 * The customer, for a notice to each affected customer.
 */
customer: string | null, } | { "action": "notificationSent", 
/**
 * The notification's id.
 */
notification: string, 
/**
 * The customer, for a notice to each affected customer.
 */
customer: string | null, 
/**
 * How (e-mail, portal, telephone).
 */
channel: string, 
/**
 * When (RFC 3339); `null` means now.
 */
at: string | null, 
/**
 * Why the time is earlier than now.
 */
reason?: string | null, } | { "action": "notificationAcknowledged", 
/**
 * The notification's id.
 */
notification: string, 
/**
 * The customer, for a notice to each affected customer.
 */
customer: string | null, 
/**
 * When (RFC 3339); `null` means now.
 */
at: string | null, 
/**
 * A reference or remark (the authority's case number).
 */
note?: string | null, } | { "action": "close", 
/**
 * What the signer declares.
 */
statement: string, };

export type RunActRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * What is done.
 */
action: RunAction, };

export type NotificationDraftRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The notification's id.
 */
notification: string, 
/**
 * The customer, for a notice to each affected customer.
 */
customer: string | null, 
/**
 * `en` or `nl`.
 */
language: string, 
/**
 * A file to write the draft to as well.
 */
saveTo: string | null, };

export type NotificationDraft = { 
/**
 * The notification's id.
 */
notification: string, 
/**
 * The customer, for a notice to each affected customer.
 */
customer: string | null, 
/**
 * `en` or `nl`.
 */
language: string, 
/**
 * The template file, relative to the workspace.
 */
template: string, 
/**
 * The message.
 */
text: string, 
/**
 * Placeholders without a fact, left visible in the text as `[missing: name]`.
 */
missing: Array<string>, 
/**
 * The file the draft was saved to, when asked.
 */
savedTo: string | null, };

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
to: string | null, 
/**
 * Only events older than this sequence number (the next page back); `null` for the newest.
 */
before: number | null, };

export type JournalPageRequest = { 
/**
 * Which events.
 */
filter: JournalFilter, };

export type ReceiptView = { 
/**
 * The database login that sent it.
 */
login: string, 
/**
 * The client address the server saw (none over a local socket).
 */
address: string | null, 
/**
 * The server's time (RFC 3339).
 */
serverTime: string, 
/**
 * The server's sequence number.
 */
serverSeq: number, };

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
 * The person's id (SHA-256 of their public key), when the event names one.
 */
person: string | null, 
/**
 * The operating-system login.
 */
osUser: string, 
/**
 * Its uid.
 */
osUid: number | null, 
/**
 * The machine's non-loopback addresses at that moment.
 */
addresses: Array<string>, 
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
hash: string, 
/**
 * The device whose chain holds it (its id), for second-version events.
 */
device: string | null, 
/**
 * The team server's receipt, once the server holds the event.
 */
receipt: ReceiptView | null, };

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

export type JournalCheckRequest = { 
/**
 * A checkpoint file (`{"count": …, "head_hash": …}`) to compare the journal with.
 */
checkpoint: string | null, };

export type EvidenceFinding = { 
/**
 * SHA-256 the journal records, hex.
 */
sha256: string, 
/**
 * The items that hold it: their names, escaped.
 */
names: Array<string>, 
/**
 * Their ids.
 */
items: Array<string>, 
/**
 * The digest found (for a modified copy).
 */
found: string | null, };

export type EvidenceVerdict = { 
/**
 * Every stored copy the journal names is there and unchanged.
 */
intact: boolean, 
/**
 * Stored copies rehashed.
 */
checked: number, 
/**
 * Bytes rehashed.
 */
bytes: number, 
/**
 * Items held by reference only (not checked).
 */
references: number, 
/**
 * Copies gone.
 */
missing: Array<EvidenceFinding>, 
/**
 * Copies that no longer hash to their name.
 */
modified: Array<EvidenceFinding>, 
/**
 * Files in the store that no item names.
 */
extra: Array<string>, 
/**
 * Leftover `.part` files of interrupted copies.
 */
leftovers: number, };

export type JournalCheck = { 
/**
 * Whether the chain (and the checkpoint, when given) holds and every stored evidence copy
 * is there and unchanged.
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
checkpointCompared: boolean, 
/**
 * The evidence store rehashed against the journal (`vakt evidence verify`).
 */
evidence?: EvidenceVerdict, };

export type ExportFormat = "json" | "csv";

export type JournalExportFileRequest = { 
/**
 * JSON or CSV.
 */
format: ExportFormat, 
/**
 * The file to write.
 */
path: string, };

export type JournalExported = { 
/**
 * The file written.
 */
path: string, 
/**
 * How many events.
 */
count: number, };

export type TopologyGraphRequest = Record<symbol, never>;

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

export type StoreChoice = { 
/**
 * The store id.
 */
id: string, 
/**
 * Its name.
 */
name: string, };

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

export type TopologyImpactRequest = { 
/**
 * The failed nodes' ids.
 */
failed: Array<string>, };

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

export type TopologySpofsRequest = Record<symbol, never>;

export type SpofPath = { 
/**
 * The node.
 */
id: string, 
/**
 * The service, what it needs, … down to this node.
 */
path: Array<string>, };

export type ServiceSpofView = { 
/**
 * The service.
 */
id: string, 
/**
 * Each node whose loss alone takes it down, with the path by which it does.
 */
spofs: Array<SpofPath>, };

export type SpofView = { 
/**
 * One entry per service.
 */
services: Array<ServiceSpofView>, };

export type TopologyCutSetsRequest = { 
/**
 * The service's id.
 */
service: string, 
/**
 * Skip the pair search when the service depends on more nodes than this; default:
 * the analysis's bound.
 */
maxCone?: number, 
/**
 * List at most this many pairs; default: the analysis's bound.
 */
maxPairs?: number, 
/**
 * A name for this search, so `task_progress` can follow it and `task_cancel` stop it.
 */
task?: string, };

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

export type TaskProgressRequest = { 
/**
 * The task's name, as its request gave it.
 */
task: string, };

export type TaskProgress = { 
/**
 * The task's name, as the request gave it.
 */
task: string, 
/**
 * Whether it is still running (false: finished, or never started under this name).
 */
running: boolean, 
/**
 * Units done so far.
 */
done: number, 
/**
 * Units in all (0 while unknown).
 */
total: number, 
/**
 * Results found so far.
 */
found: number, 
/**
 * Whether a cancel was asked for.
 */
cancelled: boolean, };

export type TaskCancelRequest = { 
/**
 * The task's name, as its request gave it.
 */
task: string, };

export type TopologyRecoveryRequest = { 
/**
 * The failed nodes' ids.
 */
failed: Array<string>, 
/**
 * How many crews work in parallel.
 */
crews: number, };

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

export type InjectionInput = { 
/**
 * The node to fail.
 */
node: string, 
/**
 * Seconds after the drill starts.
 */
atSeconds: number, };

export type DrillInput = { 
/**
 * The scenario's name.
 */
name: string, 
/**
 * The injected failures, in any order.
 */
injections: Array<InjectionInput>, };

export type TopologyDrillRequest = { 
/**
 * The drill's injections.
 */
drill: DrillInput, };

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

export type DrillView = { 
/**
 * The scenario's name.
 */
name: string, 
/**
 * The moments, in time order.
 */
moments: Array<DrillMomentView>, };

export type RestoreItem = "any" | "changed" | "deleted";

export type TopologyRestorePointRequest = { 
/**
 * The store's id.
 */
store: string, 
/**
 * The whole store, a changed item or a deleted one.
 */
item: RestoreItem, 
/**
 * The moment wanted: RFC 3339, or a date (midnight UTC).
 */
wanted: string, };

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

export type RecordableRunsRequest = Record<symbol, never>;

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

export type RecordLanguage = "en" | "nl";

export type ProduceRecordRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The record's language.
 */
language: RecordLanguage, 
/**
 * Unlocks the signing key; `null` makes an unsigned record.
 */
passphrase: string | null, 
/**
 * Where to save it.
 */
path: string, 
/**
 * The record expected (the CLI's `record incident|exercise`); refused when the run
 * gives the other. Default: the one the run gives.
 */
kind?: RecordKind, 
/**
 * The signature's reason; default: the record's kind.
 */
reason?: string, 
/**
 * The signature's location; default: none.
 */
location?: string, };

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
 * The signer (certificate subject); `null` for an unsigned record.
 */
signer: string | null, 
/**
 * Journal events covered by the printed checkpoint.
 */
checkpointCount: number, 
/**
 * The printed checkpoint's head hash.
 */
checkpointHead: string, };

export type VerifyRecordRequest = { 
/**
 * The record file.
 */
path: string, 
/**
 * A certificate (PEM or DER) to trust besides the own signing identity.
 */
trust: string | null, 
/**
 * More certificates to trust (the CLI's repeated `--trust`).
 */
alsoTrust?: Array<string>, };

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
trusted: boolean | null, 
/**
 * The signature's reason, as written.
 */
reason?: string, 
/**
 * The signature's location, as written.
 */
location?: string, 
/**
 * Certification, approval or document-timestamp.
 */
kind?: string, 
/**
 * The certificate path, signer first (common names).
 */
path?: Array<string>, 
/**
 * Hex SHA-256 of the signer's public key: the signing person's id.
 */
keyFingerprint?: string, 
/**
 * The person the record's sign-off list names for this key, if it names one.
 */
person?: string, 
/**
 * The sign-off roles the record's list gives that person (empty for a seal or a
 * signature the list does not name).
 */
roles?: Array<string>, };

export type TrustVerdict = "valid" | "untrusted" | "broken";

export type RecordVerdict = { 
/**
 * The file checked.
 */
path: string, 
/**
 * `true` when the verdict is valid.
 */
valid: boolean, 
/**
 * Valid, intact but signer not trusted, or broken.
 */
verdict?: TrustVerdict, 
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

export type SigningIdentityRequest = Record<symbol, never>;

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

export type SigningAlgorithm = "rsa3072" | "p256";

export type GenerateIdentityRequest = { 
/**
 * Protects the key.
 */
passphrase: string, 
/**
 * The passphrase again.
 */
again: string, 
/**
 * Replace an existing identity.
 */
replace: boolean, 
/**
 * The organisation's name; default: the workspace's.
 */
organisation: string | null, 
/**
 * The key algorithm; default: RSA 3072.
 */
algorithm?: SigningAlgorithm, };

export type ImportIdentityRequest = { 
/**
 * The PKCS#12 file.
 */
path: string, 
/**
 * The file's own passphrase.
 */
filePassphrase: string, 
/**
 * The new passphrase protecting the key here.
 */
passphrase: string, 
/**
 * The passphrase again.
 */
again: string, 
/**
 * Replace an existing identity.
 */
replace: boolean, };

export type RecordSignOffsRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, };

export type SignOffSlot = { 
/**
 * The role id.
 */
role: string, 
/**
 * Its holder as the run records it (empty when nobody holds it).
 */
holder: string, 
/**
 * The holder's person id, when their key is in this data directory.
 */
person: string | null, 
/**
 * The holder's name as their person says, when their key is here.
 */
name: string | null, 
/**
 * Whether the holder's key is in this data directory (they can sign here).
 */
keyHere: boolean, };

export type SignOffRecordRequest = { 
/**
 * The run (id or unique prefix) whose record is made and signed first.
 */
run?: string, 
/**
 * A record file to add this person's signature to (instead of `run`).
 */
input?: string, 
/**
 * The person signing: their id, a unique prefix of it, or their name.
 */
person: string, 
/**
 * Unlocks the person's key.
 */
passphrase: string, 
/**
 * Where to save the signed record (may be the input).
 */
path: string, 
/**
 * The record's language (run mode); default English.
 */
language?: RecordLanguage, 
/**
 * A time-stamping authority (its RFC 3161 URL): the signature gets a timestamp;
 * when it cannot be reached the record is signed without one and the answer says so.
 */
tsa?: string, };

export type SignedOffRecord = { 
/**
 * Where it was written.
 */
path: string, 
/**
 * Size in bytes.
 */
bytes: number, 
/**
 * The record made, when it was made now from the run (`null` when a file was signed).
 */
kind: RecordKind | null, 
/**
 * Its pages, when it was made now.
 */
pages: number | null, 
/**
 * The person's id (hex SHA-256 of their public key).
 */
person: string, 
/**
 * The person's name.
 */
name: string, 
/**
 * The sign-off roles they signed in.
 */
roles: Array<string>, 
/**
 * Whether this signature certifies the record (the first one: only further signatures are
 * allowed after it).
 */
certification: boolean, 
/**
 * The signatures in the file now.
 */
signatures: number, 
/**
 * Hex SHA-256 of the certificate they signed with.
 */
certificateFingerprint: string, 
/**
 * What happened to the signature timestamp, when a time-stamping authority was given.
 */
timestamp: string | null, 
/**
 * Those still to sign off, as "role: name".
 */
waiting: Array<string>, 
/**
 * Hex SHA-256 of the signed file as written.
 */
recordSha256: string, 
/**
 * The run whose journal now holds the sign-off (`record.signed_off`); `null` when the
 * file's record belongs to no run of this data directory.
 */
journaledIn: string | null, };

export type TopologyFailoverRequest = { 
/**
 * The node failing over.
 */
from: string, 
/**
 * The proposed target.
 */
to: string, };

export type FailoverView = { 
/**
 * The node failing over.
 */
from: string, 
/**
 * The proposed target.
 */
to: string, 
/**
 * Whether the target keeps the data in the EU/EEA.
 */
allowed: boolean, 
/**
 * Why it is refused, each with the path by which data would leave (empty when allowed).
 */
reasons: Array<string>, 
/**
 * Remarks that do not refuse it.
 */
remarks: Array<string>, };

export type EvidenceMethod = "copied-file" | "screenshot" | "export" | "memory-image" | "disk-image" | "other";

export type EvidenceAttachRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The file.
 */
path: string, 
/**
 * The step it belongs to.
 */
step: string | null, 
/**
 * The step's evidence request it answers (a required request is met by evidence
 * naming it, or naming none).
 */
request?: string, 
/**
 * What it shows.
 */
description: string, 
/**
 * How it was obtained.
 */
method: EvidenceMethod, 
/**
 * Who collected it (default: you).
 */
collectedBy: string | null, 
/**
 * When it was collected, RFC 3339 (default: now).
 */
collectedAt: string | null, 
/**
 * The machine it came from (default: this one).
 */
sourceHost: string | null, 
/**
 * The system it came from (an EDR console, a mail gateway).
 */
sourceSystem: string | null, 
/**
 * Hash it in place and keep only a reference (large disk or memory images).
 */
byReference: boolean, 
/**
 * The largest copy in bytes (default 4 GiB).
 */
copyLimit: number | null, 
/**
 * A name for this intake, so `task_progress` can follow it (bytes read of the file's
 * size) and `task_cancel` stop it (nothing is kept then).
 */
task?: string, };

export type EvidenceRegisterRequest = { 
/**
 * The run's id or a unique prefix of it; every run when `null`.
 */
run: string | null, };

export type CustodyEvent = { "action": "viewed" } | { "action": "exported", 
/**
 * Where.
 */
to: string, } | { "action": "handedOver", 
/**
 * To whom.
 */
to: string, 
/**
 * Why.
 */
purpose: string, };

export type CustodyEntryView = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who.
 */
by: string, 
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
event: CustodyEvent, };

export type EvidenceItemView = { 
/**
 * The item's id (its `evidence.attached` event).
 */
id: string, 
/**
 * The run.
 */
run: string, 
/**
 * The file's name, control and bidi characters escaped.
 */
name: string, 
/**
 * What it shows.
 */
description: string, 
/**
 * The step it belongs to.
 */
step: string | null, 
/**
 * SHA-256, hex.
 */
sha256: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * How it was obtained.
 */
method: EvidenceMethod, 
/**
 * Who collected it.
 */
collectedBy: string, 
/**
 * When it was collected (RFC 3339).
 */
collectedAt: string, 
/**
 * The machine it came from (empty for items recorded before the register).
 */
sourceHost: string, 
/**
 * The path it came from, escaped.
 */
sourcePath: string, 
/**
 * The system it came from.
 */
sourceSystem: string | null, 
/**
 * Whether a copy is in the store (else only a reference to `sourcePath`).
 */
heldCopy: boolean, 
/**
 * Who recorded it, when (RFC 3339), in which role.
 */
recordedBy: string, 
/**
 * When it was recorded (RFC 3339).
 */
recordedAt: string, 
/**
 * The recorder's role.
 */
role: string | null, 
/**
 * Every later event, in journal order.
 */
custody: Array<CustodyEntryView>, };

export type EvidenceVerifyRequest = Record<symbol, never>;

export type TeamEnrolRequest = { 
/**
 * The server's connection string with this person's login (else the saved one).
 */
server: string | null, };

export type TeamDevice = { 
/**
 * Its id.
 */
id: string, 
/**
 * Whether it is this data directory's device.
 */
thisDevice: boolean, 
/**
 * The person it was enrolled for (display name, as claimed).
 */
personName: string, 
/**
 * The person id, as claimed.
 */
person: string | null, 
/**
 * Its host name, as claimed.
 */
host: string, 
/**
 * The database login that enrolled it.
 */
login: string, 
/**
 * When it was enrolled (server time, RFC 3339).
 */
enrolledAt: string, 
/**
 * The administrator who approved it, once approved.
 */
approvedBy: string | null, 
/**
 * How many of its events the server holds.
 */
events: number, 
/**
 * The server time of its latest event (RFC 3339).
 */
lastSeen: string | null, };

export type TeamApproveRequest = { 
/**
 * The server's connection string (else this laptop's team server).
 */
server: string | null, 
/**
 * The device's id.
 */
device: string, };

export type TeamSyncRequest = { 
/**
 * The server's connection string (else this laptop's team server).
 */
server: string | null, };

export type TeamRefusal = { 
/**
 * The event's id.
 */
event: string, 
/**
 * Why it was refused.
 */
reason: string, };

export type TeamSynced = { 
/**
 * Events this device pushed.
 */
pushed: number, 
/**
 * Events pulled from the server.
 */
pulled: number, 
/**
 * Server receipts newly stored.
 */
receipts: number, 
/**
 * Events refused (by the server on push, here on pull).
 */
refused: Array<TeamRefusal>, };

export type TeamStatusRequest = Record<symbol, never>;

export type TeamChain = { 
/**
 * The device.
 */
device: string, 
/**
 * Its events held here.
 */
events: number, 
/**
 * Whether it is this data directory's device.
 */
thisDevice: boolean, 
/**
 * The person of its latest event held here (display name, as claimed).
 */
personName: string, 
/**
 * The host of its latest event held here, as claimed.
 */
host: string, 
/**
 * When its latest event held here was made (RFC 3339).
 */
lastAt: string | null, 
/**
 * Its events held here that the server has not acknowledged yet (no receipt): for this
 * device, not yet shared; for another, carried here by a bundle before its own sync.
 */
notShared: number, };

export type TeamLinkState = "off" | "connecting" | "connected" | "offline";

export type TeamLinkView = { 
/**
 * Where it stands.
 */
state: TeamLinkState, 
/**
 * Since when it is connected (RFC 3339).
 */
connectedSince: string | null, 
/**
 * Since when the server has been unreachable (RFC 3339), while offline.
 */
offlineSince: string | null, 
/**
 * When the last sync completed (RFC 3339).
 */
lastSync: string | null, 
/**
 * Why the last attempt failed, while offline.
 */
lastError: string | null, };

export type TeamStatus = { 
/**
 * The team server's connection string (no password), when one is set.
 */
server: string | null, 
/**
 * This device's id.
 */
device: string, 
/**
 * This device's events the server has not acknowledged yet (no receipt).
 */
notShared: number, 
/**
 * Events of any device held here without a server receipt.
 */
withoutReceipt: number, 
/**
 * Every device chain held here: device, events.
 */
chains: Array<TeamChain>, 
/**
 * The background sync's link with the server (the window's; the command line has none).
 */
link: TeamLinkView, 
/**
 * The server's devices as the last sync saw them (people, hosts, approval, last seen);
 * `null` before the first sync of this session.
 */
serverDevices: Array<TeamDevice> | null, };

export type MeRequest = Record<symbol, never>;

export type PersonView = { 
/**
 * Hex SHA-256 of the person's public key (SPKI DER): their id in the journal.
 */
id: string, 
/**
 * The name the journal records.
 */
displayName: string, 
/**
 * The account's full name, when the system knows one.
 */
fullName: string | null, 
/**
 * The operating-system login the person was created under.
 */
osUser: string, 
/**
 * Its uid.
 */
osUid: number | null, 
/**
 * Whether the person confirmed the display name.
 */
nameConfirmed: boolean, 
/**
 * Whether a passphrase protects the key (needed to sign).
 */
passphraseSet: boolean, 
/**
 * The certificate's subject.
 */
certificateSubject: string, 
/**
 * Its issuer.
 */
certificateIssuer: string, 
/**
 * Whether the certificate is self-signed (not issued by the organisation).
 */
selfSigned: boolean, 
/**
 * The workspace person whose keys include this one (`[[people]] id`), if any.
 */
workspacePerson: string | null, 
/**
 * Their name in the workspace.
 */
workspaceName: string | null, 
/**
 * The roles the workspace says this person may hold.
 */
eligibleRoles: Array<string>, 
/**
 * Whether the workspace lists this person as an auditor: they change nothing.
 */
auditor: boolean, };

export type Me = { 
/**
 * The person acting.
 */
person: PersonView, 
/**
 * The other persons held in this data directory.
 */
others: Array<PersonView>, };

export type ConfirmPersonNameRequest = { 
/**
 * The new display name; `None` confirms the one shown.
 */
name: string | null, };

export type SetPersonPassphraseRequest = { 
/**
 * The new passphrase.
 */
passphrase: string, 
/**
 * The same again.
 */
again: string, 
/**
 * The current passphrase, when one is set.
 */
current: string | null, };

export type ImportPersonPkcs12Request = { 
/**
 * The PKCS#12 file.
 */
path: string, 
/**
 * Its passphrase.
 */
filePassphrase: string, 
/**
 * The new passphrase for the key here.
 */
passphrase: string, 
/**
 * The same again.
 */
again: string, };

export type DataStatusRequest = Record<symbol, never>;

export type UnlockedWith = "passphrase" | "keyring";

export type DataStatus = { 
/**
 * The data directory.
 */
dataDir: string, 
/**
 * Whether the journal and the evidence are encrypted under a data key.
 */
encrypted: boolean, 
/**
 * Whether the data key still waits for the passphrase (every other operation answers
 * `locked` until then).
 */
locked: boolean, 
/**
 * Why the data directory is open read-only, when it is.
 */
readOnly: string | null, 
/**
 * Whether the data key is also held in the desktop's keyring (`vakt data keyring on`), so
 * that the unlock screen and the CLI try it before asking for the passphrase.
 */
keyring: boolean, 
/**
 * How the data key was unlocked in this session (`None` while locked or not encrypted).
 */
unlockedWith: UnlockedWith | null, };

export type DataUnlockRequest = { 
/**
 * The passphrase of the data key.
 */
passphrase: string, };

export type DataUnlockKeyringRequest = Record<symbol, never>;

export type DataKeyringOnRequest = { 
/**
 * The passphrase of the data key.
 */
passphrase: string, };

export type DataKeyringOffRequest = Record<symbol, never>;

export type KeyringReleased = { 
/**
 * The data directory's state afterwards.
 */
status: DataStatus, 
/**
 * Whether the keyring's item was found and removed.
 */
itemRemoved: boolean, 
/**
 * Why the keyring's item could not be removed (the file beside the database is gone, so
 * the item opens nothing; the person may delete it in their keyring).
 */
problem: string | null, };

export type JournalStateRequest = Record<symbol, never>;

export type DrillScenariosRequest = Record<symbol, never>;

export type ExerciseKind = "tabletop" | "walkthrough" | "simulation" | "full-failover";

export type ScenarioSummary = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its version.
 */
version: string, 
/**
 * Its file, relative to the workspace.
 */
path: string, 
/**
 * Its name.
 */
title: Localized, 
/**
 * What happens.
 */
summary: Localized, 
/**
 * The kind of exercise.
 */
exercise: ExerciseKind, 
/**
 * The playbooks it runs.
 */
playbooks: Array<string>, 
/**
 * How many failures it injects.
 */
injections: number, 
/**
 * The measured services' node ids.
 */
services: Array<string>, };

export type ScenarioList = { 
/**
 * The scenarios that load.
 */
scenarios: Array<ScenarioSummary>, 
/**
 * Problems, `file:line:col: what`.
 */
problems: Array<string>, };

export type DrillStartRequest = { 
/**
 * The scenario's id.
 */
scenario: string, 
/**
 * A title for the run (default: "Drill: " and the scenario's name).
 */
title: string | null, };

export type CriterionView = { 
/**
 * Its index in the scenario (from 0).
 */
index: number, 
/**
 * The criterion.
 */
text: Localized, 
/**
 * Whether the drill showed it (none: not judged yet).
 */
met: boolean | null, 
/**
 * What showed it, or what was missing.
 */
note: string | null, 
/**
 * Who judged.
 */
by: string | null, 
/**
 * When.
 */
at: string | null, };

export type ActionStateName = "open" | "done" | "verified";

export type ActionStepView = { 
/**
 * The state it moved to.
 */
state: ActionStateName, 
/**
 * What was said.
 */
note: string, 
/**
 * Who.
 */
by: string, 
/**
 * When.
 */
at: string, };

export type FindingGrade = "major" | "minor" | "observation";

export type ActionView = { 
/**
 * Its id (the finding's).
 */
id: string, 
/**
 * The drill run it was raised in.
 */
run: string, 
/**
 * The finding's grade.
 */
grade: FindingGrade, 
/**
 * The finding.
 */
finding: string, 
/**
 * What is to be done.
 */
text: string, 
/**
 * Who.
 */
owner: string, 
/**
 * By when.
 */
due: string, 
/**
 * Where it stands.
 */
state: ActionStateName, 
/**
 * Open past its due date.
 */
overdue: boolean, 
/**
 * Every change.
 */
history: Array<ActionStepView>, };

export type FindingView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Its grade.
 */
grade: FindingGrade, 
/**
 * The step it is about.
 */
step: string | null, 
/**
 * The service it is about.
 */
service: string | null, 
/**
 * What was found.
 */
text: string, 
/**
 * Who.
 */
by: string, 
/**
 * When.
 */
at: string, 
/**
 * Its corrective action, as it stands now.
 */
action: ActionView | null, };

export type InjectionStatus = "planned" | "due" | "awaiting_cue" | "injected";

export type InjectionView = { 
/**
 * The planned injection's id (none for one added by the controller).
 */
id: string | null, 
/**
 * The node.
 */
node: string, 
/**
 * The planned moment (start + offset), RFC 3339, for a scheduled one.
 */
plannedAt: string | null, 
/**
 * The cue, for one on cue.
 */
cue: Localized | null, 
/**
 * What the team sees.
 */
description: Localized, 
/**
 * Where it stands.
 */
status: InjectionStatus, 
/**
 * When it failed, once journaled.
 */
injectedAt: string | null, 
/**
 * Who journaled it.
 */
by: string | null, };

export type RestorationView = { 
/**
 * The nodes.
 */
nodes: Array<string>, 
/**
 * When.
 */
at: string, 
/**
 * Who.
 */
by: string, };

export type VerdictName = "not_measured" | "not_reached" | "met" | "missed" | "no_outage" | "not_restored" | "no_restore_point";

export type FigureView = { 
/**
 * The target, seconds.
 */
targetSeconds: number | null, 
/**
 * The override's reason, when the target is the scenario's rather than the topology's.
 */
overrideReason: string | null, 
/**
 * Achieved, seconds.
 */
achievedSeconds: number | null, 
/**
 * The verdict.
 */
verdict: VerdictName, 
/**
 * By how much it was missed, seconds.
 */
missedBySeconds: number | null, };

export type ServiceMeasureView = { 
/**
 * The node.
 */
node: string, 
/**
 * Its name.
 */
name: string, 
/**
 * When it went down.
 */
downAt: string | null, 
/**
 * The injected node that took it down.
 */
causedBy: string | null, 
/**
 * The why-path then.
 */
path: Array<string>, 
/**
 * When it stood again.
 */
restoredAt: string | null, 
/**
 * Since when it was degraded without going down.
 */
degradedAt: string | null, 
/**
 * The recovery time.
 */
rto: FigureView, 
/**
 * The recovery point.
 */
rpo: FigureView, 
/**
 * The restore point's tier, when one was chosen.
 */
restoreTier: string | null, 
/**
 * The restore point, RFC 3339.
 */
restorePoint: string | null, };

export type DrillRunView = { 
/**
 * The run.
 */
run: string, 
/**
 * The run's title.
 */
title: string, 
/**
 * The scenario.
 */
scenario: ScenarioSummary, 
/**
 * SHA-256 of the scenario file the drill is pinned to.
 */
scenarioSha256: string, 
/**
 * The exercise controller's role.
 */
controller: string, 
/**
 * What the drill must show.
 */
objectives: Array<Localized>, 
/**
 * The scenario's success criteria, each with its judgement.
 */
criteria: Array<CriterionView>, 
/**
 * Whether the drill is still open.
 */
open: boolean, 
/**
 * When it began.
 */
startedAt: string, 
/**
 * When it was closed.
 */
closedAt: string | null, 
/**
 * The moment measured at.
 */
measuredAt: string, 
/**
 * The injection schedule, with ad hoc injections after the planned ones.
 */
schedule: Array<InjectionView>, 
/**
 * Restorations.
 */
restorations: Array<RestorationView>, 
/**
 * Per measured service: achieved against target.
 */
services: Array<ServiceMeasureView>, 
/**
 * Every topology node's state now, from the journaled injections and recoveries.
 */
nodes: Array<NodeStateView>, 
/**
 * Findings raised in this drill.
 */
findings: Array<FindingView>, };

export type DrillListRequest = Record<symbol, never>;

export type DrillSummary = { 
/**
 * The run.
 */
run: string, 
/**
 * The run's title.
 */
title: string, 
/**
 * The scenario's id.
 */
scenario: string, 
/**
 * When it began.
 */
startedAt: string, 
/**
 * Whether it is open.
 */
open: boolean, };

export type DrillViewRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, };

export type DrillTickRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, };

export type DrillInjectRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The injection's id in the scenario.
 */
injection: string, };

export type DrillRestoreRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The node ids.
 */
nodes: Array<string>, 
/**
 * When, RFC 3339 (now when not given).
 */
at: string | null, 
/**
 * Why the time is earlier than now.
 */
reason: string | null, 
/**
 * The step that restored them.
 */
step: string | null, };

export type DrillRestorePointRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The measured service.
 */
service: string, 
/**
 * The moment to restore to, RFC 3339 (default: when the service went down).
 */
wanted: string | null, 
/**
 * What is restored.
 */
item: RestoreItem, 
/**
 * The tier to restore from (default: the one losing least).
 */
tier: string | null, };

export type ActionInput = { 
/**
 * What is to be done.
 */
text: string, 
/**
 * Who does it.
 */
owner: string, 
/**
 * By when, `YYYY-MM-DD`.
 */
due: string, };

export type DrillFindingRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * Major, minor or observation.
 */
grade: FindingGrade, 
/**
 * The step it is about.
 */
step: string | null, 
/**
 * The service it is about.
 */
service: string | null, 
/**
 * What was found.
 */
text: string, 
/**
 * The corrective action.
 */
action: ActionInput | null, };

export type DrillJudgeRequest = { 
/**
 * The run's id, or a unique prefix of it.
 */
run: string, 
/**
 * The criterion's index in the scenario, from 0.
 */
criterion: number, 
/**
 * Whether the drill showed it.
 */
met: boolean, 
/**
 * What showed it, or what was missing.
 */
note: string, };

export type CorrectiveActionsRequest = { 
/**
 * Only those open past their due date.
 */
overdueOnly: boolean, };

export type ActionUpdateRequest = { 
/**
 * The action's id (its finding's), or a unique prefix.
 */
action: string, 
/**
 * The new state.
 */
state: ActionStateName, 
/**
 * What was done, or why it is reopened.
 */
note: string, 
/**
 * The drill run it is recorded in (default: the one that raised it).
 */
run: string | null, };

export type ReadinessRequest = Record<symbol, never>;

export type GapView = { 
/**
 * `clock_contradicts_topology`, `no_playbook_restores`, `scenario_overdue` or
 * `playbook_changed`.
 */
kind: string, 
/**
 * The gap in words.
 */
text: string, };

export type ReadinessView = { 
/**
 * What stands between the plans and a real disaster.
 */
gaps: Array<GapView>, 
/**
 * Corrective actions open past their due date.
 */
overdueActions: Array<ActionView>, };

export type ProgrammeRequest = Record<symbol, never>;

export type AchievedRtoView = { 
/**
 * The node.
 */
node: string, 
/**
 * Its name.
 */
name: string, 
/**
 * The target, seconds.
 */
targetSeconds: number | null, 
/**
 * Achieved, seconds (none: not down, not restored or not reached yet).
 */
achievedSeconds: number | null, 
/**
 * The verdict.
 */
verdict: VerdictName, };

export type ExercisedView = { 
/**
 * The run.
 */
run: string, 
/**
 * When it began.
 */
at: string, 
/**
 * Still open.
 */
open: boolean, 
/**
 * Figures met.
 */
met: number, 
/**
 * Figures missed.
 */
missed: number, 
/**
 * Figures not reached yet.
 */
pending: number, 
/**
 * Per measured service with an RTO: achieved against target (the programme's trend).
 */
rto: Array<AchievedRtoView>, };

export type ProgrammeEntryView = { 
/**
 * The scenario's id.
 */
scenario: string, 
/**
 * Its name.
 */
title: Localized, 
/**
 * Its cycle in days.
 */
cycleDays: number, 
/**
 * Its drills, oldest first.
 */
drills: Array<ExercisedView>, 
/**
 * Exercised in the last 12 months.
 */
within12Months: boolean, 
/**
 * When it is next due (none: never exercised, due now).
 */
nextDue: string | null, 
/**
 * Never exercised, or past due.
 */
overdue: boolean, };

export type ProgrammeView = { 
/**
 * Per scenario.
 */
entries: Array<ProgrammeEntryView>, 
/**
 * Scenarios exercised in the last 12 months.
 */
covered: number, 
/**
 * Scenarios in all.
 */
total: number, };

/** Calls a backend command by name; the platform module supplies it. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every backend command, typed: one request object in, one response out. */
export function commands(invoke: Invoke) {
  return {
    /**  The workspace and database in use, and the definition files found. (reads) */
    workspaceOverview: (request: WorkspaceOverviewRequest = {}): Promise<WorkspaceOverview> =>
      invoke<WorkspaceOverview>("workspace_overview", { request }),
    /**  Saves a folder as the workspace and returns its overview. (changes; refused to an auditor) */
    chooseWorkspace: (request: ChooseWorkspaceRequest): Promise<WorkspaceOverview> =>
      invoke<WorkspaceOverview>("choose_workspace", { request }),
    /**  Who uses this computer, in which role, the language and the workspace folder. (reads) */
    settings: (request: SettingsRequest = {}): Promise<Settings> =>
      invoke<Settings>("settings", { request }),
    /**  Saves the user's name, role and language. (changes the user's own preferences) */
    saveSettings: (request: SaveSettingsRequest): Promise<Settings> =>
      invoke<Settings>("save_settings", { request }),
    /**  The playbooks one can start, the incident procedure first. (reads) */
    playbookList: (request: PlaybookListRequest = {}): Promise<Array<PlaybookSummary>> =>
      invoke<Array<PlaybookSummary>>("playbook_list", { request }),
    /**  Every run, newest first, with phase, active steps and clocks. (reads) */
    runList: (request: RunListRequest = {}): Promise<Array<RunSummary>> =>
      invoke<Array<RunSummary>>("run_list", { request }),
    /**  Starts an incident or a drill from a playbook. (changes; refused to an auditor) */
    runStart: (request: RunStartRequest): Promise<RunView> =>
      invoke<RunView>("run_start", { request }),
    /**  One run: tracks, every step, roles, moments, metrics, overrides, the notifications register, decisions, notes and evidence. The run may be given by a unique prefix of its id. (reads) */
    runView: (request: RunViewRequest): Promise<RunView> =>
      invoke<RunView>("run_view", { request }),
    /**  Records an action in a run; returns the run as committed in the journal. (changes; refused to an auditor) */
    runAct: (request: RunActRequest): Promise<RunView> =>
      invoke<RunView>("run_act", { request }),
    /**  Drafts a notification of a run's register from the workspace's template (`templates/<template>.<language>.md`) and the run's facts; saves it to a file when asked. Read: it records nothing in the run and writes only the file named. (reads) */
    notificationDraft: (request: NotificationDraftRequest): Promise<NotificationDraft> =>
      invoke<NotificationDraft>("notification_draft", { request }),
    /**  The newest journal events matching a filter (a page of at most 2,000, older pages by `before`), how many match, and the filter's choices. (reads) */
    journalPage: (request: JournalPageRequest): Promise<JournalPage> =>
      invoke<JournalPage>("journal_page", { request }),
    /**  Verifies the journal's chain, and against a checkpoint file when given; rehashes the evidence store against it too (`intact` only when both hold). (reads) */
    journalCheck: (request: JournalCheckRequest): Promise<JournalCheck> =>
      invoke<JournalCheck>("journal_check", { request }),
    /**  Writes the whole journal as JSON or CSV to a file; returns the event count. (reads) */
    journalExportFile: (request: JournalExportFileRequest): Promise<JournalExported> =>
      invoke<JournalExported>("journal_export_file", { request }),
    /**  The topology to draw: nodes with kind, label, requirement and layer; edges; the stores. (reads) */
    topologyGraph: (request: TopologyGraphRequest = {}): Promise<TopologyGraph> =>
      invoke<TopologyGraph>("topology_graph", { request }),
    /**  Every node's state when these nodes fail, with why-paths. (reads) */
    topologyImpact: (request: TopologyImpactRequest): Promise<ImpactView> =>
      invoke<ImpactView>("topology_impact", { request }),
    /**  The single points of failure of every business service. (reads) */
    topologySpofs: (request: TopologySpofsRequest = {}): Promise<SpofView> =>
      invoke<SpofView>("topology_spofs", { request }),
    /**  The minimal cut sets of order 2 or less of one service. (reads) */
    topologyCutSets: (request: TopologyCutSetsRequest): Promise<CutSetView> =>
      invoke<CutSetView>("topology_cut_sets", { request }),
    /**  How far a named long operation (such as a cut-set search) got; `running` is false once it finished or when none of that name runs. (reads) */
    taskProgress: (request: TaskProgressRequest): Promise<TaskProgress> =>
      invoke<TaskProgress>("task_progress", { request }),
    /**  Asks a named long operation to stop; it answers with what it found so far. Changes nothing stored, so anyone may ask (an auditor too). Answers false when none runs. (reads) */
    taskCancel: (request: TaskCancelRequest): Promise<boolean> =>
      invoke<boolean>("task_cancel", { request }),
    /**  The recovery order after these failures with this many crews, against the RTOs. (reads) */
    topologyRecovery: (request: TopologyRecoveryRequest): Promise<RecoveryView> =>
      invoke<RecoveryView>("topology_recovery", { request }),
    /**  Replays a drill overlay: the impact at each moment a failure is injected. (reads) */
    topologyDrill: (request: TopologyDrillRequest): Promise<DrillView> =>
      invoke<DrillView>("topology_drill", { request }),
    /**  Can a store be restored to a moment (RFC 3339)? Tier, restore point, data-loss window, or why not. (reads) */
    topologyRestorePoint: (request: TopologyRestorePointRequest): Promise<RestoreView> =>
      invoke<RestoreView>("topology_restore_point", { request }),
    /**  Every run, newest first, with the record it gives (incident record or exercise report). (reads) */
    recordableRuns: (request: RecordableRunsRequest = {}): Promise<Array<RecordableRun>> =>
      invoke<Array<RecordableRun>>("recordable_runs", { request }),
    /**  Produces the record of a run, signs it with the identity the passphrase unlocks, and saves it at path. Rendering and signing run outside the session lock. (changes; refused to an auditor) */
    produceRecord: (request: ProduceRecordRequest): Promise<ProducedRecord> =>
      invoke<ProducedRecord>("produce_record", { request }),
    /**  Verifies a record file: signature, whole-file coverage, certificate, checkpoint against the journal. Reading and checking the file run outside the session lock. (reads) */
    verifyRecord: (request: VerifyRecordRequest): Promise<RecordVerdict> =>
      invoke<RecordVerdict>("verify_record", { request }),
    /**  The signing identity's certificate, if there is one. (reads) */
    signingIdentity: (request: SigningIdentityRequest = {}): Promise<SigningIdentity> =>
      invoke<SigningIdentity>("signing_identity", { request }),
    /**  Generates the signing identity in the organisation's name; the passphrase is typed twice. Key generation and derivation run outside the session lock. (changes; refused to an auditor) */
    generateIdentity: (request: GenerateIdentityRequest): Promise<SigningIdentity> =>
      invoke<SigningIdentity>("generate_identity", { request }),
    /**  Imports the signing identity from a PKCS#12 file. (changes; refused to an auditor) */
    importIdentity: (request: ImportIdentityRequest): Promise<SigningIdentity> =>
      invoke<SigningIdentity>("import_identity", { request }),
    /**  The sign-off roles of a run's record (the playbook's `sign_off_roles`, else its sign-off role) with who holds each and whether their key is in this data directory. (reads) */
    recordSignoffs: (request: RecordSignOffsRequest): Promise<Array<SignOffSlot>> =>
      invoke<Array<SignOffSlot>>("record_signoffs", { request }),
    /**  Signs a record off as a person, with their own key (`<data>/people/<id>/`): with `run`, the closed run's record is made now, naming every sign-off role's holder, and this first signature certifies it (only further signatures allowed); with `input`, a record file made that way gets this person's approval signature. Refused, with the reason, to a person who holds none of the record's sign-off roles or has signed already, and for a broken file. Key derivation, rendering and signing run outside the session lock. (changes; refused to an auditor) */
    signOffRecord: (request: SignOffRecordRequest): Promise<SignedOffRecord> =>
      invoke<SignedOffRecord>("sign_off_record", { request }),
    /**  May one node fail over to another without data leaving the EU/EEA? Refused with the reasons when it would. (reads) */
    topologyFailover: (request: TopologyFailoverRequest): Promise<FailoverView> =>
      invoke<FailoverView>("topology_failover", { request }),
    /**  Registers an evidence item in a run with its chain-of-custody facts: copied into the store (refused over `copyLimit`, default 4 GiB) or, with `byReference`, hashed where it lies and not copied. Only regular files; a symbolic link is refused with its target. (changes; refused to an auditor) */
    evidenceAttach: (request: EvidenceAttachRequest): Promise<RunView> =>
      invoke<RunView>("evidence_attach", { request }),
    /**  The evidence register: every item (of one run, or of all) with who collected it, from where, how, when, its SHA-256 and size, and its chain of custody. (reads) */
    evidenceRegister: (request: EvidenceRegisterRequest): Promise<Array<EvidenceItemView>> =>
      invoke<Array<EvidenceItemView>>("evidence_register", { request }),
    /**  Rehashes every stored evidence copy against the journal: missing, modified, extra. Only reads (works on write-protected media). (reads) */
    evidenceVerify: (request: EvidenceVerifyRequest = {}): Promise<EvidenceVerdict> =>
      invoke<EvidenceVerdict>("evidence_verify", { request }),
    /**  Enrols this device and its person with the team server and keeps the server as this laptop's team server; an administrator then approves it. (changes; refused to an auditor) */
    teamEnrol: (request: TeamEnrolRequest): Promise<TeamDevice> =>
      invoke<TeamDevice>("team_enrol", { request }),
    /**  Approves an enrolled device (the login must be a team administrator). (changes; refused to an auditor) */
    teamApprove: (request: TeamApproveRequest): Promise<TeamDevice> =>
      invoke<TeamDevice>("team_approve", { request }),
    /**  Pushes this device's events the server lacks, pulls what this laptop lacks, stores the server's receipts. (changes; refused to an auditor) */
    teamSync: (request: TeamSyncRequest): Promise<TeamSynced> =>
      invoke<TeamSynced>("team_sync", { request }),
    /**  This laptop's side of the team without the network: its server, every device chain held here with its person and what is not shared yet, and the background sync's link (connected, offline since, the server's devices as last seen). (reads) */
    teamStatus: (request: TeamStatusRequest = {}): Promise<TeamStatus> =>
      invoke<TeamStatus>("team_status", { request }),
    /**  The person acting (created from the operating-system account on first start): display name and whether it is confirmed, whether a passphrase protects the key, the key's certificate, the workspace person it matches and the roles they may hold; and the other persons held in this data directory. (reads) */
    me: (request: MeRequest = {}): Promise<Me> =>
      invoke<Me>("me", { request }),
    /**  Confirms the acting person's display name, or sets it to `name`. (changes; refused to an auditor) */
    confirmPersonName: (request: ConfirmPersonNameRequest): Promise<Me> =>
      invoke<Me>("confirm_person_name", { request }),
    /**  Protects the acting person's key with a passphrase (typed twice; strong enough, judged against their names and login), so they can sign; changing it needs the current one. Key derivation runs outside the session lock. (changes; refused to an auditor) */
    setPersonPassphrase: (request: SetPersonPassphraseRequest): Promise<Me> =>
      invoke<Me>("set_person_passphrase", { request }),
    /**  Replaces the acting person's key and certificate with a PKCS#12 file from the organisation's PKI, kept under a new passphrase. The person id becomes the new key's. (changes; refused to an auditor) */
    importPersonPkcs12: (request: ImportPersonPkcs12Request): Promise<Me> =>
      invoke<Me>("import_person_pkcs12", { request }),
    /**  Where the data directory is and whether it is encrypted, locked or read-only; works while it is locked. (reads) */
    dataStatus: (request: DataStatusRequest = {}): Promise<DataStatus> =>
      invoke<DataStatus>("data_status", { request }),
    /**  Unlocks the encrypted data directory with the passphrase and opens it (a wrong passphrase changes nothing and may be tried again). (changes the user's own preferences) */
    dataUnlock: (request: DataUnlockRequest): Promise<DataStatus> =>
      invoke<DataStatus>("data_unlock", { request }),
    /**  Unlocks the encrypted data directory with the data key held in the desktop's keyring; when it is not held there or the keyring cannot give it, says why and stays locked (the passphrase still unlocks). (changes the user's own preferences) */
    dataUnlockKeyring: (request: DataUnlockKeyringRequest = {}): Promise<DataStatus> =>
      invoke<DataStatus>("data_unlock_keyring", { request }),
    /**  Holds the data key in the desktop's keyring as well, so this data directory opens without its passphrase while the person's desktop session is unlocked; the passphrase is asked first and keeps working. (changes; refused to an auditor) */
    dataKeyringOn: (request: DataKeyringOnRequest): Promise<DataStatus> =>
      invoke<DataStatus>("data_keyring_on", { request }),
    /**  Stops holding the data key in the desktop's keyring: from now on only the passphrase unlocks this data directory. (changes; refused to an auditor) */
    dataKeyringOff: (request: DataKeyringOffRequest = {}): Promise<KeyringReleased> =>
      invoke<KeyringReleased>("data_keyring_off", { request }),
    /**  Whether the journal's chain holds and where it first breaks (the chain only, not the evidence store): quick, and verified again only when the journal has grown. The window shows a banner from it; `vakt run show` a warning. (reads) */
    journalState: (request: JournalStateRequest = {}): Promise<JournalCheck> =>
      invoke<JournalCheck>("journal_state", { request }),
    /**  The workspace's drill scenarios (`drills/*.toml`), and the problems of those that do not load, each at file:line:col. (reads) */
    drillScenarios: (request: DrillScenariosRequest = {}): Promise<ScenarioList> =>
      invoke<ScenarioList>("drill_scenarios", { request }),
    /**  Starts a drill from a scenario: its playbook's run in drill mode, with the scenario and the topology pinned; injections due at the start are journaled at once. (changes; refused to an auditor) */
    drillStart: (request: DrillStartRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_start", { request }),
    /**  Every drill started from a scenario, newest first. (reads) */
    drillList: (request: DrillListRequest = {}): Promise<Array<DrillSummary>> =>
      invoke<Array<DrillSummary>>("drill_list", { request }),
    /**  One drill: its schedule, the live topology from the journaled injections and recoveries, achieved against target RTO and RPO per service, findings. Writes nothing. (reads) */
    drillView: (request: DrillViewRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_view", { request }),
    /**  Journals the scheduled injections whose moment has passed, each at its planned moment (the window polls this while a drill is open). (changes; refused to an auditor) */
    drillTick: (request: DrillTickRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_tick", { request }),
    /**  The exercise controller's cue: journals an injection of the scenario now. (changes; refused to an auditor) */
    drillInject: (request: DrillInjectRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_inject", { request }),
    /**  Marks topology nodes restored in a drill (an injected node comes back; any other node was recovered by the team and stands whatever it needs). (changes; refused to an auditor) */
    drillRestore: (request: DrillRestoreRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_restore", { request }),
    /**  Chooses and journals the restore point of a measured service with the restore-point calculator (tier, restore point, data-loss window): its RPO. (changes; refused to an auditor) */
    drillRestorePoint: (request: DrillRestorePointRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_restore_point", { request }),
    /**  Records a graded finding in a drill, linked to a step or a service, with its corrective action (owner, due date). (changes; refused to an auditor) */
    drillFinding: (request: DrillFindingRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_finding", { request }),
    /**  The exercise controller judges one of the scenario's success criteria: met or not, and what showed it (a later judgement of the same criterion replaces it). (changes; refused to an auditor) */
    drillJudge: (request: DrillJudgeRequest): Promise<DrillRunView> =>
      invoke<DrillRunView>("drill_judge", { request }),
    /**  Every corrective action raised in drills, with its state across runs; overdue ones only when asked. (reads) */
    correctiveActions: (request: CorrectiveActionsRequest): Promise<Array<ActionView>> =>
      invoke<Array<ActionView>>("corrective_actions", { request }),
    /**  Moves a corrective action on (open → done → verified; done may be reopened), saying what was done. (changes; refused to an auditor) */
    actionUpdate: (request: ActionUpdateRequest): Promise<ActionView> =>
      invoke<ActionView>("action_update", { request }),
    /**  The readiness check: playbook clocks that contradict topology RTOs, services with an RTO that no playbook restores, scenarios not exercised within their cycle, playbooks changed since their last drill, and overdue corrective actions. (reads) */
    readiness: (request: ReadinessRequest = {}): Promise<ReadinessView> =>
      invoke<ReadinessView>("readiness", { request }),
    /**  The exercise programme (ISO 22301 8.5): per scenario, when it was exercised and with what result, coverage over the last 12 months, the next due date. (reads) */
    programme: (request: ProgrammeRequest = {}): Promise<ProgrammeView> =>
      invoke<ProgrammeView>("programme", { request }),
  };
}

/** The typed command set. */
export type Commands = ReturnType<typeof commands>;
