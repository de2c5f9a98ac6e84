//! Release figures for sign-off by persons: a 50-page incident record signed off by two persons
//! (incident manager, then DPO), each with a P-256 key under a passphrase (PBKDF2-HMAC-SHA256,
//! 600,000 rounds) and a certificate issued by the organisation's CA.
//!
//! - In process, with the keys unlocked: the certification signature, the approval signature.
//! - As whole processes, key unlock included: the DPO's signature added by
//!   `vakt sign-off FILE --person ID` next to `pyhanko sign addsig --use-pades pemder` with the
//!   same key file on the same certified file; paired runs, the order alternating in each pair.
//!   Both give a file with two signatures, checked VALID against the CA afterwards.
//!
//! `cargo build --release -p vakt-cli --bin vakt && cargo run --release -p vakt-cli --example bench_signoff [-- PAIRS [OUT_DIR]]`
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use vakt_record::{PersonSignOff, RenderOptions, demo_incident, render_incident};
use vakt_signature::{
    Certification, Identity, KdfCost, KeyAlgorithm, SignOptions, SignatureSettings, Verdict,
    VerifyOptions, sign_pdf_with, verify_pdf,
};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// The release `vakt` binary beside this example.
fn vakt_binary() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let release = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("no target directory")?;
    let bin = release.join("vakt");
    if !bin.is_file() {
        return Err(format!(
            "{} is missing: cargo build --release -p vakt-cli --bin vakt",
            bin.display()
        )
        .into());
    }
    Ok(bin)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let pairs: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("vakt-bench-signoff"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let data = dir.join("data");
    let rng = &mut rand_core::OsRng;
    let now = chrono::Utc::now();
    let org = "Demo CRM Online AS";

    let ca = Identity::generate_ca(org, KeyAlgorithm::P256, now, 3650, rng)?;
    let mut people = Vec::new();
    for (name, pass) in [
        ("Ingrid Berg", "ingrid walks the fjord at dawn"),
        ("Per Lund", "per keeps seven quiet lanterns"),
    ] {
        let own = Identity::generate_person(name, org, KeyAlgorithm::P256, now, 730, rng)?;
        // Issued by the organisation's CA for the same key, as `vakt ca issue` does.
        let issued = ca.certify(own.certificate(), now, 730, rng)?;
        let folder = data.join("people").join(own.key_fingerprint());
        own.save(&folder, pass, KdfCost::default(), rng)?;
        Identity::install_certificate(&folder, &issued, &[ca.certificate().clone()])?;
        // `person.toml` as `vakt person add` writes it (a person added by hand at this console).
        std::fs::write(
            folder.join("person.toml"),
            format!(
                "display_name = \"{name}\"\nos_user = \"{login}\"\nname_confirmed = true\n\
                 created = \"{created}\"\norigin = \"added\"\n",
                login = name
                    .split_whitespace()
                    .next()
                    .unwrap_or(name)
                    .to_lowercase(),
                created = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        )?;
        people.push((name, pass, folder, own.key_fingerprint()));
    }
    let ca_pem = dir.join("ca.pem");
    std::fs::write(&ca_pem, ca.certificate_pem()?)?;

    // The record, naming both persons, certified by the incident manager.
    let t = Instant::now();
    let ingrid = Identity::load(&people[0].2, people[0].1)?;
    let unlock = ms(t);
    let per = Identity::load(&people[1].2, people[1].1)?;
    let mut incident = demo_incident(1140);
    incident.signoffs = vec![
        PersonSignOff {
            role: "incident-manager".into(),
            person: people[0].3.clone(),
            name: people[0].0.into(),
            signed_at: Some(now),
            certificate_fingerprint: Some(ingrid.fingerprint()),
        },
        PersonSignOff {
            role: "dpo".into(),
            person: people[1].3.clone(),
            name: people[1].0.into(),
            signed_at: None,
            certificate_fingerprint: Some(per.fingerprint()),
        },
    ];
    let record = render_incident(&incident, &RenderOptions::default())?;
    println!(
        "record: {} pages, {} KB unsigned; key unlock (PBKDF2 600,000 rounds) in process: {unlock:.0} ms",
        record.pages,
        record.pdf.len() / 1024
    );
    let options = |who: &str, role: &str| SignOptions {
        signed_at: now,
        reason: role.into(),
        location: String::new(),
        name: Some(who.into()),
        widget: None,
    };
    let certify = SignatureSettings {
        certify: Some(Certification::FormFillingAndSigning),
        ..Default::default()
    };
    let mut first = Vec::new();
    let mut certified = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        certified = sign_pdf_with(
            &record.pdf,
            &ingrid,
            &options(people[0].0, "incident-manager"),
            &certify,
        )?
        .0;
        first.push(ms(t));
    }
    let mut second = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let _ = sign_pdf_with(
            &certified,
            &per,
            &options(people[1].0, "dpo"),
            &SignatureSettings::default(),
        )?;
        second.push(ms(t));
    }
    println!(
        "in process, key unlocked: certification signature {:.1} ms, approval signature {:.1} ms (medians of 15)",
        median(first),
        median(second)
    );
    let input = dir.join("certified.pdf");
    std::fs::write(&input, &certified)?;

    // Whole processes, paired, alternating.
    let vakt = vakt_binary()?;
    let pass = dir.join("per-pass.txt");
    std::fs::write(&pass, people[1].1)?;
    let run_vakt = |out: &Path| -> Result<f64, Box<dyn std::error::Error>> {
        let t = Instant::now();
        let o = Command::new(&vakt)
            .arg("--data-dir")
            .arg(&data)
            .args(["sign-off"])
            .arg(&input)
            .args(["--person", &people[1].3, "--out"])
            .arg(out)
            .env("VAKT_PASSPHRASE", people[1].1)
            .env_remove("VAKT_TSA")
            .output()?;
        let took = ms(t);
        if !o.status.success() {
            return Err(format!("vakt: {}", String::from_utf8_lossy(&o.stderr)).into());
        }
        Ok(took)
    };
    let run_hanko = |out: &Path| -> Result<f64, Box<dyn std::error::Error>> {
        let t = Instant::now();
        let o = Command::new("pyhanko")
            .args([
                "sign",
                "addsig",
                "--use-pades",
                "--field",
                "Signature2",
                "pemder",
                "--passfile",
            ])
            .arg(&pass)
            .arg("--key")
            .arg(people[1].2.join("key.pem"))
            .arg("--cert")
            .arg(people[1].2.join("certificate.pem"))
            .arg(&input)
            .arg(out)
            .output()?;
        let took = ms(t);
        if !o.status.success() {
            return Err(format!("pyhanko: {}", String::from_utf8_lossy(&o.stderr)).into());
        }
        Ok(took)
    };
    // Warm-up (first open of a data directory unpacks the demo workspace; Python's caches).
    run_vakt(&dir.join("warm-vakt.pdf"))?;
    run_hanko(&dir.join("warm-hanko.pdf"))?;
    let (mut ours, mut theirs, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        let v_out = dir.join(format!("vakt-{i}.pdf"));
        let h_out = dir.join(format!("pyhanko-{i}.pdf"));
        let (v, h) = if i % 2 == 0 {
            let v = run_vakt(&v_out)?;
            (v, run_hanko(&h_out)?)
        } else {
            let h = run_hanko(&h_out)?;
            (run_vakt(&v_out)?, h)
        };
        ours.push(v);
        theirs.push(h);
        ratios.push(h / v);
    }
    let anchors = VerifyOptions {
        trust: vec![ca.certificate().clone()],
        journal: None,
    };
    for file in ["vakt-0.pdf", "pyhanko-0.pdf"] {
        let v = verify_pdf(&std::fs::read(dir.join(file))?, &anchors)?;
        if v.verdict != Verdict::Valid || v.signatures.len() != 2 {
            return Err(format!("{file}: {}", v.summary).into());
        }
    }
    let (o, h) = (median(ours.clone()), median(theirs.clone()));
    let mut sorted = ratios.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    println!(
        "whole process, second signature on the certified 50-page record, {pairs} alternating pairs:"
    );
    println!(
        "  vakt sign-off (start, data directory, verify the file, unlock, sign, write): median {o:.0} ms (min {:.0}, max {:.0})",
        ours.iter().cloned().fold(f64::INFINITY, f64::min),
        ours.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "  pyhanko sign addsig --use-pades pemder (same key file): median {h:.0} ms (min {:.0}, max {:.0})",
        theirs.iter().cloned().fold(f64::INFINITY, f64::min),
        theirs.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "  ratio of medians {:.1}x; per-pair ratios min {:.1}x, median {:.1}x, max {:.1}x",
        h / o,
        sorted[0],
        median(ratios),
        sorted[sorted.len() - 1]
    );
    println!(
        "  both outputs: 2 signatures, VALID against the CA ({})",
        ca_pem.display()
    );
    Ok(())
}
