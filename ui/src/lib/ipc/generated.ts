// Generated from crates/api by `VAKT_BLESS=1 cargo test -p vakt-api`. Do not edit.

export type ErrorCode = "workspace_not_found" | "database_too_new" | "invalid_request" | "forbidden" | "failed";

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

/** Calls a backend command by name; the platform module supplies it. */
export type Invoke = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** Every backend command, typed. */
export function commands(invoke: Invoke) {
  return {
    /** The workspace and database in use, and the definition files found. */
    workspaceOverview: (): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("workspace_overview"),
    /** Saves a folder as the workspace and returns its overview. */
    chooseWorkspace: (path: string): Promise<WorkspaceOverview> => invoke<WorkspaceOverview>("choose_workspace", { path }),
  };
}

/** The typed command set. */
export type Commands = ReturnType<typeof commands>;
