//! PAdES baseline B-B signing, written as an incremental update: the original bytes stay as they
//! are; appended are a signature dictionary (`/SubFilter /ETSI.CAdES.detached`), a signature
//! field with its widget on a page, the catalog with `/AcroForm` (`/SigFlags 3`) and the page
//! with the widget in `/Annots`, a cross-reference section and a trailer pointing back with
//! `/Prev`. `/ByteRange` and `/Contents` are reserved with fixed widths and filled in place.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

use crate::cms::sign_digest;
use crate::error::SignatureError;
use crate::identity::Identity;
use vakt_pdf::{date as pdf_date, text_string as pdf_text, write_object};

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

/// Signs `pdf` with `identity`; returns the signed file (the original plus one update).
pub fn sign_pdf(
    pdf: &[u8],
    identity: &Identity,
    options: &SignOptions,
) -> Result<Vec<u8>, SignatureError> {
    let doc = Document::load_mem(pdf).map_err(pdf_err)?;
    let prev = last_startxref(pdf)?;
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let (page_index, rect) = match options.widget {
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
    let new_size = size + 3;

    // Catalog with the signature field in /AcroForm.
    let mut catalog = doc.get_dictionary(root_id).map_err(pdf_err)?.clone();
    let mut acroform = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).map_err(pdf_err)?.clone(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut fields = array_at(&doc, &acroform, b"Fields");
    let field_name = format!("Signature{}", fields.len() + 1);
    fields.push(Object::Reference(widget_id));
    acroform.set("Fields", fields);
    acroform.set("SigFlags", 3);
    catalog.set("AcroForm", acroform);

    // The page with the widget in /Annots.
    let mut page = doc.get_dictionary(page_id).map_err(pdf_err)?.clone();
    let mut annots = array_at(&doc, &page, b"Annots");
    annots.push(Object::Reference(widget_id));
    page.set("Annots", annots);

    let name = options.name.clone().unwrap_or_else(|| identity.subject());
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

    let mut certs_len = identity
        .certificate
        .tbs_certificate
        .subject
        .to_string()
        .len();
    for c in std::iter::once(&identity.certificate).chain(&identity.chain) {
        certs_len += der::Encode::encoded_len(c)
            .ok()
            .and_then(|l| usize::try_from(u32::from(l)).ok())
            .unwrap_or(4096);
    }
    let reserve = 8192 + certs_len;

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
        o.extend_from_slice(
            b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n",
        );
        o.extend_from_slice(b"/ByteRange [0 0000000000 0000000000 0000000000]\n/Contents <");
        o.extend(std::iter::repeat_n(b'0', reserve * 2));
        o.extend_from_slice(b">\n/M ");
        write_object(o, &pdf_date(&options.signed_at));
        o.extend_from_slice(b"\n/Name ");
        write_object(o, &pdf_text(&name));
        o.extend_from_slice(b"\n/Reason ");
        write_object(o, &pdf_text(&options.reason));
        o.extend_from_slice(b"\n/Location ");
        write_object(o, &pdf_text(&options.location));
        o.extend_from_slice(b"\n>>");
    });
    put(&mut out, widget_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(widget.clone()))
    });
    put(&mut out, ap_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(ap_dict.clone()));
        o.extend_from_slice(b"\nstream\n\nendstream");
    });
    put(&mut out, root_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(catalog.clone()))
    });
    put(&mut out, page_id, &|o: &mut Vec<u8>| {
        write_object(o, &Object::Dictionary(page.clone()))
    });

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
    trailer.set("Size", i64::from(new_size));
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
    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_start]);
    hasher.update(&out[contents_end..]);
    let digest = hasher.finalize();
    let cms = sign_digest(identity, &digest)?;
    if cms.len() > reserve {
        return Err(SignatureError::Cms(format!(
            "signature of {} bytes does not fit the {} reserved",
            cms.len(),
            reserve
        )));
    }
    let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}
