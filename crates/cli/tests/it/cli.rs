//! The `vakt` command line end to end: validate, a drill from start to sign-off, the journal.

use std::process::{Command, Output};

use crate::util::playbooks;

struct Cli {
    data: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Self {
            data: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        crate::util::held(self.data.path(), "kari");
        Command::new(env!("CARGO_BIN_EXE_vakt"))
            .arg("--data-dir")
            .arg(self.data.path())
            .arg("--workspace")
            .arg(playbooks())
            .args(args)
            .env("VAKT_ACTOR", "kari")
            .output()
            .expect("run vakt")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "vakt {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }
}

#[test]
fn validate_accepts_the_shipped_workspace_and_locates_problems() {
    let cli = Cli::new();
    let out = cli.ok(&["validate"]);
    assert!(
        out.contains("20 playbook(s) and 8 other definition(s) valid, 0 problem(s)"),
        "{out}"
    );
    assert!(
        out.contains("topology, 70 nodes") && out.contains("retention, 2 stores"),
        "{out}"
    );
    let broken = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        playbooks().join("workspace.toml"),
        broken.path().join("workspace.toml"),
    )
    .expect("copy");
    std::fs::create_dir(broken.path().join("dr")).expect("mkdir");
    let text = std::fs::read_to_string(playbooks().join("dr/emergency-patch.toml"))
        .expect("read")
        .replace("duration = \"30m\"", "duration = \"30 minutes\"")
        .replace("role = \"technical-lead\"", "role = \"tech-lead\"");
    std::fs::write(broken.path().join("dr/emergency-patch.toml"), text).expect("write");
    let out = cli.run(&["validate", broken.path().to_str().expect("path")]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("dr/emergency-patch.toml:32:12: step `assess-finding` duration: `30 minutes` is not a duration"), "{stdout}");
    assert!(stdout.contains("unknown role `tech-lead`"), "{stdout}");

    // The topology is checked by its own loader, with the same file:line:col reports.
    let topology = std::fs::read_to_string(playbooks().join("topology.toml"))
        .expect("read")
        .replacen("at_least = 1", "at_least = 7", 1);
    std::fs::write(broken.path().join("topology.toml"), topology).expect("write");
    let out = cli.run(&["validate", broken.path().to_str().expect("path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("topology.toml:118:32: group \"power\" of node \"dc-oslo\": at_least = 7 but the group has only 2 members"),
        "{stdout}"
    );
}

#[test]
fn a_drill_runs_from_start_to_sign_off_and_the_journal_verifies() {
    let cli = Cli::new();
    let started: serde_json::Value = serde_json::from_str(&cli.ok(&[
        "--json",
        "run",
        "start",
        "dr-emergency-firewall-change",
        "--title",
        "Q4 drill",
        "--drill",
    ]))
    .expect("json");
    let run = started["summary"]["id"].as_str().expect("id").to_string();
    let prefix = &run[..13];
    // Roles go to people the workspace lists as eligible; the starter holds the start roles.
    let refused_assign = cli.run(&["run", "assign", prefix, "responder", "kari"]);
    assert_eq!(refused_assign.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused_assign.stderr)
            .contains("eligible for `responder`: Ola Hansen (ola-hansen), Lars Dahl (lars-dahl)"),
        "{refused_assign:?}"
    );
    cli.ok(&["run", "step", prefix, "start"]);
    let refused = cli.run(&[
        "run",
        "decide",
        prefix,
        "go",
        "--step",
        "describe-change",
        "--why",
        "too early",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not a decision"));
    cli.ok(&["run", "step", prefix, "complete"]);
    cli.ok(&["run", "step", prefix, "start"]);
    cli.ok(&["run", "decide", prefix, "go", "--why", "rule reviewed"]);
    // Nobody holds the hosting partner's role: acting for it needs a reason.
    let refused = cli.run(&["run", "step", prefix, "start"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("hosting-partner-contact"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let partner = "the partner's engineer dictates; kari types";
    cli.ok(&["run", "step", prefix, "start", "--override-reason", partner]);
    let evidence = cli.data.path().join("diff.txt");
    std::fs::write(&evidence, "+ deny 203.0.113.0/24\n").expect("write");
    cli.ok(&[
        "run",
        "evidence",
        prefix,
        evidence.to_str().expect("path"),
        "--step",
        "apply-change",
        "--description",
        "diff",
    ]);
    cli.ok(&[
        "run",
        "step",
        prefix,
        "complete",
        "--override-reason",
        partner,
    ]);
    cli.ok(&[
        "run",
        "step",
        prefix,
        "skip",
        "--reason",
        "drill: no live traffic",
        "--override-reason",
        "no responder assigned in this drill",
    ]);
    cli.ok(&["run", "step", prefix, "start"]);
    cli.ok(&[
        "run",
        "note",
        prefix,
        "approved by the change board (drill)",
    ]);
    cli.ok(&["run", "step", prefix, "complete"]);
    cli.ok(&["run", "close", prefix, "--statement", "Drill complete."]);
    let shown: serde_json::Value =
        serde_json::from_str(&cli.ok(&["--json", "run", "show", prefix])).expect("json");
    assert_eq!(shown["summary"]["closedBy"], "kari");
    assert_eq!(shown["evidence"][0]["text"], "diff.txt");
    assert_eq!(shown["summary"]["clocks"][0]["state"], "met");
    assert_eq!(shown["overrides"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        shown["overrides"][2]["reason"],
        "no responder assigned in this drill"
    );
    assert_eq!(shown["overrides"][0]["reason"], partner);
    let text = cli.ok(&["run", "show", prefix]);
    assert!(
        text.contains("overrides (acted outside the role):"),
        "{text}"
    );
    assert!(text.contains("approval-2d"), "{text}");
    let list = cli.ok(&["run", "list"]);
    assert!(list.contains(&run) && list.contains("closed"), "{list}");

    let checkpoint = cli.data.path().join("checkpoint.json");
    cli.ok(&[
        "journal",
        "checkpoint",
        "--out",
        checkpoint.to_str().expect("path"),
    ]);
    let verified = cli.ok(&[
        "journal",
        "verify",
        "--checkpoint",
        checkpoint.to_str().expect("path"),
    ]);
    // 13 events: the assignment of `responder` to kari is refused (not eligible) and writes none.
    assert!(verified.contains("journal intact: 13 events"), "{verified}");
    let csv = cli.ok(&["journal", "export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 14, "header and 13 events");
    assert!(csv.starts_with(vakt_journal_header()));
    let json: serde_json::Value =
        serde_json::from_str(&cli.ok(&["journal", "export", "--format", "json"])).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(13));
    assert_eq!(json[0]["kind"], "run.started");
    assert_eq!(json[12]["kind"], "run.closed");
}

fn vakt_journal_header() -> &'static str {
    "seq,id,at,actor,role,host,kind,run,payload,prev_hash,hash,format,device,device_seq,\
     hlc_wall,hlc_counter,seen,person,os_user,os_uid,addresses,device_sig,receipt_login,\
     receipt_address,receipt_time,receipt_seq\n"
}
