//! A run's state as the window, the CLI and `--json` show it: [`RunView`] and [`RunSummary`]
//! built from [`RunState`], and the window's [`RunAction`] turned into the engine's [`Action`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use vakt_playbook::{BUILT_IN_MOMENTS, Playbook, Step};
use vakt_run::{
    Action, ClockState, ClockStatus, FACTS, MomentRecord, MomentSource, NotificationEntry,
    RuledOut, RunState, StepStatus,
};

use crate::ApiError;
use crate::console::{parse_time, time};
use crate::json::{
    ActiveStep, Assignment, ClockStateName, ClockView, ConcurrentView, ConflictAnswerView,
    ConflictView, EvidenceRequestView, Fact, Localized, MetricsView, MomentView,
    NotificationStateName, NotificationView, OptionView, OverrideView, RecordSignedOffView,
    RuledOutView, RunAction, RunEntry, RunPhase, RunSummary, RunView, StepStatusName, StepView,
    TrackView,
};

/// The titles of the moments every run knows.
fn built_in_title(id: &str) -> Localized {
    let (en, nl) = match id {
        "occurrence" => ("Occurrence", "Optreden"),
        "detection" => ("Detection", "Detectie"),
        "report" => ("Report", "Melding"),
        "awareness" => ("Awareness (GDPR)", "Kennisname (AVG)"),
        "containment" => ("Containment", "Inperking"),
        "eradication" => ("Eradication", "Uitroeiing"),
        "recovery" => ("Recovery", "Herstel"),
        "closure" => ("Closure", "Afsluiting"),
        other => (other, other),
    };
    Localized {
        en: en.to_string(),
        nl: nl.to_string(),
    }
}

fn moment_title(p: &Playbook, id: &str) -> Localized {
    p.moments
        .iter()
        .find(|m| m.id == id)
        .map(|m| Localized::from(&m.title))
        .unwrap_or_else(|| built_in_title(id))
}

fn ruled_out(p: &Playbook, r: &RuledOut) -> RuledOutView {
    let step = p.step(&r.step);
    let option_title = r.option.as_ref().and_then(|o| {
        step.and_then(|s| s.decision.as_ref())
            .and_then(|d| d.options.iter().find(|x| x.id == *o))
            .map(|x| Localized::from(&x.title))
    });
    RuledOutView {
        step: r.step.clone(),
        step_title: step
            .map(|s| Localized::from(&s.title))
            .unwrap_or_else(|| built_in_title(&r.step)),
        option: r.option.clone(),
        option_title,
    }
}

fn conflict_view(p: &Playbook, c: &vakt_run::DecisionConflict) -> ConflictView {
    let step = p.step(&c.step);
    let answer = |a: &vakt_run::DecisionAnswer| ConflictAnswerView {
        event: a.event.to_string(),
        option: a.option.clone(),
        option_title: step
            .and_then(|s| s.decision.as_ref())
            .and_then(|d| d.options.iter().find(|x| x.id == a.option))
            .map(|x| Localized::from(&x.title))
            .unwrap_or_else(|| built_in_title(&a.option)),
        by: a.by.clone(),
        host: a.host.clone(),
        at: time(a.at),
    };
    ConflictView {
        step: c.step.clone(),
        step_title: step
            .map(|s| Localized::from(&s.title))
            .unwrap_or_else(|| built_in_title(&c.step)),
        answers: c.answers.iter().map(answer).collect(),
        settled: c.settled.as_ref().map(answer),
    }
}

fn status_name(s: &StepStatus) -> StepStatusName {
    match s {
        StepStatus::Pending => StepStatusName::Pending,
        StepStatus::Active => StepStatusName::Active,
        StepStatus::Started { .. } => StepStatusName::Started,
        StepStatus::Done { .. } => StepStatusName::Done,
        StepStatus::Skipped { .. } => StepStatusName::Skipped,
        StepStatus::Failed { .. } => StepStatusName::Failed,
        StepStatus::NotApplicable { .. } => StepStatusName::NotApplicable,
    }
}

