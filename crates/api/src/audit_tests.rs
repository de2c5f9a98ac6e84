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
            json!({ "input": { "role": "auditor", "language": "en" } }),
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
        ("data_status", json!({})),
        ("journal_state", json!({})),
        ("data_unlock", json!({ "passphrase": "x" })),
        ("data_unlock_keyring", json!({})),
        ("data_keyring_on", json!({ "passphrase": "x" })),
        ("data_keyring_off", json!({})),
        (
            "data_encrypt",
            json!({ "passphrase": "copper lantern drifts past quiet harbour" }),
        ),
        (
            "data_change_passphrase",
            json!({ "old": "x", "new": "copper lantern drifts past quiet harbour" }),
        ),
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
            json!({ "run": "RUN", "language": "en", "passphrase": "geheim vuurtoren zeventien kralen", "path": "DATA/again.pdf" }),
        ),
        (
            "verify_record",
            json!({ "path": "DATA/record.pdf", "trust": null }),
        ),
        ("signing_identity", json!({})),
        ("me", json!({})),
        ("confirm_person_name", json!({ "name": "Audrey the Great" })),
        (
            "set_person_passphrase",
            json!({ "passphrase": "correct horse battery staple", "again": "correct horse battery staple", "current": null }),
        ),
        (
            "import_person_pkcs12",
            json!({ "path": concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/people/ingrid-berg.p12"),
                    "filePassphrase": "test-key-only", "passphrase": "correct horse battery staple",
                    "again": "correct horse battery staple" }),
        ),
        (
            "person_add",
            json!({ "name": "Mallory", "algorithm": null }),
        ),
        ("signing_certificate", json!({})),
        (
            "render_record",
            json!({ "kind": "incident", "input": null, "language": "en", "passphrase": null, "path": "DATA/demo.pdf" }),
        ),
        (
            "sign_pdf",
            json!({ "input": "DATA/record.pdf", "passphrase": "geheim vuurtoren zeventien kralen", "reason": null, "location": null, "path": "DATA/signed.pdf" }),
        ),
        (
            "timestamp_pdf",
            json!({ "input": "DATA/none.pdf", "tsa": "http://127.0.0.1:9/tsa", "path": "DATA/stamped.pdf" }),
        ),
        (
            "generate_identity",
            json!({ "passphrase": "p", "again": "p", "replace": true, "organisation": null }),
        ),
        ("record_signoffs", json!({ "run": "RUN" })),
        (
            "sign_off_record",
            json!({ "run": "RUN", "person": "Kari", "passphrase": "p", "path": "DATA/signed-off.pdf" }),
        ),
        (
            "ca_create",
            json!({ "folder": "DATA/../ca", "passphrase": "p", "again": "p" }),
        ),
        (
            "ca_issue",
            json!({ "folder": "DATA/identity", "passphrase": "geheim vuurtoren zeventien kralen", "person": "Kari" }),
        ),
        // Any folder in the identity layout reads as a CA's certificate.
        ("ca_certificate", json!({ "folder": "DATA/identity" })),
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
        (
            "drill_judge",
            json!({ "run": "DRILL", "criterion": 0, "met": true, "note": "x" }),
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
        // The team journal (issue 14): reads of the team server go to a closed port.
        ("team_init", json!({ "server": null })),
        ("team_enrol", json!({ "server": null })),
        (
            "team_approve",
            json!({ "server": null, "device": "00000000-0000-0000-0000-000000000000" }),
        ),
        ("team_devices", json!({ "server": NO_SERVER })),
        ("team_sync", json!({ "server": null })),
        ("team_status", json!({})),
        (
            "team_anchor",
            json!({ "server": null, "reason": "x", "run": null }),
        ),
        ("journal_against_server", json!({ "server": NO_SERVER })),
        (
            "journal_bundle_export",
            json!({ "path": "DATA/export.json", "checkpoint": null, "since": null }),
        ),
        (
            "journal_bundle_import",
            json!({ "path": "DATA/none.bundle" }),
        ),
    ])
}

/// A team server nobody listens at: a read of it is not refused, it finds nothing there.
const NO_SERVER: &str = "host=127.0.0.1 port=9 dbname=vakt user=audrey connect_timeout=2";

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
            // A read of the team server that cannot reach it: not refused, only unanswered.
            (Access::Read, Err(e))
                if e.code == ErrorCode::Unavailable && sample.to_string().contains("port=9") => {}
            (Access::Read | Access::Preferences, Err(e)) => self
                .failures
                .push(format!("{}: an auditor could not read: {e}", O::NAME)),
        }
    }
}

/// The set-up as the incident manager: a run, a signing identity, a signed record, evidence.
fn set_up() -> (tempfile::TempDir, Session, (String, String)) {
    let (data, session) = crate::testing::demo_session();
    let dir = data.path();
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
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
            passphrase: "geheim vuurtoren zeventien kralen".into(),
            again: "geheim vuurtoren zeventien kralen".into(),
            replace: false,
            organisation: None,
            algorithm: None,
        })
        .expect("identity");
    session
        .call(ProduceRecordRequest {
            run: run.clone(),
            language: RecordLanguage::En,
            passphrase: Some("geheim vuurtoren zeventien kralen".into()),
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
    (data, session, (run, drill))
}

fn walk(session: &Session, dir: &Path, (run, drill): (String, String)) {
    let mut audit = Audit {
        session,
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

#[test]
fn an_auditor_reads_every_read_operation_and_is_refused_every_change_before_it_runs() {
    let (data, session, run) = set_up();
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                role: UserRole::Auditor,
                language: "en".into(),
            },
        })
        .expect("an auditor may set their own preferences");
    walk(&session, data.path(), run);
}

/// A person the workspace lists as an auditor changes nothing whatever role they claim in the
/// settings or by flag: Audrey Vik of the demo workspace, with her (published) test key.
#[test]
fn a_listed_auditor_is_refused_every_change_whatever_role_or_name_they_pass() {
    let (data, session, run) = set_up();
    session
        .call(PersonAddRequest {
            name: "Audrey".into(),
            algorithm: None,
        })
        .expect("add Audrey");
    let audrey = || crate::Acting {
        person: Some("Audrey".into()),
        role: Some("incident-manager".into()),
    };
    session.act_as(audrey()).expect("act as Audrey");
    let me = session
        .call(ImportPersonPkcs12Request {
            path: concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/people/audrey-vik.p12"
            )
            .into(),
            file_passphrase: "test-key-only".into(),
            passphrase: "lilac tractor humming underwater".into(),
            again: "lilac tractor humming underwater".into(),
        })
        .expect("Audrey's test key");
    assert!(me.person.auditor, "{me:?}");
    assert_eq!(me.person.workspace_person.as_deref(), Some("audrey-vik"));
    // The settings claim the incident manager, the flag too: still refused.
    walk(&session, data.path(), run.clone());
    let err = session
        .call(RunActRequest {
            run: run.0.clone(),
            action: crate::json::RunAction::Note {
                step: None,
                text: "x".into(),
            },
        })
        .expect_err("an auditor's note");
    assert_eq!(err.code, ErrorCode::Forbidden);
    // Passing someone else's name is refused outright: --actor never invents a person.
    let err = session
        .act_as(crate::Acting {
            person: Some("Kari Incident".into()),
            role: None,
        })
        .expect_err("unknown person");
    assert!(err.message.contains("no person `Kari Incident`"), "{err}");
}
