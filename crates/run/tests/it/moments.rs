//! Moments (marked by steps, or by hand with an earlier time and a reason), the clocks that
//! count from them, and the metrics between them.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::Duration;
use vakt_run::{Action, ClockState, Metrics, MomentSource, RunError};
use vakt_sources::Clock;

use crate::util::*;

fn moment(id: &str, at: Option<&str>, reason: Option<&str>) -> Action {
    Action::RecordMoment {
        moment: id.into(),
        at: at.map(t),
        reason: reason.map(str::to_string),
    }
}

#[test]
fn a_moment_learned_later_keeps_its_claimed_time_and_when_it_was_recorded() {
    let mut f = fixture();
    let run = start(&mut f);
    f.clock.advance(Duration::hours(3));
    let err = act(
        &mut f,
        &run,
        moment("occurrence", Some("2026-11-26T07:31:00Z"), None),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the reason for a time earlier than now must not be empty"
    );
    let s = act(
        &mut f,
        &run,
        moment(
            "occurrence",
            Some("2026-11-26T07:31:00Z"),
            Some("the phishing mail arrived at 07:31"),
        ),
    )
    .unwrap();
    let m = &s.moments["occurrence"];
    assert_eq!(m.claimed_at, t("2026-11-26T07:31:00Z"));
    assert_eq!(m.recorded_at, t("2026-11-26T11:00:00Z"));
    assert_eq!(
        m.reason.as_deref(),
        Some("the phishing mail arrived at 07:31")
    );
    assert_eq!(m.source, MomentSource::ByHand);
    let events = vakt_journal::run_events(f.db.connection(), run.id).unwrap();
    let e = events.last().unwrap();
    assert_eq!(e.payload["at"], "2026-11-26T07:31:00.000000Z");
    assert_eq!(e.at, t("2026-11-26T11:00:00Z"), "the journal's own time");
}

#[test]
fn a_future_moment_and_a_stop_before_its_start_are_refused_with_the_reason() {
    let mut f = fixture();
    let run = start(&mut f);
    let before = journal_len(&f);
    let err = act(
        &mut f,
        &run,
        moment("detection", Some("2026-11-26T09:00:00Z"), Some("soon")),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "moment `detection` cannot be at 2026-11-26 09:00:00 UTC: that is in the future \
         (now 2026-11-26 08:00:00 UTC)"
    );
    f.clock.advance(Duration::hours(2));
    act(
        &mut f,
        &run,
        moment("awareness", Some("2026-11-26T09:00:00Z"), Some("the call")),
    )
    .unwrap();
    let err = act(
        &mut f,
        &run,
        moment(
            "authority-notified",
            Some("2026-11-26T08:30:00Z"),
            Some("by phone"),
        ),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "clock `gdpr-art33-72h` would stop before it starts: `authority-notified` at \
         2026-11-26 08:30:00 UTC is before `awareness` at 2026-11-26 09:00:00 UTC"
    );
    act(&mut f, &run, moment("authority-notified", None, None)).unwrap();
    f.clock.advance(Duration::hours(1));
    let err = act(&mut f, &run, moment("awareness", None, None)).unwrap_err();
    assert!(
        matches!(err, RunError::StopBeforeStart { .. }),
        "moving the start after the stop is refused too: {err}"
    );
    assert_eq!(journal_len(&f), before + 2);
}

