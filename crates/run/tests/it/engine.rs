//! The run engine with a fixed clock: every transition, every refusal, decisions, loops, clocks
//! going overdue, evidence hashing, and the journal as the only truth.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use vakt_playbook::{Context, LoadedPlaybook, parse_playbook, sha256_hex};
use vakt_run::{Action, Actor, ClockState, Engine, Mode, RunError, RunState, StepStatus};
use vakt_sources::{Clock, FixedClock, SequentialIds};
use vakt_store::Database;

const PLAYBOOK: &str = r#"
format = 1
kind = "playbook"
id = "test-incident"
version = "1"
category = "incident"
title = { en = "Test" }
summary = { en = "Test playbook." }

[[moments]]
id = "awareness"
title = { en = "Awareness" }

[[moments]]
id = "notified"
title = { en = "Notified" }

[[moments]]
id = "window"
title = { en = "Window" }

[[clocks]]
id = "gdpr"
title = { en = "72 hours" }
from = "awareness"
after = "72h"
stops_when = "notified"

[[clocks]]
id = "notice"
title = { en = "24 hours ahead" }
from = "window"
before = "24h"

[[steps]]
id = "report"
title = { en = "Report" }
instructions = { en = "Report it." }
role = "responder"
duration = "15m"
marks = ["awareness"]

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
role = "technical-lead"
duration = "1h"

[[steps]]
id = "verify"
title = { en = "Verify" }
instructions = { en = "Check." }
role = "incident-manager"
duration = "10m"

[steps.decision]
question = { en = "Contained?" }

[[steps.decision.options]]
id = "yes"
title = { en = "Yes" }
next = "notify"

[[steps.decision.options]]
id = "no"
title = { en = "No" }
next = "contain"

[[steps]]
id = "notify"
title = { en = "Notify" }
instructions = { en = "Notify the authority." }
role = "dpo"
duration = "1h"
marks = ["notified"]
"#;

struct Fixture {
    dir: tempfile::TempDir,
    db: Database,
    clock: FixedClock,
    ids: SequentialIds,
    playbook: LoadedPlaybook,
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = FixedClock::at(t("2026-11-26T08:00:00Z"));
    let mut db = Database::open(&dir.path().join("vakt.sqlite3"), &clock).expect("open");
    vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock)
        .expect("device");
    let playbook = LoadedPlaybook {
        path: "incident/test.toml".into(),
        source: PLAYBOOK.into(),
        sha256: sha256_hex(PLAYBOOK.as_bytes()),
        playbook: parse_playbook("test.toml", PLAYBOOK, &Context::default()).expect("valid"),
    };
    Fixture {
        dir,
        db,
        clock,
        ids: SequentialIds::new(),
        playbook,
    }
}

fn roles() -> Vec<String> {
    [
        "incident-manager",
        "technical-lead",
        "responder",
        "dpo",
        "scribe",
    ]
    .map(String::from)
    .to_vec()
}

fn kari() -> Actor {
    Actor {
        actor: "kari".into(),
        role: None,
        host: "laptop-1".into(),
        ..Actor::default()
    }
}

fn ola() -> Actor {
    Actor {
        actor: "ola".into(),
        role: None,
        host: "laptop-2".into(),
        ..Actor::default()
    }
}

fn step(s: &str) -> String {
    s.to_string()
}

fn journal_len(f: &Fixture) -> u64 {
    f.db.connection()
        .query_row("SELECT count(*) FROM journal_event", [], |r| r.get(0))
        .expect("count")
}

macro_rules! engine {
    ($f:expr) => {
        Engine::new(
            &mut $f.db,
            &$f.clock,
            &$f.ids,
            &$f.dir.path().join("evidence"),
        )
    };
}

fn start(f: &mut Fixture) -> RunState {
    let playbook = f.playbook.clone();
    engine!(f)
        .start(
            &kari(),
            &playbook,
            roles(),
            Mode::Incident,
            "Phishing at customer X",
        )
        .expect("start")
}

