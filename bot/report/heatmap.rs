//! The class heatmap: one row per student, one column per criterion, each
//! cell coloured (and marked, for colour-blind readers) by [`CellStatus`];
//! below it a legend and the numbered key of the criteria. Drawn in process
//! with [`crate::canvas`].
//!
//! Sized for a phone: fixed cell and font sizes (Telegram shows the photo
//! full width and lets the teacher zoom); 35 students × 20 criteria is about
//! 1150 × 2000 pixels. Past [`MAX_STUDENTS`] rows or [`MAX_CRITERIA`] columns
//! the picture is cut (with a note: the CSV has everything), so it always
//! stays within Telegram's photo limits (width + height ≤ 10000, ratio ≤ 20).

use chrono_tz::Tz;

use super::{CellStatus, ClassReport, ReportError};
use crate::canvas::{Canvas, GRID, INK, font};

pub const MAX_STUDENTS: usize = 120;
pub const MAX_CRITERIA: usize = 60;

const MARGIN: u32 = 20;
const TITLE_H: u32 = 56;
const BAND_H: u32 = 30;
const NUMBER_H: u32 = 30;
const NAME_W: u32 = 230;
const CELL_W: u32 = 44;
const CELL_H: u32 = 36;
const LEGEND_H: u32 = 56;
const KEY_LINE: u32 = 26;
const NOTE_H: u32 = 30;
const MIN_WIDTH: u32 = 760;

const MET: [u8; 3] = [25, 135, 84];
const PARTLY: [u8; 3] = [255, 193, 7];
const NOT_MET: [u8; 3] = [220, 53, 69];
const NEVER: [u8; 3] = [233, 236, 239];
const STRIPE: [u8; 3] = [246, 247, 249];
const BANDS: [[u8; 3]; 2] = [[207, 226, 255], [226, 217, 243]];
const WHITE: [u8; 3] = [255, 255, 255];

/// Fill colour, mark and mark colour of a cell.
fn look(status: CellStatus) -> ([u8; 3], &'static str, [u8; 3]) {
    match status {
        CellStatus::Behaald => (MET, "✓", WHITE),
        CellStatus::Deels => (PARTLY, "~", INK),
        CellStatus::NietBehaald => (NOT_MET, "✗", WHITE),
        CellStatus::NietGeoefend => (NEVER, "", INK),
    }
}

/// The legend: every status with its Dutch explanation.
pub const LEGEND: [(CellStatus, &str); 4] = [
    (CellStatus::Behaald, "behaald"),
    (CellStatus::Deels, "deels (eerder wel, laatst niet)"),
    (CellStatus::NietBehaald, "niet behaald"),
    (CellStatus::NietGeoefend, "nooit geoefend"),
];

/// Where things go, from the number of students and criteria drawn.
struct Layout {
    rows: u32,
    cols: u32,
    cut: bool,
    width: u32,
    height: u32,
}

impl Layout {
    fn new(students: usize, criteria: usize) -> Layout {
        let rows = students.min(MAX_STUDENTS) as u32;
        let cols = criteria.min(MAX_CRITERIA) as u32;
        let cut = students > MAX_STUDENTS || criteria > MAX_CRITERIA;
        let width = (2 * MARGIN + NAME_W + cols * CELL_W).max(MIN_WIDTH);
        let height = TITLE_H
            + BAND_H
            + NUMBER_H
            + rows.max(1) * CELL_H
            + if cut { NOTE_H } else { 0 }
            + LEGEND_H
            + cols * KEY_LINE
            + MARGIN;
        Layout {
            rows,
            cols,
            cut,
            width,
            height,
        }
    }

    fn grid_top(&self) -> u32 {
        TITLE_H + BAND_H + NUMBER_H
    }

    /// Top-left corner of a cell.
    fn cell(&self, row: u32, col: u32) -> (u32, u32) {
        (
            MARGIN + NAME_W + col * CELL_W,
            self.grid_top() + row * CELL_H,
        )
    }
}

/// The heatmap as PNG bytes.
pub fn png(report: &ClassReport, tz: Tz) -> Result<Vec<u8>, ReportError> {
    Ok(draw(report, tz)?.png()?)
}

