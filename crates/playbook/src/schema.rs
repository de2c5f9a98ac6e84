//! The JSON Schemas of the definition files, generated from the Rust types.

use schemars::schema_for;

use crate::{Playbook, Workspace};

/// The JSON Schema of a playbook file, as pretty JSON ending in a newline.
pub fn playbook_schema() -> String {
    render(serde_json::to_value(schema_for!(Playbook)))
}

/// The JSON Schema of the workspace file, as pretty JSON ending in a newline.
pub fn workspace_schema() -> String {
    render(serde_json::to_value(schema_for!(Workspace)))
}

fn render(value: Result<serde_json::Value, serde_json::Error>) -> String {
    let text = value
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    format!("{text}\n")
}

/// The schema files as they are committed under `playbooks/schema/`: (file name, content).
pub fn schema_files() -> Vec<(&'static str, String)> {
    vec![
        ("playbook.schema.json", playbook_schema()),
        ("workspace.schema.json", workspace_schema()),
    ]
}