fn clock_view(r: &RunState, c: ClockStatus) -> ClockView {
    let definition = r.playbook.clocks.iter().find(|d| d.id == c.id);
    let title = definition
        .map(|d| Localized::from(&d.title))
        .unwrap_or(Localized {
            en: c.title.clone(),
            nl: c.title.clone(),
        });
    let overdue = c.is_overdue();
    let mut view = ClockView {
        id: c.id.clone(),
        title,
        from: definition.map(|d| d.from.clone()).unwrap_or_default(),
        stops_when: definition.and_then(|d| d.stops_when.clone()),
        deadline: c.deadline.map(time),
        state: ClockStateName::Pending,
        overdue,
        met_at: None,
        margin_seconds: None,
        missed_by_seconds: None,
        ruled_out: None,
    };
    view.state = match c.state {
        ClockState::Pending => ClockStateName::Pending,
        ClockState::Running { .. } => ClockStateName::Running,
        ClockState::Met { at, margin_seconds } => {
            view.met_at = Some(time(at));
            view.margin_seconds = Some(margin_seconds);
            ClockStateName::Met
        }
        ClockState::Missed { by_seconds, .. } => {
            view.missed_by_seconds = Some(by_seconds);
            ClockStateName::Missed
        }
        ClockState::NotApplicable { step, option } => {
            let by = RuledOut {
                step,
                option: Some(option),
            };
            view.ruled_out = Some(ruled_out(&r.playbook, &by));
            ClockStateName::NotApplicable
        }
        ClockState::Stopped { at } => {
            view.met_at = Some(time(at));
            ClockStateName::Stopped
        }
    };
    view
}

/// What the dashboard shows of run `r` at `now`.
pub(crate) fn summary(r: &RunState, now: DateTime<Utc>) -> RunSummary {
    let begun = r
        .steps
        .values()
        .any(|s| s.visits > 1 || s.first_started.is_some() || s.finished.is_some());
    let phase = if r.closed.is_some() {
        RunPhase::Closed
    } else if r.unfinished_step().is_none() {
        RunPhase::SignOff
    } else if begun {
        RunPhase::Responding
    } else {
        RunPhase::Starting
    };
    let active_steps = r
        .active_steps()
        .into_iter()
        .filter_map(|id| r.playbook.step(id).zip(r.step(id)))
        .map(|(s, record)| ActiveStep {
            id: s.id.clone(),
            title: (&s.title).into(),
            track: s.track.clone(),
            role: s.role.clone(),
            holder: r.holder(&s.role).map(str::to_string),
            status: status_name(&record.status),
        })
        .collect();
    let count = |f: fn(&StepStatus) -> bool| r.steps.values().filter(|s| f(&s.status)).count();
    RunSummary {
        id: r.id.to_string(),
        mode: r.mode.into(),
        title: r.title.clone(),
        playbook_id: r.playbook.id.clone(),
        playbook_title: (&r.playbook.title).into(),
        phase,
        active_steps,
        steps_done: count(StepStatus::is_done) as u32,
        steps_not_applicable: count(|s| matches!(s, StepStatus::NotApplicable { .. })) as u32,
        step_count: r.playbook.steps.len() as u32,
        started_at: time(r.started_at),
        started_by: r.started_by.clone(),
        clocks: r
            .clocks(now)
            .into_iter()
            .map(|c| clock_view(r, c))
            .collect(),
        closed_at: r.closed.as_ref().map(|c| time(c.at)),
        closed_by: r.closed.as_ref().map(|c| c.by.clone()),
    }
}

