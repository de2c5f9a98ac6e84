//! The JSON Schemas under `playbooks/schema/` are generated from the Rust types; this test fails
//! when they are stale. `VAKT_BLESS=1 cargo test -p vakt-playbook --test schema` rewrites them.

use std::path::Path;

#[test]
fn the_committed_json_schemas_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks/schema");
    let bless = std::env::var_os("VAKT_BLESS").is_some();
    for (name, content) in vakt_playbook::schema::schema_files() {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).expect("schema folder");
            std::fs::write(&path, &content).expect("write schema");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == content,
            "{} is stale: run `VAKT_BLESS=1 cargo test -p vakt-playbook --test schema`",
            path.display()
        );
        let value: serde_json::Value = serde_json::from_str(&committed).expect("valid JSON");
        assert!(
            value["properties"]["format"].is_object(),
            "{name} describes its fields"
        );
    }
}