fn draw(report: &ClassReport, tz: Tz) -> Result<Canvas, ReportError> {
    let font = font()?;
    let layout = Layout::new(report.students.len(), report.criteria.len());
    let mut c = Canvas::new(layout.width, layout.height);
    let day = report.generated_at.with_timezone(&tz).format("%d-%m-%Y");
    let title = format!("Klas {} · {day}", report.class);
    let title = Canvas::fit(&font, 26.0, &title, (layout.width - 2 * MARGIN) as f32);
    c.text(&font, 26.0, MARGIN as f32, 38.0, &title, INK);

    // Werkproces bands over their criteria, then the criterion numbers.
    let criteria = &report.criteria[..layout.cols as usize];
    let mut start = 0usize;
    let mut band = 0usize;
    while start < criteria.len() {
        let code = &criteria[start].werkproces;
        let end = criteria[start..]
            .iter()
            .position(|k| &k.werkproces != code)
            .map_or(criteria.len(), |n| start + n);
        let (x, _) = layout.cell(0, start as u32);
        let w = (end - start) as u32 * CELL_W;
        c.rect(x, TITLE_H, w - 2, BAND_H - 4, BANDS[band % 2]);
        let label = Canvas::fit(&font, 14.0, code, (w - 8) as f32);
        c.text(
            &font,
            14.0,
            (x + 4) as f32,
            (TITLE_H + 19) as f32,
            &label,
            INK,
        );
        band += 1;
        start = end;
    }
    for (i, k) in criteria.iter().enumerate() {
        let (x, _) = layout.cell(0, i as u32);
        let number = k.nr.to_string();
        let w = Canvas::text_width(&font, 16.0, &number);
        let y = TITLE_H + BAND_H + 21;
        c.text(
            &font,
            16.0,
            x as f32 + (CELL_W as f32 - w) / 2.0,
            y as f32,
            &number,
            INK,
        );
    }

    // One row per student: name, then the cells.
    let cols = report.criteria.len();
    for (r, s) in report
        .students
        .iter()
        .take(layout.rows as usize)
        .enumerate()
    {
        let (_, y) = layout.cell(r as u32, 0);
        if r % 2 == 1 {
            c.rect(MARGIN, y, NAME_W + layout.cols * CELL_W, CELL_H, STRIPE);
        }
        let name = Canvas::fit(
            &font,
            18.0,
            &format!("{}. {}", s.nr, s.name),
            (NAME_W - 10) as f32,
        );
        c.text(
            &font,
            18.0,
            MARGIN as f32 + 4.0,
            (y + 24) as f32,
            &name,
            INK,
        );
        for col in 0..layout.cols as usize {
            let status = report
                .rows
                .get(r * cols + col)
                .map_or(CellStatus::NietGeoefend, |row| row.status);
            let (x, y) = layout.cell(r as u32, col as u32);
            let (fill, mark, ink) = look(status);
            c.rect(x + 2, y + 2, CELL_W - 4, CELL_H - 4, fill);
            if !mark.is_empty() {
                let w = Canvas::text_width(&font, 20.0, mark);
                c.text(
                    &font,
                    20.0,
                    x as f32 + (CELL_W as f32 - w) / 2.0,
                    (y + 25) as f32,
                    mark,
                    ink,
                );
            }
        }
    }
    let (x, y) = layout.cell(0, 0);
    let empty = if report.students.is_empty() {
        Some((MARGIN, "Nog geen leerlingen in deze klas."))
    } else if cols == 0 {
        Some((x, "Nog niets geoefend."))
    } else {
        None
    };
    if let Some((x, words)) = empty {
        c.text(&font, 18.0, x as f32 + 4.0, (y + 24) as f32, words, INK);
    }

    let mut y = layout.grid_top() + layout.rows.max(1) * CELL_H;
    if layout.cut {
        let note = format!(
            "Alleen de eerste {} leerlingen en {} criteria; het CSV-bestand bevat alles.",
            layout.rows, layout.cols
        );
        let note = Canvas::fit(&font, 15.0, &note, (layout.width - 2 * MARGIN) as f32);
        c.text(&font, 15.0, MARGIN as f32, (y + 21) as f32, &note, INK);
        y += NOTE_H;
    }
    c.rect(MARGIN, y + 8, layout.width - 2 * MARGIN, 1, GRID);

    // Legend on one line.
    let mut x = MARGIN;
    for (status, words) in LEGEND {
        let (fill, mark, ink) = look(status);
        c.rect(x, y + 22, 24, 24, fill);
        if !mark.is_empty() {
            let w = Canvas::text_width(&font, 16.0, mark);
            c.text(
                &font,
                16.0,
                x as f32 + (24.0 - w) / 2.0,
                (y + 40) as f32,
                mark,
                ink,
            );
        }
        let w = c.text(&font, 15.0, (x + 30) as f32, (y + 40) as f32, words, INK);
        x += 30 + w as u32 + 18;
    }
    y += LEGEND_H;

    // The key: number, werkproces, label.
    for k in criteria {
        let line = format!("{}. {} · {}", k.nr, k.werkproces, k.label);
        let line = Canvas::fit(&font, 16.0, &line, (layout.width - 2 * MARGIN) as f32);
        c.text(&font, 16.0, MARGIN as f32, (y + 19) as f32, &line, INK);
        y += KEY_LINE;
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::sample_report;

    #[test]
    fn each_cell_has_the_colour_of_its_status() {
        let report = sample_report(3, 4);
        let canvas = draw(&report, chrono_tz::Europe::Amsterdam).expect("drawn");
        let layout = Layout::new(3, 4);
        let cols = report.criteria.len();
        for (r, _) in report.students.iter().enumerate() {
            for col in 0..cols {
                let (x, y) = layout.cell(r as u32, col as u32);
                let (fill, _, _) = look(report.rows[r * cols + col].status);
                // A corner of the cell, away from the mark.
                assert_eq!(canvas.pixel(x + 4, y + 4), Some(fill), "row {r} col {col}");
            }
        }
    }

    #[test]
    fn a_class_of_35_students_and_20_criteria_is_a_png_a_phone_can_show() {
        let png = png(&sample_report(35, 20), chrono_tz::Europe::Amsterdam).expect("png");
        let reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .expect("a decodable PNG");
        let info = reader.info();
        // 20 + 230 names + 20 × 44 cells + 20; 116 header + 35 × 36 rows +
        // 56 legend + 20 × 26 key lines + 20.
        assert_eq!((info.width, info.height), (1150, 1972));
        assert_eq!(info.color_type, png::ColorType::Rgb);
    }

    #[test]
    fn a_big_class_is_cut_within_telegram_photo_limits() {
        let layout = Layout::new(500, 200);
        assert!(layout.cut);
        assert!(
            layout.width + layout.height <= 10_000,
            "{} + {}",
            layout.width,
            layout.height
        );
        let small = Layout::new(1, 0);
        assert!(small.height <= 20 * small.width && small.width <= 20 * small.height);
    }
}
