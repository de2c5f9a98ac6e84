//! What a file added after a signed revision, judged object by object: the signed revision
//! (the file up to the end of the signature's `/ByteRange`) is read as it was, the whole file as
//! it is now, and every object that differs is classified. Allowed are only what adding
//! signatures needs: new signature fields and their widgets (appended to `/AcroForm /Fields`
//! and to a page's `/Annots`), `/SigFlags`, a document security store (`/DSS`) and document
//! timestamps. Besides, what a signing tool records about itself (as pyHanko's `addsig` does):
//! the catalog's `/Extensions` (developer extensions declared) and `/Version`, and in the
//! document information (`/Info`) and the XMP metadata only the producer and the modification
//! and metadata dates. Anything else (page content, a page's other entries, the catalog beyond
//! those, the title, author, subject, keywords or identifiers of the metadata, removed objects,
//! any other object) is a change the signature does not allow. Objects are compared by what a
//! reader sees: a string written as `(en)` or `<656E>` is the same string.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Two objects the same for a reader: streams by dictionary and bytes (not by file position),
/// strings by their bytes (not whether written literal or hexadecimal), dictionaries and arrays
/// entry by entry.
fn same(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Stream(x), Object::Stream(y)) => {
            same_dict(&x.dict, &y.dict) && x.content == y.content
        }
        (Object::String(x, _), Object::String(y, _)) => x == y,
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => a == b,
    }
}

fn same_dict(a: &Dictionary, b: &Dictionary) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_ok_and(|w| same(v, w)))
}

fn name_of(d: &Dictionary, key: &[u8]) -> Option<Vec<u8>> {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(<[u8]>::to_vec)
}

/// The dictionary `object` is or refers to in `doc`.
fn dict_in<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Dictionary(d) => Some(d),
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        _ => None,
    }
}

