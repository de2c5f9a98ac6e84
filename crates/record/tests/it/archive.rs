//! The archival form of records: PDF/A identification, output intent, consistent info, the
//! document ID from the record's UUID, the embedded record, pagination.

use lopdf::{Document, Object};
use vakt_record::{
    ExerciseReport, IncidentRecord, Language, RenderOptions, demo_exercise, demo_incident,
    embedded_record, render_exercise, render_incident,
};

fn text(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => String::from_utf16_lossy(
            &b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        other => format!("{other:?}"),
    }
}

#[test]
fn archival_metadata_id_and_embedded_record_are_in_place() {
    let record = demo_incident(0);
    let pdf = render_incident(&record, &RenderOptions::default())
        .expect("renders")
        .pdf;
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let doc = Document::load_mem(&pdf).expect("parses");

    let id = doc
        .trailer
        .get(b"ID")
        .and_then(Object::as_array)
        .expect("/ID");
    let uuid = record.identity.id.as_bytes().to_vec();
    for part in id {
        assert_eq!(part.as_str().expect("string"), uuid.as_slice());
    }

    let catalog = doc.catalog().expect("catalog");
    let meta = catalog
        .get_deref(b"Metadata", &doc)
        .and_then(Object::as_stream)
        .expect("XMP");
    assert!(meta.dict.get(b"Filter").is_err(), "XMP stays unfiltered");
    let xmp = String::from_utf8(meta.content.clone()).expect("UTF-8 XMP");
    assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(xmp.contains(&format!("uuid:{}", record.identity.id)));
    assert!(xmp.contains(&record.identity.title));

    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .expect("info");
    assert_eq!(
        text(info.get(b"Title").expect("title")),
        record.identity.title
    );
    assert_eq!(
        text(info.get(b"Author").expect("author")),
        record.identity.organisation
    );
    let created = text(info.get(b"CreationDate").expect("date"));
    assert_eq!(created, "D:20260327151000+00'00'");
    assert!(xmp.contains("<xmp:CreateDate>2026-03-27T15:10:00Z</xmp:CreateDate>"));

    let intents = catalog
        .get_deref(b"OutputIntents", &doc)
        .and_then(Object::as_array)
        .expect("output intents");
    let intent = doc
        .dereference(&intents[0])
        .expect("intent")
        .1
        .as_dict()
        .expect("dict");
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).expect("S"),
        b"GTS_PDFA1"
    );
    let profile = intent
        .get_deref(b"DestOutputProfile", &doc)
        .and_then(Object::as_stream)
        .expect("ICC");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).expect("N"),
        3
    );

    let (json, _) = embedded_record(&pdf).expect("embedded record");
    let back: IncidentRecord = serde_json::from_slice(&json).expect("the model");
    assert_eq!(back, record);
}

#[test]
fn every_record_gets_its_own_document_id() {
    let a = render_incident(&demo_incident(0), &RenderOptions::default()).expect("renders");
    let b = render_exercise(&demo_exercise(), &RenderOptions::default()).expect("renders");
    let id = |pdf: &[u8]| {
        Document::load_mem(pdf)
            .expect("parses")
            .trailer
            .get(b"ID")
            .expect("id")
            .clone()
    };
    assert_ne!(id(&a.pdf), id(&b.pdf));
    let (json, _) = embedded_record(&b.pdf).expect("embedded");
    let report: ExerciseReport = serde_json::from_slice(&json).expect("model");
    assert_eq!(report, demo_exercise());
}

#[test]
fn long_records_paginate_and_number_every_page() {
    let short = render_incident(&demo_incident(0), &RenderOptions::default()).expect("renders");
    let long = render_incident(&demo_incident(400), &RenderOptions::default()).expect("renders");
    assert!(
        long.pages > short.pages + 10,
        "{} vs {}",
        long.pages,
        short.pages
    );
    let doc = Document::load_mem(&long.pdf).expect("parses");
    assert_eq!(doc.get_pages().len(), long.pages);
    // Glyph ids, not text, are in the content streams; "Page x of n" is checked by pdftotext in
    // the signature crate's validator tests. Here: every page has content.
    for page in doc.get_pages().values() {
        assert!(!doc.get_page_content(*page).is_empty());
    }
    let nl = render_exercise(
        &demo_exercise(),
        &RenderOptions {
            language: Language::Nl,
            signature_block: None,
        },
    )
    .expect("renders");
    assert!(nl.signature_area.is_none());
}

/// Issue 12: the evidence table's custody, read back from the rendered page with `pdftotext`
/// (poppler-utils): how and from where under the name, the digest as two halves of 32 hex
/// digits, and every later event with when, who and what.
#[test]
fn the_evidence_table_shows_the_chain_of_custody() {
    let record = demo_incident(0);
    let pdf = render_incident(&record, &RenderOptions::default()).expect("renders");
    let file = std::env::temp_dir().join(format!("vakt-custody-{}.pdf", std::process::id()));
    std::fs::write(&file, &pdf.pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", file.to_str().expect("path"), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_file(&file);
    let text = String::from_utf8_lossy(&out.stdout);
    let memory = &record.evidence[0];
    let custody = memory.custody.as_ref().expect("custody");
    let (a, b) = memory.sha256.split_at(32);
    let at = text
        .find(a)
        .expect("the first half of the digest on a line of its own");
    let row: Vec<&str> = text[at..].lines().take(8).collect();
    assert!(row[1].contains(b), "the second half under it: {row:#?}");
    assert!(
        row.iter()
            .any(|l| l.contains("how: memory image, registered by")),
        "{row:#?}"
    );
    assert!(
        row.iter()
            .any(|l| l.contains(&format!("from {}", custody.host))),
        "{row:#?}"
    );
    assert!(
        row.iter().any(|l| l.contains("/var/forensics/")),
        "{row:#?}"
    );
    assert!(
        row.iter().any(|l| l.contains("→ 2026-03-15 09:00 UTC,")),
        "the handover with its time: {row:#?}"
    );
}
