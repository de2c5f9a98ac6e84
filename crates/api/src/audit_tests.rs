//! The access rule as a table test: every operation, asked by an auditor. Each one of the change
//! class is refused with `Forbidden` before anything is written; each one of the read class
//! works and changes nothing either (so an operation declared "read" that writes is caught too).
//! An operation without a sample request here fails the test: a new operation cannot be added
//! without being walked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::json::{RecordLanguage, RunMode, SettingsInput, UserRole};
use crate::operation::{Access, Operation, OperationVisitor, visit_operations};
use crate::ops::*;
use crate::{ErrorCode, Session};

/// A sample request per operation, on the demo workspace; `RUN` and `DATA` are replaced by the
/// run made in the set-up and the data directory.
fn samples() -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("workspace_overview", json!({})),
        ("choose_workspace", json!({ "path": "DATA" })),
        ("settings", json!({})),
        (
            "save_settings",
            json!({ "input": { "userName": "Audrey", "role": "auditor", "language": "en" } }),
        ),
        ("playbook_list", json!({})),
        ("validate", json!({ "folder": null })),
        ("run_list", json!({})),
        (
            "run_start",
            json!({ "playbook": "incident-procedure", "mode": "incident", "title": "x" }),
        ),
        ("run_view", json!({ "run": "RUN" })),
        (
            "run_act",
            json!({ "run": "RUN", "action": { "action": "note", "step": null, "text": "x" } }),
        ),
        (
            "run_attach",
            json!({ "run": "RUN", "path": "DATA/evidence.txt", "step": null, "description": "x" }),
        ),
        (
            "notification_draft",
            json!({ "run": "RUN", "notification": "authority", "customer": null, "language": "nl", "saveTo": null }),
        ),
        (
            "journal_page",
            json!({ "filter": { "run": null, "actor": null, "kind": null, "from": null, "to": null, "before": null } }),
        ),
        ("journal_check", json!({ "checkpoint": null })),
        (
            "evidence_attach",
            json!({ "run": "RUN", "path": "DATA/evidence.txt", "step": null, "description": "x",
                    "method": "disk-image", "collectedBy": null, "collectedAt": null,
                    "sourceHost": null, "sourceSystem": null, "byReference": true, "copyLimit": null }),
        ),
        ("evidence_register", json!({ "run": null })),
        (
            "evidence_custody",
            json!({ "item": "00000000-0000-0000-0000-000000000000", "handedTo": "Kripos", "purpose": "x" }),
        ),
        (
            "evidence_export",
            json!({ "item": "00000000-0000-0000-0000-000000000000", "path": "DATA/out.bin" }),
        ),
        ("evidence_verify", json!({})),
        (
            "journal_export_file",
            json!({ "format": "json", "path": "DATA/export.json" }),
        ),
        ("journal_checkpoint", json!({ "path": null })),
        ("journal_export", json!({ "format": "csv" })),
        ("journal_soak", json!({ "tick": 1 })),
        ("topology_graph", json!({})),
        ("topology_node_spofs", json!({ "nodes": ["svc-login"] })),
        ("topology_check", json!({})),
        (
            "topology_failover",
            json!({ "from": "dc-oslo", "to": "dc-stavanger" }),
        ),
        ("topology_dot", json!({ "failed": ["dc-oslo"] })),
        ("topology_impact", json!({ "failed": ["dc-oslo"] })),
        ("topology_spofs", json!({})),
        ("topology_cut_sets", json!({ "service": "svc-login" })),
        ("task_progress", json!({ "task": "cuts" })),
        ("task_cancel", json!({ "task": "cuts" })),
        (
            "topology_export",
            json!({ "format": "open-psa", "service": "svc-login", "path": null }),
        ),
        (
            "topology_import",
            json!({ "from": "csv", "files": [concat!(env!("CARGO_MANIFEST_DIR"), "/../topology/tests/data/import/estate.csv")], "out": null }),
        ),
        (
            "playbook_upgrade",
            json!({ "path": concat!(env!("CARGO_MANIFEST_DIR"), "/../playbook/tests/fixtures/format1/emergency-patch.toml") }),
        ),
        (
            "topology_recovery",
            json!({ "failed": ["dc-oslo"], "crews": 2 }),
        ),
        (
            "topology_drill",
            json!({ "drill": { "name": "x", "injections": [] } }),
        ),
        (
            "topology_restore_point",
            json!({ "store": "store-crm-db", "item": "any", "wanted": "2026-11-20T12:00:00Z" }),
        ),
        ("recordable_runs", json!({})),
        (
            "produce_record",
            json!({ "run": "RUN", "language": "en", "passphrase": "geheim", "path": "DATA/again.pdf" }),
        ),
        (
            "verify_record",
            json!({ "path": "DATA/record.pdf", "trust": null }),
        ),
        ("signing_identity", json!({})),
        ("signing_certificate", json!({})),
        (
            "render_record",
            json!({ "kind": "incident", "input": null, "language": "en", "passphrase": null, "path": "DATA/demo.pdf" }),
        ),
        (
            "sign_pdf",
            json!({ "input": "DATA/record.pdf", "passphrase": "geheim", "reason": null, "location": null, "path": "DATA/signed.pdf" }),
        ),
        (
            "timestamp_pdf",
            json!({ "input": "DATA/none.pdf", "tsa": "http://127.0.0.1:9/tsa", "path": "DATA/stamped.pdf" }),
        ),
        (
            "generate_identity",
            json!({ "passphrase": "p", "again": "p", "replace": true, "organisation": null }),
        ),
        ("drill_scenarios", json!({})),
        (
            "drill_start",
            json!({ "scenario": "drill-database-point-in-time-restore", "title": null }),
        ),
        ("drill_list", json!({})),
        ("drill_view", json!({ "run": "DRILL" })),
        ("drill_tick", json!({ "run": "DRILL" })),
        (
            "drill_inject",
            json!({ "run": "DRILL", "injection": "migration-corrupts" }),
        ),
        (
            "drill_restore",
            json!({ "run": "DRILL", "nodes": ["store-crm-db"], "at": null, "reason": null, "step": null }),
        ),
        (
            "drill_restore_point",
            json!({ "run": "DRILL", "service": "svc-crm-web", "wanted": null, "item": "any", "tier": null }),
        ),
        (
            "drill_finding",
            json!({ "run": "DRILL", "grade": "minor", "step": null, "service": null, "text": "x", "action": null }),
        ),
        ("corrective_actions", json!({ "overdueOnly": false })),
        ("readiness", json!({})),
        ("programme", json!({})),
        (
            "action_update",
            json!({ "action": "0", "state": "done", "note": "x", "run": null }),
        ),
        (
            "import_identity",
            json!({ "path": "DATA/none.p12", "filePassphrase": "x", "passphrase": "p", "again": "p", "replace": true }),
        ),
    ])
}

