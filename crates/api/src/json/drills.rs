//! Drills: scenarios, a drill's schedule, live impact and measurements, findings and corrective
//! actions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::json::{Localized, NodeStateView};

/// The kind of exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseKind {
    /// Discussion around a table.
    Tabletop,
    /// Walking through the steps on the real systems without failing them.
    Walkthrough,
    /// Failures simulated with real timings.
    Simulation,
    /// Production failed over for real.
    FullFailover,
}

impl ExerciseKind {
    /// The id as a scenario file writes it.
    pub fn id(self) -> &'static str {
        match self {
            ExerciseKind::Tabletop => "tabletop",
            ExerciseKind::Walkthrough => "walkthrough",
            ExerciseKind::Simulation => "simulation",
            ExerciseKind::FullFailover => "full-failover",
        }
    }
}

impl From<vakt_drill::ExerciseType> for ExerciseKind {
    fn from(e: vakt_drill::ExerciseType) -> Self {
        match e {
            vakt_drill::ExerciseType::Tabletop => ExerciseKind::Tabletop,
            vakt_drill::ExerciseType::Walkthrough => ExerciseKind::Walkthrough,
            vakt_drill::ExerciseType::Simulation => ExerciseKind::Simulation,
            vakt_drill::ExerciseType::FullFailover => ExerciseKind::FullFailover,
        }
    }
}

/// A scenario of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioSummary {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its file, relative to the workspace.
    pub path: String,
    /// Its name.
    pub title: Localized,
    /// What happens.
    pub summary: Localized,
    /// The kind of exercise.
    pub exercise: ExerciseKind,
    /// The playbooks it runs.
    pub playbooks: Vec<String>,
    /// How many failures it injects.
    pub injections: u32,
    /// The measured services' node ids.
    pub services: Vec<String>,
}

/// The workspace's scenarios and the problems of those that do not load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioList {
    /// The scenarios that load.
    pub scenarios: Vec<ScenarioSummary>,
    /// Problems, `file:line:col: what`.
    pub problems: Vec<String>,
}

/// Where a planned injection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InjectionStatus {
    /// Scheduled, its moment not yet come.
    Planned,
    /// Scheduled, its moment passed, not journaled yet (the next tick journals it).
    Due,
    /// On the controller's cue, not given yet.
    AwaitingCue,
    /// Journaled.
    Injected,
}

/// One injection of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InjectionView {
    /// The planned injection's id (none for one added by the controller).
    pub id: Option<String>,
    /// The node.
    pub node: String,
    /// The planned moment (start + offset), RFC 3339, for a scheduled one.
    pub planned_at: Option<String>,
    /// The cue, for one on cue.
    pub cue: Option<Localized>,
    /// What the team sees.
    pub description: Localized,
    /// Where it stands.
    pub status: InjectionStatus,
    /// When it failed, once journaled.
    pub injected_at: Option<String>,
    /// Who journaled it.
    pub by: Option<String>,
}

/// A verdict against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictName {
    /// The scenario did not ask.
    NotMeasured,
    /// The drill is open and the figure does not exist yet.
    NotReached,
    /// Within the target.
    Met,
    /// Beyond the target.
    Missed,
    /// The service never went down.
    NoOutage,
    /// The drill closed with the service still down.
    NotRestored,
    /// The drill closed without a restore point.
    NoRestorePoint,
}

/// One figure (RTO or RPO) against its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FigureView {
    /// The target, seconds.
    pub target_seconds: Option<u32>,
    /// The override's reason, when the target is the scenario's rather than the topology's.
    pub override_reason: Option<String>,
    /// Achieved, seconds.
    pub achieved_seconds: Option<u32>,
    /// The verdict.
    pub verdict: VerdictName,
    /// By how much it was missed, seconds.
    pub missed_by_seconds: Option<u32>,
}

/// A measured service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceMeasureView {
    /// The node.
    pub node: String,
    /// Its name.
    pub name: String,
    /// When it went down.
    pub down_at: Option<String>,
    /// The injected node that took it down.
    pub caused_by: Option<String>,
    /// The why-path then.
    pub path: Vec<String>,
    /// When it stood again.
    pub restored_at: Option<String>,
    /// Since when it was degraded without going down.
    pub degraded_at: Option<String>,
    /// The recovery time.
    pub rto: FigureView,
    /// The recovery point.
    pub rpo: FigureView,
    /// The restore point's tier, when one was chosen.
    pub restore_tier: Option<String>,
    /// The restore point, RFC 3339.
    pub restore_point: Option<String>,
}

