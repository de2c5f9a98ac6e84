//! Runs: incidents and drills, and the actions taken in them.

use crate::json::{RunAction, RunMode, RunSummary, RunView};
use crate::ops::operation;

operation! {
    /// Every run, newest first, with phase, current step and clocks.
    "run_list", Read, DataDir,
    RunListRequest {} -> Vec<RunSummary>,
    |_r, host| host.with(|v| v.run_list())
}

operation! {
    /// Starts an incident or a drill from a playbook.
    "run_start", Change, Workspace,
    RunStartRequest {
        /// The playbook's id.
        playbook: String,
        /// Incident or drill.
        mode: RunMode,
        /// A short title for the run.
        title: String,
    } -> RunView,
    |r, host| host.with(|v| v.run_start(&r.playbook, r.mode, &r.title))
}

operation! {
    /// One run: every step, roles, decisions, notes and evidence. The run may be given by a
    /// unique prefix of its id.
    "run_view", Read, DataDir,
    RunViewRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
    } -> RunView,
    |r, host| host.with(|v| v.run_view(&r.run))
}

operation! {
    /// Records an action in a run; returns the run as committed in the journal.
    "run_act", Change, DataDir,
    RunActRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// What is done.
        action: RunAction,
    } -> RunView,
    |r, host| host.with(|v| v.run_act(&r.run, r.action))
}

operation! {
    /// Copies a file into the evidence store and records it (SHA-256) in a run.
    "run_attach", Change, DataDir,
    RunAttachRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The file to copy in.
        path: String,
        /// The step it belongs to.
        step: Option<String>,
        /// What it shows.
        description: String,
    } -> RunView,
    |r, host| host.with(|v| v.run_attach(&r.run, &r.path, r.step, &r.description))
}
