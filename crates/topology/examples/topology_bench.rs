//! Benchmarks on a generated 100,000-node topology with mixed requirements.
//!
//! ```text
//! cargo run --release -p vakt-topology --example topology_bench            # everything
//! cargo run --release -p vakt-topology --example topology_bench -- spof    # SPOFs alone (peak RSS)
//! ```
//! Figures go in docs/topology.md. Timings are medians of repeated runs; peak RSS is the
//! process's high-water mark (VmHWM) read from /proc.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

use std::path::Path;
use std::time::{Duration, Instant};

use vakt_topology::generate::{Rng, Shape, layered_nodes, random_nodes, service_nodes, to_toml};
use vakt_topology::open_psa::{products_of_scram_report, to_open_psa};
use vakt_topology::{
    CutBounds, Impact, Topology, Vertex, cut_sets, load_str, recovery_plan,
    single_points_of_failure,
};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut runs = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps {
        let t = Instant::now();
        let out = f();
        runs.push(t.elapsed());
        last = Some(out);
    }
    (median(runs), last.expect("at least one run"))
}

fn failures(rng: &mut Rng, t: &Topology, n: usize) -> Vec<Vertex> {
    (0..n)
        .map(|_| rng.below(t.node_count() as u64) as Vertex)
        .collect()
}

