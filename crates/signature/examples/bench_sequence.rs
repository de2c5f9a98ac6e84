//! Release figures for signatures in sequence: a 50-page incident record signed in process by
//! two persons and the organisation's seal (a certification signature, then two approvals),
//! each with a 3-link chain (person ← issuing CA ← root CA), and the strict verification of the
//! result against the root CA.
//!
//! `cargo run --release -p vakt-signature --example bench_sequence [-- OUT_DIR]`
use std::time::Instant;

use chrono::{TimeZone, Utc};
use vakt_record::{RenderOptions, demo_incident, render_incident};
use vakt_signature::{
    Certification, DigestAlgorithm, Identity, KeyAlgorithm, SequenceOptions, SignOptions, Signer,
    Verdict, VerifyOptions, sign_pdf, sign_sequence, verify_pdf,
};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let now = Utc
        .with_ymd_and_hms(2026, 3, 16, 17, 0, 0)
        .single()
        .ok_or("time")?;
    let rng = &mut rand_core::OsRng;
    let org = "Demo CRM Online AS";
    let t = Instant::now();
    let root = Identity::generate_ca(org, KeyAlgorithm::P256, now, 3650, rng)?;
    let issuing = root.issue(
        "Demo CRM Online Issuing CA",
        org,
        true,
        KeyAlgorithm::P256,
        now,
        1825,
        rng,
    )?;
    let ingrid = issuing.issue(
        "Ingrid Sæther",
        org,
        false,
        KeyAlgorithm::P256,
        now,
        730,
        rng,
    )?;
    let ola = issuing.issue(
        "Ola Nordmann",
        org,
        false,
        KeyAlgorithm::P256,
        now,
        730,
        rng,
    )?;
    let seal = issuing.issue(
        "Demo CRM Online AS seal",
        org,
        false,
        KeyAlgorithm::Rsa3072,
        now,
        730,
        rng,
    )?;
    println!(
        "CA, issuing CA and three signers (P-256, P-256, RSA-3072) generated once: {:.0} ms",
        ms(t)
    );

    let record = render_incident(&demo_incident(1140), &RenderOptions::default())?;
    println!(
        "record: {} pages, {} KB unsigned",
        record.pages,
        record.pdf.len() / 1024
    );

    let one = SignOptions {
        signed_at: now,
        reason: "incident-manager".into(),
        location: "Stavanger".into(),
        name: None,
        widget: None,
    };
    let mut single = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let _ = sign_pdf(&record.pdf, &ingrid, &one)?;
        single.push(ms(t));
    }
    println!(
        "one signature (P-256, 3-link chain), median of 15: {:.1} ms",
        median(single)
    );

    let signers = [
        Signer {
            identity: &ingrid,
            role: "incident-manager".into(),
            name: None,
            location: "Stavanger".into(),
            widget: None,
        },
        Signer {
            identity: &ola,
            role: "dpo".into(),
            name: None,
            location: "Oslo".into(),
            widget: None,
        },
        Signer {
            identity: &seal,
            role: "organisation seal".into(),
            name: None,
            location: "Stavanger".into(),
            widget: None,
        },
    ];
    let options = SequenceOptions {
        signed_at: now,
        digest: DigestAlgorithm::Sha256,
        certify: Some(Certification::FormFillingAndSigning),
        timestamps: None,
    };
    let mut sequence = Vec::new();
    let mut signed = None;
    for _ in 0..15 {
        let t = Instant::now();
        signed = Some(sign_sequence(&record.pdf, &signers, &options)?);
        sequence.push(ms(t));
    }
    let signed = signed.ok_or("no run")?.pdf;
    println!(
        "three signatures in sequence (certification + 2 approvals), median of 15: {:.1} ms; {} KB",
        median(sequence),
        signed.len() / 1024
    );

    let anchors = VerifyOptions {
        trust: vec![root.certificate().clone()],
        journal: None,
    };
    let mut verify = Vec::new();
    let mut verdict = None;
    for _ in 0..15 {
        let t = Instant::now();
        verdict = Some(verify_pdf(&signed, &anchors)?);
        verify.push(ms(t));
    }
    let verdict = verdict.ok_or("no run")?;
    if verdict.verdict != Verdict::Valid {
        return Err(verdict.summary.into());
    }
    println!(
        "verify three signatures, 3-link chains, incremental-update analysis, median of 15: {:.1} ms",
        median(verify)
    );
    println!("{}", verdict.summary);
    let out = dir.join("bench-50p-three-signatures.pdf");
    std::fs::write(&out, &signed)?;
    std::fs::write(
        dir.join("bench-root-ca.pem"),
        der::EncodePem::to_pem(root.certificate(), der::pem::LineEnding::LF)?,
    )?;
    println!("written: {}", out.display());
    Ok(())
}
