//! Two people answer the same decision on two laptops without having seen each other: after
//! sync both laptops show the same run, with the one answer in force (earliest clock) and the
//! other kept and shown as a concurrent action (the run engine's rule), not lost, and the
//! decision flagged as answered differently until the incident manager settles it. On the way:
//! an anchor is stored at the sync after each phase change, and the record's action log carries
//! the server's receipts and whether the journal matched the server at the last anchor.

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

    // Flagged on both laptops for the incident manager (Ingrid started the run: she holds it).
    assert!(
        shown_a.contains("ANSWERED DIFFERENTLY: triage: Ingrid (laptop-ingrid) chose incident, Ola (laptop-ola) chose event"),
        "{shown_a}"
    );
    assert_eq!(json["conflicts"][0]["settled"], serde_json::Value::Null);
    // Ola cannot settle it.
    let (code, _, err) = vakt(
        b,
        "Ola",
        &[
            "--workspace",
            &playbooks(),
            "run",
            "decide",
            &run,
            "event",
            "--step",
            "triage",
            "--why",
            "still no data left",
            "--override-reason",
            "again",
        ],
    );
    assert_ne!(code, ExitCode::SUCCESS);
    assert!(
        err.contains("settle a decision answered differently"),
        "{err}"
    );
    // Ingrid settles it by deciding again; both laptops show it settled after syncing.
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
            "data exposed: settled with Ola by phone",
        ],
    );
    ok(a, "Ingrid", &["team", "sync"]);
    ok(b, "Ola", &["team", "sync"]);
    let shown_b = ok(b, "Ola", &["run", "show", &run]);
    assert!(
        shown_b.contains("answered differently: triage: Ingrid (laptop-ingrid) chose incident, Ola (laptop-ola) chose event; settled by Ingrid"),
        "{shown_b}"
    );
    assert!(!shown_b.contains("ANSWERED DIFFERENTLY"), "{shown_b}");
    assert_eq!(shown_b, ok(a, "Ingrid", &["run", "show", &run]));

    // Anchors: Ingrid's laptop queued one at each phase change (started, then responding) and
    // stored the newest at its next sync; Ola's laptop, whose first action on the run found it
    // responding, stored one at its next sync. Settling changed no phase: no more.
    let mut client = vakt_team::connect(&ingrid).unwrap();
    let anchors = vakt_team::anchors(&mut client).unwrap();
    let run_id = uuid::Uuid::parse_str(&run).unwrap();
    let of_run: Vec<(&str, &str)> = anchors
        .iter()
        .filter(|x| x.run == Some(run_id))
        .map(|x| (x.login.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(
        of_run,
        [
            ("ingrid", "phase change: responding"),
            ("ola", "phase change: responding")
        ],
        "{anchors:?}"
    );
    let ours: Vec<_> = anchors.iter().filter(|x| x.login == "ingrid").collect();

    // The record: every event with the server's receipt, the conflict settled, and the line
    // saying the journal matched the server at the last anchor.
    let pdf = a.join("record.pdf");
    ok(
        a,
        "Ingrid",
        &[
            "record",
            "incident",
            "--run",
            &run,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    let (json, _) = vakt_record::embedded_record(&std::fs::read(&pdf).unwrap()).unwrap();
    let record: vakt_record::IncidentRecord = serde_json::from_slice(&json).unwrap();
    assert!(record.actions.len() >= 5);
    for line in &record.actions {
        let r = line.receipt.as_ref().unwrap_or_else(|| panic!("{line:?}"));
        assert!(r.login == "ingrid" || r.login == "ola", "{r:?}");
        assert_eq!(r.address.as_deref(), Some("127.0.0.1"));
    }
    assert_eq!(record.conflicts.len(), 1);
    assert_eq!(record.conflicts[0].settled.as_ref().unwrap().by, "Ingrid");
    let team = record.team_server.unwrap();
    assert_eq!(team.anchor, Some(ours[0].seq));
    assert!(team.matched, "{team:?}");
    assert_eq!(team.reason, "phase change: responding");
}

#[test]
fn a_phase_change_is_anchored_at_the_next_sync_and_on_demand_stays() {
    let cluster = Cluster::start();
    let db = cluster.team_database("team");
    let mut owner = vakt_team::connect(&cluster.conninfo("vakt", &db)).unwrap();
    vakt_team::add_member(&mut owner, "ingrid", None, true).unwrap();
    let a = tempfile::tempdir().unwrap();
    let a = a.path();
    let ingrid = cluster.conninfo("ingrid", &db);
    let enrolled = ok(a, "Ingrid", &["team", "enrol", "--server", &ingrid]);
    ok(
        a,
        "Ingrid",
        &[
            "team",
            "approve",
            enrolled.split_whitespace().next().unwrap(),
        ],
    );
    let started: serde_json::Value = serde_json::from_str(&ok(
        a,
        "Ingrid",
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Lost laptop",
        ],
    ))
    .unwrap();
    let run = started["summary"]["id"].as_str().unwrap().to_string();
    let run_id = uuid::Uuid::parse_str(&run).unwrap();
    let mut client = vakt_team::connect(&ingrid).unwrap();
    let of_run = |client: &mut postgres::Client| -> Vec<String> {
        vakt_team::anchors(client)
            .unwrap()
            .into_iter()
            .filter(|x| x.run == Some(run_id))
            .map(|x| x.reason)
            .collect()
    };
    // Nothing is stored before a sync (no network is used by an action).
    assert!(of_run(&mut client).is_empty());
    ok(a, "Ingrid", &["team", "sync"]);
    assert_eq!(of_run(&mut client), ["phase change: starting"]);
    // No phase change, no anchor.
    ok(a, "Ingrid", &["run", "note", &run, "reading the logs"]);
    ok(a, "Ingrid", &["team", "sync"]);
    assert_eq!(of_run(&mut client).len(), 1);
    // Responding.
    ok(a, "Ingrid", &["run", "step", &run, "complete"]);
    ok(a, "Ingrid", &["team", "sync"]);
    assert_eq!(
        of_run(&mut client),
        ["phase change: starting", "phase change: responding"]
    );
    // The anchor's heads are the server's after the sync: this laptop's chain, complete.
    let last = vakt_team::anchors(&mut client).unwrap().pop().unwrap();
    assert_eq!(last.heads, last.claimed);
    // On demand stays.
    ok(
        a,
        "Ingrid",
        &["team", "anchor", "--reason", "before the board meeting"],
    );
    assert_eq!(vakt_team::anchors(&mut client).unwrap().len(), 3);
    let compared = ok(a, "Ingrid", &["journal", "verify", "--against-server"]);
    assert!(
        compared.contains("journal MATCHES the team server"),
        "{compared}"
    );
}
