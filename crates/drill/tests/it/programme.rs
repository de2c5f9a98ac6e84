//! The readiness check and the programme on the demo workspace.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use vakt_drill::Measurement;
use vakt_drill::programme::{DrillRecord, Gap, programme, readiness};

use crate::root;
use crate::scenarios::Demo;

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

#[test]
fn the_demo_is_consistent_and_every_gap_kind_is_found() {
    let demo = Demo::load();
    let mut playbooks = vakt_playbook::load_dir(&root().join("playbooks")).playbooks;
    let scenarios: Vec<vakt_drill::Scenario> =
        vakt_drill::load_dir(&root().join("playbooks"), &demo.context())
            .scenarios
            .into_iter()
            .map(|s| s.scenario)
            .collect();
    // Every scenario exercised last month, on the playbooks as they are: no gap.
    let drills: Vec<DrillRecord> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| DrillRecord {
            run: Uuid::from_u128(i as u128 + 1),
            scenario: s.id.clone(),
            started_at: now() - Duration::days(30),
            closed_at: Some(now() - Duration::days(30) + Duration::hours(3)),
            playbook: {
                let p = playbooks
                    .iter()
                    .find(|p| p.playbook.id == s.playbooks[0])
                    .unwrap();
                (p.playbook.id.clone(), p.sha256.clone())
            },
            measurement: Measurement {
                at: now(),
                open: false,
                services: vec![],
            },
        })
        .collect();
    let gaps = readiness(&playbooks, &demo.topology, &scenarios, &drills, now());
    assert_eq!(
        gaps,
        vec![],
        "the demo's clocks, playbooks and drills agree"
    );
    let plan = programme(&scenarios, &drills, now());
    assert_eq!((plan.covered, plan.total), (6, 6));

    // A clock that says 3h for login (RTO 2h), a playbook edited since its drill, a drill
    // thirteen months old.
    let failover = playbooks
        .iter_mut()
        .find(|p| p.playbook.id == "dr-datacenter-failover")
        .unwrap();
    let clock = failover
        .playbook
        .clocks
        .iter_mut()
        .find(|c| c.id == "rto-svc-login-2h")
        .unwrap();
    clock.after = Some(vakt_playbook::Duration::parse("3h").unwrap());
    failover.sha256 = "edited".into();
    let mut old = drills.clone();
    for d in old
        .iter_mut()
        .filter(|d| d.scenario == "drill-azure-region-loss")
    {
        d.started_at = now() - Duration::days(400);
    }
    let gaps = readiness(&playbooks, &demo.topology, &scenarios, &old, now());
    let texts: Vec<String> = gaps.iter().map(Gap::text).collect();
    assert!(texts.iter().any(|t| t == "playbook dr-datacenter-failover: clock rto-svc-login-2h counts 3h but the topology gives svc-login an RTO of 2h"), "{texts:#?}");
    assert!(texts.iter().any(|t| t.starts_with("playbook dr-datacenter-failover changed since scenario drill-datacenter-stavanger-loss exercised it")), "{texts:#?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("scenario drill-azure-region-loss was last exercised")),
        "{texts:#?}"
    );
    let plan = programme(&scenarios, &old, now());
    assert_eq!(plan.covered, 5);

    // A node with an RTO that no playbook names.
    let mut no_status = playbooks.clone();
    for p in &mut no_status {
        for s in &mut p.playbook.steps {
            s.nodes.retain(|n| n != "svc-status-page");
        }
    }
    let gaps = readiness(&no_status, &demo.topology, &scenarios, &drills, now());
    assert!(
        gaps.iter().any(
            |g| matches!(g, Gap::NoPlaybookRestores { node, .. } if node == "svc-status-page")
        ),
        "{gaps:#?}"
    );
    // Never exercised: due now.
    let plan = programme(&scenarios, &[], now());
    assert!(
        plan.entries
            .iter()
            .all(|e| e.overdue && e.next_due.is_none())
    );
}
