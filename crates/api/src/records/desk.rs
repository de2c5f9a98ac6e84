//! What the Records screen does: list runs that give a record, produce and sign one into a
//! file, verify any record file, and keep the signing identity.

use std::path::{Path, PathBuf};

use vakt_record::{Language, RenderOptions, SignatureBlock};
use vakt_run::Mode;
use vakt_signature::{
    Certificate, Identity, KdfCost, KeyAlgorithm, SignOptions, SignatureError, VerifyOptions,
};

use crate::json::{
    ProducedRecord, RecordKind, RecordVerdict, RecordableRun, SignatureCheck, SignedPdf,
    SigningAlgorithm, SigningCertificate, SigningIdentity, TrustVerdict,
};
use crate::ops::{
    GenerateIdentityRequest, ImportIdentityRequest, ProduceRecordRequest, RenderRecordRequest,
    SignPdfRequest, VerifyRecordRequest,
};
use crate::{ApiError, ErrorCode, Host, Vakt};

/// The folder under the data directory holding the signing identity.
pub const IDENTITY_DIR: &str = "identity";

pub(super) fn signature_error(e: SignatureError) -> ApiError {
    match e {
        SignatureError::WrongPassphrase => ApiError::new(ErrorCode::WrongPassphrase, e.to_string()),
        SignatureError::EmptyPassphrase
        | SignatureError::Pkcs12(_)
        | SignatureError::NoPassphrase(_) => {
            ApiError::new(ErrorCode::InvalidRequest, e.to_string())
        }
        other => ApiError::new(ErrorCode::Failed, other.to_string()),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ApiError + '_ {
    move |e| ApiError::new(ErrorCode::Failed, format!("{}: {e}", path.display()))
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failure leaves no half file.
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(io(path))
}

impl Vakt {
    pub(crate) fn identity_dir(&self) -> PathBuf {
        self.data_dir.join(IDENTITY_DIR)
    }

    /// Every run, newest first, with the record it gives.
    pub fn recordable_runs(&mut self) -> Result<Vec<RecordableRun>, ApiError> {
        let mut runs: Vec<RecordableRun> = self
            .run_engine()
            .runs()?
            .into_iter()
            .map(|r| RecordableRun {
                id: r.id.to_string(),
                title: r.title.clone(),
                kind: match r.mode {
                    Mode::Incident => RecordKind::Incident,
                    Mode::Drill => RecordKind::Exercise,
                },
                playbook: r.playbook.title.get("en").to_string(),
                started_at: vakt_journal::event::time_text(r.started_at),
                closed: r.closed.is_some(),
                event_count: r.event_count,
            })
            .collect();
        runs.reverse();
        Ok(runs)
    }

    /// The signing identity's certificate, if one exists.
    pub fn signing_identity(&self) -> Result<SigningIdentity, ApiError> {
        let organisation = self.organisation_name();
        let dir = self.identity_dir();
        if !Identity::exists(&dir) {
            return Ok(SigningIdentity {
                exists: false,
                organisation,
                subject: None,
                issuer: None,
                fingerprint: None,
                not_before: None,
                not_after: None,
            });
        }
        let cert = Identity::load_certificate(&dir).map_err(signature_error)?;
        let tbs = &cert.tbs_certificate;
        Ok(SigningIdentity {
            exists: true,
            organisation,
            subject: Some(tbs.subject.to_string()),
            issuer: Some(tbs.issuer.to_string()),
            fingerprint: Some(vakt_signature::certificate_fingerprint(&cert)),
            not_before: Some(tbs.validity.not_before.to_string()),
            not_after: Some(tbs.validity.not_after.to_string()),
        })
    }
}

/// Produces the record of a run and, with a passphrase, signs it; writes it whole to `path`.
/// The record's content is gathered while holding the session; rendering, key derivation and
/// signing run after it is released.
pub(crate) fn produce(
    host: &Host<'_>,
    r: ProduceRecordRequest,
) -> Result<ProducedRecord, ApiError> {
    let bad = |m: String| ApiError::new(ErrorCode::InvalidRequest, m);
    let language: Language = r.language.into();
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(bad("choose where to save the record".into()));
    }
    let (dir, _) = signing_dir(host, r.passphrase.is_some())?;
    let (draft, now) = host.with(|v| {
        let run = v.find_run(&r.run)?;
        let kind = match r.kind {
            Some(kind) => kind,
            None => match v.run_engine().state(run)?.mode {
                Mode::Incident => RecordKind::Incident,
                Mode::Drill => RecordKind::Exercise,
            },
        };
        let draft = match kind {
            RecordKind::Incident => Draft::Incident(Box::new(v.incident_record_in(run, language)?)),
            RecordKind::Exercise => Draft::Exercise(Box::new(v.exercise_report_in(run, language)?)),
        };
        Ok((draft, v.clock.now()))
    })?;
    let signing = Signing {
        passphrase: r.passphrase.as_deref(),
        reason: r.reason,
        location: r.location,
    };
    finish(draft, &dir, signing, language, now, &path)
}

