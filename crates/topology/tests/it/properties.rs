//! Property tests on seeded random graphs (all-of and k-of-n requirements, some with loops):
//! each fast analysis is compared with a slow, obviously-correct brute force.
//!
//! `VAKT_PROPERTY_GRAPHS` sets the number of graphs per property (default 1,000).

use vakt_topology::generate::{Rng, Shape, random_topology};
use vakt_topology::{
    CutBounds, Impact, State, Topology, Vertex, cold_start, cut_sets, recovery_plan,
    single_points_of_failure,
};

fn graphs() -> u64 {
    std::env::var("VAKT_PROPERTY_GRAPHS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}

/// Graph number `seed`: 6 to 29 nodes; every other one with loops.
fn graph(seed: u64) -> Topology {
    let mut rng = Rng::new(seed ^ 0xA5A5);
    let nodes = 6 + rng.below(24) as usize;
    random_topology(seed, Shape::small(nodes, seed % 2 == 1))
}

fn random_failures(rng: &mut Rng, t: &Topology, max: u64) -> Vec<Vertex> {
    let n = 1 + rng.below(max);
    (0..n)
        .map(|_| rng.below(t.node_count() as u64) as Vertex)
        .collect()
}

/// The states by brute force: start with everything up and lower any vertex whose rule says
/// so, sweeping every vertex until a sweep changes nothing.
fn brute_states(t: &Topology, failed: &[Vertex]) -> Vec<State> {
    let mut s = vec![State::Up; t.vertex_count()];
    loop {
        let mut changed = false;
        for v in 0..t.vertex_count() as Vertex {
            let new = if failed.contains(&v) {
                State::Down
            } else {
                let ins = t.inputs(v);
                let standing = ins
                    .iter()
                    .filter(|&&u| s[u as usize] != State::Down)
                    .count();
                if standing < t.required(v) as usize {
                    State::Down
                } else if ins.iter().any(|&u| s[u as usize] != State::Up) {
                    State::Degraded
                } else {
                    State::Up
                }
            };
            let new = new.min(s[v as usize]);
            if new != s[v as usize] {
                s[v as usize] = new;
                changed = true;
            }
        }
        if !changed {
            return s;
        }
    }
}

/// A why-path is valid when it starts at the vertex, each step is an input that is not up
/// (down when the step before is down), and it ends at a failed node.
fn check_path(t: &Topology, i: &Impact, v: Vertex, seed: u64) {
    let path = i.path(v);
    if i.state(v) == State::Up {
        assert!(path.is_empty());
        return;
    }
    assert_eq!(path[0], v, "seed {seed}");
    for w in path.windows(2) {
        assert!(
            t.inputs(w[0]).contains(&w[1]),
            "seed {seed}: {w:?} is not an edge"
        );
        assert_ne!(i.state(w[1]), State::Up, "seed {seed}");
        if i.state(w[0]) == State::Down {
            assert_eq!(i.state(w[1]), State::Down, "seed {seed}");
        }
    }
    let last = *path.last().expect("non-empty");
    assert!(
        i.is_failed(last),
        "seed {seed}: path of {v} ends at {last}, not a failure"
    );
}

#[test]
fn full_evaluation_equals_brute_force_and_paths_are_valid() {
    for seed in 0..graphs() {
        let t = graph(seed);
        let mut rng = Rng::new(seed);
        let failed = random_failures(&mut rng, &t, 4);
        let i = Impact::evaluate(&t, &failed);
        assert_eq!(
            i.states(),
            brute_states(&t, &failed).as_slice(),
            "seed {seed}"
        );
        for v in 0..t.vertex_count() as Vertex {
            check_path(&t, &i, v, seed);
        }
    }
}

#[test]
fn incremental_impact_equals_full_evaluation() {
    for seed in 0..graphs() {
        let t = graph(seed);
        let mut rng = Rng::new(seed + 7);
        let first = random_failures(&mut rng, &t, 3);
        let more = random_failures(&mut rng, &t, 3);
        let mut inc = Impact::evaluate(&t, &first);
        inc.fail(&t, &more);
        let mut all = first.clone();
        all.extend(&more);
        let full = Impact::evaluate(&t, &all);
        assert_eq!(inc.states(), full.states(), "seed {seed}");
        // From nothing, one failure at a time, too.
        let mut step = Impact::all_up(&t);
        for &f in &all {
            step.fail(&t, &[f]);
        }
        assert_eq!(step.states(), full.states(), "seed {seed}");
        for v in 0..t.vertex_count() as Vertex {
            check_path(&t, &inc, v, seed);
        }
    }
}

#[test]
fn single_points_of_failure_equal_single_failure_what_ifs() {
    for seed in 0..graphs() {
        let t = graph(seed);
        let targets: Vec<Vertex> = (0..t.node_count() as Vertex).collect();
        let sets = single_points_of_failure(&t, &targets);
        for x in 0..t.node_count() as Vertex {
            let s = brute_states(&t, &[x]);
            for (&target, set) in targets.iter().zip(&sets) {
                if target == x {
                    continue;
                }
                let down = s[target as usize] == State::Down;
                assert_eq!(
                    set.contains(&x),
                    down,
                    "seed {seed}: is {x} a single point of failure of {target}?"
                );
            }
        }
    }
}

#[test]
fn cut_sets_equal_brute_force_pairs() {
    for seed in 0..graphs() {
        let t = graph(seed);
        let n = t.node_count() as Vertex;
        let target = n - 1 - (seed as Vertex % 3).min(n - 1);
        let cuts = cut_sets(
            &t,
            target,
            CutBounds {
                max_cone: 1_000,
                max_pairs: 10_000,
            },
        );
        assert!(!cuts.truncated);
        let kills = |f: &[Vertex]| brute_states(&t, f)[target as usize] == State::Down;
        let singles: Vec<Vertex> = (0..n).filter(|&x| x != target && kills(&[x])).collect();
        assert_eq!(cuts.singles, singles, "seed {seed}");
        let mut pairs = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let minimal =
                    ![a, b].contains(&target) && !singles.contains(&a) && !singles.contains(&b);
                if minimal && kills(&[a, b]) {
                    pairs.push((a, b));
                }
            }
        }
        assert_eq!(cuts.pairs, pairs, "seed {seed}");
    }
}

