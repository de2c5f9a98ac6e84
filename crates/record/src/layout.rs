//! The layout engine: A4 pages of printpdf operations, with measured and wrapped text, tables
//! whose header row repeats on every page, a page header (organisation, record reference,
//! classification) and a "page x of n" footer added once the page count is known.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt,
    Rgb, TextItem, WindingOrder,
};

use crate::fonts::{Faces, Weight, wrap};

/// A4 width in points.
pub(crate) const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub(crate) const PAGE_H: f32 = 841.89;
/// Left and right margin.
pub(crate) const MARGIN: f32 = 50.0;
/// Where content starts below the page header.
const TOP: f32 = PAGE_H - 78.0;
/// Lowest y content may reach above the footer.
const BOTTOM: f32 = 62.0;
/// Usable width.
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// Body text size.
pub(crate) const BODY: f32 = 9.0;
const TABLE: f32 = 8.0;

/// Colours of the house style.
pub(crate) mod colour {
    /// Body text.
    pub(crate) const INK: (f32, f32, f32) = (0.10, 0.12, 0.16);
    /// Secondary text.
    pub(crate) const MUTED: (f32, f32, f32) = (0.38, 0.42, 0.48);
    /// Accent (headings, rules).
    pub(crate) const ACCENT: (f32, f32, f32) = (0.05, 0.30, 0.52);
    /// Table header background.
    pub(crate) const HEAD_BG: (f32, f32, f32) = (0.86, 0.90, 0.94);
    /// Zebra rows.
    pub(crate) const ZEBRA: (f32, f32, f32) = (0.96, 0.97, 0.98);
    /// Planned bars.
    pub(crate) const PLANNED: (f32, f32, f32) = (0.70, 0.74, 0.80);
    /// Actual bars within plan.
    pub(crate) const GOOD: (f32, f32, f32) = (0.16, 0.55, 0.33);
    /// Actual bars over plan.
    pub(crate) const BAD: (f32, f32, f32) = (0.78, 0.22, 0.17);
}

pub(crate) type Rgbf = (f32, f32, f32);

fn color(c: Rgbf) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table column: title, share of the content width, alignment.
pub(crate) struct Column<'a> {
    pub(crate) title: &'a str,
    pub(crate) share: f32,
    pub(crate) align: Align,
}

impl<'a> Column<'a> {
    pub(crate) fn left(title: &'a str, share: f32) -> Self {
        Column {
            title,
            share,
            align: Align::Left,
        }
    }
    pub(crate) fn right(title: &'a str, share: f32) -> Self {
        Column {
            title,
            share,
            align: Align::Right,
        }
    }
}

/// The geometry of one table, shared by its header and its rows.
struct Grid<'g, 'c> {
    /// The columns.
    cols: &'g [Column<'c>],
    /// The width of each column, in points.
    widths: &'g [f32],
    /// The padding inside a cell, in points.
    pad: f32,
    /// The distance between the baselines of a cell's lines, in points.
    leading: f32,
}

/// The text of the page header and footer.
pub(crate) struct Running {
    /// Left of the header: organisation and record kind.
    pub(crate) left: String,
    /// Right of the header: record reference and classification.
    pub(crate) right: String,
    /// Left of the footer: record UUID.
    pub(crate) footer_left: String,
    /// "Page {x} of {n}" with `{x}` and `{n}` placeholders.
    pub(crate) page_of: &'static str,
}

/// The font resource ids used in the content streams.
pub(crate) fn font_id(weight: Weight) -> FontId {
    match weight {
        Weight::Regular => FontId("F1".to_string()),
        Weight::Bold => FontId("F2".to_string()),
    }
}

/// Composes pages top to bottom.
pub(crate) struct Composer {
    faces: &'static Faces,
    running: Running,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Glyphs used per weight (regular, bold), for subsetting.
    pub(crate) used: [BTreeSet<u16>; 2],
}

