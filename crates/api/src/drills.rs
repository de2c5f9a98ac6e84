//! Drills as the app and the CLI reach them: scenarios, starting a drill (its playbook run in
//! drill mode plus the pinned scenario), the injection schedule, recoveries, restore points,
//! findings and corrective actions, each a journal event of the run checked before it is
//! written; and the drill's view, measured from the journal.
//!
//! Scheduled injections are journaled by [`Vakt::drill_tick`] (the window polls it; the CLI
//! calls it with `vakt drill tick`) at their planned moment (start + offset), and by every other
//! drill change before its own event, so an action never gets ahead of a due injection. Reading
//! a drill writes nothing: a scheduled injection whose moment has passed shows as due.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use uuid::Uuid;
use vakt_drill::event::{
    ActionPlan, Finding, Injected, Judged, RestorePoint, Restored, Started, kind as drill_kind,
};
use vakt_drill::{
    ActionChangeRecord, Context, CorrectiveAction, DrillError, DrillState, Entry, FindingRecord,
    LoadedScenario, Measurement, Scenarios, Verdict,
};
use vakt_journal::Event;
use vakt_retention::Item;
use vakt_run::RunState;
use vakt_topology::{State, Topology};

use crate::console::{invalid, parse_time};
use crate::json::{
    ActionInput, ActionStateName, ActionStepView, ActionView, CriterionView, DrillRunView,
    DrillSummary, FigureView, FindingGrade, FindingView, InjectionStatus, InjectionView, Localized,
    NodeStateName, NodeStateView, RestorationView, RestoreItem, ScenarioList, ScenarioSummary,
    ServiceMeasureView, VerdictName,
};
use crate::{ApiError, ErrorCode, TOPOLOGY_FILE, Vakt};

impl From<DrillError> for ApiError {
    fn from(e: DrillError) -> Self {
        let code = match e {
            DrillError::Refused(_) => ErrorCode::InvalidRequest,
            _ => ErrorCode::Failed,
        };
        ApiError::new(code, e.to_string())
    }
}

/// An error inside a drill transaction: the run's or the drill's.
enum Refusal {
    Run(vakt_run::RunError),
    Drill(DrillError),
}

impl From<vakt_run::RunError> for Refusal {
    fn from(e: vakt_run::RunError) -> Self {
        Refusal::Run(e)
    }
}

