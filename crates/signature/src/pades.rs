//! PAdES signing, written as incremental updates: the original bytes stay as they are; each
//! signature appends a signature dictionary (`/SubFilter /ETSI.CAdES.detached`, or
//! `/ETSI.RFC3161` for a document timestamp), a signature field with its widget on a page, the
//! form (`/AcroForm`, `/SigFlags 3`) and the page's `/Annots` with the widget, a
//! cross-reference section and a trailer pointing back with `/Prev`. `/ByteRange` and
//! `/Contents` are reserved with fixed widths and filled in place.
//!
//! A sequence of signatures ([`sign_sequence`]) starts with a certification signature (DocMDP,
//! `/P 2`: only form filling and further signatures allowed) when the file has no signature yet;
//! the others are approval signatures, each signing everything before it.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::{Deserialize, Serialize};

use crate::cms::sign_digest;
use crate::digest::DigestAlgorithm;
use crate::error::SignatureError;
use crate::identity::Identity;
use crate::timestamp::{TimeStamper, TimestampOutcome};
use vakt_pdf::{date as pdf_date, text_of, text_string as pdf_text, write_object};

/// Where and how to sign.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// Signing time (goes in `/M`).
    pub signed_at: DateTime<Utc>,
    /// `/Reason`.
    pub reason: String,
    /// `/Location`.
    pub location: String,
    /// `/Name`; the certificate's common name when `None`.
    pub name: Option<String>,
    /// The visible widget: page index from 0 and rectangle `[x1, y1, x2, y2]` in points;
    /// `None` for an invisible signature on the last page.
    pub widget: Option<(usize, [f32; 4])>,
}

/// What a certification signature allows afterwards (DocMDP `/P`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certification {
    /// `/P 1`: no change at all, not even another signature.
    NoChanges,
    /// `/P 2`: filling in forms and adding signatures only.
    FormFillingAndSigning,
}

impl Certification {
    fn p(self) -> i64 {
        match self {
            Certification::NoChanges => 1,
            Certification::FormFillingAndSigning => 2,
        }
    }
}

/// How a signature is made beyond where and by whom.
#[derive(Clone, Copy, Default)]
pub struct SignatureSettings<'a> {
    /// The digest of the byte ranges and of the signed attributes.
    pub digest: DigestAlgorithm,
    /// Makes it a certification signature (only for a file without signatures).
    pub certify: Option<Certification>,
    /// Asks this authority for a signature timestamp (PAdES B-T).
    pub timestamps: Option<&'a dyn TimeStamper>,
}

impl std::fmt::Debug for SignatureSettings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureSettings")
            .field("digest", &self.digest)
            .field("certify", &self.certify)
            .field("timestamps", &self.timestamps.is_some())
            .finish()
    }
}

/// One person (or seal) signing in a sequence: their key and certificate chain, and the role
/// they sign in, written as the signature's `/Reason`.
#[derive(Debug, Clone)]
pub struct Signer<'a> {
    /// The key, the certificate and its chain.
    pub identity: &'a Identity,
    /// The role label (`/Reason`), for example "incident-manager".
    pub role: String,
    /// `/Name`; the certificate's common name when `None`.
    pub name: Option<String>,
    /// `/Location`.
    pub location: String,
    /// The visible widget (page index from 0, rectangle); `None`: invisible.
    pub widget: Option<(usize, [f32; 4])>,
}

/// How a sequence of signatures is made.
#[derive(Clone, Copy)]
pub struct SequenceOptions<'a> {
    /// Signing time of every signature in the sequence (`/M`).
    pub signed_at: DateTime<Utc>,
    /// The digest algorithm.
    pub digest: DigestAlgorithm,
    /// The first signature certifies the document when the file has no signature yet;
    /// `None` makes every signature an approval signature.
    pub certify: Option<Certification>,
    /// Asks this authority for a signature timestamp on each signature.
    pub timestamps: Option<&'a dyn TimeStamper>,
}

/// A signed file and what happened to each signature's timestamp, in order.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The signed file.
    pub pdf: Vec<u8>,
    /// One outcome per signature added.
    pub timestamps: Vec<TimestampOutcome>,
}

fn pdf_err(e: lopdf::Error) -> SignatureError {
    SignatureError::Pdf(e.to_string())
}

