//! The record commands end to end through the `vakt` binary: identity, record --sign, verify
//! (human and --json, exit codes), sign with a wrong passphrase.

use std::process::{Command, Output};

use crate::util::text;

fn vakt(data: &std::path::Path, pass: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vakt"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("VAKT_PASSPHRASE", pass)
        .env_remove("VAKT_WORKSPACE")
        .output()
        .expect("vakt runs")
}

#[test]
fn identity_record_sign_and_verify_through_the_cli() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let pdf = dir.path().join("drill.pdf");
    let pdf_s = pdf.to_string_lossy().into_owned();

    let o = vakt(
        &data,
        "wachtwoord vuurtoren zeventien kralen",
        &[
            "identity",
            "generate",
            "--organisation",
            "Sæther & Zn. AS",
            "--algorithm",
            "p256",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let again = vakt(
        &data,
        "wachtwoord vuurtoren zeventien kralen",
        &["identity", "generate", "--organisation", "X"],
    );
    assert!(!again.status.success(), "a second identity needs --force");

    let o = vakt(
        &data,
        "wachtwoord vuurtoren zeventien kralen",
        &[
            "record",
            "exercise",
            "--demo",
            "--lang",
            "nl",
            "--sign",
            "--location",
            "Bergen",
            "--out",
            &pdf_s,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));

    let o = vakt(&data, "", &["verify", &pdf_s]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(": VALID"), "{}", text(&o));
    let o = vakt(&data, "", &["--json", "verify", &pdf_s]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["valid"], true);
    assert_eq!(v["signatures"][0]["location"], "Bergen");
    assert_eq!(v["signatures"][0]["trusted"], true);
    assert_eq!(v["checkpointCount"], 1212);
    assert_eq!(v["verdict"], "valid");

    // On a machine without the identity (an auditor's): intact, signer not trusted, exit 2,
    // and how to get the certificate; with the exported certificate as anchor: valid, exit 0.
    let auditor = dir.path().join("auditor");
    let o = vakt(&auditor, "", &["verify", &pdf_s]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("INTACT BUT SIGNER NOT TRUSTED"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("CA certificate"), "{}", text(&o));
    let cert = dir.path().join("org.pem");
    let o = vakt(
        &data,
        "",
        &[
            "identity",
            "export-certificate",
            "--out",
            &cert.to_string_lossy(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = vakt(
        &auditor,
        "",
        &["verify", &pdf_s, "--trust", &cert.to_string_lossy()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Anything appended after signing fails verification with a non-zero exit.
    let mut bytes = std::fs::read(&pdf).expect("signed file");
    bytes.extend_from_slice(b"\n% appended later\n");
    let changed = dir.path().join("changed.pdf");
    std::fs::write(&changed, &bytes).expect("write");
    let o = vakt(&data, "", &["verify", &changed.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("BROKEN"), "{}", text(&o));
    assert!(text(&o).contains("appended"), "{}", text(&o));

    // A wrong passphrase is a clear error.
    let o = vakt(
        &data,
        "Wachtwoord",
        &[
            "sign",
            &pdf_s,
            "--out",
            &dir.path().join("x.pdf").to_string_lossy(),
        ],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("wrong passphrase"), "{}", text(&o));
}

/// `vakt ca`: an organisation CA created outside the data directory, a person's certificate
/// issued for the key they have (checked by `openssl verify` against the exported CA
/// certificate), and `vakt sign-off` refusing a person who is not in this data directory.
#[test]
fn ca_create_issue_export_and_openssl_verifies_the_issued_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let ca = dir.path().join("ca");
    let ca_s = ca.to_string_lossy().into_owned();
    let now = chrono::Utc::now();
    let rng = &mut rand_core::OsRng;
    let me = vakt_signature::Identity::generate_person(
        "Ingrid Berg",
        "Demo CRM Online AS",
        vakt_signature::KeyAlgorithm::P256,
        now,
        730,
        rng,
    )
    .expect("person");
    let folder = data.join("people").join(me.key_fingerprint());
    me.save(
        &folder,
        "ingrid's own words",
        vakt_signature::KdfCost(1_000),
        rng,
    )
    .expect("save");
    let ca_run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_vakt"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env("VAKT_CA_PASSPHRASE", "harbour violet seventeen kettles")
            // Sign-off asks the person's passphrase before it looks for the person.
            .env("VAKT_PASSPHRASE", "ingrid's own words")
            .env_remove("VAKT_WORKSPACE")
            .output()
            .expect("vakt runs")
    };
    let o = ca_run(&[
        "ca",
        "create",
        "--folder",
        &ca_s,
        "--organisation",
        "Demo CRM Online AS",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Keep this folder offline"),
        "{}",
        text(&o)
    );
    let o = ca_run(&["ca", "create", "--folder", &ca_s]);
    assert_eq!(o.status.code(), Some(2), "never replaced: {}", text(&o));
    let o = ca_run(&["ca", "issue", "--folder", &ca_s, "--person", "Ingrid Berg"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(&me.key_fingerprint()), "{}", text(&o));
    let pem = dir.path().join("CA.pem");
    let o = ca_run(&[
        "ca",
        "export",
        "--folder",
        &ca_s,
        "--out",
        &pem.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let verify = Command::new("openssl")
        .args(["verify", "-purpose", "smimesign", "-CAfile"])
        .arg(&pem)
        .arg(folder.join("certificate.pem"))
        .output()
        .expect("openssl");
    assert!(verify.status.success(), "{}", text(&verify));
    let o = ca_run(&[
        "sign-off",
        &pem.to_string_lossy(),
        "--person",
        "Nobody Here",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("no person"), "{}", text(&o));
}
