//! Release bench of the topology view's commands as the app calls them (without the IPC hop):
//! `cargo run --release -p vakt-api --example topology_view`. Each call reads and checks
//! `topology.toml` again, as the app does on every click.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test and bench helpers: a failure is a failed run"
)]

use std::sync::Arc;
use std::time::Instant;

use vakt_api::{LaunchOptions, Sources, Vakt};
use vakt_sources::{RandomIds, SystemClock};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = tempfile::tempdir()?;
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../playbooks");
    let options = LaunchOptions {
        data_dir: Some(data.path().into()),
        workspace: Some(workspace),
        ..Default::default()
    };
    let sources = Sources {
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
        keys: Sources::os_keys(),
        machine: Arc::new(vakt_sources::SystemMachine),
    };
    let vakt = Vakt::open(&options, sources)?;
    let rounds = 200;
    let time = |name: &str, f: &dyn Fn() -> usize| {
        let mut samples: Vec<f64> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        println!(
            "{name:<32} median {:.3} ms, p95 {:.3} ms ({rounds} calls)",
            samples[rounds / 2],
            samples[rounds * 95 / 100]
        );
    };
    let failed = vec!["dc-oslo".to_string()];
    time("topology_graph", &|| {
        vakt.topology_graph().map_or(0, |g| g.nodes.len())
    });
    time("topology_impact [dc-oslo]", &|| {
        vakt.topology_impact(&failed).map_or(0, |i| i.nodes.len())
    });
    time("topology_recovery [dc-oslo], 2", &|| {
        vakt.topology_recovery(&failed, 2)
            .map_or(0, |r| r.steps.len())
    });
    time("topology_spofs", &|| {
        vakt.topology_spofs().map_or(0, |s| s.services.len())
    });
    Ok(())
}