fn act(f: &mut Fixture, run: &RunState, action: Action) -> Result<RunState, RunError> {
    engine!(f).act(run.id, &kari(), action)
}

#[test]
fn a_run_pins_its_definition_and_begins_at_the_first_step() {
    let mut f = fixture();
    let run = start(&mut f);
    assert_eq!(run.current.as_deref(), Some("report"));
    assert_eq!(run.playbook_sha256, sha256_hex(PLAYBOOK.as_bytes()));
    assert_eq!(run.mode, Mode::Incident);
    assert_eq!(run.started_by, "kari");
    assert_eq!(run.started_at, t("2026-11-26T08:00:00Z"));
    // Editing the definition afterwards does not change the run.
    f.playbook.playbook.steps[0].title = vakt_playbook::Text::en_nl("Changed", "Gewijzigd");
    let again = engine!(f).state(run.id).expect("state");
    assert_eq!(again.playbook.steps[0].title.get("en"), "Report");
    assert_eq!(again, run);
}

#[test]
fn steps_start_complete_and_the_flow_follows_the_decision() {
    let mut f = fixture();
    let run = start(&mut f);
    let s = act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect("start");
    assert!(
        matches!(s.step("report").map(|r| &r.status), Some(StepStatus::Active { by, .. }) if by == "kari")
    );
    f.clock.advance(Duration::minutes(10));
    let s = act(
        &mut f,
        &run,
        Action::CompleteStep {
            step: step("report"),
        },
    )
    .expect("complete");
    assert_eq!(s.current.as_deref(), Some("triage"));
    assert_eq!(
        s.moments.get("awareness"),
        Some(&t("2026-11-26T08:10:00Z")),
        "marks awareness"
    );
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("triage"),
        },
    )
    .expect("start triage");
    let s = act(
        &mut f,
        &run,
        Action::Decide {
            step: step("triage"),
            option: "incident".into(),
            rationale: "customer data read".into(),
        },
    )
    .expect("decide");
    assert_eq!(s.current.as_deref(), Some("contain"));
    assert_eq!(s.decisions.len(), 1);
    assert_eq!(s.decisions[0].option, "incident");
    assert_eq!(s.decisions[0].rationale, "customer data read");
    // The state rebuilt from the journal equals the state returned.
    assert_eq!(engine!(f).state(run.id).expect("state"), s);
}

#[test]
fn the_event_branch_of_a_decision_ends_the_steps_and_the_run_closes_with_sign_off() {
    let mut f = fixture();
    let run = start(&mut f);
    act(
        &mut f,
        &run,
        Action::SkipStep {
            step: step("report"),
            reason: "reported by phone, logged in ticket".into(),
        },
    )
    .expect("skip");
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("triage"),
        },
    )
    .expect("start");
    let s = act(
        &mut f,
        &run,
        Action::Decide {
            step: step("triage"),
            option: "event".into(),
            rationale: "blocked".into(),
        },
    )
    .expect("decide");
    assert_eq!(s.current, None);
    assert!(
        !s.moments.contains_key("awareness"),
        "a skipped step marks nothing"
    );
    let close = Action::Close {
        statement: "Closed as event.".into(),
    };
    let err = act(&mut f, &run, close.clone()).expect_err("nobody holds the sign-off role");
    assert!(
        matches!(err, RunError::SignOff { ref holder, .. } if holder == "nobody"),
        "{err}"
    );
    engine!(f)
        .act(
            run.id,
            &kari(),
            Action::AssignRole {
                role: "incident-manager".into(),
                person: "ola".into(),
            },
        )
        .expect("assign");
    let err = act(&mut f, &run, close.clone()).expect_err("kari is not the incident manager");
    assert!(matches!(err, RunError::SignOff { .. }), "{err}");
    let s = engine!(f)
        .act(run.id, &ola(), close)
        .expect("ola signs off");
    let signed = s.closed.as_ref().expect("closed");
    assert_eq!(
        (signed.by.as_str(), signed.role.as_str()),
        ("ola", "incident-manager")
    );
    // Nothing more can be recorded.
    let err = act(
        &mut f,
        &run,
        Action::Note {
            step: None,
            text: "late".into(),
        },
    )
    .expect_err("closed");
    assert!(matches!(err, RunError::Closed(_)));
    let file = f.dir.path().join("late.txt");
    std::fs::write(&file, "late").expect("write");
    let err = engine!(f)
        .attach(run.id, &kari(), &file, None, "late")
        .expect_err("closed");
    assert!(matches!(err, RunError::Closed(_)));
}

