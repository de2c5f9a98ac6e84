//! The command line run in-process with a fixed clock, sequential IDs and seeded keys: the
//! topology commands' text, JSON and exit codes, the access check, and that the CLI and the
//! operation layer produce the same record bytes for the same run (one implementation).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use rand_core::{CryptoRng, CryptoRngCore, RngCore};
use vakt_api::json::{RecordKind, RecordLanguage, RunAction, RunMode, SigningAlgorithm};
use vakt_api::ops::{
    GenerateIdentityRequest, ProduceRecordRequest, RunActRequest, RunStartRequest,
};
use vakt_api::{Acting, LaunchOptions, Session, Sources};

use crate::util::{Ran, fixed_sources, playbooks, run_in_process};

/// A seeded xorshift generator: the same keys on every run of the test, never in production.
struct Seeded(u64);

impl RngCore for Seeded {
    fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for Seeded {}

/// Fixed sources: 2026-11-26 08:00 UTC, IDs from 1, seeded keys.
fn fixed() -> Sources {
    fixed_sources(Arc::new(|| {
        Box::new(Seeded(0x5eed_1234_abcd_0001)) as Box<dyn CryptoRngCore + Send>
    }))
}

/// Runs `vakt --data-dir DATA --workspace playbooks/ ARGS` in-process with `sources`.
fn vakt(data: &Path, sources: &Sources, args: &[&str]) -> Ran {
    let env = |name: &str| match name {
        "VAKT_PASSPHRASE" => Some("wachtwoord vuurtoren zeventien kralen".to_string()),
        "VAKT_ACTOR" => Some("Kari".to_string()),
        "HOSTNAME" => Some("test-host".to_string()),
        _ => None,
    };
    run_in_process(&playbooks(), data, sources.clone(), &env, args)
}

fn ok(data: &Path, sources: &Sources, args: &[&str]) -> String {
    let ran = vakt(data, sources, args);
    assert_eq!(
        ran.code,
        ExitCode::SUCCESS,
        "vakt {args:?}: {}{}",
        ran.out,
        ran.err
    );
    ran.out
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

#[test]
fn impact_names_the_failure_and_the_why_path() {
    let data = tempfile::tempdir().expect("tempdir");
    let text = ok(data.path(), &fixed(), &["impact", "--fail", "dc-oslo"]);
    assert!(
        text.starts_with("Failed: dc-oslo\n23 down, 7 degraded, 40 up\n"),
        "{text}"
    );
    assert!(text.contains("why: web-servers-oslo → web-oslo-1 → zone-dmz-oslo → dc-oslo"));
    let value = json(&ok(
        data.path(),
        &fixed(),
        &["--json", "impact", "--fail", "dc-oslo"],
    ));
    assert_eq!(value["down"], 23);
}

#[test]
fn recovery_plans_give_rto_verdicts() {
    let data = tempfile::tempdir().expect("tempdir");
    let text = ok(
        data.path(),
        &fixed(),
        &["plan", "--fail", "hosting-partner", "--crews", "2"],
    );
    assert!(
        text.starts_with("Recovery plan after: hosting-partner\n"),
        "{text}"
    );
    assert!(
        text.contains("RTO MISSED") || text.contains("RTO CANNOT BE MET"),
        "{text}"
    );
    assert!(text.contains("Everything back after"), "{text}");
    let ran = vakt(
        data.path(),
        &fixed(),
        &["plan", "--fail", "dc-oslo", "--crews", "0"],
    );
    assert_eq!(ran.code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(
        ran.err.starts_with("vakt: at least one crew"),
        "{}",
        ran.err
    );
}

#[test]
fn failover_out_of_known_residency_is_refused_with_exit_code_3() {
    let data = tempfile::tempdir().expect("tempdir");
    let ran = vakt(
        data.path(),
        &fixed(),
        &["topology", "failover", "app-accounts", "g-suite"],
    );
    assert!(ran.out.starts_with("REFUSED"), "{}", ran.out);
    assert_eq!(ran.code, ExitCode::from(vakt_cli::EXIT_REFUSED));
    let allowed = ok(
        data.path(),
        &fixed(),
        &["topology", "failover", "dc-oslo", "dc-stavanger"],
    );
    assert!(
        allowed.starts_with("allowed: dc-oslo → dc-stavanger"),
        "{allowed}"
    );
}

#[test]
fn unknown_nodes_are_errors_with_suggestions() {
    let data = tempfile::tempdir().expect("tempdir");
    let ran = vakt(data.path(), &fixed(), &["impact", "--fail", "oslo"]);
    assert_eq!(ran.code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(ran.err.starts_with("vakt: no node \"oslo\""), "{}", ran.err);
    assert!(ran.err.contains("did you mean"), "{}", ran.err);
}

#[test]
fn drills_replay_injections_in_time_order() {
    let data = tempfile::tempdir().expect("tempdir");
    let value = json(&ok(
        data.path(),
        &fixed(),
        &[
            "--json",
            "topology",
            "drill",
            "--name",
            "site loss",
            "--inject",
            "dc-stavanger@15m",
            "--inject",
            "web-oslo-1@0m",
        ],
    ));
    assert_eq!(value["moments"][0]["atSeconds"], 0);
    assert_eq!(value["moments"][1]["atSeconds"], 900);
    assert_eq!(
        value["moments"][1]["impact"]["failed"],
        serde_json::json!(["web-oslo-1", "dc-stavanger"])
    );
    let ran = vakt(
        data.path(),
        &fixed(),
        &["topology", "drill", "--inject", "dc-oslo"],
    );
    assert_eq!(
        ran.code,
        ExitCode::from(2),
        "a malformed --inject is a usage error"
    );
    assert!(ran.err.contains("NODE@OFFSET"), "{}", ran.err);
}

#[test]
fn moments_parse_with_offsets_and_as_plain_dates() {
    let data = tempfile::tempdir().expect("tempdir");
    let at = |moment: &str| {
        let ran = vakt(
            data.path(),
            &fixed(),
            &[
                "--json",
                "restore-point",
                "--store",
                "store-crm-db",
                "--at",
                moment,
            ],
        );
        (ran.code, ran.out, ran.err)
    };
    let (code, out, _) = at("2026-11-20T14:30:00+01:00");
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert_eq!(json(&out)["wanted"], "2026-11-20T13:30:00Z");
    let (_, out, _) = at("2026-11-20");
    assert_eq!(json(&out)["wanted"], "2026-11-20T00:00:00Z");
    let (code, _, err) = at("yesterday");
    assert_eq!(code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(err.contains("is not a moment"), "{err}");
    // Long before any backup: the answer is no, with exit code 3.
    let (code, out, _) = at("2010-01-01");
    assert_eq!(code, ExitCode::from(vakt_cli::EXIT_REFUSED), "{out}");
}

#[test]
fn an_auditor_changes_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let ran = vakt(
        data.path(),
        &fixed(),
        &[
            "--as-role",
            "auditor",
            "identity",
            "generate",
            "--organisation",
            "X",
            "--algorithm",
            "p256",
        ],
    );
    assert_eq!(ran.code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(
        ran.err
            .contains("an auditor may read and verify but change nothing"),
        "{}",
        ran.err
    );
    assert!(!data.path().join("identity").exists());
    let ran = vakt(
        data.path(),
        &fixed(),
        &[
            "--as-role",
            "auditor",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "x",
        ],
    );
    assert_eq!(
        ran.code,
        ExitCode::from(vakt_cli::exit::REFUSED),
        "{}",
        ran.out
    );
    let list = json(&ok(data.path(), &fixed(), &["--json", "run", "list"]));
    assert_eq!(list, serde_json::json!([]));
    // Reading works for an auditor.
    ok(
        data.path(),
        &fixed(),
        &["--as-role", "auditor", "journal", "verify"],
    );
}

/// The CLI and the operation layer make the same record, byte for byte, from the same run with
/// the same clock, IDs and keys: the CLI has no implementation of its own.
#[test]
fn the_cli_and_the_layer_produce_the_same_record_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");

    // Through the command line.
    let cli_data = dir.path().join("cli");
    let sources = fixed();
    ok(
        &cli_data,
        &sources,
        &[
            "identity",
            "generate",
            "--organisation",
            "Demo CRM Online AS",
            "--algorithm",
            "p256",
        ],
    );
    let started = json(&ok(
        &cli_data,
        &sources,
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Phishing at the login page",
        ],
    ));
    let run = started["summary"]["id"].as_str().expect("id").to_string();
    let step = started["summary"]["activeSteps"][0]["id"]
        .as_str()
        .expect("an active step")
        .to_string();
    ok(
        &cli_data,
        &sources,
        &["run", "assign", &run, "scribe", "lars-dahl"],
    );
    ok(&cli_data, &sources, &["run", "step", &run, "start"]);
    ok(
        &cli_data,
        &sources,
        &["run", "note", &run, "Reported by the service desk."],
    );
    let cli_pdf = dir.path().join("cli.pdf");
    ok(
        &cli_data,
        &sources,
        &[
            "record",
            "incident",
            "--run",
            &run,
            "--sign",
            "--out",
            &cli_pdf.to_string_lossy(),
        ],
    );

    // Through the operation layer, with fresh sources of the same kind.
    let layer_data = dir.path().join("layer");
    let session = Session::open(
        &LaunchOptions {
            data_dir: Some(layer_data.clone()),
            workspace: Some(playbooks()),
            ..LaunchOptions::default()
        },
        fixed(),
    );
    session
        .act_as(Acting {
            person: Some("Kari".into()),
            role: None,
        })
        .expect("act as");
    session
        .call(GenerateIdentityRequest {
            passphrase: "wachtwoord vuurtoren zeventien kralen".into(),
            again: "wachtwoord vuurtoren zeventien kralen".into(),
            replace: false,
            organisation: Some("Demo CRM Online AS".into()),
            algorithm: Some(SigningAlgorithm::P256),
        })
        .expect("identity");
    let view = session
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: "Phishing at the login page".into(),
        })
        .expect("start");
    assert_eq!(view.summary.id, run, "the same IDs in the same order");
    let act = |action: RunAction| {
        session
            .call(RunActRequest {
                run: run.clone(),
                action,
            })
            .expect("act")
    };
    act(RunAction::AssignRole {
        role: "scribe".into(),
        person: "lars-dahl".into(),
    });
    act(RunAction::Start {
        step,
        override_reason: None,
    });
    act(RunAction::Note {
        step: None,
        text: "Reported by the service desk.".into(),
    });
    let layer_pdf = dir.path().join("layer.pdf");
    let produced = session
        .call(ProduceRecordRequest {
            run: run.clone(),
            language: RecordLanguage::En,
            passphrase: Some("wachtwoord vuurtoren zeventien kralen".into()),
            path: layer_pdf.to_string_lossy().into_owned(),
            kind: Some(RecordKind::Incident),
            reason: None,
            location: None,
        })
        .expect("record");
    assert!(produced.signer.is_some());

    let (cli_bytes, layer_bytes) = (
        std::fs::read(&cli_pdf).expect("cli record"),
        std::fs::read(&layer_pdf).expect("layer record"),
    );
    assert!(cli_bytes.starts_with(b"%PDF-"));
    assert_eq!(cli_bytes.len(), layer_bytes.len());
    assert!(cli_bytes == layer_bytes, "the two records differ");
}

/// The operations added for the command line, each from a sample request as JSON (the form
/// the window and the auditor table use): the reading ones answer on the demo workspace with a
/// fresh data directory; the changing ones are refused to an auditor before anything is written.
#[test]
fn the_operations_added_for_the_cli_answer_their_sample_requests() {
    use vakt_api::ErrorCode;
    use vakt_api::ops::*;

    fn sample<O: vakt_api::Operation>(json: &str) -> O {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", O::NAME))
    }
    let data = tempfile::tempdir().expect("tempdir");
    let session = Session::open(
        &LaunchOptions {
            data_dir: Some(data.path().into()),
            workspace: Some(playbooks()),
            ..LaunchOptions::default()
        },
        fixed(),
    );
    let validation = session
        .call(sample::<ValidateRequest>(r#"{"folder": null}"#))
        .expect("validate");
    assert_eq!(validation.problem_count, 0);
    session
        .call(sample::<JournalCheckpointRequest>(r#"{"path": null}"#))
        .expect("journal_checkpoint");
    session
        .call(sample::<JournalExportRequest>(r#"{"format": "json"}"#))
        .expect("journal_export");
    let spofs = session
        .call(sample::<TopologyNodeSpofsRequest>(
            r#"{"nodes": ["svc-login"]}"#,
        ))
        .expect("topology_node_spofs");
    assert_eq!(spofs.services.len(), 1);
    session
        .call(sample::<TopologyCheckRequest>("{}"))
        .expect("topology_check");
    let failover = session
        .call(sample::<TopologyFailoverRequest>(
            r#"{"from": "dc-oslo", "to": "dc-stavanger"}"#,
        ))
        .expect("topology_failover");
    assert!(failover.allowed);
    let dot = session
        .call(sample::<TopologyDotRequest>(r#"{"failed": ["dc-oslo"]}"#))
        .expect("topology_dot");
    assert!(dot.dot.starts_with("digraph"));
    let cuts = session
        .call(sample::<TopologyCutSetsRequest>(
            r#"{"service": "svc-login", "maxCone": 200, "maxPairs": 50}"#,
        ))
        .expect("topology_cut_sets with bounds");
    assert!(!cuts.truncated);
    let certificate = session
        .call(sample::<SigningCertificateRequest>("{}"))
        .expect("signing_certificate");
    assert_eq!(certificate.pem, None);

    session
        .act_as(Acting {
            person: None,
            role: Some("auditor".into()),
        })
        .expect("act as auditor");
    let pdf = data.path().join("sample.pdf").display().to_string();
    let refused = [
        session
            .call(sample::<JournalSoakRequest>(r#"{"tick": 1}"#))
            .map(|_| ()),
        session
            .call(sample::<RenderRecordRequest>(&format!(
                r#"{{"kind": "exercise", "input": null, "language": "en", "passphrase": null, "path": {pdf:?}}}"#
            )))
            .map(|_| ()),
        session
            .call(sample::<SignPdfRequest>(&format!(
                r#"{{"input": {pdf:?}, "passphrase": "x", "reason": null, "location": null, "path": {pdf:?}}}"#
            )))
            .map(|_| ()),
    ];
    for r in refused {
        assert_eq!(r.expect_err("refused").code, ErrorCode::Forbidden);
    }
    assert!(!data.path().join("sample.pdf").exists());
    let check = session
        .call(JournalCheckRequest { checkpoint: None })
        .expect("check");
    assert_eq!(check.count, 0, "nothing was written");
}