/// The array `object` is or refers to in `doc`.
fn array_in<'a>(doc: &'a Document, object: Option<&'a Object>) -> Vec<Object> {
    match object {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A signature field (or its widget): `/FT /Sig` on it or its parent.
fn is_signature_field(doc: &Document, object: &Object) -> bool {
    let Some(d) = dict_in(doc, object) else {
        return false;
    };
    if name_of(d, b"FT").as_deref() == Some(b"Sig") {
        return true;
    }
    d.get(b"Parent")
        .ok()
        .and_then(|p| dict_in(doc, p))
        .is_some_and(|p| name_of(p, b"FT").as_deref() == Some(b"Sig"))
}

/// Checks that `new` keeps every entry of `old` and adds only signature fields.
fn only_signatures_added(
    what: &str,
    old: &[Object],
    new: &[Object],
    doc: &Document,
) -> Result<(), String> {
    if let Some(gone) = old.iter().find(|o| !new.contains(o)) {
        return Err(format!("{what}: an entry was removed ({gone:?})"));
    }
    for added in new.iter().filter(|o| !old.contains(o)) {
        if !matches!(added, Object::Reference(_)) || !is_signature_field(doc, added) {
            return Err(format!(
                "{what}: something other than a signature field was added"
            ));
        }
    }
    Ok(())
}

/// The keys whose values differ between two dictionaries.
fn changed_keys(old: &Dictionary, new: &Dictionary) -> BTreeSet<Vec<u8>> {
    let mut keys = BTreeSet::new();
    for (k, v) in old.iter() {
        if !new.get(k).is_ok_and(|n| same(n, v)) {
            keys.insert(k.clone());
        }
    }
    for (k, _) in new.iter() {
        if !old.has(k) {
            keys.insert(k.clone());
        }
    }
    keys
}

fn key_list(keys: &BTreeSet<Vec<u8>>) -> String {
    keys.iter()
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An /AcroForm dictionary that changed (or appeared): only /Fields (signature fields added)
/// and /SigFlags.
fn check_acroform(
    old: Option<&Dictionary>,
    new: &Dictionary,
    before: &Document,
    after: &Document,
) -> Result<(), String> {
    let empty = Dictionary::new();
    let old = old.unwrap_or(&empty);
    let keys = changed_keys(old, new);
    let other: BTreeSet<Vec<u8>> = keys
        .iter()
        .filter(|k| k.as_slice() != b"Fields" && k.as_slice() != b"SigFlags")
        .cloned()
        .collect();
    if !other.is_empty() {
        return Err(format!(
            "the form (/AcroForm) changed: {}",
            key_list(&other)
        ));
    }
    only_signatures_added(
        "the form's fields",
        &array_in(before, old.get(b"Fields").ok()),
        &array_in(after, new.get(b"Fields").ok()),
        after,
    )
}

/// The objects of a document that play a role the rules name.
struct Roles {
    root: Option<ObjectId>,
    /// The document information dictionary (`/Info` in the trailer).
    info: Option<ObjectId>,
    /// The catalog's XMP metadata stream.
    metadata: Option<ObjectId>,
    acroform: Option<ObjectId>,
    fields: Option<ObjectId>,
    pages: BTreeMap<ObjectId, u32>,
    annots: BTreeMap<ObjectId, ObjectId>,
    contents: BTreeMap<ObjectId, u32>,
}

fn roles(doc: &Document) -> Roles {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let catalog = root.and_then(|r| doc.get_dictionary(r).ok());
    let metadata = catalog
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| m.as_reference().ok());
    let acroform = catalog
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| a.as_reference().ok());
    let fields = catalog
        .and_then(|c| c.get(b"AcroForm").ok())
        .and_then(|a| dict_in(doc, a))
        .and_then(|a| a.get(b"Fields").ok())
        .and_then(|f| f.as_reference().ok());
    let mut pages = BTreeMap::new();
    let mut annots = BTreeMap::new();
    let mut contents = BTreeMap::new();
    for (number, id) in doc.get_pages() {
        pages.insert(id, number);
        if let Ok(page) = doc.get_dictionary(id) {
            if let Ok(r) = page.get(b"Annots").and_then(Object::as_reference) {
                annots.insert(r, id);
            }
            match page.get(b"Contents") {
                Ok(Object::Reference(r)) => {
                    contents.insert(*r, number);
                }
                Ok(Object::Array(a)) => {
                    for r in a.iter().filter_map(|o| o.as_reference().ok()) {
                        contents.insert(r, number);
                    }
                }
                _ => {}
            }
        }
    }
    Roles {
        root,
        info,
        metadata,
        acroform,
        fields,
        pages,
        annots,
        contents,
    }
}

/// Every change from `before` (the signed revision) to `after` (the file now) that adding
/// signatures does not explain, in words. Empty means only allowed changes.
pub(crate) fn disallowed_changes(before: &Document, after: &Document) -> Vec<String> {
    let mut problems = Vec::new();
    let was = roles(before);
    let now = roles(after);
    if was.root != now.root {
        problems.push("the document catalog was replaced by another object".into());
    }
    if after.trailer.has(b"Encrypt") && !before.trailer.has(b"Encrypt") {
        problems.push("encryption was added".into());
    }
    if was.info != now.info {
        // The information dictionary moved to another object: judged as if rewritten.
        let old = was.info.and_then(|r| before.get_dictionary(r).ok());
        let new = now.info.and_then(|r| after.get_dictionary(r).ok());
        let empty = Dictionary::new();
        if let Err(why) = check_info(old.unwrap_or(&empty), new.unwrap_or(&empty)) {
            problems.push(why);
        }
    }
    for id in before.objects.keys() {
        if !after.objects.contains_key(id) {
            problems.push(format!("object {} {} was removed", id.0, id.1));
        }
    }
    for (id, new) in &after.objects {
        let Some(old) = before.objects.get(id) else {
            continue;
        };
        if same(old, new) {
            continue;
        }
        if let Err(why) = judge(*id, old, new, &was, &now, before, after) {
            problems.push(why);
        }
    }
    problems
}

/// What a signing tool may record about itself in the metadata after a signature: the producer
/// and the modification and metadata dates (`/Info` keys; XMP properties by local name).
const TOOL_INFO_KEYS: [&[u8]; 2] = [b"Producer", b"ModDate"];
const TOOL_XMP_PROPERTIES: [&str; 3] = ["Producer", "ModifyDate", "MetadataDate"];