impl Composer {
    pub(crate) fn new(faces: &'static Faces, running: Running) -> Self {
        let mut c = Composer {
            faces,
            running,
            pages: Vec::new(),
            y: TOP,
            used: [BTreeSet::new(), BTreeSet::new()],
        };
        c.new_page();
        c
    }

    /// The current vertical position.
    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    /// Moves down by `dy` points.
    pub(crate) fn down(&mut self, dy: f32) {
        self.y -= dy;
    }

    /// Number of the current page, from 1.
    pub(crate) fn page_number(&self) -> usize {
        self.pages.len()
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // `new` pushes the first page, so there is always one.
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page and draws its header.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
        let left = self.running.left.clone();
        let right = self.running.right.clone();
        self.text(
            MARGIN,
            PAGE_H - 42.0,
            &left,
            8.0,
            Weight::Bold,
            colour::ACCENT,
        );
        let w = self.width(&right, 8.0, Weight::Regular);
        self.text(
            PAGE_W - MARGIN - w,
            PAGE_H - 42.0,
            &right,
            8.0,
            Weight::Regular,
            colour::MUTED,
        );
        self.line(
            MARGIN,
            PAGE_H - 50.0,
            PAGE_W - MARGIN,
            PAGE_H - 50.0,
            0.8,
            colour::ACCENT,
        );
    }

