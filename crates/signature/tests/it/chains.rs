//! The attacks of issue 11 as tests, on certificate chains built with `openssl`: each is refused
//! with the right verdict, and the path verdicts agree with `openssl verify`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use chrono::{DateTime, Duration, Utc};
use vakt_record::{RenderOptions, demo_exercise, render_exercise};
use vakt_signature::{
    Identity, KeyAlgorithm, PathVerdict, SignOptions, Usage, Verdict, VerifyOptions, sign_pdf,
    validate_path, verify_pdf,
};

use crate::pki::{CA, PERSON, Pki, pyhanko};

fn now() -> DateTime<Utc> {
    // Certificates made by openssl start now; sign a minute later.
    Utc::now() + Duration::minutes(1)
}

pub(crate) fn record() -> Vec<u8> {
    render_exercise(&demo_exercise(), &RenderOptions::default())
        .expect("renders")
        .pdf
}

fn sign_at(pdf: &[u8], id: &Identity, at: DateTime<Utc>, reason: &str) -> Vec<u8> {
    sign_pdf(
        pdf,
        id,
        &SignOptions {
            signed_at: at,
            reason: reason.into(),
            location: "Stavanger".into(),
            name: None,
            widget: None,
        },
    )
    .expect("signs")
}

fn verify(pdf: &[u8], trust: &[vakt_signature::Certificate]) -> vakt_signature::Verification {
    verify_pdf(
        pdf,
        &VerifyOptions {
            trust: trust.to_vec(),
            journal: None,
        },
    )
    .expect("reads")
}

fn assert_broken_with(v: &vakt_signature::Verification, words: &str) {
    assert_eq!(v.verdict, Verdict::Broken, "{}", v.summary);
    assert!(!v.ok);
    assert!(
        v.problems.iter().any(|p| p.contains(words)),
        "expected {words:?} in {:?}",
        v.problems
    );
}

/// Issue 11: page 1 replaced by an incremental update, then signed again by a second key with
/// the same organisation name. pyHanko calls it INVALID; so must Vakt, with and without the
/// first key's certificate as anchor.
#[test]
fn content_replaced_then_signed_again_by_a_lookalike_is_broken_with_and_without_anchor() {
    let pki = Pki::new();
    let at = now();
    let genuine = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        at,
        &mut rand_core::OsRng,
    )
    .unwrap();
    let lookalike = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        at,
        &mut rand_core::OsRng,
    )
    .unwrap();
    assert_eq!(genuine.subject(), lookalike.subject());
    let signed = sign_at(&record(), &genuine, at, "Exercise report");
    let changed = crate::validators::append_content_change(&signed);
    let resigned = sign_at(&changed, &lookalike, at, "Exercise report");

    for trust in [vec![], vec![genuine.certificate().clone()]] {
        let v = verify(&resigned, &trust);
        assert_broken_with(&v, "the content of page 1 was changed");
        assert_eq!(v.signatures.len(), 2, "both signatures reported");
        assert_eq!(v.signatures[0].verdict, Verdict::Broken);
        assert!(v.summary.starts_with("BROKEN"), "{}", v.summary);
    }
    let file = pki.write("resigned.pdf", &resigned);
    let cert = pki.write("genuine.pem", genuine.certificate_pem().unwrap().as_bytes());
    let hanko = pyhanko(&file, &cert);
    assert!(hanko.contains("INVALID"), "pyHanko:\n{hanko}");
}

/// The same document, untouched and re-signed by nobody: intact, and trusted only with the
/// anchor.
#[test]
fn a_self_signed_identity_is_intact_but_not_trusted_without_its_certificate() {
    let at = now();
    let id = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        at,
        &mut rand_core::OsRng,
    )
    .unwrap();
    let signed = sign_at(&record(), &id, at, "Exercise report");
    let v = verify(&signed, &[]);
    assert_eq!(v.verdict, Verdict::Untrusted, "{}", v.summary);
    assert!(v.summary.contains("CA certificate"), "{}", v.summary);
    assert!(
        v.summary.starts_with("INTACT BUT SIGNER NOT TRUSTED"),
        "{}",
        v.summary
    );
    let v = verify(&signed, &[id.certificate().clone()]);
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
}

