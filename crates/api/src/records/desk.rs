//! What the Records screen does: list runs that give a record, produce and sign one into a
//! file, verify any record file, and keep the signing identity.

use std::path::{Path, PathBuf};

use rand_core::CryptoRngCore;
use uuid::Uuid;
use vakt_record::{Language, RenderOptions, SignatureBlock};
use vakt_run::Mode;
use vakt_signature::{
    Certificate, Identity, KdfCost, KeyAlgorithm, SignOptions, SignatureError, VerifyOptions,
};

use crate::json::{
    ProducedRecord, RecordKind, RecordVerdict, RecordableRun, SignatureCheck, SigningIdentity,
};
use crate::{ApiError, ErrorCode, Vakt};

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
    fn identity_dir(&self) -> PathBuf {
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

    /// Produces the record of run `run` (incident record or exercise report, by the run's
    /// kind), signs it with the identity unlocked by `passphrase`, and writes it to `path`.
    pub fn produce_record(
        &self,
        run: &str,
        language: &str,
        passphrase: &str,
        path: &Path,
    ) -> Result<ProducedRecord, ApiError> {
        let bad = |m: String| ApiError::new(ErrorCode::InvalidRequest, m);
        let run: Uuid = run
            .trim()
            .parse()
            .map_err(|_| bad(format!("`{run}` is not a run id")))?;
        let language: Language = language.parse().map_err(bad)?;
        if path.as_os_str().is_empty() {
            return Err(bad("choose where to save the record".into()));
        }
        let dir = self.identity_dir();
        if !Identity::exists(&dir) {
            return Err(ApiError::new(
                ErrorCode::Failed,
                "there is no signing identity yet: generate or import one first",
            ));
        }
        let identity = Identity::load(&dir, passphrase).map_err(signature_error)?;
        let mode = vakt_run::RunState::replay(
            run,
            &vakt_journal::run_events(self.db.connection(), run)
                .map_err(|e| ApiError::new(ErrorCode::Failed, e.to_string()))?,
        )?
        .mode;
        let now = self.clock.now();
        let options = RenderOptions {
            language,
            signature_block: Some(SignatureBlock {
                signer: identity.subject(),
                signed_at: now,
                fingerprint: identity.fingerprint(),
            }),
        };
        let failed = |e: vakt_record::RecordError| ApiError::new(ErrorCode::Failed, e.to_string());
        let (kind, reference, checkpoint, rendered) = match mode {
            Mode::Incident => {
                let r = self.incident_record(run)?;
                let pdf = vakt_record::render_incident(&r, &options).map_err(failed)?;
                (
                    RecordKind::Incident,
                    r.identity.reference,
                    r.checkpoint,
                    pdf,
                )
            }
            Mode::Drill => {
                let r = self.exercise_report(run)?;
                let pdf = vakt_record::render_exercise(&r, &options).map_err(failed)?;
                (
                    RecordKind::Exercise,
                    r.identity.reference,
                    r.checkpoint,
                    pdf,
                )
            }
        };
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
            vakt_signature::sign_pdf(&rendered.pdf, &identity, &sign).map_err(signature_error)?;
        write_whole(path, &signed)?;
        Ok(ProducedRecord {
            path: path.display().to_string(),
            kind,
            reference,
            pages: rendered.pages as u32,
            bytes: signed.len() as u64,
            signer: identity.subject(),
            checkpoint_count: checkpoint.count,
            checkpoint_head: checkpoint.head_hash,
        })
    }

    /// Verifies a record file: signatures, whole-file coverage, the certificate (trusting the
    /// own identity when there is one) and the printed checkpoint against this journal.
    pub fn verify_record(&self, path: &Path) -> Result<RecordVerdict, ApiError> {
        let pdf = std::fs::read(path).map_err(io(path))?;
        let trust = Identity::load_certificate(&self.identity_dir())
            .ok()
            .into_iter()
            .collect();
        let journal = self.journal_at_hand();
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

    fn keep_identity(
        &self,
        identity: &Identity,
        passphrase: &str,
        again: &str,
        replace: bool,
        rng: &mut impl CryptoRngCore,
    ) -> Result<SigningIdentity, ApiError> {
        if passphrase != again {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "the two passphrases differ",
            ));
        }
        let dir = self.identity_dir();
        if Identity::exists(&dir) && !replace {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "a signing identity exists already; confirm that it is to be replaced",
            ));
        }
        identity
            .save(&dir, passphrase, KdfCost::default(), rng)
            .map_err(signature_error)?;
        self.signing_identity()
    }

    /// Generates the signing identity (RSA-3072, self-signed, in the workspace organisation's
    /// name) and keeps its key under `passphrase` (typed twice).
    pub fn generate_identity(
        &self,
        passphrase: &str,
        again: &str,
        replace: bool,
        rng: &mut impl CryptoRngCore,
    ) -> Result<SigningIdentity, ApiError> {
        if passphrase.is_empty() {
            return Err(signature_error(SignatureError::EmptyPassphrase));
        }
        let identity = Identity::generate(
            &self.organisation_name(),
            KeyAlgorithm::Rsa3072,
            self.clock.now(),
            rng,
        )
        .map_err(signature_error)?;
        self.keep_identity(&identity, passphrase, again, replace, rng)
    }

    /// Imports the signing identity from a PKCS#12 file and keeps its key under `passphrase`.
    #[allow(clippy::too_many_arguments)]
    pub fn import_identity(
        &self,
        file: &Path,
        file_passphrase: &str,
        passphrase: &str,
        again: &str,
        replace: bool,
        rng: &mut impl CryptoRngCore,
    ) -> Result<SigningIdentity, ApiError> {
        let bytes = std::fs::read(file).map_err(io(file))?;
        let identity = Identity::import_pkcs12(&bytes, file_passphrase).map_err(signature_error)?;
        self.keep_identity(&identity, passphrase, again, replace, rng)
    }
}
