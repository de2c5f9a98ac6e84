//! `vakt record --run` builds a record from a run driven through the CLI, and `vakt verify`
//! checks the printed checkpoint against the journal of the data directory.

use std::path::Path;
use std::process::{Command, Output};

fn vakt(data: &Path, args: &[&str]) -> Output {
    crate::util::held(data, "Kari");
    Command::new(env!("CARGO_BIN_EXE_vakt"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VAKT_PASSPHRASE", "wachtwoord vuurtoren zeventien kralen")
        .env("VAKT_ACTOR", "Kari")
        .env_remove("VAKT_WORKSPACE")
        .output()
        .expect("vakt runs")
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = vakt(data, args);
    let text = crate::util::text(&o);
    assert!(o.status.success(), "vakt {args:?}: {text}");
    text
}

fn start_drill(data: &Path) -> String {
    let out = ok(
        data,
        &[
            "--json",
            "run",
            "start",
            "dr-datacenter-failover",
            "--drill",
            "--title",
            "Stavanger lost",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v["summary"]["id"].as_str().expect("run id").to_string()
}

#[test]
fn exercise_report_from_a_cli_run_verifies_against_its_journal_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let pdf = dir.path().join("drill.pdf");
    let pdf_s = pdf.to_string_lossy().into_owned();
    ok(
        &data,
        &[
            "identity",
            "generate",
            "--organisation",
            "Demo CRM Online AS",
            "--algorithm",
            "p256",
        ],
    );
    let run = start_drill(&data);
    ok(&data, &["run", "assign", &run, "scribe", "lars-dahl"]);
    ok(&data, &["run", "step", &run, "start"]);
    ok(
        &data,
        &[
            "run",
            "note",
            &run,
            "The partner's NOC confirmed the loss.",
            "--step",
            "confirm-site-loss",
        ],
    );
    ok(
        &data,
        &[
            "run",
            "decide",
            &run,
            "oslo-lost",
            "--why",
            "The partner's NOC confirmed the loss of Oslo.",
        ],
    );
    // Two steps are active now: the one to act on is named.
    let ambiguous = vakt(&data, &["run", "step", &run, "start"]);
    assert!(!ambiguous.status.success());
    ok(
        &data,
        &["run", "step", &run, "start", "--step", "decide-failover"],
    );
    ok(
        &data,
        &[
            "run",
            "decide",
            &run,
            "failover",
            "--why",
            "No repair estimate.",
        ],
    );

    let out = ok(
        &data,
        &[
            "record", "exercise", "--run", &run, "--sign", "--out", &pdf_s,
        ],
    );
    assert!(out.contains("signed"), "{out}");
    let out = ok(&data, &["--json", "verify", &pdf_s]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["valid"], true, "{out}");
    assert_eq!(v["checkpointMatchesJournal"], true, "{out}");

    // The journal grows: the checkpoint is a prefix and still matches.
    ok(
        &data,
        &[
            "run",
            "step",
            &run,
            "start",
            "--step",
            "open-incident-procedure",
        ],
    );
    let out = ok(&data, &["verify", &pdf_s]);
    assert!(out.contains("matches journal    true"), "{out}");

    // Another data directory with its own journal: the checkpoint does not match.
    let other = dir.path().join("other");
    std::fs::create_dir_all(other.join("identity")).expect("mkdir");
    for f in std::fs::read_dir(data.join("identity")).expect("identity") {
        let f = f.expect("entry").path();
        std::fs::copy(
            &f,
            other.join("identity").join(f.file_name().expect("name")),
        )
        .expect("copy");
    }
    start_drill(&other);
    start_drill(&other);
    start_drill(&other);
    start_drill(&other);
    start_drill(&other);
    start_drill(&other);
    start_drill(&other);
    let o = vakt(&other, &["verify", &pdf_s]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("matches journal    false"), "{text}");

    // An incident record needs an incident run.
    let o = vakt(
        &data,
        &["record", "incident", "--run", &run, "--out", &pdf_s],
    );
    assert!(!o.status.success());
}