/// The array under `key` of `dict`, given inline or by reference; empty when there is none.
fn array_at(doc: &Document, dict: &Dictionary, key: &[u8]) -> Vec<Object> {
    match dict.get(key) {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The byte offset after the last `startxref` keyword.
pub(crate) fn last_startxref(pdf: &[u8]) -> Result<u64, SignatureError> {
    let tail_from = pdf.len().saturating_sub(2048);
    let tail = &pdf[tail_from..];
    let at = tail
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or_else(|| SignatureError::Pdf("no startxref".into()))?;
    let digits: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|b| *b as char)
        .collect();
    digits
        .parse()
        .map_err(|_| SignatureError::Pdf("unreadable startxref".into()))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Signs `pdf` with `identity` (an approval signature, SHA-256, no timestamp); returns the
/// signed file (the original plus one update).
pub fn sign_pdf(
    pdf: &[u8],
    identity: &Identity,
    options: &SignOptions,
) -> Result<Vec<u8>, SignatureError> {
    sign_pdf_with(pdf, identity, options, &SignatureSettings::default()).map(|(pdf, _)| pdf)
}

/// Signs `pdf` with `identity` as `settings` say; returns the signed file and what happened to
/// the timestamp.
pub fn sign_pdf_with(
    pdf: &[u8],
    identity: &Identity,
    options: &SignOptions,
    settings: &SignatureSettings<'_>,
) -> Result<(Vec<u8>, TimestampOutcome), SignatureError> {
    let name = options.name.clone().unwrap_or_else(|| identity.subject());
    let mut certs_len = 0usize;
    for c in std::iter::once(&identity.certificate).chain(&identity.chain) {
        certs_len += der::Encode::encoded_len(c)
            .ok()
            .and_then(|l| usize::try_from(u32::from(l)).ok())
            .unwrap_or(4096);
    }
    let reserve = 8192
        + certs_len
        + if settings.timestamps.is_some() {
            12_288
        } else {
            0
        };
    let kind = SignatureKind::Signature {
        signed_at: options.signed_at,
        name: name.clone(),
        reason: options.reason.clone(),
        location: options.location.clone(),
        certify: settings.certify,
    };
    let mut outcome = TimestampOutcome::NotAsked;
    let out = append_signature(
        pdf,
        &kind,
        options.widget,
        &name,
        reserve,
        settings.digest,
        |digest| {
            let (cms, o) = sign_digest(identity, settings.digest, digest, settings.timestamps)?;
            outcome = o;
            Ok(cms)
        },
    )?;
    Ok((out, outcome))
}

/// Signs `pdf` once per signer, in order. The first signature certifies the document
/// (`options.certify`) when the file has no signature yet; the rest are approval signatures.
pub fn sign_sequence(
    pdf: &[u8],
    signers: &[Signer<'_>],
    options: &SequenceOptions<'_>,
) -> Result<Signed, SignatureError> {
    let mut current = pdf.to_vec();
    let mut timestamps = Vec::new();
    let already_signed = has_signature(pdf);
    for (i, signer) in signers.iter().enumerate() {
        let settings = SignatureSettings {
            digest: options.digest,
            certify: if i == 0 && !already_signed {
                options.certify
            } else {
                None
            },
            timestamps: options.timestamps,
        };
        let sign = SignOptions {
            signed_at: options.signed_at,
            reason: signer.role.clone(),
            location: signer.location.clone(),
            name: signer.name.clone(),
            widget: signer.widget,
        };
        let (next, outcome) = sign_pdf_with(&current, signer.identity, &sign, &settings)?;
        current = next;
        timestamps.push(outcome);
    }
    Ok(Signed {
        pdf: current,
        timestamps,
    })
}

/// Whether the file has any signature field with a value.
fn has_signature(pdf: &[u8]) -> bool {
    find(pdf, b"/ByteRange", 0).is_some()
}

/// Adds a document timestamp (`/Type /DocTimeStamp`, `/SubFilter /ETSI.RFC3161`) from `tsa`
/// over the whole file as it is, as one more incremental update.
pub fn add_document_timestamp(
    pdf: &[u8],
    tsa: &dyn TimeStamper,
    digest: DigestAlgorithm,
) -> Result<Vec<u8>, SignatureError> {
    append_signature(
        pdf,
        &SignatureKind::DocumentTimestamp,
        None,
        "Document timestamp",
        16_384,
        digest,
        |d| tsa.timestamp(digest, d),
    )
}

enum SignatureKind {
    Signature {
        signed_at: DateTime<Utc>,
        name: String,
        reason: String,
        location: String,
        certify: Option<Certification>,
    },
    DocumentTimestamp,
}

/// A field name not yet used in the form.
fn free_field_name(doc: &Document, fields: &[Object], stem: &str) -> String {
    let used: Vec<String> = fields
        .iter()
        .filter_map(|f| match f {
            Object::Reference(r) => doc.get_dictionary(*r).ok(),
            Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .filter_map(|d| match d.get(b"T") {
            Ok(Object::String(s, _)) => Some(text_of(s)),
            _ => None,
        })
        .collect();
    (1..)
        .map(|n| format!("{stem}{n}"))
        .find(|n| !used.contains(n))
        .unwrap_or_else(|| stem.to_string())
}

/// Appends one signature revision; `contents` turns the digest of the byte ranges into the
/// `/Contents` value (a CMS or a time-stamp token).
fn append_signature(
    pdf: &[u8],
    kind: &SignatureKind,
    widget_at: Option<(usize, [f32; 4])>,
    name: &str,
    reserve: usize,
    digest_algorithm: DigestAlgorithm,
    contents: impl FnOnce(&[u8]) -> Result<Vec<u8>, SignatureError>,
) -> Result<Vec<u8>, SignatureError> {
    let doc = Document::load_mem(pdf).map_err(pdf_err)?;
    let prev = last_startxref(pdf)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let (page_index, rect) = match widget_at {
        Some((p, r)) if p < pages.len() => (p, r),
        Some((p, _)) => return Err(SignatureError::Pdf(format!("no page {}", p + 1))),
        None => (pages.len().saturating_sub(1), [0.0; 4]),
    };
    let page_id = *pages
        .get(page_index)
        .ok_or_else(|| SignatureError::Pdf("the document has no pages".into()))?;
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(i64::from(doc.max_id) + 1)
        .max(i64::from(doc.max_id) + 1) as u32;
    let sig_id: ObjectId = (size, 0);
    let widget_id: ObjectId = (size + 1, 0);
    let ap_id: ObjectId = (size + 2, 0);
    let mut next_id = size + 3;

    // Objects written in this update, besides the three new ones.
    let mut updated: Vec<(ObjectId, Object)> = Vec::new();

    // The form, kept as its own object so later signatures leave the catalog alone.
    let mut catalog = doc.get_dictionary(root_id).map_err(pdf_err)?.clone();
    let mut catalog_changed = false;
    let (acroform_id, mut acroform) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(r)) => (*r, doc.get_dictionary(*r).map_err(pdf_err)?.clone()),
        Ok(Object::Dictionary(d)) => {
            let id = (next_id, 0);
            next_id += 1;
            catalog_changed = true;
            (id, d.clone())
        }
        _ => {
            let id = (next_id, 0);
            next_id += 1;
            catalog_changed = true;
            (id, Dictionary::new())
        }
    };
    if catalog_changed {
        catalog.set("AcroForm", Object::Reference(acroform_id));
    }
    let mut fields = array_at(&doc, &acroform, b"Fields");
    let field_name = free_field_name(
        &doc,
        &fields,
        match kind {
            SignatureKind::Signature { .. } => "Signature",
            SignatureKind::DocumentTimestamp => "Timestamp",
        },
    );
    fields.push(Object::Reference(widget_id));
    match acroform.get(b"Fields") {
        Ok(Object::Reference(r)) => updated.push((*r, Object::Array(fields))),
        _ => acroform.set("Fields", fields),
    }
    acroform.set("SigFlags", 3);
    updated.push((acroform_id, Object::Dictionary(acroform)));
    if let SignatureKind::Signature {
        certify: Some(_), ..
    } = kind
    {
        let mut perms = Dictionary::new();
        perms.set("DocMDP", Object::Reference(sig_id));
        catalog.set("Perms", perms);
        catalog_changed = true;
    }
    if catalog_changed {
        updated.push((root_id, Object::Dictionary(catalog)));
    }

    // The page with the widget in /Annots.
    let page = doc.get_dictionary(page_id).map_err(pdf_err)?.clone();
    let mut annots = array_at(&doc, &page, b"Annots");
    annots.push(Object::Reference(widget_id));
    match page.get(b"Annots") {
        Ok(Object::Reference(r)) => updated.push((*r, Object::Array(annots))),
        _ => {
            let mut page = page.clone();
            page.set("Annots", annots);
            updated.push((page_id, Object::Dictionary(page)));
        }
    }

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", pdf_text(&field_name));
    widget.set("TU", pdf_text(&format!("Signature: {name}")));
    widget.set("V", Object::Reference(sig_id));
    widget.set("F", 132);
    widget.set(
        "Rect",
        rect.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
    );
    widget.set("P", Object::Reference(page_id));
    let mut ap = Dictionary::new();
    ap.set("N", Object::Reference(ap_id));
    widget.set("AP", ap);

    // The appearance is empty: the visible block is part of the page content itself, drawn
    // with the record's embedded font (keeps the file PDF/A-clean).
    let w = (rect[2] - rect[0]).abs();
    let h = (rect[3] - rect[1]).abs();
    let mut ap_dict = Dictionary::new();
    ap_dict.set("Type", Object::Name(b"XObject".to_vec()));
    ap_dict.set("Subtype", Object::Name(b"Form".to_vec()));
    ap_dict.set(
        "BBox",
        vec![
            Object::Real(0.0),
            Object::Real(0.0),
            Object::Real(w),
            Object::Real(h),
        ],
    );
    ap_dict.set("Resources", Dictionary::new());
    ap_dict.set("Length", 0);

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();
    let mut put = |out: &mut Vec<u8>, id: ObjectId, body: &dyn Fn(&mut Vec<u8>)| {
        offsets.push((id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        body(out);
        out.extend_from_slice(b"\nendobj\n");
    };
    put(&mut out, sig_id, &|o: &mut Vec<u8>| {
        match kind {
            SignatureKind::Signature { .. } => o.extend_from_slice(
                b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n",
            ),
            SignatureKind::DocumentTimestamp => o.extend_from_slice(
                b"<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161\n",
            ),
        }
        o.extend_from_slice(b"/ByteRange [0 0000000000 0000000000 0000000000]\n/Contents <");
        o.extend(std::iter::repeat_n(b'0', reserve * 2));
        o.extend_from_slice(b">");
        if let SignatureKind::Signature {
            signed_at,
            name,
            reason,
            location,
            certify,
        } = kind
        {
            o.extend_from_slice(b"\n/M ");
            write_object(o, &pdf_date(signed_at));
            o.extend_from_slice(b"\n/Name ");
            write_object(o, &pdf_text(name));
            o.extend_from_slice(b"\n/Reason ");
            write_object(o, &pdf_text(reason));
            o.extend_from_slice(b"\n/Location ");
            write_object(o, &pdf_text(location));
            if let Some(c) = certify {
                o.extend_from_slice(
                    format!(
                        "\n/Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P {} /V /1.2 >> >>]",
                        c.p()
                    )
                    .as_bytes(),
                );
            }
        }
        o.extend_from_slice(b"\n>>");
    });
    put(&mut out, widget_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(widget.clone()))
    });
    put(&mut out, ap_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(ap_dict.clone()));
        o.extend_from_slice(b"\nstream\n\nendstream");
    });
    for (id, object) in &updated {
        put(&mut out, *id, &|o: &mut Vec<u8>| write_object(o, object));
    }

    let xref_at = out.len();
    offsets.sort();
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i;
        while j + 1 < offsets.len() && offsets[j + 1].0.0 == offsets[j].0.0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0.0, j - i + 1).as_bytes());
        for (id, at) in &offsets[i..=j] {
            out.extend_from_slice(format!("{at:010} {:05} n \n", id.1).as_bytes());
        }
        i = j + 1;
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", i64::from(next_id));
    trailer.set("Root", Object::Reference(root_id));
    if let Ok(info) = doc.trailer.get(b"Info") {
        trailer.set("Info", info.clone());
    }
    if let Ok(id) = doc.trailer.get(b"ID") {
        trailer.set("ID", id.clone());
    }
    trailer.set("Prev", prev as i64);
    out.extend_from_slice(b"trailer\n");
    write_object(&mut out, &Object::Dictionary(trailer));
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    // Fill /ByteRange, hash, sign, fill /Contents.
    let sig_at = offsets
        .iter()
        .find(|(id, _)| *id == sig_id)
        .map(|(_, at)| *at)
        .ok_or_else(|| SignatureError::Pdf("signature object lost".into()))?;
    let br_at = find(&out, b"/ByteRange [", sig_at)
        .ok_or_else(|| SignatureError::Pdf("ByteRange placeholder lost".into()))?;
    let contents_start = find(&out, b"/Contents <", sig_at)
        .ok_or_else(|| SignatureError::Pdf("Contents placeholder lost".into()))?
        + b"/Contents ".len();
    let contents_end = contents_start + reserve * 2 + 2;
    let total = out.len();
    let byte_range = format!(
        "/ByteRange [0 {:<10} {:<10} {:<10}]",
        contents_start,
        contents_end,
        total - contents_end
    );
    let placeholder_len = "/ByteRange [0 0000000000 0000000000 0000000000]".len();
    if byte_range.len() != placeholder_len {
        return Err(SignatureError::Pdf(
            "file too large for the ByteRange placeholder".into(),
        ));
    }
    out[br_at..br_at + placeholder_len].copy_from_slice(byte_range.as_bytes());
    let digest = digest_algorithm.digest(&[&out[..contents_start], &out[contents_end..]]);
    let value = contents(&digest)?;
    if value.len() > reserve {
        return Err(SignatureError::Cms(format!(
            "signature of {} bytes does not fit the {} reserved",
            value.len(),
            reserve
        )));
    }
    let hex: String = value.iter().map(|b| format!("{b:02X}")).collect();
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
