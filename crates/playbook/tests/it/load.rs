//! Loading a workspace folder: the workspace file first, then every playbook; files of other
//! kinds are left to their crates.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::Path;

use vakt_playbook::load_dir;

fn copy(from: &str, to: &Path) {
    let src = crate::util::playbooks_dir().join(from);
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::copy(src, to).expect("copy");
}

#[test]
fn other_kinds_are_listed_and_a_duplicate_playbook_id_is_a_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    copy("workspace.toml", &root.join("workspace.toml"));
    copy(
        "dr/emergency-patch.toml",
        &root.join("dr/emergency-patch.toml"),
    );
    copy(
        "dr/emergency-patch.toml",
        &root.join("dr/copy-of-patch.toml"),
    );
    std::fs::write(
        root.join("topology.toml"),
        "format = 1\nkind = \"topology\"\n",
    )
    .expect("w");
    let loaded = load_dir(root);
    assert_eq!(loaded.other_files, ["topology.toml"]);
    assert_eq!(loaded.playbooks.len(), 2);
    let problems: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "dr/emergency-patch.toml:1:1: playbook id `dr-emergency-patch` is also used by dr/copy-of-patch.toml"
        ]
    );
}

#[test]
fn without_a_workspace_file_roles_are_not_checked_and_that_is_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy(
        "dr/emergency-patch.toml",
        &dir.path().join("dr/emergency-patch.toml"),
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
fn a_broken_workspace_file_and_a_missing_folder_are_problems_not_panics() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("workspace.toml"),
        "format = 1\nkind = \"workspace\"\n",
    )
    .expect("w");
    std::fs::write(dir.path().join("bad.toml"), [0xff, 0xfe, 0x00]).expect("w");
    let loaded = load_dir(dir.path());
    let text: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        text.iter()
            .any(|p| p.starts_with("workspace.toml:1:1: missing field `organisation`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|p| p.starts_with("bad.toml:1:1: not UTF-8")),
        "{text:?}"
    );
    let gone = load_dir(&dir.path().join("nope"));
    assert_eq!(gone.problems.len(), 1);
}
