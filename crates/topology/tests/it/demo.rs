//! Hand-checked answers on the demo topology (`playbooks/topology.toml`), with the reasoning.

use std::path::PathBuf;

use vakt_topology::{
    CutBounds, Impact, State, Topology, Vertex, check_failover, cut_sets, load_file, loops,
    recovery_plan, single_points_of_failure,
};

fn demo() -> Topology {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../playbooks/topology.toml");
    load_file(&path).expect("the demo topology loads")
}

fn v(t: &Topology, id: &str) -> Vertex {
    t.find(id).unwrap_or_else(|| panic!("demo has node {id}"))
}

fn ids(t: &Topology, vs: &[Vertex]) -> Vec<String> {
    let mut out: Vec<String> = vs.iter().map(|&x| t.label(x)).collect();
    out.sort();
    out
}

fn fail(t: &Topology, failed: &[&str]) -> Impact {
    let f: Vec<Vertex> = failed.iter().map(|id| v(t, id)).collect();
    Impact::evaluate(t, &f)
}

#[test]
fn the_shared_node_ids_exist() {
    let t = demo();
    assert!(
        t.node_count() >= 40,
        "at least 40 nodes, got {}",
        t.node_count()
    );
    for id in [
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
    ] {
        assert!(t.find(id).is_some(), "{id} is in the demo topology");
    }
}

#[test]
fn nothing_failed_means_everything_up() {
    let t = demo();
    let i = Impact::evaluate(&t, &[]);
    assert_eq!(i.counts(&t), (t.node_count(), 0, 0));
}

#[test]
fn losing_one_datacenter_leaves_the_crm_web_app_up_but_degraded() {
    // dc-oslo down takes every Oslo zone, server and cluster with it. The CRM web app needs 1
    // of the 2 web clusters (Stavanger's stands), the database (1 of 2 database clusters), the
    // archive (1 of 2 file clusters, 1 of 2 Azure regions) and login (likewise): all stand,
    // each with one leg lost, so the app runs degraded.
    let t = demo();
    let i = fail(&t, &["dc-oslo"]);
    for id in [
        "svc-crm-web",
        "svc-mobile-api",
        "svc-login",
        "svc-document-archive",
        "store-crm-db",
        "store-document-archive",
    ] {
        assert_eq!(i.state(v(&t, id)), State::Degraded, "{id}");
    }
    for id in [
        "web-servers-oslo",
        "db-servers-oslo",
        "zone-dmz-oslo",
        "fw-a-oslo",
        "raid-oslo",
    ] {
        assert_eq!(i.state(v(&t, id)), State::Down, "{id}");
    }
    for id in [
        "dc-stavanger",
        "web-servers-stavanger",
        "db-servers-stavanger",
        "svc-status-page",
        "ups-a-oslo",
    ] {
        assert_eq!(i.state(v(&t, id)), State::Up, "{id}");
    }
    // The VPN needs a firewall at each end, so it is down, and with it both nightly backups,
    // which are sent over it: a finding for the DR lead.
    for id in [
        "vpn-site-to-site",
        "backup-crm-db-nightly",
        "backup-document-archive-nightly",
    ] {
        assert_eq!(i.state(v(&t, id)), State::Down, "{id}");
    }
    // The why-path of the degraded app leads down to the failed datacenter.
    let path = ids_in_order(&t, &i.path(v(&t, "svc-crm-web")));
    assert_eq!(path.first().map(String::as_str), Some("svc-crm-web"));
    assert_eq!(path.last().map(String::as_str), Some("dc-oslo"));
    assert!(path.iter().any(|p| p == "web-servers-oslo"), "{path:?}");
}

fn ids_in_order(t: &Topology, vs: &[Vertex]) -> Vec<String> {
    vs.iter().map(|&x| t.label(x)).collect()
}

#[test]
fn losing_both_power_feeds_of_a_site_takes_the_site_down() {
    // Each UPS is behind one feed; the site needs 1 of its 2 UPS. One feed lost: degraded.
    // Both lost: both UPS down, the power group fails, the site is down.
    let t = demo();
    let one = fail(&t, &["power-feed-a-stavanger"]);
    assert_eq!(one.state(v(&t, "dc-stavanger")), State::Degraded);
    assert_eq!(one.state(v(&t, "svc-crm-web")), State::Degraded);
    let both = fail(&t, &["power-feed-a-stavanger", "power-feed-b-stavanger"]);
    assert_eq!(both.state(v(&t, "dc-stavanger")), State::Down);
    assert_eq!(
        ids_in_order(&t, &both.path(v(&t, "dc-stavanger"))),
        [
            "dc-stavanger",
            "dc-stavanger/power",
            "ups-a-stavanger",
            "power-feed-a-stavanger"
        ]
    );
    assert_eq!(both.state(v(&t, "dc-oslo")), State::Up);
}

