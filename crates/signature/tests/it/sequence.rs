//! Several signatures in sequence: a certification signature (DocMDP /P 2) by the first person,
//! approval signatures by the next, each reported with its signer; pdfsig and pyHanko list and
//! accept every one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use chrono::{DateTime, Duration, Utc};
use vakt_signature::{
    Certification, DigestAlgorithm, SequenceOptions, SignatureKind, Signer, Verdict, VerifyOptions,
    sign_sequence, verify_pdf,
};

use crate::chains::record;
use crate::pki::{CA, PERSON, Pki, pdfsig, pyhanko};

fn now() -> DateTime<Utc> {
    Utc::now() + Duration::minutes(1)
}

/// An organisation CA with an issuing CA and two persons: a 3-link chain for each.
pub(crate) fn organisation() -> Pki {
    let pki = Pki::new();
    pki.root("root", "Demo CRM Online Root CA", CA);
    pki.issue(
        "inter",
        "Demo CRM Online Issuing CA",
        "root",
        CA,
        365,
        false,
    );
    pki.issue("ingrid", "Ingrid Sæther", "inter", PERSON, 365, false);
    pki.issue("ola", "Ola Nordmann", "inter", PERSON, 365, true);
    pki
}

fn signer<'a>(id: &'a vakt_signature::Identity, role: &str) -> Signer<'a> {
    Signer {
        identity: id,
        role: role.into(),
        name: None,
        location: "Stavanger".into(),
        widget: None,
    }
}

fn options(digest: DigestAlgorithm, certify: Option<Certification>) -> SequenceOptions<'static> {
    SequenceOptions {
        signed_at: now(),
        digest,
        certify,
        timestamps: None,
    }
}

#[test]
fn two_persons_sign_off_and_pdfsig_pyhanko_and_vakt_accept_both() {
    let pki = organisation();
    let ingrid = pki.identity("ingrid", &["inter", "root"]);
    let ola = pki.identity("ola", &["inter", "root"]);
    let signed = sign_sequence(
        &record(),
        &[signer(&ingrid, "incident-manager"), signer(&ola, "dpo")],
        &options(
            DigestAlgorithm::Sha256,
            Some(Certification::FormFillingAndSigning),
        ),
    )
    .unwrap();
    let v = verify_pdf(
        &signed.pdf,
        &VerifyOptions {
            trust: vec![pki.certificate("root")],
            journal: None,
        },
    )
    .unwrap();
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    let who: Vec<_> = v
        .signatures
        .iter()
        .map(|s| (s.signer.as_str(), s.reason.as_str(), s.kind))
        .collect();
    assert_eq!(
        who,
        [
            (
                "Ingrid Sæther",
                "incident-manager",
                SignatureKind::Certification { permissions: 2 }
            ),
            ("Ola Nordmann", "dpo", SignatureKind::Approval),
        ]
    );
    assert!(
        v.summary.contains("Ingrid Sæther (incident-manager)"),
        "{}",
        v.summary
    );

    // Without the organisation's CA: intact, not trusted, and the summary says what to get.
    let v = verify_pdf(&signed.pdf, &VerifyOptions::default()).unwrap();
    assert_eq!(v.verdict, Verdict::Untrusted, "{}", v.summary);
    assert!(
        v.summary.contains("organisation's CA certificate"),
        "{}",
        v.summary
    );

    let file = pki.write("signed.pdf", &signed.pdf);
    let sig = pdfsig(&file);
    assert_eq!(
        sig.matches("Signature is Valid.").count(),
        2,
        "pdfsig:\n{sig}"
    );
    assert!(
        sig.contains("Ingrid Sæther") && sig.contains("Ola Nordmann"),
        "pdfsig:\n{sig}"
    );
    let hanko = pyhanko(&file, &pki.path("root.pem"));
    assert_eq!(
        hanko.matches("The signature is judged VALID.").count(),
        2,
        "pyHanko:\n{hanko}"
    );
    assert!(!hanko.contains("INVALID"), "pyHanko:\n{hanko}");
}

/// Issue 11: a countersignature with SHA-384 is accepted (and SHA-512).
#[test]
fn sha384_and_sha512_countersignatures_are_accepted() {
    let pki = organisation();
    let ingrid = pki.identity("ingrid", &["inter", "root"]);
    let ola = pki.identity("ola", &["inter", "root"]);
    let first = sign_sequence(
        &record(),
        &[signer(&ingrid, "incident-manager")],
        &options(
            DigestAlgorithm::Sha256,
            Some(Certification::FormFillingAndSigning),
        ),
    )
    .unwrap();
    let second = sign_sequence(
        &first.pdf,
        &[signer(&ola, "dpo")],
        &options(DigestAlgorithm::Sha384, None),
    )
    .unwrap();
    let third = sign_sequence(
        &second.pdf,
        &[signer(&ingrid, "seal")],
        &options(DigestAlgorithm::Sha512, None),
    )
    .unwrap();
    let v = verify_pdf(
        &third.pdf,
        &VerifyOptions {
            trust: vec![pki.certificate("root")],
            journal: None,
        },
    )
    .unwrap();
    assert_eq!(v.verdict, Verdict::Valid, "{}", v.summary);
    let digests: Vec<_> = v.signatures.iter().map(|s| s.digest_algorithm).collect();
    assert_eq!(
        digests,
        [
            Some(DigestAlgorithm::Sha256),
            Some(DigestAlgorithm::Sha384),
            Some(DigestAlgorithm::Sha512)
        ]
    );
    let file = pki.write("three.pdf", &third.pdf);
    let sig = pdfsig(&file);
    assert_eq!(
        sig.matches("Signature is Valid.").count(),
        3,
        "pdfsig:\n{sig}"
    );
    let hanko = pyhanko(&file, &pki.path("root.pem"));
    assert_eq!(
        hanko.matches("The signature is judged VALID.").count(),
        3,
        "pyHanko:\n{hanko}"
    );
}

/// A certification signature with /P 1 allows nothing after it, not even a signature.
#[test]
fn a_signature_after_a_no_changes_certification_is_broken() {
    let pki = organisation();
    let ingrid = pki.identity("ingrid", &["inter", "root"]);
    let ola = pki.identity("ola", &["inter", "root"]);
    let signed = sign_sequence(
        &record(),
        &[signer(&ingrid, "incident-manager"), signer(&ola, "dpo")],
        &options(DigestAlgorithm::Sha256, Some(Certification::NoChanges)),
    )
    .unwrap();
    let v = verify_pdf(
        &signed.pdf,
        &VerifyOptions {
            trust: vec![pki.certificate("root")],
            journal: None,
        },
    )
    .unwrap();
    assert_eq!(v.verdict, Verdict::Broken, "{}", v.summary);
    assert!(
        v.problems.iter().any(|p| p.contains("/P 1")),
        "{:?}",
        v.problems
    );
}
