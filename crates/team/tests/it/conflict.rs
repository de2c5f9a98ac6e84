//! Two people answer the same decision on two laptops without having seen each other: after
//! sync both laptops show the same run, with the one answer in force (earliest clock) and the
//! other kept and shown as a concurrent action (the run engine's rule), not lost.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::vakt;
use crate::pg::Cluster;

fn playbooks() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../playbooks")
        .display()
        .to_string()
}

fn ok(data: &Path, actor: &str, args: &[&str]) -> String {
    let workspace = playbooks();
    let mut all = vec!["--workspace", workspace.as_str()];
    all.extend_from_slice(args);
    let (code, out, err) = vakt(data, actor, &all);
    assert_eq!(code, ExitCode::SUCCESS, "vakt {args:?}: {out}{err}");
    out
}

#[test]
fn a_decision_answered_differently_on_two_laptops_is_kept_and_shown_on_both() {
    let cluster = Cluster::start();
    let db = cluster.team_database("team");
    let mut owner = vakt_team::connect(&cluster.conninfo("vakt", &db)).unwrap();
    vakt_team::add_member(&mut owner, "ingrid", None, true).unwrap();
    vakt_team::add_member(&mut owner, "ola", None, false).unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (a.path(), b.path());
    let ingrid = cluster.conninfo("ingrid", &db);
    let ola = cluster.conninfo("ola", &db);
    let a_id = ok(a, "Ingrid", &["team", "enrol", "--server", &ingrid]);
    let b_id = ok(b, "Ola", &["team", "enrol", "--server", &ola]);
    for enrolled in [&a_id, &b_id] {
        let device = enrolled.split_whitespace().next().unwrap();
        ok(a, "Ingrid", &["team", "approve", device]);
    }
    let started: serde_json::Value = serde_json::from_str(&ok(
        a,
        "Ingrid",
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Phishing",
        ],
    ))
    .unwrap();
    let run = started["summary"]["id"].as_str().unwrap().to_string();
    ok(a, "Ingrid", &["run", "step", &run, "complete"]);
    ok(a, "Ingrid", &["team", "sync"]);
    ok(b, "Ola", &["team", "sync"]);
    // Offline from each other, both answer the triage decision.
    ok(
        a,
        "Ingrid",
        &[
            "run",
            "decide",
            &run,
            "incident",
            "--step",
            "triage",
            "--why",
            "data exposed",
        ],
    );
    ok(
        b,
        "Ola",
        &[
            "run",
            "decide",
            &run,
            "event",
            "--step",
            "triage",
            "--why",
            "no data left",
            "--override-reason",
            "the incident manager was unreachable",
        ],
    );
    ok(a, "Ingrid", &["team", "sync"]);
    ok(b, "Ola", &["team", "sync"]);
    ok(a, "Ingrid", &["team", "sync"]);
    let shown_a = ok(a, "Ingrid", &["run", "show", &run]);
    let shown_b = ok(b, "Ola", &["run", "show", &run]);
    assert_eq!(shown_a, shown_b);
    assert!(
        shown_a.contains("did not count: decision.taken triage event by Ola"),
        "{shown_a}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(b, "Ola", &["--json", "run", "show", &run])).unwrap();
    let concurrent = json["concurrent"].as_array().unwrap();
    assert_eq!(concurrent.len(), 1, "{json}");
    assert_eq!(concurrent[0]["option"], "event");
}