    /// Makes sure `h` points are free on this page, else starts a new one.
    pub(crate) fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }

    /// Whether `h` points still fit on this page.
    pub(crate) fn fits(&self, h: f32) -> bool {
        self.y - h >= BOTTOM
    }

    /// Measures `s`.
    pub(crate) fn width(&self, s: &str, size: f32, weight: Weight) -> f32 {
        self.faces.get(weight).width(s, size)
    }

    /// Draws one line of text with its baseline at `y`.
    pub(crate) fn text(&mut self, x: f32, y: f32, s: &str, size: f32, weight: Weight, c: Rgbf) {
        if s.is_empty() {
            return;
        }
        let slot = usize::from(weight == Weight::Bold);
        self.faces.get(weight).glyphs_of(s, &mut self.used[slot]);
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: color(c) });
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(weight)),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
        ops.push(Op::EndTextSection);
    }

    /// Draws a straight line.
    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, c: Rgbf) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: color(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![pt(x1, y1), pt(x2, y2)],
                is_closed: false,
            },
        });
    }

    /// Fills (and optionally strokes) a rectangle given by its lower-left corner.
    pub(crate) fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgbf,
        stroke: Option<Rgbf>,
    ) {
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: color(fill) });
        let mode = match stroke {
            Some(s) => {
                ops.push(Op::SetOutlineColor { col: color(s) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
                PaintMode::FillStroke
            }
            None => PaintMode::Fill,
        };
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: vec![pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)],
                }],
                mode,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// A thin rule across the content width, and some space below it.
    fn rule(&mut self) {
        self.line(
            MARGIN,
            self.y,
            PAGE_W - MARGIN,
            self.y,
            0.4,
            colour::PLANNED,
        );
        self.down(8.0);
    }

    /// A section heading with a thin rule; keeps at least `keep` points of content with it.
    pub(crate) fn heading(&mut self, s: &str, keep: f32) {
        self.ensure(30.0 + keep.max(60.0));
        self.down(10.0);
        self.text(MARGIN, self.y - 12.0, s, 12.0, Weight::Bold, colour::ACCENT);
        self.down(17.0);
        self.rule();
    }

    /// A heading inside a section (a track's name); keeps at least `keep` points with it.
    pub(crate) fn subheading(&mut self, s: &str, keep: f32) {
        self.ensure(16.0 + keep.max(40.0));
        self.down(4.0);
        self.text(MARGIN, self.y - 10.0, s, 10.0, Weight::Bold, colour::INK);
        self.down(14.0);
    }

    /// Wrapped body text; breaks across pages line by line.
    pub(crate) fn paragraph(&mut self, s: &str) {
        self.paragraph_styled(s, BODY, Weight::Regular, colour::INK);
    }

    /// Wrapped text with a given size, weight and colour.
    pub(crate) fn paragraph_styled(&mut self, s: &str, size: f32, weight: Weight, c: Rgbf) {
        let leading = size * 1.35;
        for line in wrap(self.faces.get(weight), s, size, CONTENT_W) {
            self.ensure(leading);
            self.text(MARGIN, self.y - size, &line, size, weight, c);
            self.down(leading);
        }
        self.down(3.0);
    }

    /// A bulleted list.
    pub(crate) fn bullets(&mut self, items: &[String]) {
        let leading = BODY * 1.35;
        for item in items {
            let lines = wrap(
                self.faces.get(Weight::Regular),
                item,
                BODY,
                CONTENT_W - 12.0,
            );
            for (i, line) in lines.iter().enumerate() {
                self.ensure(leading);
                if i == 0 {
                    self.text(
                        MARGIN + 2.0,
                        self.y - BODY,
                        "•",
                        BODY,
                        Weight::Regular,
                        colour::ACCENT,
                    );
                }
                self.text(
                    MARGIN + 12.0,
                    self.y - BODY,
                    line,
                    BODY,
                    Weight::Regular,
                    colour::INK,
                );
                self.down(leading);
            }
        }
        self.down(3.0);
    }

    /// Label and value pairs in two columns, values wrapped.
    pub(crate) fn fields(&mut self, pairs: &[(&str, String)]) {
        let label_w = 150.0;
        let leading = BODY * 1.35;
        for (label, value) in pairs {
            let lines = wrap(
                self.faces.get(Weight::Regular),
                value,
                BODY,
                CONTENT_W - label_w,
            );
            let label_lines = wrap(self.faces.get(Weight::Bold), label, BODY, label_w - 8.0);
            let n = lines.len().max(label_lines.len()).max(1);
            self.ensure(leading * n.min(3) as f32);
            for i in 0..n {
                if i > 0 {
                    self.ensure(leading);
                }
                if let Some(l) = label_lines.get(i) {
                    self.text(MARGIN, self.y - BODY, l, BODY, Weight::Bold, colour::MUTED);
                }
                if let Some(v) = lines.get(i) {
                    self.text(
                        MARGIN + label_w,
                        self.y - BODY,
                        v,
                        BODY,
                        Weight::Regular,
                        colour::INK,
                    );
                }
                self.down(leading);
            }
            self.down(1.5);
        }
        self.down(3.0);
    }

    fn table_header(&mut self, grid: &Grid<'_, '_>) -> f32 {
        let cells: Vec<Vec<String>> = grid
            .cols
            .iter()
            .zip(grid.widths)
            .map(|(c, w)| {
                wrap(
                    self.faces.get(Weight::Bold),
                    c.title,
                    TABLE,
                    w - 2.0 * grid.pad,
                )
            })
            .collect();
        let n = cells.iter().map(Vec::len).max().unwrap_or(1);
        let h = n as f32 * grid.leading + 2.0 * grid.pad;
        self.rect(MARGIN, self.y - h, CONTENT_W, h, colour::HEAD_BG, None);
        self.draw_cells(grid, &cells, Weight::Bold, colour::INK);
        self.down(h);
        h
    }

    fn draw_cells(&mut self, grid: &Grid<'_, '_>, cells: &[Vec<String>], weight: Weight, c: Rgbf) {
        let mut x = MARGIN;
        for ((col, w), lines) in grid.cols.iter().zip(grid.widths).zip(cells) {
            for (i, line) in lines.iter().enumerate() {
                let baseline = self.y - grid.pad - TABLE - i as f32 * grid.leading + 1.0;
                let lx = match col.align {
                    Align::Left => x + grid.pad,
                    Align::Right => x + w - grid.pad - self.width(line, TABLE, weight),
                };
                self.text(lx, baseline, line, TABLE, weight, c);
            }
            x += w;
        }
    }

    /// A table with one row per item, made by `row`; see [`Composer::table`].
    pub(crate) fn table_of<T>(
        &mut self,
        cols: &[Column<'_>],
        items: &[T],
        row: impl Fn(&T) -> Vec<String>,
    ) {
        let rows: Vec<Vec<String>> = items.iter().map(row).collect();
        self.table(cols, &rows);
    }

    /// A table; the header row is repeated at the top of every page the table continues on.
    pub(crate) fn table(&mut self, cols: &[Column<'_>], rows: &[Vec<String>]) {
        let pad = 3.0;
        let leading = TABLE * 1.3;
        let total: f32 = cols.iter().map(|c| c.share).sum::<f32>().max(0.0001);
        let widths: Vec<f32> = cols.iter().map(|c| c.share / total * CONTENT_W).collect();
        let max_lines = ((TOP - BOTTOM - 60.0) / leading) as usize;
        let grid = Grid {
            cols,
            widths: &widths,
            pad,
            leading,
        };
        // An empty table says so rather than showing a bare header.
        let empty = [vec!["–".to_string()]];
        let rows = if rows.is_empty() { &empty[..] } else { rows };
        let cells_of = |c: &Self, row: &Vec<String>| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let text = row.get(i).map(String::as_str).unwrap_or("");
                    let mut lines = wrap(c.faces.get(Weight::Regular), text, TABLE, w - 2.0 * pad);
                    lines.truncate(max_lines);
                    lines
                })
                .collect()
        };
        let height = |cells: &[Vec<String>]| {
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading + 2.0 * pad
        };
        // Keep the header with its first row.
        let first = rows
            .first()
            .map(|r| height(&cells_of(self, r)))
            .unwrap_or(0.0);
        self.ensure(2.0 * leading + 2.0 * pad + first);
        self.table_header(&grid);
        for (r, row) in rows.iter().enumerate() {
            let cells = cells_of(self, row);
            let h = height(&cells);
            if self.y - h < BOTTOM {
                self.new_page();
                self.table_header(&grid);
            }
            if r % 2 == 1 {
                self.rect(MARGIN, self.y - h, CONTENT_W, h, colour::ZEBRA, None);
            }
            self.draw_cells(&grid, &cells, Weight::Regular, colour::INK);
            self.down(h);
        }
        self.rule();
    }

    /// Finishes: adds "page x of n" footers and returns the pages with the glyphs used.
    pub(crate) fn finish(mut self) -> (Vec<Vec<Op>>, [BTreeSet<u16>; 2]) {
        let n = self.pages.len();
        let footer_left = self.running.footer_left.clone();
        let mut pages = std::mem::take(&mut self.pages);
        for (i, page) in pages.iter_mut().enumerate() {
            let label = self
                .running
                .page_of
                .replace("{x}", &(i + 1).to_string())
                .replace("{n}", &n.to_string());
            let mut footer = Composer {
                faces: self.faces,
                running: Running {
                    left: String::new(),
                    right: String::new(),
                    footer_left: String::new(),
                    page_of: "",
                },
                pages: vec![Vec::new()],
                y: 0.0,
                used: [BTreeSet::new(), BTreeSet::new()],
            };
            footer.line(MARGIN, 44.0, PAGE_W - MARGIN, 44.0, 0.4, colour::PLANNED);
            footer.text(
                MARGIN,
                32.0,
                &footer_left,
                7.0,
                Weight::Regular,
                colour::MUTED,
            );
            let w = footer.width(&label, 8.0, Weight::Bold);
            footer.text(
                PAGE_W - MARGIN - w,
                32.0,
                &label,
                8.0,
                Weight::Bold,
                colour::INK,
            );
            for (slot, set) in footer.used.iter().enumerate() {
                self.used[slot].extend(set);
            }
            page.extend(footer.pages.into_iter().flatten());
        }
        (pages, self.used)
    }
}
