//! The topology loader on arbitrary bytes: it must return a topology or problems, never panic.
//! When it loads, the analyses run on the result too (impact of the first nodes failing,
//! single points of failure, loops, a recovery plan, cut sets of the last node, DOT).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vakt_topology::{
    CutBounds, Impact, cut_sets, load_str, loops, recovery_plan, single_points_of_failure, to_dot,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match load_str(text, Path::new("fuzz.toml")) {
        Err(e) => {
            for p in e.problems() {
                assert!(p.line >= 1 && p.column >= 1);
            }
        }
        Ok(t) => {
            let n = t.node_count() as u32;
            let failed: Vec<u32> = (0..n.min(2)).collect();
            let impact = Impact::evaluate(&t, &failed);
            for v in 0..t.vertex_count() as u32 {
                let _ = impact.path(v);
            }
            let all: Vec<u32> = (0..n).collect();
            let _ = single_points_of_failure(&t, &all);
            let _ = loops(&t);
            let _ = recovery_plan(&t, &impact, 2);
            if n > 0 {
                let _ = cut_sets(&t, n - 1, CutBounds { max_cone: 64, max_pairs: 64 });
            }
            let _ = to_dot(&t, Some(&impact));
        }
    }
});
