//! Drills: scenarios, a drill's injections, recoveries, restore points, findings and
//! corrective actions.

use crate::json::{
    ActionInput, ActionStateName, ActionView, DrillRunView, DrillSummary, FindingGrade,
    RestoreItem, ScenarioList,
};
use crate::ops::operation;

operation! {
    /// The workspace's drill scenarios (`drills/*.toml`), and the problems of those that do not
    /// load, each at file:line:col.
    "drill_scenarios", Read, Workspace,
    DrillScenariosRequest {} -> ScenarioList,
    |_r, host| host.with(|v| v.drill_scenarios())
}

operation! {
    /// Starts a drill from a scenario: its playbook's run in drill mode, with the scenario and
    /// the topology pinned; injections due at the start are journaled at once.
    "drill_start", Change, Workspace,
    DrillStartRequest {
        /// The scenario's id.
        scenario: String,
        /// A title for the run (default: "Drill: " and the scenario's name).
        title: Option<String>,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_start(&r.scenario, r.title.as_deref()))
}

operation! {
    /// Every drill started from a scenario, newest first.
    "drill_list", Read, DataDir,
    DrillListRequest {} -> Vec<DrillSummary>,
    |_r, host| host.with(|v| v.drill_list())
}

operation! {
    /// One drill: its schedule, the live topology from the journaled injections and
    /// recoveries, achieved against target RTO and RPO per service, findings. Writes nothing.
    "drill_view", Read, DataDir,
    DrillViewRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_view(&r.run))
}

operation! {
    /// Journals the scheduled injections whose moment has passed, each at its planned moment
    /// (the window polls this while a drill is open).
    "drill_tick", Change, DataDir,
    DrillTickRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_tick(&r.run))
}

operation! {
    /// The exercise controller's cue: journals an injection of the scenario now.
    "drill_inject", Change, DataDir,
    DrillInjectRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The injection's id in the scenario.
        injection: String,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_inject(&r.run, &r.injection))
}

operation! {
    /// Marks topology nodes restored in a drill (an injected node comes back; any other node
    /// was recovered by the team and stands whatever it needs).
    "drill_restore", Change, DataDir,
    DrillRestoreRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The node ids.
        nodes: Vec<String>,
        /// When, RFC 3339 (now when not given).
        at: Option<String>,
        /// Why the time is earlier than now.
        reason: Option<String>,
        /// The step that restored them.
        step: Option<String>,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_restore(&r.run, r.nodes, r.at.as_deref(), r.reason, r.step))
}

operation! {
    /// Chooses and journals the restore point of a measured service with the restore-point
    /// calculator (tier, restore point, data-loss window): its RPO.
    "drill_restore_point", Change, Workspace,
    DrillRestorePointRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The measured service.
        service: String,
        /// The moment to restore to, RFC 3339 (default: when the service went down).
        wanted: Option<String>,
        /// What is restored.
        item: RestoreItem,
        /// The tier to restore from (default: the one losing least).
        tier: Option<String>,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_restore_point(
        &r.run,
        &r.service,
        r.wanted.as_deref(),
        r.item,
        r.tier.as_deref(),
    ))
}

operation! {
    /// Records a graded finding in a drill, linked to a step or a service, with its corrective
    /// action (owner, due date).
    "drill_finding", Change, DataDir,
    DrillFindingRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// Major, minor or observation.
        grade: FindingGrade,
        /// The step it is about.
        step: Option<String>,
        /// The service it is about.
        service: Option<String>,
        /// What was found.
        text: String,
        /// The corrective action.
        action: Option<ActionInput>,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_finding(&r.run, r.grade, r.step, r.service, &r.text, r.action))
}

operation! {
    /// The exercise controller judges one of the scenario's success criteria: met or not, and
    /// what showed it (a later judgement of the same criterion replaces it).
    "drill_judge", Change, DataDir,
    DrillJudgeRequest {
        /// The run's id, or a unique prefix of it.
        run: String,
        /// The criterion's index in the scenario, from 0.
        criterion: u32,
        /// Whether the drill showed it.
        met: bool,
        /// What showed it, or what was missing.
        note: String,
    } -> DrillRunView,
    |r, host| host.with(|v| v.drill_judge(&r.run, r.criterion, r.met, &r.note))
}

operation! {
    /// Every corrective action raised in drills, with its state across runs; overdue ones
    /// only when asked.
    "corrective_actions", Read, DataDir,
    CorrectiveActionsRequest {
        /// Only those open past their due date.
        overdue_only: bool,
    } -> Vec<ActionView>,
    |r, host| host.with(|v| v.corrective_actions(r.overdue_only))
}

operation! {
    /// Moves a corrective action on (open → done → verified; done may be reopened), saying
    /// what was done.
    "action_update", Change, DataDir,
    ActionUpdateRequest {
        /// The action's id (its finding's), or a unique prefix.
        action: String,
        /// The new state.
        state: ActionStateName,
        /// What was done, or why it is reopened.
        note: String,
        /// The drill run it is recorded in (default: the one that raised it).
        run: Option<String>,
    } -> ActionView,
    |r, host| host.with(|v| v.action_update(&r.action, r.state, &r.note, r.run.as_deref()))
}

operation! {
    /// The readiness check: playbook clocks that contradict topology RTOs, services with an RTO
    /// that no playbook restores, scenarios not exercised within their cycle, playbooks changed
    /// since their last drill, and overdue corrective actions.
    "readiness", Read, Workspace,
    ReadinessRequest {} -> crate::json::ReadinessView,
    |_r, host| host.with(|v| v.readiness())
}

operation! {
    /// The exercise programme (ISO 22301 8.5): per scenario, when it was exercised and with
    /// what result, coverage over the last 12 months, the next due date.
    "programme", Read, Workspace,
    ProgrammeRequest {} -> crate::json::ProgrammeView,
    |_r, host| host.with(|v| v.programme())
}
