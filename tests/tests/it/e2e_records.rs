//! End-to-end test of the Records screen in the real window: runs prepared with the `vakt`
//! CLI against the same data directory, then in the window the incident record is produced,
//! signed (after a wrong passphrase), saved, verified (valid); a tampered copy is verified
//! (broken); and the drill's exercise report is produced and verified.

use std::path::Path;

use vakt_tests::repo;
use vakt_tests::window::Window;

use crate::util::{PATIENCE, click, text, type_into, wait_text};
const PASSPHRASE: &str = "violet harbour seventeen kettles";

fn vakt(data: &Path, args: &[&str]) -> String {
    crate::util::vakt_cli(data, PASSPHRASE, None, args)
}

fn start(data: &Path, args: &[&str]) -> String {
    let mut all = vec!["--json", "run", "start"];
    all.extend_from_slice(args);
    let v: serde_json::Value = serde_json::from_str(&vakt(data, &all)).expect("json");
    v["summary"]["id"].as_str().expect("run id").to_string()
}

/// An incident up to the severity, and a drill through the failover decision.
fn prepare(data: &Path) {
    vakt(
        data,
        &[
            "identity",
            "generate",
            "--organisation",
            "Demo CRM Online AS",
            "--algorithm",
            "p256",
        ],
    );
    let inc = start(
        data,
        &[
            "incident-procedure",
            "--title",
            "Phishing at the login page",
        ],
    );
    vakt(
        data,
        &[
            "run",
            "note",
            &inc,
            "A customer reported a fake login page.",
            "--step",
            "report-event",
        ],
    );
    vakt(data, &["run", "step", &inc, "complete"]);
    // The reporter (the OS person) holds the incident manager's role until it is handed over.
    vakt(
        data,
        &["run", "step", &inc, "complete", "--step", "assign-roles"],
    );
    vakt(
        data,
        &[
            "run",
            "decide",
            &inc,
            "incident",
            "--step",
            "triage",
            "--why",
            "Customer credentials were entered.",
        ],
    );
    let drill = start(
        data,
        &[
            "dr-datacenter-failover",
            "--drill",
            "--title",
            "Stavanger lost (drill)",
        ],
    );
    vakt(
        data,
        &[
            "run",
            "decide",
            &drill,
            "stavanger-lost",
            "--step",
            "confirm-site-loss",
            "--why",
            "The partner confirms the room is dark.",
        ],
    );
    vakt(
        data,
        &[
            "run",
            "decide",
            &drill,
            "failover",
            "--step",
            "decide-failover",
            "--why",
            "No repair estimate.",
        ],
    );
}

fn screenshot(window: &Window, name: &str) {
    crate::util::save_screenshot(window, name);
}

fn open_records(window: &Window) {
    let s = window.session();
    s.wait_for(".tabs button", PATIENCE).expect("tabs");
    for b in s.find_all(".tabs button").expect("tabs") {
        if s.text(&b).unwrap_or_default().contains("Records") {
            s.click(&b).expect("click Records");
            return;
        }
    }
    panic!("no Records tab");
}

/// Signs the record of the run behind `button` into `path` through the dialog.
fn sign(window: &Window, button: &str, path: &Path, passphrase: &str) {
    click(window.session(), button);
    type_into(
        window.session(),
        "[data-testid=save-path]",
        &path.display().to_string(),
    );
    type_into(window.session(), "[data-testid=passphrase]", passphrase);
    // Enter in the passphrase field signs.
    window.session().keys("\u{E007}").expect("Enter");
}

#[test]
#[ignore = "needs the app and the vakt CLI built; scripts/test builds them and runs this"]
fn produce_sign_verify_and_tamper_records_in_the_window() {
    let data = tempfile::tempdir().expect("tempdir");
    let out = tempfile::tempdir().expect("out");
    prepare(data.path());
    let window = Window::open(&repo::app_binary(), &[], &[("VAKT_DATA_DIR", data.path())])
        .expect("open the app window");
    open_records(&window);
    let runs = text(window.session(), "[data-testid=record-runs] tbody");
    assert!(runs.contains("Phishing at the login page"), "{runs}");
    assert!(runs.contains("Stavanger lost (drill)"), "{runs}");
    let fingerprint = text(window.session(), "[data-testid=identity-fingerprint]");
    assert_eq!(fingerprint.len(), 64, "{fingerprint}");

    // A wrong passphrase is refused in words and the dialog stays, path kept.
    let incident = out.path().join("incident.pdf");
    sign(
        &window,
        "[data-testid=produce-incident]",
        &incident,
        "wrong",
    );
    let error = text(window.session(), "[data-testid=sign-error]");
    assert!(error.contains("Wrong passphrase"), "{error}");
    let s = window.session();
    let path_field = s.find("[data-testid=save-path]").expect("dialog stays");
    assert_eq!(
        s.attribute(&path_field, "value").expect("value").as_deref(),
        Some(incident.display().to_string().as_str())
    );
    screenshot(&window, "records-sign.png");
    type_into(window.session(), "[data-testid=passphrase]", PASSPHRASE);
    click(window.session(), "[data-testid=sign-button]");
    let produced = text(window.session(), "[data-testid=produced]");
    assert!(produced.contains("INC-"), "{produced}");
    assert!(incident.exists());

    // Verify it: valid, and the checkpoint matches this journal.
    click(window.session(), "[data-testid=verify-button]");
    assert_eq!(
        wait_text(window.session(), "[data-testid=verdict-word]", "VALID"),
        "VALID"
    );
    let summary = text(window.session(), "[data-testid=verdict-summary]");
    assert!(summary.contains("journal checkpoint matches"), "{summary}");
    screenshot(&window, "records.png");

    // A copy with one byte flipped: broken, and why.
    let mut bytes = std::fs::read(&incident).expect("read");
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let tampered = out.path().join("incident-tampered.pdf");
    std::fs::write(&tampered, bytes).expect("write");
    type_into(
        window.session(),
        "[data-testid=verify-path]",
        &tampered.display().to_string(),
    );
    click(window.session(), "[data-testid=verify-button]");
    assert_eq!(
        wait_text(window.session(), "[data-testid=verdict-word]", "BROKEN"),
        "BROKEN"
    );
    let summary = text(window.session(), "[data-testid=verdict-summary]");
    assert!(summary.starts_with("BROKEN"), "{summary}");
    screenshot(&window, "records-broken.png");

    // The drill's exercise report.
    let exercise = out.path().join("exercise.pdf");
    sign(
        &window,
        "[data-testid=produce-exercise]",
        &exercise,
        PASSPHRASE,
    );
    let produced = wait_text(window.session(), "[data-testid=produced]", "EX-");
    assert!(produced.contains("EX-"), "{produced}");
    click(window.session(), "[data-testid=verify-button]");
    assert_eq!(
        wait_text(window.session(), "[data-testid=verdict-word]", "VALID"),
        "VALID"
    );
    let summary = text(window.session(), "[data-testid=verdict-summary]");
    assert!(summary.contains("VALID"), "{summary}");
    // The same file verifies with the CLI too, against the same journal.
    let cli = vakt(data.path(), &["verify", &exercise.display().to_string()]);
    assert!(cli.contains("VALID"), "{cli}");
    // Keep the produced PDFs for rendering checks.
    let keep = repo::target_dir().join("e2e");
    std::fs::copy(&incident, keep.join("records-incident.pdf")).expect("copy");
    std::fs::copy(&exercise, keep.join("records-exercise.pdf")).expect("copy");
}
