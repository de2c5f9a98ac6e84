//! TrueType subsetting by glyph zeroing: the glyphs a record uses (and the components of
//! composite glyphs) keep their outlines; every other glyph becomes empty. Glyph ids do not
//! change, so `cmap`, `hmtx` and the widths printpdf writes stay valid. Layout tables that a
//! PDF viewer never reads (`GPOS`, `GSUB`, `kern`, ...) are dropped and `post` becomes format 3.
//!
//! This replaces printpdf's own subsetting, which needs its `text_layout` feature (several
//! minutes of extra build time); the result is a font of tens of kilobytes instead of 750 KB.

use std::collections::BTreeSet;

/// Why a font could not be subset (it is then embedded whole).
#[derive(Debug, thiserror::Error)]
#[error("font cannot be subset: {0}")]
pub struct SubsetError(&'static str);

struct Table<'a> {
    tag: [u8; 4],
    data: &'a [u8],
}

fn be16(b: &[u8], at: usize) -> Result<u16, SubsetError> {
    b.get(at..at + 2)
        .map(|s| u16::from_be_bytes([s[0], s[1]]))
        .ok_or(SubsetError("truncated"))
}

fn be32(b: &[u8], at: usize) -> Result<u32, SubsetError> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or(SubsetError("truncated"))
}

fn tables(font: &[u8]) -> Result<Vec<Table<'_>>, SubsetError> {
    let count = usize::from(be16(font, 4)?);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag_bytes = font.get(rec..rec + 4).ok_or(SubsetError("truncated"))?;
        let offset = be32(font, rec + 8)? as usize;
        let length = be32(font, rec + 12)? as usize;
        let data = font
            .get(offset..offset.saturating_add(length))
            .ok_or(SubsetError("table outside the file"))?;
        out.push(Table {
            tag: [tag_bytes[0], tag_bytes[1], tag_bytes[2], tag_bytes[3]],
            data,
        });
    }
    Ok(out)
}

fn find<'a>(tables: &'a [Table<'a>], tag: &[u8; 4]) -> Result<&'a [u8], SubsetError> {
    tables
        .iter()
        .find(|t| &t.tag == tag)
        .map(|t| t.data)
        .ok_or(SubsetError("missing table"))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Subsets `font` to the glyph ids in `keep` (glyph 0, `.notdef`, is always kept).
pub fn subset(font: &[u8], keep: &BTreeSet<u16>) -> Result<Vec<u8>, SubsetError> {
    let tables = tables(font)?;
    let head = find(&tables, b"head")?;
    let maxp = find(&tables, b"maxp")?;
    let loca = find(&tables, b"loca")?;
    let glyf = find(&tables, b"glyf")?;
    let num_glyphs = usize::from(be16(maxp, 4)?);
    let long_loca = be16(head, 50)? == 1;
    let offset = |gid: usize| -> Result<usize, SubsetError> {
        if long_loca {
            Ok(be32(loca, gid * 4)? as usize)
        } else {
            Ok(usize::from(be16(loca, gid * 2)?) * 2)
        }
    };
    let glyph = |gid: usize| -> Result<&[u8], SubsetError> {
        let (start, end) = (offset(gid)?, offset(gid + 1)?);
        glyf.get(start..end)
            .ok_or(SubsetError("glyph outside glyf"))
    };

    // Close the set over composite glyph components.
    let mut wanted: BTreeSet<u16> = keep
        .iter()
        .copied()
        .filter(|g| usize::from(*g) < num_glyphs)
        .collect();
    wanted.insert(0);
    let mut todo: Vec<u16> = wanted.iter().copied().collect();
    while let Some(gid) = todo.pop() {
        let data = glyph(usize::from(gid))?;
        if data.len() < 10 || (be16(data, 0)? as i16) >= 0 {
            continue;
        }
        let mut at = 10;
        loop {
            let flags = be16(data, at)?;
            let component = be16(data, at + 2)?;
            if usize::from(component) < num_glyphs && wanted.insert(component) {
                todo.push(component);
            }
            at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            at += if flags & 0x0008 != 0 {
                2
            } else if flags & 0x0040 != 0 {
                4
            } else if flags & 0x0080 != 0 {
                8
            } else {
                0
            };
            if flags & 0x0020 == 0 {
                break;
            }
        }
    }

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity((num_glyphs + 1) * 4);
    for gid in 0..num_glyphs {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if wanted.contains(&(gid as u16)) {
            new_glyf.extend_from_slice(glyph(gid)?);
            while !new_glyf.len().is_multiple_of(4) {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let mut new_head = head.to_vec();
    new_head
        .get_mut(8..12)
        .ok_or(SubsetError("short head"))?
        .fill(0);
    new_head
        .get_mut(50..52)
        .ok_or(SubsetError("short head"))?
        .copy_from_slice(&1u16.to_be_bytes());
    let post = find(&tables, b"post")?;
    let mut new_post = post.get(..32).ok_or(SubsetError("short post"))?.to_vec();
    new_post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

    const KEEP: [&[u8; 4]; 11] = [
        b"OS/2", b"cmap", b"cvt ", b"fpgm", b"gasp", b"hhea", b"hmtx", b"maxp", b"name", b"prep",
        b"head",
    ];
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for t in &tables {
        if KEEP.contains(&&t.tag) && &t.tag != b"head" {
            out_tables.push((t.tag, t.data.to_vec()));
        }
    }
    out_tables.push((*b"head", new_head));
    out_tables.push((*b"glyf", new_glyf));
    out_tables.push((*b"loca", new_loca));
    out_tables.push((*b"post", new_post));
    out_tables.sort_by_key(|t| t.0);

    let n = out_tables.len() as u16;
    let mut entry_selector = 0u16;
    while (1u16 << (entry_selector + 1)) <= n {
        entry_selector += 1;
    }
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&n.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&(n * 16 - search_range).to_be_bytes());
    let mut at = 12 + 16 * out_tables.len();
    let mut head_at = 0;
    for (tag, data) in &out_tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(at as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = at;
        }
        at += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &out_tables {
        out.extend_from_slice(data);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[head_at + 8..head_at + 12].copy_from_slice(&adjust.to_be_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_keeps_used_glyphs_and_shrinks_the_font() {
        let full = crate::fonts::REGULAR;
        let mut keep = BTreeSet::new();
        keep.insert(36u16); // 'A' in DejaVu Sans
        let small = subset(full, &keep).expect("subset");
        assert!(
            small.len() < full.len() / 4,
            "{} vs {}",
            small.len(),
            full.len()
        );
        let t = tables(&small).expect("tables");
        assert!(find(&t, b"GSUB").is_err());
        let glyf = find(&t, b"glyf").expect("glyf");
        assert!(!glyf.is_empty());
        // The checksum adjustment makes the whole file sum to the magic number.
        assert_eq!(checksum(&small), 0xB1B0_AFBA);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(subset(b"not a font at all", &BTreeSet::new()).is_err());
        assert!(subset(&[], &BTreeSet::new()).is_err());
    }
}
