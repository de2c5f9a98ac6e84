//! Issue 12: a closed pipe never panics and never turns a committed change into a failure; the
//! exit codes say done (0), failed (1), refused (2), cannot (3); evidence through the binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::util::playbooks;

fn vakt(data: &Path) -> Command {
    crate::util::held(data, "Kari");
    let mut c = Command::new(env!("CARGO_BIN_EXE_vakt"));
    c.arg("--data-dir")
        .arg(data)
        .arg("--workspace")
        .arg(playbooks())
        .env("VAKT_ACTOR", "Kari")
        .env("VAKT_PASSPHRASE", "wachtwoord vuurtoren zeventien kralen")
        .stdin(Stdio::null());
    c
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = vakt(data).args(args).output().expect("vakt runs");
    assert!(
        o.status.success(),
        "vakt {args:?}: {}",
        crate::util::text(&o)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Runs `vakt ARGS` with standard output a pipe whose reading end is already closed, as
/// `vakt … | head -1` is once `head` has its line.
fn with_closed_stdout(data: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = vakt(data)
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.wait_with_output().expect("wait")
}

fn start_incident(data: &Path) -> String {
    let out = ok(
        data,
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Pipes",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    v["summary"]["id"].as_str().expect("run id").to_string()
}

#[test]
fn a_closed_pipe_after_a_commit_exits_0_with_the_commit_done() {
    let data = tempfile::tempdir().expect("tempdir");
    let run = start_incident(data.path());
    let o = with_closed_stdout(data.path(), &["run", "step", &run, "skip", "--reason", "x"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(code(&o), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let shown = ok(data.path(), &["--json", "run", "show", &run]);
    let v: serde_json::Value = serde_json::from_str(&shown).expect("json");
    let skipped: Vec<_> = v["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["status"] == "skipped")
        .map(|s| (s["id"].clone(), s["reason"].clone()))
        .collect();
    assert_eq!(skipped.len(), 1, "the skip is committed: {shown}");
    assert_eq!(skipped[0].1, "x");
}

#[test]
fn info_and_verify_into_a_closed_pipe_do_not_panic() {
    let data = tempfile::tempdir().expect("tempdir");
    let o = with_closed_stdout(data.path(), &["info"]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let run = start_incident(data.path());
    ok(
        data.path(),
        &[
            "identity",
            "generate",
            "--organisation",
            "Demo AS",
            "--algorithm",
            "p256",
        ],
    );
    let pdf = data.path().join("record.pdf");
    let pdf = pdf.to_str().expect("utf-8 path");
    ok(
        data.path(),
        &["record", "incident", "--run", &run, "--out", pdf, "--sign"],
    );
    let o = with_closed_stdout(data.path(), &["verify", pdf]);
    assert_eq!(code(&o), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn exit_codes_say_refused_and_cannot() {
    let data = tempfile::tempdir().expect("tempdir");
    // 3: the workspace asked for is missing.
    let o = Command::new(env!("CARGO_BIN_EXE_vakt"))
        .arg("--data-dir")
        .arg(data.path())
        .args([
            "--workspace",
            "/nonexistent/workspace",
            "run",
            "start",
            "x",
            "--title",
            "x",
        ])
        .output()
        .expect("vakt");
    assert_eq!(code(&o), Some(3), "{}", crate::util::text(&o));
    // 2: a usage error, and the auditor's change.
    let o = vakt(data.path())
        .args(["run", "frobnicate"])
        .output()
        .expect("vakt");
    assert_eq!(code(&o), Some(2), "{}", crate::util::text(&o));
    let run = start_incident(data.path());
    let o = vakt(data.path())
        .args(["--as-role", "auditor", "run", "note", &run, "x"])
        .output()
        .expect("vakt");
    assert_eq!(code(&o), Some(2), "{}", crate::util::text(&o));
    // 3: a file that cannot be read.
    let o = vakt(data.path())
        .args(["evidence", "attach", &run, "/nonexistent/file.log"])
        .output()
        .expect("vakt");
    assert_eq!(code(&o), Some(3), "{}", crate::util::text(&o));
    let help = ok(data.path(), &["--help"]);
    assert!(help.contains("Exit codes:"), "{help}");
}

#[test]
fn evidence_through_the_binary_refuses_a_fifo_at_once_and_verify_finds_a_deleted_copy() {
    let data = tempfile::tempdir().expect("tempdir");
    let run = start_incident(data.path());
    let fifo = data.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (dir, r, f) = (data.path().to_path_buf(), run.clone(), fifo.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let o = vakt(&dir)
            .args(["evidence", "attach", &r])
            .arg(&f)
            .output()
            .expect("vakt");
        let _ = tx.send(o);
    });
    // A hang guard, not a speed assertion.
    let o = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("attaching a FIFO hung");
    assert_eq!(code(&o), Some(2), "{}", crate::util::text(&o));
    assert!(
        crate::util::text(&o).contains("is a named pipe (FIFO), not a regular file"),
        "{}",
        crate::util::text(&o)
    );

    let log = data.path().join("fw\u{202e}gol.txt");
    std::fs::write(&log, b"DENY 203.0.113.9").expect("write");
    let attached = ok(
        data.path(),
        &[
            "evidence",
            "attach",
            &run,
            log.to_str().expect("path"),
            "--method",
            "export",
            "--source-system",
            "firewall",
        ],
    );
    assert!(!attached.contains('\u{202e}'), "{attached}");
    let list = ok(data.path(), &["evidence", "list"]);
    assert!(list.contains("fw\\u{202e}gol.txt"), "{list}");
    assert!(list.contains("via firewall"), "{list}");
    ok(data.path(), &["evidence", "verify"]);
    ok(data.path(), &["journal", "verify"]);

    let hash = vakt_stdx::sha256_hex(b"DENY 203.0.113.9");
    let stored = data
        .path()
        .join("evidence/sha256")
        .join(&hash[..2])
        .join(&hash);
    std::fs::remove_file(&stored).expect("delete the stored copy");
    let o = vakt(data.path())
        .args(["evidence", "verify"])
        .output()
        .expect("vakt");
    assert_eq!(code(&o), Some(1), "{}", crate::util::text(&o));
    assert!(
        crate::util::text(&o).contains("evidence DAMAGED: 1 missing"),
        "{}",
        crate::util::text(&o)
    );
    let o = vakt(data.path())
        .args(["journal", "verify"])
        .output()
        .expect("vakt");
    assert_eq!(
        code(&o),
        Some(1),
        "journal verify includes the evidence: {}",
        crate::util::text(&o)
    );
}
