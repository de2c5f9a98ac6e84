//! The loader on a corpus of broken files (each with its expected problems, rewritten by
//! `VAKT_BLESS=1`), the committed JSON Schema, and input that must never make it panic.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

use std::path::{Path, PathBuf};

use vakt_topology::{format::json_schema, load_file, load_str};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("VAKT_BLESS").is_some()
}

#[test]
fn every_broken_file_reports_its_problems_with_line_and_column() {
    let dir = root().join("tests/data/broken");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 7);
    for file in files {
        let name = Path::new(file.file_name().expect("name"));
        let text = std::fs::read_to_string(&file).expect("read");
        let err = load_str(&text, name).expect_err("a broken file does not load");
        let got = format!("{err}\n");
        let expected_path = file.with_extension("expected");
        if bless() {
            std::fs::write(&expected_path, &got).expect("bless");
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!("{} missing; run with VAKT_BLESS=1", expected_path.display())
        });
        assert_eq!(got, want, "{}", file.display());
        for p in err.problems() {
            assert!(p.line >= 1 && p.column >= 1);
        }
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = root().join("../../playbooks/schema/topology.schema.json");
    let schema = json_schema();
    if bless() {
        std::fs::write(&path, &schema).expect("bless schema");
        return;
    }
    let committed =
        std::fs::read_to_string(&path).expect("schema committed; run with VAKT_BLESS=1");
    assert_eq!(
        committed, schema,
        "the schema is stale; run with VAKT_BLESS=1"
    );
}

#[test]
fn the_demo_topology_loads() {
    let t = load_file(&root().join("../../playbooks/topology.toml")).expect("demo loads");
    assert_eq!(t.node_count(), 70);
}

#[test]
fn a_missing_file_is_an_io_error() {
    let err = load_file(Path::new("/nonexistent/topology.toml")).expect_err("no file");
    assert!(err.to_string().contains("/nonexistent/topology.toml"));
    assert!(err.problems().is_empty());
}

#[test]
fn every_prefix_and_mangling_of_the_demo_loads_or_fails_without_panic() {
    let text = std::fs::read_to_string(root().join("../../playbooks/topology.toml")).expect("demo");
    let bytes = text.as_bytes();
    let mut tried = 0;
    for cut in (0..bytes.len()).step_by(37) {
        if let Ok(prefix) = std::str::from_utf8(&bytes[..cut]) {
            let _ = load_str(prefix, Path::new("prefix.toml"));
            tried += 1;
        }
        let mangled: String = text
            .char_indices()
            .map(|(i, c)| if i == cut { '"' } else { c })
            .collect();
        let _ = load_str(&mangled, Path::new("mangled.toml"));
    }
    assert!(tried > 100);
}
