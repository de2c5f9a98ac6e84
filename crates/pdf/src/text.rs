//! PDF text strings and dates.

use chrono::{DateTime, Utc};
use lopdf::{Object, StringFormat};

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte-order mark (so
/// PDFDocEncoding never matters).
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, else bytes as Latin-1).
pub fn text_of(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// A moment as a PDF date string, in UTC: `D:20260316170000+00'00'`.
pub fn date(t: &DateTime<Utc>) -> Object {
    text_string(&t.format("D:%Y%m%d%H%M%S+00'00'").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn bytes(o: &Object) -> &[u8] {
        let Object::String(b, _) = o else {
            panic!("a string")
        };
        b
    }

    #[test]
    fn ascii_stays_literal_and_the_rest_is_utf16be_with_bom() {
        assert_eq!(
            text_string("Stavanger"),
            Object::String(b"Stavanger".to_vec(), StringFormat::Literal)
        );
        let o = text_string("Sæther – “Øst”");
        assert_eq!(&bytes(&o)[..2], &[0xFE, 0xFF]);
        assert_eq!(text_of(bytes(&o)), "Sæther – “Øst”");
        assert_eq!(text_of(b"\xEF\xBB\xBFS\xC3\xA6"), "Sæ");
        assert_eq!(text_of(b"S\xE6"), "Sæ");
    }

    #[test]
    fn dates_are_in_the_d_form_in_utc() {
        let t = Utc.with_ymd_and_hms(2026, 3, 16, 17, 0, 5).unwrap();
        assert_eq!(bytes(&date(&t)), b"D:20260316170005+00'00'");
    }
}
