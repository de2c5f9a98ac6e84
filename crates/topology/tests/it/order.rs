//! The answers do not depend on the order of the nodes in the file: the recovery tie of issue
//! 15 by hand, then a property test that shuffles the node order of generated topologies and
//! compares impact, single points of failure, cut sets and recovery plans by node id.

use std::collections::BTreeSet;
use std::path::Path;

use vakt_topology::generate::{Rng, Shape, random_nodes, to_toml};
use vakt_topology::{
    CutBounds, Impact, Node, State, Topology, Vertex, cut_sets, load_str, recovery_plan,
    single_points_of_failure,
};

const HOUR: u64 = 3_600;

/// q and r (servers) and p (a power feed) take an hour each to repair; s1 and s2 (business
/// services, RTO 1h45m) need p and take 30 minutes. `first` decides which of them the file
/// lists first.
fn tie(p_first: bool) -> Topology {
    let node = |id: &str, kind: &str, extra: &str| {
        format!("[[node]]\nid = \"{id}\"\nkind = \"{kind}\"\nname = \"{id}\"\n{extra}\n")
    };
    let q = node("q", "server", "recovery = \"1h\"");
    let r = node("r", "server", "recovery = \"1h\"");
    let p = node("p", "power-feed", "recovery = \"1h\"");
    let s = |id: &str| {
        node(
            id,
            "business-service",
            "rto = \"1h45m\"\nrecovery = \"30m\"\nneeds = [\"p\"]",
        )
    };
    let body = if p_first {
        [p, q, r, s("s1"), s("s2")].concat()
    } else {
        [q, r, p, s("s1"), s("s2")].concat()
    };
    let text = format!("format = 1\nkind = \"topology\"\n\n{body}");
    load_str(&text, Path::new("tie.toml")).expect("the tie topology loads")
}

#[test]
fn a_crew_freed_at_a_moment_waits_until_every_repair_of_that_moment_is_in() {
    // Two crews. At 0 one takes p (s1 and s2 wait on it, RTO 1h45m) and the other takes q (no
    // service waits on q or r; q before r by id). At +1h p and q are back together: both
    // crews are free, s1 and s2 can begin, and they outrank r, so both run +1h → +1h30m and
    // meet their RTO; r follows at +1h30m. The file order must not matter.
    for p_first in [false, true] {
        let t = tie(p_first);
        let failed: Vec<Vertex> = ["q", "r", "p"]
            .iter()
            .map(|id| t.find(id).expect("node"))
            .collect();
        let impact = Impact::evaluate(&t, &failed);
        let plan = recovery_plan(&t, &impact, 2);
        let steps: Vec<(String, u64, u64)> = plan
            .steps
            .iter()
            .map(|s| (t.label(s.node), s.start, s.finish))
            .collect();
        let want = |id: &str, start: u64, finish: u64| (id.to_string(), start, finish);
        assert_eq!(
            steps,
            vec![
                want("p", 0, HOUR),
                want("q", 0, HOUR),
                want("s1", HOUR, HOUR + HOUR / 2),
                want("s2", HOUR, HOUR + HOUR / 2),
                want("r", HOUR + HOUR / 2, 2 * HOUR + HOUR / 2),
            ],
            "p listed first: {p_first}"
        );
        assert_eq!(plan.services.len(), 2);
        for s in &plan.services {
            assert!(
                s.meets_rto,
                "{} misses its RTO (p listed first: {p_first})",
                t.label(s.node)
            );
            assert_eq!(s.planned, Some(HOUR + HOUR / 2));
        }
    }
}

/// The same nodes in another order: references renumbered, groups and lists kept as written.
fn permuted(nodes: &[Node], rng: &mut Rng) -> Vec<Node> {
    let n = nodes.len();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut new_index = vec![0 as Vertex; n];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as Vertex;
    }
    let map = |vs: &[Vertex]| {
        vs.iter()
            .map(|&v| new_index[v as usize])
            .collect::<Vec<_>>()
    };
    order
        .iter()
        .map(|&old| {
            let mut node = nodes[old].clone();
            node.needs = map(&node.needs);
            for g in &mut node.groups {
                g.members = map(&g.members);
            }
            node.failover = map(&node.failover);
            node
        })
        .collect()
}

