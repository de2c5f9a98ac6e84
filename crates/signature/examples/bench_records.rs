//! Release benchmark: generate and sign a 50-page incident record, and compare with pyHanko
//! signing the same unsigned file.
//!
//! `cargo run --release -p vakt-signature --example bench_records [-- OUT_DIR]`
use std::time::Instant;

use chrono::{TimeZone, Utc};
use vakt_record::{RenderOptions, SignatureBlock, demo_incident, render_incident};
use vakt_signature::{Identity, KeyAlgorithm, SignOptions, sign_pdf};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
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
    let t = Instant::now();
    let id = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::Rsa3072,
        now,
        &mut rand_core::OsRng,
    )?;
    println!(
        "RSA-3072 identity generated once: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let block = SignatureBlock {
        signer: id.subject(),
        signed_at: now,
        fingerprint: id.fingerprint(),
    };
    let options = RenderOptions {
        language: Default::default(),
        signature_block: Some(block),
    };
    // About 1,150 action-log rows: 50 pages.
    let record = demo_incident(1140);
    let (mut gen_ms, mut sign_ms, mut total_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..15 {
        let t0 = Instant::now();
        let r = render_incident(&record, &options)?;
        let t1 = Instant::now();
        let area = r.signature_area.ok_or("no signature area")?;
        let so = SignOptions {
            signed_at: now,
            reason: "Incident record".into(),
            location: "Stavanger".into(),
            name: None,
            widget: Some((area.page, area.rect)),
        };
        let signed = sign_pdf(&r.pdf, &id, &so)?;
        let t2 = Instant::now();
        gen_ms.push((t1 - t0).as_secs_f64() * 1e3);
        sign_ms.push((t2 - t1).as_secs_f64() * 1e3);
        total_ms.push((t2 - t0).as_secs_f64() * 1e3);
        last = Some((r, signed));
    }
    let (r, signed) = last.ok_or("no run")?;
    println!(
        "pages: {}, unsigned {} KB, signed {} KB",
        r.pages,
        r.pdf.len() / 1024,
        signed.len() / 1024
    );
    println!("generate (median of 15): {:.1} ms", median(gen_ms));
    println!("sign (median of 15):     {:.1} ms", median(sign_ms.clone()));
    println!(
        "generate + sign:         {:.1} ms (target <= 100 ms)",
        median(total_ms)
    );

    let unsigned = dir.join("bench-50p-unsigned.pdf");
    std::fs::write(&unsigned, &r.pdf)?;
    std::fs::write(dir.join("bench-50p-signed.pdf"), &signed)?;
    // The same identity, saved as Vakt keeps it (encrypted PKCS#8), with a cheap KDF so that
    // pyHanko's key decryption does not dominate its time.
    let id_dir = dir.join("bench-identity");
    id.save(
        &id_dir,
        "bench",
        vakt_signature::KdfCost(1_000),
        &mut rand_core::OsRng,
    )?;
    let key = id_dir.join("key.pem");
    let cert = id_dir.join("certificate.pem");
    let pass = dir.join("bench-pass.txt");
    std::fs::write(&pass, "bench")?;
    let mut hanko = Vec::new();
    for i in 0..5 {
        let out = dir.join(format!("bench-50p-pyhanko-{i}.pdf"));
        let t = Instant::now();
        let status = std::process::Command::new("pyhanko")
            .args(["sign", "addsig", "--field", "Sig1", "pemder", "--passfile"])
            .arg(&pass)
            .arg("--key")
            .arg(&key)
            .arg("--cert")
            .arg(&cert)
            .arg(&unsigned)
            .arg(&out)
            .status()?;
        if !status.success() {
            return Err("pyhanko failed".into());
        }
        hanko.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let mut startup = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        std::process::Command::new("pyhanko")
            .arg("--version")
            .output()?;
        startup.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let startup = median(startup);
    let ours = median(sign_ms);
    let theirs = median(hanko);
    println!(
        "pyHanko CLI signing the same unsigned file (median of 5, includes Python start-up): {theirs:.0} ms"
    );
    println!("pyHanko CLI start-up alone (`pyhanko --version`, median of 5): {startup:.0} ms");
    println!(
        "ratio pyHanko / vakt signing: {:.0}x; without pyHanko's start-up: {:.0}x",
        theirs / ours,
        (theirs - startup).max(0.0) / ours
    );
    Ok(())
}
