//! An incident record from a run of the incident procedure and its journal events.

use vakt_record::{
    Affected, Classification, Communication, Criterion, Evidence, IncidentRecord, PersonalData,
};
use vakt_run::{DecisionRecord, StepStatus};

use super::source::{NOT_RECORDED, RunSource};

/// The steps and moments of the incident procedure that a record reads.
mod ids {
    pub const TRIAGE: &str = "triage";
    pub const SEVERITY: &str = "classify-severity";
    pub const PERSONAL_DATA: &str = "personal-data";
    pub const INVESTIGATE_PERSONAL_DATA: &str = "investigate-personal-data";
    pub const ROOT_CAUSE: &str = "root-cause";
    pub const CORRECTIVE: &str = "corrective-actions";
    pub const LESSONS: &str = "lessons-learned";
    pub const REPORT: &str = "report-event";
}

fn decision<'a>(s: &'a RunSource<'_>, step: &str) -> Option<&'a DecisionRecord> {
    s.state.decisions.iter().rev().find(|d| d.step == step)
}

fn classification(s: &RunSource<'_>) -> Classification {
    let pb = &s.state.playbook;
    let lang = s.lang();
    let severity = decision(s, ids::SEVERITY)
        .map(|d| format!("{} ({})", s.option_title(&d.step, &d.option), d.rationale))
        .unwrap_or_else(|| NOT_RECORDED.to_string());
    let options = pb
        .step(ids::TRIAGE)
        .and_then(|st| st.decision.as_ref())
        .map(|d| d.options.clone())
        .unwrap_or_default();
    match decision(s, ids::TRIAGE) {
        Some(d) => Classification {
            is_incident: d.option == "incident",
            criteria: options
                .iter()
                .map(|o| Criterion {
                    text: format!(
                        "{}: {}",
                        o.title.get(lang),
                        o.criteria.as_ref().map(|c| c.get(lang)).unwrap_or("")
                    ),
                    met: o.id == d.option,
                })
                .collect(),
            decided_by: d.by.clone(),
            decided_at: d.at,
            rationale: d.rationale.clone(),
            severity,
        },
        None => Classification {
            is_incident: false,
            criteria: Vec::new(),
            decided_by: NOT_RECORDED.into(),
            decided_at: s.state.started_at,
            rationale: "the event-or-incident decision is not recorded yet".into(),
            severity,
        },
    }
}

fn personal_data(s: &RunSource<'_>) -> PersonalData {
    let d = decision(s, ids::PERSONAL_DATA);
    let mut assessment = match d {
        Some(d) => format!("{}: {}", s.option_title(&d.step, &d.option), d.rationale),
        None => NOT_RECORDED.to_string(),
    };
    let scope = s.notes_on(ids::INVESTIGATE_PERSONAL_DATA);
    if !scope.is_empty() {
        assessment.push_str(" Scope: ");
        assessment.push_str(&scope.join(" "));
    }
    PersonalData {
        involved: d.is_some_and(|d| d.option == "breach"),
        categories: Vec::new(),
        data_subjects: None,
        assessment,
    }
}

fn affected(s: &RunSource<'_>, names: &dyn Fn(&str) -> Option<String>) -> Vec<Affected> {
    let mut out: Vec<Affected> = Vec::new();
    for step in &s.state.playbook.steps {
        let done = matches!(
            s.state.step(&step.id).map(|r| &r.status),
            Some(StepStatus::Done { .. })
        );
        if !done {
            continue;
        }
        for node in &step.nodes {
            if out.iter().any(|a| a.node == *node) {
                continue;
            }
            out.push(Affected {
                node: node.clone(),
                name: names(node).unwrap_or_else(|| node.clone()),
                impact: step.title.get(s.lang()).to_string(),
            });
        }
    }
    out
}

