//! The loader on a corpus of broken files (each with its expected problems, an `expect-test`
//! snapshot: `UPDATE_EXPECT=1` rewrites them), the committed JSON Schema, and input that must
//! never make it panic.

use std::path::{Path, PathBuf};

use vakt_topology::{format::json_schema, load_file, load_str};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
        expect_test::expect_file![file.with_extension("expected")].assert_eq(&got);
        for p in err.problems() {
            assert!(p.line >= 1 && p.column >= 1);
        }
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    let path = root().join("../../playbooks/schema/topology.schema.json");
    expect_test::expect_file![path].assert_eq(&json_schema());
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