fn step_view(r: &RunState, s: &Step) -> StepView {
    let record = r.step(&s.id);
    let status = record.map(|x| &x.status).unwrap_or(&StepStatus::Pending);
    let (at, by, reason) = match status {
        StepStatus::Pending | StepStatus::Active | StepStatus::NotApplicable { .. } => {
            (None, None, None)
        }
        StepStatus::Started { since, by } => (Some(*since), Some(by), None),
        StepStatus::Done { at, by } => (Some(*at), Some(by), None),
        StepStatus::Skipped { at, by, reason } | StepStatus::Failed { at, by, reason } => {
            (Some(*at), Some(by), Some(reason))
        }
    };
    let evidence_requests = s
        .evidence
        .iter()
        .map(|request| EvidenceRequestView {
            id: request.id.clone(),
            title: (&request.title).into(),
            required: request.required,
            // The engine's rule: a file attached to the step naming the request, or none.
            satisfied: r.evidence.iter().any(|e| {
                e.step.as_deref() == Some(s.id.as_str())
                    && e.request.as_ref().is_none_or(|x| *x == request.id)
            }),
        })
        .collect();
    StepView {
        id: s.id.clone(),
        title: (&s.title).into(),
        instructions: (&s.instructions).into(),
        role: s.role.clone(),
        holder: r.holder(&s.role).map(str::to_string),
        track: s.track.clone(),
        after: s.after.clone(),
        after_any: s.after_any.clone(),
        duration_seconds: u32::try_from(s.duration.seconds()).unwrap_or(u32::MAX),
        checklist: s.checklist.iter().map(Localized::from).collect(),
        evidence_requests,
        question: s.decision.as_ref().map(|d| Localized::from(&d.question)),
        options: s
            .decision
            .as_ref()
            .map(|d| {
                d.options
                    .iter()
                    .map(|o| OptionView {
                        id: o.id.clone(),
                        title: (&o.title).into(),
                        criteria: o.criteria.as_ref().map(Localized::from),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        status: status_name(status),
        status_at: at.map(time),
        status_by: by.cloned(),
        status_device: None,
        reason: reason.cloned(),
        ruled_out: match status {
            StepStatus::NotApplicable { by } => Some(ruled_out(&r.playbook, by)),
            _ => None,
        },
        visits: record.map(|x| x.visits).unwrap_or(1),
    }
}

fn moment_view(p: &Playbook, id: &str, record: Option<&MomentRecord>) -> MomentView {
    MomentView {
        id: id.to_string(),
        title: moment_title(p, id),
        built_in: BUILT_IN_MOMENTS.contains(&id),
        claimed_at: record.map(|m| time(m.claimed_at)),
        recorded_at: record.map(|m| time(m.recorded_at)),
        reason: record.and_then(|m| m.reason.clone()),
        by: record.map(|m| m.by.clone()),
        source: record.map(|m| match &m.source {
            MomentSource::ByHand => "by hand".to_string(),
            MomentSource::Step { step } => format!("step {step}"),
            MomentSource::Notification { notification } => format!("notification {notification}"),
            MomentSource::Close => "close".to_string(),
        }),
    }
}

fn notification_view(p: &Playbook, n: &NotificationEntry) -> NotificationView {
    let state = match n.word() {
        "acknowledged" => NotificationStateName::Acknowledged,
        "sent" => NotificationStateName::Sent,
        "not applicable" => NotificationStateName::NotApplicable,
        "drafted" => NotificationStateName::Drafted,
        _ => NotificationStateName::ToDo,
    };
    let title = p
        .notifications
        .iter()
        .find(|d| d.id == n.notification)
        .map(|d| Localized::from(&d.title))
        .unwrap_or(Localized {
            en: n.notification.clone(),
            nl: n.notification.clone(),
        });
    NotificationView {
        notification: n.notification.clone(),
        customer: n.customer.clone(),
        recipient: n.recipient.clone(),
        title,
        clock: n.clock.clone(),
        step: n.step.clone(),
        template: n.template.clone(),
        state,
        drafted_at: n.drafted.as_ref().map(|d| time(d.at)),
        sent_at: n.sent.as_ref().map(|x| time(x.claimed_at)),
        sent_recorded_at: n.sent.as_ref().map(|x| time(x.recorded_at)),
        sent_by: n.sent.as_ref().map(|x| x.by.clone()),
        channel: n.sent.as_ref().map(|x| x.channel.clone()),
        sent_reason: n.sent.as_ref().and_then(|x| x.reason.clone()),
        acknowledged_at: n.acknowledged.as_ref().map(|a| time(a.at)),
        acknowledgement: n.acknowledged.as_ref().and_then(|a| a.note.clone()),
        ruled_out: n.ruled_out.as_ref().map(|x| ruled_out(p, x)),
    }
}

/// The run view of run `r` at `now`.
pub(crate) fn view(r: &RunState, now: DateTime<Utc>) -> RunView {
    let p = &r.playbook;
    let known: Vec<&str> = BUILT_IN_MOMENTS
        .iter()
        .copied()
        .chain(p.moments.iter().map(|m| m.id.as_str()))
        .collect();
    let mut moments: Vec<MomentView> = known
        .iter()
        .map(|id| moment_view(p, id, r.moments.get(*id)))
        .collect();
    for (id, m) in r
        .moments
        .iter()
        .filter(|(id, _)| !known.contains(&id.as_str()))
    {
        moments.push(moment_view(p, id, Some(m)));
    }
    let metrics = r.metrics();
    let mut facts: Vec<Fact> = FACTS
        .iter()
        .map(|name| Fact {
            name: name.to_string(),
            value: r.facts.get(*name).cloned().unwrap_or_default(),
        })
        .collect();
    for (name, value) in r.facts.iter().filter(|(n, _)| !FACTS.contains(&n.as_str())) {
        facts.push(Fact {
            name: name.clone(),
            value: value.clone(),
        });
    }
    RunView {
        summary: summary(r, now),
        tracks: p
            .tracks
            .iter()
            .map(|t| TrackView {
                id: t.id.clone(),
                title: (&t.title).into(),
            })
            .collect(),
        steps: p.steps.iter().map(|s| step_view(r, s)).collect(),
        roles: r.roles.clone(),
        assignments: r
            .assignments
            .iter()
            .map(|(role, person)| Assignment {
                role: role.clone(),
                person: person.clone(),
            })
            .collect(),
        sign_off_role: p.sign_off_role().to_string(),
        sign_off_statement: r.closed.as_ref().map(|c| c.statement.clone()),
        moments,
        metrics: MetricsView {
            to_detect: metrics.to_detect,
            to_report: metrics.to_report,
            to_contain: metrics.to_contain,
            to_eradicate: metrics.to_eradicate,
            to_recover: metrics.to_recover,
            to_close: metrics.to_close,
        },
        overrides: r
            .overrides
            .iter()
            .map(|o| OverrideView {
                step: o.step.clone(),
                action: o.action.clone(),
                role: o.role.clone(),
                holder: o.holder.clone(),
                by: o.by.clone(),
                reason: o.reason.clone(),
                at: time(o.at),
            })
            .collect(),
        concurrent: r
            .concurrent
            .iter()
            .map(|c| ConcurrentView {
                event: c.event.to_string(),
                kind: c.kind.clone(),
                step: c.step.clone(),
                option: c.option.clone(),
                by: c.by.clone(),
                device: None,
                at: time(c.at),
                reason: c.reason.clone(),
            })
            .collect(),
        conflicts: r.conflicts.iter().map(|c| conflict_view(p, c)).collect(),
        notifications: r
            .notifications
            .iter()
            .map(|n| notification_view(p, n))
            .collect(),
        facts,
        affected_customers: r.affected_customers.clone(),
        decisions: r
            .decisions
            .iter()
            .map(|d| RunEntry {
                step: Some(d.step.clone()),
                text: d.option.clone(),
                detail: d.rationale.clone(),
                sha256: None,
                size: None,
                request: None,
                by: d.by.clone(),
                device: None,
                at: time(d.at),
            })
            .collect(),
        notes: r
            .notes
            .iter()
            .map(|n| RunEntry {
                step: n.step.clone(),
                text: n.text.clone(),
                detail: String::new(),
                sha256: None,
                size: None,
                request: None,
                by: n.by.clone(),
                device: None,
                at: time(n.at),
            })
            .collect(),
        evidence: r
            .evidence
            .iter()
            .map(|e| RunEntry {
                step: e.step.clone(),
                text: e.original_name.clone(),
                detail: e.description.clone(),
                sha256: Some(e.sha256.clone()),
                size: Some(e.size),
                request: e.request.clone(),
                by: e.by.clone(),
                device: None,
                at: e.at.map(time).unwrap_or_default(),
            })
            .collect(),
        last_seq: r.last_seq,
        record_signed_off: r
            .record_signed_off
            .iter()
            .map(|s| RecordSignedOffView {
                role: s.role.clone(),
                roles: s.roles.clone(),
                person: s.person.clone(),
                name: s.person_name.clone(),
                record_sha256: s.record_sha256.clone(),
                certificate_sha256: s.certificate_sha256.clone(),
                signed_at: time(s.signed_at),
            })
            .collect(),
    }
}

/// `view` with the device (host) of each line that names who did it: found among the run's
/// `events` by the line's time and person, which the run state copies from the event.
pub(crate) fn with_devices(mut view: RunView, events: &[vakt_journal::Event]) -> RunView {
    let hosts: HashMap<(String, &str), &str> = events
        .iter()
        .map(|e| ((time(e.at), e.by.actor.as_str()), e.by.host.as_str()))
        .collect();
    let host = |at: &str, by: &str| {
        hosts
            .get(&(at.to_string(), by))
            .map(|h| h.to_string())
            .filter(|h| !h.is_empty())
    };
    for s in &mut view.steps {
        if let (Some(at), Some(by)) = (&s.status_at, &s.status_by) {
            s.status_device = host(at, by);
        }
    }
    for e in view
        .decisions
        .iter_mut()
        .chain(view.notes.iter_mut())
        .chain(view.evidence.iter_mut())
    {
        e.device = host(&e.at, &e.by);
    }
    for c in &mut view.concurrent {
        c.device = host(&c.at, &c.by);
    }
    view
}

/// A time given in a request: `None` when absent or blank.
fn optional_time(at: Option<String>, what: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    at.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| parse_time(t, what))
        .transpose()
}

/// A text given in a request: `None` when absent or blank.
fn optional(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// The engine's action for the window's `action`.
pub(crate) fn engine_action(action: RunAction) -> Result<Action, ApiError> {
    Ok(match action {
        RunAction::Start {
            step,
            override_reason,
        } => Action::StartStep {
            step,
            override_reason: optional(override_reason),
        },
        RunAction::Complete {
            step,
            override_reason,
        } => Action::CompleteStep {
            step,
            override_reason: optional(override_reason),
        },
        RunAction::Skip {
            step,
            reason,
            override_reason,
        } => Action::SkipStep {
            step,
            reason,
            override_reason: optional(override_reason),
        },
        RunAction::Fail {
            step,
            reason,
            override_reason,
        } => Action::FailStep {
            step,
            reason,
            override_reason: optional(override_reason),
        },
        RunAction::Decide {
            step,
            option,
            rationale,
            override_reason,
        } => Action::Decide {
            step,
            option,
            rationale,
            override_reason: optional(override_reason),
        },
        RunAction::Note { step, text } => Action::Note { step, text },
        RunAction::AssignRole { role, person } => Action::AssignRole {
            role,
            person_name: person.clone(),
            person,
            keys: Vec::new(),
        },
        RunAction::ReleaseRole { role } => Action::ReleaseRole { role },
        RunAction::Moment { moment, at, reason } => Action::RecordMoment {
            moment,
            at: optional_time(at, "the moment's time")?,
            reason: optional(reason),
        },
        RunAction::Facts { facts } => Action::RecordFacts {
            facts: facts.into_iter().map(|f| (f.name, f.value)).collect(),
        },
        RunAction::AffectedCustomer { customer } => Action::AffectedCustomer { customer },
        RunAction::NotificationDrafted {
            notification,
            customer,
        } => Action::DraftNotification {
            notification,
            customer: optional(customer),
        },
        RunAction::NotificationSent {
            notification,
            customer,
            channel,
            at,
            reason,
        } => Action::SendNotification {
            notification,
            customer: optional(customer),
            channel,
            at: optional_time(at, "the time it was sent")?,
            reason: optional(reason),
        },
        RunAction::NotificationAcknowledged {
            notification,
            customer,
            at,
            note,
        } => Action::AcknowledgeNotification {
            notification,
            customer: optional(customer),
            at: optional_time(at, "the time of the acknowledgement")?,
            note: optional(note),
        },
        RunAction::Close { statement } => Action::Close { statement },
    })
}