/// How a record is signed, if it is.
struct Signing<'a> {
    passphrase: Option<&'a str>,
    reason: Option<String>,
    location: Option<String>,
}

/// Renders a record, signs it when a passphrase is given, and writes it whole to `path`. Runs
/// outside the session lock.
fn finish(
    draft: Draft,
    dir: &Path,
    signing: Signing<'_>,
    language: Language,
    now: chrono::DateTime<chrono::Utc>,
    path: &Path,
) -> Result<ProducedRecord, ApiError> {
    let identity = signing
        .passphrase
        .map(|p| Identity::load(dir, p).map_err(signature_error))
        .transpose()?;
    let options = RenderOptions {
        language,
        signature_block: identity.as_ref().map(|identity| SignatureBlock {
            signer: identity.subject(),
            signed_at: now,
            fingerprint: identity.fingerprint(),
        }),
    };
    let failed = |e: vakt_record::RecordError| ApiError::new(ErrorCode::Failed, e.to_string());
    let (kind, reference, checkpoint, rendered) = match draft {
        Draft::Incident(r) => {
            let pdf = vakt_record::render_incident(&r, &options).map_err(failed)?;
            (
                RecordKind::Incident,
                r.identity.reference,
                r.checkpoint,
                pdf,
            )
        }
        Draft::Exercise(r) => {
            let pdf = vakt_record::render_exercise(&r, &options).map_err(failed)?;
            (
                RecordKind::Exercise,
                r.identity.reference,
                r.checkpoint,
                pdf,
            )
        }
    };
    let (bytes, signer) = match &identity {
        Some(identity) => {
            let sign = SignOptions {
                signed_at: now,
                reason: signing.reason.unwrap_or_else(|| match kind {
                    RecordKind::Incident => "Incident record".into(),
                    RecordKind::Exercise => "Exercise report".into(),
                }),
                location: signing.location.unwrap_or_default(),
                name: None,
                widget: rendered.signature_area.map(|a| (a.page, a.rect)),
            };
            let signed = vakt_signature::sign_pdf(&rendered.pdf, identity, &sign)
                .map_err(signature_error)?;
            (signed, Some(identity.subject()))
        }
        None => (rendered.pdf, None),
    };
    write_whole(path, &bytes)?;
    Ok(ProducedRecord {
        path: path.display().to_string(),
        kind,
        reference,
        pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
        bytes: bytes.len() as u64,
        signer,
        checkpoint_count: checkpoint.count,
        checkpoint_head: checkpoint.head_hash,
    })
}

/// The reason a signature carries when none is given and the record is not from a run.
const DEFAULT_REASON: &str = "Record of the ISMS";

/// The identity folder, refusing when a passphrase is given and there is no identity.
fn signing_dir(
    host: &Host<'_>,
    signing: bool,
) -> Result<(PathBuf, chrono::DateTime<chrono::Utc>), ApiError> {
    host.with(|v| {
        let dir = v.identity_dir();
        if signing && !Identity::exists(&dir) {
            return Err(ApiError::new(
                ErrorCode::Failed,
                "there is no signing identity yet: generate or import one first",
            ));
        }
        Ok((dir, v.clock.now()))
    })
}