/// A recorded restoration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestorationView {
    /// The nodes.
    pub nodes: Vec<String>,
    /// When.
    pub at: String,
    /// Who.
    pub by: String,
}

/// How heavy a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum FindingGrade {
    /// An objective or target not met, a control that does not work.
    Major,
    /// A weakness that did not stop the recovery.
    Minor,
    /// Worth noting.
    Observation,
}

impl From<FindingGrade> for vakt_drill::Grade {
    fn from(g: FindingGrade) -> Self {
        match g {
            FindingGrade::Major => vakt_drill::Grade::Major,
            FindingGrade::Minor => vakt_drill::Grade::Minor,
            FindingGrade::Observation => vakt_drill::Grade::Observation,
        }
    }
}

impl From<vakt_drill::Grade> for FindingGrade {
    fn from(g: vakt_drill::Grade) -> Self {
        match g {
            vakt_drill::Grade::Major => FindingGrade::Major,
            vakt_drill::Grade::Minor => FindingGrade::Minor,
            vakt_drill::Grade::Observation => FindingGrade::Observation,
        }
    }
}

/// A corrective action to raise with a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    /// What is to be done.
    pub text: String,
    /// Who does it.
    pub owner: String,
    /// By when, `YYYY-MM-DD`.
    pub due: String,
}

/// Where a corrective action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ActionStateName {
    /// Raised, not done.
    Open,
    /// Done, not yet verified.
    Done,
    /// Verified effective.
    Verified,
}

impl From<ActionStateName> for vakt_drill::event::ActionState {
    fn from(s: ActionStateName) -> Self {
        match s {
            ActionStateName::Open => vakt_drill::event::ActionState::Open,
            ActionStateName::Done => vakt_drill::event::ActionState::Done,
            ActionStateName::Verified => vakt_drill::event::ActionState::Verified,
        }
    }
}

impl From<vakt_drill::event::ActionState> for ActionStateName {
    fn from(s: vakt_drill::event::ActionState) -> Self {
        match s {
            vakt_drill::event::ActionState::Open => ActionStateName::Open,
            vakt_drill::event::ActionState::Done => ActionStateName::Done,
            vakt_drill::event::ActionState::Verified => ActionStateName::Verified,
        }
    }
}

/// One change in an action's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionStepView {
    /// The state it moved to.
    pub state: ActionStateName,
    /// What was said.
    pub note: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
}

/// A corrective action and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    /// Its id (the finding's).
    pub id: String,
    /// The drill run it was raised in.
    pub run: String,
    /// The finding's grade.
    pub grade: FindingGrade,
    /// The finding.
    pub finding: String,
    /// What is to be done.
    pub text: String,
    /// Who.
    pub owner: String,
    /// By when.
    pub due: String,
    /// Where it stands.
    pub state: ActionStateName,
    /// Open past its due date.
    pub overdue: bool,
    /// Every change.
    pub history: Vec<ActionStepView>,
}

/// A finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// Its id.
    pub id: String,
    /// Its grade.
    pub grade: FindingGrade,
    /// The step it is about.
    pub step: Option<String>,
    /// The service it is about.
    pub service: Option<String>,
    /// What was found.
    pub text: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: String,
    /// Its corrective action, as it stands now.
    pub action: Option<ActionView>,
}

/// A success criterion of the scenario and the exercise controller's judgement of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CriterionView {
    /// Its index in the scenario (from 0).
    pub index: u32,
    /// The criterion.
    pub text: Localized,
    /// Whether the drill showed it (none: not judged yet).
    pub met: Option<bool>,
    /// What showed it, or what was missing.
    pub note: Option<String>,
    /// Who judged.
    pub by: Option<String>,
    /// When.
    pub at: Option<String>,
}

