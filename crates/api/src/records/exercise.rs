//! An exercise report from a drill run and its journal events.
//!
//! A drill started from a scenario is reported from what its journal holds: the scenario's
//! objectives and criteria as planned, the injections with their moments, the timeline, per
//! service the RTO and RPO measured from the journaled injections, recoveries and restore point
//! against the targets, the graded findings and their corrective actions as they stand, the
//! trend of achieved RTO over the scenario's drills. Every text is taken in the report's
//! language. A drill-mode run without a scenario measured nothing, and says so.

use chrono::{DateTime, Duration, Utc};
use vakt_drill::{CorrectiveAction, DrillState, Measurement, Verdict};
use vakt_record::{
    Criterion, ExerciseReport, FigureVerdict, Finding, Injection, MeasuredFigure, Participant,
    PlaybookVersion, ScenarioRef, ServiceRecovery, StepTiming, TimelineEntry, TrendSeries,
};
use vakt_run::StepStatus;

use super::source::{NOT_RECORDED, RunSource};

/// What the report needs of a topology node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeFacts {
    /// Display name.
    pub name: String,
    /// Recovery time objective in seconds, when set.
    pub rto_seconds: Option<u64>,
    /// Recovery point objective in seconds, when set.
    pub rpo_seconds: Option<u64>,
}

/// The drill behind a drill run: its replayed state, its measurement at the report's moment,
/// the corrective actions of its findings (as they stand across runs), and the trend of achieved
/// RTO over the scenario's drills.
#[derive(Debug, Clone)]
pub struct DrillFacts {
    /// The drill.
    pub state: DrillState,
    /// Its measurement.
    pub measurement: Measurement,
    /// Corrective actions raised in this drill.
    pub actions: Vec<CorrectiveAction>,
    /// Achieved RTO per measured service over the scenario's drills up to this one.
    pub trend: Vec<TrendSeries>,
}

fn minutes(d: Duration) -> f64 {
    d.num_seconds() as f64 / 60.0
}

/// Words of the report's content that come from Vakt rather than the definitions.
struct Says {
    lang: &'static str,
}

impl Says {
    fn nl(&self) -> bool {
        self.lang == "nl"
    }
    fn pick(&self, en: &str, nl: &str) -> String {
        if self.nl() { nl } else { en }.to_string()
    }
}

fn step_timings(s: &RunSource<'_>, says: &Says) -> (Vec<StepTiming>, Vec<String>) {
    let mut steps = Vec::new();
    let mut deviations = Vec::new();
    for step in &s.state.playbook.steps {
        let Some(r) = s.state.step(&step.id) else {
            continue;
        };
        // Only steps worked on: a step merely reached (waiting, active, not applicable, never
        // started) has no timing.
        let finished = matches!(
            r.status,
            StepStatus::Done { .. } | StepStatus::Skipped { .. } | StepStatus::Failed { .. }
        );
        if r.first_started.is_none() && !finished {
            continue;
        }
        let planned = step.duration.seconds() as f64 / 60.0;
        let title = step.title.get(says.lang).to_string();
        let mut note = s.notes_on(&step.id).join(" ");
        let actual = match (&r.status, r.first_started, r.finished) {
            (StepStatus::Done { .. }, Some(a), Some(b)) => Some(minutes(b - a)),
            // Done without being started first: from when it became possible (the last of
            // the steps it waits for done, else the run's start) to done, and said so.
            (StepStatus::Done { .. }, None, Some(b)) => {
                let from = step
                    .after
                    .iter()
                    .chain(&step.after_any)
                    .filter_map(|id| s.state.step(id).and_then(|d| d.finished))
                    .filter(|t| *t <= b)
                    .max()
                    .unwrap_or(s.state.started_at);
                note = format!(
                    "{} {note}",
                    says.pick(
                        "done without a recorded start; timed from when it became possible.",
                        "afgerond zonder vastgelegde start; gemeten vanaf het moment dat het kon."
                    )
                )
                .trim()
                .to_string();
                Some(minutes(b - from))
            }
            (StepStatus::Skipped { reason, .. }, _, _) => {
                deviations.push(says.pick(
                    &format!("Step \"{title}\" was skipped: {reason}"),
                    &format!("Stap \"{title}\" is overgeslagen: {reason}"),
                ));
                note = format!("{}: {reason} {note}", says.pick("skipped", "overgeslagen"))
                    .trim()
                    .to_string();
                None
            }
            (StepStatus::Failed { reason, .. }, _, _) => {
                deviations.push(says.pick(
                    &format!("Step \"{title}\" failed: {reason}"),
                    &format!("Stap \"{title}\" is mislukt: {reason}"),
                ));
                note = format!("{}: {reason} {note}", says.pick("failed", "mislukt"))
                    .trim()
                    .to_string();
                None
            }
            _ => None,
        };
        if let Some(a) = actual
            && a > planned
        {
            deviations.push(says.pick(
                &format!("Step \"{title}\" took {a:.0} min against {planned:.0} min planned"),
                &format!("Stap \"{title}\" duurde {a:.0} min tegenover {planned:.0} min gepland"),
            ));
        }
        steps.push(StepTiming {
            step: step.id.clone(),
            title,
            role: step.role.clone(),
            planned_minutes: planned,
            actual_minutes: actual,
            note,
        });
    }
    (steps, deviations)
}