#[test]
fn cold_start_equals_brute_force() {
    for seed in 0..graphs() {
        let t = graph(seed);
        // Least fixed point by sweeps: start nothing, start what has k started inputs.
        let mut started = vec![false; t.vertex_count()];
        loop {
            let mut changed = false;
            for v in 0..t.vertex_count() as Vertex {
                let k = t.inputs(v).iter().filter(|&&u| started[u as usize]).count();
                if !started[v as usize] && k >= t.required(v) as usize {
                    started[v as usize] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        assert_eq!(cold_start(&t), started, "seed {seed}");
    }
}

#[test]
fn recovery_plans_respect_requirements_and_crews() {
    for seed in 0..graphs() {
        let t = graph(seed);
        let mut rng = Rng::new(seed + 99);
        let failed = random_failures(&mut rng, &t, 4);
        let i = Impact::evaluate(&t, &failed);
        let crews = 1 + rng.below(3) as usize;
        let plan = recovery_plan(&t, &i, crews);
        let mut finish = vec![0u64; t.vertex_count()];
        for s in &plan.steps {
            finish[s.node as usize] = s.finish;
        }
        // When each vertex is back: nodes from the plan (0 if never down, never if not
        // planned); a group gate when k of its members are back.
        let never = u64::MAX;
        let mut back = vec![never; t.vertex_count()];
        for v in 0..t.node_count() as Vertex {
            if i.state(v) != State::Down {
                back[v as usize] = 0;
            }
        }
        for s in &plan.steps {
            back[s.node as usize] = s.finish;
        }
        let kth = |times: &mut Vec<u64>, k: u32| -> u64 {
            times.sort_unstable();
            if k == 0 {
                0
            } else {
                times.get(k as usize - 1).copied().unwrap_or(never)
            }
        };
        for g in t.node_count() as Vertex..t.vertex_count() as Vertex {
            if i.state(g) != State::Down {
                back[g as usize] = 0;
                continue;
            }
            let mut times: Vec<u64> = t.inputs(g).iter().map(|&u| back[u as usize]).collect();
            back[g as usize] = kth(&mut times, t.required(g));
        }
        for s in &plan.steps {
            let mut times: Vec<u64> = t.inputs(s.node).iter().map(|&u| back[u as usize]).collect();
            assert!(
                kth(&mut times, t.required(s.node)) <= s.start,
                "seed {seed}: {} began before its requirement held",
                s.node
            );
        }
        for s in &plan.steps {
            let node = t.node(s.node).expect("steps are nodes");
            assert_eq!(s.finish - s.start, node.recovery, "seed {seed}");
            assert_eq!(
                i.state(s.node),
                State::Down,
                "seed {seed}: only down nodes are planned"
            );
        }
        // Never more than `crews` nodes under work at once (zero-length steps need no crew).
        let mut edges: Vec<(u64, i32)> = Vec::new();
        for s in plan.steps.iter().filter(|s| s.finish > s.start) {
            edges.push((s.start, 1));
            edges.push((s.finish, -1));
        }
        edges.sort();
        let mut busy = 0;
        for (_, d) in edges {
            busy += d;
            assert!(busy <= crews as i32, "seed {seed}");
        }
        // Every down node is planned or reported as unrecoverable, never both.
        let down = (0..t.node_count() as Vertex)
            .filter(|&v| i.state(v) == State::Down)
            .count();
        assert_eq!(
            plan.steps.len() + plan.unrecoverable.len(),
            down,
            "seed {seed}"
        );
        for s in &plan.services {
            if let (Some(p), Some(e)) = (s.planned, s.earliest) {
                assert!(e <= p, "seed {seed}: unlimited crews are never slower");
            }
            assert_eq!(s.meets_rto, s.planned.is_some_and(|p| p <= s.rto));
        }
    }
}

/// Pairs by brute force: every pair of nodes evaluated, minimal ones kept.
fn brute_pairs(t: &Topology, target: Vertex) -> (Vec<Vertex>, Vec<(Vertex, Vertex)>) {
    let n = t.node_count() as Vertex;
    let kills = |f: &[Vertex]| Impact::evaluate(t, f).state(target) == State::Down;
    let singles: Vec<Vertex> = (0..n).filter(|&x| x != target && kills(&[x])).collect();
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let minimal =
                ![a, b].contains(&target) && !singles.contains(&a) && !singles.contains(&b);
            if minimal && kills(&[a, b]) {
                pairs.push((a, b));
            }
        }
    }
    (singles, pairs)
}

#[test]
fn cut_sets_of_larger_redundant_graphs_equal_brute_force() {
    // Layered estates with a top service needing every top node (the SCRAM comparison's
    // shape), and redundant random wiring with loops: 40 to 160 nodes, where the search
    // reuses the base sets across many candidates. (Impact::evaluate is itself checked
    // against the brute-force fixed point above.)
    let count = (graphs() / 50).max(4);
    for seed in 0..count {
        let mut rng = Rng::new(seed ^ 0xC0FFEE);
        let n = 40 + rng.below(120) as usize;
        let nodes = if seed % 2 == 0 {
            vakt_topology::generate::service_nodes(seed, n)
        } else {
            let mut shape = Shape::small(n, true);
            shape.redundant = true;
            vakt_topology::generate::random_nodes(seed, shape)
        };
        let t = Topology::compile(nodes);
        let target = t.node_count() as Vertex - 1;
        let cuts = cut_sets(
            &t,
            target,
            CutBounds {
                max_cone: 10_000,
                max_pairs: 1_000_000,
            },
        );
        assert!(!cuts.truncated);
        let (singles, pairs) = brute_pairs(&t, target);
        assert_eq!(cuts.singles, singles, "seed {seed}");
        assert_eq!(cuts.pairs, pairs, "seed {seed}");
    }
}

#[test]
fn a_cancelled_or_bounded_search_says_truncated_and_lists_only_true_pairs() {
    let t = Topology::compile(vakt_topology::generate::service_nodes(3, 120));
    let target = t.find("service").expect("service");
    let full = cut_sets(&t, target, CutBounds::default());
    assert!(!full.truncated);
    assert!(full.pairs.len() > 4, "the example needs a few pairs");
    let mut calls = 0;
    let cancelled = vakt_topology::cut_sets_with(&t, target, CutBounds::default(), &mut |p| {
        calls += 1;
        assert!(p.done <= p.total);
        p.done < p.total / 2
    });
    assert!(cancelled.truncated);
    assert!(
        cancelled
            .truncated_reason
            .as_deref()
            .is_some_and(|r| r.starts_with("cancelled"))
    );
    assert_eq!(cancelled.singles, full.singles);
    assert!(cancelled.pairs.iter().all(|p| full.pairs.contains(p)));
    assert!(calls > 1);
    let bounded = cut_sets(
        &t,
        target,
        CutBounds {
            max_pairs: 3,
            ..CutBounds::default()
        },
    );
    assert!(bounded.truncated);
    assert_eq!(bounded.pairs.len(), 3);
    assert!(bounded.pairs.iter().all(|p| full.pairs.contains(p)));
}
