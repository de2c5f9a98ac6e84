//! `vakt topology export` and `vakt topology import`, in-process: the Open-PSA model of a demo
//! service, the Backstage and CSV fixtures of `crates/topology/tests/data/import/`, what was
//! not mapped on standard error as `file:line: why`, and broken sources refused with
//! file:line:col (exit 1).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use vakt_api::Sources;
use vakt_sources::{FixedClock, SequentialIds};

use crate::util::{Ran, playbooks, run_in_process};

/// The import fixtures.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../topology/tests/data/import")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

/// Runs `vakt --data-dir DATA --workspace WORKSPACE ARGS` in-process with a fixed clock.
fn vakt_in(workspace: &Path, data: &Path, args: &[&str]) -> Ran {
    let env = |name: &str| (name == "VAKT_ACTOR").then(|| "Kari".to_string());
    let sources = Sources {
        clock: Arc::new(FixedClock::at(
            "2026-11-26T08:00:00Z".parse().expect("time"),
        )),
        ids: Arc::new(SequentialIds::new()),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::FixedMachine::new("kari", "test-host")),
    };
    run_in_process(workspace, data, sources, &env, args)
}

fn vakt(data: &Path, args: &[&str]) -> Ran {
    vakt_in(&playbooks(), data, args)
}

#[test]
fn export_writes_the_fault_tree_of_a_service() {
    let data = tempfile::tempdir().expect("tempdir");
    let ran = vakt(
        data.path(),
        &["topology", "export", "--format", "open-psa", "svc-login"],
    );
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    assert!(ran.out.starts_with("<?xml"), "{}", ran.out);
    assert!(
        ran.out
            .contains(r#"<define-fault-tree name="ft_svc_login">"#)
    );
    assert!(ran.out.contains(r#"<define-gate name="down_svc_login">"#));
    // The single point of failure of login (the hosting partner) is a basic event.
    assert!(
        ran.out
            .contains(r#"<define-basic-event name="e_hosting_partner">"#)
    );

    let file = data.path().join("login.xml");
    let to_file = vakt(
        data.path(),
        &[
            "topology",
            "export",
            "--format",
            "open-psa",
            "svc-login",
            "--out",
            file.to_str().expect("path"),
        ],
    );
    assert_eq!(to_file.code, ExitCode::SUCCESS, "{}", to_file.err);
    assert!(
        to_file
            .out
            .starts_with("wrote the fault tree of svc-login to ")
    );
    assert_eq!(std::fs::read_to_string(&file).expect("written"), ran.out);

    let json = vakt(
        data.path(),
        &[
            "--json",
            "topology",
            "export",
            "--format",
            "open-psa",
            "svc-login",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json.out).expect("JSON");
    assert_eq!(value["format"], "open-psa");
    assert_eq!(value["text"], ran.out.as_str());
}

#[test]
fn export_of_an_unknown_service_is_an_error() {
    let data = tempfile::tempdir().expect("tempdir");
    let ran = vakt(
        data.path(),
        &["topology", "export", "--format", "open-psa", "svc-nothing"],
    );
    assert_eq!(ran.code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(ran.err.contains(r#"no node "svc-nothing""#), "{}", ran.err);
}

#[test]
fn csv_import_writes_the_expected_topology_and_lists_what_it_left_out() {
    let data = tempfile::tempdir().expect("tempdir");
    let source = fixture("estate.csv");
    let ran = vakt(
        data.path(),
        &["topology", "import", "--from", "csv", &source],
    );
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    let expected =
        std::fs::read_to_string(fixtures().join("estate.expected.toml")).expect("expected");
    let dir = format!("{}/", fixtures().display());
    assert_eq!(ran.out.replace(&dir, ""), expected);
    let unmapped: Vec<&str> = ran.err.lines().collect();
    assert_eq!(
        unmapped,
        [
            format!("{source}:2: column \"owner\" has no place in a topology; ignored"),
            format!("{source}:7: crm: needs \"ldap\", which is not in the import; left out"),
        ]
    );

    // Written to a workspace, it loads and answers.
    let workspace = tempfile::tempdir().expect("workspace");
    let out = workspace.path().join("topology.toml");
    let to_file = vakt(
        data.path(),
        &[
            "topology",
            "import",
            "--from",
            "csv",
            &source,
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert_eq!(to_file.code, ExitCode::SUCCESS, "{}", to_file.err);
    assert!(
        to_file.out.contains("5 nodes, 2 items not mapped"),
        "{}",
        to_file.out
    );
    assert_eq!(std::fs::read_to_string(&out).expect("written"), ran.out);
    let check = vakt_in(workspace.path(), data.path(), &["topology", "check"]);
    assert_eq!(check.code, ExitCode::SUCCESS, "{}{}", check.out, check.err);
    assert!(check.out.contains("5 nodes"), "{}", check.out);
}

#[test]
fn backstage_import_reads_several_files() {
    let data = tempfile::tempdir().expect("tempdir");
    let (catalog, resources) = (fixture("catalog-info.yaml"), fixture("resources.yaml"));
    let ran = vakt(
        data.path(),
        &[
            "topology",
            "import",
            "--from",
            "backstage",
            &catalog,
            &resources,
        ],
    );
    assert_eq!(ran.code, ExitCode::SUCCESS, "{}", ran.err);
    let expected =
        std::fs::read_to_string(fixtures().join("backstage.expected.toml")).expect("expected");
    let dir = format!("{}/", fixtures().display());
    assert_eq!(ran.out.replace(&dir, ""), expected);
    assert!(
        ran.err.contains(&format!(
            "{catalog}:39: API \"shop-web\": kind \"api\" is not a dependency in a topology; left out"
        )),
        "{}",
        ran.err
    );
    assert!(
        ran.err.contains(&format!("{resources}:34: ")),
        "{}",
        ran.err
    );

    let json = vakt(
        data.path(),
        &[
            "--json",
            "topology",
            "import",
            "--from",
            "backstage",
            &catalog,
            &resources,
        ],
    );
    assert_eq!(json.code, ExitCode::SUCCESS);
    let value: serde_json::Value = serde_json::from_str(&json.out).expect("JSON");
    assert_eq!(value["unmapped"][0]["file"], catalog.as_str());
    assert_eq!(value["unmapped"][0]["line"], 21);
    assert!(value["nodes"].as_u64().expect("count") > 0);
}

#[test]
fn broken_sources_exit_1_with_file_line_and_column() {
    let data = tempfile::tempdir().expect("tempdir");
    for (from, name) in [
        ("csv", "broken-quote.csv"),
        ("csv", "broken-fields.csv"),
        ("backstage", "broken-indent.yaml"),
        ("backstage", "broken-entity.yaml"),
    ] {
        let source = fixture(name);
        let ran = vakt(
            data.path(),
            &["topology", "import", "--from", from, &source],
        );
        assert_eq!(ran.code, ExitCode::FAILURE, "{name}: {}", ran.out);
        assert!(ran.out.is_empty(), "{name}: {}", ran.out);
        let expected =
            std::fs::read_to_string(fixtures().join(format!("{name}.expected"))).expect("expected");
        let dir = format!("{}/", fixtures().display());
        let err = ran.err.replace(&dir, "");
        assert_eq!(err, format!("vakt: {expected}"), "{name}");
    }
}

#[test]
fn a_csv_import_reads_one_file() {
    let data = tempfile::tempdir().expect("tempdir");
    let source = fixture("estate.csv");
    let ran = vakt(
        data.path(),
        &["topology", "import", "--from", "csv", &source, &source],
    );
    assert_eq!(ran.code, ExitCode::from(vakt_cli::exit::REFUSED));
    assert!(
        ran.err.contains("a CSV import reads one file"),
        "{}",
        ran.err
    );
}