impl From<DrillError> for Refusal {
    fn from(e: DrillError) -> Self {
        Refusal::Drill(e)
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Run(e) => e.into(),
            Refusal::Drill(e) => e.into(),
        }
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn seconds(s: u64) -> u32 {
    u32::try_from(s).unwrap_or(u32::MAX)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
}

/// The drill of a run's events, or a refusal naming the run.
pub(crate) fn drill_of(run: Uuid, events: &[Event]) -> Result<DrillState, DrillError> {
    DrillState::replay(events.iter().map(Entry::from))?.ok_or_else(|| {
        DrillError::Refused(format!(
            "run {run} is not a drill started from a scenario (`vakt drill start`)"
        ))
    })
}

/// The scheduled injections due at `now`, as events to journal.
fn due_events(
    drill: &DrillState,
    now: DateTime<Utc>,
) -> Result<Vec<(String, serde_json::Value)>, Refusal> {
    drill
        .due_injections(now)
        .into_iter()
        .map(|i| {
            serde_json::to_value(&i)
                .map(|p| (drill_kind::INJECTED.to_string(), p))
                .map_err(|e| {
                    Refusal::Drill(DrillError::Corrupt {
                        kind: drill_kind::INJECTED.into(),
                        reason: e.to_string(),
                    })
                })
        })
        .collect()
}

fn payload<T: serde::Serialize>(
    kind: &str,
    value: &T,
) -> Result<(String, serde_json::Value), Refusal> {
    serde_json::to_value(value)
        .map(|p| (kind.to_string(), p))
        .map_err(|e| {
            Refusal::Drill(DrillError::Corrupt {
                kind: kind.into(),
                reason: e.to_string(),
            })
        })
}

/// The scenario's summary for the window.
fn scenario_summary(path: &str, s: &vakt_drill::Scenario) -> ScenarioSummary {
    ScenarioSummary {
        id: s.id.clone(),
        version: s.version.clone(),
        path: path.to_string(),
        title: (&s.title).into(),
        summary: (&s.summary).into(),
        exercise: s.exercise.into(),
        playbooks: s.playbooks.clone(),
        injections: u32::try_from(s.injections.len()).unwrap_or(u32::MAX),
        services: s.services.iter().map(|m| m.node.clone()).collect(),
    }
}

fn figure_view(f: &vakt_drill::Figure) -> FigureView {
    let (verdict, missed_by) = match &f.verdict {
        Verdict::NotMeasured => (VerdictName::NotMeasured, None),
        Verdict::NotReached => (VerdictName::NotReached, None),
        Verdict::Met => (VerdictName::Met, None),
        Verdict::Missed { by_seconds } => (VerdictName::Missed, Some(seconds(*by_seconds))),
        Verdict::NoOutage => (VerdictName::NoOutage, None),
        Verdict::NotRestored => (VerdictName::NotRestored, None),
        Verdict::NoRestorePoint => (VerdictName::NoRestorePoint, None),
    };
    FigureView {
        target_seconds: f.target.as_ref().map(|t| seconds(t.seconds)),
        override_reason: f.target.as_ref().and_then(|t| match &t.source {
            vakt_drill::TargetSource::Override { reason } => Some(reason.clone()),
            _ => None,
        }),
        achieved_seconds: f.achieved_seconds.map(seconds),
        verdict,
        missed_by_seconds: missed_by,
    }
}

fn action_view(a: &CorrectiveAction) -> ActionView {
    ActionView {
        id: a.finding.to_string(),
        run: a.run.to_string(),
        grade: a.grade.into(),
        finding: a.finding_text.clone(),
        text: a.text.clone(),
        owner: a.owner.clone(),
        due: a.due.to_string(),
        state: a.state.into(),
        overdue: a.overdue,
        history: a
            .history
            .iter()
            .map(|h| ActionStepView {
                state: h.state.into(),
                note: h.note.clone(),
                by: h.by.clone(),
                at: rfc3339(h.at),
            })
            .collect(),
    }
}

/// The view of a drill at `now`; `actions` are the corrective actions across runs.
pub(crate) fn drill_view(
    drill: &DrillState,
    title: &str,
    topology: &Topology,
    actions: &[CorrectiveAction],
    now: DateTime<Utc>,
) -> DrillRunView {
    let scenario = &drill.start.scenario;
    let measured = vakt_drill::measure(drill, topology, now);
    let due: BTreeSet<String> = drill
        .due_injections(now)
        .into_iter()
        .filter_map(|i| i.injection)
        .collect();
    let mut schedule: Vec<InjectionView> = scenario
        .injections
        .iter()
        .map(|p| {
            let done = drill
                .injections
                .iter()
                .find(|i| i.injected.injection.as_deref() == Some(p.id.as_str()));
            let status = match (done, p.at) {
                (Some(_), _) => InjectionStatus::Injected,
                (None, Some(_)) if due.contains(&p.id) => InjectionStatus::Due,
                (None, Some(_)) => InjectionStatus::Planned,
                (None, None) => InjectionStatus::AwaitingCue,
            };
            InjectionView {
                id: Some(p.id.clone()),
                node: p.node.clone(),
                planned_at: p
                    .at
                    .map(|s| rfc3339(drill.started_at + chrono::Duration::seconds(s as i64))),
                cue: p.cue.as_ref().map(Localized::from),
                description: (&p.description).into(),
                status,
                injected_at: done.map(|i| rfc3339(i.injected.at)),
                by: done.map(|i| i.by.clone()),
            }
        })
        .collect();
    for i in drill
        .injections
        .iter()
        .filter(|i| i.injected.injection.is_none())
    {
        schedule.push(InjectionView {
            id: None,
            node: i.injected.node.clone(),
            planned_at: None,
            cue: None,
            description: Localized {
                en: "Added by the exercise controller".into(),
                nl: "Toegevoegd door de oefenleider".into(),
            },
            status: InjectionStatus::Injected,
            injected_at: Some(rfc3339(i.injected.at)),
            by: Some(i.by.clone()),
        });
    }
    let live = vakt_drill::measure::live_states(drill, topology, measured.at);
    let nodes = topology
        .nodes()
        .iter()
        .map(|n| {
            let (state, path) = live.get(&n.id).cloned().unwrap_or((State::Up, Vec::new()));
            let failed = path.len() == 1 && state == State::Down;
            NodeStateView {
                id: n.id.clone(),
                state: match state {
                    State::Up => NodeStateName::Up,
                    State::Degraded => NodeStateName::Degraded,
                    State::Down => NodeStateName::Down,
                },
                failed,
                reason: match path.len() {
                    0 => String::new(),
                    1 => "injected in the drill".into(),
                    _ => format!("because of {}", path[1..].join(" ← ")),
                },
                path,
            }
        })
        .collect();
    DrillRunView {
        run: drill.run.to_string(),
        title: title.to_string(),
        scenario: scenario_summary(&drill.start.path, scenario),
        scenario_sha256: drill.start.sha256.clone(),
        controller: scenario.controller.clone(),
        objectives: scenario.objectives.iter().map(Localized::from).collect(),
        criteria: scenario
            .success_criteria
            .iter()
            .zip(drill.criteria())
            .enumerate()
            .map(|(i, (text, judged))| CriterionView {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                text: text.into(),
                met: judged.map(|j| j.judged.met),
                note: judged.map(|j| j.judged.note.clone()),
                by: judged.map(|j| j.by.clone()),
                at: judged.map(|j| rfc3339(j.at)),
            })
            .collect(),
        open: drill.is_open(),
        started_at: rfc3339(drill.started_at),
        closed_at: drill.closed_at.map(rfc3339),
        measured_at: rfc3339(measured.at),
        schedule,
        restorations: drill
            .restorations
            .iter()
            .map(|r| RestorationView {
                nodes: r.restored.nodes.clone(),
                at: rfc3339(r.restored.at),
                by: r.by.clone(),
            })
            .collect(),
        services: measured
            .services
            .iter()
            .map(|s| ServiceMeasureView {
                node: s.node.clone(),
                name: s.name.clone(),
                down_at: s.outage.as_ref().map(|o| rfc3339(o.down_at)),
                caused_by: s.outage.as_ref().map(|o| o.caused_by.clone()),
                path: s
                    .outage
                    .as_ref()
                    .map(|o| o.path.clone())
                    .unwrap_or_default(),
                restored_at: s.outage.as_ref().and_then(|o| o.restored_at).map(rfc3339),
                degraded_at: s.degraded_at.map(rfc3339),
                rto: figure_view(&s.rto),
                rpo: figure_view(&s.rpo),
                restore_tier: s.restore_point.as_ref().map(|p| p.tier.clone()),
                restore_point: s.restore_point.as_ref().map(|p| rfc3339(p.point)),
            })
            .collect(),
        nodes,
        findings: drill
            .findings
            .iter()
            .map(|f| FindingView {
                id: f.id.to_string(),
                grade: f.finding.grade.into(),
                step: f.finding.step.clone(),
                service: f.finding.service.clone(),
                text: f.finding.text.clone(),
                by: f.by.clone(),
                at: rfc3339(f.at),
                action: actions.iter().find(|a| a.finding == f.id).map(action_view),
            })
            .collect(),
    }
}

impl Vakt {
    /// Every scenario of the workspace, checked against its topology, playbooks, roles,
    /// retention stores and languages.
    pub fn scenarios(&self) -> Result<Scenarios, ApiError> {
        let root = self.workspace()?.root.clone();
        let topology = self.topology().ok();
        let loaded = self.definitions(None)?;
        let playbooks: BTreeSet<String> = loaded.claims.keys().cloned().collect();
        let (roles, languages) = match &loaded.workspace {
            Some(w) => (
                Some(
                    w.roles
                        .iter()
                        .map(|r| r.id.clone())
                        .collect::<BTreeSet<_>>(),
                ),
                Some(w.organisation.languages.clone()),
            ),
            None => (None, None),
        };
        let stores: Option<BTreeSet<String>> = self
            .retention()
            .ok()
            .map(|r| r.stores.iter().map(|s| s.id.clone()).collect());
        let context = Context {
            topology: topology.as_ref(),
            playbooks: Some(&playbooks),
            roles: roles.as_ref(),
            stores: stores.as_ref(),
            languages: languages.as_deref(),
        };
        Ok(vakt_drill::load_dir(&root, &context))
    }