fn figure(f: &vakt_drill::Figure) -> MeasuredFigure {
    let (verdict, by) = match &f.verdict {
        Verdict::NotMeasured => (FigureVerdict::NotMeasured, None),
        Verdict::NotReached => (FigureVerdict::NotReached, None),
        Verdict::Met => (FigureVerdict::Met, None),
        Verdict::Missed { by_seconds } => (FigureVerdict::Missed, Some(*by_seconds as f64 / 60.0)),
        Verdict::NoOutage => (FigureVerdict::NoOutage, None),
        Verdict::NotRestored => (FigureVerdict::NotRestored, None),
        Verdict::NoRestorePoint => (FigureVerdict::NoRestorePoint, None),
    };
    MeasuredFigure {
        target_minutes: f.target.as_ref().map(|t| t.seconds as f64 / 60.0),
        target_override: f.target.as_ref().and_then(|t| match &t.source {
            vakt_drill::TargetSource::Override { reason } => Some(reason.clone()),
            vakt_drill::TargetSource::Topology => None,
        }),
        achieved_minutes: f.achieved_seconds.map(|s| s as f64 / 60.0),
        verdict,
        missed_by_minutes: by,
    }
}

/// The measured recovery of every service the scenario names.
fn measured_recovery(m: &Measurement) -> Vec<ServiceRecovery> {
    m.services
        .iter()
        .map(|s| {
            let rto = figure(&s.rto);
            let rpo = figure(&s.rpo);
            ServiceRecovery {
                service: s.node.clone(),
                name: s.name.clone(),
                rto_target_minutes: rto.target_minutes.unwrap_or(0.0),
                rto_achieved_minutes: rto.achieved_minutes,
                rpo_target_minutes: rpo.target_minutes.unwrap_or(0.0),
                rpo_achieved_minutes: rpo.achieved_minutes,
                down_at: s.outage.as_ref().map(|o| o.down_at),
                caused_by: s.outage.as_ref().map(|o| o.caused_by.clone()),
                restored_at: s.outage.as_ref().and_then(|o| o.restored_at),
                restore_tier: s.restore_point.as_ref().map(|p| p.tier.clone()),
                restore_point: s.restore_point.as_ref().map(|p| p.point),
                rto: Some(rto),
                rpo: Some(rpo),
            }
        })
        .collect()
}

fn exercise_kind(e: vakt_drill::ExerciseType, says: &Says) -> String {
    let (en, nl) = match e {
        vakt_drill::ExerciseType::Tabletop => ("Tabletop exercise", "Tafeloefening"),
        vakt_drill::ExerciseType::Walkthrough => ("Walkthrough", "Doorloopoefening"),
        vakt_drill::ExerciseType::Simulation => ("Simulation", "Simulatie"),
        vakt_drill::ExerciseType::FullFailover => ("Full failover", "Volledige failover"),
    };
    format!("{} (ISO 22301, 8.5)", says.pick(en, nl))
}

