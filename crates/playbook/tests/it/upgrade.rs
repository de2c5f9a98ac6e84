//! Upgrading format 1 to format 2 (issue 10): every format-1 playbook that shipped before
//! format 2 (copied into `tests/fixtures/format1/`) converts into a format-2 playbook that
//! loads, and says what it could not express.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::Path;

use expect_test::{expect, expect_file};
use vakt_playbook::{Context, Flow, Problem, parse_playbook, upgrade};

use crate::util::ROLES;

fn format1_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format1")
}

#[test]
fn issue_10_every_format_1_playbook_upgrades_into_one_that_loads() {
    let context = Context {
        roles: Some(ROLES.iter().map(|r| r.to_string()).collect()),
        languages: vec!["en".into(), "nl".into()],
        ..Context::default()
    };
    let mut names: Vec<String> = std::fs::read_dir(format1_dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 12);
    let mut report = String::new();
    for name in &names {
        let text = std::fs::read_to_string(format1_dir().join(name)).expect("read");
        let refused = parse_playbook(name, &text, &context).expect_err("format 1 is refused");
        assert!(
            refused[0]
                .message
                .starts_with("format 1: run `vakt playbook upgrade"),
            "{}",
            refused[0]
        );
        let up = upgrade(name, &text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        let playbook = parse_playbook(name, &up.text, &context)
            .unwrap_or_else(|p| panic!("{name} upgraded:\n{}\n{}", show(&p), up.text));
        let flow = Flow::new(&playbook);
        assert!(flow.starts().contains(&0), "{name}: the first step starts");
        for note in &up.notes {
            report.push_str(&format!("{note}\n"));
        }
    }
    expect_file!["../fixtures/format1/notes.expected"].assert_eq(&report);
}

fn show(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "prints an upgraded fixture: UPGRADE=name cargo test -p vakt-playbook --test it print -- --ignored"]
fn print_upgraded() {
    let name = std::env::var("UPGRADE").unwrap_or_else(|_| "incident-procedure.toml".into());
    let text = std::fs::read_to_string(format1_dir().join(&name)).expect("read");
    print!("{}", upgrade(&name, &text).expect("upgrade").text);
}

const V1: &str = r#"format = 1
kind = "playbook"
id = "small"
version = "1"
category = "dr"
title = { en = "Small" }
summary = { en = "Every rule of the upgrade." }

[[moments]]
id = "containment"
title = { en = "Contained" }

[[moments]]
id = "fenced"
title = { en = "Fenced" }

[[steps]]
id = "start"
title = { en = "Start" }
instructions = { en = "Go." }
role = "responder"
duration = "5m"

[[steps]]
id = "ask"
title = { en = "Ask" }
instructions = { en = "Decide." }
role = "responder"
duration = "5m"
decision = { question = { en = "Which?" }, options = [
  { id = "fix", title = { en = "Fix" }, next = "fix" },
  { id = "skip", title = { en = "Skip" }, next = "close" },
  { id = "stop", title = { en = "Stop" }, next = "end" },
] }

[[steps]]
id = "fix"
title = { en = "Fix" }
instructions = { en = "Fix it." }
role = "responder"
duration = "5m"

[[steps]]
id = "check"
title = { en = "Check" }
instructions = { en = "Did it work?" }
role = "responder"
duration = "5m"

[steps.decision]
question = { en = "Fixed?" }

[[steps.decision.options]]
id = "yes"
title = { en = "Yes" }
next = "close"

[[steps.decision.options]]
id = "again"
title = { en = "Again" }
next = "fix"

[[steps]]
id = "close"
title = { en = "Close" }
instructions = { en = "Close." }
role = "responder"
duration = "5m"
next = "start"
"#;

#[test]
fn issue_10_each_rule_of_the_upgrade() {
    let up = upgrade("small.toml", V1).expect("upgrade");
    expect![[r#"
        format = 2
        kind = "playbook"
        id = "small"
        version = "1"
        category = "dr"
        title = { en = "Small" }
        summary = { en = "Every rule of the upgrade." }

        [[moments]]
        id = "fenced"
        title = { en = "Fenced" }

        [[steps]]
        id = "start"
        title = { en = "Start" }
        instructions = { en = "Go." }
        role = "responder"
        duration = "5m"

        [[steps]]
        id = "ask"
        title = { en = "Ask" }
        instructions = { en = "Decide." }
        role = "responder"
        duration = "5m"
        after = ["start"]
        decision = { question = { en = "Which?" }, options = [
          { id = "fix", title = { en = "Fix" }, opens = ["fix"] },
          { id = "skip", title = { en = "Skip" }, opens = ["close"] },
          { id = "stop", title = { en = "Stop" } },
        ] }

        [[steps]]
        id = "fix"
        title = { en = "Fix" }
        instructions = { en = "Fix it." }
        role = "responder"
        duration = "5m"

        [[steps]]
        id = "check"
        title = { en = "Check" }
        instructions = { en = "Did it work?" }
        role = "responder"
        duration = "5m"
        after = ["fix"]

        [steps.decision]
        question = { en = "Fixed?" }

        [[steps.decision.options]]
        id = "yes"
        title = { en = "Yes" }
        opens = ["close"]

        [[steps.decision.options]]
        id = "again"
        title = { en = "Again" }
        opens = ["fix"]

        [[steps]]
        id = "close"
        title = { en = "Close" }
        instructions = { en = "Close." }
        role = "responder"
        duration = "5m"
    "#]]
    .assert_eq(&up.text);
    expect![[r#"
        small.toml:69:1: step `close` loops back to `start`; format 2 repeats a step only through a decision option's `opens`, so this loop is left out
    "#]]
    .assert_eq(&format!("{}\n", show(&up.notes)));
    let not_v1 = upgrade("small.toml", &up.text).expect_err("format 2 is not upgraded");
    assert_eq!(
        not_v1[0].to_string(),
        "small.toml:1:10: not a format-1 playbook: only `format = 1` files are upgraded"
    );
}
