//! The fonts shipped with records (DejaVu Sans and DejaVu Sans Bold, Bitstream Vera licence, see
//! `fonts/LICENSE`) and text measurement with their advance widths.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::ParsedFont;

/// DejaVu Sans, as shipped by Debian's fonts-dejavu-core.
pub(crate) const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(crate) const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A font weight used in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// A parsed face with its measuring data.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Glyph id and advance of every Basic Multilingual Plane character, for fast measuring.
    bmp: Vec<(u16, u16)>,
}

impl Face {
    fn load(bytes: &[u8]) -> Option<Face> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        let mut bmp = vec![(0u16, parsed.get_glyph_width(0).unwrap_or(0)); 0x10000];
        for (&cp, &gid) in &parsed.codepoint_to_glyph {
            if let Some(slot) = bmp.get_mut(cp as usize) {
                *slot = (gid, parsed.get_glyph_width(gid).unwrap_or(0));
            }
        }
        Some(Face {
            parsed,
            units_per_em,
            bmp,
        })
    }

    /// The glyph for `c`, or `.notdef`.
    pub(crate) fn glyph(&self, c: char) -> u16 {
        match self.bmp.get(c as usize) {
            Some((gid, _)) => *gid,
            None => self.parsed.lookup_glyph_index(c as u32).unwrap_or(0),
        }
    }

    fn advance(&self, c: char) -> u32 {
        match self.bmp.get(c as usize) {
            Some((_, w)) => u32::from(*w),
            None => u32::from(self.parsed.get_glyph_width(self.glyph(c)).unwrap_or(0)),
        }
    }

    /// Width of `text` at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| self.advance(c)).sum();
        units as f32 * size / self.units_per_em
    }

    /// The glyph ids `text` needs.
    pub(crate) fn glyphs_of(&self, text: &str, into: &mut BTreeSet<u16>) {
        into.extend(text.chars().map(|c| self.glyph(c)));
    }
}

/// The two faces, parsed once per process.
pub(crate) struct Faces {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Faces {
    pub(crate) fn get(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// The shared faces, or `None` if the embedded fonts do not parse (a build defect).
pub(crate) fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: Face::load(REGULAR)?,
                bold: Face::load(BOLD)?,
            })
        })
        .as_ref()
}

/// Breaks `text` into lines no wider than `max` points; explicit newlines are kept and a word
/// wider than a line is cut between characters.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        let space = face.width(" ", size);
        for word in paragraph.split_whitespace() {
            let word_w = face.width(word, size);
            let candidate_w = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if candidate_w <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = candidate_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_w <= max {
                line = word.to_string();
                line_w = word_w;
            } else {
                // Too long for a line: break after its hyphens and slashes first
                // (`hosting-partner-` / `contact`, `/var/forensics/` / `image.lime`), and only a
                // piece still too long between characters.
                line_w = 0.0;
                for piece in word.split_inclusive(['-', '/']) {
                    let piece_w = face.width(piece, size);
                    if line_w + piece_w <= max {
                        line.push_str(piece);
                        line_w += piece_w;
                        continue;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    if piece_w <= max {
                        line.push_str(piece);
                        line_w = piece_w;
                        continue;
                    }
                    for c in piece.chars() {
                        let cw = face.width(c.encode_utf8(&mut [0; 4]), size);
                        if line_w + cw > max && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line_w = 0.0;
                        }
                        line.push(c);
                        line_w += cw;
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_metrics() {
        let f = faces().expect("fonts parse");
        let w_i = f.regular.width("iiii", 10.0);
        let w_m = f.regular.width("MMMM", 10.0);
        assert!(w_m > 2.0 * w_i, "M is wider than i: {w_m} vs {w_i}");
        assert!(f.bold.width("Vakt", 10.0) > f.regular.width("Vakt", 10.0));
        // Every character the records promise has a real glyph.
        for c in "æøå ÆØÅ € ‘ ’ “ ” – ĳ".chars().filter(|c| *c != ' ') {
            assert_ne!(f.regular.glyph(c), 0, "glyph for {c}");
            assert_ne!(f.bold.glyph(c), 0, "bold glyph for {c}");
        }
    }

    #[test]
    fn wrapping_respects_the_width_and_keeps_all_words() {
        let f = faces().expect("fonts parse");
        let text = "Storingen in datacenter Stavanger trof de CRM-database en het documentarchief; \
                    de failover naar Oslo duurde 47 minuten.";
        let lines = wrap(&f.regular, text, 9.0, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(f.regular.width(l, 9.0) <= 120.0, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        // A long hyphenated word breaks after a hyphen, never inside a part that fits.
        let role = wrap(&f.regular, "hosting-partner-contact", 9.0, 80.0);
        assert!(role.len() > 1, "{role:?}");
        for part in &role {
            assert!(
                [
                    "hosting-",
                    "partner-",
                    "contact",
                    "hosting-partner-",
                    "partner-contact"
                ]
                .contains(&part.as_str()),
                "{role:?}"
            );
        }
        assert_eq!(role.concat(), "hosting-partner-contact");
        // A long path breaks after its slashes.
        let path = wrap(
            &f.regular,
            "/var/forensics/memory-of-api-node-3.lime",
            9.0,
            90.0,
        );
        assert_eq!(path[0], "/var/forensics/", "{path:?}");
        assert_eq!(path.concat(), "/var/forensics/memory-of-api-node-3.lime");
        let long = wrap(&f.regular, &"x".repeat(200), 9.0, 50.0);
        assert!(long.len() > 3);
        assert_eq!(long.concat().len(), 200);
    }
}