/// Renders a record from a JSON input file or the built-in demo, signs it with a passphrase,
/// and writes it whole to `path`.
pub(crate) fn render(host: &Host<'_>, r: RenderRecordRequest) -> Result<ProducedRecord, ApiError> {
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "choose where to save the record",
        ));
    }
    let (dir, now) = signing_dir(host, r.passphrase.is_some())?;
    let input = r
        .input
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let p = Path::new(p);
            std::fs::read(p).map_err(io(p)).map(|bytes| (p, bytes))
        })
        .transpose()?;
    let not_a = |p: &Path, what: &str, e: serde_json::Error| {
        ApiError::new(
            ErrorCode::InvalidRequest,
            format!("{} is not {what}: {e}", p.display()),
        )
    };
    let draft = match (r.kind, input) {
        (RecordKind::Incident, Some((p, bytes))) => Draft::Incident(Box::new(
            serde_json::from_slice(&bytes).map_err(|e| not_a(p, "an incident record", e))?,
        )),
        (RecordKind::Exercise, Some((p, bytes))) => Draft::Exercise(Box::new(
            serde_json::from_slice(&bytes).map_err(|e| not_a(p, "an exercise report", e))?,
        )),
        (RecordKind::Incident, None) => Draft::Incident(Box::new(vakt_record::demo_incident(
            r.extra_actions.unwrap_or(0) as usize,
        ))),
        (RecordKind::Exercise, None) => {
            Draft::Exercise(Box::new(vakt_record::demo_exercise_in(r.language.into())))
        }
    };
    let signing = Signing {
        passphrase: r.passphrase.as_deref(),
        reason: Some(r.reason.unwrap_or_else(|| DEFAULT_REASON.to_string())),
        location: r.location,
    };
    finish(draft, &dir, signing, r.language.into(), now, &path)
}

/// Signs the PDF file `input` with the identity (an invisible signature) into `path`.
pub(crate) fn sign_file(host: &Host<'_>, r: SignPdfRequest) -> Result<SignedPdf, ApiError> {
    let input = PathBuf::from(r.input.trim());
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "choose where to save the signed PDF",
        ));
    }
    let (dir, now) = signing_dir(host, true)?;
    let pdf = std::fs::read(&input).map_err(io(&input))?;
    let identity = Identity::load(&dir, &r.passphrase).map_err(signature_error)?;
    let options = SignOptions {
        signed_at: now,
        reason: r.reason.unwrap_or_else(|| DEFAULT_REASON.to_string()),
        location: r.location.unwrap_or_default(),
        name: None,
        widget: None,
    };
    let tsa = r
        .tsa
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|url| vakt_signature::HttpTimeStamper {
            url: url.to_string(),
            timeout: std::time::Duration::from_secs(30),
        });
    let settings = vakt_signature::SignatureSettings {
        timestamps: tsa.as_ref().map(|t| t as &dyn vakt_signature::TimeStamper),
        ..Default::default()
    };
    let (signed, timestamp) = vakt_signature::sign_pdf_with(&pdf, &identity, &options, &settings)
        .map_err(signature_error)?;
    write_whole(&path, &signed)?;
    Ok(SignedPdf {
        path: path.display().to_string(),
        bytes: signed.len() as u64,
        signer: identity.subject(),
        timestamp: timestamp.note(),
    })
}

impl Vakt {
    /// The signing identity's certificate as PEM, if there is an identity.
    pub fn signing_certificate(&self) -> Result<SigningCertificate, ApiError> {
        use der::EncodePem as _;
        let dir = self.identity_dir();
        if !Identity::exists(&dir) {
            return Ok(SigningCertificate {
                pem: None,
                fingerprint: None,
            });
        }
        let cert = Identity::load_certificate(&dir).map_err(signature_error)?;
        let pem = cert
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?;
        Ok(SigningCertificate {
            pem: Some(pem),
            fingerprint: Some(vakt_signature::certificate_fingerprint(&cert)),
        })
    }
}

/// What a record is made from, gathered while holding the session.
pub(super) enum Draft {
    Incident(Box<vakt_record::IncidentRecord>),
    Exercise(Box<vakt_record::ExerciseReport>),
}

/// The journal of the session, reached only for the moment a checkpoint is compared.
struct SessionJournal<'a> {
    host: &'a Host<'a>,
}

impl vakt_signature::Journal for SessionJournal<'_> {
    fn head_after(&self, count: u64) -> Option<String> {
        self.host
            .with(|v| Ok(v.journal_at_hand().head_after(count)))
            .ok()
            .flatten()
    }
}

/// Reads a certificate file, PEM or DER.
fn read_certificate(path: &Path) -> Result<Certificate, ApiError> {
    use der::{Decode as _, DecodePem as _};
    let bytes = std::fs::read(path).map_err(io(path))?;
    Certificate::from_pem(&bytes)
        .or_else(|_| Certificate::from_der(&bytes))
        .map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidRequest,
                format!("{} is not a certificate (PEM or DER): {e}", path.display()),
            )
        })
}