    /// The workspace's scenarios, and the problems of those that do not load.
    pub fn drill_scenarios(&self) -> Result<ScenarioList, ApiError> {
        let s = self.scenarios()?;
        Ok(ScenarioList {
            scenarios: s
                .scenarios
                .iter()
                .map(|l| scenario_summary(&l.path, &l.scenario))
                .collect(),
            problems: s.problems.iter().map(ToString::to_string).collect(),
        })
    }

    fn scenario(&self, id: &str) -> Result<LoadedScenario, ApiError> {
        let s = self.scenarios()?;
        if let Some(found) = s.get(id) {
            return Ok(found.clone());
        }
        let problems: Vec<String> = s
            .problems
            .iter()
            .filter(|p| p.message.contains(id) || p.file.to_string_lossy().contains(id))
            .map(ToString::to_string)
            .collect();
        Err(invalid(if problems.is_empty() {
            format!(
                "the workspace has no scenario `{id}`; scenarios: {}",
                s.scenarios
                    .iter()
                    .map(|l| l.scenario.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("scenario `{id}` has problems: {}", problems.join("; "))
        }))
    }

    /// Starts scenario `scenario`: its first playbook's run in drill mode, with the scenario
    /// and the topology pinned in `drill.started` (one transaction).
    pub fn drill_start(
        &mut self,
        scenario: &str,
        title: Option<&str>,
    ) -> Result<DrillRunView, ApiError> {
        let actor = self.actor()?;
        let loaded = self.scenario(scenario)?;
        let definitions = self.definitions(None)?;
        let first = loaded
            .scenario
            .playbooks
            .first()
            .ok_or_else(|| invalid("the scenario names no playbook"))?;
        let playbook = definitions
            .playbook(first)
            .map_err(|e| invalid(e.to_string()))?
            .clone();
        let roles = definitions
            .workspace
            .as_ref()
            .map(|w| w.roles.iter().map(|r| r.id.clone()).collect())
            .unwrap_or_default();
        let topology_path = self.workspace()?.root.join(TOPOLOGY_FILE);
        let topology_bytes = std::fs::read(&topology_path).map_err(|e| {
            ApiError::new(
                ErrorCode::Failed,
                format!("cannot read {}: {e}", topology_path.display()),
            )
        })?;
        let topology_source = String::from_utf8(topology_bytes.clone())
            .map_err(|e| ApiError::new(ErrorCode::Failed, format!("{TOPOLOGY_FILE}: {e}")))?;
        let title = match title.map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => t.to_string(),
            None => {
                let lang = self.settings().map(|s| s.language).unwrap_or_default();
                let word = if lang == "nl" { "Oefening" } else { "Drill" };
                format!("{word}: {}", loaded.scenario.title.get(&lang))
            }
        };
        let started = Started {
            scenario: loaded.scenario.clone(),
            path: loaded.path.clone(),
            sha256: loaded.sha256.clone(),
            source: loaded.source.clone(),
            topology_sha256: vakt_stdx::sha256_hex(&topology_bytes),
            topology_source,
        };
        let state =
            self.run_engine()
                .start_drill(&actor, &playbook, roles, &title, to_json(&started)?)?;
        // Injections at +0 are due at once.
        self.drill_tick(&state.id.to_string())
    }

    /// The drill of run `run` as its journal tells it, measured now.
    pub fn drill_view(&mut self, run: &str) -> Result<DrillRunView, ApiError> {
        let id = self.find_run(run)?;
        let events = vakt_journal::run_events(self.db.connection(), id)
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
        self.view_of(id, &events)
    }

    fn view_of(&self, id: Uuid, events: &[Event]) -> Result<DrillRunView, ApiError> {
        let drill = drill_of(id, events)?;
        let state = RunState::replay(id, events)?;
        let topology = drill.topology()?;
        let actions = self.actions_across_runs()?;
        Ok(drill_view(
            &drill,
            &state.title,
            &topology,
            &actions,
            self.clock.now(),
        ))
    }

    /// Records drill events in run `run`: the scheduled injections now due, then what `decide`
    /// adds (checked against the drill as the journal tells it, in the same transaction).
    fn drill_record(
        &mut self,
        run: &str,
        decide: impl FnOnce(
            &DrillState,
            &Topology,
            DateTime<Utc>,
        ) -> Result<Vec<(String, serde_json::Value)>, Refusal>,
    ) -> Result<DrillRunView, ApiError> {
        let id = self.find_run(run)?;
        let actor = self.actor()?;
        let now = self.clock.now();
        let events = self
            .run_engine()
            .record_drill(id, &actor, |_, events| -> Result<_, Refusal> {
                let drill = drill_of(id, events)?;
                let topology = drill.topology()?;
                let mut out = due_events(&drill, now)?;
                out.extend(decide(&drill, &topology, now)?);
                Ok(out)
            })
            .map_err(ApiError::from)?;
        self.view_of(id, &events)
    }

    /// Journals the scheduled injections of run `run` whose moment has passed, each at its
    /// planned moment.
    pub fn drill_tick(&mut self, run: &str) -> Result<DrillRunView, ApiError> {
        self.drill_record(run, |_, _, _| Ok(Vec::new()))
    }

    /// The exercise controller gives the cue for injection `injection` (one on cue, or a
    /// scheduled one early): journaled now.
    pub fn drill_inject(&mut self, run: &str, injection: &str) -> Result<DrillRunView, ApiError> {
        let injection = injection.trim().to_string();
        self.drill_record(run, move |drill, _, now| {
            let cue: Injected = drill.cue(&injection, now)?;
            Ok(vec![payload(drill_kind::INJECTED, &cue)?])
        })
    }

    /// Marks `nodes` restored at `at` (now when `None`; an earlier time needs `reason`).
    pub fn drill_restore(
        &mut self,
        run: &str,
        nodes: Vec<String>,
        at: Option<&str>,
        reason: Option<String>,
        step: Option<String>,
    ) -> Result<DrillRunView, ApiError> {
        let at = at
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| parse_time(t, "at"))
            .transpose()?;
        let nodes: Vec<String> = nodes
            .into_iter()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        self.drill_record(run, move |drill, topology, now| {
            let restored = Restored {
                nodes,
                at: at.unwrap_or(now),
                reason: reason.filter(|r| !r.trim().is_empty()),
                step,
            };
            drill.check_restored(topology, &restored, now)?;
            Ok(vec![payload(drill_kind::RESTORED, &restored)?])
        })
    }