/// A drill: the scenario, the schedule, the live impact, the measurements and the findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillRunView {
    /// The run.
    pub run: String,
    /// The run's title.
    pub title: String,
    /// The scenario.
    pub scenario: ScenarioSummary,
    /// SHA-256 of the scenario file the drill is pinned to.
    pub scenario_sha256: String,
    /// The exercise controller's role.
    pub controller: String,
    /// What the drill must show.
    pub objectives: Vec<Localized>,
    /// The scenario's success criteria, each with its judgement.
    pub criteria: Vec<CriterionView>,
    /// Whether the drill is still open.
    pub open: bool,
    /// When it began.
    pub started_at: String,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// The moment measured at.
    pub measured_at: String,
    /// The injection schedule, with ad hoc injections after the planned ones.
    pub schedule: Vec<InjectionView>,
    /// Restorations.
    pub restorations: Vec<RestorationView>,
    /// Per measured service: achieved against target.
    pub services: Vec<ServiceMeasureView>,
    /// Every topology node's state now, from the journaled injections and recoveries.
    pub nodes: Vec<NodeStateView>,
    /// Findings raised in this drill.
    pub findings: Vec<FindingView>,
}

/// A drill run in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillSummary {
    /// The run.
    pub run: String,
    /// The run's title.
    pub title: String,
    /// The scenario's id.
    pub scenario: String,
    /// When it began.
    pub started_at: String,
    /// Whether it is open.
    pub open: bool,
}

/// `2h`, `1h40m`, `25m`, `0s`: the one duration writer.
fn span(seconds: u32) -> String {
    vakt_stdx::format_duration(u64::from(seconds))
}

impl VerdictName {
    /// The verdict in words.
    pub fn words(self) -> &'static str {
        match self {
            VerdictName::NotMeasured => "not measured",
            VerdictName::NotReached => "not reached yet",
            VerdictName::Met => "met",
            VerdictName::Missed => "missed",
            VerdictName::NoOutage => "no outage",
            VerdictName::NotRestored => "not restored",
            VerdictName::NoRestorePoint => "no restore point",
        }
    }
}

impl std::fmt::Display for FigureView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.verdict == VerdictName::NotMeasured {
            return write!(f, "not measured");
        }
        match self.achieved_seconds {
            Some(a) => write!(f, "{}", span(a))?,
            None => write!(f, "–")?,
        }
        if let Some(t) = self.target_seconds {
            write!(f, " / target {}", span(t))?;
            if self.override_reason.is_some() {
                write!(f, " (scenario override)")?;
            }
        }
        write!(f, ": {}", self.verdict.words())?;
        if let Some(by) = self.missed_by_seconds {
            write!(f, " by {}", span(by))?;
        }
        Ok(())
    }
}

impl std::fmt::Display for ScenarioList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in &self.scenarios {
            writeln!(
                f,
                "{:<40} {:<14} {}  (runs {}; measures {})",
                s.id,
                s.exercise.id(),
                s.title.en,
                s.playbooks.join(", "),
                s.services.join(", ")
            )?;
        }
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for ActionView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}  {:<8} due {}{}  {} (owner {}) [{:?} finding: {}]",
            &self.id[..self.id.len().min(8)],
            format!("{:?}", self.state).to_lowercase(),
            self.due,
            if self.overdue { " OVERDUE" } else { "" },
            self.text,
            self.owner,
            self.grade,
            self.finding
        )
    }
}

impl std::fmt::Display for DrillRunView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}  {}  ({} {}, {})",
            self.run,
            self.title,
            self.scenario.id,
            self.scenario.version,
            if self.open { "open" } else { "closed" }
        )?;
        writeln!(
            f,
            "started {}, measured at {}",
            self.started_at, self.measured_at
        )?;
        writeln!(f, "injections:")?;
        for i in &self.schedule {
            let when = i
                .injected_at
                .clone()
                .or_else(|| i.planned_at.clone())
                .unwrap_or_else(|| "on cue".into());
            writeln!(
                f,
                "  {:<20} {:<28} {:<12} {}",
                i.id.as_deref().unwrap_or("(added)"),
                i.node,
                format!("{:?}", i.status).to_lowercase(),
                when
            )?;
        }
        writeln!(f, "services:")?;
        for s in &self.services {
            writeln!(f, "  {} ({})", s.node, s.name)?;
            match (&s.down_at, &s.caused_by) {
                (Some(d), Some(c)) => writeln!(
                    f,
                    "    down {d} by {c}; restored {}",
                    s.restored_at.as_deref().unwrap_or("not yet")
                )?,
                _ => writeln!(
                    f,
                    "    not down{}",
                    s.degraded_at
                        .as_deref()
                        .map(|d| format!(" (degraded since {d})"))
                        .unwrap_or_default()
                )?,
            }
            writeln!(f, "    RTO {}", s.rto)?;
            writeln!(f, "    RPO {}", s.rpo)?;
        }
        let down: Vec<&str> = self
            .nodes
            .iter()
            .filter(|n| n.state == crate::json::NodeStateName::Down)
            .map(|n| n.id.as_str())
            .collect();
        writeln!(
            f,
            "down now: {}",
            if down.is_empty() {
                "nothing".into()
            } else {
                down.join(", ")
            }
        )?;
        for (i, c) in self.criteria.iter().enumerate() {
            let verdict = match c.met {
                Some(true) => "met",
                Some(false) => "not met",
                None => "not judged",
            };
            writeln!(
                f,
                "criterion {}: {verdict}: {}{}",
                i + 1,
                c.text.en,
                c.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            )?;
        }
        for x in &self.findings {
            writeln!(f, "finding {:?}: {}", x.grade, x.text)?;
            if let Some(a) = &x.action {
                write!(f, "  action {a}")?;
            }
        }
        Ok(())
    }
}

