//! A record certified by Vakt, then countersigned by another tool, as an outside auditor would
//! do it: pyHanko's `sign addsig`. That tool also records itself in the file. It declares its
//! PAdES extensions and PDF 2.0 in the catalog, re-encodes strings, and sets the producer and
//! dates in `/Info` and the XMP. Vakt accepts exactly that much. Any other change in a later
//! update (a title, a subject, a keyword, an identifier of the metadata, a version that is not
//! one, an extension that declares something else) still breaks the certification.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a panic is a failed test with its message"
)]

use chrono::{Duration, Utc};
use lopdf::{Document, IncrementalDocument, Object, ObjectId, Stream};
use vakt_signature::{
    Certification, DigestAlgorithm, SequenceOptions, Signer, Verdict, VerifyOptions, sign_sequence,
    verify_pdf,
};

use crate::chains::record;
use crate::pki::{Pki, pyhanko, run};
use crate::sequence::organisation;

/// The record certified by Ingrid (DocMDP /P 2), then countersigned by Ola with pyHanko's
/// command line, as an outside signer would.
fn countersigned(pki: &Pki) -> Vec<u8> {
    let ingrid = pki.identity("ingrid", &["inter", "root"]);
    let certified = sign_sequence(
        &record(),
        &[Signer {
            identity: &ingrid,
            role: "incident-manager".into(),
            name: None,
            location: "Stavanger".into(),
            widget: None,
        }],
        &SequenceOptions {
            signed_at: Utc::now() + Duration::minutes(1),
            digest: DigestAlgorithm::Sha256,
            certify: Some(Certification::FormFillingAndSigning),
            timestamps: None,
        },
    )
    .unwrap();
    let input = pki.write("certified.pdf", &certified.pdf);
    let output = pki.path("countersigned.pdf");
    let (ok, said) = run(
        "pyhanko",
        &[
            "sign",
            "addsig",
            "--use-pades",
            "--field",
            "OutsideSignature",
            "pemder",
            "--key",
            &pki.p("ola.key"),
            "--cert",
            &pki.p("ola.pem"),
            "--chain",
            &pki.p("inter.pem"),
            "--no-pass",
            &input.to_string_lossy(),
            &output.to_string_lossy(),
        ],
    );
    assert!(ok, "pyhanko sign addsig: {said}");
    std::fs::read(output).unwrap()
}

fn verify(pki: &Pki, pdf: &[u8]) -> vakt_signature::Verification {
    verify_pdf(
        pdf,
        &VerifyOptions {
            trust: vec![pki.certificate("root")],
            journal: None,
        },
    )
    .unwrap()
}