/// What a refused action must return.
type Expect = fn(&RunError) -> bool;

#[test]
fn every_refusal_is_typed_and_records_nothing() {
    let mut f = fixture();
    let run = start(&mut f);
    let before = journal_len(&f);
    let refusals: Vec<(Action, Expect)> = vec![
        (
            Action::CompleteStep {
                step: step("report"),
            },
            |e| {
                matches!(
                    e,
                    RunError::WrongState {
                        action: "complete",
                        state: "pending",
                        ..
                    }
                )
            },
        ),
        (
            Action::FailStep {
                step: step("report"),
                reason: "x".into(),
            },
            |e| matches!(e, RunError::WrongState { action: "fail", .. }),
        ),
        (
            Action::StartStep {
                step: step("contain"),
            },
            |e| matches!(e, RunError::NotCurrent { .. }),
        ),
        (Action::StartStep { step: step("nope") }, |e| {
            matches!(e, RunError::UnknownStep(_))
        }),
        (
            Action::SkipStep {
                step: step("report"),
                reason: "  ".into(),
            },
            |e| matches!(e, RunError::Empty(_)),
        ),
        (
            Action::Decide {
                step: step("report"),
                option: "x".into(),
                rationale: "r".into(),
            },
            |e| matches!(e, RunError::NotDecision(_)),
        ),
        (
            Action::Note {
                step: None,
                text: "".into(),
            },
            |e| matches!(e, RunError::Empty(_)),
        ),
        (
            Action::Note {
                step: Some(step("nope")),
                text: "x".into(),
            },
            |e| matches!(e, RunError::UnknownStep(_)),
        ),
        (
            Action::AssignRole {
                role: "ceo".into(),
                person: "ola".into(),
            },
            |e| matches!(e, RunError::UnknownRole { .. }),
        ),
        (
            Action::AssignRole {
                role: "scribe".into(),
                person: " ".into(),
            },
            |e| matches!(e, RunError::Empty(_)),
        ),
        (
            Action::RecordMoment {
                moment: "lunch".into(),
                at: None,
            },
            |e| matches!(e, RunError::UnknownMoment(_)),
        ),
        (
            Action::Close {
                statement: "done".into(),
            },
            |e| matches!(e, RunError::NotFinished(_)),
        ),
    ];
    for (action, expected) in refusals {
        let err = act(&mut f, &run, action.clone()).expect_err("refused");
        assert!(expected(&err), "{action:?} gave {err:?}");
    }
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect("start");
    let err = act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect_err("twice");
    assert!(matches!(
        err,
        RunError::WrongState {
            action: "start",
            state: "active",
            ..
        }
    ));
    act(
        &mut f,
        &run,
        Action::CompleteStep {
            step: step("report"),
        },
    )
    .expect("complete");
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("triage"),
        },
    )
    .expect("start triage");
    for (action, expected) in [
        (
            Action::CompleteStep {
                step: step("triage"),
            },
            "decision",
        ),
        (
            Action::SkipStep {
                step: step("triage"),
                reason: "r".into(),
            },
            "decision",
        ),
        (
            Action::Decide {
                step: step("triage"),
                option: "maybe".into(),
                rationale: "r".into(),
            },
            "no option",
        ),
        (
            Action::Decide {
                step: step("triage"),
                option: "event".into(),
                rationale: "".into(),
            },
            "must not be empty",
        ),
    ] {
        let err = act(&mut f, &run, action).expect_err("refused");
        assert!(err.to_string().contains(expected), "{err}");
    }
    assert_eq!(
        journal_len(&f),
        before + 3,
        "only the three accepted actions were recorded"
    );
    let err = engine!(f)
        .state(uuid::Uuid::nil())
        .expect_err("unknown run");
    assert!(matches!(err, RunError::UnknownRun(_)));
}

