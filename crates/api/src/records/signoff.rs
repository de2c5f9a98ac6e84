//! Sign-off by persons: a run's record is signed by the holders of the playbook's sign-off roles,
//! each with their own key (`<data>/people/<person id>/`, the `Identity::save` layout). The
//! first of them makes the record and certifies it (DocMDP `/P 2`: only further signatures
//! allowed); the others add approval signatures to that file, then the organisation's seal may
//! follow (`sign_pdf`). Who may sign is fixed in the record itself (`signoffs`, embedded as
//! `record.json`): a person who holds no sign-off role in the run is refused with the reason.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use vakt_record::{Language, PersonSignOff, RenderOptions};
use vakt_run::Mode;
use vakt_signature::{
    Certification, Identity, SignOptions, SignatureSettings, Verdict, VerifyOptions,
};

use super::desk::{Draft, signature_error, write_whole};
use crate::json::{RecordKind, SignOffSlot, SignedOffRecord};
use crate::ops::{RecordSignOffsRequest, SignOffRecordRequest};
use crate::{ApiError, ErrorCode, Host, Vakt};

/// The folder under the data directory holding one folder per person.
pub const PEOPLE_DIR: &str = "people";

/// A person whose identity is kept in this data directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPerson {
    /// Hex SHA-256 of their public key.
    pub id: String,
    /// Their display name (`person.toml`, else the certificate's common name).
    pub name: String,
    /// Their folder.
    pub dir: PathBuf,
    /// Hex SHA-256 of their certificate.
    pub certificate_fingerprint: String,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequest, message)
}

/// The display name in `person.toml` (`display_name`, else `name`), if any.
fn display_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("person.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    ["display_name", "name"]
        .iter()
        .find_map(|k| table.get(*k)?.as_str().map(str::trim).map(String::from))
        .filter(|n| !n.is_empty())
}

