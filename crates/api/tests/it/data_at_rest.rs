//! The data directory at rest (issue 12): turning encryption on in place, the locked session
//! and its unlock, changing the passphrase, evidence sealed under the same key, and what an
//! attacker with the files (`strings`) can read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use vakt_api::json::{EvidenceMethod, RunAction, RunMode, SettingsInput, UserRole};
use vakt_api::ops::*;
use vakt_api::{ErrorCode, LaunchOptions, Session, Sources};
use vakt_sources::{FixedClock, SequentialIds};

const STRONG: &str = "copper lantern drifts past quiet harbour";
const NOTE: &str = "NOTE-Kundeliste-lekket-via-phishing";
const TITLE: &str = "TITLE-Fjordkraft-breach";
const CONTENT: &str = "EVIDENCE-CONTENT-mailbox-export-ingrid";

fn sources() -> Sources {
    Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "laptop-7")),
    }
}

fn session(data: &Path) -> Session {
    let options = LaunchOptions {
        data_dir: Some(data.into()),
        ..LaunchOptions::default()
    };
    Session::open(&options, sources()).with_key_cost(vakt_store::KdfCost::TEST)
}

/// Every file under `dir` (recursively) that contains `needle` as bytes.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .expect("read")
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path);
            }
        }
    }
    found
}

/// A run with a note and an evidence copy, in a plain data directory.
fn plain_with_a_run(data: &Path, evidence: &Path) -> String {
    let s = session(data);
    s.call(SaveSettingsRequest {
        input: SettingsInput {
            role: UserRole::IncidentManager,
            language: "en".into(),
        },
    })
    .expect("settings");
    let run = s
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: TITLE.into(),
        })
        .expect("start")
        .summary
        .id;
    s.call(RunActRequest {
        run: run.clone(),
        action: RunAction::Note {
            step: None,
            text: NOTE.into(),
        },
    })
    .expect("note");
    std::fs::write(evidence, CONTENT.repeat(1000)).expect("evidence file");
    s.call(EvidenceAttachRequest {
        run: run.clone(),
        path: evidence.display().to_string(),
        step: None,
        request: None,
        description: "the mailbox export".into(),
        method: EvidenceMethod::Export,
        collected_by: None,
        collected_at: None,
        source_host: None,
        source_system: Some("mail gateway".into()),
        by_reference: false,
        copy_limit: None,
        task: None,
    })
    .expect("attach");
    run
}

#[test]
fn encryption_turned_on_hides_notes_titles_and_evidence_and_the_data_opens_locked() {
    let data = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let run = plain_with_a_run(data.path(), &outside.path().join("mailbox.txt"));
    assert!(
        !files_containing(data.path(), NOTE).is_empty(),
        "plain at first"
    );
    assert!(
        !files_containing(data.path(), CONTENT).is_empty(),
        "plain at first"
    );

    let s = session(data.path());
    let weak = s
        .call(DataEncryptRequest {
            passphrase: "kari1234".into(),
        })
        .expect_err("weak");
    assert_eq!(weak.code, ErrorCode::WeakPassphrase);
    let status = s
        .call(DataEncryptRequest {
            passphrase: STRONG.into(),
        })
        .expect("encrypt");
    assert!(status.encrypted && !status.locked);
    // The open session goes on working, and new evidence is sealed too.
    assert_eq!(
        s.call(RunListRequest {}).expect("runs")[0].title,
        TITLE.to_string()
    );
    drop(s);
    for secret in [NOTE, TITLE, CONTENT] {
        assert_eq!(
            files_containing(data.path(), secret),
            Vec::<PathBuf>::new(),
            "{secret} readable after encryption"
        );
    }

    // Opened again: locked until the passphrase is given.
    let s = session(data.path());
    assert!(s.is_locked());
    let status = s.call(DataStatusRequest {}).expect("status while locked");
    assert!(status.encrypted && status.locked);
    for err in [
        s.call(RunListRequest {}).map(|_| ()),
        s.call(WorkspaceOverviewRequest {}).map(|_| ()),
        s.call(JournalCheckRequest { checkpoint: None }).map(|_| ()),
        s.call(EvidenceVerifyRequest {}).map(|_| ()),
        s.call(SettingsRequest {}).map(|_| ()),
    ] {
        assert_eq!(err.expect_err("locked").code, ErrorCode::Locked);
    }
    let wrong = s
        .call(DataUnlockRequest {
            passphrase: "copper lantern".into(),
        })
        .expect_err("wrong");
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    assert!(s.is_locked(), "a wrong passphrase changes nothing");
    let status = s
        .call(DataUnlockRequest {
            passphrase: STRONG.into(),
        })
        .expect("unlock");
    assert!(status.encrypted && !status.locked);
    let check = s
        .call(JournalCheckRequest { checkpoint: None })
        .expect("verify");
    assert!(check.intact, "{check:?}");
    let items = s
        .call(EvidenceRegisterRequest {
            run: Some(run.clone()),
        })
        .expect("register");
    assert_eq!(items.len(), 1);
    // The auditor's copy is plain.
    let copy = outside.path().join("for-the-auditor.txt");
    s.call(EvidenceExportRequest {
        item: items[0].id.clone(),
        path: copy.display().to_string(),
    })
    .expect("export");
    assert_eq!(
        std::fs::read_to_string(&copy).expect("copy"),
        CONTENT.repeat(1000)
    );
}

