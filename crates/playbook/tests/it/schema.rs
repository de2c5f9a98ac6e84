//! The JSON Schemas under `playbooks/schema/` are generated from the Rust types; this test fails
//! when they are stale. `UPDATE_EXPECT=1 cargo test -p vakt-playbook --test it schema` rewrites
//! them (expect-test snapshots).

use expect_test::expect_file;

#[test]
fn the_committed_json_schemas_are_up_to_date() {
    let dir = crate::util::playbooks_dir().join("schema");
    for (name, content) in vakt_playbook::schema::schema_files() {
        expect_file![dir.join(name)].assert_eq(&content);
        let value: serde_json::Value = serde_json::from_str(&content).expect("valid JSON");
        assert!(
            value["properties"]["format"].is_object(),
            "{name} describes its fields"
        );
    }
}
