// Generated from crates/api by `VAKT_BLESS=1 cargo test -p vakt-api`. Do not edit.

export type ErrorCode = "workspace_not_found" | "database_too_new" | "wrong_passphrase" | "invalid_request" | "failed";

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
