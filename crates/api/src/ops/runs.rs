//! Runs: incidents and drills, and the actions taken in them.

use crate::json::{NotificationDraft, RunAction, RunMode, RunSummary, RunView};
use crate::ops::operation;

operation! {
    /// Every run, newest first, with phase, active steps and clocks.
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
    /// One run: tracks, every step, roles, moments, metrics, overrides, the notifications
    /// register, decisions, notes and evidence. The run may be given by a
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
    /// Copies a file into the evidence store and records it (SHA-256) in a run. The file is
    /// read and copied outside the session, so a large one never blocks other requests.
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
    |r, host| crate::ops::evidence::attach(
        host,
        crate::ops::EvidenceAttachRequest {
            run: r.run,
            path: r.path,
            step: r.step,
            request: None,
            description: r.description,
            method: crate::json::EvidenceMethod::CopiedFile,
            collected_by: None,
            collected_at: None,
            source_host: None,
            source_system: None,
            by_reference: false,
            copy_limit: None,
            task: None,
        },
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
}

operation! {
    /// Drafts a notification of a run's register from the workspace's template
    /// (`templates/<template>.<language>.md`) and the run's facts; saves it to a file when
    /// asked. Read: it records nothing in the run and writes only the file named.
    "notification_draft", Read, Workspace,
    NotificationDraftRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The notification's id.
        notification: String,
        /// The customer, for a notice to each affected customer.
        customer: Option<String>,
        /// `en` or `nl`.
        language: String,
        /// A file to write the draft to as well.
        save_to: Option<String>,
    } -> NotificationDraft,
    |r, host| host.with(|v| v.notification_draft(
        &r.run,
        &r.notification,
        r.customer.as_deref(),
        &r.language,
        r.save_to.as_deref(),
    ))
}