#[test]
fn the_passphrase_changes_and_the_old_one_no_longer_unlocks() {
    let data = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    plain_with_a_run(data.path(), &outside.path().join("mailbox.txt"));
    session(data.path())
        .call(DataEncryptRequest {
            passphrase: STRONG.into(),
        })
        .expect("encrypt");
    let s = session(data.path());
    let err = s
        .call(DataChangePassphraseRequest {
            old: STRONG.into(),
            new: "new".into(),
        })
        .expect_err("locked first");
    assert_eq!(err.code, ErrorCode::Locked);
    s.call(DataUnlockRequest {
        passphrase: STRONG.into(),
    })
    .expect("unlock");
    let err = s
        .call(DataChangePassphraseRequest {
            old: "not it at all".into(),
            new: "violet engine sleeps under granite".into(),
        })
        .expect_err("wrong old");
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    let err = s
        .call(DataChangePassphraseRequest {
            old: STRONG.into(),
            new: "password1".into(),
        })
        .expect_err("weak new");
    assert_eq!(err.code, ErrorCode::WeakPassphrase);
    s.call(DataChangePassphraseRequest {
        old: STRONG.into(),
        new: "violet engine sleeps under granite".into(),
    })
    .expect("change");
    drop(s);
    let s = session(data.path());
    assert_eq!(
        s.call(DataUnlockRequest {
            passphrase: STRONG.into()
        })
        .expect_err("old one")
        .code,
        ErrorCode::WrongPassphrase
    );
    s.call(DataUnlockRequest {
        passphrase: "violet engine sleeps under granite".into(),
    })
    .expect("new one");
    assert!(
        s.call(JournalCheckRequest { checkpoint: None })
            .expect("verify")
            .intact
    );
}

#[test]
fn a_cut_or_changed_sealed_copy_is_reported_and_not_exported() {
    let data = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    plain_with_a_run(data.path(), &outside.path().join("mailbox.txt"));
    let s = session(data.path());
    s.call(DataEncryptRequest {
        passphrase: STRONG.into(),
    })
    .expect("encrypt");
    let items = s
        .call(EvidenceRegisterRequest { run: None })
        .expect("register");
    let stored = data
        .path()
        .join("evidence/sha256")
        .join(&items[0].sha256[..2])
        .join(&items[0].sha256);
    let sealed = std::fs::read(&stored).expect("stored");
    assert!(
        sealed.starts_with(vakt_run::sealed::MAGIC),
        "sealed on disk"
    );
    std::fs::write(&stored, &sealed[..sealed.len() - 3]).expect("cut");
    let verdict = s.call(EvidenceVerifyRequest {}).expect("verify");
    assert!(!verdict.intact);
    assert_eq!(verdict.modified.len(), 1, "{verdict:?}");
    let journal = s
        .call(JournalCheckRequest { checkpoint: None })
        .expect("journal check");
    assert!(!journal.intact, "journal verify includes the evidence");
    let err = s
        .call(EvidenceExportRequest {
            item: items[0].id.clone(),
            path: outside.path().join("x").display().to_string(),
        })
        .expect_err("no export of a damaged copy");
    assert!(err.message.contains("fails authentication"), "{err}");
    assert!(!outside.path().join("x").exists());
}