#[test]
fn one_web_server_lost_degrades_its_cluster_two_lost_takes_it_down() {
    let t = demo();
    let one = fail(&t, &["web-oslo-2"]);
    assert_eq!(one.state(v(&t, "web-servers-oslo")), State::Degraded);
    assert_eq!(one.state(v(&t, "svc-login")), State::Degraded);
    let two = fail(&t, &["web-oslo-2", "web-oslo-3"]);
    assert_eq!(two.state(v(&t, "web-servers-oslo")), State::Down);
    assert_eq!(two.state(v(&t, "svc-login")), State::Degraded);
}

#[test]
fn single_points_of_failure_of_the_services_by_hand() {
    let t = demo();
    let targets: Vec<Vertex> = [
        "svc-login",
        "svc-crm-web",
        "svc-status-page",
        "svc-document-archive",
    ]
    .iter()
    .map(|id| v(&t, id))
    .collect();
    let sets = single_points_of_failure(&t, &targets);
    // svc-login = all of (front-ends: 1 of the 2 web clusters, identity: 1 of own accounts,
    // Office 365, G Suite). The web clusters sit in different datacenters whose only common
    // dependency is the hosting partner. Office 365 and G Suite depend on nothing here, so no
    // single node takes all three identity routes. Hence exactly: the hosting partner.
    assert_eq!(ids(&t, &sets[0]), ["hosting-partner"]);
    // svc-crm-web needs login, the database and the archive outright, plus 1 of the 2 web
    // clusters: those three, plus what login has (the hosting partner). The database (1 of 2
    // database clusters) and the archive (1 of 2 file clusters and 1 of 2 Azure regions) add
    // nothing but the hosting partner.
    assert_eq!(
        ids(&t, &sets[1]),
        [
            "hosting-partner",
            "store-crm-db",
            "store-document-archive",
            "svc-login"
        ]
    );
    // The status page runs on its host and needs the on-call team to post; nothing else.
    assert_eq!(ids(&t, &sets[2]), ["status-page-host", "team-on-call"]);
    // Archived documents: the archive store, login, and the hosting partner beneath both.
    assert_eq!(
        ids(&t, &sets[3]),
        ["hosting-partner", "store-document-archive", "svc-login"]
    );
}

#[test]
fn cut_sets_of_login_by_hand() {
    // Order 1: the hosting partner (above). Order 2: the front-ends group fails when both web
    // clusters fail. A web cluster (2 of 3 servers) falls alone with its datacenter, its DMZ
    // zone or itself (one server, one firewall, one UPS are not enough). So 3 × 3 = 9 pairs.
    // The identity group needs all three routes to fail: order 3, not listed.
    let t = demo();
    let cuts = cut_sets(&t, v(&t, "svc-login"), CutBounds::default());
    assert!(!cuts.truncated);
    assert_eq!(ids(&t, &cuts.singles), ["hosting-partner"]);
    let mut pairs: Vec<(String, String)> = cuts
        .pairs
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (t.label(a), t.label(b));
            if a < b { (a, b) } else { (b, a) }
        })
        .collect();
    pairs.sort();
    let oslo = ["dc-oslo", "web-servers-oslo", "zone-dmz-oslo"];
    let stavanger = [
        "dc-stavanger",
        "web-servers-stavanger",
        "zone-dmz-stavanger",
    ];
    let mut want: Vec<(String, String)> = Vec::new();
    for a in oslo {
        for b in stavanger {
            let (a, b) = (a.to_string(), b.to_string());
            want.push(if a < b { (a, b) } else { (b, a) });
        }
    }
    want.sort();
    assert_eq!(pairs, want);
}

#[test]
fn cut_sets_say_truncated_past_the_bound() {
    let t = demo();
    let cuts = cut_sets(
        &t,
        v(&t, "svc-crm-web"),
        CutBounds {
            max_cone: 10_000,
            max_pairs: 3,
        },
    );
    assert!(cuts.truncated);
    assert_eq!(cuts.pairs.len(), 3);
    let tight = cut_sets(
        &t,
        v(&t, "svc-crm-web"),
        CutBounds {
            max_cone: 5,
            max_pairs: 100,
        },
    );
    assert!(tight.truncated);
    assert!(tight.pairs.is_empty());
    assert_eq!(
        ids(&t, &tight.singles).len(),
        4,
        "singles are exact even when truncated"
    );
}

