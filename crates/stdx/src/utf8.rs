//! A definition file's bytes as text, or a problem at the line and column of the first byte that
//! is not UTF-8.

use crate::{Lines, Problem};

/// The bytes of definition file `file` as text. When they are not UTF-8, the problem stands at
/// the line and column of the first bad byte (the column counts the characters before it), and
/// says which byte it is.
///
/// ```
/// let bad = b"format = 2\ntitle = \"caf\xe9\"\n";
/// let problem = vakt_stdx::utf8_text("p.toml", bad).unwrap_err();
/// assert_eq!(problem.to_string(),
///     "p.toml:2:13: not UTF-8 text: byte 0xe9 cannot stand here; save the file as UTF-8");
/// assert_eq!(vakt_stdx::utf8_text("p.toml", b"ok"), Ok("ok"));
/// ```
pub fn utf8_text<'b>(file: &str, bytes: &'b [u8]) -> Result<&'b str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = e.valid_up_to();
        // The prefix is valid UTF-8 by definition of `valid_up_to`.
        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
        let byte = bytes.get(good).copied().unwrap_or(0);
        let what = if e.error_len().is_none() {
            format!("the file ends inside a character (byte 0x{byte:02x})")
        } else {
            format!("byte 0x{byte:02x} cannot stand here")
        };
        Problem::located(
            file,
            &Lines::new(prefix),
            good,
            format!("not UTF-8 text: {what}; save the file as UTF-8"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bad_byte_is_found_on_its_line_and_column() {
        let p = utf8_text("a.toml", b"a = 1\nb = \"\xc3\xa7\xff\"\n").expect_err("bad");
        assert_eq!((p.line, p.column), (2, 7), "ç counts as one column");
        assert!(p.message.contains("0xff"), "{}", p.message);
        let p = utf8_text("a.toml", b"\xfe").expect_err("bad");
        assert_eq!((p.line, p.column), (1, 1));
        let p = utf8_text("a.toml", b"x\n\n  \xe2\x82").expect_err("cut");
        assert_eq!((p.line, p.column), (3, 3));
        assert!(
            p.message.contains("ends inside a character"),
            "{}",
            p.message
        );
    }
}
