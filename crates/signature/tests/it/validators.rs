//! Every record kind is generated, signed and then judged by independent validators installed by
//! `scripts/setup`: pdfsig (poppler-utils), pyHanko's command line (pyhanko-cli), `qpdf --check`
//! and `pdftotext`. Tamper tests flip a byte in each signed range and append an incremental
//! update that changes page content.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use vakt_record::{
    Language, RenderOptions, RenderedRecord, SignatureBlock, demo_exercise, demo_incident,
    render_exercise, render_incident,
};
use vakt_signature::{
    Identity, Journal, KdfCost, KeyAlgorithm, SignOptions, SignatureError, VerifyOptions, sign_pdf,
    verify_pdf,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 16, 17, 0, 0)
        .single()
        .expect("valid time")
}

fn identity(alg: KeyAlgorithm) -> &'static Identity {
    static RSA: OnceLock<Identity> = OnceLock::new();
    static P256: OnceLock<Identity> = OnceLock::new();
    let cell = match alg {
        KeyAlgorithm::Rsa3072 => &RSA,
        KeyAlgorithm::P256 => &P256,
    };
    cell.get_or_init(|| {
        Identity::generate("Demo CRM Online AS", alg, now(), &mut rand_core::OsRng)
            .expect("identity generates")
    })
}

fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("{cmd} is not installed ({e}); run scripts/setup, which installs it")
    });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn pdfsig(file: &Path) -> String {
    run("pdfsig", &[&file.to_string_lossy()]).1
}

fn pyhanko(file: &Path, cert: &Path) -> String {
    run(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust",
            &cert.to_string_lossy(),
            "--trust-replace",
            &file.to_string_lossy(),
        ],
    )
    .1
}

fn render(kind: &str, lang: Language, id: &Identity) -> RenderedRecord {
    let options = RenderOptions {
        language: lang,
        signature_block: Some(SignatureBlock {
            signer: id.subject(),
            signed_at: now(),
            fingerprint: id.fingerprint(),
        }),
    };
    match kind {
        "incident" => render_incident(&demo_incident(0), &options),
        _ => render_exercise(&demo_exercise(), &options),
    }
    .expect("record renders")
}

