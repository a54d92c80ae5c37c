//! The `/voortgang` chart: a PNG bar chart of best and last score per
//! werkproces, drawn in process with an embedded font (DejaVu Sans, see
//! `assets/fonts/DejaVuSans-LICENSE.txt`): no system fonts, no external programs.

use crate::canvas::{Canvas, GRID, INK};

pub use crate::canvas::CanvasError as ChartError;

/// One bar group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Werkproces code, e.g. `P4-K2-W3`.
    pub label: String,
    pub best: u32,
    pub last: u32,
    pub attempts: u32,
}

const WIDTH: u32 = 800;
const ROW: u32 = 70;
const TOP: u32 = 70;
const BOTTOM: u32 = 64;
const LEFT: u32 = 150;
const RIGHT: u32 = 40;

const BEST: [u8; 3] = [25, 135, 84];
const LAST: [u8; 3] = [13, 110, 253];

/// Renders the chart. Scores are 0-100.
pub fn progress_png(title: &str, bars: &[Bar]) -> Result<Vec<u8>, ChartError> {
    let font = crate::canvas::font()?;
    let rows = bars.len().max(1) as u32;
    let height = TOP + rows * ROW + BOTTOM;
    let mut canvas = Canvas::new(WIDTH, height);
    canvas.text(&font, 24.0, 20.0, 38.0, title, INK);

    let plot_w = WIDTH - LEFT - RIGHT;
    // Grid lines and labels at 0, 25, 50, 75, 100.
    for step in 0..=4u32 {
        let x = LEFT + plot_w * step / 4;
        canvas.rect(x, TOP - 10, 1, rows * ROW + 10, GRID);
        let label = (step * 25).to_string();
        let w = Canvas::text_width(&font, 14.0, &label);
        canvas.text(
            &font,
            14.0,
            x as f32 - w / 2.0,
            (TOP + rows * ROW + 20) as f32,
            &label,
            INK,
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + i as u32 * ROW;
        canvas.text(&font, 16.0, 20.0, (y + 26) as f32, &bar.label, INK);
        let attempts = match bar.attempts {
            1 => "1 poging".to_string(),
            n => format!("{n} pogingen"),
        };
        canvas.text(&font, 13.0, 20.0, (y + 46) as f32, &attempts, INK);
        for (row, (score, color)) in [(bar.best, BEST), (bar.last, LAST)].into_iter().enumerate() {
            let top = y + 8 + row as u32 * 24;
            let w = plot_w * score.min(100) / 100;
            canvas.rect(LEFT, top, w.max(2), 20, color);
            let text = score.min(100).to_string();
            canvas.text(
                &font,
                14.0,
                (LEFT + w + 6) as f32,
                (top + 15) as f32,
                &text,
                INK,
            );
        }
    }
    // Legend.
    let ly = (height - 14) as f32;
    canvas.rect(LEFT, height - 26, 14, 14, BEST);
    let w = canvas.text(&font, 14.0, (LEFT + 20) as f32, ly, "beste score", INK);
    let lx = LEFT + 20 + w as u32 + 24;
    canvas.rect(lx, height - 26, 14, 14, LAST);
    canvas.text(&font, 14.0, (lx + 20) as f32, ly, "laatste score", INK);
    canvas.png()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_png_with_one_row_per_werkproces() {
        let bars = vec![
            Bar {
                label: "P4-K2-W3".into(),
                best: 80,
                last: 60,
                attempts: 3,
            },
            Bar {
                label: "B1-K1-W1".into(),
                best: 100,
                last: 100,
                attempts: 1,
            },
        ];
        let png = progress_png("Voortgang van Sanne", &bars).expect("chart");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().expect("valid PNG");
        let info = reader.info();
        assert_eq!(info.width, WIDTH);
        assert_eq!(info.height, TOP + 2 * ROW + BOTTOM);
    }
}
