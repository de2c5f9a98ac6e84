//! Scratch: signs the demo records into a folder.
use chrono::{TimeZone, Utc};
use vakt_record::{RenderOptions, SignatureBlock, demo_exercise, demo_incident, render_exercise, render_incident};
use vakt_signature::{Identity, KeyAlgorithm, SignOptions, sign_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let now = Utc.with_ymd_and_hms(2026, 3, 16, 17, 0, 0).unwrap();
    let t = std::time::Instant::now();
    let id = Identity::generate("Demo CRM Online AS", KeyAlgorithm::Rsa3072, now, &mut rand_core::OsRng)?;
    println!("keygen {:?}", t.elapsed());
    std::fs::write(format!("{dir}/cert.pem"), id.certificate_pem()?)?;
    let block = SignatureBlock { signer: id.subject(), signed_at: now, fingerprint: id.fingerprint() };
    let o = RenderOptions { language: Default::default(), signature_block: Some(block) };
    for (name, r) in [("incident", render_incident(&demo_incident(0), &o)?), ("exercise", render_exercise(&demo_exercise(), &o)?)] {
        let area = r.signature_area.unwrap();
        let so = SignOptions { signed_at: now, reason: "Incidentrapport afgesloten – “akkoord”".into(), location: "Stavanger, Norge".into(), name: Some("Ingrid Sæther".into()), widget: Some((area.page, area.rect)) };
        let t = std::time::Instant::now();
        let s = sign_pdf(&r.pdf, &id, &so)?;
        println!("sign {name} {:?}", t.elapsed());
        std::fs::write(format!("{dir}/{name}-unsigned.pdf"), &r.pdf)?;
        std::fs::write(format!("{dir}/{name}-signed.pdf"), &s)?;
    }
    Ok(())
}