#[test]
fn a_failed_step_can_be_retried_or_skipped_and_a_loop_reenters_a_done_step() {
    let mut f = fixture();
    let run = start(&mut f);
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect("start");
    act(
        &mut f,
        &run,
        Action::CompleteStep {
            step: step("report"),
        },
    )
    .expect("complete");
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("triage"),
        },
    )
    .expect("start");
    act(
        &mut f,
        &run,
        Action::Decide {
            step: step("triage"),
            option: "incident".into(),
            rationale: "r".into(),
        },
    )
    .expect("decide");
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("contain"),
        },
    )
    .expect("start");
    let s = act(
        &mut f,
        &run,
        Action::FailStep {
            step: step("contain"),
            reason: "firewall change refused".into(),
        },
    )
    .expect("fail");
    assert!(
        matches!(s.step("contain").map(|r| &r.status), Some(StepStatus::Failed { reason, .. }) if reason == "firewall change refused")
    );
    assert_eq!(
        s.current.as_deref(),
        Some("contain"),
        "a failed step stays current"
    );
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("contain"),
        },
    )
    .expect("retry");
    act(
        &mut f,
        &run,
        Action::CompleteStep {
            step: step("contain"),
        },
    )
    .expect("complete");
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("verify"),
        },
    )
    .expect("start");
    let s = act(
        &mut f,
        &run,
        Action::Decide {
            step: step("verify"),
            option: "no".into(),
            rationale: "still beaconing".into(),
        },
    )
    .expect("loop back");
    assert_eq!(s.current.as_deref(), Some("contain"));
    let contain = s.step("contain").expect("contain");
    assert_eq!(contain.status, StepStatus::Pending, "entered again");
    assert_eq!(contain.visits, 2);
    act(
        &mut f,
        &run,
        Action::SkipStep {
            step: step("contain"),
            reason: "already isolated".into(),
        },
    )
    .expect("skip");
    assert_eq!(
        engine!(f).state(run.id).expect("state").current.as_deref(),
        Some("verify")
    );
}

#[test]
fn clocks_run_go_overdue_and_are_met() {
    let mut f = fixture();
    let run = start(&mut f);
    let s = engine!(f).state(run.id).expect("state");
    let gdpr = |s: &RunState, now| {
        s.clocks(now)
            .into_iter()
            .find(|c| c.id == "gdpr")
            .expect("gdpr")
    };
    assert_eq!(gdpr(&s, f.clock.now()).state, ClockState::Waiting);
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect("start");
    let s = act(
        &mut f,
        &run,
        Action::CompleteStep {
            step: step("report"),
        },
    )
    .expect("complete");
    let c = gdpr(&s, t("2026-11-27T08:00:00Z"));
    assert_eq!(c.deadline, Some(t("2026-11-29T08:00:00Z")));
    assert_eq!(
        c.state,
        ClockState::Running {
            remaining_seconds: 48 * 3600
        }
    );
    let late = gdpr(&s, t("2026-11-29T09:30:00Z"));
    assert!(late.is_overdue());
    assert_eq!(
        late.state,
        ClockState::Overdue {
            overdue_seconds: 5400
        }
    );
    // Recorded late: met, but not in time.
    let s = act(
        &mut f,
        &run,
        Action::RecordMoment {
            moment: "notified".into(),
            at: Some(t("2026-11-29T10:00:00Z")),
        },
    )
    .expect("moment");
    assert_eq!(
        gdpr(&s, t("2026-12-01T00:00:00Z")).state,
        ClockState::Met {
            at: t("2026-11-29T10:00:00Z"),
            in_time: false
        }
    );
    // A clock before a moment: the notice is due 24 hours ahead of the window.
    let s = act(
        &mut f,
        &run,
        Action::RecordMoment {
            moment: "window".into(),
            at: Some(t("2026-11-30T22:00:00Z")),
        },
    )
    .expect("window");
    let notice = s
        .clocks(f.clock.now())
        .into_iter()
        .find(|c| c.id == "notice")
        .expect("notice");
    assert_eq!(notice.deadline, Some(t("2026-11-29T22:00:00Z")));
}