/// Verifies a record file: signatures, whole-file coverage, the certificate (trusting the
/// own identity when there is one) and the printed checkpoint against this journal.
pub(crate) fn verify(host: &Host<'_>, r: VerifyRecordRequest) -> Result<RecordVerdict, ApiError> {
    let path = PathBuf::from(r.path.trim());
    let path = path.as_path();
    let mut trust: Vec<Certificate> = r
        .trust
        .iter()
        .chain(r.also_trust.iter().flatten())
        .map(|t| read_certificate(Path::new(t.trim())))
        .collect::<Result<_, _>>()?;
    let dir = host.with(|v| Ok(v.identity_dir()))?;
    trust.extend(Identity::load_certificate(&dir).ok());
    let pdf = std::fs::read(path).map_err(io(path))?;
    // An empty journal (a fresh installation, an auditor's own machine) has nothing to compare
    // a checkpoint with: it is "no journal at hand", not a mismatch.
    let has_events = host.with(|v| {
        v.db.connection()
            .query_row("SELECT EXISTS (SELECT 1 FROM journal_event)", [], |row| {
                row.get::<_, bool>(0)
            })
            .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))
    })?;
    let journal = SessionJournal { host };
    let v = vakt_signature::verify_pdf(
        &pdf,
        &VerifyOptions {
            trust,
            journal: has_events.then_some(&journal as &dyn vakt_signature::Journal),
        },
    );
    let v = match v {
        Ok(v) => v,
        Err(e) => {
            return Ok(RecordVerdict {
                path: path.display().to_string(),
                valid: false,
                verdict: Some(TrustVerdict::Broken),
                summary: format!("BROKEN: the file cannot be read as a signed PDF ({e})."),
                problems: vec![e.to_string()],
                signatures: Vec::new(),
                checkpoint_count: None,
                checkpoint_head: None,
                checkpoint_matches_journal: None,
            });
        }
    };
    let signatures: Vec<SignatureCheck> = v
        .signatures
        .iter()
        .map(|s| SignatureCheck {
            signer: s.name.clone(),
            signed_at: s.signed_at.clone(),
            subject: s
                .certificate
                .as_ref()
                .map(|c| c.subject.clone())
                .unwrap_or_default(),
            fingerprint: s
                .certificate
                .as_ref()
                .map(|c| c.fingerprint.clone())
                .unwrap_or_default(),
            digest_matches: s.digest_matches,
            signature_valid: s.signature_valid,
            covers_whole_file: s.covers_whole_file,
            valid_at_signing: s.certificate.as_ref().is_some_and(|c| c.valid_at_signing),
            trusted: s.certificate.as_ref().and_then(|c| c.trusted),
            reason: Some(s.reason.clone()),
            location: Some(s.location.clone()),
            kind: Some(
                match s.kind {
                    vakt_signature::SignatureKind::Certification { .. } => "certification",
                    vakt_signature::SignatureKind::Approval => "approval",
                    vakt_signature::SignatureKind::DocumentTimestamp => "document-timestamp",
                }
                .to_string(),
            ),
            path: s.path.as_ref().map(|p| p.certificates.clone()),
            key_fingerprint: s.certificate.as_ref().map(|c| c.key_fingerprint.clone()),
            person: None,
            roles: None,
        })
        .collect();
    let signatures = name_signers(&pdf, signatures);
    let summary = format!(
        "{}{}.",
        v.summary,
        match v.checkpoint.as_ref().and_then(|c| c.matches_journal) {
            Some(true) if v.ok => "; the journal checkpoint matches this journal",
            _ => "",
        }
    );
    Ok(RecordVerdict {
        path: path.display().to_string(),
        valid: v.ok,
        verdict: Some(match v.verdict {
            vakt_signature::Verdict::Valid => TrustVerdict::Valid,
            vakt_signature::Verdict::Untrusted => TrustVerdict::Untrusted,
            vakt_signature::Verdict::Broken => TrustVerdict::Broken,
        }),
        summary,
        problems: v.problems.iter().chain(&v.untrusted).cloned().collect(),
        signatures,
        checkpoint_count: v.checkpoint.as_ref().map(|c| c.count),
        checkpoint_head: v.checkpoint.as_ref().map(|c| c.head_hash.clone()),
        checkpoint_matches_journal: v.checkpoint.as_ref().and_then(|c| c.matches_journal),
    })
}