#[test]
fn clocks_pend_run_are_met_missed_or_stopped() {
    let mut f = fixture();
    let run = start(&mut f);
    let clock = |s: &vakt_run::RunState, id: &str, now| {
        s.clocks(now).into_iter().find(|c| c.id == id).unwrap()
    };
    let now = f.clock.now();
    assert_eq!(
        clock(&run, "gdpr-art33-72h", now).state,
        ClockState::Pending
    );
    let s = act(&mut f, &run, moment("awareness", None, None)).unwrap();
    let c = clock(&s, "gdpr-art33-72h", now);
    assert_eq!(
        c.state,
        ClockState::Running {
            deadline: t("2026-11-29T08:00:00Z")
        }
    );
    let late = t("2026-11-29T10:00:00Z");
    assert_eq!(
        clock(&s, "gdpr-art33-72h", late).state,
        ClockState::Missed {
            deadline: t("2026-11-29T08:00:00Z"),
            by_seconds: 7200,
            still_open: true
        }
    );
    assert!(clock(&s, "gdpr-art33-72h", late).is_overdue());
    f.clock.set(t("2026-11-28T08:00:00Z"));
    let s = act(&mut f, &run, moment("authority-notified", None, None)).unwrap();
    assert_eq!(
        clock(&s, "gdpr-art33-72h", late).state,
        ClockState::Met {
            at: t("2026-11-28T08:00:00Z"),
            margin_seconds: 86400
        }
    );
    // Started, never stopped, and the run closes before its deadline: stopped.
    let s = act(&mut f, &run, moment("significant-incident", None, None)).unwrap();
    assert!(matches!(
        clock(&s, "nsm-24h", late).state,
        ClockState::Missed {
            still_open: true,
            ..
        }
    ));
    act(&mut f, &run, complete("report")).unwrap();
    act(&mut f, &run, decide("triage", "event")).unwrap();
    act(&mut f, &run, complete("record-event")).unwrap();
    act(&mut f, &run, complete("lessons")).unwrap();
    f.clock.advance(Duration::hours(1));
    let s = act(
        &mut f,
        &run,
        Action::Close {
            statement: "done".into(),
        },
    )
    .unwrap();
    assert_eq!(
        clock(&s, "nsm-24h", late).state,
        ClockState::NotApplicable {
            step: "triage".into(),
            option: "event".into()
        }
    );
    assert_eq!(
        clock(&s, "gdpr-art33-72h", late).state.clone(),
        ClockState::NotApplicable {
            step: "triage".into(),
            option: "event".into()
        },
        "a decision rules a clock out even after it was met"
    );
}

const SHORT: &str = r#"
format = 2
kind = "playbook"
id = "short"
version = "1"
category = "dr"
sign_off_role = "responder"
title = { en = "Short" }
summary = { en = "One step, one clock." }

[[clocks]]
id = "rto-4h"
title = { en = "Recover within 4 hours" }
from = "detection"
after = "4h"
stops_when = "recovery"

[[steps]]
id = "detect"
title = { en = "Detect" }
instructions = { en = "Notice." }
role = "responder"
duration = "5m"
marks = ["detection"]
"#;

#[test]
fn a_clock_still_running_when_the_run_closes_is_stopped_before_its_deadline_and_missed_after() {
    for (hours, expected) in [
        (
            1,
            ClockState::Stopped {
                at: t("2026-11-26T09:00:00Z"),
            },
        ),
        (
            5,
            ClockState::Missed {
                deadline: t("2026-11-26T12:00:00Z"),
                by_seconds: 3600,
                still_open: false,
            },
        ),
    ] {
        let mut f = fixture_with(SHORT);
        let run = start(&mut f);
        act(&mut f, &run, complete("detect")).unwrap();
        f.clock.advance(Duration::hours(hours));
        let s = act(
            &mut f,
            &run,
            Action::Close {
                statement: "done".into(),
            },
        )
        .unwrap();
        let c = &s.clocks(t("2027-01-01T00:00:00Z"))[0];
        assert_eq!(c.state, expected);
        assert!(!c.is_overdue(), "a closed run has nothing overdue");
    }
}

#[test]
fn metrics_are_measured_between_moments_once_both_exist() {
    let mut f = fixture();
    let run = start(&mut f);
    assert_eq!(run.metrics(), Metrics::default());
    f.clock.advance(Duration::minutes(45));
    act(
        &mut f,
        &run,
        moment(
            "occurrence",
            Some("2026-11-26T07:00:00Z"),
            Some("log shows first access"),
        ),
    )
    .unwrap();
    let s = act(&mut f, &run, complete("report")).unwrap();
    assert_eq!(s.moments["detection"].claimed_at, t("2026-11-26T08:45:00Z"));
    let m = s.metrics();
    assert_eq!(m.to_detect, Some(105 * 60));
    assert_eq!(m.to_report, Some(0));
    assert_eq!(m.to_contain, None);
    act(&mut f, &run, assign("technical-lead", "kari")).unwrap();
    act(&mut f, &run, decide("triage", "incident")).unwrap();
    let images = f.dir.path().join("img");
    std::fs::write(&images, b"x").unwrap();
    engine(&mut f)
        .attach(run.id, &kari(), &images, Some("contain".into()), "images")
        .unwrap();
    f.clock.advance(Duration::hours(2));
    let s = act(&mut f, &run, complete("contain")).unwrap();
    assert_eq!(s.metrics().to_contain, Some(2 * 3600));
}
