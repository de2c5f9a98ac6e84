//! The exercise report (ISO 22301 clause 8.5), with the planned-against-actual chart per step
//! drawn with PDF path operations.

use crate::RecordError;
use crate::document::{self, RenderOptions, RenderedRecord};
use crate::fonts::Weight;
use crate::labels::{Labels, day, euro, minutes, when};
use crate::layout::{CONTENT_W, Column, Composer, MARGIN, colour};
use crate::model::{ExerciseReport, StepTiming};

/// Renders an exercise report as an archival PDF (unsigned; sign it with `vakt-signature`).
pub fn render_exercise(
    report: &ExerciseReport,
    options: &RenderOptions,
) -> Result<RenderedRecord, RecordError> {
    let lang = options.language;
    let l = lang.labels();
    let id = &report.identity;
    let mut c = document::start(id, l.exercise_report, l)?;

    let met = report.success_criteria.iter().filter(|k| k.met).count();
    let within = report
        .recovery
        .iter()
        .filter(|r| {
            r.rto_achieved_minutes
                .is_some_and(|a| a <= r.rto_target_minutes)
        })
        .count();
    let mut cover = document::identity_fields(id, l);
    cover.push((l.exercise_type, report.exercise_type.clone()));
    cover.push((
        l.period,
        format!("{} – {}", when(&report.started_at), when(&report.ended_at)),
    ));
    cover.push((
        l.playbook,
        format!(
            "{} ({} {})",
            report.playbook.title, l.version, report.playbook.version
        ),
    ));
    cover.push((
        l.success_criteria,
        format!(
            "{met} / {} {}",
            report.success_criteria.len(),
            l.met.to_lowercase()
        ),
    ));
    cover.push((
        l.rto_rpo,
        format!("{within} / {} {}", report.recovery.len(), l.within),
    ));
    if let Some(cost) = report.cost_cents {
        cover.push((l.cost, euro(cost, lang)));
    }
    cover.push((l.next_exercise, day(&report.next_exercise)));
    c.fields(&cover);

    c.heading(l.scope, 30.0);
    c.paragraph(&report.scope);
    c.heading(l.objectives, 30.0);
    c.bullets(&report.objectives);
    c.heading(l.success_criteria, 40.0);
    document::criteria(&mut c, &report.success_criteria, l);

    c.heading(l.scenario, 30.0);
    c.paragraph(&report.scenario);
    c.heading(l.injections, 40.0);
    c.table_of(
        &[
            Column::left(l.time, 0.2),
            Column::left(l.node, 0.22),
            Column::left(l.scenario, 0.58),
        ],
        &report.injections,
        |i| vec![when(&i.at), i.node.clone(), i.description.clone()],
    );

    c.heading(l.participants, 40.0);
    c.table_of(
        &[
            Column::left(l.name, 0.35),
            Column::left(l.role, 0.3),
            Column::left(l.organisation, 0.35),
        ],
        &report.participants,
        |p| vec![p.name.clone(), p.role.clone(), p.organisation.clone()],
    );
    c.heading(l.playbook, 30.0);
    c.fields(&[
        (
            l.name,
            format!("{} ({})", report.playbook.title, report.playbook.id),
        ),
        (l.version, report.playbook.version.clone()),
        ("SHA-256", crate::document::grouped(&report.playbook.sha256)),
    ]);

    c.heading(l.planned_vs_actual, 90.0);
    chart(&mut c, &report.steps, l);
    c.table_of(
        &[
            Column::left(l.step, 0.08),
            Column::left(l.name, 0.3),
            Column::left(l.role, 0.16),
            Column::right(l.planned, 0.1),
            Column::right(l.actual, 0.1),
            Column::left(l.note, 0.26),
        ],
        &report.steps,
        |s| {
            vec![
                s.step.clone(),
                s.title.clone(),
                s.role.clone(),
                minutes(s.planned_minutes),
                s.actual_minutes
                    .map(minutes)
                    .unwrap_or_else(|| l.skipped.to_string()),
                s.note.clone(),
            ]
        },
    );

    c.heading(l.rto_rpo, 40.0);
    let verdict = |target: f64, achieved: Option<f64>| match achieved {
        Some(a) if a <= target => l.within,
        _ => l.missed,
    };
    let opt = |v: Option<f64>| v.map(minutes).unwrap_or_else(|| "–".into());
    c.table_of(
        &[
            Column::left(l.service, 0.28),
            Column::right(&format!("{} ({})", l.rto_target, l.minutes), 0.12),
            Column::right(&format!("{} ({})", l.rto_achieved, l.minutes), 0.12),
            Column::right(&format!("{} ({})", l.rpo_target, l.minutes), 0.12),
            Column::right(&format!("{} ({})", l.rpo_achieved, l.minutes), 0.12),
            Column::left(l.verdict, 0.24),
        ],
        &report.recovery,
        |r| {
            let rto = verdict(r.rto_target_minutes, r.rto_achieved_minutes);
            let rpo = verdict(r.rpo_target_minutes, r.rpo_achieved_minutes);
            vec![
                format!("{}\n{}", r.name, r.service),
                minutes(r.rto_target_minutes),
                opt(r.rto_achieved_minutes),
                minutes(r.rpo_target_minutes),
                opt(r.rpo_achieved_minutes),
                format!("RTO {rto}\nRPO {rpo}"),
            ]
        },
    );

    c.heading(l.deviations, 30.0);
    c.bullets(&report.deviations);
    c.heading(l.findings, 40.0);
    c.table_of(
        &[
            Column::left("ID", 0.08),
            Column::left(l.severity, 0.14),
            Column::left(l.findings, 0.78),
        ],
        &report.findings,
        |f| vec![f.id.clone(), f.severity.clone(), f.text.clone()],
    );
    document::corrective_actions(&mut c, &report.corrective_actions, l);
    c.heading(l.sign_off, 40.0);
    c.fields(&[(l.next_exercise, day(&report.next_exercise))]);
    document::sign_off(&mut c, &report.sign_off, l);
    document::signoffs(&mut c, &report.signoffs, l);
    document::checkpoint(&mut c, &report.checkpoint, l);
    let area = options
        .signature_block
        .as_ref()
        .map(|b| document::signature_block(&mut c, b, l));
    let subject = format!("{}: {}", l.exercise_report, id.reference);
    document::assemble(c, id, l.exercise_report, &subject, lang, report, area)
}

