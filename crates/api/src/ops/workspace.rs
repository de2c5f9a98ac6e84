//! The workspace and the user's settings.

use crate::json::{PlaybookSummary, Settings, SettingsInput, Validation, WorkspaceOverview};
use crate::ops::operation;

operation! {
    /// The workspace and database in use, and the definition files found.
    "workspace_overview", Read, Workspace,
    WorkspaceOverviewRequest {} -> WorkspaceOverview,
    |_r, host| host.with(|v| v.workspace_overview())
}

operation! {
    /// Saves a folder as the workspace and returns its overview.
    "choose_workspace", Change, DataDir,
    ChooseWorkspaceRequest {
        /// The folder.
        path: String,
    } -> WorkspaceOverview,
    |r, host| host.with(|v| v.choose_workspace(r.path.into()))
}

operation! {
    /// Who uses this computer, in which role, the language and the workspace folder.
    "settings", Read, DataDir,
    SettingsRequest {} -> Settings,
    |_r, host| host.with(|v| v.settings())
}

operation! {
    /// Saves the user's name, role and language.
    "save_settings", Preferences, DataDir,
    SaveSettingsRequest {
        /// The new values.
        input: SettingsInput,
    } -> Settings,
    |r, host| host.with(|v| v.save_settings(&r.input))
}

operation! {
    /// The playbooks one can start, the incident procedure first.
    "playbook_list", Read, Workspace,
    PlaybookListRequest {} -> Vec<PlaybookSummary>,
    |_r, host| host.with(|v| v.playbook_list())
}

operation! {
    /// Checks every definition of the workspace, or of another folder: playbooks, the
    /// workspace file, the topology and the retention tiers, each problem with file:line:col.
    "validate", Read, DataDir,
    ValidateRequest {
        /// The folder to check; `null`: the workspace.
        folder: Option<String>,
    } -> Validation,
    |r, host| host.with(|v| v.validate(r.folder.as_deref()))
}

operation! {
    /// How far a named long operation (such as a cut-set search) got; `running` is false once
    /// it finished or when none of that name runs.
    "task_progress", Read, DataDir,
    TaskProgressRequest {
        /// The task's name, as its request gave it.
        task: String,
    } -> crate::TaskProgress,
    |r, host| Ok(host.task_progress(&r.task))
}

operation! {
    /// Asks a named long operation to stop; it answers with what it found so far. Changes
    /// nothing stored, so anyone may ask (an auditor too). Answers false when none runs.
    "task_cancel", Read, DataDir,
    TaskCancelRequest {
        /// The task's name, as its request gave it.
        task: String,
    } -> bool,
    |r, host| Ok(host.cancel_task(&r.task))
}