/// Names, for each signature, the person and roles the record's own sign-off list gives its key
/// (the list is part of what the first signature certifies).
fn name_signers(pdf: &[u8], mut signatures: Vec<SignatureCheck>) -> Vec<SignatureCheck> {
    let Ok((json, _)) = vakt_record::embedded_record(pdf) else {
        return signatures;
    };
    let signoffs: Vec<vakt_record::PersonSignOff> =
        serde_json::from_slice::<serde_json::Value>(&json)
            .ok()
            .and_then(|v| serde_json::from_value(v.get("signoffs")?.clone()).ok())
            .unwrap_or_default();
    for s in &mut signatures {
        let Some(key) = &s.key_fingerprint else {
            continue;
        };
        let roles: Vec<String> = signoffs
            .iter()
            .filter(|o| !o.person.is_empty() && &o.person == key)
            .map(|o| o.role.clone())
            .collect();
        if let Some(first) = signoffs.iter().find(|o| &o.person == key) {
            s.person = Some(first.name.clone());
            s.roles = Some(roles);
        }
    }
    signatures
}

/// A new passphrase for the organisation's signing key: typed twice alike, and strong enough
/// ([`crate::passphrase::check_new`], judged against the organisation's name).
fn new_passphrase(passphrase: &str, again: &str, organisation: &str) -> Result<(), ApiError> {
    if passphrase != again {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the two passphrases differ",
        ));
    }
    let words: Vec<&str> = std::iter::once(organisation)
        .chain(organisation.split_whitespace())
        .collect();
    crate::passphrase::check_new(passphrase, &words)
}

fn keep_identity(
    host: &Host<'_>,
    identity: &Identity,
    passphrase: &str,
    again: &str,
    replace: bool,
) -> Result<SigningIdentity, ApiError> {
    if passphrase != again {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "the two passphrases differ",
        ));
    }
    let (dir, mut rng) = host.with(|v| Ok((v.identity_dir(), (v.keys)())))?;
    if Identity::exists(&dir) && !replace {
        return Err(ApiError::new(
            ErrorCode::InvalidRequest,
            "a signing identity exists already; confirm that it is to be replaced",
        ));
    }
    identity
        .save(&dir, passphrase, KdfCost::default(), &mut rng)
        .map_err(signature_error)?;
    host.with(|v| v.signing_identity())
}

/// Generates the signing identity (RSA-3072, self-signed, in the organisation's name) and keeps
/// its key under the passphrase (typed twice). Key generation and derivation run outside the
/// session lock.
pub(crate) fn generate_identity(
    host: &Host<'_>,
    r: GenerateIdentityRequest,
) -> Result<SigningIdentity, ApiError> {
    let (organisation, now, mut rng) = host.with(|v| {
        let organisation = match r.organisation.as_deref().map(str::trim) {
            Some(o) if !o.is_empty() => o.to_string(),
            _ => v.organisation_name(),
        };
        Ok((organisation, v.clock.now(), (v.keys)()))
    })?;
    // Checked before the key is generated (seconds for RSA-3072).
    new_passphrase(&r.passphrase, &r.again, &organisation)?;
    let algorithm: KeyAlgorithm = r.algorithm.unwrap_or(SigningAlgorithm::Rsa3072).into();
    let identity =
        Identity::generate(&organisation, algorithm, now, &mut rng).map_err(signature_error)?;
    keep_identity(host, &identity, &r.passphrase, &r.again, r.replace)
}

/// Imports the signing identity from a PKCS#12 file and keeps its key under the passphrase.
pub(crate) fn import_identity(
    host: &Host<'_>,
    r: ImportIdentityRequest,
) -> Result<SigningIdentity, ApiError> {
    let organisation = host.with(|v| Ok(v.organisation_name()))?;
    new_passphrase(&r.passphrase, &r.again, &organisation)?;
    let file = PathBuf::from(r.path.trim());
    let bytes = std::fs::read(&file).map_err(io(&file))?;
    let identity = Identity::import_pkcs12(&bytes, &r.file_passphrase).map_err(signature_error)?;
    keep_identity(host, &identity, &r.passphrase, &r.again, r.replace)
}
