//! The exercise report (ISO 22301 clause 8.5), with the planned-against-actual chart per step
//! drawn with PDF path operations.

use crate::RecordError;
use crate::document::{self, RenderOptions, RenderedRecord};
use crate::fonts::Weight;
use crate::labels::{Labels, Language, day, euro, minutes, when};
use crate::layout::{CONTENT_W, Column, Composer, MARGIN, colour};
use crate::model::{ExerciseReport, FigureVerdict, MeasuredFigure, StepTiming, TrendSeries};

/// The exercise report's own words, in each language (one language per report, labels and
/// content alike).
struct Words {
    scenario_file: &'static str,
    timeline: &'static str,
    trend: &'static str,
    trend_note: &'static str,
    on_cue: &'static str,
    scheduled: &'static str,
    how: &'static str,
    not_measured: &'static str,
    not_reached: &'static str,
    met: &'static str,
    missed_by: &'static str,
    no_outage: &'static str,
    not_restored: &'static str,
    no_restore_point: &'static str,
    override_note: &'static str,
    went_down: &'static str,
    stood_again: &'static str,
    restore_point: &'static str,
    about: &'static str,
    target: &'static str,
}

const EN: Words = Words {
    scenario_file: "Scenario file",
    timeline: "Timeline",
    trend: "Achieved RTO over successive drills",
    trend_note: "One bar per drill of this scenario, this one last; the line is the RTO target. No bar: the service did not go down, or was not restored in that drill.",
    on_cue: "on cue",
    scheduled: "scheduled",
    how: "How",
    not_measured: "not measured",
    not_reached: "not reached yet",
    met: "met",
    missed_by: "missed by",
    no_outage: "no outage",
    not_restored: "not restored",
    no_restore_point: "no restore point chosen",
    override_note: "target set by the scenario",
    went_down: "down",
    stood_again: "back",
    restore_point: "restore point",
    about: "About",
    target: "target",
};

const NL: Words = Words {
    scenario_file: "Scenariobestand",
    timeline: "Tijdlijn",
    trend: "Behaalde RTO over opeenvolgende oefeningen",
    trend_note: "Eén balk per oefening van dit scenario, deze als laatste; de lijn is het RTO-doel. Geen balk: de dienst viel niet uit, of werd in die oefening niet hersteld.",
    on_cue: "op aanwijzing",
    scheduled: "gepland",
    how: "Hoe",
    not_measured: "niet gemeten",
    not_reached: "nog niet bereikt",
    met: "gehaald",
    missed_by: "gemist met",
    no_outage: "geen uitval",
    not_restored: "niet hersteld",
    no_restore_point: "geen herstelpunt gekozen",
    override_note: "doel gesteld door het scenario",
    went_down: "uit",
    stood_again: "terug",
    restore_point: "herstelpunt",
    about: "Over",
    target: "doel",
};

fn words(lang: Language) -> &'static Words {
    match lang {
        Language::En => &EN,
        Language::Nl => &NL,
    }
}