#[test]
fn evidence_is_copied_hashed_and_recorded_with_who_and_when() {
    let mut f = fixture();
    let run = start(&mut f);
    let file = f.dir.path().join("firewall-log.txt");
    let content = b"2026-11-26 07:58 DENY 203.0.113.9 -> 10.0.1.5:443\n".repeat(1000);
    std::fs::write(&file, &content).expect("write");
    f.clock.advance(Duration::minutes(3));
    let s = engine!(f)
        .attach(
            run.id,
            &kari(),
            &file,
            Some(step("report")),
            "blocked connections",
        )
        .expect("attach");
    let e = &s.evidence[0];
    assert_eq!(e.sha256, sha256_hex(&content));
    assert_eq!(e.sha256, expected_hash(&content), "independent SHA-256");
    assert_eq!(e.size, content.len() as u64);
    assert_eq!(e.original_name, "firewall-log.txt");
    assert_eq!(e.by, "kari");
    assert_eq!(e.at, Some(t("2026-11-26T08:03:00Z")));
    let stored = engine!(f).evidence_store().path_of(&e.sha256);
    assert_eq!(std::fs::read(&stored).expect("stored copy"), content);
    // The original can change or vanish; the stored copy and the record stay.
    std::fs::remove_file(&file).expect("remove");
    assert_eq!(
        engine!(f).state(run.id).expect("state").evidence,
        s.evidence
    );
    let err = engine!(f)
        .attach(run.id, &kari(), &file, None, "gone")
        .expect_err("missing file");
    assert!(matches!(err, RunError::Io { .. }));
    let err = engine!(f)
        .attach(run.id, &kari(), &stored, Some(step("nope")), "x")
        .expect_err("unknown step");
    assert!(matches!(err, RunError::UnknownStep(_)));
}

fn expected_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_role_on_each_event_is_the_actors_assigned_role() {
    let mut f = fixture();
    let run = start(&mut f);
    act(
        &mut f,
        &run,
        Action::AssignRole {
            role: "scribe".into(),
            person: "kari".into(),
        },
    )
    .expect("assign");
    act(
        &mut f,
        &run,
        Action::Note {
            step: None,
            text: "timeline started".into(),
        },
    )
    .expect("note");
    let events = vakt_journal::run_events(f.db.connection(), run.id).expect("events");
    let note = events.last().expect("note event");
    assert_eq!(note.kind, "note.added");
    assert_eq!(note.by.role.as_deref(), Some("scribe"));
    assert_eq!(note.by.host, "laptop-1");
    assert_eq!(note.by.actor, "kari");
    let runs = engine!(f).runs().expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].notes[0].text, "timeline started");
}