/// A catalog `/Version` that changed: a PDF version name (`/1.7`, `/2.0`), nothing else.
fn check_version(version: Option<&Object>) -> Result<(), String> {
    let ok = version
        .and_then(|v| v.as_name().ok())
        .and_then(|n| std::str::from_utf8(n).ok())
        .is_some_and(|n| {
            let mut parts = n.split('.');
            matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some("1" | "2"), Some(minor), None) if minor.len() == 1 && minor.bytes().all(|b| b.is_ascii_digit())
            )
        });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the document catalog's /Version is not a PDF version: {version:?}"
        ))
    }
}

/// A catalog `/Extensions` that changed: a dictionary of developer-extension declarations
/// (each a dictionary, or an array of them, with only the keys ISO 32000-2 gives them).
fn check_extensions(doc: &Document, extensions: Option<&Object>) -> Result<(), String> {
    let bad = || {
        "the document catalog's /Extensions holds something other than developer-extension declarations".to_string()
    };
    let Some(all) = extensions.and_then(|e| dict_in(doc, e)) else {
        return Err(bad());
    };
    let declaration = |o: &Object| {
        dict_in(doc, o).is_some_and(|d| {
            d.iter().all(|(k, _)| {
                matches!(
                    k.as_slice(),
                    b"Type" | b"BaseVersion" | b"ExtensionLevel" | b"URL" | b"ExtensionRevision"
                )
            }) && name_of(d, b"Type").is_none_or(|t| t == b"DeveloperExtensions")
        })
    };
    for (_, value) in all.iter() {
        let fine = match value {
            Object::Array(list) => list.iter().all(declaration),
            other => declaration(other),
        };
        if !fine {
            return Err(bad());
        }
    }
    Ok(())
}

/// The document information rewritten after a signature: only the producer and the
/// modification date may differ.
fn check_info(old: &Dictionary, new: &Dictionary) -> Result<(), String> {
    let other: BTreeSet<Vec<u8>> = changed_keys(old, new)
        .into_iter()
        .filter(|k| !TOOL_INFO_KEYS.contains(&k.as_slice()))
        .collect();
    if other.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the document information (/Info) changed: {}",
            key_list(&other)
        ))
    }
}

/// The XMP metadata rewritten after a signature: still XMP, and every property the same but
/// the producer and the modification and metadata dates.
fn check_xmp(old: &Object, new: &Object) -> Result<(), String> {
    let properties = |o: &Object| -> Option<BTreeMap<String, String>> {
        let stream = o.as_stream().ok()?;
        if name_of(&stream.dict, b"Subtype").as_deref() != Some(b"XML") {
            return None;
        }
        let bytes = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        xmp_properties(std::str::from_utf8(&bytes).ok()?)
    };
    let (Some(was), Some(now)) = (properties(old), properties(new)) else {
        return Err("the XMP metadata was replaced by something that is not XMP".into());
    };
    let changed: Vec<&str> = was
        .keys()
        .chain(now.keys())
        .filter(|k| !TOOL_XMP_PROPERTIES.contains(&k.as_str()))
        .filter(|k| was.get(*k) != now.get(*k))
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if changed.is_empty() {
        Ok(())
    } else {
        Err(format!("the XMP metadata changed: {}", changed.join(", ")))
    }
}