fn graphs() -> u64 {
    std::env::var("VAKT_PROPERTY_GRAPHS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}

/// A plan step by id: node, start, finish, priority RTO, for which service.
type Step = (String, u64, u64, Option<u64>, Option<String>);

/// Everything the analyses say about one topology, by node id, so that two numberings of the
/// same graph can be compared.
#[derive(Debug, PartialEq)]
struct Answers {
    states: Vec<(String, State)>,
    spofs: Vec<(String, BTreeSet<String>)>,
    singles: BTreeSet<String>,
    pairs: BTreeSet<(String, String)>,
    plan: Vec<Step>,
    services: Vec<(String, Option<u64>, Option<u64>, bool)>,
    unrecoverable: BTreeSet<String>,
}

fn answers(t: &Topology, failed: &[&str], target: &str, crews: usize) -> Answers {
    let id = |v: Vertex| t.label(v);
    let failed: Vec<Vertex> = failed.iter().map(|f| t.find(f).expect("node")).collect();
    let impact = Impact::evaluate(t, &failed);
    let mut states: Vec<(String, State)> = (0..t.node_count() as Vertex)
        .map(|v| (id(v), impact.state(v)))
        .collect();
    states.sort();
    let all: Vec<Vertex> = (0..t.node_count() as Vertex).collect();
    let mut spofs: Vec<(String, BTreeSet<String>)> = single_points_of_failure(t, &all)
        .into_iter()
        .enumerate()
        .map(|(v, set)| (id(v as Vertex), set.into_iter().map(id).collect()))
        .collect();
    spofs.sort();
    let cuts = cut_sets(
        t,
        t.find(target).expect("target"),
        CutBounds {
            max_cone: 1_000,
            max_pairs: 100_000,
        },
    );
    assert!(!cuts.truncated);
    let plan = recovery_plan(t, &impact, crews);
    Answers {
        states,
        spofs,
        singles: cuts.singles.iter().map(|&v| id(v)).collect(),
        pairs: cuts
            .pairs
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (id(a), id(b));
                if a < b { (a, b) } else { (b, a) }
            })
            .collect(),
        plan: plan
            .steps
            .iter()
            .map(|s| {
                (
                    id(s.node),
                    s.start,
                    s.finish,
                    s.priority_rto,
                    s.for_service.map(id),
                )
            })
            .collect(),
        services: plan
            .services
            .iter()
            .map(|s| (id(s.node), s.planned, s.earliest, s.meets_rto))
            .collect(),
        unrecoverable: plan.unrecoverable.iter().map(|&v| id(v)).collect(),
    }
}

#[test]
fn shuffling_the_node_order_changes_no_answer() {
    for seed in 0..graphs() {
        let mut rng = Rng::new(seed ^ 0x5EED);
        let n = 6 + rng.below(24) as usize;
        let nodes = random_nodes(seed, Shape::small(n, seed % 2 == 1));
        let failed: Vec<String> = (0..1 + rng.below(4))
            .map(|_| nodes[rng.below(n as u64) as usize].id.clone())
            .collect();
        let failed: Vec<&str> = failed.iter().map(String::as_str).collect();
        let target = nodes[n - 1].id.clone();
        let crews = 1 + rng.below(3) as usize;
        // Both through the definition file, as a user would write them.
        let load = |nodes: &[Node]| {
            load_str(&to_toml(nodes), Path::new("shuffled.toml")).expect("generated file loads")
        };
        let want = answers(&load(&nodes), &failed, &target, crews);
        let shuffled = load(&permuted(&nodes, &mut rng));
        let got = answers(&shuffled, &failed, &target, crews);
        assert_eq!(got, want, "seed {seed}");
    }
}
