//! The run engine on format 2 with a fixed clock: parallel steps, not applicable carrying
//! over, repeats, roles and overrides, required evidence, every refusal recording nothing, and
//! the journal as the only truth.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::Duration;
use vakt_run::{
    Action, Actor, Mode, MomentSource, RecordSignedOff, RuledOut, RunError, StepStatus, kind,
};

use crate::util::*;

#[test]
fn a_run_pins_its_definition_and_the_starter_holds_the_start_roles_and_sign_off() {
    let mut f = fixture();
    let run = start(&mut f);
    assert_eq!(run.playbook_sha256, f.playbook.sha256);
    assert_eq!(run.active_steps(), ["report"]);
    assert_eq!(
        run.holder("responder"),
        Some("kari"),
        "role of the start step"
    );
    assert_eq!(
        run.holder("incident-manager"),
        Some("kari"),
        "sign-off role"
    );
    assert_eq!(run.holder("dpo"), None);
    assert_eq!(run.step("triage").unwrap().status, StepStatus::Pending);
    let s = act(&mut f, &run, assign("responder", "ola")).unwrap();
    assert_eq!(s.holder("responder"), Some("ola"), "until reassigned");
}

#[test]
fn a_step_waits_for_its_after_steps_and_a_gated_step_for_its_option() {
    let mut f = fixture();
    let run = start(&mut f);
    let err = act(&mut f, &run, decide("triage", "incident")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot decide step `triage`: it is pending"
    );
    act(&mut f, &run, complete("report")).unwrap();
    let s = act(&mut f, &run, decide("triage", "incident")).unwrap();
    assert_eq!(
        s.active_steps(),
        ["contain", "personal-data", "national-duty"]
    );
    assert_eq!(
        s.step("record-event").unwrap().status,
        StepStatus::NotApplicable {
            by: RuledOut {
                step: "triage".into(),
                option: Some("incident".into()),
            }
        },
        "its only opening option was decided against"
    );
    for step in ["eradicate", "recover", "verify-recovery", "lessons"] {
        assert_eq!(s.step(step).unwrap().status, StepStatus::Pending, "{step}");
    }
}

#[test]
fn the_event_branch_rules_out_every_incident_track_and_the_run_closes() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, complete("report")).unwrap();
    let s = act(&mut f, &run, decide("triage", "event")).unwrap();
    assert_eq!(s.active_steps(), ["record-event"]);
    let na = |step: &str| match &s.step(step).unwrap().status {
        StepStatus::NotApplicable { by } => (by.step.clone(), by.option.clone()),
        other => panic!("{step} is {}", other.word()),
    };
    assert_eq!(na("contain"), ("triage".into(), Some("event".into())));
    assert_eq!(na("eradicate"), ("contain".into(), None), "carried over");
    assert_eq!(na("verify-recovery"), ("recover".into(), None));
    assert_eq!(na("notify-customers"), ("personal-data".into(), None));
    assert_eq!(na("nsm-warning"), ("national-duty".into(), None));
    let err = act(
        &mut f,
        &run,
        Action::Close {
            statement: "closed".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, RunError::NotFinished(ref s) if s == "record-event"));
    let s = act(&mut f, &run, complete("record-event")).unwrap();
    assert_eq!(
        s.active_steps(),
        ["lessons"],
        "after_any: one done, the rest ruled out"
    );
    act(&mut f, &run, complete("lessons")).unwrap();
    f.clock.advance(Duration::minutes(5));
    let s = act(
        &mut f,
        &run,
        Action::Close {
            statement: "An event; no incident.".into(),
        },
    )
    .unwrap();
    assert_eq!(s.closed.as_ref().unwrap().by, "kari");
    assert_eq!(s.moments["closure"].source, MomentSource::Close);
    assert_eq!(s.moments["closure"].claimed_at, t("2026-11-26T08:05:00Z"));
    assert_eq!(s, engine(&mut f).state(run.id).unwrap());
    let err = act(&mut f, &run, complete("lessons")).unwrap_err();
    assert!(matches!(err, RunError::Closed(_)));
}

fn signed(by: &str, role: &str) -> RecordSignedOff {
    RecordSignedOff {
        record_sha256: "ab".repeat(32),
        person: id_of(by),
        person_name: by.into(),
        role: role.into(),
        roles: vec![role.into()],
        certificate_sha256: "cd".repeat(32),
        signed_at: t("2026-11-26T09:00:00Z"),
    }
}

