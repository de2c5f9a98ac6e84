//! An exercise report from a drill run and its journal events.

use chrono::{DateTime, Duration, Utc};
use vakt_record::{
    Criterion, ExerciseReport, Finding, Participant, PlaybookVersion, ServiceRecovery, StepTiming,
};
use vakt_run::{ClockState, StepStatus};

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

fn minutes(d: Duration) -> f64 {
    d.num_seconds() as f64 / 60.0
}

fn step_timings(s: &RunSource<'_>) -> (Vec<StepTiming>, Vec<String>) {
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
        let title = step.title.get("en").to_string();
        let mut note = s.notes_on(&step.id).join(" ");
        let actual = match (&r.status, r.first_started, r.finished) {
            (StepStatus::Done { .. }, Some(a), Some(b)) => Some(minutes(b - a)),
            (StepStatus::Skipped { reason, .. }, _, _) => {
                deviations.push(format!("Step \"{title}\" was skipped: {reason}"));
                note = format!("skipped: {reason} {note}").trim().to_string();
                None
            }
            (StepStatus::Failed { reason, .. }, _, _) => {
                deviations.push(format!("Step \"{title}\" failed: {reason}"));
                note = format!("failed: {reason} {note}").trim().to_string();
                None
            }
            _ => None,
        };
        if let Some(a) = actual
            && a > planned
        {
            deviations.push(format!(
                "Step \"{title}\" took {a:.0} min against {planned:.0} min planned"
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

/// Achieved recovery per service: from the moment the first clock counts from to the moment
/// that stops it, for the services named by the step that records the stopping moment.
fn recovery(s: &RunSource<'_>, nodes: &dyn Fn(&str) -> Option<NodeFacts>) -> Vec<ServiceRecovery> {
    let pb = &s.state.playbook;
    let Some(clock) = pb.clocks.iter().find(|c| c.stops_when.is_some()) else {
        return Vec::new();
    };
    let stop = clock.stops_when.clone().unwrap_or_default();
    let from = s.state.moments.get(&clock.from);
    let to = s.state.moments.get(&stop);
    let achieved = match (from, to) {
        (Some(a), Some(b)) => Some(minutes(b.claimed_at - a.claimed_at)),
        _ => None,
    };
    let mut out: Vec<ServiceRecovery> = Vec::new();
    for step in pb.steps.iter().filter(|st| st.marks.contains(&stop)) {
        for node in &step.nodes {
            let Some(facts) = nodes(node) else { continue };
            let Some(rto) = facts.rto_seconds else {
                continue;
            };
            if out.iter().any(|r| r.service == *node) {
                continue;
            }
            out.push(ServiceRecovery {
                service: node.clone(),
                name: facts.name,
                rto_target_minutes: rto as f64 / 60.0,
                rto_achieved_minutes: achieved,
                rpo_target_minutes: facts.rpo_seconds.unwrap_or(0) as f64 / 60.0,
                rpo_achieved_minutes: None,
            });
        }
    }
    out
}

/// Builds the exercise report of a drill run; `nodes` gives what the topology knows of a node.
pub fn exercise_report(
    s: &RunSource<'_>,
    nodes: &dyn Fn(&str) -> Option<NodeFacts>,
) -> ExerciseReport {
    let st = s.state;
    let pb = &st.playbook;
    let (steps, deviations) = step_timings(s);
    let ended_at: DateTime<Utc> = st
        .closed
        .as_ref()
        .map(|c| c.at)
        .or_else(|| s.events.last().map(|e| e.at))
        .unwrap_or(st.started_at);
    let mut participants: Vec<Participant> = st
        .assignments
        .iter()
        .map(|(role, person)| Participant {
            name: person.clone(),
            role: role.clone(),
            organisation: s.organisation.to_string(),
        })
        .collect();
    for e in s.events {
        if !participants.iter().any(|p| p.name == e.by.actor) {
            participants.push(Participant {
                name: e.by.actor.clone(),
                role: e.by.role.clone().unwrap_or_else(|| NOT_RECORDED.into()),
                organisation: s.organisation.to_string(),
            });
        }
    }
    let clocks = st.clocks(s.generated_at);
    let success_criteria = clocks
        .iter()
        .map(|c| Criterion {
            text: c.title.clone(),
            met: matches!(c.state, ClockState::Met { .. }),
        })
        .collect();
    let findings = st
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| Finding {
            id: format!("F-{}", i + 1),
            severity: "observation".into(),
            text: match &n.step {
                Some(step) => format!("{} (step {step}, {})", n.text, n.by),
                None => format!("{} ({})", n.text, n.by),
            },
        })
        .collect();
    let scenario_notes: Vec<String> = st
        .notes
        .iter()
        .filter(|n| n.step.is_none())
        .map(|n| n.text.clone())
        .collect();
    ExerciseReport {
        identity: s.identity("EX", "Exercise report"),
        exercise_type: format!("Drill of the playbook \"{}\"", pb.title.get("en")),
        scope: pb.summary.get("en").to_string(),
        objectives: vec![format!(
            "Carry out \"{}\" step by step within the planned durations",
            pb.title.get("en")
        )],
        success_criteria,
        scenario: if scenario_notes.is_empty() {
            format!("{} (scenario details {NOT_RECORDED})", st.title)
        } else {
            format!("{}: {}", st.title, scenario_notes.join(" "))
        },
        injections: Vec::new(),
        participants,
        playbook: PlaybookVersion {
            id: pb.id.clone(),
            title: pb.title.get("en").to_string(),
            version: pb.version.clone(),
            sha256: st.playbook_sha256.clone(),
        },
        started_at: st.started_at,
        ended_at,
        steps,
        recovery: recovery(s, nodes),
        cost_cents: None,
        deviations,
        findings,
        corrective_actions: Vec::new(),
        sign_off: s.sign_off(),
        signoffs: Vec::new(),
        // ISO 22301 asks for exercises at planned intervals; a yearly cycle is assumed.
        next_exercise: (ended_at + Duration::days(365)).date_naive(),
        checkpoint: s.checkpoint.clone(),
    }
}
