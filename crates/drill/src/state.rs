//! A drill as its run's events tell it, and the checks a new drill event must pass.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use uuid::Uuid;
use vakt_topology::Topology;

use crate::DrillError;
use crate::event::{
    ActionChanged, Entry, Finding, Injected, Judged, RestorePoint, Restored, Started, kind,
};

/// A recorded injection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InjectionRecord {
    /// What was injected, and when it failed.
    #[serde(flatten)]
    pub injected: Injected,
    /// Who recorded it.
    pub by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// A recorded restoration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestorationRecord {
    /// What was restored, and when.
    #[serde(flatten)]
    pub restored: Restored,
    /// Who recorded it.
    pub by: String,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// A recorded restore point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestorePointRecord {
    /// The calculator's answer as chosen.
    #[serde(flatten)]
    pub point: RestorePoint,
    /// Who chose it.
    pub by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRecord {
    /// The finding event's id (also its corrective action's).
    pub id: Uuid,
    /// The run it was raised in.
    pub run: Uuid,
    /// What was found.
    #[serde(flatten)]
    pub finding: Finding,
    /// Who raised it.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A recorded judgement of a success criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgementRecord {
    /// The judgement.
    #[serde(flatten)]
    pub judged: Judged,
    /// Who judged.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A recorded change of a corrective action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionChangeRecord {
    /// The change.
    #[serde(flatten)]
    pub change: ActionChanged,
    /// The run the change was recorded in.
    pub run: Option<Uuid>,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A drill run, as its events tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillState {
    /// The run.
    pub run: Uuid,
    /// When the run (and the drill) began.
    pub started_at: DateTime<Utc>,
    /// Who began it.
    pub started_by: String,
    /// The pinned scenario and topology.
    pub start: Started,
    /// When the run was closed, if it was.
    pub closed_at: Option<DateTime<Utc>>,
    /// Injections, in journal order.
    pub injections: Vec<InjectionRecord>,
    /// Restorations, in journal order.
    pub restorations: Vec<RestorationRecord>,
    /// Restore points, in journal order.
    pub restore_points: Vec<RestorePointRecord>,
    /// Findings raised in this run.
    pub findings: Vec<FindingRecord>,
    /// Changes to corrective actions recorded in this run.
    pub action_changes: Vec<ActionChangeRecord>,
    /// The controller's judgements of the success criteria, in journal order.
    pub judgements: Vec<JudgementRecord>,
    /// Events replayed.
    pub event_count: usize,
}

fn payload<T: serde::de::DeserializeOwned>(e: &Entry<'_>) -> Result<T, DrillError> {
    serde_json::from_value(e.payload.clone()).map_err(|err| DrillError::Corrupt {
        kind: e.kind.to_string(),
        reason: err.to_string(),
    })
}

impl DrillState {
    /// Replays a run's events (in the journal's replay order) into its drill; `None` when the
    /// run carries no `drill.started` (an incident, or a drill-mode run without a scenario).
    pub fn replay<'e>(
        events: impl IntoIterator<Item = Entry<'e>>,
    ) -> Result<Option<DrillState>, DrillError> {
        let mut run_start: Option<(Uuid, DateTime<Utc>, String)> = None;
        let mut state: Option<DrillState> = None;
        let mut closed_at = None;
        let mut count = 0;
        for e in events {
            count += 1;
            match e.kind {
                kind::RUN_STARTED => {
                    run_start = Some((e.run.unwrap_or_default(), e.at, e.by.to_string()));
                }
                kind::RUN_CLOSED => closed_at = Some(e.at),
                kind::STARTED => {
                    if state.is_some() {
                        return Err(DrillError::Corrupt {
                            kind: e.kind.to_string(),
                            reason: "a second drill.started in one run".into(),
                        });
                    }
                    let (run, started_at, started_by) = run_start.clone().unwrap_or((
                        e.run.unwrap_or_default(),
                        e.at,
                        e.by.to_string(),
                    ));
                    state = Some(DrillState {
                        run,
                        started_at,
                        started_by,
                        start: payload(&e)?,
                        closed_at: None,
                        injections: Vec::new(),
                        restorations: Vec::new(),
                        restore_points: Vec::new(),
                        findings: Vec::new(),
                        judgements: Vec::new(),
                        action_changes: Vec::new(),
                        event_count: 0,
                    });
                }
                k if k.starts_with(kind::PREFIX) => {
                    let Some(s) = state.as_mut() else {
                        return Err(DrillError::Corrupt {
                            kind: k.to_string(),
                            reason: "a drill event before drill.started".into(),
                        });
                    };
                    let by = e.by.to_string();
                    match k {
                        kind::INJECTED => s.injections.push(InjectionRecord {
                            injected: payload(&e)?,
                            by,
                            recorded_at: e.at,
                        }),
                        kind::RESTORED => s.restorations.push(RestorationRecord {
                            restored: payload(&e)?,
                            by,
                            recorded_at: e.at,
                        }),
                        kind::RESTORE_POINT => s.restore_points.push(RestorePointRecord {
                            point: payload(&e)?,
                            by,
                            recorded_at: e.at,
                        }),
                        kind::FINDING => s.findings.push(FindingRecord {
                            id: e.id,
                            run: s.run,
                            finding: payload(&e)?,
                            by,
                            at: e.at,
                        }),
                        kind::JUDGED => s.judgements.push(JudgementRecord {
                            judged: payload(&e)?,
                            by,
                            at: e.at,
                        }),
                        kind::ACTION_CHANGED => s.action_changes.push(ActionChangeRecord {
                            change: payload(&e)?,
                            run: e.run,
                            by,
                            at: e.at,
                        }),
                        other => {
                            return Err(DrillError::Corrupt {
                                kind: other.to_string(),
                                reason: "unknown drill event kind".into(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(state.map(|mut s| {
            s.closed_at = closed_at;
            s.event_count = count;
            s
        }))
    }

    /// Whether the drill is still open (its run not closed).
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// The topology the drill is measured on, loaded from its pinned text.
    pub fn topology(&self) -> Result<Topology, DrillError> {
        vakt_topology::load_str(&self.start.topology_source, Path::new("topology.toml")).map_err(
            |e| DrillError::Corrupt {
                kind: kind::STARTED.into(),
                reason: format!("its pinned topology does not load: {e}"),
            },
        )
    }

    /// The planned injections not yet injected whose moment (start + offset) is at or before
    /// `now`, as the events that journal them, in time order.
    pub fn due_injections(&self, now: DateTime<Utc>) -> Vec<Injected> {
        if !self.is_open() {
            return Vec::new();
        }
        let mut due: Vec<Injected> = self
            .start
            .scenario
            .injections
            .iter()
            .filter(|p| !self.was_injected(&p.id))
            .filter_map(|p| {
                let at = self.started_at + Duration::seconds(i64::try_from(p.at?).ok()?);
                (at <= now).then(|| Injected {
                    injection: Some(p.id.clone()),
                    node: p.node.clone(),
                    at,
                    on_cue: false,
                })
            })
            .collect();
        due.sort_by(|a, b| a.at.cmp(&b.at).then(a.injection.cmp(&b.injection)));
        due
    }

    /// Whether planned injection `id` was injected.
    pub fn was_injected(&self, id: &str) -> bool {
        self.injections
            .iter()
            .any(|i| i.injected.injection.as_deref() == Some(id))
    }

    /// The injection event for the controller's cue: planned injection `id` (on cue, or a
    /// scheduled one given early), now.
    pub fn cue(&self, id: &str, now: DateTime<Utc>) -> Result<Injected, DrillError> {
        self.open()?;
        let p = self.start.scenario.injection(id).ok_or_else(|| {
            DrillError::Refused(format!(
                "the scenario has no injection `{id}`; injections: {}",
                self.start
                    .scenario
                    .injections
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        if self.was_injected(id) {
            return Err(DrillError::Refused(format!(
                "injection `{id}` was already injected"
            )));
        }
        Ok(Injected {
            injection: Some(id.to_string()),
            node: p.node.clone(),
            at: now,
            on_cue: true,
        })
    }

    /// Checks a restoration of `nodes` at `at` (recorded at `now`).
    pub fn check_restored(
        &self,
        topology: &Topology,
        restored: &Restored,
        now: DateTime<Utc>,
    ) -> Result<(), DrillError> {
        self.open()?;
        if restored.nodes.is_empty() {
            return Err(DrillError::Refused("name the nodes restored".into()));
        }
        for n in &restored.nodes {
            if topology.find(n).is_none() {
                return Err(DrillError::Refused(format!(
                    "the drill's topology has no node `{n}`"
                )));
            }
        }
        self.check_moment(restored.at, now, restored.reason.as_deref())
    }

    /// A moment recorded at `now`: not before the start, not in the future, and one earlier
    /// than now carries a reason.
    pub fn check_moment(
        &self,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<(), DrillError> {
        if at > now {
            return Err(DrillError::Refused(format!(
                "{at} is in the future (now is {now})"
            )));
        }
        if at < self.started_at {
            return Err(DrillError::Refused(format!(
                "{at} is before the drill started ({})",
                self.started_at
            )));
        }
        if at < now && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(DrillError::Refused(
                "a moment earlier than now needs a reason".into(),
            ));
        }
        Ok(())
    }

    /// Checks a restore point for a measured service.
    pub fn check_restore_point(&self, point: &RestorePoint) -> Result<(), DrillError> {
        self.open()?;
        let Some(service) = self.start.scenario.service(&point.service) else {
            return Err(DrillError::Refused(format!(
                "`{}` is not a measured service of this drill",
                point.service
            )));
        };
        if service.store != point.store {
            return Err(DrillError::Refused(format!(
                "the RPO of `{}` is measured on store `{}`, not `{}`",
                point.service, service.store, point.store
            )));
        }
        if point.point > point.wanted {
            return Err(DrillError::Refused(
                "a restore point after the moment restored to".into(),
            ));
        }
        Ok(())
    }

    /// Checks a finding.
    pub fn check_finding(&self, finding: &Finding) -> Result<(), DrillError> {
        if finding.text.trim().is_empty() {
            return Err(DrillError::Refused("say what was found".into()));
        }
        if let Some(s) = &finding.service
            && self.start.scenario.service(s).is_none()
        {
            return Err(DrillError::Refused(format!(
                "`{s}` is not a measured service of this drill"
            )));
        }
        if let Some(a) = &finding.action
            && (a.text.trim().is_empty() || a.owner.trim().is_empty())
        {
            return Err(DrillError::Refused(
                "a corrective action needs what is to be done and its owner".into(),
            ));
        }
        Ok(())
    }

    /// The latest judgement of each success criterion of the scenario, in the scenario's order
    /// (`None`: not judged).
    pub fn criteria(&self) -> Vec<Option<&JudgementRecord>> {
        (0..self.start.scenario.success_criteria.len())
            .map(|i| {
                self.judgements
                    .iter()
                    .rev()
                    .find(|j| j.judged.criterion == i)
            })
            .collect()
    }

    /// Whether `judged` may be recorded: a criterion of the scenario, with what showed it. The
    /// drill may be closed: the judgement is often made in the debriefing.
    pub fn check_judgement(&self, judged: &Judged) -> Result<(), DrillError> {
        let count = self.start.scenario.success_criteria.len();
        if judged.criterion >= count {
            return Err(DrillError::Refused(format!(
                "the scenario has {count} success criteria; there is no criterion {}",
                judged.criterion + 1
            )));
        }
        if judged.note.trim().is_empty() {
            return Err(DrillError::Refused(
                "say what showed the criterion met, or what was missing".into(),
            ));
        }
        Ok(())
    }

    fn open(&self) -> Result<(), DrillError> {
        if self.is_open() {
            Ok(())
        } else {
            Err(DrillError::Refused(
                "the drill is closed; findings and corrective actions can still be recorded".into(),
            ))
        }
    }
}
