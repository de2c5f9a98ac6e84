//! Loading a workspace folder: the workspace file first, then every playbook; files of other
//! kinds are left to their crates. Uses the crate's own fixtures, not the shipped playbooks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::Path;

use vakt_playbook::{LookupError, load_dir};

use crate::util::fixture;

fn write(to: &Path, text: &str) {
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::write(to, text).expect("write");
}

fn templates(root: &Path) {
    write(
        &root.join("templates/authority-notification.en.md"),
        "# To the authority\n",
    );
}

#[test]
fn issue_10_a_duplicate_playbook_id_names_both_files_and_no_run_can_start_on_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("workspace.toml"), &fixture("workspace.toml"));
    templates(root);
    let parallel = fixture("parallel.toml");
    write(&root.join("incident/parallel.toml"), &parallel);
    write(&root.join("dropped/copy.toml"), &parallel);
    write(
        &root.join("broken-claim.toml"),
        &parallel
            .replace("id = \"parallel\"", "id = \"other\"")
            .replace("format = 2", "format = \"two\""),
    );
    write(
        &root.join("topology.toml"),
        "format = 1\nkind = \"topology\"\n",
    );
    let loaded = load_dir(root);
    assert_eq!(loaded.other_files, ["topology.toml"]);
    assert_eq!(loaded.playbooks.len(), 2);
    let problems: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "broken-claim.toml:3:10: format: expected an integer, found a string",
            "dropped/copy.toml:5:6: playbook id `parallel` is also used by incident/parallel.toml; ids must be unique in the workspace, and no run can start on `parallel` until they are",
            "incident/parallel.toml:5:6: playbook id `parallel` is also used by dropped/copy.toml; ids must be unique in the workspace, and no run can start on `parallel` until they are",
        ]
    );
    assert_eq!(
        loaded.playbook("parallel").map(|p| &p.path),
        Err(LookupError::Ambiguous {
            id: "parallel".into(),
            files: vec!["dropped/copy.toml".into(), "incident/parallel.toml".into()]
        })
    );
    assert_eq!(
        loaded.playbook("other").map(|p| &p.path),
        Err(LookupError::Invalid {
            id: "other".into(),
            file: "broken-claim.toml".into()
        })
    );
    assert!(matches!(
        loaded.playbook("nothing"),
        Err(LookupError::NotFound { .. })
    ));
}

#[test]
fn a_unique_valid_playbook_is_found_and_a_missing_template_is_a_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("workspace.toml"), &fixture("workspace.toml"));
    write(&root.join("parallel.toml"), &fixture("parallel.toml"));
    let loaded = load_dir(root);
    let problems: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "parallel.toml:100:12: notification `authority` template: the workspace has no template `templates/authority-notification.en.md`; expected under `templates/`"
        ]
    );
    templates(root);
    let loaded = load_dir(root);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        loaded.playbook("parallel").map(|p| p.path.as_str()),
        Ok("parallel.toml")
    );
}

#[test]
fn without_a_workspace_file_roles_are_not_checked_and_that_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    templates(dir.path());
    write(
        &dir.path().join("dr/parallel.toml"),
        &fixture("parallel.toml"),
    );
    let loaded = load_dir(dir.path());
    assert_eq!(loaded.playbooks.len(), 1);
    assert_eq!(loaded.problems.len(), 1);
    assert!(
        loaded.problems[0]
            .to_string()
            .starts_with("workspace.toml:1:1: missing")
    );
}

#[test]
fn issue_12_invalid_utf8_is_reported_at_the_bad_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("workspace.toml"),
        "format = 1\nkind = \"workspace\"\n",
    )
    .expect("w");
    let mut bytes = fixture("parallel.toml").into_bytes();
    let at = bytes
        .windows(6)
        .position(|w| w == b"Triage")
        .expect("Triage");
    bytes[at + 2] = 0xff;
    std::fs::write(dir.path().join("bad.toml"), &bytes).expect("w");
    std::fs::write(dir.path().join("worse.toml"), [b'a', b'\n', 0xc3]).expect("w");
    let loaded = load_dir(dir.path());
    let text: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        text.iter()
            .any(|p| p.starts_with("workspace.toml:1:1: missing field `organisation`")),
        "{text:?}"
    );
    assert!(
        text.contains(
            &"bad.toml:40:19: not UTF-8 text: byte 0xff cannot stand here; save the file as UTF-8"
                .to_string()
        ),
        "{text:?}"
    );
    assert!(
        text.contains(
            &"worse.toml:2:1: not UTF-8 text: the file ends inside a character (byte 0xc3); save the file as UTF-8"
                .to_string()
        ),
        "{text:?}"
    );
    let gone = load_dir(&dir.path().join("nope"));
    assert_eq!(gone.problems.len(), 1);
}