fn chain_pki() -> Pki {
    let pki = Pki::new();
    pki.root("root", "Demo CRM Online Root CA", CA);
    pki
}

#[test]
fn a_signer_issued_by_a_non_ca_leaf_is_not_valid() {
    let pki = chain_pki();
    pki.issue("fake-ca", "Ola Nordmann", "root", PERSON, 365, false);
    pki.issue("signer", "Ingrid Sæther", "fake-ca", PERSON, 365, false);
    let id = pki.identity("signer", &["fake-ca"]);
    let signed = sign_at(&record(), &id, now(), "incident-manager");
    for trust in [vec![], vec![pki.certificate("root")]] {
        let v = verify(&signed, &trust);
        assert_broken_with(&v, "is not a CA");
    }
}

#[test]
fn a_tls_server_certificate_may_not_sign() {
    let pki = chain_pki();
    pki.issue(
        "tls",
        "crm.demo.example",
        "root",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        365,
        false,
    );
    let id = pki.identity("tls", &["root"]);
    let signed = sign_at(&record(), &id, now(), "incident-manager");
    let v = verify(&signed, &[pki.certificate("root")]);
    assert_broken_with(&v, "may not sign documents");
}

#[test]
fn an_expired_link_is_not_valid() {
    let pki = chain_pki();
    pki.issue("inter", "Demo CRM Online Issuing CA", "root", CA, 1, false);
    pki.issue("signer", "Ingrid Sæther", "inter", PERSON, 365, false);
    let id = pki.identity("signer", &["inter", "root"]);
    // Signed three days later, when the intermediate had expired.
    let signed = sign_at(
        &record(),
        &id,
        now() + Duration::days(3),
        "incident-manager",
    );
    let v = verify(&signed, &[pki.certificate("root")]);
    assert_broken_with(&v, "had expired");
    // The same chain signed while it was valid is fine.
    let signed = sign_at(&record(), &id, now(), "incident-manager");
    let v = verify(&signed, &[pki.certificate("root")]);
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    assert_eq!(
        v.signatures[0].path.as_ref().unwrap().certificates,
        [
            "Ingrid Sæther",
            "Demo CRM Online Issuing CA",
            "Demo CRM Online Root CA"
        ]
    );
}