    /// Chooses the restore point for measured service `service` with the restore-point
    /// calculator (its store, restored to `wanted`: by default the moment the service went
    /// down, else the first injection), from `tier` or the best tier, and journals it.
    pub fn drill_restore_point(
        &mut self,
        run: &str,
        service: &str,
        wanted: Option<&str>,
        item: RestoreItem,
        tier: Option<&str>,
    ) -> Result<DrillRunView, ApiError> {
        let retention = self.retention()?;
        let wanted = wanted
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| parse_time(t, "wanted"))
            .transpose()?;
        let service = service.trim().to_string();
        let tier = tier
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        let item = match item {
            RestoreItem::Any => Item::Any,
            RestoreItem::Changed => Item::Changed,
            RestoreItem::Deleted => Item::Deleted,
        };
        self.drill_record(run, move |drill, topology, now| {
            let measured = drill
                .start
                .scenario
                .service(&service)
                .ok_or_else(|| {
                    DrillError::Refused(format!(
                        "`{service}` is not a measured service of this drill"
                    ))
                })?
                .clone();
            let m = vakt_drill::measure(drill, topology, now);
            let down = m
                .services
                .iter()
                .find(|s| s.node == service)
                .and_then(|s| s.outage.as_ref())
                .map(|o| o.down_at);
            let first = drill.injections.iter().map(|i| i.injected.at).min();
            let wanted = wanted.or(down).or(first).ok_or_else(|| {
                DrillError::Refused(format!(
                    "`{service}` has not gone down and nothing was injected yet; say which moment to restore to"
                ))
            })?;
            let answer = vakt_retention::restore_point(
                &retention,
                &measured.store,
                item,
                wanted.fixed_offset(),
                now,
            );
            let (tier_id, point, loss) = match &tier {
                Some(t) => {
                    let o = answer.tiers.iter().find(|o| o.tier == *t).ok_or_else(|| {
                        DrillError::Refused(format!(
                            "store `{}` has no tier `{t}`",
                            measured.store
                        ))
                    })?;
                    match (o.restore_point, o.data_loss_seconds) {
                        (Some(p), Some(l)) => (o.tier.clone(), p, l),
                        _ => {
                            return Err(DrillError::Refused(format!(
                                "tier `{t}` cannot restore it: {}",
                                o.reason
                            ))
                            .into());
                        }
                    }
                }
                None => match (&answer.tier, answer.restore_point, answer.data_loss_seconds) {
                    (Some(t), Some(p), Some(l)) => (t.clone(), p, l),
                    _ => return Err(DrillError::Refused(answer.summary.clone()).into()),
                },
            };
            let chosen = RestorePoint {
                service: service.clone(),
                store: measured.store.clone(),
                tier: tier_id,
                point,
                wanted,
                loss_seconds: u64::try_from(loss).unwrap_or(0),
            };
            drill.check_restore_point(&chosen)?;
            Ok(vec![payload(drill_kind::RESTORE_POINT, &chosen)?])
        })
    }