fn main() {
    let only = std::env::args().nth(1);
    if only.as_deref() == Some("write") {
        // The 100,000-node benchmark topology as a file, for `load` in a fresh process.
        let path = std::env::args()
            .nth(2)
            .unwrap_or("/tmp/vakt-bench.toml".into());
        std::fs::write(&path, to_toml(&layered_nodes(42, 100_000))).expect("write");
        println!("wrote {path}");
        return;
    }
    if only.as_deref() == Some("load") {
        let path = std::env::args()
            .nth(2)
            .unwrap_or("/tmp/vakt-bench.toml".into());
        let size = std::fs::metadata(&path).expect("file").len() as f64 / 1e6;
        let start = Instant::now();
        let t = vakt_topology::load_file(Path::new(&path)).expect("loads");
        let took = start.elapsed();
        println!(
            "load_file {path} ({size:.1} MB, {} nodes, {} vertices): {:.2} s; peak RSS {:.0} MB ({:.1}× the file)",
            t.node_count(),
            t.vertex_count(),
            took.as_secs_f64(),
            peak_rss_mb(),
            peak_rss_mb() / size
        );
        return;
    }
    if only.as_deref() == Some("scram") {
        // Vakt's order-2 cut sets next to SCRAM's on the same exported model (whole process
        // for SCRAM, as a user would run it; `timeout` caps each SCRAM run).
        let n: usize = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        let cap: u64 = std::env::args()
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(120);
        let modes: Vec<String> = std::env::args().skip(4).collect();
        let modes = if modes.is_empty() {
            vec!["zbdd".to_string(), "mocus".to_string()]
        } else {
            modes
        };
        let t = Topology::compile(service_nodes(42, n - 1));
        let target = t.find("service").expect("service node");
        let model = format!("/tmp/vakt-service-{n}.xml");
        std::fs::write(&model, to_open_psa(&t, target).expect("exports")).expect("write");
        let bounds = CutBounds {
            max_cone: usize::MAX,
            max_pairs: usize::MAX,
        };
        let (took, cuts) = time(5, || cut_sets(&t, target, bounds));
        let vakt = took.as_secs_f64();
        println!(
            "{n} nodes (cone {}): Vakt {:.4} s (median of 5): {} singles + the service itself, {} pairs",
            cuts.cone,
            vakt,
            cuts.singles.len(),
            cuts.pairs.len()
        );
        for mode in modes {
            let report = format!("/tmp/vakt-service-{n}-{mode}.out.xml");
            let start = Instant::now();
            let status = std::process::Command::new("timeout")
                .arg(cap.to_string())
                .args([
                    "scram",
                    "--limit-order",
                    "2",
                    &format!("--{mode}"),
                    &model,
                    "-o",
                    &report,
                ])
                .stderr(std::process::Stdio::null())
                .status();
            let secs = start.elapsed().as_secs_f64();
            match status {
                Ok(s) if s.success() => {
                    let text = std::fs::read_to_string(&report).unwrap_or_default();
                    let products = products_of_scram_report(&text);
                    let pairs = products.iter().filter(|p| p.len() == 2).count();
                    let singles = products.iter().filter(|p| p.len() == 1).count();
                    println!(
                        "  SCRAM {mode}: {secs:.3} s, {singles} singles, {pairs} pairs (same counts: {}); Vakt is {:.0}× faster",
                        singles == cuts.singles.len() + 1 && pairs == cuts.pairs.len(),
                        secs / vakt
                    );
                }
                Ok(s) if s.code() == Some(124) => {
                    println!("  SCRAM {mode}: did not finish in {cap} s")
                }
                Ok(s) => println!("  SCRAM {mode}: failed after {secs:.1} s ({s})"),
                Err(e) => println!("  SCRAM {mode}: could not run ({e})"),
            }
        }
        return;
    }
    if only.as_deref() == Some("cuts") {
        let n: usize = std::env::args()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000);
        let t = Topology::compile(service_nodes(42, n));
        let target = t.find("service").expect("service node");
        let bounds = CutBounds {
            max_cone: usize::MAX,
            max_pairs: usize::MAX,
        };
        let (took, cuts) = time(3, || cut_sets(&t, target, bounds));
        println!(
            "cut sets of `service` ({} nodes, cone {}): {:.3} s; {} singles, {} pairs",
            t.node_count(),
            cuts.cone,
            took.as_secs_f64(),
            cuts.singles.len(),
            cuts.pairs.len()
        );
        return;
    }
    let nodes = layered_nodes(42, 100_000);
    if only.as_deref() == Some("spof") {
        let stress = std::env::args().nth(2).as_deref() == Some("mixed");
        let stress_nodes: usize = std::env::args()
            .nth(3)
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000);
        let t = if stress {
            // The property-test generator at full size: requirements drawn freely, many "all of".
            Topology::compile(random_nodes(
                42,
                Shape {
                    nodes: stress_nodes,
                    roots: stress_nodes / 100,
                    max_inputs: 9,
                    window: 400,
                    far_percent: 2,
                    back_edge_percent: 0,
                    block: 0,
                    redundant: false,
                },
            ))
        } else {
            Topology::compile(nodes)
        };
        let before = peak_rss_mb();
        let all = std::env::args().nth(2).as_deref() == Some("all");
        let targets: Vec<Vertex> = (0..t.node_count() as Vertex)
            .filter(|&v| all || t.dependents(v).is_empty())
            .collect();
        let start = Instant::now();
        let sets = single_points_of_failure(&t, &targets);
        let took = start.elapsed();
        let total: usize = sets.iter().map(Vec::len).sum();
        println!(
            "all SPOFs (one pass over {} vertices, kept for {} top nodes, {} entries): {:.3} s; peak RSS {:.0} MB (graph alone {:.0} MB)",
            t.vertex_count(),
            targets.len(),
            total,
            took.as_secs_f64(),
            peak_rss_mb(),
            before
        );
        return;
    }
    let text = to_toml(&nodes);
    let (load, t) = time(3, || {
        load_str(&text, Path::new("bench.toml")).expect("generated topology loads")
    });
    println!(
        "graph: {} nodes, {} vertices with group gates, {} edges; file {:.1} MB",
        t.node_count(),
        t.vertex_count(),
        t.edge_count(),
        text.len() as f64 / 1e6
    );
    println!(
        "load and validate (TOML parse, checks, compile, SCC order): {:.0} ms",
        load.as_secs_f64() * 1e3
    );
    let (compile, _) = time(5, || Topology::compile(nodes.clone()));
    println!(
        "  of which compile (CSR + tarjan_scc), incl. cloning the input: {:.0} ms",
        compile.as_secs_f64() * 1e3
    );

    let mut rng = Rng::new(7);
    let fail10 = failures(&mut rng, &t, 10);
    let (full, impact) = time(30, || Impact::evaluate(&t, &fail10));
    let (up, degraded, down) = impact.counts(&t);
    println!(
        "full impact, 10 failures: {:.2} ms ({down} down, {degraded} degraded, {up} up)",
        full.as_secs_f64() * 1e3
    );

    for (label, base) in [
        ("onto an intact topology", Impact::all_up(&t)),
        ("onto 10 earlier failures", impact.clone()),
    ] {
        let mut runs = Vec::new();
        let mut changed = Vec::new();
        for _ in 0..200 {
            let more = failures(&mut rng, &t, 3);
            let mut i = base.clone();
            let start = Instant::now();
            i.fail(&t, &more);
            runs.push(start.elapsed());
            changed.push(
                i.states()
                    .iter()
                    .zip(base.states())
                    .filter(|(a, b)| a != b)
                    .count(),
            );
        }
        runs.sort();
        changed.sort();
        println!(
            "incremental impact, 3 failures {label}: median {:.3} ms, 95th percentile {:.3} ms, max {:.3} ms (vertices changed: median {}, max {})",
            runs[runs.len() / 2].as_secs_f64() * 1e3,
            runs[runs.len() * 95 / 100].as_secs_f64() * 1e3,
            runs[runs.len() - 1].as_secs_f64() * 1e3,
            changed[changed.len() / 2],
            changed[changed.len() - 1]
        );
    }

    let (plan_time, plan) = time(10, || recovery_plan(&t, &impact, 4));
    println!(
        "recovery order after 10 failures, 4 crews: {:.1} ms ({} steps, {} services with RTO down)",
        plan_time.as_secs_f64() * 1e3,
        plan.steps.len(),
        plan.services.len()
    );
    // A hall loses its shared infrastructure: 40 neighbouring hubs at once.
    let hall: Vec<Vertex> = (100..140).collect();
    let (hall_full, hall_impact) = time(30, || Impact::evaluate(&t, &hall));
    let (up, degraded, down) = hall_impact.counts(&t);
    println!(
        "full impact, 40 neighbouring hubs: {:.2} ms ({down} down, {degraded} degraded, {up} up)",
        hall_full.as_secs_f64() * 1e3
    );
    let (plan_time, plan) = time(10, || recovery_plan(&t, &hall_impact, 4));
    println!(
        "recovery order after those 40, 4 crews: {:.1} ms ({} steps, {} services with RTO down, {} miss their RTO)",
        plan_time.as_secs_f64() * 1e3,
        plan.steps.len(),
        plan.services.len(),
        plan.services.iter().filter(|s| !s.meets_rto).count()
    );
    println!(
        "peak RSS so far: {:.0} MB (run with `spof` for the SPOF figure alone)",
        peak_rss_mb()
    );
}
