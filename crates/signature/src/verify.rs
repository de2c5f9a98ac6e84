//! Verification of a signed file, strict: every signature intact (its byte ranges, its CMS,
//! its timestamp), every signer's certificate path valid at signing time and ending at a trust
//! anchor, and every change after each signature an allowed one (added signatures and their
//! fields only). Three verdicts: [`Verdict::Valid`], [`Verdict::Untrusted`] (intact, but no
//! anchor given or the path does not reach one) and [`Verdict::Broken`] (with the reasons).
//! The journal checkpoint printed in a record is compared with the journal when one is at hand.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object};
use serde::Serialize;
use x509_cert::Certificate;

use crate::certificate::{certificate_fingerprint, common_name};
use crate::cms::{check_signer, pdf_date, signature_timestamp, signed_data};
use crate::digest::DigestAlgorithm;
use crate::path::{CertificatePath, PathVerdict, Usage, signed_by, validate_path};
use crate::revision::disallowed_changes;
use crate::timestamp::{TimestampReport, check_token};
use vakt_pdf::text_of;

/// The journal as far as verification needs it.
pub trait Journal {
    /// Hex hash of the head after the first `count` events, or `None` if the journal holds fewer.
    fn head_after(&self, count: u64) -> Option<String>;
}

/// What to verify against.
#[derive(Default)]
pub struct VerifyOptions<'a> {
    /// Trust anchors: the organisation's CA certificate (or a signer's own certificate).
    pub trust: Vec<Certificate>,
    /// The journal, when at hand.
    pub journal: Option<&'a dyn Journal>,
}

/// The verdict over a file (or one signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every signature intact, every signer trusted, only signatures added after the first.
    Valid,
    /// Intact, but a signer's certificate does not chain to a trust anchor (or none was given).
    Untrusted,
    /// Something is wrong; the problems say what.
    Broken,
}

/// What kind of signature it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SignatureKind {
    /// A certification signature (DocMDP) with its permission level `/P`.
    Certification {
        /// 1: no changes; 2: form filling and signing; 3: also annotations.
        permissions: u8,
    },
    /// An approval signature.
    Approval,
    /// A document timestamp (RFC 3161 token over the file).
    DocumentTimestamp,
}

/// The certificate of a signature.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateReport {
    /// Subject (common name).
    pub subject: String,
    /// Issuer (common name).
    pub issuer: String,
    /// Hex SHA-256 of the certificate.
    pub fingerprint: String,
    /// Hex SHA-256 of its public key (SubjectPublicKeyInfo): the signing person's id.
    pub key_fingerprint: String,
    /// Start of validity.
    pub not_before: String,
    /// End of validity.
    pub not_after: String,
    /// Whether it was valid at the signing time.
    pub valid_at_signing: bool,
    /// Whether it is self-signed (and its self-signature verifies).
    pub self_signed: bool,
    /// Whether its path ends at a trust anchor; `None` when no anchor was given.
    pub trusted: Option<bool>,
}

/// One signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Field name.
    pub field: String,
    /// Who signed: the common name of the signer's certificate (the TSA's for a document
    /// timestamp); empty when the signature could not be read.
    pub signer: String,
    /// Certification, approval or document timestamp.
    pub kind: SignatureKind,
    /// `/Name` of the signature dictionary.
    pub name: String,
    /// `/Reason` (the role signed in).
    pub reason: String,
    /// `/Location`.
    pub location: String,
    /// `/M` (signing time claimed), as written.
    pub signed_at: String,
    /// The time the certificate path was judged at: the signature timestamp's, else `/M`.
    pub judged_at: Option<DateTime<Utc>>,
    /// `/SubFilter`.
    pub sub_filter: String,
    /// `/ByteRange`.
    pub byte_range: Vec<u64>,
    /// The digest algorithm.
    pub digest_algorithm: Option<DigestAlgorithm>,
    /// The message digest in the CMS matches the bytes of the ranges.
    pub digest_matches: bool,
    /// The CMS signature over the signed attributes verifies with the certificate's key.
    pub signature_valid: bool,
    /// The signing-certificate-v2 attribute names this certificate.
    pub signing_certificate_v2: bool,
    /// The ranges cover the whole file except the `/Contents` value.
    pub covers_whole_file: bool,
    /// The certificate.
    pub certificate: Option<CertificateReport>,
    /// The certificate path as built and judged.
    pub path: Option<CertificatePath>,
    /// The signature timestamp (PAdES B-T), or the token of a document timestamp.
    pub timestamp: Option<TimestampReport>,
    /// Changes made after this signature that it does not allow.
    pub changes_after: Vec<String>,
    /// This signature's verdict.
    pub verdict: Verdict,
    /// Why it is broken.
    pub problems: Vec<String>,
    /// Why its signer is not trusted.
    pub not_trusted: Vec<String>,
}