fn fill(v: &Value, run: &str, drill: &str, data: &Path) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.replace("DRILL", drill)
                .replace("RUN", run)
                .replace("DATA", &data.display().to_string()),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, run, drill, data)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), fill(x, run, drill, data)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// What an auditor must never change: the journal (count and head) and every file of the data
/// directory except the database's own files and the files the read operations are asked to
/// write (exports), hashed.
fn state(session: &Session, data: &Path) -> (u64, String, BTreeMap<PathBuf, String>) {
    let check = session
        .call(JournalCheckRequest { checkpoint: None })
        .expect("journal check");
    let mut files = BTreeMap::new();
    let mut stack = vec![data.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                stack.push(path);
            } else if !name.starts_with(crate::DATABASE_FILE) && name != "export.json" {
                let bytes = std::fs::read(&path).expect("read");
                files.insert(path, vakt_stdx::sha256_hex(&bytes));
            }
        }
    }
    (check.count, check.head_hash, files)
}

struct Audit<'a> {
    session: &'a Session,
    data: &'a Path,
    run: String,
    drill: String,
    samples: BTreeMap<&'static str, Value>,
    walked: usize,
    failures: Vec<String>,
}

impl OperationVisitor for Audit<'_> {
    fn visit<O: Operation>(&mut self) {
        let Some(sample) = self.samples.get(O::NAME) else {
            self.failures
                .push(format!("{}: no sample request in the audit table", O::NAME));
            return;
        };
        let request: O =
            match serde_json::from_value(fill(sample, &self.run, &self.drill, self.data)) {
                Ok(r) => r,
                Err(e) => {
                    self.failures
                        .push(format!("{}: the sample is not a request: {e}", O::NAME));
                    return;
                }
            };
        self.walked += 1;
        let before = state(self.session, self.data);
        let result = self.session.call(request);
        let after = state(self.session, self.data);
        if before != after {
            self.failures.push(format!(
                "{}: changed the journal or the data directory",
                O::NAME
            ));
        }
        match (O::ACCESS, result) {
            (Access::Change, Err(e)) if e.code == ErrorCode::Forbidden => {}
            (Access::Change, other) => self.failures.push(format!(
                "{}: a change by an auditor was not refused: {other:?}",
                O::NAME,
                other = other.map(|_| "ok")
            )),
            (Access::Read | Access::Preferences, Ok(_)) => {}
            (Access::Read | Access::Preferences, Err(e)) => self
                .failures
                .push(format!("{}: an auditor could not read: {e}", O::NAME)),
        }
    }
}

#[test]
fn an_auditor_reads_every_read_operation_and_is_refused_every_change_before_it_runs() {
    let (data, session) = crate::testing::demo_session();
    let dir = data.path();
    // Set-up as the incident manager: a run, a signing identity, a signed record, evidence.
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                user_name: "Kari".into(),
                role: UserRole::IncidentManager,
                language: "en".into(),
            },
        })
        .expect("settings");
    let run = session
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: "Phishing".into(),
        })
        .expect("start")
        .summary
        .id;
    session
        .call(GenerateIdentityRequest {
            passphrase: "geheim".into(),
            again: "geheim".into(),
            replace: false,
            organisation: None,
            algorithm: None,
        })
        .expect("identity");
    session
        .call(ProduceRecordRequest {
            run: run.clone(),
            language: RecordLanguage::En,
            passphrase: Some("geheim".into()),
            path: dir.join("record.pdf").display().to_string(),
            kind: None,
            reason: None,
            location: None,
        })
        .expect("record");
    std::fs::write(dir.join("evidence.txt"), b"x").expect("evidence");
    let drill = session
        .call(DrillStartRequest {
            scenario: "drill-database-point-in-time-restore".into(),
            title: None,
        })
        .expect("drill")
        .run;
    // Now the auditor.
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                user_name: "Audrey".into(),
                role: UserRole::Auditor,
                language: "en".into(),
            },
        })
        .expect("an auditor may set their own preferences");
    let mut audit = Audit {
        session: &session,
        data: dir,
        run,
        drill,
        samples: samples(),
        walked: 0,
        failures: Vec::new(),
    };
    visit_operations(&mut audit);
    assert!(audit.failures.is_empty(), "{:#?}", audit.failures);
    assert_eq!(audit.walked, crate::OPERATIONS.len());
    let changes = crate::OPERATIONS
        .iter()
        .filter(|o| o.access == Access::Change)
        .count();
    assert!(changes >= 7, "only {changes} operations change anything?");
}
