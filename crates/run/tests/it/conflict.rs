//! A decision answered differently by two people on two laptops, neither having seen the
//! other's answer: flagged in the run state for the incident manager (the holder of the
//! sign-off role) until they take the decision again, which settles it (`settles` names every
//! answer). The same on every copy, whichever answer comes first in replay order; an answer
//! the settling decision had not seen keeps or opens the conflict again.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use vakt_journal::{devices, import_event, register_device, run_events};
use vakt_run::{Action, RunError, RunState, kind};
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

/// A laptop with its own identifiers.
fn laptop(n: u32) -> Fixture {
    let f = fixture();
    for _ in 0..(n * 1000) {
        f.ids.next_id(t("2026-11-26T08:00:00Z"));
    }
    f
}

fn ola_decides(option: &str) -> Action {
    Action::Decide {
        step: "triage".into(),
        option: option.into(),
        rationale: format!("{option}, as far as I can see"),
        override_reason: Some("kari is on the phone".into()),
    }
}

/// Kari (incident manager, laptop a) and Ola (laptop b) answer triage differently at `kari_at`
/// and `ola_at`, then sync both ways. Returns the laptops and the run.
fn answered_differently(kari_at: &str, ola_at: &str) -> (Fixture, Fixture, RunState) {
    let mut a = laptop(0);
    let mut b = laptop(1);
    let run = start(&mut a);
    act(&mut a, &run, complete("report")).unwrap();
    sync(&a, &mut b, run.id);
    a.clock.set(t(kari_at));
    b.clock.set(t(ola_at));
    act(&mut a, &run, decide("triage", "incident")).unwrap();
    act_as(&mut b, &run, &person("ola"), ola_decides("event")).unwrap();
    sync(&a, &mut b, run.id);
    sync(&b, &mut a, run.id);
    (a, b, run)
}