/// A round scale maximum and tick step for `max` minutes.
fn scale(max: f64) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    for step in [
        1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0,
    ] {
        if max / step <= 8.0 {
            return (((max / step).ceil() * step).max(step), step);
        }
    }
    let step = (max / 8.0).ceil();
    ((max / step).ceil() * step, step)
}

/// Cuts `s` to fit `w` points, with an ellipsis.
fn fit(c: &Composer, s: &str, size: f32, w: f32) -> String {
    if c.width(s, size, Weight::Regular) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for ch in s.chars() {
        let next = format!("{out}{ch}…");
        if c.width(&next, size, Weight::Regular) > w {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// Horizontal bars: planned (grey) above actual (green within plan, red over), per step; the
/// axis and legend repeat when the chart continues on the next page.
fn chart(c: &mut Composer, steps: &[StepTiming], l: &Labels) {
    let max = steps
        .iter()
        .flat_map(|s| [Some(s.planned_minutes), s.actual_minutes])
        .flatten()
        .fold(0.0f64, f64::max);
    let (top, tick) = scale(max);
    let label_w = 150.0;
    let x0 = MARGIN + label_w;
    let bar_w = CONTENT_W - label_w - 36.0;
    let row = 20.0;
    let xs = |m: f64| x0 + (m / top) as f32 * bar_w;

    let legend = |c: &mut Composer| {
        let y = c.y() - 9.0;
        c.rect(x0, y - 1.0, 10.0, 7.0, colour::PLANNED, None);
        c.text(x0 + 14.0, y, l.planned, 7.5, Weight::Regular, colour::MUTED);
        c.rect(x0 + 80.0, y - 1.0, 10.0, 7.0, colour::GOOD, None);
        c.text(x0 + 94.0, y, l.actual, 7.5, Weight::Regular, colour::MUTED);
        c.rect(x0 + 160.0, y - 1.0, 10.0, 7.0, colour::BAD, None);
        let over = format!("{} > {}", l.actual, l.planned);
        c.text(x0 + 174.0, y, &over, 7.5, Weight::Regular, colour::MUTED);
        c.down(16.0);
    };
    let axis = |c: &mut Composer, from_y: f32| {
        let y = c.y();
        c.line(x0, from_y, x0, y, 0.5, colour::MUTED);
        c.line(x0, y, x0 + bar_w, y, 0.5, colour::MUTED);
        let mut m = 0.0;
        while m <= top + 1e-9 {
            let x = xs(m);
            c.line(x, y, x, y - 3.0, 0.5, colour::MUTED);
            let s = minutes(m);
            let w = c.width(&s, 7.0, Weight::Regular);
            c.text(
                x - w / 2.0,
                y - 11.0,
                &s,
                7.0,
                Weight::Regular,
                colour::MUTED,
            );
            m += tick;
        }
        c.text(
            x0 + bar_w + 8.0,
            y - 11.0,
            l.minutes,
            7.0,
            Weight::Regular,
            colour::MUTED,
        );
        c.down(20.0);
    };

    let mut chunk_top = 0.0;
    let mut open = false;
    for s in steps {
        if !open {
            c.ensure(16.0 + row + 20.0);
            legend(c);
            chunk_top = c.y();
            open = true;
        }
        let y = c.y();
        let label = fit(c, &format!("{} {}", s.step, s.title), 7.5, label_w - 8.0);
        c.text(MARGIN, y - 12.0, &label, 7.5, Weight::Regular, colour::INK);
        c.rect(
            x0,
            y - 8.0,
            xs(s.planned_minutes) - x0,
            6.0,
            colour::PLANNED,
            None,
        );
        let planned = minutes(s.planned_minutes);
        match s.actual_minutes {
            Some(a) => {
                let colour = if a > s.planned_minutes {
                    colour::BAD
                } else {
                    colour::GOOD
                };
                c.rect(x0, y - 16.0, xs(a) - x0, 7.0, colour, None);
                let v = format!("{} / {}", minutes(a), planned);
                let vx = xs(a.max(s.planned_minutes)) + 4.0;
                c.text(vx, y - 13.0, &v, 7.0, Weight::Regular, colour::INK);
            }
            None => {
                let v = format!("{} ({planned})", l.skipped);
                c.text(x0 + 4.0, y - 15.0, &v, 7.0, Weight::Regular, colour::MUTED);
            }
        }
        c.down(row);
        // The axis closes the chunk when the next row would not fit on this page.
        if !c.fits(row + 20.0) {
            axis(c, chunk_top);
            open = false;
        }
    }
    if open {
        axis(c, chunk_top);
    }
    c.down(4.0);
}

#[cfg(test)]
mod tests {
    use super::scale;

    #[test]
    fn chart_scale_is_round_and_covers_the_maximum() {
        assert_eq!(scale(47.0), (50.0, 10.0));
        assert_eq!(scale(7.0), (7.0, 1.0));
        assert_eq!(scale(0.0), (1.0, 1.0));
        let (top, tick) = scale(2000.0);
        assert!(top >= 2000.0 && top / tick <= 8.0);
    }
}
