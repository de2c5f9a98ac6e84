//! Step action latency with 50 active steps, and the replay of a run with 10,000 events.
//!
//! The playbook has 50 start steps and 50 steps each waiting on one of them. Latency is
//! `Engine::act` whole (reading the run's events, replaying them, checking, appending, the
//! durable commit: WAL, synchronous=FULL, on a file), starting and failing active steps so
//! that 50 stay active. The replay figure is `Engine::state` on a run of 10,000 events (start
//! and fail of active steps, each re-settling the flow), appended straight into the journal.
//!
//! `cargo run --release -p vakt-run --example run_speed -- 200 10000`

use std::fmt::Write;
use std::time::{Duration, Instant};

use serde_json::json;
use vakt_journal::EventDraft;
use vakt_playbook::{Context, LoadedPlaybook, parse_playbook, sha256_hex};
use vakt_run::{Action, Actor, Engine, Mode, kind};
use vakt_sources::{SequentialIds, SystemClock};
use vakt_store::Database;

fn playbook() -> Result<LoadedPlaybook, String> {
    let mut text = String::from(
        "format = 2\nkind = \"playbook\"\nid = \"wide\"\nversion = \"1\"\ncategory = \"dr\"\n\
         sign_off_role = \"responder\"\ntitle = { en = \"Wide\" }\nsummary = { en = \"Wide.\" }\n",
    );
    for i in 0..100 {
        let _ = write!(
            text,
            "[[steps]]\nid = \"s{i}\"\ntitle = {{ en = \"s{i}\" }}\ninstructions = {{ en = \"Do.\" }}\n\
             role = \"responder\"\nduration = \"5m\"\n"
        );
        if i >= 50 {
            let _ = writeln!(text, "after = [\"s{}\"]", i - 50);
        }
    }
    Ok(LoadedPlaybook {
        path: "wide.toml".into(),
        sha256: sha256_hex(text.as_bytes()),
        playbook: parse_playbook("wide.toml", &text, &Context::default())
            .map_err(|p| format!("{p:?}"))?,
        source: text,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let actions = args.next().flatten().unwrap_or(200);
    let events = args.next().flatten().unwrap_or(10_000);
    let dir = tempfile::tempdir_in(".")?;
    let clock = SystemClock;
    let ids = SequentialIds::new();
    let mut db = Database::open(&dir.path().join("bench.sqlite3"), &clock)?;
    let playbook = playbook()?;
    let kari = Actor {
        name: "kari".into(),
        role: None,
        host: "bench".into(),
    };
    let roles = vec!["responder".to_string()];
    let evidence = dir.path().join("evidence");

    let mut engine = Engine::new(&mut db, &clock, &ids, &evidence);
    let run = engine.start(&kari, &playbook, roles.clone(), Mode::Drill, "latency")?;
    let mut state = run.clone();
    let mut times = Vec::with_capacity(actions);
    let mut most_active = 0;
    let mut fewest_active = usize::MAX;
    for i in 0..actions {
        let active = state.active_steps();
        most_active = most_active.max(active.len());
        fewest_active = fewest_active.min(active.len());
        let Some(step) = active
            .get(i / 2 % active.len().max(1))
            .map(|s| s.to_string())
        else {
            break;
        };
        let action = if i % 2 == 0 {
            Action::StartStep {
                step,
                override_reason: None,
            }
        } else {
            Action::FailStep {
                step,
                reason: "bench".into(),
                override_reason: None,
            }
        };
        let t = Instant::now();
        state = engine.act(run.id, &kari, action)?;
        times.push(t.elapsed());
    }
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{} step actions, {fewest_active}-{most_active} steps active, runs up to {} events: \
         p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        state.event_count,
        ms(pick(0.50)),
        ms(pick(0.90)),
        ms(pick(0.99)),
        ms(times[times.len() - 1])
    );

    let big = engine.start(&kari, &playbook, roles, Mode::Drill, "replay")?;
    drop(engine);
    let t = Instant::now();
    {
        let conn = db.connection_mut();
        let tx = conn.transaction()?;
        for i in 1..events {
            let step = format!("s{}", ((i - 1) / 2) % 50);
            let (kind, payload) = if i % 2 == 1 {
                (kind::STEP_STARTED, json!({ "step": step }))
            } else {
                (
                    kind::STEP_FAILED,
                    json!({ "step": step, "reason": "bench" }),
                )
            };
            let draft = EventDraft {
                actor: "kari".into(),
                role: Some("responder".into()),
                host: "bench".into(),
                kind: kind.into(),
                run: Some(big.id),
                payload,
            };
            vakt_journal::append_in(&tx, &draft, &clock, &ids)?;
        }
        tx.commit()?;
    }
    let written = t.elapsed();
    let engine = Engine::new(&mut db, &clock, &ids, &evidence);
    let mut replays = Vec::new();
    let mut count = 0;
    for _ in 0..5 {
        let t = Instant::now();
        count = engine.state(big.id)?.event_count;
        replays.push(t.elapsed());
    }
    replays.sort();
    println!(
        "replay of a run of {count} events (read + replay): best {:.1} ms, median {:.1} ms \
         (appending them took {:.1} s)",
        ms(replays[0]),
        ms(replays[2]),
        written.as_secs_f64()
    );
    Ok(())
}