#[test]
fn a_decision_answered_differently_is_flagged_until_the_incident_manager_settles_it() {
    // Replay order variations: Kari's answer first, then Ola's first.
    for (kari_at, ola_at, counted) in [
        ("2026-11-26T08:20:00Z", "2026-11-26T08:30:00Z", "incident"),
        ("2026-11-26T08:30:00Z", "2026-11-26T08:20:00Z", "event"),
    ] {
        let (mut a, mut b, run) = answered_differently(kari_at, ola_at);
        let s = state(&mut a, run.id);
        assert_eq!(s, state(&mut b, run.id), "both copies show one state");
        assert_eq!(
            s.chosen["triage"], counted,
            "the first in replay order counts"
        );
        let open: Vec<_> = s.open_conflicts().collect();
        assert_eq!(open.len(), 1, "{counted}: {:?}", s.conflicts);
        let c = open[0];
        assert_eq!(c.step, "triage");
        assert_eq!(c.answers.len(), 2);
        assert_eq!(c.answers[0].option, counted);
        let mut who: Vec<_> = c
            .answers
            .iter()
            .map(|a| (a.by.as_str(), a.option.as_str(), a.host.as_str()))
            .collect();
        who.sort();
        assert_eq!(
            who,
            [
                ("kari", "incident", "kari-laptop"),
                ("ola", "event", "ola-laptop")
            ]
        );

        // Only the incident manager settles it; Ola's second try is refused and writes nothing.
        let before = journal_len(&b);
        let e = act_as(&mut b, &run, &person("ola"), ola_decides("event")).unwrap_err();
        assert!(matches!(e, RunError::NotLead { .. }), "{e}");
        assert_eq!(journal_len(&b), before);

        // Kari settles on "event" (whichever counted before).
        a.clock.set(t("2026-11-26T08:40:00Z"));
        let settled = act(&mut a, &run, decide("triage", "event")).unwrap();
        assert_eq!(settled.chosen["triage"], "event");
        assert_eq!(settled.open_conflicts().count(), 0);
        let c = &settled.conflicts[0];
        let by = c.settled.as_ref().unwrap();
        assert_eq!((by.by.as_str(), by.option.as_str()), ("kari", "event"));
        assert_eq!(settled.active_steps(), ["record-event"]);
        let last = run_events(a.db.connection(), run.id).unwrap();
        let last = last.last().unwrap();
        assert_eq!(last.kind, kind::DECISION_TAKEN);
        let mut settles: Vec<String> = last.payload["settles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        settles.sort();
        let mut answers: Vec<String> = c.answers.iter().map(|a| a.event.to_string()).collect();
        answers.sort();
        assert_eq!(settles, answers, "the settling event names every answer");

        // The other laptop shows the same after the next sync.
        sync(&a, &mut b, run.id);
        assert_eq!(state(&mut a, run.id), state(&mut b, run.id));
        // Settled: a decision on a done step is refused again as before.
        let e = act(&mut a, &run, decide("triage", "incident")).unwrap_err();
        assert!(matches!(e, RunError::WrongState { .. }), "{e}");
    }
}

#[test]
fn an_answer_the_settling_decision_had_not_seen_keeps_the_conflict_open() {
    // Ingrid answered on a third laptop without seeing anyone's answer, before the settling
    // decision in replay order (08:35) or after it (08:50): either way the conflict is open and
    // names her, on every copy.
    for ingrid_at in ["2026-11-26T08:35:00Z", "2026-11-26T08:50:00Z"] {
        let (mut a, mut b, run) =
            answered_differently("2026-11-26T08:20:00Z", "2026-11-26T08:30:00Z");
        let mut c = laptop(2);
        // Ingrid's laptop saw the report done, nothing after.
        let upto: Vec<_> = run_events(a.db.connection(), run.id)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind != kind::DECISION_TAKEN)
            .collect();
        for d in devices(a.db.connection()).unwrap() {
            register_device(c.db.connection(), &d).unwrap();
        }
        for e in &upto {
            import_event(c.db.connection_mut(), e).unwrap();
        }
        a.clock.set(t("2026-11-26T08:40:00Z"));
        act(&mut a, &run, decide("triage", "incident")).unwrap();
        assert_eq!(state(&mut a, run.id).open_conflicts().count(), 0);

        c.clock.set(t(ingrid_at));
        let ingrid = Action::Decide {
            step: "triage".into(),
            option: "event".into(),
            rationale: "no personal data involved".into(),
            override_reason: Some("nobody answered".into()),
        };
        act_as(&mut c, &run, &person("ingrid"), ingrid).unwrap();
        sync(&c, &mut a, run.id);
        sync(&a, &mut b, run.id);
        sync(&a, &mut c, run.id);
        let s = state(&mut a, run.id);
        assert_eq!(s, state(&mut b, run.id));
        assert_eq!(s, state(&mut c, run.id));
        let open: Vec<_> = s.open_conflicts().collect();
        assert_eq!(open.len(), 1, "{ingrid_at}: {:?}", s.conflicts);
        assert!(
            open[0]
                .answers
                .iter()
                .any(|x| x.by == "ingrid" && x.option == "event"),
            "{ingrid_at}: {:?}",
            open[0]
        );
        assert_eq!(
            s.chosen["triage"], "incident",
            "the settling answer stays in force"
        );

        // Kari settles again, now naming Ingrid's answer too.
        a.clock.set(t("2026-11-26T09:00:00Z"));
        let s = act(&mut a, &run, decide("triage", "incident")).unwrap();
        assert_eq!(
            s.open_conflicts().count(),
            0,
            "{ingrid_at}: {:?}",
            s.conflicts
        );
    }
}

#[test]
fn the_same_answer_twice_is_concurrent_but_no_conflict() {
    let mut a = laptop(0);
    let mut b = laptop(1);
    let run = start(&mut a);
    act(&mut a, &run, complete("report")).unwrap();
    sync(&a, &mut b, run.id);
    a.clock.set(t("2026-11-26T08:20:00Z"));
    b.clock.set(t("2026-11-26T08:25:00Z"));
    act(&mut a, &run, decide("triage", "event")).unwrap();
    act_as(&mut b, &run, &person("ola"), ola_decides("event")).unwrap();
    sync(&b, &mut a, run.id);
    let s = state(&mut a, run.id);
    assert_eq!(s.concurrent.len(), 1);
    assert!(s.conflicts.is_empty());
}