#[test]
fn a_record_signed_off_is_journaled_after_the_close_and_replays() {
    let mut f = fixture();
    let run = start(&mut f);
    let kari_signs = signed("kari", "incident-manager");
    let err = engine(&mut f)
        .record_signed_off(run.id, &kari(), &kari_signs)
        .unwrap_err();
    assert!(
        matches!(err, RunError::NotClosed(id) if id == run.id),
        "{err}"
    );
    act(&mut f, &run, complete("report")).unwrap();
    act(&mut f, &run, decide("triage", "event")).unwrap();
    act(&mut f, &run, complete("record-event")).unwrap();
    act(&mut f, &run, complete("lessons")).unwrap();
    let closed = act(
        &mut f,
        &run,
        Action::Close {
            statement: "An event; no incident.".into(),
        },
    )
    .unwrap();
    assert!(closed.record_signed_off.is_empty());
    let count = closed.event_count;
    let auditor = Actor {
        role: Some("auditor".into()),
        ..person("audrey")
    };
    let err = engine(&mut f)
        .record_signed_off(run.id, &auditor, &signed("audrey", "auditor"))
        .unwrap_err();
    assert!(matches!(err, RunError::Forbidden { .. }), "{err}");
    let mut empty = kari_signs.clone();
    empty.record_sha256 = " ".into();
    assert!(matches!(
        engine(&mut f).record_signed_off(run.id, &kari(), &empty),
        Err(RunError::Empty(_))
    ));
    assert_eq!(
        engine(&mut f).state(run.id).unwrap().event_count,
        count,
        "refusals write nothing"
    );

    let s = engine(&mut f)
        .record_signed_off(run.id, &kari(), &kari_signs)
        .unwrap();
    assert_eq!(s.record_signed_off, vec![kari_signs.clone()]);
    let ingrid = person("ingrid");
    let s = engine(&mut f)
        .record_signed_off(run.id, &ingrid, &signed("ingrid", "dpo"))
        .unwrap();
    assert_eq!(s.record_signed_off.len(), 2);
    let replayed = engine(&mut f).state(run.id).unwrap();
    assert_eq!(s, replayed, "replay gives the same state");
    assert_eq!(replayed.record_signed_off[1].person, id_of("ingrid"));
    let events = vakt_journal::run_events(f.db.connection(), run.id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.kind, kind::RECORD_SIGNED_OFF);
    assert_eq!(last.by.role.as_deref(), Some("dpo"));
    assert_eq!(last.by.person.as_deref(), Some(id_of("ingrid").as_str()));
    for field in [
        "record_sha256",
        "person",
        "person_name",
        "role",
        "certificate_sha256",
        "signed_at",
    ] {
        assert!(
            last.payload.get(field).is_some(),
            "{field} in {}",
            last.payload
        );
    }
    // Still closed to everything else.
    assert!(matches!(
        act(&mut f, &run, complete("lessons")),
        Err(RunError::Closed(_))
    ));
}

#[test]
fn a_decision_opening_done_steps_repeats_them() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, assign("technical-lead", "kari")).unwrap();
    act(&mut f, &run, complete("report")).unwrap();
    act(&mut f, &run, decide("triage", "incident")).unwrap();
    let images = f.dir.path().join("images.sha256");
    std::fs::write(&images, b"abc  mem.lime\n").unwrap();
    engine(&mut f)
        .attach(run.id, &kari(), &images, Some("contain".into()), "images")
        .unwrap();
    for step in ["contain", "eradicate", "recover"] {
        act(&mut f, &run, complete(step)).unwrap();
    }
    f.clock.advance(Duration::hours(1));
    let s = act(&mut f, &run, decide("verify-recovery", "recurring")).unwrap();
    assert_eq!(s.step("contain").unwrap().status, StepStatus::Active);
    assert_eq!(s.step("contain").unwrap().visits, 2);
    assert_eq!(s.step("eradicate").unwrap().status, StepStatus::Pending);
    assert_eq!(
        s.step("verify-recovery").unwrap().status,
        StepStatus::Pending
    );
    assert_eq!(
        s.decisions.last().unwrap().reopened,
        ["contain", "eradicate", "recover", "verify-recovery"]
    );
    assert_eq!(
        s.moments["containment"].claimed_at,
        t("2026-11-26T08:00:00Z"),
        "the first containment stays the moment"
    );
    for step in ["contain", "eradicate", "recover"] {
        act(&mut f, &run, complete(step)).unwrap();
    }
    let s = act(&mut f, &run, decide("verify-recovery", "resolved")).unwrap();
    assert_eq!(s.chosen["verify-recovery"], "resolved");
    assert!(s.step("lessons").unwrap().status == StepStatus::Active);
    assert_eq!(s, engine(&mut f).state(run.id).unwrap());
}

