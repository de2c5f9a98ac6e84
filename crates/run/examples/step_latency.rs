//! Step action latency including the durable commit (WAL, synchronous=FULL, on a file).
//!
//! Runs the shipped incident procedure in R runs (default 20), each through its recovery loop
//! (contain → eradicate → recover → verify-recovery → contain …) for A actions (default 100), and
//! prints p50/p90/p99/max of `Engine::act` (check + replay from the journal + append + commit).
//!
//! `cargo run --release -p vakt-run --example step_latency -- 20 100`

use std::time::Instant;

use vakt_playbook::{Context, LoadedPlaybook, parse_playbook, sha256_hex};
use vakt_run::{Action, Actor, Engine, Mode};
use vakt_sources::{SequentialIds, SystemClock};
use vakt_store::Database;

const SOURCE: &str = include_str!("../../../playbooks/incident/incident-procedure.toml");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let runs = args.next().flatten().unwrap_or(20);
    let actions = args.next().flatten().unwrap_or(100);
    let dir = tempfile::tempdir_in(".")?;
    let clock = SystemClock;
    let ids = SequentialIds::new();
    let mut db = Database::open(&dir.path().join("bench.sqlite3"), &clock)?;
    vakt_journal::ensure_device(db.connection_mut(), &mut rand_core::OsRng, &clock)?;
    let playbook = LoadedPlaybook {
        path: "incident/incident-procedure.toml".into(),
        source: SOURCE.into(),
        sha256: sha256_hex(SOURCE.as_bytes()),
        playbook: parse_playbook("incident-procedure.toml", SOURCE, &Context::default())
            .map_err(|p| format!("{p:?}"))?,
    };
    let actor = Actor {
        actor: "kari".into(),
        role: None,
        host: "bench".into(),
        ..Actor::default()
    };
    let roles = vec!["incident-manager".to_string(), "technical-lead".to_string()];
    let evidence = dir.path().join("evidence");
    let mut engine = Engine::new(&mut db, &clock, &ids, &evidence);
    let mut times = Vec::with_capacity(runs * actions);
    // The path up to the recovery loop.
    let prefix: &[(&str, Option<&str>)] = &[
        ("report-event", None),
        ("assign-roles", None),
        ("triage", Some("incident")),
        ("classify-severity", Some("sev2")),
        ("personal-data", Some("none")),
    ];
    let cycle: &[(&str, Option<&str>)] = &[
        ("contain", None),
        ("eradicate", None),
        ("recover", None),
        ("verify-recovery", Some("recurring")),
    ];
    for r in 0..runs {
        let run = engine.start(
            &actor,
            &playbook,
            roles.clone(),
            Mode::Drill,
            &format!("bench {r}"),
        )?;
        let mut done = 0;
        let mut steps = prefix.iter().chain(cycle.iter().cycle());
        while done < actions {
            let Some((step, option)) = steps.next() else {
                break;
            };
            let start = Action::StartStep {
                step: step.to_string(),
            };
            let finish = match option {
                Some(o) => Action::Decide {
                    step: step.to_string(),
                    option: o.to_string(),
                    rationale: "bench".into(),
                },
                None => Action::CompleteStep {
                    step: step.to_string(),
                },
            };
            for action in [start, finish] {
                let t = Instant::now();
                engine.act(run.id, &actor, action)?;
                times.push(t.elapsed());
                done += 1;
            }
        }
    }
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{} step actions over {runs} runs: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        pick(0.50).as_secs_f64() * 1e3,
        pick(0.90).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
    Ok(())
}
