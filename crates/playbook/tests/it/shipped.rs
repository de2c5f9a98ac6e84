//! Every definition shipped in the repository's `playbooks/` folder loads without a problem.

use std::collections::BTreeSet;
use vakt_playbook::{Category, Duration, Playbook, Workspace, load_dir};

use crate::util::{ROLES, playbooks_dir};

/// Topology node ids shared across issues (the demo topology defines them).
const NODES: &[&str] = &[
    "dc-oslo",
    "dc-stavanger",
    "hosting-partner",
    "vpn-site-to-site",
    "azure-archive-westeurope",
    "azure-archive-northeurope",
    "store-crm-db",
    "store-document-archive",
    "backup-crm-db-nightly",
    "backup-document-archive-nightly",
    "team-on-call",
    "svc-crm-web",
    "svc-mobile-api",
    "svc-document-archive",
    "svc-login",
    "svc-status-page",
];

#[test]
fn the_shipped_workspace_loads_without_a_problem() {
    let loaded = load_dir(&playbooks_dir());
    let problems: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let workspace = loaded.workspace.as_ref().expect("workspace.toml");
    let roles: BTreeSet<&str> = workspace.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(roles, ROLES.iter().copied().collect::<BTreeSet<&str>>());
    assert_eq!(workspace.organisation.languages, ["en", "nl"]);
    let ids: BTreeSet<&str> = loaded
        .playbooks
        .iter()
        .map(|p| p.playbook.id.as_str())
        .collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "incident-procedure",
            "dr-backup-failure",
            "dr-bad-release",
            "dr-cross-customer-exposure",
            "dr-ddos",
            "dr-hosting-partner-breach",
            "dr-privileged-admin-compromise",
            "dr-tls-key-compromise",
            "dr-vpn-loss",
            "dr-datacenter-failover",
            "dr-database-point-in-time-restore",
            "dr-archived-document-restore",
            "dr-monthly-yearly-backup-restore",
            "dr-hosting-partner-loss",
            "dr-azure-region-loss",
            "dr-emergency-firewall-change",
            "dr-emergency-patch",
            "dr-malware-outbreak",
            "dr-account-compromise",
            "dr-planned-maintenance",
        ])
    );
}

#[test]
fn each_shipped_playbook_is_complete_in_english_and_dutch_and_names_shared_nodes() {
    let loaded = load_dir(&playbooks_dir());
    for p in &loaded.playbooks {
        let pb = &p.playbook;
        let expected_dir = match pb.category {
            Category::Incident => "incident/",
            Category::Dr => "dr/",
        };
        assert!(
            p.path.starts_with(expected_dir),
            "{} is in {}",
            pb.id,
            p.path
        );
        for step in &pb.steps {
            for text in [&step.title, &step.instructions] {
                assert!(
                    !text.get("en").is_empty() && text.0.contains_key("nl"),
                    "{}/{}",
                    pb.id,
                    step.id
                );
                assert_ne!(
                    text.0["en"], text.0["nl"],
                    "{}/{} is not translated",
                    pb.id, step.id
                );
            }
            for node in &step.nodes {
                assert!(
                    NODES.contains(&node.as_str()),
                    "{}/{} names unknown node {node}",
                    pb.id,
                    step.id
                );
            }
        }
    }
}

#[test]
fn the_serde_types_read_each_shipped_file_exactly_as_the_loader_does() {
    // The JSON Schema comes from the serde types; this keeps them and the loader in step.
    let loaded = load_dir(&playbooks_dir());
    for p in &loaded.playbooks {
        let via_serde: Playbook = toml::from_str(&p.source).expect("serde reads the shipped file");
        assert_eq!(via_serde, p.playbook, "{}", p.path);
        let json = serde_json::to_value(&p.playbook).expect("json");
        let back: Playbook = serde_json::from_value(json).expect("json round trip");
        assert_eq!(back, p.playbook);
    }
    let text = std::fs::read_to_string(playbooks_dir().join("workspace.toml")).expect("read");
    let via_serde: Workspace = toml::from_str(&text).expect("serde reads workspace.toml");
    assert_eq!(Some(via_serde), loaded.workspace);
}

#[test]
fn the_incident_procedure_carries_the_gdpr_clock_and_the_27035_phases() {
    let loaded = load_dir(&playbooks_dir());
    let p = &loaded
        .playbook("incident-procedure")
        .expect("incident procedure")
        .playbook;
    let gdpr = p
        .clocks
        .iter()
        .find(|c| c.id == "gdpr-art33-72h")
        .expect("GDPR clock");
    assert_eq!(gdpr.from, "awareness");
    assert_eq!(gdpr.after, Some(Duration::parse("72h").expect("72h")));
    assert_eq!(gdpr.stops_when.as_deref(), Some("authority-notified"));
    for step in [
        "report-event",
        "triage",
        "personal-data",
        "notify-authority",
        "art34-decision",
        "contain",
        "eradicate",
        "recover",
        "root-cause",
        "corrective-actions",
        "final-report",
    ] {
        assert!(p.step(step).is_some(), "missing phase step {step}");
    }
    let triage = p
        .step("triage")
        .and_then(|s| s.decision.as_ref())
        .expect("triage decision");
    assert!(
        triage.options.iter().all(|o| o.criteria.is_some()),
        "event-or-incident criteria"
    );
    let maintenance = &loaded
        .playbook("dr-planned-maintenance")
        .expect("maintenance")
        .playbook;
    let notice = &maintenance.clocks[0];
    assert_eq!(notice.before, Some(Duration::parse("24h").expect("24h")));
}
