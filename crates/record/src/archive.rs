//! The archival post-step over printpdf's output: PDF/A-3b identification in XMP metadata, an
//! sRGB output intent, document info consistent with the XMP, a document `/ID` derived from the
//! record's UUID (printpdf's own is the same in every file), and the machine-readable record
//! embedded as an associated file (`record.json`, `/AFRelationship /Data`).

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat, xref::XrefType};
use uuid::Uuid;
use vakt_pdf::date as pdf_date;
use vakt_stdx::sha256_hex;

use crate::RecordError;
use crate::icc::{SRGB_NAME, srgb_profile};
use crate::labels::Language;

/// What the document info and XMP say.
pub(crate) struct ArchiveInfo {
    pub(crate) id: Uuid,
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
    pub(crate) keywords: String,
    pub(crate) created: DateTime<Utc>,
    pub(crate) language: Language,
}

/// Name of the embedded machine-readable record.
pub const EMBEDDED_NAME: &str = "record.json";

/// A PDF text string: `vakt-pdf`'s, kept here where callers found it.
pub use vakt_pdf::text_string;

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn xmp(info: &ArchiveInfo, producer: &str) -> String {
    let date = info.created.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let lang = match info.language {
        Language::En => "en",
        Language::Nl => "nl",
    };
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>Vakt</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{id}</xmpMM:InstanceID>
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        title = xml_escape(&info.title),
        author = xml_escape(&info.author),
        subject = xml_escape(&info.subject),
        keywords = xml_escape(&info.keywords),
        id = info.id,
        bom = '\u{feff}',
    )
}

fn invalid(e: lopdf::Error) -> RecordError {
    RecordError::Pdf(e.to_string())
}

/// Compresses every unfiltered stream with fast Deflate (level 1: several times faster than
/// lopdf's best-compression setting, the files a little larger).
fn compress_fast(doc: &mut Document) {
    use std::io::Write as _;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        // PDF/A keeps the XMP metadata unfiltered.
        let is_metadata =
            stream.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice());
        if is_metadata || stream.dict.get(b"Filter").is_ok() || stream.content.len() < 64 {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            continue;
        }
        if let Ok(compressed) = encoder.finish()
            && compressed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(compressed);
        }
    }
}

/// Applies the archival post-step to printpdf's document and embeds `json`.
pub(crate) fn finish(
    mut doc: Document,
    info: &ArchiveInfo,
    json: &[u8],
) -> Result<Vec<u8>, RecordError> {
    doc.version = "1.7".to_string();
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let producer = format!("Vakt {} (printpdf, lopdf)", env!("CARGO_PKG_VERSION"));

    let mut info_dict = Dictionary::new();
    info_dict.set("Title", text_string(&info.title));
    info_dict.set("Author", text_string(&info.author));
    info_dict.set("Subject", text_string(&info.subject));
    info_dict.set("Keywords", text_string(&info.keywords));
    info_dict.set("Creator", text_string("Vakt"));
    info_dict.set("Producer", text_string(&producer));
    info_dict.set("CreationDate", pdf_date(&info.created));
    info_dict.set("ModDate", pdf_date(&info.created));
    let info_id = doc.add_object(info_dict);

    let mut meta = Dictionary::new();
    meta.set("Type", Object::Name(b"Metadata".to_vec()));
    meta.set("Subtype", Object::Name(b"XML".to_vec()));
    let meta_id = doc.add_object(Stream::new(meta, xmp(info, &producer).into_bytes()));

    let mut icc = Dictionary::new();
    icc.set("N", 3);
    let icc_stream = Stream::new(icc, srgb_profile());
    // Compression of the profile is optional; a failure leaves it uncompressed.
    let icc_id = doc.add_object(icc_stream);
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    intent.set("OutputConditionIdentifier", text_string(SRGB_NAME));
    intent.set("Info", text_string(SRGB_NAME));
    intent.set("DestOutputProfile", Object::Reference(icc_id));
    let intent_id = doc.add_object(intent);

    let mut params = Dictionary::new();
    params.set("Size", json.len() as i64);
    params.set("ModDate", pdf_date(&info.created));
    let mut ef = Dictionary::new();
    ef.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
    ef.set("Subtype", Object::Name(b"application/json".to_vec()));
    ef.set("Params", params);
    let ef_stream = Stream::new(ef, json.to_vec());
    let ef_id = doc.add_object(ef_stream);
    let mut ef_refs = Dictionary::new();
    ef_refs.set("F", Object::Reference(ef_id));
    ef_refs.set("UF", Object::Reference(ef_id));
    let mut spec = Dictionary::new();
    spec.set("Type", Object::Name(b"Filespec".to_vec()));
    spec.set("F", text_string(EMBEDDED_NAME));
    spec.set("UF", text_string(EMBEDDED_NAME));
    spec.set("Desc", text_string("Machine-readable record (JSON)"));
    spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
    spec.set("EF", ef_refs);
    let spec_id = doc.add_object(spec);
    let mut names = Dictionary::new();
    names.set(
        "Names",
        vec![text_string(EMBEDDED_NAME), Object::Reference(spec_id)],
    );
    let mut name_tree = Dictionary::new();
    name_tree.set("EmbeddedFiles", names);

    let lang = match info.language {
        Language::En => "en",
        Language::Nl => "nl",
    };
    let catalog = doc.catalog_mut().map_err(invalid)?;
    catalog.set("Metadata", Object::Reference(meta_id));
    catalog.set("OutputIntents", vec![Object::Reference(intent_id)]);
    catalog.set("Names", name_tree);
    catalog.set("AF", vec![Object::Reference(spec_id)]);
    catalog.set("Lang", text_string(lang));
    catalog.remove(b"PageLabels");

    let id = info.id.as_bytes().to_vec();
    doc.trailer.set("Info", Object::Reference(info_id));
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    doc.prune_objects();
    compress_fast(&mut doc);
    let mut out = Vec::with_capacity(256 * 1024);
    doc.save_to(&mut out)
        .map_err(|e| RecordError::Pdf(e.to_string()))?;
    Ok(out)
}

/// The embedded machine-readable record of a PDF made by [`crate::render_incident`] or
/// [`crate::render_exercise`] (signed or not), with its SHA-256.
pub fn embedded_record(pdf: &[u8]) -> Result<(Vec<u8>, String), RecordError> {
    let doc = Document::load_mem(pdf).map_err(invalid)?;
    let catalog = doc.catalog().map_err(invalid)?;
    let names = catalog
        .get_deref(b"Names", &doc)
        .and_then(Object::as_dict)
        .and_then(|n| n.get_deref(b"EmbeddedFiles", &doc))
        .and_then(Object::as_dict)
        .and_then(|e| e.get_deref(b"Names", &doc))
        .and_then(Object::as_array)
        .map_err(|_| RecordError::NoEmbeddedRecord)?;
    let spec = names
        .get(1)
        .ok_or(RecordError::NoEmbeddedRecord)
        .and_then(|s| doc.dereference(s).map(|(_, o)| o).map_err(invalid))?
        .as_dict()
        .map_err(invalid)?;
    let stream = spec
        .get_deref(b"EF", &doc)
        .and_then(Object::as_dict)
        .and_then(|ef| ef.get_deref(b"F", &doc))
        .and_then(Object::as_stream)
        .map_err(|_| RecordError::NoEmbeddedRecord)?;
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let hash = sha256_hex(&content);
    Ok((content, hash))
}