    /// The exercise controller judges success criterion `criterion` (from 0) of drill `run`:
    /// met or not, and what showed it. A later judgement of the same criterion replaces it.
    pub fn drill_judge(
        &mut self,
        run: &str,
        criterion: u32,
        met: bool,
        note: &str,
    ) -> Result<DrillRunView, ApiError> {
        let judged = Judged {
            criterion: usize::try_from(criterion).unwrap_or(usize::MAX),
            met,
            note: note.trim().to_string(),
        };
        self.drill_record(run, move |drill, _, _| {
            drill.check_judgement(&judged)?;
            Ok(vec![payload(drill_kind::JUDGED, &judged)?])
        })
    }

    /// Records a graded finding in drill `run`, with its corrective action when given.
    pub fn drill_finding(
        &mut self,
        run: &str,
        grade: FindingGrade,
        step: Option<String>,
        service: Option<String>,
        text: &str,
        action: Option<ActionInput>,
    ) -> Result<DrillRunView, ApiError> {
        let action = match action {
            None => None,
            Some(a) => Some(ActionPlan {
                text: a.text.trim().to_string(),
                owner: a.owner.trim().to_string(),
                due: NaiveDate::parse_from_str(a.due.trim(), "%Y-%m-%d").map_err(|_| {
                    invalid(format!("due `{}` is not a date like 2027-01-31", a.due))
                })?,
            }),
        };
        if let Some(a) = &action
            && a.due < self.clock.now().date_naive()
        {
            return Err(invalid(format!(
                "due {} is already past; a corrective action is due today or later",
                a.due
            )));
        }
        let finding = Finding {
            grade: grade.into(),
            step: step.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
            service: service
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            text: text.trim().to_string(),
            action,
        };
        self.drill_record(run, move |drill, _, _| {
            drill.check_finding(&finding)?;
            Ok(vec![payload(drill_kind::FINDING, &finding)?])
        })
    }

