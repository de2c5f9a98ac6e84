//! Vakt against SCRAM, an independent fault-tree engine: the fault tree of a generated
//! service is exported as Open-PSA MEF, SCRAM computes its minimal cut sets of order ≤ 2 with
//! its ZBDD engine, and they must equal Vakt's. Skipped, with a message, when the `scram`
//! binary is not installed (`apt-get install scram`; `scripts/setup` installs it).

use std::path::Path;
use std::process::Command;

use vakt_topology::generate::service_nodes;
use vakt_topology::open_psa::products_of_scram_report;
use vakt_topology::{CutBounds, Topology, cut_sets, to_open_psa};

fn scram_present() -> bool {
    Command::new("scram").arg("--version").output().is_ok()
}

/// SCRAM's order-≤2 cut sets of an exported file, each sorted, all sorted.
fn scram_cut_sets(model: &Path, report: &Path) -> Vec<Vec<String>> {
    let out = Command::new("scram")
        .args(["--limit-order", "2", "--zbdd"])
        .arg(model)
        .arg("-o")
        .arg(report)
        .output()
        .expect("scram runs");
    assert!(
        out.status.success(),
        "scram failed on {}: {}",
        model.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(report).expect("scram wrote its report");
    let mut products = products_of_scram_report(&text);
    products.sort();
    products
}

#[test]
fn scram_finds_the_same_order_two_cut_sets_as_vakt() {
    if !scram_present() {
        println!(
            "SKIPPED: the `scram` binary is not installed (apt-get install scram); \
             Vakt was not compared with SCRAM"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("vakt-scram-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (seed, nodes) in [(1u64, 60usize), (2, 500), (3, 2_000)] {
        // `service_nodes` adds the service on top of the generated estate.
        let t = Topology::compile(service_nodes(seed, nodes - 1));
        let target = t.find("service").expect("service node");
        let xml = to_open_psa(&t, target).expect("no loops in a layered estate");
        let model = dir.join(format!("service-{nodes}.xml"));
        std::fs::write(&model, &xml).expect("write model");
        let scram = scram_cut_sets(&model, &dir.join(format!("report-{nodes}.xml")));

        let cuts = cut_sets(
            &t,
            target,
            CutBounds {
                max_cone: 100_000,
                max_pairs: 1_000_000,
            },
        );
        assert!(!cuts.truncated);
        // SCRAM lists the service's own failure as a cut set; Vakt leaves the target out.
        let mut vakt: Vec<Vec<String>> = vec![vec!["service".to_string()]];
        vakt.extend(cuts.singles.iter().map(|&v| vec![t.label(v)]));
        vakt.extend(cuts.pairs.iter().map(|&(a, b)| {
            let mut p = vec![t.label(a), t.label(b)];
            p.sort();
            p
        }));
        vakt.sort();
        assert!(
            cuts.pairs.len() > 3,
            "{nodes} nodes: the model should have pairs"
        );
        assert_eq!(
            scram.len(),
            vakt.len(),
            "{nodes} nodes: SCRAM and Vakt count different cut sets"
        );
        assert_eq!(scram, vakt, "{nodes} nodes");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cone_with_a_loop_is_refused_with_its_members() {
    let text = r#"
format = 1
kind = "topology"
[[node]]
id = "vm-cluster"
kind = "server-group"
name = "VM cluster"
needs = ["directory"]
[[node]]
id = "directory"
kind = "server"
name = "Directory"
needs = ["vm-cluster"]
[[node]]
id = "crm"
kind = "business-service"
name = "CRM"
needs = ["vm-cluster"]
"#;
    let t = vakt_topology::load_str(text, Path::new("loop.toml")).expect("loads");
    let err = to_open_psa(&t, t.find("crm").expect("crm")).expect_err("a loop");
    assert_eq!(
        err.to_string(),
        "crm depends on a dependency loop (directory, vm-cluster); a fault tree cannot express loops"
    );
}

#[test]
fn names_and_labels_are_escaped_and_reversible() {
    let text = r#"
format = 1
kind = "topology"
[[node]]
id = "feed-a-"
kind = "power-feed"
name = "Feed <A> & \"B\""
[[node]]
id = "9-site"
kind = "site"
name = "Site"
needs = ["feed-a-"]
"#;
    let t = vakt_topology::load_str(text, Path::new("names.toml")).expect("loads");
    let xml = to_open_psa(&t, t.find("9-site").expect("site")).expect("exports");
    assert!(xml.contains("<basic-event name=\"e_feed_a_\"/>"), "{xml}");
    assert!(xml.contains("Feed &lt;A&gt; &amp; &quot;B&quot;"), "{xml}");
    assert_eq!(
        vakt_topology::open_psa::id_of_event("e_feed_a_").as_deref(),
        Some("feed-a-")
    );
    if scram_present() {
        let dir = std::env::temp_dir().join(format!("vakt-scram-names-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let model = dir.join("names.xml");
        std::fs::write(&model, &xml).expect("write");
        let products = scram_cut_sets(&model, &dir.join("report.xml"));
        assert_eq!(
            products,
            vec![vec!["9-site".to_string()], vec!["feed-a-".to_string()]]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
