//! Fuzzes the definition loader: any bytes must give a playbook or located problems, never a
//! panic. Seed corpus: `fuzz/corpus/playbook_loader/` (the shipped playbooks and the broken
//! corpus). Run: `cargo +nightly fuzz run playbook_loader -- -max_total_time=300`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vakt_playbook::{Context, parse_playbook, parse_workspace};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let context = Context {
        roles: Some(
            ["incident-manager", "technical-lead", "responder", "dpo"]
                .iter()
                .map(|r| r.to_string())
                .collect(),
        ),
        languages: vec!["en".into(), "nl".into()],
        ..Context::default()
    };
    match parse_playbook("fuzz.toml", text, &context) {
        Ok(p) => assert!(!p.steps.is_empty()),
        Err(problems) => {
            assert!(!problems.is_empty());
            for p in problems {
                assert!(p.line >= 1 && p.column >= 1);
            }
        }
    }
    let _ = parse_workspace("workspace.toml", text);
});
