//! Does the window stay responsive while a big record is signed? Release bench:
//! `cargo run --release -p vakt-api --example responsiveness`.
//!
//! A run with about 1,100 journal events gives a record of about 50 pages. One thread produces
//! and signs it (key derivation, rendering, signing, writing) through the operation layer while
//! the main thread asks for journal pages and a topology impact over and over, as the window
//! would. Printed: the latencies of those queries while idle and while the record is made.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a bench binary")]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use vakt_api::json::{JournalFilter, RecordLanguage, RunAction, RunMode, SettingsInput, UserRole};
use vakt_api::ops::*;
use vakt_api::{LaunchOptions, Session, Sources};
use vakt_sources::{RandomIds, SystemClock};

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn queries(session: &Session, until: impl Fn() -> bool) -> (Vec<f64>, Vec<f64>) {
    let (mut page, mut impact) = (Vec::new(), Vec::new());
    while !until() {
        let t = Instant::now();
        session
            .call(JournalPageRequest {
                filter: JournalFilter::default(),
            })
            .expect("page");
        page.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        session
            .call(TopologyImpactRequest {
                failed: vec!["dc-oslo".into()],
            })
            .expect("impact");
        impact.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (page, impact)
}

fn report(what: &str, mut samples: Vec<f64>) {
    println!(
        "{what:<40} n={:<5} median {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
        samples.len(),
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
        percentile(&mut samples, 1.0),
    );
}

fn main() {
    let data = tempfile::tempdir().unwrap();
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
    let session = Arc::new(Session::open(&options, sources));
    session
        .call(SaveSettingsRequest {
            input: SettingsInput {
                role: UserRole::IncidentManager,
                language: "en".into(),
            },
        })
        .unwrap();
    let run = session
        .call(RunStartRequest {
            playbook: "incident-procedure".into(),
            mode: RunMode::Incident,
            title: "Responsiveness bench".into(),
        })
        .unwrap()
        .summary
        .id;
    for i in 0..1100 {
        session
            .call(RunActRequest {
                run: run.clone(),
                action: RunAction::Note {
                    step: None,
                    text: format!("Observation {i}: the firewall log shows another attempt"),
                },
            })
            .unwrap();
    }
    session
        .call(GenerateIdentityRequest {
            passphrase: "bench lantern quietly oxide".into(),
            again: "bench lantern quietly oxide".into(),
            replace: false,
            organisation: None,
            algorithm: None,
        })
        .unwrap();

    let idle_until = Instant::now() + Duration::from_secs(3);
    let (page, impact) = queries(&session, || Instant::now() > idle_until);
    report("journal page (2,000 events), idle", page);
    report("topology impact of dc-oslo, idle", impact);

    let done = Arc::new(AtomicBool::new(false));
    let signer = {
        let (session, done, run) = (Arc::clone(&session), Arc::clone(&done), run.clone());
        let out = data.path().join("record.pdf");
        std::thread::spawn(move || {
            let t = Instant::now();
            let produced = session
                .call(ProduceRecordRequest {
                    run,
                    language: RecordLanguage::En,
                    passphrase: Some("bench lantern quietly oxide".into()),
                    path: out.display().to_string(),
                    kind: None,
                    reason: None,
                    location: None,
                })
                .unwrap();
            let took = t.elapsed();
            done.store(true, Ordering::SeqCst);
            (produced.pages, took)
        })
    };
    let (page, impact) = queries(&session, || done.load(Ordering::SeqCst));
    let (pages, took) = signer.join().unwrap();
    println!(
        "record: {pages} pages produced and signed in {:.0} ms (key derivation, render, sign, write)",
        took.as_secs_f64() * 1000.0
    );
    report("journal page, while the record is signed", page);
    report("topology impact, while the record is signed", impact);
}