/// One gap the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GapView {
    /// `clock_contradicts_topology`, `no_playbook_restores`, `scenario_overdue` or
    /// `playbook_changed`.
    pub kind: String,
    /// The gap in words.
    pub text: String,
}

/// The readiness check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessView {
    /// What stands between the plans and a real disaster.
    pub gaps: Vec<GapView>,
    /// Corrective actions open past their due date.
    pub overdue_actions: Vec<ActionView>,
}

/// One drill of a scenario in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExercisedView {
    /// The run.
    pub run: String,
    /// When it began.
    pub at: String,
    /// Still open.
    pub open: bool,
    /// Figures met.
    pub met: u32,
    /// Figures missed.
    pub missed: u32,
    /// Figures not reached yet.
    pub pending: u32,
    /// Per measured service with an RTO: achieved against target (the programme's trend).
    pub rto: Vec<AchievedRtoView>,
}

/// One service's achieved RTO in one drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AchievedRtoView {
    /// The node.
    pub node: String,
    /// Its name.
    pub name: String,
    /// The target, seconds.
    pub target_seconds: Option<u32>,
    /// Achieved, seconds (none: not down, not restored or not reached yet).
    pub achieved_seconds: Option<u32>,
    /// The verdict.
    pub verdict: VerdictName,
}

/// A scenario in the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeEntryView {
    /// The scenario's id.
    pub scenario: String,
    /// Its name.
    pub title: Localized,
    /// Its cycle in days.
    pub cycle_days: u32,
    /// Its drills, oldest first.
    pub drills: Vec<ExercisedView>,
    /// Exercised in the last 12 months.
    pub within12_months: bool,
    /// When it is next due (none: never exercised, due now).
    pub next_due: Option<String>,
    /// Never exercised, or past due.
    pub overdue: bool,
}

/// The exercise programme (ISO 22301 8.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeView {
    /// Per scenario.
    pub entries: Vec<ProgrammeEntryView>,
    /// Scenarios exercised in the last 12 months.
    pub covered: u32,
    /// Scenarios in all.
    pub total: u32,
}

impl std::fmt::Display for ReadinessView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.gaps.is_empty() && self.overdue_actions.is_empty() {
            return writeln!(f, "ready: no gaps found");
        }
        for g in &self.gaps {
            writeln!(f, "{}: {}", g.kind, g.text)?;
        }
        for a in &self.overdue_actions {
            write!(f, "overdue_action: {a}")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for ProgrammeView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "coverage over the last 12 months: {} of {} scenarios",
            self.covered, self.total
        )?;
        for e in &self.entries {
            let last = e.drills.last();
            writeln!(
                f,
                "{:<40} every {:>3} d  last {}  next due {}{}",
                e.scenario,
                e.cycle_days,
                last.map_or("never".to_string(), |d| d.at[..10].to_string()),
                e.next_due.as_deref().map_or("now", |d| &d[..10]),
                if e.overdue { "  OVERDUE" } else { "" }
            )?;
            for d in &e.drills {
                writeln!(
                    f,
                    "    {}  {}  met {}, missed {}{}",
                    &d.at[..10],
                    &d.run[..8],
                    d.met,
                    d.missed,
                    if d.open { " (open)" } else { "" }
                )?;
            }
        }
        Ok(())
    }
}