/// A measured figure's verdict in words.
fn verdict_words(f: &MeasuredFigure, w: &Words, l: &Labels) -> String {
    match f.verdict {
        FigureVerdict::NotMeasured => w.not_measured.to_string(),
        FigureVerdict::NotReached => w.not_reached.to_string(),
        FigureVerdict::Met => w.met.to_string(),
        FigureVerdict::Missed => match f.missed_by_minutes {
            Some(by) => format!("{} {} {}", w.missed_by, minutes(by), l.minutes),
            None => l.missed.to_string(),
        },
        FigureVerdict::NoOutage => w.no_outage.to_string(),
        FigureVerdict::NotRestored => w.not_restored.to_string(),
        FigureVerdict::NoRestorePoint => w.no_restore_point.to_string(),
    }
}

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
    let w = words(lang);
    // Measured figures (a drill from a scenario): a target counts as met when achieved within
    // it, or when the service never went down; older reports carry only the minutes.
    let within = report
        .recovery
        .iter()
        .filter(|r| match (&r.rto, &r.rpo) {
            (Some(rto), Some(rpo)) => {
                let ok = |f: &MeasuredFigure| {
                    matches!(
                        f.verdict,
                        FigureVerdict::Met | FigureVerdict::NoOutage | FigureVerdict::NotMeasured
                    )
                };
                ok(rto) && ok(rpo)
            }
            _ => r
                .rto_achieved_minutes
                .is_some_and(|a| a <= r.rto_target_minutes),
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
    if let Some(sc) = &report.scenario_ref {
        c.fields(&[
            (
                w.scenario_file,
                format!("{} ({} {})", sc.path, l.version, sc.version),
            ),
            ("SHA-256", crate::document::grouped(&sc.sha256)),
        ]);
    }
    c.heading(l.injections, 40.0);
    c.table_of(
        &[
            Column::left(l.time, 0.2),
            Column::left(l.node, 0.2),
            Column::left(w.how, 0.14),
            Column::left(l.scenario, 0.46),
        ],
        &report.injections,
        |i| {
            vec![
                when(&i.at),
                i.node.clone(),
                if i.on_cue { w.on_cue } else { w.scheduled }.to_string(),
                i.description.clone(),
            ]
        },
    );
    if !report.timeline.is_empty() {
        c.heading(w.timeline, 40.0);
        c.table_of(
            &[Column::left(l.time, 0.2), Column::left(w.about, 0.8)],
            &report.timeline,
            |t| vec![when(&t.at), t.text.clone()],
        );
    }

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
            // The actual column holds "overgeslagen" (skipped) whole.
            Column::left(l.step, 0.18),
            Column::left(l.name, 0.23),
            Column::left(l.role, 0.16),
            Column::right(l.planned, 0.1),
            Column::right(l.actual, 0.13),
            Column::left(l.note, 0.2),
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
    let legacy = |target: f64, achieved: Option<f64>| match achieved {
        Some(a) if a <= target => l.within.to_string(),
        _ => l.missed.to_string(),
    };
    let opt = |v: Option<f64>| v.map(minutes).unwrap_or_else(|| "–".into());
    let target = |f: &MeasuredFigure| match (f.verdict, f.target_minutes) {
        (FigureVerdict::NotMeasured, _) | (_, None) => "–".to_string(),
        (_, Some(t)) if f.target_override.is_some() => format!("{}*", minutes(t)),
        (_, Some(t)) => minutes(t),
    };
    c.table_of(
        &[
            Column::left(l.service, 0.3),
            Column::right(&format!("{} ({})", l.rto_target, l.minutes), 0.11),
            Column::right(&format!("{} ({})", l.rto_achieved, l.minutes), 0.11),
            Column::right(&format!("{} ({})", l.rpo_target, l.minutes), 0.11),
            Column::right(&format!("{} ({})", l.rpo_achieved, l.minutes), 0.11),
            Column::left(l.verdict, 0.26),
        ],
        &report.recovery,
        |r| {
            let mut service = format!("{}\n{}", r.name, r.service);
            if let Some(d) = &r.down_at {
                service.push_str(&format!("\n{} {}", w.went_down, when(d)));
                if let Some(by) = &r.caused_by {
                    service.push_str(&format!(" ({by})"));
                }
            }
            if let Some(b) = &r.restored_at {
                service.push_str(&format!("\n{} {}", w.stood_again, when(b)));
            }
            if let (Some(tier), Some(p)) = (&r.restore_tier, &r.restore_point) {
                service.push_str(&format!("\n{}: {tier}, {}", w.restore_point, when(p)));
            }
            match (&r.rto, &r.rpo) {
                (Some(rto), Some(rpo)) => vec![
                    service,
                    target(rto),
                    opt(rto.achieved_minutes),
                    target(rpo),
                    opt(rpo.achieved_minutes),
                    format!(
                        "RTO {}\nRPO {}",
                        verdict_words(rto, w, l),
                        verdict_words(rpo, w, l)
                    ),
                ],
                _ => vec![
                    service,
                    minutes(r.rto_target_minutes),
                    opt(r.rto_achieved_minutes),
                    minutes(r.rpo_target_minutes),
                    opt(r.rpo_achieved_minutes),
                    format!(
                        "RTO {}\nRPO {}",
                        legacy(r.rto_target_minutes, r.rto_achieved_minutes),
                        legacy(r.rpo_target_minutes, r.rpo_achieved_minutes)
                    ),
                ],
            }
        },
    );
    let overrides: Vec<String> = report
        .recovery
        .iter()
        .flat_map(|r| {
            [&r.rto, &r.rpo]
                .into_iter()
                .flatten()
                .filter_map(|f| f.target_override.as_ref())
                .map(|why| format!("* {} ({}): {why}", w.override_note, r.service))
                .collect::<Vec<_>>()
        })
        .collect();
    for o in &overrides {
        c.paragraph_styled(o, 8.0, Weight::Regular, colour::MUTED);
    }
    if report.trend.iter().any(|t| !t.points.is_empty()) {
        c.heading(w.trend, 110.0);
        c.paragraph_styled(w.trend_note, 8.0, Weight::Regular, colour::MUTED);
        trend_chart(&mut c, &report.trend, w, l);
    }

    c.heading(l.deviations, 30.0);
    c.bullets(&report.deviations);
    c.heading(l.findings, 40.0);
    c.table_of(
        &[
            Column::left("ID", 0.07),
            Column::left(l.severity, 0.13),
            Column::left(w.about, 0.22),
            Column::left(l.findings, 0.58),
        ],
        &report.findings,
        |f| {
            vec![
                f.id.clone(),
                f.severity.clone(),
                [f.step.as_deref(), f.service.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("\n"),
                f.text.clone(),
            ]
        },
    );
    document::corrective_actions(&mut c, &report.corrective_actions, l);
    // The closing part stays together: sign-off, checkpoint and the signature block start on
    // one page, so no page holds only the signature block.
    let rows = report.sign_off.len().max(1) as f32;
    let closing = 40.0
        + 20.0
        + 22.0 * (rows + 1.0)
        + 110.0
        + if options.signature_block.is_some() {
            92.0
        } else {
            0.0
        };
    c.ensure(closing);
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

/// `s` in at most two lines of `w` points, broken between words; only a second line still
/// too long is cut, with an ellipsis.
fn two_lines(c: &Composer, s: &str, size: f32, w: f32) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split_whitespace() {
        let count = lines.len();
        let Some(last) = lines.last_mut() else { break };
        let candidate = if last.is_empty() {
            word.to_string()
        } else {
            format!("{last} {word}")
        };
        if c.width(&candidate, size, Weight::Regular) <= w || last.is_empty() {
            *last = candidate;
        } else if count < 2 {
            lines.push(word.to_string());
        } else {
            let rest = format!("{last} {word}");
            *last = rest;
        }
    }
    if let Some(last) = lines.last_mut() {
        *last = fit(c, last, size, w);
    }
    lines
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
        // The step's title, wrapped over up to two lines (the step ids are in the table below).
        let label = two_lines(c, &s.title, 7.5, label_w - 8.0);
        for (k, part) in label.iter().enumerate() {
            c.text(
                MARGIN,
                y - 9.0 - 8.5 * k as f32,
                part,
                7.5,
                Weight::Regular,
                colour::INK,
            );
        }
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

/// Achieved RTO per service over successive drills: one horizontal bar per drill (dated),
/// with the target as a vertical line; a drill without a figure says why in words.
fn trend_chart(c: &mut Composer, series: &[TrendSeries], w: &Words, l: &Labels) {
    let label_w = 150.0;
    let x0 = MARGIN + label_w;
    let bar_w = CONTENT_W - label_w - 60.0;
    let row = 14.0;
    for s in series.iter().filter(|s| !s.points.is_empty()) {
        let max = s
            .points
            .iter()
            .filter_map(|p| p.achieved_minutes)
            .chain(s.target_minutes)
            .fold(0.0f64, f64::max);
        let (top, _) = scale(max);
        let xs = |m: f64| x0 + (m / top) as f32 * bar_w;
        let h = 14.0 + row * s.points.len() as f32 + 14.0;
        c.ensure(h);
        let name = two_lines(c, &format!("{} ({})", s.name, s.service), 8.0, CONTENT_W);
        c.text(
            MARGIN,
            c.y() - 9.0,
            &name[0],
            8.0,
            Weight::Bold,
            colour::INK,
        );
        c.down(14.0);
        let chart_top = c.y();
        for p in &s.points {
            let y = c.y();
            c.text(
                MARGIN + 8.0,
                y - 9.5,
                &day(&p.at.date_naive()),
                7.5,
                Weight::Regular,
                colour::INK,
            );
            match p.achieved_minutes {
                Some(a) => {
                    let over = s.target_minutes.is_some_and(|t| a > t);
                    let fill = if over { colour::BAD } else { colour::GOOD };
                    c.rect(x0, y - 11.0, (xs(a) - x0).max(1.0), 8.0, fill, None);
                    let v = format!("{} {}", minutes(a), l.minutes);
                    c.text(xs(a) + 4.0, y - 9.5, &v, 7.0, Weight::Regular, colour::INK);
                }
                None => {
                    let v = format!("{} / {}", w.no_outage, w.not_restored);
                    c.text(x0 + 4.0, y - 9.5, &v, 7.0, Weight::Regular, colour::MUTED);
                }
            }
            c.down(row);
        }
        let bottom = c.y();
        c.line(x0, chart_top, x0, bottom, 0.5, colour::MUTED);
        if let Some(t) = s.target_minutes {
            let x = xs(t);
            c.line(x, chart_top + 2.0, x, bottom, 1.0, colour::ACCENT);
            let v = format!("{} {} {}", w.target, minutes(t), l.minutes);
            c.text(
                x + 3.0,
                bottom - 8.0,
                &v,
                7.0,
                Weight::Regular,
                colour::ACCENT,
            );
        }
        c.down(14.0);
    }
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