/// `pdf` with one more incremental update, made by `change` on the objects it takes over.
fn updated(pdf: &[u8], change: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let mut doc = IncrementalDocument::create_from(pdf.to_vec(), Document::load_mem(pdf).unwrap());
    change(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// The object the previous revision's trailer names under `key` (`Root`, `Info`).
fn trailer_ref(doc: &IncrementalDocument, key: &[u8]) -> ObjectId {
    doc.get_prev_documents()
        .trailer
        .get(key)
        .and_then(Object::as_reference)
        .unwrap()
}

fn catalog_id(doc: &IncrementalDocument) -> ObjectId {
    trailer_ref(doc, b"Root")
}

fn info_id(doc: &IncrementalDocument) -> ObjectId {
    trailer_ref(doc, b"Info")
}

fn metadata_id(doc: &IncrementalDocument) -> ObjectId {
    let catalog = catalog_id(doc);
    doc.get_prev_documents()
        .get_dictionary(catalog)
        .unwrap()
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .unwrap()
}

/// Sets `key` of the object `id` (a dictionary) in the new revision.
fn set(doc: &mut IncrementalDocument, id: ObjectId, key: &str, value: Object) {
    doc.opt_clone_object_to_new_document(id).unwrap();
    doc.new_document
        .get_object_mut(id)
        .and_then(Object::as_dict_mut)
        .unwrap()
        .set(key, value);
}

/// Rewrites the XMP metadata stream with `edit` applied to its text.
fn edit_xmp(doc: &mut IncrementalDocument, edit: impl FnOnce(String) -> String) {
    let id = metadata_id(doc);
    let old = doc
        .get_prev_documents()
        .get_object(id)
        .and_then(Object::as_stream)
        .unwrap()
        .clone();
    let text =
        String::from_utf8(old.decompressed_content().unwrap_or(old.content.clone())).unwrap();
    let mut dict = old.dict.clone();
    dict.remove(b"Filter");
    doc.new_document
        .set_object(id, Stream::new(dict, edit(text).into_bytes()));
}

fn broken_because(pki: &Pki, pdf: &[u8], why: &str) {
    let v = verify(pki, pdf);
    assert_eq!(v.verdict, Verdict::Broken, "{}", v.summary);
    assert!(
        v.problems.iter().any(|p| p.contains(why)),
        "expected {why:?} among {:#?}",
        v.problems
    );
}

#[test]
fn a_pyhanko_countersignature_after_a_vakt_certification_is_valid() {
    let pki = organisation();
    let pdf = countersigned(&pki);
    let v = verify(&pki, &pdf);
    assert_eq!(
        v.verdict,
        Verdict::Valid,
        "{}\n{:#?}",
        v.summary,
        v.problems
    );
    let signers: Vec<&str> = v.signatures.iter().map(|s| s.signer.as_str()).collect();
    assert_eq!(signers, ["Ingrid Sæther", "Ola Nordmann"]);
    // pyHanko judges both the same.
    let file = pki.write("checked.pdf", &pdf);
    let hanko = pyhanko(&file, &pki.path("root.pem"));
    assert_eq!(
        hanko.matches("The signature is judged VALID.").count(),
        2,
        "pyHanko:\n{hanko}"
    );
}

#[test]
fn a_later_update_may_record_its_tool_and_nothing_else() {
    let pki = organisation();
    let pdf = countersigned(&pki);

    // What a tool records about itself: allowed.
    let touched = updated(&pdf, |doc| {
        let info = info_id(doc);
        set(
            doc,
            info,
            "Producer",
            Object::string_literal("Another PDF tool 1.0"),
        );
        set(
            doc,
            info,
            "ModDate",
            Object::string_literal("D:20261202080000Z"),
        );
        edit_xmp(doc, |x| x.replace("pyHanko 0.", "Another PDF tool 0."));
        let catalog = catalog_id(doc);
        set(doc, catalog, "Version", Object::Name(b"2.0".to_vec()));
        // The same language, written as a hexadecimal string.
        set(
            doc,
            catalog,
            "Lang",
            Object::String(b"en".to_vec(), lopdf::StringFormat::Hexadecimal),
        );
    });
    let v = verify(&pki, &touched);
    assert_eq!(
        v.verdict,
        Verdict::Valid,
        "{}\n{:#?}",
        v.summary,
        v.problems
    );

    // The document information's title, author or keywords: broken.
    let titled = updated(&pdf, |doc| {
        let info = info_id(doc);
        set(
            doc,
            info,
            "Title",
            Object::string_literal("Nothing happened"),
        );
    });
    broken_because(
        &pki,
        &titled,
        "the document information (/Info) changed: /Title",
    );

    // The XMP metadata's title or identifiers: broken, whatever prefix the tool writes.
    let original = Document::load_mem(&pdf).unwrap();
    let title = original
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|r| original.get_dictionary(r))
        .and_then(|d| d.get(b"Title"))
        .and_then(Object::as_str)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .unwrap();
    let retitled = updated(&pdf, |doc| {
        edit_xmp(doc, |x| {
            assert!(x.contains(&title), "the XMP holds the title");
            x.replace(&title, "Nothing happened")
        })
    });
    broken_because(&pki, &retitled, "the XMP metadata changed: title");
    let reidentified = updated(&pdf, |doc| {
        edit_xmp(doc, |x| {
            x.replace("DocumentID=\"uuid:", "DocumentID=\"uuid:f")
        })
    });
    broken_because(&pki, &reidentified, "the XMP metadata changed: DocumentID");
    let not_xmp = updated(&pdf, |doc| edit_xmp(doc, |_| "<not xml".into()));
    broken_because(&pki, &not_xmp, "not XMP");

    // A version that is none, an extension that declares something else, a new catalog entry.
    let versioned = updated(&pdf, |doc| {
        let catalog = catalog_id(doc);
        set(
            doc,
            catalog,
            "Version",
            Object::Name(b"JavaScript".to_vec()),
        );
    });
    broken_because(&pki, &versioned, "/Version is not a PDF version");
    let extended = updated(&pdf, |doc| {
        let catalog = catalog_id(doc);
        let mut ext = lopdf::Dictionary::new();
        ext.set("BaseVersion", Object::Name(b"2.0".to_vec()));
        ext.set("JS", Object::string_literal("app.alert(1)"));
        let mut all = lopdf::Dictionary::new();
        all.set("XYZ", Object::Dictionary(ext));
        set(doc, catalog, "Extensions", Object::Dictionary(all));
    });
    broken_because(&pki, &extended, "/Extensions holds something other");
    let opened = updated(&pdf, |doc| {
        let catalog = catalog_id(doc);
        set(doc, catalog, "OpenAction", Object::string_literal("x"));
    });
    broken_because(&pki, &opened, "the document catalog changed: /OpenAction");
}