/// The properties of an XMP packet by local name (namespace prefixes differ between tools):
/// attributes of `rdf:Description` and its child elements, a structured value (`rdf:Alt`,
/// `rdf:Seq`, `rdf:Bag`) as its items' texts with their `xml:lang`. `None` when it is not
/// well-formed XML.
fn xmp_properties(text: &str) -> Option<BTreeMap<String, String>> {
    use quick_xml::events::Event;
    let local = |q: &str| -> String { q.rsplit(':').next().unwrap_or(q).to_string() };
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = BTreeMap::new();
    // The depth of the element being read, the description's, and the property being read.
    let mut depth = 0usize;
    let mut description: Option<usize> = None;
    let mut property: Option<(String, String)> = None;
    loop {
        let (e, opens) = match reader.read_event().ok()? {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::Text(t) => {
                // Whitespace alone between elements is layout; any other text counts whole.
                let raw: &str = t.as_ref();
                if let Some((_, value)) = property.as_mut().filter(|_| !raw.trim().is_empty()) {
                    value.push_str(&quick_xml::escape::unescape(raw).ok()?);
                }
                continue;
            }
            Event::GeneralRef(r) => {
                // `&amp;`, `&#38;`: the character it stands for.
                if let Some((_, value)) = &mut property {
                    match r.resolve_char_ref().ok()? {
                        Some(c) => value.push(c),
                        None => {
                            let name: &str = r.as_ref();
                            value.push_str(quick_xml::escape::resolve_predefined_entity(name)?);
                        }
                    }
                }
                continue;
            }
            Event::End(_) => {
                if description.is_some_and(|d| depth == d + 1)
                    && let Some((name, value)) = property.take()
                {
                    out.insert(name, value.trim().to_string());
                }
                if description == Some(depth) {
                    description = None;
                }
                depth = depth.checked_sub(1)?;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let at = depth + 1;
        let name = local(e.name().as_ref());
        if description.is_none() && name == "Description" {
            // Simple properties written as attributes.
            for a in e.attributes() {
                let a = a.ok()?;
                let key = a.key.as_ref();
                if key.starts_with("xmlns") || key == "rdf:about" {
                    continue;
                }
                out.insert(
                    local(key),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned(),
                );
            }
            if opens {
                description = Some(at);
            }
        } else if let Some(d) = description {
            if at == d + 1 {
                if opens {
                    property = Some((name, String::new()));
                } else {
                    out.insert(name, String::new());
                }
            } else if let Some((_, value)) = &mut property {
                // An item of a structured value: its language, then its text.
                value.push('|');
                for a in e.attributes() {
                    let a = a.ok()?;
                    if a.key.as_ref() == "xml:lang" {
                        value.push_str(&format!(
                            "[{}]",
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()?
                        ));
                    }
                }
            }
        }
        if opens {
            depth = at;
        }
    }
    Some(out)
}

fn judge(
    id: ObjectId,
    old: &Object,
    new: &Object,
    was: &Roles,
    now: &Roles,
    before: &Document,
    after: &Document,
) -> Result<(), String> {
    if Some(id) == now.root {
        let (Ok(o), Ok(n)) = (old.as_dict(), new.as_dict()) else {
            return Err("the document catalog is not a dictionary".into());
        };
        let keys = changed_keys(o, n);
        let other: BTreeSet<Vec<u8>> = keys
            .iter()
            .filter(|k| {
                !matches!(
                    k.as_slice(),
                    b"AcroForm" | b"DSS" | b"Extensions" | b"Version"
                )
            })
            .cloned()
            .collect();
        if !other.is_empty() {
            return Err(format!(
                "the document catalog changed: {}",
                key_list(&other)
            ));
        }
        if keys.contains(b"Version".as_slice()) {
            check_version(n.get(b"Version").ok())?;
        }
        if keys.contains(b"Extensions".as_slice()) {
            check_extensions(after, n.get(b"Extensions").ok())?;
        }
        if keys.contains(b"AcroForm".as_slice()) {
            let new_form = n.get(b"AcroForm").ok();
            match new_form {
                // A form object that is new is judged here; an existing one changed is judged
                // as its own object.
                Some(Object::Reference(r)) if before.objects.contains_key(r) => {
                    if o.get(b"AcroForm").ok() != new_form {
                        return Err("the catalog points to another existing form".into());
                    }
                }
                Some(f) => {
                    let form = dict_in(after, f).ok_or("the new /AcroForm is not a dictionary")?;
                    let old_form = o.get(b"AcroForm").ok().and_then(|f| dict_in(before, f));
                    check_acroform(old_form, form, before, after)?;
                }
                None => return Err("the form (/AcroForm) was removed".into()),
            }
        }
        return Ok(());
    }
    if Some(id) == now.acroform {
        let (Ok(o), Ok(n)) = (old.as_dict(), new.as_dict()) else {
            return Err("the form (/AcroForm) is not a dictionary".into());
        };
        return check_acroform(Some(o), n, before, after);
    }
    if Some(id) == now.fields && Some(id) == was.fields {
        let (Ok(o), Ok(n)) = (old.as_array(), new.as_array()) else {
            return Err("the form's fields are not an array".into());
        };
        return only_signatures_added("the form's fields", o, n, after);
    }
    if let Some(number) = now.pages.get(&id) {
        let (Ok(o), Ok(n)) = (old.as_dict(), new.as_dict()) else {
            return Err(format!("page {number} is not a dictionary"));
        };
        let keys = changed_keys(o, n);
        let other: BTreeSet<Vec<u8>> = keys
            .iter()
            .filter(|k| k.as_slice() != b"Annots")
            .cloned()
            .collect();
        if !other.is_empty() {
            return Err(format!("page {number} changed: {}", key_list(&other)));
        }
        return only_signatures_added(
            &format!("the annotations of page {number}"),
            &array_in(before, o.get(b"Annots").ok()),
            &array_in(after, n.get(b"Annots").ok()),
            after,
        );
    }
    if let Some(page) = now.annots.get(&id).filter(|_| was.annots.contains_key(&id)) {
        let number = now.pages.get(page).copied().unwrap_or_default();
        let (Ok(o), Ok(n)) = (old.as_array(), new.as_array()) else {
            return Err(format!("the annotations of page {number} are not an array"));
        };
        return only_signatures_added(&format!("the annotations of page {number}"), o, n, after);
    }
    if Some(id) == now.info && Some(id) == was.info {
        let (Ok(o), Ok(n)) = (old.as_dict(), new.as_dict()) else {
            return Err("the document information (/Info) is not a dictionary".into());
        };
        return check_info(o, n);
    }
    if Some(id) == now.metadata && Some(id) == was.metadata {
        return check_xmp(old, new);
    }
    if let Some(number) = now.contents.get(&id).or_else(|| was.contents.get(&id)) {
        return Err(format!(
            "the content of page {number} was changed (object {} {})",
            id.0, id.1
        ));
    }
    if let Some(number) = was.pages.get(&id) {
        return Err(format!(
            "page {number} was replaced (object {} {})",
            id.0, id.1
        ));
    }
    let kind = old
        .as_dict()
        .ok()
        .or_else(|| old.as_stream().ok().map(|s| &s.dict))
        .and_then(|d| name_of(d, b"Type"))
        .map(|t| format!(" (/{})", String::from_utf8_lossy(&t)))
        .unwrap_or_default();
    Err(format!("object {} {}{kind} was changed", id.0, id.1))
}

#[cfg(test)]
mod tests {
    use super::xmp_properties;

    #[test]
    fn xmp_properties_are_read_by_local_name_whatever_the_form() {
        // As Vakt writes it: one element per property, indented.
        let elements = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:title>
     <rdf:Alt><rdf:li xml:lang="x-default">Fire &amp; flood</rdf:li></rdf:Alt>
   </dc:title>
   <xmpMM:DocumentID>uuid:1</xmpMM:DocumentID>
  </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        // As pyHanko writes it: simple properties as attributes, another prefix, a character
        // reference for the ampersand.
        let attributes = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:ns0="http://ns.adobe.com/xap/1.0/mm/" ns0:DocumentID="uuid:1" rdf:about=""><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Fire &#38; flood</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let a = xmp_properties(elements).expect("xmp");
        let b = xmp_properties(attributes).expect("xmp");
        assert_eq!(a, b);
        // A mark per nested element (rdf:Alt, rdf:li), then the language and the text.
        assert_eq!(a["title"], "||[x-default]Fire & flood");
        assert_eq!(a["DocumentID"], "uuid:1");
        // One character changed through an entity is a change.
        let changed = elements.replace("&amp;", "&lt;");
        assert_ne!(xmp_properties(&changed).expect("xmp"), a);
        assert!(xmp_properties("<x:xmpmeta><unclosed").is_none());
    }
}
