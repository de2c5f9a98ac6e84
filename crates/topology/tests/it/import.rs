//! Import from Backstage catalog descriptors and the documented CSV: the written topology
//! loads and means what the source said, what could not be mapped is listed with file and
//! line, and broken sources are refused with file:line. The written files are compared with
//! `tests/data/import/*.expected*` (`expect-test` snapshots: `UPDATE_EXPECT=1` rewrites them).

use std::path::{Path, PathBuf};

use vakt_topology::{Impact, State, Topology, import_backstage, import_csv, load_str};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

fn read(name: &str) -> (PathBuf, String) {
    let text = std::fs::read_to_string(dir().join(name)).expect("fixture");
    (PathBuf::from(name), text)
}

fn golden(name: &str, got: &str) {
    expect_test::expect_file![dir().join(name)].assert_eq(got);
}

fn down(t: &Topology, fail: &[&str], id: &str) -> State {
    let f: Vec<_> = fail.iter().map(|x| t.find(x).expect("node")).collect();
    Impact::evaluate(t, &f).state(t.find(id).expect("node"))
}

#[test]
fn a_csv_estate_imports_with_its_groups_and_says_what_it_left_out() {
    let (path, text) = read("estate.csv");
    let imported = import_csv(&text, &path).expect("imports");
    golden("estate.expected.toml", &imported.toml);
    assert_eq!(imported.nodes, 5);
    let t = load_str(&imported.toml, Path::new("imported.toml")).expect("the result loads");
    // The group says 1 of 2 feeds: one lost degrades the site, both take it down.
    assert_eq!(down(&t, &["feed-a"], "site-oslo"), State::Degraded);
    assert_eq!(down(&t, &["feed-a", "feed-b"], "crm"), State::Down);
    // Everything else is "all of": the database takes the CRM with it.
    assert_eq!(down(&t, &["crm-db"], "crm"), State::Down);
    let crm = t.node(t.find("crm").expect("crm")).expect("node");
    assert_eq!(crm.name, "The \"CRM\"");
    assert_eq!(crm.rto, Some(4 * 3_600));
    let unmapped: Vec<String> = imported.unmapped.iter().map(ToString::to_string).collect();
    assert_eq!(
        unmapped,
        vec![
            "estate.csv:2: column \"owner\" has no place in a topology; ignored",
            "estate.csv:7: crm: needs \"ldap\", which is not in the import; left out",
        ]
    );
    assert!(
        imported
            .toml
            .contains("# - every dependency is needed, all of it")
    );
}

#[test]
fn backstage_descriptors_import_across_files_and_documents() {
    let files = vec![read("catalog-info.yaml"), read("resources.yaml")];
    let imported = import_backstage(&files).expect("imports");
    golden("backstage.expected.toml", &imported.toml);
    let t = load_str(&imported.toml, Path::new("imported.toml")).expect("the result loads");
    assert_eq!(imported.nodes, 7);
    // The system needs its components; the API needs the queue and one of two databases.
    assert_eq!(down(&t, &["shop-api"], "webshop"), State::Down);
    assert_eq!(down(&t, &["payments-queue"], "webshop"), State::Down);
    assert_eq!(down(&t, &["orders-db-a"], "webshop"), State::Degraded);
    assert_eq!(
        down(&t, &["san-oslo", "orders-db-b"], "webshop"),
        State::Down
    );
    let unmapped: Vec<String> = imported.unmapped.iter().map(ToString::to_string).collect();
    assert_eq!(
        unmapped,
        vec![
            "catalog-info.yaml:21: Component \"shop-frontend\": spec.providesApis has no place in a dependency topology (APIs are not nodes); left out",
            "catalog-info.yaml:35: shop-api: dependsOn resource:default/fraud-check is not in the import; the dependency is left out",
            "catalog-info.yaml:37: Component \"shop-api\": spec.consumesApis has no place in a dependency topology (APIs are not nodes); left out",
            "catalog-info.yaml:39: API \"shop-web\": kind \"api\" is not a dependency in a topology; left out",
            "resources.yaml:23: Resource \"payments-queue\": type \"message-queue\" has no Vakt kind; imported as server-group",
            "resources.yaml:34: Group \"team-shop\": kind \"group\" is not a dependency in a topology; left out",
        ]
    );
}

#[test]
fn broken_sources_are_refused_with_file_and_line() {
    let cases = [
        ("broken-quote.csv", true),
        ("broken-fields.csv", true),
        ("broken-indent.yaml", false),
        ("broken-entity.yaml", false),
    ];
    for (name, csv) in cases {
        let (path, text) = read(name);
        let err = if csv {
            import_csv(&text, &path).expect_err("broken")
        } else {
            import_backstage(&[(path, text)]).expect_err("broken")
        };
        golden(&format!("{name}.expected"), &format!("{err}\n"));
        assert!(err.to_string().starts_with(name), "{err}");
    }
}
