//! `vakt run …` on the shipped incident procedure, in-process with a fixed clock (08:00 UTC):
//! several active steps by track with role and holder, a clock ruled out by a decision that says
//! which, moments with claimed times, metrics, overrides, the register and a drafted notice.

use std::path::Path;
use std::process::ExitCode;

use vakt_api::Sources;

use crate::util::{Ran, fixed_sources, playbooks, run_in_process};

thread_local! {
    /// One clock and one ID sequence for the whole test, as one machine has.
    static SOURCES: Sources = fixed_sources(Sources::os_keys());
}

fn vakt(data: &Path, args: &[&str]) -> Ran {
    let env = |name: &str| match name {
        "VAKT_ACTOR" => Some("Kari".to_string()),
        _ => None,
    };
    run_in_process(&playbooks(), data, SOURCES.with(Sources::clone), &env, args)
}

fn ok(data: &Path, args: &[&str]) -> String {
    let r = vakt(data, args);
    assert_eq!(
        r.code,
        ExitCode::SUCCESS,
        "vakt {args:?}: {}{}",
        r.out,
        r.err
    );
    r.out
}

fn refused(data: &Path, args: &[&str]) -> String {
    let r = vakt(data, args);
    assert_ne!(
        r.code,
        ExitCode::SUCCESS,
        "vakt {args:?} was not refused: {}",
        r.out
    );
    r.err
}

#[test]
fn run_show_gives_active_steps_by_track_clocks_moments_and_the_register() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let started: serde_json::Value = serde_json::from_str(&ok(
        data,
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Phishing",
        ],
    ))
    .expect("json");
    let run = started["summary"]["id"].as_str().expect("id").to_string();
    let run = run.as_str();
    ok(data, &["run", "step", run, "complete"]);
    let shown = ok(data, &["run", "show", run]);
    assert!(shown.contains("NOW (2 active):"), "{shown}");
    assert!(shown.contains("  Assess and decide:"), "{shown}");
    assert!(
        shown.contains("[triage] (active; role incident-manager, held by Kari)"),
        "{shown}"
    );
    assert!(shown.contains("[assign-roles]"), "{shown}");
    let err = refused(data, &["run", "step", run, "start"]);
    assert!(
        err.contains("2 steps are active (assign-roles, triage)"),
        "{err}"
    );

    ok(
        data,
        &[
            "run",
            "decide",
            run,
            "incident",
            "--step",
            "triage",
            "--why",
            "data exposed",
        ],
    );
    let err = refused(
        data,
        &[
            "run",
            "decide",
            run,
            "breach",
            "--step",
            "personal-data",
            "--why",
            "CRM rows",
        ],
    );
    assert!(err.contains("dpo"), "{err}");
    for (step, option) in [("personal-data", "breach"), ("gdpr-role", "processor")] {
        ok(
            data,
            &[
                "run",
                "decide",
                run,
                option,
                "--step",
                step,
                "--why",
                "customers' CRM data",
                "--override-reason",
                "the DPO is on leave",
            ],
        );
    }
    let err = refused(
        data,
        &[
            "run",
            "moment",
            run,
            "occurrence",
            "--at",
            "2026-11-26T07:30:00Z",
        ],
    );
    assert!(err.contains("reason"), "{err}");
    for (moment, at) in [
        ("occurrence", "2026-11-26T07:30:00Z"),
        ("detection", "2026-11-26T07:50:00Z"),
    ] {
        ok(
            data,
            &[
                "run",
                "moment",
                run,
                moment,
                "--at",
                at,
                "--reason",
                "learned from the mail logs",
            ],
        );
    }
    ok(data, &["run", "notify", "affected", run, "Acme AS"]);
    ok(
        data,
        &[
            "run",
            "notify",
            "facts",
            run,
            "what_happened=A phishing mail took a CRM login.",
        ],
    );
    let saved = dir.path().join("acme.md");
    let draft = ok(
        data,
        &[
            "run",
            "draft",
            run,
            "customer-early-notice",
            "--customer",
            "Acme AS",
            "--out",
            saved.to_str().expect("utf-8"),
        ],
    );
    assert!(
        draft.contains("A phishing mail took a CRM login."),
        "{draft}"
    );
    assert_eq!(
        std::fs::read_to_string(&saved).expect("saved").trim_end(),
        draft.trim_end()
    );
    let shown = ok(data, &["run", "show", run]);
    assert!(shown.contains("register (0 told,"), "{shown}");
    assert!(shown.contains("customer-early-notice → Acme AS"), "{shown}");
    ok(
        data,
        &[
            "run",
            "notify",
            "sent",
            run,
            "customer-early-notice",
            "--customer",
            "Acme AS",
            "--channel",
            "e-mail",
        ],
    );

    let shown = ok(data, &["run", "show", run]);
    let line = |id: &str| {
        shown
            .lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_else(|| panic!("no line for {id}: {shown}"))
            .to_string()
    };
    assert!(
        line("gdpr-art33-72h ").contains("not applicable: decision `gdpr-role`"),
        "{shown}"
    );
    assert!(line("gdpr-art33-72h ").contains("→ `processor`"), "{shown}");
    assert!(
        line("gdpr-art33-2-customers").contains("met at 2026-11-26T08:00:00Z (1d to spare)"),
        "{shown}"
    );
    assert!(
        line("occurrence").contains("2026-11-26T07:30:00Z (recorded 2026-11-26T08:00:00Z)"),
        "{shown}"
    );
    assert!(line("time to detect").contains("20m"), "{shown}");
    assert!(line("time to contain").contains("not measured"), "{shown}");
    assert!(
        shown.contains("overrides (acted outside the role):"),
        "{shown}"
    );
    assert!(shown.contains("the DPO is on leave"), "{shown}");
    assert!(
        line("customer-early-notice → Acme AS").contains("sent"),
        "{shown}"
    );
    assert!(!shown.contains("OVERDUE"), "{shown}");
}