#[test]
fn random_actions_keep_the_replayed_state_equal_to_the_returned_one() {
    // A deterministic shuffle of valid and invalid actions: each accepted action adds exactly
    // one event and its returned state equals the state rebuilt from the journal; each refused
    // one adds nothing and leaves the state as it was.
    let mut f = fixture();
    let run = start(&mut f);
    let steps = ["report", "triage", "contain", "verify", "notify", "nope"];
    let options = ["incident", "event", "yes", "no", "maybe"];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut accepted = 0;
    for i in 0..400 {
        let s = steps[(next() % steps.len() as u64) as usize].to_string();
        let action = match next() % 9 {
            0 | 1 => Action::StartStep { step: s },
            2 | 3 => Action::CompleteStep { step: s },
            4 => Action::SkipStep {
                step: s,
                reason: "drill".into(),
            },
            5 => Action::FailStep {
                step: s,
                reason: "timeout".into(),
            },
            6 => Action::Decide {
                step: s,
                option: options[(next() % options.len() as u64) as usize].into(),
                rationale: "r".into(),
            },
            7 => Action::Note {
                step: None,
                text: format!("note {i}"),
            },
            _ => Action::RecordMoment {
                moment: "awareness".into(),
                at: None,
            },
        };
        f.clock.advance(Duration::seconds(30));
        let before_state = engine!(f).state(run.id).expect("state");
        let before = journal_len(&f);
        match act(&mut f, &run, action.clone()) {
            Ok(state) => {
                accepted += 1;
                assert_eq!(journal_len(&f), before + 1, "{action:?}");
                assert_eq!(
                    engine!(f).state(run.id).expect("state"),
                    state,
                    "{action:?}"
                );
            }
            Err(_) => {
                assert_eq!(journal_len(&f), before, "{action:?}");
                assert_eq!(engine!(f).state(run.id).expect("state"), before_state);
            }
        }
    }
    assert!(accepted > 50, "only {accepted} actions were accepted");
    assert!(
        vakt_journal::verify(f.db.connection(), None)
            .expect("verify")
            .is_intact()
    );
}

#[test]
fn an_auditor_changes_nothing_and_is_told_so_with_a_typed_error() {
    let mut f = fixture();
    let run = start(&mut f);
    let auditor = Actor {
        actor: "anne".into(),
        role: Some(vakt_run::READ_ONLY_ROLE.into()),
        host: "audit-pc".into(),
        ..Actor::default()
    };
    let before = journal_len(&f);
    let playbook = f.playbook.clone();
    let err = engine!(f)
        .start(&auditor, &playbook, roles(), Mode::Drill, "Audit drill")
        .expect_err("an auditor starts no run");
    assert!(matches!(err, RunError::Forbidden { .. }), "{err}");
    let actions = [
        Action::StartStep {
            step: step("report"),
        },
        Action::Note {
            step: None,
            text: "looked".into(),
        },
        Action::AssignRole {
            role: "scribe".into(),
            person: "anne".into(),
        },
        Action::RecordMoment {
            moment: "detected".into(),
            at: None,
        },
        Action::Close {
            statement: "done".into(),
        },
    ];
    for action in actions {
        let err = engine!(f)
            .act(run.id, &auditor, action.clone())
            .expect_err("refused");
        assert!(
            matches!(&err, RunError::Forbidden { actor, .. } if actor == "anne"),
            "{action:?}: {err}"
        );
    }
    let file = f.dir.path().join("screenshot.png");
    std::fs::write(&file, b"png").expect("write");
    let err = engine!(f)
        .attach(run.id, &auditor, &file, None, "x")
        .expect_err("refused");
    assert!(matches!(err, RunError::Forbidden { .. }));
    assert!(
        !f.dir.path().join("evidence").exists()
            || std::fs::read_dir(f.dir.path().join("evidence"))
                .expect("dir")
                .next()
                .is_none(),
        "nothing copied into the evidence store"
    );
    assert_eq!(journal_len(&f), before, "nothing recorded");
    // Reading stays open to the auditor.
    assert_eq!(engine!(f).state(run.id).expect("read").id, run.id);
    // Someone acting in another role is not affected.
    act(
        &mut f,
        &run,
        Action::StartStep {
            step: step("report"),
        },
    )
    .expect("kari may act");
}