#[test]
fn acting_outside_ones_role_needs_a_reason_which_is_journaled_and_listed() {
    let mut f = fixture();
    let run = start(&mut f);
    let ola = person("ola");
    let before = journal_len(&f);
    let err = act_as(&mut f, &run, &ola, complete("report")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "ola does not hold the `responder` role of step `report` (held by kari): \
         give a reason to act outside your role"
    );
    let blank = Action::CompleteStep {
        step: "report".into(),
        override_reason: Some("  ".into()),
    };
    assert!(matches!(
        act_as(&mut f, &run, &ola, blank).unwrap_err(),
        RunError::OutOfRole { .. }
    ));
    assert_eq!(journal_len(&f), before, "refusals record nothing");
    let s = act_as(
        &mut f,
        &run,
        &ola,
        Action::CompleteStep {
            step: "report".into(),
            override_reason: Some("kari is on the phone with the customer".into()),
        },
    )
    .unwrap();
    let o = &s.overrides[0];
    assert_eq!(
        (o.step.as_str(), o.action.as_str(), o.role.as_str()),
        ("report", kind::STEP_COMPLETED, "responder")
    );
    assert_eq!((o.by.as_str(), o.holder.as_deref()), ("ola", Some("kari")));
    let events = vakt_journal::run_events(f.db.connection(), run.id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        last.payload["override_reason"],
        "kari is on the phone with the customer"
    );
    // Nobody holds the DPO role yet: even kari needs a reason.
    act(&mut f, &run, decide("triage", "incident")).unwrap();
    let err = act(&mut f, &run, decide("personal-data", "none")).unwrap_err();
    assert!(matches!(err, RunError::OutOfRole { ref holder, .. } if holder == "nobody"));
    act(&mut f, &run, assign("dpo", "kari")).unwrap();
    let s = act(&mut f, &run, decide("personal-data", "none")).unwrap();
    assert_eq!(s.overrides.len(), 1);
    assert_eq!(s, engine(&mut f).state(run.id).unwrap());
}

#[test]
fn a_step_with_required_evidence_completes_only_once_it_is_attached() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, assign("technical-lead", "kari")).unwrap();
    act(&mut f, &run, complete("report")).unwrap();
    act(&mut f, &run, decide("triage", "incident")).unwrap();
    let err = act(&mut f, &run, complete("contain")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "step `contain` cannot complete: attach the required evidence `images` first"
    );
    let other = f.dir.path().join("note.txt");
    std::fs::write(&other, b"for another step").unwrap();
    engine(&mut f)
        .attach(run.id, &kari(), &other, Some("report".into()), "x")
        .unwrap();
    assert!(
        act(&mut f, &run, complete("contain")).is_err(),
        "another step's"
    );
    engine(&mut f)
        .attach(run.id, &kari(), &other, Some("contain".into()), "images")
        .unwrap();
    let s = act(&mut f, &run, complete("contain")).unwrap();
    assert!(matches!(
        s.step("contain").unwrap().status,
        StepStatus::Done { .. }
    ));
    // Skipping needs no evidence, but a reason.
    let s = act(
        &mut f,
        &run,
        Action::SkipStep {
            step: "eradicate".into(),
            reason: "nothing to remove".into(),
            override_reason: None,
        },
    )
    .unwrap();
    assert_eq!(
        s.active_steps(),
        ["recover", "personal-data", "national-duty"]
    );
}

#[test]
fn a_failed_step_is_started_again_or_skipped() {
    let mut f = fixture();
    let run = start(&mut f);
    let start_report = Action::StartStep {
        step: "report".into(),
        override_reason: None,
    };
    let s = act(&mut f, &run, start_report.clone()).unwrap();
    assert!(matches!(
        s.step("report").unwrap().status,
        StepStatus::Started { ref by, .. } if by == "kari"
    ));
    let fail = Action::FailStep {
        step: "report".into(),
        reason: "the ticket system is down".into(),
        override_reason: None,
    };
    let s = act(&mut f, &run, fail.clone()).unwrap();
    assert_eq!(s.step("report").unwrap().status.word(), "failed");
    assert_eq!(s.active_steps(), ["report"], "a failed step is still to do");
    assert!(matches!(
        act(&mut f, &run, fail).unwrap_err(),
        RunError::WrongState {
            action: "fail",
            state: "failed",
            ..
        }
    ));
    act(&mut f, &run, start_report).unwrap();
    let s = act(&mut f, &run, complete("report")).unwrap();
    assert_eq!(s.active_steps(), ["triage"]);
    assert_eq!(
        s.step("report").unwrap().first_started,
        Some(t("2026-11-26T08:00:00Z"))
    );
}