/// The timeline: injections, recoveries, restore points, steps finished and findings.
fn timeline(s: &RunSource<'_>, d: &DrillState, says: &Says) -> Vec<TimelineEntry> {
    let mut out: Vec<TimelineEntry> = Vec::new();
    for i in &d.injections {
        let how = if i.injected.on_cue {
            says.pick("Injected on cue", "Ingebracht op aanwijzing")
        } else {
            says.pick("Injected", "Ingebracht")
        };
        out.push(TimelineEntry {
            at: i.injected.at,
            text: format!("{how}: {}", i.injected.node),
        });
    }
    for r in &d.restorations {
        out.push(TimelineEntry {
            at: r.restored.at,
            text: format!(
                "{}: {} ({})",
                says.pick("Restored", "Hersteld"),
                r.restored.nodes.join(", "),
                r.by
            ),
        });
    }
    for p in &d.restore_points {
        out.push(TimelineEntry {
            at: p.recorded_at,
            text: says.pick(
                &format!(
                    "Restore point of {}: {} from {}, {} min of data lost",
                    p.point.service,
                    p.point.point.format("%Y-%m-%d %H:%M UTC"),
                    p.point.tier,
                    p.point.loss_seconds / 60
                ),
                &format!(
                    "Herstelpunt van {}: {} uit {}, {} min gegevens verloren",
                    p.point.service,
                    p.point.point.format("%Y-%m-%d %H:%M UTC"),
                    p.point.tier,
                    p.point.loss_seconds / 60
                ),
            ),
        });
    }
    for step in &s.state.playbook.steps {
        if let Some(StepStatus::Done { at, by }) = s.state.step(&step.id).map(|r| &r.status) {
            out.push(TimelineEntry {
                at: *at,
                text: format!(
                    "{}: {} ({by})",
                    says.pick("Step done", "Stap afgerond"),
                    step.title.get(says.lang)
                ),
            });
        }
    }
    for (i, f) in d.findings.iter().enumerate() {
        out.push(TimelineEntry {
            at: f.at,
            text: format!(
                "{} F-{} ({}): {}",
                says.pick("Finding", "Bevinding"),
                i + 1,
                f.finding.grade.id(),
                f.finding.text
            ),
        });
    }
    out.sort_by_key(|e| e.at);
    out
}