#[test]
fn the_demo_has_no_loops() {
    assert!(loops(&demo()).is_empty());
}

#[test]
fn recovery_after_both_web_clusters_fail_by_hand() {
    // Both web clusters fail (a bad deployment). Down: both clusters, login (no front-end),
    // and the CRM app, mobile API and archived documents (all need login). One crew.
    // t=0: both clusters can begin; both serve login (RTO 2h); Oslo wins on order: 0→10m.
    // At 10m login's front-ends group holds again, so Stavanger's cluster only restores
    // redundancy and waits. Login (10m) 10→20m; then the CRM app (RTO 4h, 15m) 20→35m, the
    // mobile API (4h) 35→50m, archived documents (8h) 50→65m, and Stavanger's cluster 65→75m.
    // With unlimited crews: clusters 10m, login 20m, each service 35m.
    let t = demo();
    let i = fail(&t, &["web-servers-oslo", "web-servers-stavanger"]);
    let plan = recovery_plan(&t, &i, 1);
    let order: Vec<(String, u64, u64)> = plan
        .steps
        .iter()
        .map(|s| (t.label(s.node), s.start / 60, s.finish / 60))
        .collect();
    let want: Vec<(String, u64, u64)> = [
        ("web-servers-oslo", 0, 10),
        ("svc-login", 10, 20),
        ("svc-crm-web", 20, 35),
        ("svc-mobile-api", 35, 50),
        ("svc-document-archive", 50, 65),
        ("web-servers-stavanger", 65, 75),
    ]
    .iter()
    .map(|&(a, b, c)| (a.to_string(), b, c))
    .collect();
    assert_eq!(order, want);
    let svc: Vec<(String, Option<u64>, Option<u64>, bool)> = plan
        .services
        .iter()
        .map(|s| {
            (
                t.label(s.node),
                s.planned.map(|p| p / 60),
                s.earliest.map(|e| e / 60),
                s.meets_rto,
            )
        })
        .collect();
    assert_eq!(
        svc,
        [
            ("svc-login".to_string(), Some(20), Some(20), true),
            ("svc-crm-web".to_string(), Some(35), Some(35), true),
            ("svc-mobile-api".to_string(), Some(50), Some(35), true),
            ("svc-document-archive".to_string(), Some(65), Some(35), true),
        ]
    );
    assert_eq!(plan.makespan, 75 * 60);
}

#[test]
fn losing_the_hosting_partner_breaks_every_rto_by_any_order() {
    // The partner takes a day to replace; login (RTO 2h) and the CRM app (4h) sit above it,
    // so even unlimited crews cannot meet those RTOs: the plan must flag them.
    let t = demo();
    let i = fail(&t, &["hosting-partner"]);
    let plan = recovery_plan(&t, &i, 2);
    let login = plan
        .services
        .iter()
        .find(|s| s.node == v(&t, "svc-login"))
        .expect("login is down and listed");
    assert!(!login.meets_rto);
    assert!(login.earliest.expect("recoverable") > login.rto);
    assert_eq!(
        plan.steps[0].node,
        v(&t, "hosting-partner"),
        "first the partner"
    );
    assert!(plan.unrecoverable.is_empty());
    // The status page does not depend on the partner and is not in the plan.
    assert!(
        plan.services
            .iter()
            .all(|s| s.node != v(&t, "svc-status-page"))
    );
}

#[test]
fn failover_between_norwegian_datacenters_is_allowed() {
    let t = demo();
    let verdict = check_failover(&t, v(&t, "dc-oslo"), v(&t, "dc-stavanger"));
    assert!(verdict.allowed, "{verdict:?}");
    assert!(verdict.remarks.is_empty());
    let azure = check_failover(
        &t,
        v(&t, "azure-archive-westeurope"),
        v(&t, "azure-archive-northeurope"),
    );
    assert!(azure.allowed);
}

#[test]
fn failover_to_a_target_of_unknown_residency_is_refused_with_the_reason() {
    let t = demo();
    let verdict = check_failover(&t, v(&t, "app-accounts"), v(&t, "g-suite"));
    assert!(!verdict.allowed);
    assert!(
        verdict.reasons[0].contains("not stated"),
        "{:?}",
        verdict.reasons
    );
    assert!(verdict.remarks[0].contains("not listed"));
}
