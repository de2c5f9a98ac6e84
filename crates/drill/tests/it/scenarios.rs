//! Every shipped scenario loads against the demo workspace; every broken one is rejected with
//! its problems at file:line:col; the committed JSON Schema is current.

use std::collections::BTreeSet;

use expect_test::expect_file;
use vakt_drill::format::json_schema;
use vakt_drill::scenario::load_bytes;
use vakt_drill::{Context, Objective, TargetSource, load_dir};

use crate::root;

pub struct Demo {
    pub topology: vakt_topology::Topology,
    pub playbooks: BTreeSet<String>,
    pub roles: BTreeSet<String>,
    pub stores: BTreeSet<String>,
    pub languages: Vec<String>,
}

impl Demo {
    pub fn load() -> Demo {
        let dir = root().join("playbooks");
        let topology = vakt_topology::load_file(&dir.join("topology.toml")).unwrap();
        let loaded = vakt_playbook::load_dir(&dir);
        let workspace = loaded.workspace.clone().unwrap();
        let retention = vakt_retention::Retention::load_file(&dir.join("retention.toml")).unwrap();
        Demo {
            topology,
            playbooks: loaded
                .playbooks
                .iter()
                .map(|p| p.playbook.id.clone())
                .collect(),
            roles: workspace.roles.iter().map(|r| r.id.clone()).collect(),
            stores: retention.stores.iter().map(|s| s.id.clone()).collect(),
            languages: workspace.organisation.languages.clone(),
        }
    }

    pub fn context(&self) -> Context<'_> {
        Context {
            topology: Some(&self.topology),
            playbooks: Some(&self.playbooks),
            roles: Some(&self.roles),
            stores: Some(&self.stores),
            languages: Some(&self.languages),
        }
    }
}

#[test]
fn every_shipped_scenario_loads_against_the_demo_workspace() {
    let demo = Demo::load();
    let loaded = load_dir(&root().join("playbooks"), &demo.context());
    assert_eq!(
        loaded.problems,
        vec![],
        "shipped scenarios have no problems"
    );
    let ids: Vec<&str> = loaded
        .scenarios
        .iter()
        .map(|s| s.scenario.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "drill-azure-region-loss",
            "drill-database-point-in-time-restore",
            "drill-datacenter-stavanger-loss",
            "drill-deleted-document-restore",
            "drill-hosting-partner-loss",
            "drill-nightly-backup-failure",
        ]
    );
    // Targets come from the topology, or from a stated override.
    let stavanger = loaded.get("drill-datacenter-stavanger-loss").unwrap();
    let crm = stavanger.scenario.service("svc-crm-web").unwrap();
    assert_eq!(crm.rto.as_ref().unwrap().seconds, 4 * 3600);
    assert_eq!(crm.rto.as_ref().unwrap().source, TargetSource::Topology);
    assert_eq!(crm.rpo.as_ref().unwrap().seconds, 0);
    assert_eq!(stavanger.scenario.playbooks, ["dr-datacenter-failover"]);
    let deleted = loaded.get("drill-deleted-document-restore").unwrap();
    let archive = deleted.scenario.service("store-document-archive").unwrap();
    assert!(archive.measures(Objective::Rpo) && !archive.measures(Objective::Rto));
    assert_eq!(archive.rpo.as_ref().unwrap().seconds, 86_400);
    assert!(matches!(
        archive.rpo.as_ref().unwrap().source,
        TargetSource::Override { .. }
    ));
    // Each names a real playbook.
    for s in &loaded.scenarios {
        for p in &s.scenario.playbooks {
            assert!(demo.playbooks.contains(p), "{p}");
        }
    }
}

#[test]
fn the_playbook_loader_leaves_scenarios_alone() {
    let loaded = vakt_playbook::load_dir(&root().join("playbooks"));
    assert!(
        loaded
            .problems
            .iter()
            .all(|p| !p.file.starts_with("drills")),
        "{:?}",
        loaded.problems
    );
    assert!(loaded.other_files.iter().any(|f| f.starts_with("drills/")));
}

#[test]
fn every_broken_scenario_reports_its_problems_with_line_and_column() {
    let demo = Demo::load();
    let dir = root().join("crates/drill/tests/broken");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "the corpus has its files");
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let problems =
            load_bytes(&name, &bytes, &demo.context()).expect_err(&format!("{name} is broken"));
        let text: String = problems.iter().map(|p| format!("{p}\n")).collect();
        let expected = dir.join(name.replace(".toml", ".expected"));
        expect_file![expected].assert_eq(&text);
    }
}

#[test]
fn the_committed_json_schema_is_current() {
    expect_file![root().join("playbooks/schema/drill.schema.json")].assert_eq(&json_schema());
}

#[test]
fn a_scenario_id_used_twice_is_a_problem_in_each_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let text = std::fs::read_to_string(root().join("playbooks/drills/nightly-backup-failure.toml"))
        .unwrap();
    std::fs::create_dir_all(dir.join("drills")).unwrap();
    std::fs::write(dir.join("drills/a.toml"), &text).unwrap();
    std::fs::write(dir.join("drills/b.toml"), &text).unwrap();
    let loaded = load_dir(dir, &Context::default());
    assert!(loaded.scenarios.is_empty());
    assert_eq!(loaded.problems.len(), 2);
    assert!(loaded.problems[0].to_string().starts_with("drills/a.toml:1:1: scenario id `drill-nightly-backup-failure` is used by drills/a.toml, drills/b.toml"));
}