/// Builds the exercise report of a drill run; `nodes` gives what the topology knows of a node,
/// `drill` the drill when the run was started from a scenario.
pub fn exercise_report(
    s: &RunSource<'_>,
    nodes: &dyn Fn(&str) -> Option<NodeFacts>,
    drill: Option<&DrillFacts>,
) -> ExerciseReport {
    let says = Says { lang: s.lang() };
    let st = s.state;
    let pb = &st.playbook;
    let (steps, mut deviations) = step_timings(s, &says);
    let ended_at: DateTime<Utc> = st
        .closed
        .as_ref()
        .map(|c| c.at)
        .or_else(|| s.events.last().map(|e| e.at))
        .unwrap_or(st.started_at);
    let organisation = s.organisation.to_string();
    let mut participants: Vec<Participant> = Vec::new();
    if let Some(d) = drill {
        for p in &d.state.start.scenario.participants {
            participants.push(Participant {
                name: st
                    .assignments
                    .get(&p.role)
                    .cloned()
                    .unwrap_or_else(|| NOT_RECORDED.into()),
                role: format!("{}: {}", p.role, p.duty.get(says.lang)),
                organisation: organisation.clone(),
            });
        }
    }
    for (role, person) in &st.assignments {
        if !participants
            .iter()
            .any(|p| p.role.split(':').next() == Some(role))
        {
            participants.push(Participant {
                name: person.clone(),
                role: role.clone(),
                organisation: organisation.clone(),
            });
        }
    }
    for e in s.events {
        if !participants.iter().any(|p| p.name == e.by.actor) {
            participants.push(Participant {
                name: e.by.actor.clone(),
                role: e.by.role.clone().unwrap_or_else(|| NOT_RECORDED.into()),
                organisation: organisation.clone(),
            });
        }
    }
    let mut identity = s.identity("EX", &says.pick("Exercise report", "Oefenrapport"));
    identity.classification = says.pick("Confidential", "Vertrouwelijk");
    let playbook = PlaybookVersion {
        id: pb.id.clone(),
        title: pb.title.get(says.lang).to_string(),
        version: pb.version.clone(),
        sha256: st.playbook_sha256.clone(),
    };
    let Some(d) = drill else {
        // A drill-mode run without a scenario: nothing was injected or measured.
        let _ = nodes;
        return ExerciseReport {
            signoffs: Vec::new(),
            identity,
            exercise_type: says.pick(
                "Drill without a scenario (ISO 22301, 8.5)",
                "Oefening zonder scenario (ISO 22301, 8.5)",
            ),
            scope: pb.summary.get(says.lang).to_string(),
            objectives: vec![says.pick(
                "Not recorded: the drill was not started from a scenario, so it states no objectives.",
                "Niet vastgelegd: de oefening is niet vanuit een scenario gestart en noemt dus geen doelen.",
            )],
            success_criteria: Vec::new(),
            scenario: format!("{} ({NOT_RECORDED})", st.title),
            injections: Vec::new(),
            participants,
            playbook,
            started_at: st.started_at,
            ended_at,
            steps,
            recovery: Vec::new(),
            cost_cents: None,
            deviations,
            findings: Vec::new(),
            corrective_actions: Vec::new(),
            sign_off: s.sign_off(),
            next_exercise: (ended_at + Duration::days(365)).date_naive(),
            checkpoint: s.checkpoint.clone(),
            scenario_ref: None,
            timeline: Vec::new(),
            trend: Vec::new(),
        };
    };
    let scenario = &d.state.start.scenario;
    let recovery = measured_recovery(&d.measurement);
    // The scenario's success criteria as the exercise controller judged them (one not judged
    // counts as not met, and says so), then each measured target, judged from the journal.
    let mut success_criteria: Vec<Criterion> = scenario
        .success_criteria
        .iter()
        .zip(d.state.criteria())
        .map(|(text, judged)| {
            let text = text.get(says.lang);
            match judged {
                Some(j) => Criterion {
                    text: format!(
                        "{text} ({}: {})",
                        says.pick(
                            &format!("judged by {}", j.by),
                            &format!("beoordeeld door {}", j.by)
                        ),
                        j.judged.note
                    ),
                    met: j.judged.met,
                },
                None => Criterion {
                    text: format!(
                        "{text} ({})",
                        says.pick(
                            "not judged by the exercise controller",
                            "niet beoordeeld door de oefenleider"
                        )
                    ),
                    met: false,
                },
            }
        })
        .collect();
    for r in &recovery {
        for (word, f) in [("RTO", &r.rto), ("RPO", &r.rpo)] {
            let Some(f) = f else { continue };
            let Some(t) = f.target_minutes else { continue };
            if f.verdict == FigureVerdict::NotMeasured {
                continue;
            }
            success_criteria.push(Criterion {
                text: says.pick(
                    &format!("{} {word} within {} min", r.service, t),
                    &format!("{} {word} binnen {} min", r.service, t),
                ),
                met: matches!(f.verdict, FigureVerdict::Met | FigureVerdict::NoOutage),
            });
            if matches!(
                f.verdict,
                FigureVerdict::Missed | FigureVerdict::NotRestored | FigureVerdict::NoRestorePoint
            ) {
                deviations.push(says.pick(
                    &format!("{} {word} target of {t} min not met", r.service),
                    &format!("{} {word}-doel van {t} min niet gehaald", r.service),
                ));
            }
        }
    }
    let objectives: Vec<String> = scenario
        .objectives
        .iter()
        .map(|o| o.get(says.lang).to_string())
        .collect();
    let injections = d
        .state
        .injections
        .iter()
        .map(|i| Injection {
            at: i.injected.at,
            node: i.injected.node.clone(),
            description: i
                .injected
                .injection
                .as_deref()
                .and_then(|id| scenario.injection(id))
                .map(|p| p.description.get(says.lang).to_string())
                .unwrap_or_else(|| {
                    says.pick(
                        "Added by the exercise controller",
                        "Toegevoegd door de oefenleider",
                    )
                }),
            on_cue: i.injected.on_cue,
        })
        .collect();
    let findings = d
        .state
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| Finding {
            id: format!("F-{}", i + 1),
            severity: match f.finding.grade.id() {
                "major" => says.pick("major", "ernstig"),
                "minor" => says.pick("minor", "gering"),
                other => says.pick(other, "observatie"),
            },
            text: format!("{} ({})", f.finding.text, f.by),
            step: f.finding.step.clone(),
            service: f.finding.service.clone(),
        })
        .collect();
    let corrective_actions = d
        .actions
        .iter()
        .map(|a| vakt_record::CorrectiveAction {
            action: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due,
            status: format!(
                "{}{}",
                match a.state.id() {
                    "open" => "open".to_string(),
                    "done" => says.pick("done", "gedaan"),
                    other => says.pick(other, "geverifieerd"),
                },
                if a.overdue {
                    says.pick(", overdue", ", te laat")
                } else {
                    String::new()
                }
            ),
        })
        .collect();
    ExerciseReport {
        identity,
        exercise_type: exercise_kind(scenario.exercise, &says),
        scope: scenario.summary.get(says.lang).to_string(),
        objectives,
        success_criteria,
        scenario: format!(
            "{} ({} {})",
            scenario.title.get(says.lang),
            scenario.id,
            scenario.version
        ),
        injections,
        participants,
        playbook,
        started_at: st.started_at,
        ended_at,
        steps,
        recovery,
        cost_cents: None,
        deviations,
        findings,
        corrective_actions,
        sign_off: s.sign_off(),
        signoffs: Vec::new(),
        next_exercise: (ended_at
            + Duration::seconds(i64::try_from(scenario.cycle_seconds).unwrap_or(i64::MAX / 2)))
        .date_naive(),
        checkpoint: s.checkpoint.clone(),
        scenario_ref: Some(ScenarioRef {
            id: scenario.id.clone(),
            version: scenario.version.clone(),
            path: d.state.start.path.clone(),
            sha256: d.state.start.sha256.clone(),
        }),
        timeline: timeline(s, &d.state, &says),
        trend: d.trend.clone(),
    }
}