/// The checkpoint printed in the record and how it compares with the journal.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointReport {
    /// Event count in the record.
    pub count: u64,
    /// Head hash in the record.
    pub head_hash: String,
    /// `Some(true)` if the journal's head after `count` events is this hash; `None` without a journal.
    pub matches_journal: Option<bool>,
}

/// The verdict over a file.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Size of the file.
    pub file_size: u64,
    /// The verdict.
    pub verdict: Verdict,
    /// The verdict in plain words (what to do about an untrusted signer included).
    pub summary: String,
    /// Every signature found, in the order they were made.
    pub signatures: Vec<SignatureReport>,
    /// The record's checkpoint, if the file embeds a record.
    pub checkpoint: Option<CheckpointReport>,
    /// Why the file is broken; empty unless the verdict is broken.
    pub problems: Vec<String>,
    /// Why a signer is not trusted.
    pub untrusted: Vec<String>,
    /// `true` when the verdict is [`Verdict::Valid`].
    pub ok: bool,
}

/// What to tell someone who has no trust anchor.
pub const HOW_TO_TRUST: &str = "to check who signed, get the organisation's CA certificate \
(from whoever keeps the organisation's Vakt CA or PKI: `vakt identity export-certificate` on \
the signing machine exports a self-signed identity's) and verify again with `--trust CA.pem`";