    /// Every finding and action change in the journal, across runs.
    fn finding_records(&self) -> Result<(Vec<FindingRecord>, Vec<ActionChangeRecord>), ApiError> {
        let conn = self.db.connection();
        let failed =
            |e: vakt_journal::JournalError| ApiError::new(ErrorCode::Failed, e.to_string());
        let corrupt = |kind: &str, e: serde_json::Error| {
            ApiError::from(DrillError::Corrupt {
                kind: kind.to_string(),
                reason: e.to_string(),
            })
        };
        let mut findings = Vec::new();
        for e in vakt_journal::events_of_kind(conn, drill_kind::FINDING).map_err(failed)? {
            findings.push(FindingRecord {
                id: e.id,
                run: e.run.unwrap_or_default(),
                finding: serde_json::from_value(e.payload.clone())
                    .map_err(|x| corrupt(&e.kind, x))?,
                by: e.by.actor.clone(),
                at: e.at,
            });
        }
        let mut changes = Vec::new();
        for e in vakt_journal::events_of_kind(conn, drill_kind::ACTION_CHANGED).map_err(failed)? {
            changes.push(ActionChangeRecord {
                change: serde_json::from_value(e.payload.clone())
                    .map_err(|x| corrupt(&e.kind, x))?,
                run: e.run,
                by: e.by.actor.clone(),
                at: e.at,
            });
        }
        Ok((findings, changes))
    }

    /// The corrective actions of every drill, as of today.
    pub(crate) fn actions_across_runs(&self) -> Result<Vec<CorrectiveAction>, ApiError> {
        let (findings, changes) = self.finding_records()?;
        Ok(vakt_drill::corrective_actions(
            &findings,
            &changes,
            self.clock.now().date_naive(),
        ))
    }

    /// Every corrective action, or only the overdue ones.
    pub fn corrective_actions(&self, overdue_only: bool) -> Result<Vec<ActionView>, ApiError> {
        Ok(self
            .actions_across_runs()?
            .iter()
            .filter(|a| !overdue_only || a.overdue)
            .map(action_view)
            .collect())
    }