/// The path verdicts of Vakt and `openssl verify -purpose smimesign` on the same chains.
#[test]
fn path_verdicts_agree_with_openssl_verify() {
    let pki = chain_pki();
    let at = now();
    pki.root("other-root", "Somebody Else Root CA", CA);
    pki.issue("inter", "Issuing CA", "root", CA, 365, false);
    pki.issue("short", "Short-lived CA", "root", CA, 1, false);
    pki.issue(
        "inter-no-certsign",
        "CA without keyCertSign",
        "root",
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n",
        365,
        false,
    );
    pki.root(
        "root-pathlen0",
        "Root pathlen 0",
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n",
    );
    pki.issue(
        "inter-under-pathlen0",
        "Issuing CA under pathlen 0",
        "root-pathlen0",
        CA,
        365,
        false,
    );
    pki.issue("person", "Ingrid Sæther", "inter", PERSON, 365, false);
    pki.issue("person-direct", "Kari Nordmann", "root", PERSON, 365, false);
    pki.issue("person-short", "Ola Nordmann", "short", PERSON, 365, false);
    pki.issue(
        "person-bad-issuer",
        "Per Hansen",
        "inter-no-certsign",
        PERSON,
        365,
        false,
    );
    pki.issue(
        "person-pathlen",
        "Siri Olsen",
        "inter-under-pathlen0",
        PERSON,
        365,
        false,
    );
    pki.issue("non-ca", "Not a CA", "root", PERSON, 365, false);
    pki.issue(
        "person-under-leaf",
        "Eva Berg",
        "non-ca",
        PERSON,
        365,
        false,
    );
    pki.issue("tls", "crm.demo.example", "root", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n", 365, false);
    pki.issue(
        "encipher-only",
        "Encryption only",
        "root",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n",
        365,
        false,
    );
    pki.issue("doc-signing", "Document signer", "root", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,nonRepudiation\nextendedKeyUsage=emailProtection\n", 365, true);

    /// Signer, anchor, links, time, expected outcome.
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], DateTime<Utc>, bool);
    let cases: [Case<'_>; 13] = [
        ("person", "root", &["inter"], at, true),
        ("person-direct", "root", &[], at, true),
        ("doc-signing", "root", &[], at, true),
        ("person", "other-root", &["inter"], at, false),
        ("person", "root", &[], at, false),
        ("person-short", "root", &["short"], at, true),
        (
            "person-short",
            "root",
            &["short"],
            at + Duration::days(3),
            false,
        ),
        (
            "person-bad-issuer",
            "root",
            &["inter-no-certsign"],
            at,
            false,
        ),
        (
            "person-pathlen",
            "root-pathlen0",
            &["inter-under-pathlen0"],
            at,
            false,
        ),
        ("person-under-leaf", "root", &["non-ca"], at, false),
        ("tls", "root", &[], at, false),
        ("encipher-only", "root", &[], at, false),
        ("person", "root", &["inter"], at - Duration::days(2), false),
    ];
    for (leaf, root, links, when, expected) in cases {
        let (openssl_ok, openssl_out) = pki.openssl_verify(leaf, root, links, when);
        let intermediates: Vec<_> = links.iter().map(|l| pki.certificate(l)).collect();
        let ours = validate_path(
            &pki.certificate(leaf),
            &intermediates,
            &[pki.certificate(root)],
            when,
            Usage::DocumentSigning,
        );
        let vakt_ok = ours.verdict == PathVerdict::Trusted;
        assert_eq!(
            vakt_ok, openssl_ok,
            "{leaf} under {root} via {links:?}: Vakt {:?}, openssl: {openssl_out}",
            ours.verdict
        );
        assert_eq!(vakt_ok, expected, "{leaf}: {:?}", ours.verdict);
    }
}

/// A damaged signature dictionary is reported as damaged, never as "no signature found".
#[test]
fn a_damaged_signature_dictionary_says_it_is_damaged() {
    let at = now();
    let id = Identity::generate(
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        at,
        &mut rand_core::OsRng,
    )
    .unwrap();
    let signed = sign_at(&record(), &id, at, "Exercise report");
    let at_sig = signed
        .windows(b"/Type /Sig".len())
        .rposition(|w| w == b"/Type /Sig")
        .unwrap();

    // The dictionary's /ByteRange key renamed.
    let mut renamed = signed.clone();
    let br = at_sig
        + renamed[at_sig..]
            .windows(10)
            .position(|w| w == b"/ByteRange")
            .unwrap();
    renamed[br + 9] = b'X';
    let v = verify(&renamed, &[id.certificate().clone()]);
    assert_broken_with(&v, "damaged");
    assert!(
        !v.problems.iter().any(|p| p.contains("no signature found")),
        "{:?}",
        v.problems
    );

    // The dictionary's syntax broken: the object cannot be read at all.
    let mut unreadable = signed.clone();
    let open = at_sig - 3;
    assert_eq!(&unreadable[open..open + 2], b"<<");
    unreadable[open] = b'(';
    unreadable[open + 1] = b'(';
    let v = verify(&unreadable, &[id.certificate().clone()]);
    assert_broken_with(&v, "damaged");
    assert!(
        !v.problems.iter().any(|p| p.contains("no signature found")),
        "{:?}",
        v.problems
    );
}