/// Every person with a certificate under `<data_dir>/people/`, by id, whether their key is under
/// a passphrase yet or still device-protected (signing then says "set a passphrase first"). A
/// folder whose certificate is not for the key its name says is left out (it is not that
/// person).
pub fn local_people(data_dir: &Path) -> Vec<LocalPerson> {
    let Ok(entries) = std::fs::read_dir(data_dir.join(PEOPLE_DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<LocalPerson> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|dir| {
            let certificate = Identity::load_certificate(&dir).ok()?;
            let id = vakt_signature::key_fingerprint(&certificate);
            if dir.file_name()?.to_str()? != id {
                return None;
            }
            let name =
                display_name(&dir).unwrap_or_else(|| vakt_signature::subject_name(&certificate));
            Some(LocalPerson {
                id,
                name,
                certificate_fingerprint: vakt_signature::certificate_fingerprint(&certificate),
                dir,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    out
}

/// The person named by `query`: their id, a unique prefix of it (8 characters or more), or their
/// name.
pub fn find_person(people: &[LocalPerson], query: &str) -> Result<LocalPerson, ApiError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(bad("name the person who signs (their id or name)"));
    }
    let lower = q.to_lowercase();
    let matches: Vec<&LocalPerson> = people
        .iter()
        .filter(|p| p.id == lower || (lower.len() >= 8 && p.id.starts_with(&lower)) || p.name == q)
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(bad(format!(
            "no person {q:?} has a key in this data directory{}",
            if people.is_empty() {
                String::new()
            } else {
                format!(
                    " (there are: {})",
                    people
                        .iter()
                        .map(|p| format!("{} {}", p.name, &p.id[..12]))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ))),
        _ => Err(bad(format!(
            "{q:?} names more than one person; give their id"
        ))),
    }
}

/// Whether the run's holder text of a role names `person`: their id, or (runs recorded before
/// persons had ids) their name.
fn holds(holder: &str, person: &LocalPerson) -> bool {
    holder == person.id || holder == person.name
}

/// The sign-off slots of a run: each sign-off role with its holder, resolved to a person of
/// this data directory when one matches.
fn slots(
    state: &vakt_run::RunState,
    people: &[LocalPerson],
) -> Vec<(String, String, Option<LocalPerson>)> {
    state
        .playbook
        .record_sign_off_roles()
        .into_iter()
        .map(|role| {
            let holder = state.assignments.get(role).cloned().unwrap_or_default();
            let person = (!holder.is_empty())
                .then(|| people.iter().find(|p| holds(&holder, p)).cloned())
                .flatten();
            (role.to_string(), holder, person)
        })
        .collect()
}

fn who_holds(slots: &[(String, String, Option<LocalPerson>)]) -> String {
    slots
        .iter()
        .map(|(role, holder, _)| {
            format!(
                "{role}: {}",
                if holder.is_empty() { "nobody" } else { holder }
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Vakt {
    /// The sign-off roles of run `run` with who holds each and whether their key is here.
    pub fn record_signoffs(&mut self, run: &str) -> Result<Vec<SignOffSlot>, ApiError> {
        let run = self.find_run(run)?;
        let state = self.run_engine().state(run)?;
        let people = local_people(&self.data_dir);
        Ok(slots(&state, &people)
            .into_iter()
            .map(|(role, holder, person)| SignOffSlot {
                role,
                holder,
                person: person.as_ref().map(|p| p.id.clone()),
                name: person.as_ref().map(|p| p.name.clone()),
                key_here: person.is_some(),
            })
            .collect())
    }
}

/// `record_signoffs`.
pub(crate) fn record_signoffs(
    host: &Host<'_>,
    r: RecordSignOffsRequest,
) -> Result<Vec<SignOffSlot>, ApiError> {
    host.with(|v| v.record_signoffs(&r.run))
}

/// What the signing needs, gathered while holding the session.
struct Plan {
    person: LocalPerson,
    roles: Vec<String>,
    now: DateTime<Utc>,
    /// The record to make and certify (run mode), or the file to add to (file mode).
    what: What,
    tsa: Option<String>,
    /// The run whose record this is: known in run mode, found by the record's reference in
    /// file mode (when it is a run of this data directory).
    run: RunOf,
}

/// Which run a sign-off is journaled in.
enum RunOf {
    /// The run the record was made from now.
    Id(uuid::Uuid),
    /// The record file's reference (`INC-2026-1A2B3C4D`: the run id's last 8 hex digits).
    Reference(String),
    /// The file names no reference.
    Unknown,
}

enum What {
    Make {
        draft: Draft,
        language: Language,
        waiting: Vec<String>,
    },
    Add {
        pdf: Vec<u8>,
        waiting: Vec<String>,
        signatures: usize,
    },
}

/// Signs a run's record (made now) or a record file off as a person with their own key.
pub(crate) fn sign_off(
    host: &Host<'_>,
    r: SignOffRecordRequest,
) -> Result<SignedOffRecord, ApiError> {
    let path = PathBuf::from(r.path.trim());
    if path.as_os_str().is_empty() {
        return Err(bad("choose where to save the signed record"));
    }
    let run = r.run.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let input = r.input.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let tsa = r
        .tsa
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(String::from);
    let plan = match (run, input) {
        (Some(run), None) => plan_run(host, run, &r, tsa)?,
        (None, Some(input)) => plan_file(host, Path::new(input), &r, tsa)?,
        _ => {
            return Err(bad(
                "give either the run (its record is made now) or the record file to sign",
            ));
        }
    };
    let identity = crate::people::unlock_key(&plan.person.dir, &plan.person.name, &r.passphrase)?;
    if identity.key_fingerprint() != plan.person.id {
        return Err(ApiError::new(
            ErrorCode::Failed,
            format!(
                "the key in {} is not the key of person {}",
                plan.person.dir.display(),
                plan.person.id
            ),
        ));
    }
    let tsa = plan
        .tsa
        .as_ref()
        .map(|url| vakt_signature::HttpTimeStamper {
            url: url.clone(),
            timeout: std::time::Duration::from_secs(30),
        });
    let options = SignOptions {
        signed_at: plan.now,
        reason: plan.roles.join(", "),
        location: String::new(),
        name: Some(plan.person.name.clone()),
        widget: None,
    };
    let (pdf, certify, waiting, signatures, kind, pages) = match plan.what {
        What::Make {
            draft,
            language,
            waiting,
        } => {
            let options = RenderOptions {
                language,
                signature_block: None,
            };
            let failed =
                |e: vakt_record::RecordError| ApiError::new(ErrorCode::Failed, e.to_string());
            let (kind, rendered) = match draft {
                Draft::Incident(r) => (
                    RecordKind::Incident,
                    vakt_record::render_incident(&r, &options).map_err(failed)?,
                ),
                Draft::Exercise(r) => (
                    RecordKind::Exercise,
                    vakt_record::render_exercise(&r, &options).map_err(failed)?,
                ),
            };
            (
                rendered.pdf,
                Some(Certification::FormFillingAndSigning),
                waiting,
                0,
                Some(kind),
                Some(rendered.pages),
            )
        }
        What::Add {
            pdf,
            waiting,
            signatures,
        } => (pdf, None, waiting, signatures, None, None),
    };
    let settings = SignatureSettings {
        certify,
        timestamps: tsa.as_ref().map(|t| t as &dyn vakt_signature::TimeStamper),
        ..Default::default()
    };
    let (signed, timestamp) = vakt_signature::sign_pdf_with(&pdf, &identity, &options, &settings)
        .map_err(signature_error)?;
    write_whole(&path, &signed)?;
    let record_sha256 = vakt_stdx::sha256_hex(&signed);
    let signed_off = vakt_run::RecordSignedOff {
        record_sha256: record_sha256.clone(),
        person: plan.person.id.clone(),
        person_name: plan.person.name.clone(),
        role: plan.roles.first().cloned().unwrap_or_default(),
        roles: plan.roles.clone(),
        certificate_sha256: identity.fingerprint(),
        signed_at: plan.now,
    };
    let journaled_in = journal_sign_off(host, &plan.run, &plan.person, &signed_off).map_err(|e| {
        ApiError::new(
            e.code,
            format!(
                "the record is signed and saved as {}, but its sign-off could not be journaled: {}",
                path.display(),
                e.message
            ),
        )
    })?;
    Ok(SignedOffRecord {
        path: path.display().to_string(),
        bytes: signed.len() as u64,
        kind,
        pages: pages.map(|p| u32::try_from(p).unwrap_or(u32::MAX)),
        person: plan.person.id,
        name: plan.person.name,
        roles: plan.roles,
        certification: certify.is_some(),
        signatures: u32::try_from(signatures + 1).unwrap_or(u32::MAX),
        certificate_fingerprint: identity.fingerprint(),
        timestamp: timestamp.note(),
        waiting,
        record_sha256,
        journaled_in: journaled_in.map(|r| r.to_string()),
    })
}

/// The closed run of this data directory whose record has `reference`
/// (`PREFIX-YEAR-XXXXXXXX`: the year the run started, the last 8 hex digits of its id), when
/// exactly one run has it.
fn run_of_reference(v: &mut Vakt, reference: &str) -> Result<Option<uuid::Uuid>, ApiError> {
    let mut parts = reference.rsplitn(3, '-');
    let (Some(short), Some(year)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let short = short.to_ascii_lowercase();
    if short.len() != 8 || !short.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let found: Vec<uuid::Uuid> = v
        .run_engine()
        .runs()?
        .into_iter()
        .filter(|s| {
            s.closed.is_some()
                && s.id.simple().to_string().ends_with(&short)
                && s.started_at.format("%Y").to_string() == year
        })
        .map(|s| s.id)
        .collect();
    Ok(match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// Appends `record.signed_off` to the record's run, attributed to the person who signed on this
/// machine as it is now, in the (first) role they signed in. The run it went to, if any.
fn journal_sign_off(
    host: &Host<'_>,
    run: &RunOf,
    person: &LocalPerson,
    signed: &vakt_run::RecordSignedOff,
) -> Result<Option<uuid::Uuid>, ApiError> {
    host.with(|v| {
        let run = match run {
            RunOf::Id(id) => Some(*id),
            RunOf::Reference(reference) => run_of_reference(v, reference)?,
            RunOf::Unknown => None,
        };
        let Some(run) = run else {
            return Ok(None);
        };
        let here = v.machine.whereabouts();
        let actor = vakt_run::Actor {
            actor: person.name.clone(),
            person: Some(person.id.clone()),
            os_user: here.os_user,
            os_uid: here.os_uid,
            host: here.host,
            addresses: here.addresses,
            role: Some(signed.role.clone()),
        };
        v.run_engine().record_signed_off(run, &actor, signed)?;
        Ok(Some(run))
    })
}

/// Run mode: the run is closed, the person holds one or more of its sign-off roles; the record
/// is made now with the sign-off list fixed.
fn plan_run(
    host: &Host<'_>,
    run: &str,
    r: &SignOffRecordRequest,
    tsa: Option<String>,
) -> Result<Plan, ApiError> {
    let language: Language = r.language.map(Into::into).unwrap_or_default();
    host.with(|v| {
        let run = v.find_run(run)?;
        let state = v.run_engine().state(run)?;
        if state.closed.is_none() {
            return Err(bad(format!(
                "run {run} is not closed yet: its record is signed off after the holder of the \
                 sign-off role ({}) closes it",
                state.playbook.sign_off_role()
            )));
        }
        let people = local_people(&v.data_dir);
        let person = find_person(&people, &r.person)?;
        let slots = slots(&state, &people);
        let roles: Vec<String> = slots
            .iter()
            .filter(|(_, _, p)| p.as_ref().is_some_and(|p| p.id == person.id))
            .map(|(role, _, _)| role.clone())
            .collect();
        if roles.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "{} holds no sign-off role in run {run} ({}); only they sign its record off",
                    person.name,
                    who_holds(&slots)
                ),
            ));
        }
        let now = v.clock.now();
        let signoffs: Vec<PersonSignOff> = slots
            .iter()
            .map(|(role, holder, p)| {
                let mine = p.as_ref().is_some_and(|p| p.id == person.id);
                PersonSignOff {
                    role: role.clone(),
                    person: p.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
                    name: p
                        .as_ref()
                        .map(|p| p.name.clone())
                        .unwrap_or_else(|| holder.clone()),
                    signed_at: mine.then_some(now),
                    certificate_fingerprint: p.as_ref().map(|p| p.certificate_fingerprint.clone()),
                }
            })
            .collect();
        let waiting = waiting_of(&signoffs, &person);
        let draft = match state.mode {
            Mode::Incident => {
                let mut record = v.incident_record_in(run, language)?;
                record.signoffs = signoffs;
                Draft::Incident(Box::new(record))
            }
            Mode::Drill => {
                let mut report = v.exercise_report(run)?;
                report.signoffs = signoffs;
                Draft::Exercise(Box::new(report))
            }
        };
        Ok(Plan {
            person,
            roles,
            now,
            what: What::Make {
                draft,
                language,
                waiting,
            },
            tsa,
            run: RunOf::Id(run),
        })
    })
}

/// Those still to sign after `person`, as "role: name".
fn waiting_of(signoffs: &[PersonSignOff], person: &LocalPerson) -> Vec<String> {
    signoffs
        .iter()
        .filter(|s| s.person != person.id && s.signed_at.is_none())
        .map(|s| format!("{}: {}", s.role, s.name))
        .collect()
}

/// File mode: the file is intact (not broken), names the person in its sign-off list, and they
/// have not signed it yet.
fn plan_file(
    host: &Host<'_>,
    input: &Path,
    r: &SignOffRecordRequest,
    tsa: Option<String>,
) -> Result<Plan, ApiError> {
    let (person, now) = host.with(|v| {
        let people = local_people(&v.data_dir);
        Ok((find_person(&people, &r.person)?, v.clock.now()))
    })?;
    let pdf = std::fs::read(input)
        .map_err(|e| ApiError::new(ErrorCode::Failed, format!("{}: {e}", input.display())))?;
    let verification = vakt_signature::verify_pdf(&pdf, &VerifyOptions::default())
        .map_err(|e| bad(format!("{} is not a signed record: {e}", input.display())))?;
    if verification.verdict == Verdict::Broken {
        return Err(bad(format!(
            "{} is broken ({}); it is not signed any further",
            input.display(),
            verification.problems.join("; ")
        )));
    }
    let (json, _) = vakt_record::embedded_record(&pdf).map_err(|e| {
        bad(format!(
            "{} carries no record to sign off ({e})",
            input.display()
        ))
    })?;
    let embedded = serde_json::from_slice::<serde_json::Value>(&json).ok();
    let signoffs: Vec<PersonSignOff> = embedded
        .as_ref()
        .and_then(|v| serde_json::from_value(v.get("signoffs")?.clone()).ok())
        .unwrap_or_default();
    let run = embedded
        .as_ref()
        .and_then(|v| v.get("identity")?.get("reference")?.as_str())
        .map(|r| RunOf::Reference(r.to_string()))
        .unwrap_or(RunOf::Unknown);
    if signoffs.is_empty() {
        return Err(bad(format!(
            "{} names no persons who sign it off; make the record with sign-off from its run",
            input.display()
        )));
    }
    let signed_keys: Vec<String> = verification
        .signatures
        .iter()
        .filter_map(|s| s.certificate.as_ref().map(|c| c.key_fingerprint.clone()))
        .collect();
    let roles: Vec<String> = signoffs
        .iter()
        .filter(|s| s.person == person.id || (s.person.is_empty() && s.name == person.name))
        .map(|s| s.role.clone())
        .collect();
    if roles.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "{} holds no sign-off role in this record ({}); only they sign it off",
                person.name,
                signoffs
                    .iter()
                    .map(|s| format!("{}: {}", s.role, s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if signed_keys.contains(&person.id) {
        return Err(bad(format!(
            "{} has signed this record already",
            person.name
        )));
    }
    let waiting = signoffs
        .iter()
        .filter(|s| {
            s.person != person.id && s.signed_at.is_none() && !signed_keys.contains(&s.person)
        })
        .map(|s| format!("{}: {}", s.role, s.name))
        .collect();
    Ok(Plan {
        person,
        roles,
        now,
        what: What::Add {
            pdf,
            waiting,
            signatures: verification.signatures.len(),
        },
        tsa,
        run,
    })
}
