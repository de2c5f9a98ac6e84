//! What the Records screen does: list runs that give a record, produce and sign one into a
//! file, verify any record file, and keep the signing identity.

use std::path::{Path, PathBuf};

use vakt_record::{Language, RenderOptions, SignatureBlock};
use vakt_run::Mode;
use vakt_signature::{
    Certificate, Identity, KdfCost, KeyAlgorithm, SignOptions, SignatureError, VerifyOptions,
};

use crate::json::{
    ProducedRecord, RecordKind, RecordVerdict, RecordableRun, SignatureCheck, SigningIdentity,
};
use crate::ops::{
    GenerateIdentityRequest, ImportIdentityRequest, ProduceRecordRequest, VerifyRecordRequest,
};
use crate::{ApiError, ErrorCode, Host, Vakt};

/// The folder under the data directory holding the signing identity.
pub const IDENTITY_DIR: &str = "identity";

fn signature_error(e: SignatureError) -> ApiError {
    match e {
        SignatureError::WrongPassphrase => ApiError::new(ErrorCode::WrongPassphrase, e.to_string()),
        SignatureError::EmptyPassphrase | SignatureError::Pkcs12(_) => {
            ApiError::new(ErrorCode::InvalidRequest, e.to_string())
        }
        other => ApiError::new(ErrorCode::Failed, other.to_string()),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ApiError + '_ {
    move |e| ApiError::new(ErrorCode::Failed, format!("{}: {e}", path.display()))
}

fn fingerprint(cert: &Certificate) -> String {
    use der::Encode as _;
    use sha2::Digest as _;
    sha2::Sha256::digest(cert.to_der().unwrap_or_default())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failure leaves no half file.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
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
            fingerprint: Some(fingerprint(&cert)),
            not_before: Some(tbs.validity.not_before.to_string()),
            not_after: Some(tbs.validity.not_after.to_string()),
        })
    }
}

/// Produces the record of a run and, with a passphrase, signs it; writes it whole to `path`.
/// The record's content is gathered while holding the session; rendering, key derivation and
/// signing run after it is released.
pub(crate) fn produce(host: &Host<'_>, r: ProduceRecordRequest) -> Result<ProducedRecord, ApiError> {
    let bad = |m: String| ApiError::new(ErrorCode::InvalidRequest, m);
    let language: Language = r.language.into();
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(bad("choose where to save the record".into()));
    }
    let (draft, dir, now) = host.with(|v| {
        let run = v.find_run(&r.run)?;
        let dir = v.identity_dir();
        if r.passphrase.is_some() && !Identity::exists(&dir) {
            return Err(ApiError::new(
                ErrorCode::Failed,
                "there is no signing identity yet: generate or import one first",
            ));
        }
        let mode = v.run_engine().state(run)?.mode;
        let draft = match mode {
            Mode::Incident => Draft::Incident(Box::new(v.incident_record(run)?)),
            Mode::Drill => Draft::Exercise(Box::new(v.exercise_report(run)?)),
        };
        Ok((draft, dir, v.clock.now()))
    })?;
    let identity = r
        .passphrase
        .as_deref()
        .map(|p| Identity::load(&dir, p).map_err(signature_error))
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
            (RecordKind::Incident, r.identity.reference, r.checkpoint, pdf)
        }
        Draft::Exercise(r) => {
            let pdf = vakt_record::render_exercise(&r, &options).map_err(failed)?;
            (RecordKind::Exercise, r.identity.reference, r.checkpoint, pdf)
        }
    };
    let (bytes, signer) = match &identity {
        Some(identity) => {
            let sign = SignOptions {
                signed_at: now,
                reason: match kind {
                    RecordKind::Incident => "Incident record".into(),
                    RecordKind::Exercise => "Exercise report".into(),
                },
                location: String::new(),
                name: None,
                widget: rendered.signature_area.map(|a| (a.page, a.rect)),
            };
            let signed =
                vakt_signature::sign_pdf(&rendered.pdf, identity, &sign).map_err(signature_error)?;
            (signed, Some(identity.subject()))
        }
        None => (rendered.pdf, None),
    };
    write_whole(&path, &bytes)?;
    Ok(ProducedRecord {
        path: path.display().to_string(),
        kind,
        reference,
        pages: rendered.pages as u32,
        bytes: bytes.len() as u64,
        signer,
        checkpoint_count: checkpoint.count,
        checkpoint_head: checkpoint.head_hash,
    })
}

/// What a record is made from, gathered while holding the session.
enum Draft {
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
    let mut trust: Vec<Certificate> = match &r.trust {
        Some(t) => vec![read_certificate(Path::new(t))?],
        None => Vec::new(),
    };
    let dir = host.with(|v| Ok(v.identity_dir()))?;
    trust.extend(Identity::load_certificate(&dir).ok());
    let pdf = std::fs::read(path).map_err(io(path))?;
    let journal = SessionJournal { host };
    let v = vakt_signature::verify_pdf(
        &pdf,
        &VerifyOptions {
            trust,
            journal: Some(&journal),
        },
    );
    let v = match v {
        Ok(v) => v,
        Err(e) => {
            return Ok(RecordVerdict {
                path: path.display().to_string(),
                valid: false,
                summary: format!("Broken: the file cannot be read as a signed PDF ({e})."),
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
        })
        .collect();
    let summary = if v.ok {
        let who = signatures
            .last()
            .map(|s| format!(" by {}", s.subject))
            .unwrap_or_default();
        format!(
            "Valid: signed{who}, unchanged since signing, the signature covers the whole file{}.",
            match v.checkpoint.as_ref().and_then(|c| c.matches_journal) {
                Some(true) => ", and the journal checkpoint matches this journal",
                _ => "",
            }
        )
    } else {
        format!("Broken: {}.", v.problems.join("; "))
    };
    Ok(RecordVerdict {
        path: path.display().to_string(),
        valid: v.ok,
        summary,
        problems: v.problems.clone(),
        signatures,
        checkpoint_count: v.checkpoint.as_ref().map(|c| c.count),
        checkpoint_head: v.checkpoint.as_ref().map(|c| c.head_hash.clone()),
        checkpoint_matches_journal: v.checkpoint.as_ref().and_then(|c| c.matches_journal),
    })
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
    if r.passphrase.is_empty() {
        return Err(signature_error(SignatureError::EmptyPassphrase));
    }
    let (organisation, now, mut rng) = host.with(|v| {
        let organisation = match r.organisation.as_deref().map(str::trim) {
            Some(o) if !o.is_empty() => o.to_string(),
            _ => v.organisation_name(),
        };
        Ok((organisation, v.clock.now(), (v.keys)()))
    })?;
    let identity = Identity::generate(&organisation, KeyAlgorithm::Rsa3072, now, &mut rng)
        .map_err(signature_error)?;
    keep_identity(host, &identity, &r.passphrase, &r.again, r.replace)
}

/// Imports the signing identity from a PKCS#12 file and keeps its key under the passphrase.
pub(crate) fn import_identity(
    host: &Host<'_>,
    r: ImportIdentityRequest,
) -> Result<SigningIdentity, ApiError> {
    let file = PathBuf::from(r.path.trim());
    let bytes = std::fs::read(&file).map_err(io(&file))?;
    let identity = Identity::import_pkcs12(&bytes, &r.file_passphrase).map_err(signature_error)?;
    keep_identity(host, &identity, &r.passphrase, &r.again, r.replace)
}