#[test]
fn every_refusal_is_typed_and_records_nothing() {
    let mut f = fixture();
    let run = start(&mut f);
    act(&mut f, &run, complete("report")).unwrap();
    let before = journal_len(&f);
    type Expect = fn(&RunError) -> bool;
    let refusals: Vec<(Action, Expect)> = vec![
        (complete("nope"), |e| matches!(e, RunError::UnknownStep(_))),
        (complete("triage"), |e| matches!(e, RunError::IsDecision(_))),
        (decide("report", "x"), |e| {
            matches!(e, RunError::NotDecision(_))
        }),
        (
            decide("triage", "maybe"),
            |e| matches!(e, RunError::UnknownOption { options, .. } if options == "incident, event"),
        ),
        (
            Action::Decide {
                step: "triage".into(),
                option: "incident".into(),
                rationale: " ".into(),
                override_reason: None,
            },
            |e| matches!(e, RunError::Empty(_)),
        ),
        (complete("report"), |e| {
            matches!(e, RunError::WrongState { state: "done", .. })
        }),
        (assign("janitor", "ola"), |e| {
            matches!(e, RunError::UnknownRole { .. })
        }),
        (
            Action::RecordMoment {
                moment: "lunch".into(),
                at: None,
                reason: None,
            },
            |e| matches!(e, RunError::UnknownMoment(_)),
        ),
        (
            Action::RecordFacts {
                facts: [("mood".to_string(), "calm".to_string())].into(),
            },
            |e| matches!(e, RunError::UnknownFact { .. }),
        ),
        (
            Action::SendNotification {
                notification: "customer-early-notice".into(),
                customer: Some("acme".into()),
                channel: "mail".into(),
                at: None,
                reason: None,
            },
            |e| matches!(e, RunError::UnknownNotification { .. }),
        ),
        (
            Action::AcknowledgeNotification {
                notification: "authority".into(),
                customer: None,
                at: None,
                note: None,
            },
            |e| matches!(e, RunError::NotificationState { state: "to do", .. }),
        ),
        (
            Action::Close {
                statement: "done".into(),
            },
            |e| matches!(e, RunError::NotFinished(_)),
        ),
    ];
    for (action, expect) in refusals {
        let err = act(&mut f, &run, action.clone()).unwrap_err();
        assert!(expect(&err), "{action:?}: {err}");
    }
    assert_eq!(journal_len(&f), before);
}

#[test]
fn an_auditor_changes_nothing() {
    let mut f = fixture();
    let run = start(&mut f);
    let auditor = Actor {
        role: Some(vakt_run::READ_ONLY_ROLE.into()),
        ..person("anne")
    };
    let before = journal_len(&f);
    let playbook = f.playbook.clone();
    let err = engine(&mut f)
        .start(&auditor, &playbook, roles(), Mode::Drill, "Audit drill")
        .unwrap_err();
    assert!(matches!(err, RunError::Forbidden { .. }));
    let override_ = Action::CompleteStep {
        step: "report".into(),
        override_reason: Some("I am the auditor".into()),
    };
    for action in [override_, assign("dpo", "anne")] {
        let err = act_as(&mut f, &run, &auditor, action).unwrap_err();
        assert!(matches!(err, RunError::Forbidden { .. }), "{err}");
    }
    assert_eq!(journal_len(&f), before);
    assert_eq!(engine(&mut f).state(run.id).unwrap(), run);
}

const FORMAT_1: &str = r#"format = 1
kind = "playbook"
id = "old"
version = "1"
category = "incident"
title = { en = "Old" }
summary = { en = "Before format 2." }

[[steps]]
id = "report"
title = { en = "Report" }
instructions = { en = "Report it." }
role = "responder"
duration = "15m"

[[steps]]
id = "triage"
title = { en = "Triage" }
instructions = { en = "Decide." }
role = "incident-manager"
duration = "30m"

[steps.decision]
question = { en = "Incident?" }

