//! Pieces shared by both record kinds: the cover, the checkpoint and signature blocks, and the
//! assembly of composed pages into a printpdf document and then the archival file.

use chrono::{DateTime, Utc};
use printpdf::{Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};
use serde::Serialize;

use crate::RecordError;
use crate::archive::{self, ArchiveInfo};
use crate::fonts::{self, Weight};
use crate::labels::{Labels, Language, day, when};
use crate::layout::{CONTENT_W, Column, Composer, MARGIN, Running, colour};
use crate::model::{
    Checkpoint, CorrectiveAction, Criterion, PersonSignOff, RecordIdentity, SignOff,
};
use crate::subset::subset;

/// The visible signature block drawn on the last page of a record that is signed right away.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureBlock {
    /// Signer (the certificate's subject name).
    pub signer: String,
    /// Signing time.
    pub signed_at: DateTime<Utc>,
    /// Hex SHA-256 fingerprint of the signing certificate.
    pub fingerprint: String,
}

/// How to render a record.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Language of the labels.
    pub language: Language,
    /// A visible signature block to draw on the last page.
    pub signature_block: Option<SignatureBlock>,
}

/// Where the visible signature block was drawn, for the signature widget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignatureArea {
    /// Page index from 0.
    pub page: usize,
    /// Rectangle `[x1, y1, x2, y2]` in points.
    pub rect: [f32; 4],
}

/// A rendered record: the unsigned archival PDF.
#[derive(Debug, Clone)]
pub struct RenderedRecord {
    /// The PDF bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// The visible signature block, if one was drawn.
    pub signature_area: Option<SignatureArea>,
}

/// Starts a record: page header text, cover title and the identity block.
pub(crate) fn start(
    identity: &RecordIdentity,
    kind: &str,
    l: &Labels,
) -> Result<Composer, RecordError> {
    let faces = fonts::faces().ok_or(RecordError::Font)?;
    let mut c = Composer::new(
        faces,
        Running {
            left: format!("{} · {}", identity.organisation, kind),
            right: format!("{} · {}", identity.reference, identity.classification),
            footer_left: format!("{} {} · Vakt", l.record_id, identity.id),
            page_of: l.page_of,
        },
    );
    c.down(6.0);
    c.paragraph_styled(kind, 10.0, Weight::Bold, colour::MUTED);
    c.paragraph_styled(&identity.title, 18.0, Weight::Bold, colour::INK);
    c.down(4.0);
    Ok(c)
}

/// The identity rows of the cover.
pub(crate) fn identity_fields(
    identity: &RecordIdentity,
    l: &Labels,
) -> Vec<(&'static str, String)> {
    vec![
        (l.reference, identity.reference.clone()),
        (l.record_id, identity.id.to_string()),
        (l.organisation, identity.organisation.clone()),
        (l.classification, identity.classification.clone()),
        (l.generated, when(&identity.generated_at)),
    ]
}