    /// Moves corrective action `action` (its id, or a unique prefix) to `state`, saying what
    /// was done; journaled in run `in_run` (a later drill that verified it) or in the run the
    /// finding was raised in.
    pub fn action_update(
        &mut self,
        action: &str,
        state: ActionStateName,
        note: &str,
        in_run: Option<&str>,
    ) -> Result<ActionView, ApiError> {
        let actor = self.actor()?;
        let text = action.trim();
        let actions = self.actions_across_runs()?;
        let found: Vec<&CorrectiveAction> = actions
            .iter()
            .filter(|a| !text.is_empty() && a.finding.to_string().starts_with(text))
            .collect();
        let a = match found.as_slice() {
            [one] => (*one).clone(),
            [] => {
                return Err(invalid(format!(
                    "no corrective action has an id starting `{text}`"
                )));
            }
            _ => {
                return Err(invalid(format!(
                    "`{text}` matches {} corrective actions; give more of the id",
                    found.len()
                )));
            }
        };
        let change = vakt_drill::action::change(&a, state.into(), note)?;
        let run = match in_run.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => self.find_run(r)?,
            None => a.run,
        };
        let finding = a.finding;
        self.run_engine()
            .record_drill(run, &actor, |_, events| -> Result<_, Refusal> {
                // The drill's own events, so a change is recorded only in a drill run.
                drill_of(run, events)?;
                Ok(vec![payload(drill_kind::ACTION_CHANGED, &change)?])
            })
            .map_err(ApiError::from)?;
        self.actions_across_runs()?
            .iter()
            .find(|x| x.finding == finding)
            .map(action_view)
            .ok_or_else(|| ApiError::new(ErrorCode::Failed, "the action vanished"))
    }

    /// The drill of run `run` for its exercise report: measured now (or at its close), the
    /// corrective actions of its findings, and the achieved RTO of each measured service over
    /// the scenario's drills that began no later than this one. `None` for a drill-mode run
    /// without a scenario.
    pub fn drill_facts(&self, run: Uuid) -> Result<Option<crate::records::DrillFacts>, ApiError> {
        let conn = self.db.connection();
        let failed =
            |e: vakt_journal::JournalError| ApiError::new(ErrorCode::Failed, e.to_string());
        let events = vakt_journal::run_events(conn, run).map_err(failed)?;
        let Some(state) = DrillState::replay(events.iter().map(Entry::from))? else {
            return Ok(None);
        };
        let now = self.clock.now();
        let topology = state.topology()?;
        let measurement = vakt_drill::measure(&state, &topology, now);
        let actions = self
            .actions_across_runs()?
            .into_iter()
            .filter(|a| a.run == run)
            .collect();
        let mut earlier: Vec<(DateTime<Utc>, Measurement)> = Vec::new();
        for e in vakt_journal::events_of_kind(conn, drill_kind::STARTED).map_err(failed)? {
            let Some(other) = e.run else { continue };
            if other == run {
                earlier.push((state.started_at, measurement.clone()));
                continue;
            }
            let events = vakt_journal::run_events(conn, other).map_err(failed)?;
            let Some(o) = DrillState::replay(events.iter().map(Entry::from))? else {
                continue;
            };
            if o.start.scenario.id != state.start.scenario.id || o.started_at > state.started_at {
                continue;
            }
            let t = o.topology()?;
            earlier.push((o.started_at, vakt_drill::measure(&o, &t, now)));
        }
        earlier.sort_by_key(|(at, _)| *at);
        let trend = state
            .start
            .scenario
            .services
            .iter()
            .filter(|m| m.measures(vakt_drill::Objective::Rto))
            .map(|m| vakt_record::TrendSeries {
                service: m.node.clone(),
                name: m.name.clone(),
                target_minutes: m.rto.as_ref().map(|t| t.seconds as f64 / 60.0),
                points: earlier
                    .iter()
                    .map(|(at, me)| vakt_record::TrendPoint {
                        at: *at,
                        achieved_minutes: me
                            .services
                            .iter()
                            .find(|x| x.node == m.node)
                            .and_then(|x| x.rto.achieved_seconds)
                            .map(|s| s as f64 / 60.0),
                    })
                    .collect(),
            })
            .collect();
        Ok(Some(crate::records::DrillFacts {
            state,
            measurement,
            actions,
            trend,
        }))
    }

    /// Every drill started from a scenario, measured now, for the programme.
    fn drill_records(&self) -> Result<Vec<vakt_drill::programme::DrillRecord>, ApiError> {
        let conn = self.db.connection();
        let failed =
            |e: vakt_journal::JournalError| ApiError::new(ErrorCode::Failed, e.to_string());
        let now = self.clock.now();
        let mut out = Vec::new();
        for e in vakt_journal::events_of_kind(conn, drill_kind::STARTED).map_err(failed)? {
            let Some(run) = e.run else { continue };
            let events = vakt_journal::run_events(conn, run).map_err(failed)?;
            let Some(d) = DrillState::replay(events.iter().map(Entry::from))? else {
                continue;
            };
            let state = RunState::replay(run, &events)?;
            let topology = d.topology()?;
            out.push(vakt_drill::programme::DrillRecord {
                run,
                scenario: d.start.scenario.id.clone(),
                started_at: d.started_at,
                closed_at: d.closed_at,
                playbook: (state.playbook.id.clone(), state.playbook_sha256.clone()),
                measurement: vakt_drill::measure(&d, &topology, now),
            });
        }
        Ok(out)
    }

    /// The exercise programme: per scenario, its drills and results, coverage over the last
    /// 12 months, the next due date.
    pub fn programme(&self) -> Result<crate::json::ProgrammeView, ApiError> {
        let scenarios = self.scenarios()?;
        let list: Vec<vakt_drill::Scenario> = scenarios
            .scenarios
            .iter()
            .map(|s| s.scenario.clone())
            .collect();
        let records = self.drill_records()?;
        let plan = vakt_drill::programme::programme(&list, &records, self.clock.now());
        let rto_of = |run: Uuid| -> Vec<crate::json::AchievedRtoView> {
            records
                .iter()
                .find(|r| r.run == run)
                .map(|r| {
                    r.measurement
                        .services
                        .iter()
                        .filter(|m| m.rto.verdict != vakt_drill::Verdict::NotMeasured)
                        .map(|m| {
                            let f = figure_view(&m.rto);
                            crate::json::AchievedRtoView {
                                node: m.node.clone(),
                                name: m.name.clone(),
                                target_seconds: f.target_seconds,
                                achieved_seconds: f.achieved_seconds,
                                verdict: f.verdict,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(crate::json::ProgrammeView {
            covered: u32::try_from(plan.covered).unwrap_or(u32::MAX),
            total: u32::try_from(plan.total).unwrap_or(u32::MAX),
            entries: plan
                .entries
                .iter()
                .zip(&list)
                .map(|(e, s)| crate::json::ProgrammeEntryView {
                    scenario: e.scenario.clone(),
                    title: (&s.title).into(),
                    cycle_days: u32::try_from(e.cycle_seconds / 86_400).unwrap_or(u32::MAX),
                    drills: e
                        .drills
                        .iter()
                        .map(|d| crate::json::ExercisedView {
                            run: d.run.to_string(),
                            at: rfc3339(d.at),
                            open: d.open,
                            met: u32::try_from(d.met).unwrap_or(u32::MAX),
                            missed: u32::try_from(d.missed).unwrap_or(u32::MAX),
                            pending: u32::try_from(d.pending).unwrap_or(u32::MAX),
                            rto: rto_of(d.run),
                        })
                        .collect(),
                    within12_months: e.within_12_months,
                    next_due: e.next_due.map(rfc3339),
                    overdue: e.overdue,
                })
                .collect(),
        })
    }

    /// The readiness check: playbook clocks against topology RTOs, services no playbook
    /// restores, scenarios overdue, playbooks changed since their last drill, and the
    /// corrective actions overdue.
    pub fn readiness(&self) -> Result<crate::json::ReadinessView, ApiError> {
        let loaded = self.definitions(None)?;
        let topology = self.topology()?;
        let scenarios: Vec<vakt_drill::Scenario> = self
            .scenarios()?
            .scenarios
            .iter()
            .map(|s| s.scenario.clone())
            .collect();
        let gaps = vakt_drill::programme::readiness(
            &loaded.playbooks,
            &topology,
            &scenarios,
            &self.drill_records()?,
            self.clock.now(),
        );
        Ok(crate::json::ReadinessView {
            gaps: gaps
                .iter()
                .map(|g| crate::json::GapView {
                    kind: serde_json::to_value(g)
                        .ok()
                        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                        .unwrap_or_default(),
                    text: g.text(),
                })
                .collect(),
            overdue_actions: self.corrective_actions(true)?,
        })
    }

    /// Every drill run started from a scenario, newest first.
    pub fn drill_list(&mut self) -> Result<Vec<DrillSummary>, ApiError> {
        let conn = self.db.connection();
        let started = vakt_journal::events_of_kind(conn, drill_kind::STARTED)
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
        let mut out = Vec::new();
        for e in started {
            let Some(run) = e.run else { continue };
            let events = vakt_journal::run_events(conn, run)
                .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
            let drill = drill_of(run, &events)?;
            let state = RunState::replay(run, &events)?;
            out.push(DrillSummary {
                run: run.to_string(),
                title: state.title,
                scenario: drill.start.scenario.id.clone(),
                started_at: rfc3339(drill.started_at),
                open: drill.is_open(),
            });
        }
        out.reverse();
        Ok(out)
    }
}