fn sign(record: &RenderedRecord, id: &Identity) -> Vec<u8> {
    let area = record.signature_area.expect("signature block drawn");
    let options = SignOptions {
        signed_at: now(),
        reason: "Record afgesloten – “akkoord”".into(),
        location: "Stavanger, Norge".into(),
        name: Some("Ingrid Sæther".into()),
        widget: Some((area.page, area.rect)),
    };
    sign_pdf(&record.pdf, id, &options).expect("signs")
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

fn assert_valid_everywhere(fx: &Fixture, name: &str, signed: &[u8], id: &Identity) {
    let file = fx.write(&format!("{name}.pdf"), signed);
    let cert = fx.write(
        &format!("{name}.pem"),
        id.certificate_pem().expect("pem").as_bytes(),
    );
    let sig = pdfsig(&file);
    assert!(
        sig.contains("Signature is Valid."),
        "{name}: pdfsig:\n{sig}"
    );
    assert!(
        sig.contains("Total document signed"),
        "{name}: pdfsig:\n{sig}"
    );
    assert!(
        sig.contains("ETSI.CAdES.detached"),
        "{name}: pdfsig:\n{sig}"
    );
    let hanko = pyhanko(&file, &cert);
    assert!(
        hanko.contains("The signature is judged VALID."),
        "{name}: pyHanko:\n{hanko}"
    );
    assert!(
        hanko.contains("The signature covers the entire file."),
        "{name}: pyHanko:\n{hanko}"
    );
    let (ok, qpdf) = run("qpdf", &["--check", &file.to_string_lossy()]);
    assert!(
        ok && qpdf.contains("No syntax or stream encoding errors"),
        "{name}: qpdf:\n{qpdf}"
    );
    let (_, text) = run("pdftotext", &[&file.to_string_lossy(), "-"]);
    for needle in ["æ", "ø", "å", "Æ", "Ø", "Å", "€", "‘svc-crm-web’", "Sæther"] {
        assert!(text.contains(needle), "{name}: pdftotext lost {needle:?}");
    }
    let pages = text.matches('\u{c}').count();
    let last_label_en = format!("Page {pages} of {pages}");
    let last_label_nl = format!("Pagina {pages} van {pages}");
    assert!(
        text.contains(&last_label_en) || text.contains(&last_label_nl),
        "{name}: no \"page {pages} of {pages}\" footer"
    );
    // The machine-readable record comes back out with poppler's pdfdetach.
    let json_path = fx.dir.path().join(format!("{name}.json"));
    let (ok, out) = run(
        "pdfdetach",
        &[
            "-save",
            "1",
            "-o",
            &json_path.to_string_lossy(),
            &file.to_string_lossy(),
        ],
    );
    assert!(ok, "{name}: pdfdetach: {out}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).expect("detached")).expect("JSON");
    assert!(
        json["checkpoint"]["count"].as_u64().is_some(),
        "{name}: {json}"
    );
    assert!(json["identity"]["id"].is_string());
    let anchored = VerifyOptions {
        trust: vec![id.certificate().clone()],
        journal: None,
    };
    let ours = verify_pdf(signed, &anchored).expect("verifies");
    assert!(ours.ok, "{name}: vakt verify: {}", ours.summary);
    assert_eq!(ours.signatures[0].name, "Ingrid Sæther");
    assert_eq!(ours.signatures[0].location, "Stavanger, Norge");
}

#[test]
fn every_record_kind_signed_is_valid_for_pdfsig_pyhanko_qpdf_and_pdftotext() {
    let fx = Fixture::new();
    let cases = [
        ("incident", Language::Nl, KeyAlgorithm::Rsa3072),
        ("incident", Language::En, KeyAlgorithm::P256),
        ("exercise", Language::En, KeyAlgorithm::Rsa3072),
        ("exercise", Language::Nl, KeyAlgorithm::P256),
    ];
    for (kind, lang, alg) in cases {
        let id = identity(alg);
        let record = render(kind, lang, id);
        let signed = sign(&record, id);
        assert!(
            signed.starts_with(&record.pdf),
            "{kind}: signing appends, never rewrites"
        );
        assert_valid_everywhere(&fx, &format!("{kind}-{lang:?}-{alg:?}"), &signed, id);
    }
}

fn flip_in(signed: &mut [u8], at: usize) {
    // Swap one hex digit or letter for another of the same class, so the file still parses.
    signed[at] = match signed[at] {
        b'0'..=b'8' | b'A'..=b'E' | b'a'..=b'e' => signed[at] + 1,
        _ => signed[at].wrapping_sub(1),
    };
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .rposition(|w| w == needle)
        .expect("needle present")
}

#[test]
fn a_flipped_byte_in_each_signed_range_is_a_digest_mismatch() {
    let fx = Fixture::new();
    let id = identity(KeyAlgorithm::Rsa3072);
    let signed = sign(&render("incident", Language::En, id), id);
    let cert = fx.write("cert.pem", id.certificate_pem().expect("pem").as_bytes());
    let contents = find(&signed, b"/Contents <");
    // First range: a digit of the record's /Title in the document info (before /Contents).
    let first = find(&signed[..contents], b"/Keywords") + 12;
    // Second range: a hex digit of /Location in the signature dictionary (after /Contents).
    let second = find(&signed, b"/Location <") + 13;
    for (label, at) in [("first", first), ("second", second)] {
        let mut bad = signed.clone();
        flip_in(&mut bad, at);
        assert_ne!(bad, signed);
        let file = fx.write(&format!("{label}.pdf"), &bad);
        let sig = pdfsig(&file);
        assert!(
            sig.contains("Digest Mismatch"),
            "{label} range: pdfsig:\n{sig}"
        );
        let hanko = pyhanko(&file, &cert);
        assert!(
            hanko.contains("INVALID"),
            "{label} range: pyHanko:\n{hanko}"
        );
        let ours = verify_pdf(&bad, &VerifyOptions::default()).expect("parses");
        assert!(
            !ours.ok,
            "{label} range: vakt verify accepted a changed file"
        );
        assert!(!ours.signatures[0].digest_matches);
    }
}

/// Appends an incremental update that replaces the first page's content stream.
pub(crate) fn append_content_change(signed: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(signed).expect("loads");
    let page = *doc.get_pages().values().next().expect("a page");
    let contents = doc
        .get_dictionary(page)
        .expect("page")
        .get(b"Contents")
        .expect("contents")
        .clone();
    let target = match contents {
        lopdf::Object::Reference(r) => r,
        lopdf::Object::Array(a) => a[0].as_reference().expect("ref"),
        _ => panic!("unexpected /Contents"),
    };
    let prev = {
        let tail = String::from_utf8_lossy(&signed[signed.len() - 64..]).to_string();
        tail.split("startxref")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse::<usize>().ok())
            .expect("startxref")
    };
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(|o| o.as_i64())
        .expect("size");
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .expect("root");
    let mut out = signed.to_vec();
    let at = out.len();
    let body = b"0 0 1 rg 50 400 300 80 re f";
    out.extend_from_slice(
        format!(
            "{} {} obj\n<< /Length {} >>\nstream\n",
            target.0,
            target.1,
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{} 1\n{at:010} {:05} n \ntrailer\n<< /Size {size} /Root {} {} R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
            target.0, target.1, root.0, root.1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn an_appended_update_changing_page_content_is_flagged() {
    let fx = Fixture::new();
    let id = identity(KeyAlgorithm::Rsa3072);
    let signed = sign(&render("exercise", Language::En, id), id);
    let changed = append_content_change(&signed);
    let file = fx.write("changed.pdf", &changed);
    let cert = fx.write("cert.pem", id.certificate_pem().expect("pem").as_bytes());
    let hanko = pyhanko(&file, &cert);
    assert!(
        hanko.contains("The signature does not cover the entire file.")
            && hanko.contains("The signature is judged INVALID."),
        "pyHanko did not flag the change:\n{hanko}"
    );
    let sig = pdfsig(&file);
    assert!(sig.contains("Not total document signed"), "pdfsig:\n{sig}");
    let ours = verify_pdf(&changed, &VerifyOptions::default()).expect("parses");
    assert!(!ours.ok);
    assert!(!ours.signatures[0].covers_whole_file);
    assert_eq!(ours.verdict, vakt_signature::Verdict::Broken);
    assert!(
        ours.problems
            .iter()
            .any(|p| p.contains("the content of page 1 was changed")),
        "{:?}",
        ours.problems
    );
}

#[test]
fn bytes_hidden_in_the_signature_padding_are_refused() {
    let id = identity(KeyAlgorithm::P256);
    let mut signed = sign(&render("exercise", Language::En, id), id);
    let start = find(&signed, b"/Contents <") + b"/Contents <".len();
    let end = start
        + signed[start..]
            .iter()
            .position(|b| *b == b'>')
            .expect("end of hex");
    // pdfsig and pyHanko accept this (the padding is outside the byte ranges); Vakt does not.
    signed[end - 10] = b'7';
    let v = verify_pdf(&signed, &VerifyOptions::default()).expect("parses");
    assert!(!v.ok);
    assert!(
        v.problems.iter().any(|p| p.contains("hidden data")),
        "{:?}",
        v.problems
    );
}

struct FakeJournal(u64, String);

impl Journal for FakeJournal {
    fn head_after(&self, count: u64) -> Option<String> {
        (count == self.0).then(|| self.1.clone())
    }
}

#[test]
fn the_checkpoint_is_compared_with_the_journal_when_at_hand() {
    let id = identity(KeyAlgorithm::P256);
    let record = demo_incident(0);
    let signed = sign(&render("incident", Language::En, id), id);
    let cp = record.checkpoint.clone();
    let same = FakeJournal(cp.count, cp.head_hash.clone());
    let v = verify_pdf(
        &signed,
        &VerifyOptions {
            trust: vec![id.certificate().clone()],
            journal: Some(&same),
        },
    )
    .expect("verifies");
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(true)
    );
    let other = FakeJournal(cp.count, "00".repeat(32));
    let v = verify_pdf(
        &signed,
        &VerifyOptions {
            trust: vec![id.certificate().clone()],
            journal: Some(&other),
        },
    )
    .expect("verifies");
    assert!(!v.ok);
    assert_eq!(
        v.checkpoint.as_ref().and_then(|c| c.matches_journal),
        Some(false)
    );
}

#[test]
fn trust_anchors_are_applied() {
    let signer = identity(KeyAlgorithm::P256);
    let stranger = identity(KeyAlgorithm::Rsa3072);
    let signed = sign(&render("exercise", Language::En, signer), signer);
    let trusted = VerifyOptions {
        trust: vec![signer.certificate().clone()],
        journal: None,
    };
    assert!(verify_pdf(&signed, &trusted).expect("verifies").ok);
    let untrusted = VerifyOptions {
        trust: vec![stranger.certificate().clone()],
        journal: None,
    };
    let v = verify_pdf(&signed, &untrusted).expect("verifies");
    assert!(!v.ok);
    assert_eq!(
        v.signatures[0].certificate.as_ref().and_then(|c| c.trusted),
        Some(false)
    );
}

#[test]
fn the_identity_is_encrypted_at_rest_and_a_wrong_passphrase_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let id = identity(KeyAlgorithm::P256);
    id.save(
        dir.path(),
        "correct horse",
        KdfCost(1_000),
        &mut rand_core::OsRng,
    )
    .expect("saves");
    let key = std::fs::read_to_string(dir.path().join("key.pem")).expect("key file");
    assert!(key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let wrong = Identity::load(dir.path(), "Correct horse").expect_err("wrong passphrase fails");
    assert!(matches!(wrong, SignatureError::WrongPassphrase), "{wrong}");
    assert!(wrong.to_string().contains("wrong passphrase"));
    let loaded = Identity::load(dir.path(), "correct horse").expect("right passphrase loads");
    assert_eq!(loaded.fingerprint(), id.fingerprint());
    assert!(matches!(
        id.save(dir.path(), "", KdfCost(1_000), &mut rand_core::OsRng),
        Err(SignatureError::EmptyPassphrase)
    ));
}

#[test]
fn unsigned_and_garbage_files_fail_verification_without_panicking() {
    let record = render_exercise(&demo_exercise(), &RenderOptions::default()).expect("renders");
    let v = verify_pdf(&record.pdf, &VerifyOptions::default()).expect("parses");
    assert!(!v.ok);
    assert!(v.problems.iter().any(|p| p.contains("no signature")));
    assert!(verify_pdf(b"%PDF-1.7\nnonsense", &VerifyOptions::default()).is_err());
    assert!(verify_pdf(&[], &VerifyOptions::default()).is_err());
}

/// A PKCS#12 file made by OpenSSL (as an organisation's CA would hand it out) imports, signs a
/// record that pdfsig and pyHanko accept, and refuses a wrong passphrase.
#[test]
fn an_openssl_pkcs12_identity_imports_and_signs() {
    let fx = Fixture::new();
    let d = fx.dir.path();
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    let (ok, out) = run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-days",
            "3650",
            "-subj",
            "/CN=Demo CRM Online CA/O=Demo CRM Online AS",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    assert!(ok, "openssl CA: {out}");
    let (ok, out) = run(
        "openssl",
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:3072",
            "-nodes",
            "-keyout",
            &p("leaf.key"),
            "-out",
            &p("leaf.csr"),
            "-subj",
            "/CN=Ingrid Sæther/O=Demo CRM Online AS",
            "-utf8",
        ],
    );
    assert!(ok, "openssl CSR: {out}");
    std::fs::write(
        d.join("leaf.ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .expect("ext file");
    let (ok, out) = run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &p("leaf.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-days",
            "825",
            "-out",
            &p("leaf.pem"),
            "-extfile",
            &p("leaf.ext"),
            "-not_before",
            "20260101000000Z",
        ],
    );
    let (ok, out) = if ok {
        (ok, out)
    } else {
        // OpenSSL 3.0 has no -not_before: certificates then start now, so sign with "now".
        run(
            "openssl",
            &[
                "x509",
                "-req",
                "-in",
                &p("leaf.csr"),
                "-CA",
                &p("ca.pem"),
                "-CAkey",
                &p("ca.key"),
                "-CAcreateserial",
                "-days",
                "825",
                "-out",
                &p("leaf.pem"),
                "-extfile",
                &p("leaf.ext"),
            ],
        )
    };
    assert!(ok, "openssl sign: {out}");
    let (ok, out) = run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &p("leaf.key"),
            "-in",
            &p("leaf.pem"),
            "-certfile",
            &p("ca.pem"),
            "-out",
            &p("id.p12"),
            "-passout",
            "pass:Vertrouwelijk-ÆØÅ",
        ],
    );
    assert!(ok, "openssl pkcs12: {out}");
    let p12 = std::fs::read(d.join("id.p12")).expect("p12");
    let wrong = Identity::import_pkcs12(&p12, "vertrouwelijk").expect_err("wrong passphrase");
    assert!(matches!(wrong, SignatureError::WrongPassphrase), "{wrong}");
    let id = Identity::import_pkcs12(&p12, "Vertrouwelijk-ÆØÅ").expect("imports");
    assert_eq!(id.subject(), "Ingrid Sæther");
    assert_eq!(id.summary().chain, 1);

    let signed_at = Utc::now();
    let record = render_incident(&demo_incident(0), &RenderOptions::default()).expect("renders");
    let options = SignOptions {
        signed_at,
        reason: "Incident record".into(),
        location: "Oslo".into(),
        name: None,
        widget: None,
    };
    let signed = sign_pdf(&record.pdf, &id, &options).expect("signs");
    let file = fx.write("p12-signed.pdf", &signed);
    let sig = pdfsig(&file);
    assert!(
        sig.contains("Signature is Valid.") && sig.contains("Total document signed"),
        "{sig}"
    );
    let hanko = pyhanko(&file, &d.join("ca.pem"));
    assert!(
        hanko.contains("The signature is judged VALID."),
        "pyHanko with the CA as root:\n{hanko}"
    );
    let ca = vakt_signature_ca(&d.join("ca.pem"));
    let v = verify_pdf(
        &signed,
        &VerifyOptions {
            trust: vec![ca],
            journal: None,
        },
    )
    .expect("verifies");
    assert!(v.ok, "{:?}", v.problems);
    assert_eq!(
        v.signatures[0].certificate.as_ref().and_then(|c| c.trusted),
        Some(true)
    );
    assert_eq!(v.signatures[0].name, "Ingrid Sæther");
}

fn vakt_signature_ca(path: &Path) -> vakt_signature::Certificate {
    let pem = std::fs::read(path).expect("CA pem");
    <vakt_signature::Certificate as der::DecodePem>::from_pem(&pem).expect("CA parses")
}

/// Truncated and corrupted copies of a signed record: verification answers (an error or a
/// failed verdict) and never panics, and never calls a changed file valid.
#[test]
fn corrupted_files_never_panic_and_never_verify() {
    let id = identity(KeyAlgorithm::P256);
    let signed = sign(&render("exercise", Language::En, id), id);
    let mut state: u64 = 0x5eed_1234_abcd_0001;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    for round in 0..300 {
        let mut bad = signed.clone();
        match round % 3 {
            0 => bad.truncate(next() % signed.len()),
            1 => {
                for _ in 0..1 + next() % 4 {
                    let at = next() % bad.len();
                    bad[at] ^= 1 << (next() % 8);
                }
            }
            _ => {
                let at = next() % bad.len();
                let len = (next() % 64).min(bad.len() - at);
                bad.drain(at..at + len);
            }
        }
        if bad == signed {
            continue;
        }
        let outcome = std::panic::catch_unwind(|| verify_pdf(&bad, &VerifyOptions::default()));
        let verdict = outcome.unwrap_or_else(|_| panic!("round {round}: verify_pdf panicked"));
        if let Ok(v) = verdict {
            assert!(!v.ok, "round {round}: a changed file verified");
        }
    }
}