/// A long hex hash in groups of 16, so that it wraps between groups, never inside one.
pub(crate) fn grouped(hash: &str) -> String {
    let chars: Vec<char> = hash.chars().collect();
    chars
        .chunks(16)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The criteria table: each criterion and whether it was met.
pub(crate) fn criteria(c: &mut Composer, criteria: &[Criterion], l: &Labels) {
    c.table_of(
        &[Column::left(l.criterion, 0.85), Column::left(l.met, 0.15)],
        criteria,
        |k| vec![k.text.clone(), l.yes_no(k.met)],
    );
}

/// The corrective-actions table: action, owner, due date, status.
pub(crate) fn corrective_actions(c: &mut Composer, actions: &[CorrectiveAction], l: &Labels) {
    c.heading(l.corrective_actions, 40.0);
    c.table_of(
        &[
            Column::left(l.action, 0.55),
            Column::left(l.owner, 0.2),
            Column::left(l.due, 0.13),
            Column::left(l.status, 0.12),
        ],
        actions,
        |a| {
            vec![
                a.action.clone(),
                a.owner.clone(),
                day(&a.due),
                a.status.clone(),
            ]
        },
    );
}

/// The sign-off table: role, name, time (or pending), statement.
pub(crate) fn sign_off(c: &mut Composer, sign_off: &[SignOff], l: &Labels) {
    c.table_of(
        &[
            Column::left(l.role, 0.22),
            Column::left(l.name, 0.22),
            Column::left(l.time, 0.2),
            Column::left(l.statement, 0.36),
        ],
        sign_off,
        |s| {
            vec![
                s.role.clone(),
                s.name.clone(),
                s.at.as_ref()
                    .map(when)
                    .unwrap_or_else(|| l.pending.to_string()),
                s.statement.clone(),
            ]
        },
    );
}

/// The persons who sign off with their own keys: role, person, when, certificate.
pub(crate) fn signoffs(c: &mut Composer, signoffs: &[PersonSignOff], l: &Labels) {
    if signoffs.is_empty() {
        return;
    }
    c.heading(l.signoffs, 40.0);
    c.table_of(
        &[
            Column::left(l.role, 0.18),
            Column::left(l.person, 0.22),
            Column::left(l.signed_at, 0.24),
            Column::left(l.fingerprint, 0.36),
        ],
        signoffs,
        |s| {
            vec![
                s.role.clone(),
                if s.person.is_empty() {
                    s.name.clone()
                } else {
                    format!("{} (id {})", s.name, &s.person[..s.person.len().min(16)])
                },
                s.signed_at
                    .as_ref()
                    .map(when)
                    .unwrap_or_else(|| l.signs_later.to_string()),
                s.certificate_fingerprint
                    .clone()
                    .unwrap_or_else(|| l.no_key_here.to_string()),
            ]
        },
    );
    c.paragraph_styled(l.signoffs_note, 8.0, Weight::Regular, colour::MUTED);
}

/// The journal checkpoint section.
pub(crate) fn checkpoint(c: &mut Composer, cp: &Checkpoint, l: &Labels) {
    c.heading(l.checkpoint, 40.0);
    c.fields(&[
        (l.events, cp.count.to_string()),
        (l.head_hash, grouped(&cp.head_hash)),
    ]);
    c.paragraph_styled(l.checkpoint_note, 8.0, Weight::Regular, colour::MUTED);
    c.paragraph_styled(l.embedded_note, 8.0, Weight::Regular, colour::MUTED);
}

/// Draws the visible signature block; returns where.
pub(crate) fn signature_block(
    c: &mut Composer,
    block: &SignatureBlock,
    l: &Labels,
) -> SignatureArea {
    let h = 78.0;
    c.ensure(h + 14.0);
    c.down(10.0);
    let top = c.y();
    let bottom = top - h;
    c.rect(
        MARGIN,
        bottom,
        CONTENT_W,
        h,
        colour::ZEBRA,
        Some(colour::ACCENT),
    );
    let x = MARGIN + 10.0;
    c.text(
        x,
        top - 15.0,
        l.signature,
        10.0,
        Weight::Bold,
        colour::ACCENT,
    );
    let rows = [
        (l.signed_by, block.signer.clone()),
        (l.signed_at, when(&block.signed_at)),
        (l.fingerprint, block.fingerprint.clone()),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = top - 30.0 - 12.0 * i as f32;
        c.text(x, y, label, 8.0, Weight::Bold, colour::MUTED);
        c.text(
            x + 105.0,
            y,
            value,
            if i == 2 { 6.6 } else { 8.0 },
            Weight::Regular,
            colour::INK,
        );
    }
    c.text(
        x,
        top - 70.0,
        l.signature_note,
        7.0,
        Weight::Regular,
        colour::MUTED,
    );
    c.down(h + 6.0);
    SignatureArea {
        page: c.page_number().saturating_sub(1),
        rect: [MARGIN, bottom, MARGIN + CONTENT_W, top],
    }
}

/// Turns composed pages into the archival PDF with `json` embedded.
pub(crate) fn assemble<T: Serialize>(
    c: Composer,
    identity: &RecordIdentity,
    kind: &str,
    subject: &str,
    lang: Language,
    record: &T,
    signature_area: Option<SignatureArea>,
) -> Result<RenderedRecord, RecordError> {
    let faces = fonts::faces().ok_or(RecordError::Font)?;
    let (pages, used) = c.finish();
    let page_count = pages.len();
    let mut doc = PdfDocument::new(&identity.title);
    for (weight, full, slot) in [
        (Weight::Regular, fonts::REGULAR, 0),
        (Weight::Bold, fonts::BOLD, 1),
    ] {
        let mut parsed = faces.get(weight).parsed.clone();
        // Glyph ids are unchanged by zeroing, so the parsed metrics stay valid.
        parsed.original_bytes = subset(full, &used[slot]).unwrap_or_else(|_| full.to_vec());
        doc.resources
            .fonts
            .map
            .insert(crate::layout::font_id(weight), PdfFont::new(parsed));
    }
    doc.with_pages(
        pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
            .collect(),
    );
    let opts = PdfSaveOptions {
        subset_fonts: false,
        // Streams are compressed once, fast, in the archival step.
        optimize: false,
        ..Default::default()
    };
    // Straight to lopdf's document model: no serialise-and-parse round trip.
    let lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    let json = serde_json::to_vec_pretty(record).map_err(RecordError::Json)?;
    let pdf = archive::finish(
        lo,
        &ArchiveInfo {
            id: identity.id,
            title: identity.title.clone(),
            author: identity.organisation.clone(),
            subject: subject.to_string(),
            keywords: format!(
                "{kind}; {}; {}",
                identity.reference, identity.classification
            ),
            created: identity.generated_at,
            language: lang,
        },
        &json,
    )?;
    Ok(RenderedRecord {
        pdf,
        pages: page_count,
        signature_area,
    })
}
