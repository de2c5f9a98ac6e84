//! Two laptops acting on one run without seeing each other's events (synced later, by
//! importing each other's device chains): the first action in replay order counts on both, and
//! the other is kept as a concurrent action with who and when. Both copies show one state.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use vakt_journal::{devices, import_event, register_device, run_events};
use vakt_run::{Action, RunState, StepStatus, kind};
use vakt_sources::IdSource;

use crate::util::*;

/// Copies every event of `run` that `from` holds and `to` lacks (registering `from`'s devices).
fn sync(from: &Fixture, to: &mut Fixture, run: uuid::Uuid) {
    for d in devices(from.db.connection()).unwrap() {
        register_device(to.db.connection(), &d).unwrap();
    }
    for e in run_events(from.db.connection(), run).unwrap() {
        import_event(to.db.connection_mut(), &e).unwrap();
    }
}

fn state(f: &mut Fixture, run: uuid::Uuid) -> RunState {
    let mut s = engine(f).state(run).unwrap();
    s.last_seq = 0; // a local position, different on each copy
    s
}

#[test]
fn concurrent_completions_and_decisions_count_once_and_are_kept() {
    let mut a = fixture();
    let mut b = fixture();
    // Another laptop, its own identifiers.
    for _ in 0..100 {
        b.ids.next_id(t("2026-11-26T08:00:00Z"));
    }
    let run = start(&mut a);
    sync(&a, &mut b, run.id);

    a.clock.set(t("2026-11-26T08:10:00Z"));
    act(&mut a, &run, complete("report")).unwrap();
    b.clock.set(t("2026-11-26T08:12:00Z"));
    let ola = person("ola");
    let by_ola = Action::CompleteStep {
        step: "report".into(),
        override_reason: Some("kari is not answering".into()),
    };
    act_as(&mut b, &run, &ola, by_ola).unwrap();
    sync(&a, &mut b, run.id);
    sync(&b, &mut a, run.id);

    let s = state(&mut a, run.id);
    assert_eq!(s, state(&mut b, run.id), "both copies show one state");
    assert!(matches!(
        &s.step("report").unwrap().status,
        StepStatus::Done { by, at } if by == "kari" && *at == t("2026-11-26T08:10:00Z")
    ));
    assert_eq!(s.concurrent.len(), 1);
    let c = &s.concurrent[0];
    assert_eq!(
        (c.kind.as_str(), c.step.as_deref(), c.by.as_str()),
        (kind::STEP_COMPLETED, Some("report"), "ola")
    );
    assert_eq!(c.at, t("2026-11-26T08:12:00Z"));
    assert_eq!(c.reason, "cannot complete step `report`: it is done");
    assert!(
        s.overrides.is_empty(),
        "an action that did not count overrode nothing"
    );

    // Both answer triage, each having seen the report done, neither the other's answer.
    a.clock.set(t("2026-11-26T08:30:00Z"));
    b.clock.set(t("2026-11-26T08:20:00Z"));
    let b_state = act(&mut b, &run, decide("triage", "event")).unwrap();
    assert_eq!(
        b_state.active_steps(),
        ["record-event"],
        "b's own view before syncing"
    );
    act(&mut a, &run, decide("triage", "incident")).unwrap();
    sync(&a, &mut b, run.id);
    sync(&b, &mut a, run.id);
    let s = state(&mut a, run.id);
    assert_eq!(s, state(&mut b, run.id));
    assert_eq!(
        s.chosen["triage"], "event",
        "b's answer came first in replay order"
    );
    assert_eq!(s.decisions.len(), 1);
    let c = &s.concurrent[1];
    assert_eq!(
        (c.kind.as_str(), c.option.as_deref(), c.by.as_str()),
        (kind::DECISION_TAKEN, Some("incident"), "kari")
    );
    assert_eq!(s.active_steps(), ["record-event"]);
    // After syncing, each side acts on the state both see.
    act(&mut a, &run, complete("record-event")).unwrap();
}
