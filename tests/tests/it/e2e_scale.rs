//! The topology view at scale in the real window (issue 15): a generated 2,000-node topology
//! draws, a failure recolours it, and the failover check refuses a target outside the EU/EEA
//! and one that relies on such a node (with the path). Prints `FIGURE first draw …` and
//! `FIGURE click-to-recoloured …` for docs/topology.md.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a failure is a failed test"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use super::util::{click, save_screenshot, text};
use vakt_tests::repo;
use vakt_tests::webdriver::Session;
use vakt_tests::window::Window;
use vakt_topology::Impact;

const PATIENCE: Duration = Duration::from_secs(120);

/// How many generated nodes.
const NODES: usize = 2_000;

fn type_into(s: &Session, css: &str, text: &str) {
    let e = s.wait_for(css, PATIENCE).expect(css);
    s.clear(&e).expect("clear");
    s.send_keys(&e, text).expect("type");
}

fn attribute_until(s: &Session, css: &str, name: &str, want: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = s
            .find(css)
            .and_then(|e| s.attribute(&e, name))
            .ok()
            .flatten()
            .filter(|v| want(v))
        {
            return v;
        }
        assert!(Instant::now() < deadline, "{css} never got {name}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Writes a workspace holding the generated topology (`generate::layered_nodes(42, 2000)`)
/// plus a cloud region outside the EU/EEA and an EU standby site that relies on it, and the
/// demo's workspace.toml; gives the node whose single failure takes down the most.
fn workspace(dir: &Path) -> String {
    let nodes = vakt_topology::generate::layered_nodes(42, NODES);
    let mut toml = vakt_topology::generate::to_toml(&nodes);
    toml.push_str(
        r#"
[[node]]
id = "us-cloud"
kind = "external-provider"
name = "Cloud region in the United States"
residency = "other"

[[node]]
id = "eu-standby"
kind = "site"
name = "Standby site in the EU"
residency = "eu-eea"
needs = ["us-cloud"]
"#,
    );
    std::fs::write(dir.join("topology.toml"), &toml).expect("write topology");
    std::fs::copy(
        repo::root().join("playbooks/workspace.toml"),
        dir.join("workspace.toml"),
    )
    .expect("copy workspace.toml");
    let t = vakt_topology::load_str(&toml, &dir.join("topology.toml")).expect("loads");
    assert_eq!(t.node_count(), NODES + 2);
    (0..NODES as u32)
        .max_by_key(|&v| {
            (
                Impact::evaluate(&t, &[v]).counts(&t).2,
                std::cmp::Reverse(v),
            )
        })
        .map(|v| t.label(v))
        .expect("a node")
}

#[test]
#[ignore = "needs the app built with the embedded UI; scripts/test builds it and runs this"]
fn a_2000_node_topology_draws_recolours_and_refuses_a_failover_outside_the_eu() {
    let data = tempfile::tempdir().expect("data");
    let folder = tempfile::tempdir().expect("workspace");
    let victim = workspace(folder.path());
    let window = Window::open(
        &repo::app_binary(),
        &["--workspace".into(), folder.path().display().to_string()],
        &[("VAKT_DATA_DIR", data.path())],
    )
    .expect("open the app window");
    let s = window.session();
    click(s, "[data-screen=topology]");
    let screen = "[data-testid=topology-screen]";
    let draw = attribute_until(s, screen, "data-draw-ms", |_| true);
    let build = attribute_until(s, screen, "data-build-ms", |_| true);
    println!(
        "FIGURE first draw of {} nodes: built in {build} ms, first frame painted at {draw} ms (from the graph data to the frame)",
        NODES + 2
    );
    let phases = attribute_until(s, screen, "data-draw-phases", |_| true);
    eprintln!("FIGURE where the build time went: {phases}");
    let _ = save_screenshot(&window, "scale-first-draw.png");

    // Fail the node whose loss takes down the most, from the finder (a click on the canvas
    // runs the same toggle).
    type_into(s, "[data-testid=node-search]", &victim);
    click(s, &format!("[data-testid=toggle-{victim}]"));
    let recoloured = attribute_until(s, screen, "data-impact-ms", |_| true);
    println!(
        "FIGURE click-to-recoloured at {} nodes: {recoloured} ms (impact over IPC and restyle)",
        NODES + 2
    );
    let counts = text(s, "[data-testid=impact-counts]");
    assert!(counts.contains("down"), "{counts}");
    let down: usize = counts
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count first");
    assert!(down >= 2, "the failure takes something down: {counts}");
    let failed = text(s, "[data-testid=failed-nodes]");
    assert!(failed.contains(&victim), "{failed}");
    click(s, "[data-testid=fit]");
    let _ = save_screenshot(&window, "scale-impact.png");

    // The failover check: a target outside the EU/EEA is refused, so is an EU site that relies
    // on one (with the path); the failed node is proposed as the one failing over.
    click(s, "[data-tab=failover]");
    let from = s
        .wait_for("[data-testid=failover-from]", PATIENCE)
        .expect("from");
    assert_eq!(
        s.attribute(&from, "value").expect("value").as_deref(),
        Some(victim.as_str())
    );
    type_into(s, "[data-testid=failover-to]", "us-cloud");
    click(s, "[data-testid=failover-check]");
    let refused = attribute_until(s, "[data-testid=failover-answer]", "data-allowed", |v| {
        v == "false"
    });
    assert_eq!(refused, "false");
    let reasons = text(s, "[data-testid=failover-reasons]");
    assert!(
        reasons.contains("us-cloud") && reasons.contains("outside the EU/EEA"),
        "{reasons}"
    );
    type_into(s, "[data-testid=failover-to]", "eu-standby");
    click(s, "[data-testid=failover-check]");
    let answer = {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let now = s
                .find("[data-testid=failover-answer]")
                .and_then(|e| s.text(&e))
                .unwrap_or_default();
            if now.contains("eu-standby") {
                break now;
            }
            assert!(Instant::now() < deadline, "no answer for eu-standby");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    assert!(answer.contains("Refused"), "{answer}");
    assert!(answer.contains("us-cloud"), "the residency path: {answer}");
    let _ = save_screenshot(&window, "scale-failover.png");
}