fn dict_text(d: &Dictionary, key: &[u8]) -> String {
    match d.get(key) {
        Ok(Object::String(s, _)) => text_of(s),
        Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

/// A signature field found in the form: its name and its value (the signature dictionary),
/// or why the dictionary cannot be read.
struct Found {
    field: String,
    value: Result<Dictionary, String>,
}

fn signature_fields(doc: &Document) -> Vec<Found> {
    let mut found = Vec::new();
    let fields = doc
        .catalog()
        .ok()
        .and_then(|c| c.get_deref(b"AcroForm", doc).ok())
        .and_then(|a| a.as_dict().ok())
        .and_then(|a| a.get_deref(b"Fields", doc).ok())
        .and_then(|f| f.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let mut stack: Vec<(Object, String, bool)> = fields
        .into_iter()
        .rev()
        .map(|f| (f, String::new(), false))
        .collect();
    let mut seen = 0usize;
    while let Some((field, parent_name, parent_sig)) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            break;
        }
        let Ok((_, field)) = doc.dereference(&field) else {
            continue;
        };
        let Ok(field) = field.as_dict() else { continue };
        let own = dict_text(field, b"T");
        let name = match (parent_name.is_empty(), own.is_empty()) {
            (true, _) => own,
            (false, true) => parent_name.clone(),
            (false, false) => format!("{parent_name}.{own}"),
        };
        let is_sig = match field.get(b"FT").and_then(Object::as_name) {
            Ok(ft) => ft == b"Sig",
            Err(_) => parent_sig,
        };
        if let Ok(kids) = field.get_deref(b"Kids", doc).and_then(Object::as_array) {
            for kid in kids.iter().rev() {
                stack.push((kid.clone(), name.clone(), is_sig));
            }
        }
        if !is_sig {
            continue;
        }
        let value = match field.get(b"V") {
            Err(_) => continue, // an empty signature field: nothing signed yet
            Ok(Object::Reference(r)) => match doc.get_object(*r) {
                Ok(Object::Dictionary(d)) => Ok(d.clone()),
                Ok(_) => Err(format!(
                    "its signature dictionary (object {} {}) is not a dictionary",
                    r.0, r.1
                )),
                Err(_) => Err(format!(
                    "its signature dictionary (object {} {}) cannot be read",
                    r.0, r.1
                )),
            },
            Ok(Object::Dictionary(d)) => Ok(d.clone()),
            Ok(_) => Err("its value is not a signature dictionary".into()),
        };
        found.push(Found { field: name, value });
    }
    found
}

/// The bytes of a hex string `<…>` exactly as in the file.
fn hex_bytes(gap: &[u8]) -> Option<Vec<u8>> {
    let inner = gap.strip_prefix(b"<")?.strip_suffix(b">")?;
    let digits: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.len().is_multiple_of(2) || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    digits
        .chunks(2)
        .map(|c| {
            std::str::from_utf8(c)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
        })
        .collect()
}

fn certification_level(sig: &Dictionary, doc: &Document) -> Option<u8> {
    let refs = sig.get_deref(b"Reference", doc).ok()?.as_array().ok()?;
    refs.iter().find_map(|r| {
        let (_, r) = doc.dereference(r).ok()?;
        let r = r.as_dict().ok()?;
        if r.get(b"TransformMethod").and_then(Object::as_name).ok()? != b"DocMDP" {
            return None;
        }
        let p = r
            .get_deref(b"TransformParams", doc)
            .ok()
            .and_then(|t| t.as_dict().ok())
            .and_then(|t| t.get(b"P").and_then(Object::as_i64).ok())
            .unwrap_or(2);
        u8::try_from(p.clamp(1, 3)).ok()
    })
}

/// One signature judged on its own, and where its signed revision ends.
struct Judged {
    report: SignatureReport,
    end: usize,
}

fn certificate_report(
    cert: &Certificate,
    path: &CertificatePath,
    at: Option<DateTime<Utc>>,
    anchors: bool,
) -> CertificateReport {
    let tbs = &cert.tbs_certificate;
    let secs = |t: &x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let valid_at_signing = at.is_some_and(|t| {
        secs(&tbs.validity.not_before) <= t.timestamp()
            && t.timestamp() <= secs(&tbs.validity.not_after)
    });
    CertificateReport {
        subject: common_name(&tbs.subject),
        issuer: common_name(&tbs.issuer),
        fingerprint: certificate_fingerprint(cert),
        key_fingerprint: crate::certificate::key_fingerprint(cert),
        not_before: tbs.validity.not_before.to_string(),
        not_after: tbs.validity.not_after.to_string(),
        valid_at_signing,
        self_signed: signed_by(cert, cert),
        trusted: match &path.verdict {
            PathVerdict::Trusted => Some(true),
            PathVerdict::NotTrusted { .. } if !anchors => None,
            _ => Some(false),
        },
    }
}

fn judge_signature(
    pdf: &[u8],
    doc: &Document,
    field: String,
    sig: &Dictionary,
    options: &VerifyOptions<'_>,
) -> Result<Judged, String> {
    let byte_range: Vec<u64> = match sig.get(b"ByteRange") {
        Ok(Object::Array(a)) => a
            .iter()
            .map(|o| o.as_i64().ok().and_then(|v| u64::try_from(v).ok()))
            .collect::<Option<Vec<u64>>>()
            .ok_or("its /ByteRange holds something other than offsets")?,
        Ok(_) => return Err("its /ByteRange is not an array".into()),
        Err(_) => return Err("its signature dictionary has no /ByteRange".into()),
    };
    let contents = match sig.get(b"Contents") {
        Ok(Object::String(s, _)) => s.clone(),
        Ok(_) => return Err("its /Contents is not a string".into()),
        Err(_) => return Err("its signature dictionary has no /Contents".into()),
    };
    let len = pdf.len() as u64;
    let ranges_ok = byte_range.len() == 4
        && byte_range[0] == 0
        && byte_range[1] < byte_range[2]
        && byte_range[2]
            .checked_add(byte_range[3])
            .is_some_and(|end| end <= len);
    if !ranges_ok {
        return Err(format!("its /ByteRange {byte_range:?} is malformed"));
    }
    let (a, b) = (byte_range[1] as usize, byte_range[2] as usize);
    let end = b + byte_range[3] as usize;
    let sub_filter = dict_text(sig, b"SubFilter");
    let is_doc_ts = sub_filter == "ETSI.RFC3161"
        || sig.get(b"Type").and_then(Object::as_name).ok() == Some(b"DocTimeStamp".as_slice());
    let mut report = SignatureReport {
        field,
        signer: String::new(),
        kind: if is_doc_ts {
            SignatureKind::DocumentTimestamp
        } else {
            match certification_level(sig, doc) {
                Some(p) => SignatureKind::Certification { permissions: p },
                None => SignatureKind::Approval,
            }
        },
        name: dict_text(sig, b"Name"),
        reason: dict_text(sig, b"Reason"),
        location: dict_text(sig, b"Location"),
        signed_at: dict_text(sig, b"M"),
        judged_at: None,
        sub_filter: sub_filter.clone(),
        byte_range: byte_range.clone(),
        digest_algorithm: None,
        digest_matches: false,
        signature_valid: false,
        signing_certificate_v2: false,
        covers_whole_file: false,
        certificate: None,
        path: None,
        timestamp: None,
        changes_after: Vec::new(),
        verdict: Verdict::Valid,
        problems: Vec::new(),
        not_trusted: Vec::new(),
    };
    // The gap must be exactly this dictionary's /Contents value.
    if hex_bytes(&pdf[a..b]).as_deref() != Some(contents.as_slice()) {
        return Err("the unsigned gap of its /ByteRange is not its /Contents value".into());
    }
    report.covers_whole_file = end as u64 == len;
    let ranges = |d: DigestAlgorithm| d.digest(&[&pdf[..a], &pdf[b..end]]);
    let mut untrusted = Vec::new();
    let anchors = &options.trust;
    let who = |r: &SignatureReport| {
        if r.signer.is_empty() {
            r.field.clone()
        } else {
            format!("{} (\"{}\")", r.field, r.signer)
        }
    };

    if is_doc_ts {
        let ts = check_token(&contents, &ranges, anchors)
            .map_err(|e| format!("its time-stamp token is damaged: {e}"))?;
        report.signer = ts.authority.clone();
        report.judged_at = Some(ts.at);
        report.digest_matches = ts.imprint_matches;
        report.signature_valid = ts.signature_valid;
        if !ts.imprint_matches {
            report.problems.push(format!(
                "{}: digest mismatch: the timestamped bytes were changed",
                who(&report)
            ));
        }
        if !ts.signature_valid {
            report.problems.push(format!(
                "{}: the time-stamp authority's signature does not verify",
                who(&report)
            ));
        }
        if let PathVerdict::Invalid { reason } = &ts.path.verdict {
            report.problems.push(format!(
                "{}: time-stamp certificate path: {reason}",
                who(&report)
            ));
        }
        report.path = Some(ts.path.clone());
        report.timestamp = Some(ts);
    } else {
        let sd = signed_data(&contents)?;
        let check = check_signer(&sd, &ranges)?;
        report.signer = common_name(&check.signer.tbs_certificate.subject);
        report.digest_algorithm = Some(check.digest);
        report.digest_matches = check.digest_matches;
        report.signature_valid = check.signature.is_ok();
        report.signing_certificate_v2 = check.signing_certificate_v2;
        if !check.digest_matches {
            report.problems.push(format!(
                "{}: digest mismatch: the signed bytes were changed",
                who(&report)
            ));
        }
        if let Err(e) = &check.signature {
            report
                .problems
                .push(format!("{}: the CMS signature: {e}", who(&report)));
        }
        if !check.signing_certificate_v2 {
            report.problems.push(format!(
                "{}: signing-certificate-v2 missing or naming another certificate",
                who(&report)
            ));
        }
        // The signing time: a valid signature timestamp's, else the claimed /M.
        let mut at = pdf_date(&report.signed_at);
        if let Some(token) = signature_timestamp(&check.info) {
            let value = check.info.signature.as_bytes().to_vec();
            match check_token(&token, &|d| d.digest(&[&value]), anchors) {
                Ok(ts) => {
                    if !ts.imprint_matches || !ts.signature_valid {
                        report.problems.push(format!(
                            "{}: its signature timestamp does not stamp this signature",
                            who(&report)
                        ));
                    } else {
                        at = Some(ts.at);
                    }
                    if let PathVerdict::Invalid { reason } = &ts.path.verdict {
                        report.problems.push(format!(
                            "{}: time-stamp certificate path: {reason}",
                            who(&report)
                        ));
                    }
                    report.timestamp = Some(ts);
                }
                Err(e) => report.problems.push(format!(
                    "{}: its signature timestamp is damaged: {e}",
                    who(&report)
                )),
            }
        }
        report.judged_at = at;
        match at {
            None => report.problems.push(format!(
                "{}: no signing time (/M) to judge the certificate at",
                who(&report)
            )),
            Some(at) => {
                let path = validate_path(
                    &check.signer,
                    &check.certificates,
                    anchors,
                    at,
                    Usage::DocumentSigning,
                );
                match &path.verdict {
                    PathVerdict::Trusted => {}
                    PathVerdict::NotTrusted { reason } => {
                        untrusted.push(format!("{}: {reason}", who(&report)))
                    }
                    PathVerdict::Invalid { reason } => report
                        .problems
                        .push(format!("{}: certificate path: {reason}", who(&report))),
                }
                report.certificate = Some(certificate_report(
                    &check.signer,
                    &path,
                    Some(at),
                    !anchors.is_empty(),
                ));
                report.path = Some(path);
            }
        }
    }
    report.not_trusted = untrusted;
    Ok(Judged { report, end })
}

/// Verifies the signatures of `pdf` and the record's checkpoint. An `Err` only when the file
/// cannot be read as a PDF at all.
pub fn verify_pdf(
    pdf: &[u8],
    options: &VerifyOptions<'_>,
) -> Result<Verification, crate::SignatureError> {
    let doc = Document::load_mem(pdf).map_err(|e| crate::SignatureError::Pdf(e.to_string()))?;
    let mut problems = Vec::new();
    let mut judged: Vec<Judged> = Vec::new();
    for found in signature_fields(&doc) {
        let result = found
            .value
            .and_then(|sig| judge_signature(pdf, &doc, found.field.clone(), &sig, options));
        match result {
            Ok(j) => judged.push(j),
            Err(why) => problems.push(format!(
                "signature field {:?} is damaged: {why}",
                found.field
            )),
        }
    }
    if judged.is_empty() && problems.is_empty() {
        let marks: [&[u8]; 4] = [b"/ByteRange", b"/Type /Sig", b"/Type/Sig", b"/DocTimeStamp"];
        if marks.iter().any(|m| pdf.windows(m.len()).any(|w| w == *m)) {
            problems.push(
                "a signature dictionary is in the file but damaged: no signature field leads to a readable one"
                    .into(),
            );
        } else {
            problems.push("no signature found".into());
        }
    }
    judged.sort_by_key(|j| j.end);

    // What each signature's revision was followed by.
    for (i, j) in judged.iter_mut().enumerate() {
        if let SignatureKind::Certification { permissions } = j.report.kind {
            if i > 0 {
                j.report.problems.push(format!(
                    "{}: a certification signature must be the first signature",
                    j.report.field
                ));
            }
            if permissions == 1 && j.end < pdf.len() {
                j.report.changes_after.push(
                    "the certification signature allows no change at all (/P 1), yet the file was updated after it"
                        .into(),
                );
            }
        }
        if j.end < pdf.len() {
            match Document::load_mem(&pdf[..j.end]) {
                Ok(before) => j
                    .report
                    .changes_after
                    .extend(disallowed_changes(&before, &doc)),
                Err(e) => j.report.changes_after.push(format!(
                    "the signed bytes are not a complete revision ({e})"
                )),
            }
        }
        for change in &j.report.changes_after {
            j.report.problems.push(format!(
                "changed after signature {:?}: {change}",
                j.report.field
            ));
        }
        j.report.verdict = if !j.report.problems.is_empty() {
            Verdict::Broken
        } else if !j.report.not_trusted.is_empty() {
            Verdict::Untrusted
        } else {
            Verdict::Valid
        };
    }
    if let Some(last) = judged.last() {
        let tail = &pdf[last.end..];
        let trimmed = tail
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map(|p| &tail[..=p])
            .unwrap_or_default();
        if !trimmed.is_empty() && !trimmed.ends_with(b"%%EOF") {
            problems.push(
                "bytes were appended after the last signature that are no incremental update"
                    .into(),
            );
        }
    }
    let mut untrusted = Vec::new();
    for j in &judged {
        problems.extend(j.report.problems.iter().cloned());
        untrusted.extend(j.report.not_trusted.iter().cloned());
    }

    let checkpoint = vakt_checkpoint(pdf).map(|(count, head_hash)| {
        let matches_journal = options
            .journal
            .map(|j| j.head_after(count).as_deref() == Some(head_hash.as_str()));
        if matches_journal == Some(false) {
            problems.push(format!(
                "the journal's head after {count} events is not the record's checkpoint {head_hash}"
            ));
        }
        CheckpointReport {
            count,
            head_hash,
            matches_journal,
        }
    });
    let signatures: Vec<SignatureReport> = judged.into_iter().map(|j| j.report).collect();
    let verdict = if !problems.is_empty() {
        Verdict::Broken
    } else if !untrusted.is_empty() {
        Verdict::Untrusted
    } else {
        Verdict::Valid
    };
    let summary = summary(verdict, &signatures, &problems, &untrusted);
    Ok(Verification {
        file_size: pdf.len() as u64,
        verdict,
        summary,
        ok: verdict == Verdict::Valid,
        signatures,
        checkpoint,
        problems,
        untrusted,
    })
}

fn summary(
    verdict: Verdict,
    signatures: &[SignatureReport],
    problems: &[String],
    untrusted: &[String],
) -> String {
    let who: Vec<String> = signatures
        .iter()
        .map(|s| match s.kind {
            SignatureKind::DocumentTimestamp => format!("a document timestamp by {}", s.signer),
            _ if s.reason.is_empty() => s.signer.clone(),
            _ => format!("{} ({})", s.signer, s.reason),
        })
        .collect();
    match verdict {
        Verdict::Valid => format!(
            "VALID: {} signature(s) intact, by {}; every signer's certificate chains to a trust anchor, and nothing but signatures was added after the first",
            signatures.len(),
            who.join(", ")
        ),
        Verdict::Untrusted => format!(
            "INTACT BUT SIGNER NOT TRUSTED: {} signature(s) intact, by {}, but {}; {HOW_TO_TRUST}",
            signatures.len(),
            who.join(", "),
            untrusted.join("; ")
        ),
        Verdict::Broken => format!("BROKEN: {}", problems.join("; ")),
    }
}

/// The checkpoint in the embedded `record.json`, if any.
fn vakt_checkpoint(pdf: &[u8]) -> Option<(u64, String)> {
    let (json, _) = vakt_record::embedded_record(pdf).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let cp = value.get("checkpoint")?;
    Some((
        cp.get("count")?.as_u64()?,
        cp.get("head_hash")?.as_str()?.to_string(),
    ))
}
