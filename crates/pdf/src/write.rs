//! Writing PDF objects by hand, as an incremental update needs them.

use lopdf::Object;

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b.is_ascii_graphic() && !b"#()<>[]{}/%".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

fn write_real(out: &mut Vec<u8>, v: f32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    out.extend_from_slice(if s.is_empty() || s == "-" { "0" } else { s }.as_bytes());
}

/// Writes `object` in PDF syntax; strings always as hex, so no escaping can go wrong.
pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => write_real(out, *r),
        Object::Name(n) => write_name(out, n),
        Object::String(s, _) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => {
            out.extend_from_slice(b"<<");
            for (k, v) in d.iter() {
                write_name(out, k);
                out.push(b' ');
                write_object(out, v);
                out.push(b'\n');
            }
            out.extend_from_slice(b">>");
        }
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes())
        }
        // Streams are never rewritten by an update here; write their dictionary only.
        Object::Stream(s) => write_object(out, &Object::Dictionary(s.dict.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text_string;

    #[test]
    fn strings_are_written_as_hex() {
        let o = text_string("Sæther – “Øst”");
        let mut out = Vec::new();
        write_object(&mut out, &o);
        assert!(out.starts_with(b"<FEFF0053"));
    }

    #[test]
    fn names_and_numbers_are_written_in_pdf_syntax() {
        let mut out = Vec::new();
        write_object(
            &mut out,
            &Object::Array(vec![
                Object::Name(b"A B#".to_vec()),
                Object::Real(1.5),
                Object::Real(2.0),
                Object::Reference((7, 0)),
            ]),
        );
        assert_eq!(out, b"[/A#20B#23 1.5 2 7 0 R]");
    }
}
