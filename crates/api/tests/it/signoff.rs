//! Issue 11: a breach run's record signed off by the persons who hold its sign-off roles, each
//! with their own key, with certificates issued by the organisation's CA made with `vakt ca`:
//! pdfsig lists both signatures as valid, pyHanko validates both against the CA, `vakt verify`
//! says VALID with the CA and names who signed in which role; a person without a sign-off role
//! is refused at signing, as is a wrong passphrase and a second signature by the same person.

use std::path::{Path, PathBuf};
use std::process::Command;

use vakt_api::ErrorCode;
use vakt_api::json::{JournalFilter, RecordLanguage, TrustVerdict};
use vakt_api::ops::{
    CaCertificateRequest, CaCreateRequest, CaIssueRequest, GenerateIdentityRequest,
    JournalPageRequest, RecordSignOffsRequest, RunViewRequest, SignOffRecordRequest,
    SignPdfRequest, VerifyRecordRequest,
};
use vakt_api::{ApiError, Session};
use vakt_signature::{Identity, KdfCost, KeyAlgorithm};

use crate::records::{incident_run, open};

const CA_PASSPHRASE: &str = "harbour violet seventeen kettles";

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed ({e}); run scripts/setup"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A person's folder as the people of a data directory keep it: `people/<key id>/` in the
/// `Identity::save` layout, with `person.toml`.
fn person(data: &Path, name: &str, passphrase: &str) -> String {
    let rng = &mut rand_core::OsRng;
    let now = chrono::Utc::now();
    let id = Identity::generate_person(
        name,
        "Demo CRM Online AS",
        KeyAlgorithm::P256,
        now,
        730,
        rng,
    )
    .expect("person key");
    let dir = data.join("people").join(id.key_fingerprint());
    id.save(&dir, passphrase, KdfCost(1_000), rng)
        .expect("save");
    std::fs::write(
        dir.join("person.toml"),
        format!("display_name = \"{name}\"\nname_confirmed = true\n"),
    )
    .expect("person.toml");
    id.key_fingerprint()
}

/// The run's record signatures as the run view shows them (`record.signed_off`).
fn signed_off(session: &Session, run: &str) -> Vec<vakt_api::json::RecordSignedOffView> {
    session
        .call(RunViewRequest { run: run.into() })
        .expect("run view")
        .record_signed_off
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

struct SignOff<'a> {
    session: &'a Session,
}

impl SignOff<'_> {
    fn sign(
        &self,
        run: Option<String>,
        input: Option<&Path>,
        person: &str,
        passphrase: &str,
        out: &Path,
        tsa: Option<&str>,
    ) -> Result<vakt_api::json::SignedOffRecord, ApiError> {
        self.session.call(SignOffRecordRequest {
            run,
            input: input.map(|p| p.display().to_string()),
            person: person.into(),
            passphrase: passphrase.into(),
            path: out.display().to_string(),
            language: Some(RecordLanguage::En),
            tsa: tsa.map(String::from),
        })
    }

    fn verify(&self, file: &Path, trust: &[PathBuf]) -> vakt_api::json::RecordVerdict {
        let mut t = trust.iter().map(|p| p.display().to_string());
        self.session
            .call(VerifyRecordRequest {
                path: file.display().to_string(),
                trust: t.next(),
                also_trust: Some(t.collect()),
            })
            .expect("verify")
    }
}

