//! The broken-definitions corpus: every file in `tests/broken/` must be refused, and the problems
//! reported (file:line:col: message) must equal its `.expected` snapshot (an expect-test file
//! snapshot). `UPDATE_EXPECT=1 cargo test -p vakt-playbook` rewrites the snapshots; review the
//! diff before committing.

use std::path::Path;

use expect_test::expect_file;
use vakt_playbook::{Context, parse_playbook, parse_workspace};

use crate::util::{CONTACTS, ROLES};

fn problems_of(name: &str, text: &str) -> Vec<String> {
    let file = format!("broken/{name}");
    let languages = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# languages:"))
        .map(|l| l.split(',').map(|s| s.trim().to_string()).collect())
        .unwrap_or_else(|| vec!["en".to_string()]);
    let context = Context {
        roles: Some(ROLES.iter().map(|r| r.to_string()).collect()),
        languages,
        contacts: Some(CONTACTS.iter().map(|c| c.to_string()).collect()),
        templates: None,
    };
    let result = if name.starts_with("workspace-") {
        parse_workspace(&file, text).map(|_| ())
    } else {
        parse_playbook(&file, text, &context).map(|_| ())
    };
    match result {
        Ok(()) => Vec::new(),
        Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn every_broken_definition_is_refused_with_its_expected_messages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus holds {} files", names.len());
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).expect("read corpus file");
        let problems = problems_of(name, &text);
        assert!(!problems.is_empty(), "{name} was accepted");
        let position = format!("broken/{name}:");
        for p in &problems {
            let rest = p
                .strip_prefix(&position)
                .unwrap_or_else(|| panic!("{p}: no file"));
            let mut parts = rest.splitn(3, ':');
            let line: usize = parts.next().and_then(|l| l.parse().ok()).expect("line");
            let col: usize = parts.next().and_then(|c| c.parse().ok()).expect("column");
            assert!(line >= 1 && col >= 1, "{p}");
        }
        let actual = format!("{}\n", problems.join("\n"));
        expect_file![dir.join(name.replace(".toml", ".expected"))].assert_eq(&actual);
    }
}

#[test]
fn every_snapshot_has_its_definition() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    for e in std::fs::read_dir(&dir).expect("corpus folder") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".expected") {
            assert!(
                dir.join(format!("{stem}.toml")).exists(),
                "{name} has no definition"
            );
        }
    }
}