fn communications(s: &RunSource<'_>) -> Vec<Communication> {
    let pb = &s.state.playbook;
    let mut out = Vec::new();
    for step in pb.steps.iter().filter(|st| st.role == "communications") {
        if let Some(StepStatus::Done { at, by }) = s.state.step(&step.id).map(|r| &r.status) {
            out.push(Communication {
                at: *at,
                channel: NOT_RECORDED.into(),
                audience: s.step_title(&step.id),
                summary: s.notes_text(&step.id),
                by: by.clone(),
            });
        }
    }
    out
}

/// Builds the incident record of a run; `names` gives a topology node's display name.
pub fn incident_record(
    s: &RunSource<'_>,
    names: &dyn Fn(&str) -> Option<String>,
) -> IncidentRecord {
    let st = s.state;
    let mut lessons = s.notes_on(ids::LESSONS);
    if lessons.is_empty() {
        lessons.push(NOT_RECORDED.to_string());
    }
    let summary = {
        let report = s.notes_on(ids::REPORT);
        if report.is_empty() {
            format!("{} ({})", st.title, NOT_RECORDED)
        } else {
            format!("{}: {}", st.title, report.join(" "))
        }
    };
    IncidentRecord {
        identity: s.identity("INC", "Incident record"),
        summary,
        moments: s.moments(),
        metrics: s.metrics(),
        tracks: s.tracks(),
        clocks: s.clocks(),
        decisions: s.decisions(),
        overrides: s.overrides(),
        register: s.register(),
        concurrent: s.concurrent(),
        conflicts: s.conflicts(),
        classification: classification(s),
        affected: affected(s, names),
        personal_data: personal_data(s),
        estimated_cost_cents: None,
        roles: s.roles(),
        actions: s.actions(),
        team_server: s.team_server.clone(),
        communications: communications(s),
        evidence: st
            .evidence
            .iter()
            .map(|e| Evidence {
                name: if e.description.is_empty() {
                    e.original_name.clone()
                } else {
                    format!("{} ({})", e.original_name, e.description)
                },
                sha256: e.sha256.clone(),
                size: e.size,
                collected_at: e.at.unwrap_or(st.started_at),
                collected_by: e.by.clone(),
                custody: s
                    .custody
                    .iter()
                    .find(|c| {
                        c.attached.sha256 == e.sha256 && c.attached.original_name == e.original_name
                    })
                    .map(custody),
            })
            .collect(),
        root_cause: s.notes_text(ids::ROOT_CAUSE),
        lessons,
        corrective_actions: s.corrective_actions(ids::CORRECTIVE),
        sign_off: s.sign_off(),
        signoffs: Vec::new(),
        checkpoint: s.checkpoint.clone(),
    }
}

/// An item's chain of custody as the record prints it.
fn custody(item: &vakt_run::custody::EvidenceItem) -> vakt_record::Custody {
    use vakt_run::custody::{CustodyAction, Held};
    let a = &item.attached;
    let method = serde_json::to_value(a.method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let (host, path, system) = match &a.source {
        Some(src) => (src.host.clone(), src.path.clone(), src.system.clone()),
        None => (item.host.clone(), a.original_name.clone(), None),
    };
    vakt_record::Custody {
        method,
        host,
        path,
        system,
        by_reference: a.held == Held::Reference,
        events: item
            .custody
            .iter()
            .map(|c| {
                let (action, detail) = match &c.action {
                    CustodyAction::Viewed => ("viewed", None),
                    CustodyAction::Exported { to } => ("exported", Some(to.clone())),
                    CustodyAction::HandedOver { to, purpose } if purpose.is_empty() => {
                        ("handed-over", Some(to.clone()))
                    }
                    CustodyAction::HandedOver { to, purpose } => {
                        ("handed-over", Some(format!("{to} ({purpose})")))
                    }
                };
                vakt_record::CustodyEvent {
                    at: c.at,
                    by: c.by.clone(),
                    action: action.to_string(),
                    detail,
                }
            })
            .collect(),
    }
}
