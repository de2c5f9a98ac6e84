//! `vakt data …` and the locked data directory on the command line, and a broken journal shown
//! as broken by `vakt run show` (issue 12).

use std::path::Path;
use std::process::ExitCode;

use vakt_api::Sources;

use crate::util::{Ran, fixed_sources, playbooks, run_in_process};

const STRONG: &str = "copper lantern drifts past quiet harbour";

fn vakt(data: &Path, env: &[(&str, &str)], args: &[&str]) -> Ran {
    let env = |name: &str| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
            .or_else(|| (name == "VAKT_ACTOR").then(|| "Kari".to_string()))
    };
    run_in_process(
        &playbooks(),
        data,
        fixed_sources(Sources::os_keys()),
        &env,
        args,
    )
}

fn start(data: &Path, env: &[(&str, &str)]) -> String {
    let r = vakt(
        data,
        env,
        &[
            "--json",
            "run",
            "start",
            "incident-procedure",
            "--title",
            "Phishing",
        ],
    );
    assert_eq!(r.code, ExitCode::SUCCESS, "{}{}", r.out, r.err);
    let started: serde_json::Value = serde_json::from_str(&r.out).expect("json");
    started["summary"]["id"].as_str().expect("id").to_string()
}

#[test]
fn run_show_warns_of_a_broken_journal_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let run = start(data, &[]);
    let r = vakt(data, &[], &["run", "note", &run, "the first note"]);
    assert_eq!(r.code, ExitCode::SUCCESS, "{}", r.err);
    let identity = vakt(
        data,
        &[("VAKT_PASSPHRASE", STRONG)],
        &[
            "identity",
            "generate",
            "--organisation",
            "Demo CRM AS",
            "--algorithm",
            "p256",
        ],
    );
    assert_eq!(identity.code, ExitCode::SUCCESS, "{}", identity.err);
    let intact = vakt(data, &[], &["run", "show", &run]);
    assert_eq!(intact.code, ExitCode::SUCCESS, "{}", intact.err);
    assert!(!intact.err.contains("WARNING"), "{}", intact.err);
    {
        let clock = vakt_sources::FixedClock::at("2026-11-26T08:00:00Z".parse().expect("t"));
        let db = vakt_store::Database::open(&data.join("vakt.sqlite3"), &clock).expect("db");
        db.connection()
            .execute_batch(
                "DROP TRIGGER journal_event_no_update;
                 UPDATE journal_event SET payload = replace(payload, 'first', 'forged')
                  WHERE kind = 'note.added';",
            )
            .expect("tamper");
    }
    let broken = vakt(data, &[], &["run", "show", &run]);
    assert_eq!(
        broken.code,
        ExitCode::from(1),
        "{}{}",
        broken.out,
        broken.err
    );
    assert!(
        broken
            .err
            .contains("WARNING: the journal is broken at event"),
        "{}",
        broken.err
    );
    assert!(broken.out.contains("forged"), "the run is still shown");
    // A record is not made (and so not signed) from a broken journal.
    let record = vakt(
        data,
        &[("VAKT_PASSPHRASE", STRONG)],
        &[
            "record",
            "incident",
            "--run",
            &run,
            "--out",
            &data.join("r.pdf").display().to_string(),
            "--sign",
        ],
    );
    assert_ne!(record.code, ExitCode::SUCCESS);
    assert!(
        record.err.contains("the journal is broken"),
        "{}",
        record.err
    );
    assert!(!data.join("r.pdf").exists());
}

#[test]
fn data_encrypt_then_every_command_needs_the_passphrase() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    start(data, &[]);
    let status = vakt(data, &[], &["data", "status"]);
    assert!(status.out.contains("not encrypted"), "{}", status.out);
    let weak = vakt(
        data,
        &[("VAKT_NEW_DATA_PASSPHRASE", "kari2026")],
        &["data", "encrypt"],
    );
    assert_eq!(weak.code, ExitCode::from(2), "{}", weak.err);
    assert!(weak.err.contains("too easy to guess"), "{}", weak.err);
    let done = vakt(
        data,
        &[("VAKT_NEW_DATA_PASSPHRASE", STRONG)],
        &["data", "encrypt"],
    );
    assert_eq!(done.code, ExitCode::SUCCESS, "{}", done.err);
    assert!(done.out.contains("encrypted, unlocked"), "{}", done.out);
    // Locked: the status works without the passphrase; a wrong one is refused (2); the right
    // one from the environment opens it.
    let status = vakt(data, &[], &["data", "status"]);
    assert!(status.out.contains("encrypted, locked"), "{}", status.out);
    let wrong = vakt(
        data,
        &[("VAKT_DATA_PASSPHRASE", "copper lantern")],
        &["run", "list"],
    );
    assert_eq!(wrong.code, ExitCode::from(2), "{}", wrong.err);
    assert!(wrong.err.contains("does not unlock"), "{}", wrong.err);
    let listed = vakt(data, &[("VAKT_DATA_PASSPHRASE", STRONG)], &["run", "list"]);
    assert_eq!(listed.code, ExitCode::SUCCESS, "{}", listed.err);
    assert!(listed.out.contains("Phishing"), "{}", listed.out);
    let verified = vakt(
        data,
        &[("VAKT_DATA_PASSPHRASE", STRONG)],
        &["journal", "verify"],
    );
    assert_eq!(verified.code, ExitCode::SUCCESS, "{}", verified.err);
    // A new passphrase; the old one no longer opens it.
    let changed = vakt(
        data,
        &[
            ("VAKT_DATA_PASSPHRASE", STRONG),
            (
                "VAKT_NEW_DATA_PASSPHRASE",
                "violet engine sleeps under granite",
            ),
        ],
        &["data", "passphrase"],
    );
    assert_eq!(changed.code, ExitCode::SUCCESS, "{}", changed.err);
    let old = vakt(data, &[("VAKT_DATA_PASSPHRASE", STRONG)], &["run", "list"]);
    assert_eq!(old.code, ExitCode::from(2), "{}", old.err);
    let new = vakt(
        data,
        &[("VAKT_DATA_PASSPHRASE", "violet engine sleeps under granite")],
        &["run", "list"],
    );
    assert_eq!(new.code, ExitCode::SUCCESS, "{}", new.err);
}