#[test]
fn a_breach_record_is_signed_off_by_the_incident_manager_and_the_dpo_with_their_own_keys() {
    let mut d = open("2026-11-26T08:00:00Z");
    let files = tempfile::tempdir().expect("tempdir");
    let run_id = incident_run(&mut d, &files.path().join("firewall.log"));
    let data = d._data.path().join("data");
    let kari = person(&data, "Kari Nordmann", "kari's own passphrase");
    let ingrid = person(&data, "Ingrid Berg", "ingrid's own passphrase");
    let ola = person(&data, "Ola Hansen", "ola's own passphrase");
    let _keep = d._data;
    let session = Session::new(d.vakt);
    let s = SignOff { session: &session };

    // The organisation's CA, held apart from the data directory; never inside it.
    let inside = session
        .call(CaCreateRequest {
            folder: data.join("ca").display().to_string(),
            organisation: None,
            passphrase: CA_PASSPHRASE.into(),
            again: CA_PASSPHRASE.into(),
            algorithm: None,
            days: None,
        })
        .expect_err("inside the data directory");
    assert!(
        inside.message.contains("inside the data directory"),
        "{inside}"
    );
    let weak = session
        .call(CaCreateRequest {
            folder: files.path().join("ca").display().to_string(),
            organisation: None,
            passphrase: "password1".into(),
            again: "password1".into(),
            algorithm: None,
            days: None,
        })
        .expect_err("weak");
    assert_eq!(weak.code, ErrorCode::WeakPassphrase);
    let ca_dir = files.path().join("ca");
    let ca = session
        .call(CaCreateRequest {
            folder: ca_dir.display().to_string(),
            organisation: None,
            passphrase: CA_PASSPHRASE.into(),
            again: CA_PASSPHRASE.into(),
            algorithm: None,
            days: None,
        })
        .expect("CA");
    assert!(
        ca.subject.contains("Demo CRM Online AS CA"),
        "{}",
        ca.subject
    );
    #[cfg(unix)]
    assert_eq!(mode(&ca_dir.join("key.pem")), 0o600, "CA key 0600");
    for who in [&kari, &ingrid, &ola] {
        let issued = session
            .call(CaIssueRequest {
                folder: ca_dir.display().to_string(),
                passphrase: CA_PASSPHRASE.into(),
                person: who.clone(),
                days: None,
            })
            .expect("issue");
        assert_eq!(&issued.person, who, "the person id stays");
        assert!(issued.issuer.contains("Demo CRM Online AS CA"));
        #[cfg(unix)]
        assert_eq!(mode(&data.join("people").join(who).join("key.pem")), 0o600);
    }
    let wrong_ca = session
        .call(CaIssueRequest {
            folder: ca_dir.display().to_string(),
            passphrase: "not it".into(),
            person: kari.clone(),
            days: None,
        })
        .expect_err("wrong CA passphrase");
    assert_eq!(wrong_ca.code, ErrorCode::WrongPassphrase);
    let ca_pem = files.path().join("CA.pem");
    let exported = session
        .call(CaCertificateRequest {
            folder: ca_dir.display().to_string(),
        })
        .expect("export");
    std::fs::write(&ca_pem, &exported.pem).expect("CA.pem");

    // The run's sign-off roles and their holders.
    let slots = session
        .call(RecordSignOffsRequest {
            run: run_id.to_string(),
        })
        .expect("slots");
    let roles: Vec<_> = slots
        .iter()
        .map(|s| (s.role.as_str(), s.name.as_deref(), s.key_here))
        .collect();
    assert_eq!(
        roles,
        [
            ("incident-manager", Some("Kari Nordmann"), true),
            ("dpo", Some("Ingrid Berg"), true)
        ]
    );

    let record = files.path().join("INC.pdf");
    // Ola holds communications, no sign-off role: refused with the reason, nothing written.
    let refused = s
        .sign(
            Some(run_id.to_string()),
            None,
            &ola,
            "ola's own passphrase",
            &record,
            None,
        )
        .expect_err("Ola holds no sign-off role");
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(
        refused.message.contains("holds no sign-off role")
            && refused.message.contains("incident-manager: Kari Nordmann"),
        "{refused}"
    );
    // A wrong passphrase: refused, nothing written (the dialog stays).
    let wrong = s
        .sign(
            Some(run_id.to_string()),
            None,
            "Kari Nordmann",
            "not hers",
            &record,
            None,
        )
        .expect_err("wrong passphrase");
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    assert!(!record.exists());
    assert!(
        signed_off(&session, &run_id.to_string()).is_empty(),
        "refusals journal no sign-off"
    );

    // Kari makes the record and certifies it.
    let first = s
        .sign(
            Some(run_id.to_string()),
            None,
            "Kari Nordmann",
            "kari's own passphrase",
            &record,
            None,
        )
        .expect("Kari signs off");
    assert!(first.certification);
    assert_eq!(first.roles, ["incident-manager"]);
    assert_eq!(first.waiting, ["dpo: Ingrid Berg"]);
    assert_eq!(first.signatures, 1);
    // The sign-off is journaled in the run: who, role, the file's hash, the certificate.
    assert_eq!(
        first.journaled_in.as_deref(),
        Some(run_id.to_string().as_str())
    );
    let file_sha = |p: &Path| vakt_stdx::sha256_hex(&std::fs::read(p).expect("record"));
    assert_eq!(first.record_sha256, file_sha(&record));
    let journaled = signed_off(&session, &run_id.to_string());
    assert_eq!(journaled.len(), 1);
    assert_eq!(
        (journaled[0].person.as_str(), journaled[0].name.as_str()),
        (kari.as_str(), "Kari Nordmann")
    );
    assert_eq!(journaled[0].role, "incident-manager");
    assert_eq!(journaled[0].record_sha256, first.record_sha256);
    assert_eq!(
        journaled[0].certificate_sha256,
        first.certificate_fingerprint
    );
    let again = s
        .sign(
            None,
            Some(&record),
            &kari,
            "kari's own passphrase",
            &record,
            None,
        )
        .expect_err("twice");
    assert!(
        again.message.contains("signed this record already"),
        "{again}"
    );

    // While Ingrid's key is only device-protected (no passphrase yet: `device/key.pem`), her
    // sign-off is refused with what to do, not a missing file; nothing is journaled.
    let folder = data.join("people").join(&ingrid);
    std::fs::create_dir_all(folder.join("device")).expect("device folder");
    std::fs::rename(folder.join("key.pem"), folder.join("device/key.pem")).expect("move");
    let early = s
        .sign(
            None,
            Some(&record),
            &ingrid,
            "ingrid's own passphrase",
            &files.path().join("early.pdf"),
            None,
        )
        .expect_err("no passphrase yet");
    assert_eq!(early.code, ErrorCode::InvalidRequest);
    assert!(
        early
            .message
            .starts_with("set a passphrase first: Ingrid Berg's key"),
        "{early}"
    );
    assert!(!files.path().join("early.pdf").exists());
    std::fs::rename(folder.join("device/key.pem"), folder.join("key.pem")).expect("back");
    std::fs::remove_dir(folder.join("device")).expect("device folder");
    assert_eq!(signed_off(&session, &run_id.to_string()).len(), 1);

    // Ingrid adds her signature; the time-stamping authority cannot be reached: signed anyway,
    // and the answer says the timestamp can come later.
    let second = s
        .sign(
            None,
            Some(&record),
            &ingrid[..12],
            "ingrid's own passphrase",
            &record,
            Some("http://127.0.0.1:9/tsa"),
        )
        .expect("Ingrid signs off");
    assert!(!second.certification);
    assert_eq!(second.roles, ["dpo"]);
    assert_eq!(second.signatures, 2);
    assert!(second.waiting.is_empty());
    // Added to the file: journaled in the same run, found by the record's reference.
    assert_eq!(
        second.journaled_in.as_deref(),
        Some(run_id.to_string().as_str())
    );
    assert_eq!(second.record_sha256, file_sha(&record));
    let journaled = signed_off(&session, &run_id.to_string());
    assert_eq!(
        journaled
            .iter()
            .map(|j| (j.name.as_str(), j.role.as_str()))
            .collect::<Vec<_>>(),
        [
            ("Kari Nordmann", "incident-manager"),
            ("Ingrid Berg", "dpo")
        ]
    );
    // The journal view shows the event, attributed to the signer in the role signed in.
    let page = session
        .call(JournalPageRequest {
            filter: JournalFilter {
                kind: Some("record.signed_off".into()),
                ..Default::default()
            },
        })
        .expect("journal page");
    let rows: Vec<_> = page
        .events
        .iter()
        .map(|e| (e.actor.as_str(), e.role.as_deref(), e.person.as_deref()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Kari Nordmann",
                Some("incident-manager"),
                Some(kari.as_str())
            ),
            ("Ingrid Berg", Some("dpo"), Some(ingrid.as_str())),
        ]
    );
    assert!(page.events[1].payload.contains(&second.record_sha256));
    assert!(page.kinds.iter().any(|k| k == "record.signed_off"));
    assert!(
        second
            .timestamp
            .as_deref()
            .is_some_and(|t| t.contains("vakt timestamp")),
        "{:?}",
        second.timestamp
    );

    // A third signature by a person without the role is refused at signing.
    let third = s
        .sign(
            None,
            Some(&record),
            &ola,
            "ola's own passphrase",
            &record,
            None,
        )
        .expect_err("Ola");
    assert_eq!(third.code, ErrorCode::Forbidden);
    assert_eq!(signed_off(&session, &run_id.to_string()).len(), 2);
    assert!(
        third
            .message
            .contains("holds no sign-off role in this record"),
        "{third}"
    );

    // vakt verify: VALID with the CA, naming who signed in which role; without it, intact but
    // not trusted.
    let valid = s.verify(&record, std::slice::from_ref(&ca_pem));
    assert_eq!(valid.verdict, Some(TrustVerdict::Valid), "{valid}");
    let who: Vec<_> = valid
        .signatures
        .iter()
        .map(|g| {
            (
                g.person.clone().unwrap_or_default(),
                g.roles.clone().unwrap_or_default().join(","),
                g.kind.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        who,
        [
            (
                "Kari Nordmann".into(),
                "incident-manager".into(),
                "certification".into()
            ),
            ("Ingrid Berg".into(), "dpo".into(), "approval".into())
        ]
    );
    let untrusted = s.verify(&record, &[]);
    assert_eq!(
        untrusted.verdict,
        Some(TrustVerdict::Untrusted),
        "{untrusted}"
    );

    // pdfsig and pyHanko agree.
    let sig = run("pdfsig", &[&record.to_string_lossy()]);
    assert_eq!(
        sig.matches("Signature is Valid.").count(),
        2,
        "pdfsig:\n{sig}"
    );
    assert!(
        sig.contains("Kari Nordmann") && sig.contains("Ingrid Berg"),
        "{sig}"
    );
    let hanko = run(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust",
            &ca_pem.to_string_lossy(),
            "--trust-replace",
            &record.to_string_lossy(),
        ],
    );
    assert_eq!(
        hanko.matches("The signature is judged VALID.").count(),
        2,
        "pyHanko:\n{hanko}"
    );
    assert!(!hanko.contains("INVALID"), "pyHanko:\n{hanko}");

    // The record's sign-off section names who signs in which role.
    let text = run("pdftotext", &[&record.to_string_lossy(), "-"]);
    assert!(
        text.contains("Signed off by, each with their own key"),
        "{text}"
    );
    assert!(
        text.contains(&kari[..16]) && text.contains(&ingrid[..16]),
        "{text}"
    );

    // Then the organisation's seal: a third signature, allowed after the certification.
    session
        .call(GenerateIdentityRequest {
            passphrase: "seal of the organisation kept safe".into(),
            again: "seal of the organisation kept safe".into(),
            replace: false,
            organisation: None,
            algorithm: Some(vakt_api::json::SigningAlgorithm::P256),
        })
        .expect("seal identity");
    let sealed = files.path().join("INC-sealed.pdf");
    session
        .call(SignPdfRequest {
            input: record.display().to_string(),
            passphrase: "seal of the organisation kept safe".into(),
            reason: Some("Organisation seal".into()),
            location: None,
            path: sealed.display().to_string(),
            tsa: None,
        })
        .expect("seal");
    let v = s.verify(&sealed, std::slice::from_ref(&ca_pem));
    assert_eq!(v.verdict, Some(TrustVerdict::Valid), "{v}");
    assert_eq!(v.signatures.len(), 3);
    assert_eq!(
        v.signatures[2].person, None,
        "the seal is no person's sign-off"
    );
}