[[steps.decision.options]]
id = "incident"
title = { en = "Incident" }
next = "contain"

[[steps.decision.options]]
id = "event"
title = { en = "Event" }
next = "end"

[[steps]]
id = "contain"
title = { en = "Contain" }
instructions = { en = "Contain it." }
role = "responder"
duration = "1h"
"#;

#[test]
fn a_run_started_on_a_format_1_playbook_replays_through_its_upgrade() {
    let mut f = fixture();
    let run = uuid::Uuid::from_u128(0x01a2_0000_0000_7000_8000_0000_0000_0099);
    let events = [
        (
            kind::RUN_STARTED,
            serde_json::json!({
                "mode": "incident", "title": "Old run", "playbook_id": "old",
                "playbook_path": "incident/old.toml", "playbook_sha256": "00",
                "playbook_source": FORMAT_1,
                "playbook": { "format": 1, "steps": [{ "id": "report", "next": "triage" }] },
                "roles": ["responder", "incident-manager"],
            }),
        ),
        (kind::STEP_STARTED, serde_json::json!({ "step": "report" })),
        (
            kind::STEP_COMPLETED,
            serde_json::json!({ "step": "report" }),
        ),
        (kind::STEP_STARTED, serde_json::json!({ "step": "triage" })),
        (
            kind::DECISION_TAKEN,
            serde_json::json!({ "step": "triage", "option": "event", "rationale": "noise" }),
        ),
    ];
    let tx = f.db.connection_mut().transaction().unwrap();
    for (k, payload) in events {
        let draft = vakt_journal::EventDraft {
            by: kari(),
            kind: k.into(),
            run: Some(run),
            payload,
        };
        vakt_journal::append_in(&tx, &draft, &f.clock, &f.ids).unwrap();
    }
    tx.commit().unwrap();
    let s = engine(&mut f).state(run).unwrap();
    assert_eq!(s.playbook.format, 2);
    assert_eq!(s.chosen["triage"], "event");
    assert_eq!(s.step("contain").unwrap().status.word(), "not applicable");
    assert_eq!(s.unfinished_step(), None, "the old run reached its end");
}

#[test]
fn roles_are_held_by_person_id_assigned_by_the_lead_and_released() {
    let mut f = fixture();
    let run = start(&mut f);
    let ola = person("ola");
    // Only the holder of the sign-off role (the starter, until it is handed over) assigns.
    let before = journal_len(&f);
    let err = act_as(&mut f, &run, &ola, assign("dpo", "ola")).unwrap_err();
    assert!(matches!(err, RunError::NotLead { .. }), "{err}");
    assert!(
        err.to_string().contains("held by") || err.to_string().contains("now kari"),
        "{err}"
    );
    assert_eq!(journal_len(&f), before, "a refusal records nothing");
    let s = act(&mut f, &run, assign("responder", "ola")).unwrap();
    assert!(s.holds("responder", &ola));
    assert_eq!(s.holder_keys["responder"], [id_of("ola")]);
    // The same name with another key does not hold the role: a name proves nothing.
    let impostor = Actor {
        person: Some("id-someone-else".into()),
        ..person("ola")
    };
    assert!(!s.holds("responder", &impostor));
    let err = act_as(&mut f, &run, &impostor, complete("report")).unwrap_err();
    assert!(matches!(err, RunError::OutOfRole { .. }), "{err}");
    // Ola gives the role up; then nobody holds it.
    let s = act_as(
        &mut f,
        &run,
        &ola,
        Action::ReleaseRole {
            role: "responder".into(),
        },
    )
    .unwrap();
    assert_eq!(s.holder("responder"), None);
    assert!(!s.holds("responder", &ola));
    // The sign-off role is handed over, never left empty.
    let err = act(
        &mut f,
        &run,
        Action::ReleaseRole {
            role: "incident-manager".into(),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("sign-off role"), "{err}");
    // Handed to Ola, the incident manager role makes Ola the one who assigns.
    act(&mut f, &run, assign("incident-manager", "ola")).unwrap();
    let err = act(&mut f, &run, assign("dpo", "kari")).unwrap_err();
    assert!(matches!(err, RunError::NotLead { .. }), "{err}");
    let s = act_as(&mut f, &run, &ola, assign("dpo", "kari")).unwrap();
    assert_eq!(s.holder("dpo"), Some("kari"));
    // Replay gives the same state as the engine's.
    assert_eq!(engine(&mut f).state(run.id).unwrap(), s);
}
