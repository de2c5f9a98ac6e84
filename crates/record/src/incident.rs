//! The incident record: cover summary, moments and metrics, classification, clocks with their
//! final state, the tracks with their steps and who did them, decisions, overrides, the early
//! notices to customers and the notifications register, concurrent actions, impact, personal
//! data, roles, the full action log, communications, evidence with hashes, lessons, corrective
//! actions, sign-off and the journal checkpoint.

use chrono::{DateTime, Utc};

use crate::RecordError;
use crate::document::{self, RenderOptions, RenderedRecord};
use crate::labels::{Labels, bytes, euro, when, when_opt};
use crate::layout::{Column, Composer};
use crate::model::{
    ClockOutcome, ConflictAnswer, IncidentRecord, RegisterEntry, RuledOutBy, StepEntry,
    StepOutcome, TeamServerCheck, Who,
};

/// Renders an incident record as an archival PDF (unsigned; sign it with `vakt-signature`).
pub fn render_incident(
    record: &IncidentRecord,
    options: &RenderOptions,
) -> Result<RenderedRecord, RecordError> {
    let lang = options.language;
    let l = lang.labels();
    let id = &record.identity;
    let mut c = document::start(id, l.incident_record, l)?;
    let cls = &record.classification;

    // Cover summary.
    let mut cover = document::identity_fields(id, l);
    cover.push((
        l.decision,
        if cls.is_incident {
            l.incident
        } else {
            l.event_only
        }
        .to_string(),
    ));
    cover.push((l.severity, cls.severity.clone()));
    cover.push((l.detection, when_opt(&claimed(record, "detection"), l)));
    cover.push((l.closure, when_opt(&claimed(record, "closure"), l)));
    cover.push((
        l.involved,
        if record.personal_data.involved {
            l.yes
        } else {
            l.no
        }
        .to_string(),
    ));
    if let Some(cost) = record.estimated_cost_cents {
        cover.push((l.estimated_cost, euro(cost, lang)));
    }
    c.fields(&cover);
    c.heading(l.summary, 30.0);
    c.paragraph(&record.summary);

    moments_and_metrics(&mut c, record, l);

    c.heading(l.decision, 60.0);
    c.fields(&[
        (
            l.decision,
            if cls.is_incident {
                l.incident
            } else {
                l.event_only
            }
            .to_string(),
        ),
        (l.severity, cls.severity.clone()),
        (
            l.decided_by,
            format!("{} · {}", cls.decided_by, when(&cls.decided_at)),
        ),
        (l.rationale, cls.rationale.clone()),
    ]);
    document::criteria(&mut c, &cls.criteria, l);

    clocks(&mut c, record, l);
    tracks(&mut c, record, l);
    decisions(&mut c, record, l);
    overrides(&mut c, record, l);
    customers(&mut c, record, l);
    register(&mut c, record, l);
    concurrent(&mut c, record, l);
    conflicts(&mut c, record, l);

    c.heading(l.affected, 40.0);
    c.table_of(
        &[
            Column::left(l.node, 0.25),
            Column::left(l.name, 0.25),
            Column::left(l.impact, 0.5),
        ],
        &record.affected,
        |a| vec![a.node.clone(), a.name.clone(), a.impact.clone()],
    );

    c.heading(l.personal_data, 50.0);
    let pd = &record.personal_data;
    c.fields(&[
        (l.involved, l.yes_no(pd.involved)),
        (
            l.categories,
            if pd.categories.is_empty() {
                l.none.to_string()
            } else {
                pd.categories.join(", ")
            },
        ),
        (
            l.data_subjects,
            pd.data_subjects
                .map(|n| n.to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        (l.assessment, pd.assessment.clone()),
    ]);

    c.heading(l.roles, 40.0);
    c.table_of(
        &[
            Column::left(l.role, 0.35),
            Column::left(l.person, 0.4),
            Column::left(l.assigned, 0.25),
        ],
        &record.roles,
        |r| vec![r.role.clone(), r.person.clone(), when(&r.assigned_at)],
    );

    c.heading(l.action_log, 40.0);
    if let Some(team) = &record.team_server {
        c.paragraph(&team_line(team, l));
    }
    let receipts = record.actions.iter().any(|a| a.receipt.is_some());
    let columns: &[Column] = if receipts {
        &[
            Column::right("#", 0.06),
            Column::left(l.time, 0.15),
            Column::left(l.actor, 0.15),
            Column::left(l.action, 0.42),
            Column::left(l.receipt, 0.22),
        ]
    } else {
        &[
            Column::right("#", 0.07),
            Column::left(l.time, 0.2),
            Column::left(l.actor, 0.2),
            Column::left(l.action, 0.53),
        ]
    };
    c.table_of(columns, &record.actions, |a| {
        let mut row = vec![
            a.seq.to_string(),
            when(&a.at),
            a.actor.clone(),
            a.action.clone(),
        ];
        if receipts {
            row.push(
                a.receipt
                    .as_ref()
                    .map(|r| {
                        format!(
                            "{}{}\n{}",
                            r.login,
                            r.address
                                .as_deref()
                                .map(|x| format!(" · {x}"))
                                .unwrap_or_default(),
                            when(&r.server_time)
                        )
                    })
                    .unwrap_or_else(|| "–".into()),
            );
        }
        row
    });

    c.heading(l.communications, 40.0);
    c.table_of(
        &[
            Column::left(l.time, 0.2),
            Column::left(l.channel, 0.12),
            Column::left(l.audience, 0.15),
            Column::left(l.summary, 0.38),
            Column::left(l.by, 0.15),
        ],
        &record.communications,
        |m| {
            vec![
                when(&m.at),
                m.channel.clone(),
                m.audience.clone(),
                m.summary.clone(),
                m.by.clone(),
            ]
        },
    );

    c.heading(l.evidence, 40.0);
    c.table_of(
        &[
            Column::left(l.name, 0.3),
            Column::left("SHA-256", 0.34),
            Column::right(l.size, 0.1),
            Column::left(l.collected, 0.26),
        ],
        &record.evidence,
        |e| {
            let (mut item, mut collected) = (
                e.name.clone(),
                format!("{}\n{}", when(&e.collected_at), e.collected_by),
            );
            if let Some(c) = &e.custody {
                let k = &l.custody;
                item.push_str(&format!("\n{}: {}", k.how, k.method(&c.method)));
                if c.by_reference {
                    item.push_str(&format!(", {}", k.by_reference));
                }
                // The host (and system) on one line, the path on its own: a long path then
                // breaks after its slashes, not inside the host name.
                item.push_str(&format!("\n{} {}", k.from, c.host));
                if let Some(system) = &c.system {
                    item.push_str(&format!(" ({system})"));
                }
                item.push_str(&format!("\n{}", c.path));
                for ev in &c.events {
                    let what = match ev.action.as_str() {
                        "viewed" => k.viewed,
                        "exported" => k.exported,
                        _ => k.handed_over,
                    };
                    collected.push_str(&format!("\n→ {}, {}: {what}", when(&ev.at), ev.by));
                    if let Some(detail) = &ev.detail {
                        collected.push_str(&format!(" {detail}"));
                    }
                }
            }
            // The digest as two halves of 32 hex digits, one under the other, to compare.
            let sha = match (e.sha256.get(..32), e.sha256.get(32..)) {
                (Some(a), Some(b)) if !b.is_empty() => format!("{a}\n{b}"),
                _ => e.sha256.clone(),
            };
            vec![item, sha, bytes(e.size), collected]
        },
    );

    c.heading(l.root_cause, 30.0);
    c.paragraph(&record.root_cause);
    c.heading(l.lessons, 30.0);
    c.bullets(&record.lessons);
    document::corrective_actions(&mut c, &record.corrective_actions, l);

    c.heading(l.sign_off, 40.0);
    document::sign_off(&mut c, &record.sign_off, l);
    document::signoffs(&mut c, &record.signoffs, l);
    document::checkpoint(&mut c, &record.checkpoint, l);
    let area = options
        .signature_block
        .as_ref()
        .map(|b| document::signature_block(&mut c, b, l));
    let subject = format!("{}: {}", l.incident_record, id.reference);
    document::assemble(c, id, l.incident_record, &subject, lang, record, area)
}

/// The claimed time of moment `id`, if recorded.
fn claimed(record: &IncidentRecord, id: &str) -> Option<DateTime<Utc>> {
    record
        .moments
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| m.claimed_at)
}

/// The name of moment `id`: the playbook's title, the built-in name, or the id.
fn moment_name(record: &IncidentRecord, id: &str, l: &Labels) -> String {
    record
        .moments
        .iter()
        .find(|m| m.id == id)
        .and_then(|m| m.title.clone())
        .or_else(|| l.moment(id).map(str::to_string))
        .unwrap_or_else(|| id.to_string())
}

/// "name (role) · host".
fn who(w: &Who) -> String {
    match &w.role {
        Some(r) => format!("{} ({r}) · {}", w.name, w.host),
        None => format!("{} · {}", w.name, w.host),
    }
}

/// "by the decision «question» → «option»", or the step whose not applying carried over.
fn ruled_out(r: &RuledOutBy, l: &Labels) -> String {
    match &r.option_title {
        Some(o) => format!("{} “{}” → {o}", l.by_decision, r.step_title),
        None => format!("{} “{}”", l.carried_over, r.step_title),
    }
}

fn moments_and_metrics(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    c.heading(l.moments, 60.0);
    c.table_of(
        &[
            Column::left(l.moment, 0.3),
            Column::left(l.happened, 0.16),
            Column::left(l.recorded, 0.16),
            Column::left(l.by, 0.14),
            Column::left(l.earlier_reason, 0.24),
        ],
        &record.moments,
        |m| {
            vec![
                moment_name(record, &m.id, l),
                when_opt(&m.claimed_at, l),
                m.recorded_at.as_ref().map(when).unwrap_or_default(),
                m.by.clone().unwrap_or_default(),
                m.reason.clone().unwrap_or_default(),
            ]
        },
    );
    c.heading(l.metrics, 60.0);
    c.table_of(
        &[
            Column::left(l.metric, 0.3),
            Column::left(l.measured_between, 0.45),
            Column::right(l.value, 0.25),
        ],
        &record.metrics,
        |m| {
            vec![
                l.metric(&m.id).to_string(),
                format!(
                    "{} → {}",
                    moment_name(record, &m.from, l),
                    moment_name(record, &m.to, l)
                ),
                m.seconds
                    .map(|s| l.span(s))
                    .unwrap_or_else(|| l.not_measured.to_string()),
            ]
        },
    );
}

fn clocks(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    c.heading(l.clocks, 50.0);
    c.table_of(
        &[
            Column::left(l.clock, 0.3),
            Column::left(l.counts, 0.28),
            Column::left(l.final_state, 0.42),
        ],
        &record.clocks,
        |k| {
            let counts = match &k.stops_when {
                Some(s) => format!(
                    "{} → {}",
                    moment_name(record, &k.from, l),
                    moment_name(record, s, l)
                ),
                None => moment_name(record, &k.from, l),
            };
            let state = match &k.outcome {
                ClockOutcome::Pending => l.clock_pending.to_string(),
                ClockOutcome::Running { deadline } => {
                    l.clock_running.replace("{t}", &when(deadline))
                }
                ClockOutcome::Met { at, margin_seconds } => l
                    .clock_met
                    .replace("{t}", &when(at))
                    .replace("{d}", &l.span(*margin_seconds)),
                ClockOutcome::Missed {
                    deadline,
                    by_seconds,
                    still_open,
                } => if *still_open {
                    l.clock_overdue
                } else {
                    l.clock_missed
                }
                .replace("{t}", &when(deadline))
                .replace("{d}", &l.span(*by_seconds)),
                ClockOutcome::NotApplicable { by } => {
                    format!("{}: {}", l.clock_not_applicable, ruled_out(by, l))
                }
                ClockOutcome::Stopped { at } => l.clock_stopped.replace("{t}", &when(at)),
            };
            vec![k.title.clone(), counts, state]
        },
    );
}

fn outcome(s: &StepEntry, l: &Labels) -> String {
    let mut text = match &s.outcome {
        StepOutcome::Done => l.done.to_string(),
        StepOutcome::Decided { option_title, .. } => format!("{}: {option_title}", l.decided),
        StepOutcome::Skipped { reason } => format!("{}: {reason}", l.skipped),
        StepOutcome::Failed { reason } => format!("{}: {reason}", l.failed),
        StepOutcome::NotApplicable { by } => {
            format!("{}: {}", l.not_applicable, ruled_out(by, l))
        }
        StepOutcome::Started => l.started.to_string(),
        StepOutcome::Active => l.open.to_string(),
        StepOutcome::Pending => l.waiting.to_string(),
    };
    if s.visits > 1 {
        text.push_str(&format!(" ({}×)", s.visits));
    }
    text
}

fn tracks(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    c.heading(l.tracks, 60.0);
    for track in &record.tracks {
        let title = match &track.id {
            Some(_) => track.title.as_str(),
            None => l.other_steps,
        };
        c.subheading(title, 50.0);
        c.table_of(
            &[
                Column::left(l.step, 0.3),
                Column::left(l.role, 0.17),
                Column::left(l.outcome, 0.3),
                Column::left(l.when_by, 0.23),
            ],
            &track.steps,
            |s| {
                let mut by = [s.at.as_ref().map(when), s.by.as_ref().map(who)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n");
                if let Some(reason) = &s.override_reason {
                    by.push_str(&format!("\n{}: {reason}", l.override_));
                }
                vec![s.title.clone(), s.role.clone(), outcome(s, l), by]
            },
        );
    }
}

fn decisions(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    c.heading(l.decisions, 40.0);
    c.table_of(
        &[
            Column::left(l.question, 0.3),
            Column::left(l.chosen, 0.22),
            Column::left(l.rationale, 0.26),
            Column::left(l.when_by, 0.22),
        ],
        &record.decisions,
        |d| {
            vec![
                d.step_title.clone(),
                d.option_title.clone(),
                d.rationale.clone(),
                format!("{}\n{}", when(&d.at), who(&d.by)),
            ]
        },
    );
}

fn overrides(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    c.heading(l.overrides, 40.0);
    c.table_of(
        &[
            Column::left(l.step, 0.22),
            Column::left(l.action, 0.12),
            Column::left(l.role, 0.2),
            Column::left(l.by, 0.13),
            Column::left(l.reason, 0.2),
            Column::left(l.time, 0.13),
        ],
        &record.overrides,
        |o| {
            vec![
                o.step_title.clone(),
                l.act(&o.action).to_string(),
                match &o.holder {
                    Some(h) => format!("{}\n{}: {h}", o.role, l.holder),
                    None => o.role.clone(),
                },
                o.by.clone(),
                o.reason.clone(),
                when(&o.at),
            ]
        },
    );
}

fn sent_text(e: &RegisterEntry, l: &Labels) -> String {
    match &e.sent {
        Some(s) => {
            let mut t = format!("{}\n{} · {}", when(&s.at), s.by, s.channel);
            if let Some(r) = &s.reason {
                t.push_str(&format!(
                    "\n{} ({r})",
                    l.recorded_later.replace("{t}", &when(&s.recorded_at))
                ));
            }
            t
        }
        None => match &e.not_applicable {
            Some(r) => format!("{}: {}", l.not_applicable, ruled_out(r, l)),
            None => l.not_sent.to_string(),
        },
    }
}

fn acknowledged_text(e: &RegisterEntry) -> String {
    match &e.acknowledged {
        Some(a) => match &a.note {
            Some(n) => format!("{} · {n}", when(&a.at)),
            None => when(&a.at),
        },
        None => "–".into(),
    }
}

fn customers(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    let entries: Vec<&RegisterEntry> = record.register.iter().filter(|e| e.to_customer).collect();
    if entries.is_empty() {
        return;
    }
    c.heading(l.customers, 60.0);
    c.paragraph(l.customers_note);
    let mut all: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.customer.as_deref())
        .collect();
    all.sort();
    all.dedup();
    let told = all
        .iter()
        .filter(|c| {
            entries
                .iter()
                .any(|e| e.customer.as_deref() == Some(**c) && e.sent.is_some())
        })
        .count();
    let not_told: Vec<&str> = all
        .iter()
        .copied()
        .filter(|c| {
            !entries
                .iter()
                .any(|e| e.customer.as_deref() == Some(*c) && e.sent.is_some())
        })
        .collect();
    let mut fields = vec![(
        l.sent,
        l.told
            .replace("{n}", &told.to_string())
            .replace("{m}", &all.len().to_string()),
    )];
    if !not_told.is_empty() {
        fields.push((l.not_told, not_told.join(", ")));
    }
    c.fields(&fields);
    c.table(
        &[
            Column::left(l.customer, 0.2),
            Column::left(l.notification, 0.3),
            Column::left(l.sent, 0.3),
            Column::left(l.acknowledged, 0.2),
        ],
        &entries
            .iter()
            .map(|e| {
                vec![
                    e.customer.clone().unwrap_or_default(),
                    e.title.clone(),
                    sent_text(e, l),
                    acknowledged_text(e),
                ]
            })
            .collect::<Vec<_>>(),
    );
}

/// The register's other entries (the notices to customers have their own section).
fn register(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    let entries: Vec<RegisterEntry> = record
        .register
        .iter()
        .filter(|e| !e.to_customer)
        .cloned()
        .collect();
    c.heading(l.register, 170.0);
    c.table_of(
        &[
            Column::left(l.notification, 0.28),
            Column::left(l.recipient, 0.17),
            Column::left(l.clock, 0.17),
            Column::left(l.sent, 0.23),
            Column::left(l.acknowledged, 0.15),
        ],
        &entries,
        |e| {
            vec![
                e.title.clone(),
                e.customer.clone().unwrap_or_else(|| e.recipient.clone()),
                e.clock.clone().unwrap_or_else(|| "–".into()),
                sent_text(e, l),
                acknowledged_text(e),
            ]
        },
    );
}

/// The line saying whether this laptop's journal matched the team server at the last anchor.
fn team_line(t: &TeamServerCheck, l: &Labels) -> String {
    let Some(seq) = t.anchor else {
        return l.team_no_anchor.to_string();
    };
    let template = if t.matched {
        l.team_matched
    } else {
        l.team_differed
    };
    template
        .replace("{seq}", &seq.to_string())
        .replace(
            "{time}",
            &t.server_time.map(|x| when(&x)).unwrap_or_default(),
        )
        .replace("{reason}", &t.reason)
        .replace("{chains}", &t.chains.to_string())
        .replace("{detail}", &t.detail)
}

/// Decisions answered differently by two people: each answer, and who settled it or that it is
/// still open.
fn conflicts(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    if record.conflicts.is_empty() {
        return;
    }
    c.heading(l.conflicts, 40.0);
    let answer =
        |a: &ConflictAnswer| format!("{} ({}, {}): {}", a.by, a.host, when(&a.at), a.option);
    c.table_of(
        &[
            Column::left(l.step, 0.22),
            Column::left(l.answers, 0.46),
            Column::left(l.settled_by, 0.32),
        ],
        &record.conflicts,
        |x| {
            vec![
                x.step.clone(),
                x.answers.iter().map(answer).collect::<Vec<_>>().join("\n"),
                x.settled
                    .as_ref()
                    .map(answer)
                    .unwrap_or_else(|| l.conflict_open.to_string()),
            ]
        },
    );
}

fn concurrent(c: &mut Composer, record: &IncidentRecord, l: &Labels) {
    if record.concurrent.is_empty() {
        return;
    }
    c.heading(l.concurrent, 40.0);
    c.table_of(
        &[
            Column::left(l.time, 0.16),
            Column::left(l.by, 0.16),
            Column::left(l.action, 0.34),
            Column::left(l.reason, 0.34),
        ],
        &record.concurrent,
        |x| {
            let what = [
                Some(l.act(&x.kind).to_string()),
                x.step.clone(),
                x.option.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
            vec![when(&x.at), x.by.clone(), what, x.reason.clone()]
        },
    );
}
