//! The incident record: cover summary, classification, times, impact, personal data and GDPR
//! decisions, roles, the full action log, communications, evidence with hashes, lessons,
//! corrective actions, sign-off and the journal checkpoint.

use crate::RecordError;
use crate::document::{self, RenderOptions, RenderedRecord};
use crate::labels::{bytes, euro, when, when_opt};
use crate::layout::Column;
use crate::model::IncidentRecord;

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
    cover.push((l.detection, when_opt(&record.times.detection, l)));
    cover.push((l.closure, when_opt(&record.times.closure, l)));
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

    c.heading(l.times, 60.0);
    let t = &record.times;
    c.fields(&[
        (l.occurrence, when_opt(&t.occurrence, l)),
        (l.detection, when_opt(&t.detection, l)),
        (l.awareness, when_opt(&t.awareness, l)),
        (l.report, when_opt(&t.report, l)),
        (l.containment, when_opt(&t.containment, l)),
        (l.recovery, when_opt(&t.recovery, l)),
        (l.closure, when_opt(&t.closure, l)),
    ]);

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

    c.heading(l.notifications, 40.0);
    c.table_of(
        &[
            Column::left(l.recipient, 0.18),
            Column::left(l.required, 0.1),
            Column::left(l.decision, 0.38),
            Column::left(l.deadline, 0.16),
            Column::left(l.notified, 0.18),
        ],
        &record.notifications,
        |n| {
            vec![
                n.recipient.clone(),
                l.yes_no(n.required),
                format!("{} ({}, {})", n.decision, n.decided_by, when(&n.decided_at)),
                n.deadline.as_ref().map(when).unwrap_or_else(|| "–".into()),
                match (&n.notified_at, &n.reference) {
                    (Some(t), Some(r)) => format!("{} · {r}", when(t)),
                    (Some(t), None) => when(t),
                    _ => "–".into(),
                },
            ]
        },
    );

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
    c.table_of(
        &[
            Column::right("#", 0.07),
            Column::left(l.time, 0.2),
            Column::left(l.actor, 0.2),
            Column::left(l.action, 0.53),
        ],
        &record.actions,
        |a| {
            vec![
                a.seq.to_string(),
                when(&a.at),
                a.actor.clone(),
                a.action.clone(),
            ]
        },
    );

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
            Column::left(l.name, 0.24),
            Column::left("SHA-256", 0.42),
            Column::right(l.size, 0.1),
            Column::left(l.collected, 0.24),
        ],
        &record.evidence,
        |e| {
            vec![
                e.name.clone(),
                e.sha256.clone(),
                bytes(e.size),
                format!("{}\n{}", when(&e.collected_at), e.collected_by),
            ]
        },
    );

    c.heading(l.root_cause, 30.0);
    c.paragraph(&record.root_cause);
    c.heading(l.lessons, 30.0);
    c.bullets(&record.lessons);
    document::corrective_actions(&mut c, &record.corrective_actions, l);

    c.heading(l.sign_off, 40.0);
    document::sign_off(&mut c, &record.sign_off, l);
    document::checkpoint(&mut c, &record.checkpoint, l);
    let area = options
        .signature_block
        .as_ref()
        .map(|b| document::signature_block(&mut c, b, l));
    let subject = format!("{}: {}", l.incident_record, id.reference);
    document::assemble(c, id, l.incident_record, &subject, lang, record, area)
}
