//! In-process raster drawing for the PNG pictures the bot sends (the
//! `/voortgang` chart, the class heatmap of `/overzicht`): an RGB canvas,
//! filled rectangles, anti-aliased text in the embedded DejaVu Sans font (see
//! `assets/fonts/DejaVuSans-LICENSE.txt`) and PNG encoding. No system fonts,
//! no external programs, so a picture looks the same on every server.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

static FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// Why no picture could be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CanvasError {
    #[error("embedded font unreadable: {0}")]
    Font(#[from] ab_glyph::InvalidFont),
    #[error("PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
}

/// The embedded font.
pub fn font() -> Result<FontRef<'static>, CanvasError> {
    font_from(FONT_BYTES)
}

fn font_from(bytes: &'static [u8]) -> Result<FontRef<'static>, CanvasError> {
    Ok(FontRef::try_from_slice(bytes)?)
}

pub const WHITE: [u8; 3] = [255, 255, 255];
pub const INK: [u8; 3] = [33, 37, 41];
pub const GRID: [u8; 3] = [222, 226, 230];

/// An RGB picture, white at first.
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            pixels: WHITE.repeat((width * height) as usize),
        }
    }

    /// The colour at a pixel (None outside the picture).
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = ((y * self.width + x) * 3) as usize;
        Some([self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]])
    }

    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 3) as usize;
        let a = alpha.clamp(0.0, 1.0);
        for (pixel, target) in self.pixels[i..i + 3].iter_mut().zip(color) {
            let old = *pixel as f32;
            *pixel = (old + (target as f32 - old) * a).round() as u8;
        }
    }

    pub fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, color: [u8; 3]) {
        for yy in y..(y + h).min(self.height) {
            for xx in x..(x + w).min(self.width) {
                self.blend(xx as i64, yy as i64, color, 1.0);
            }
        }
    }

    /// Draws text with its baseline at `y`; returns the advance width.
    pub fn text(
        &mut self,
        font: &FontRef<'_>,
        size: f32,
        x: f32,
        y: f32,
        text: &str,
        color: [u8; 3],
    ) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        let mut caret = x;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(prev) = previous {
                caret += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(PxScale::from(size), point(caret, y));
            caret += scaled.h_advance(id);
            previous = Some(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend(
                        bounds.min.x as i64 + gx as i64,
                        bounds.min.y as i64 + gy as i64,
                        color,
                        coverage,
                    );
                });
            }
        }
        caret - x
    }

    pub fn text_width(font: &FontRef<'_>, size: f32, text: &str) -> f32 {
        let scaled = font.as_scaled(PxScale::from(size));
        text.chars()
            .map(|c| scaled.h_advance(scaled.glyph_id(c)))
            .sum()
    }

    /// `text` cut (with an ellipsis) so that it is at most `max` pixels wide.
    pub fn fit(font: &FontRef<'_>, size: f32, text: &str, max: f32) -> String {
        if Canvas::text_width(font, size, text) <= max {
            return text.to_string();
        }
        let mut out = String::new();
        for c in text.chars() {
            out.push(c);
            if Canvas::text_width(font, size, &format!("{out}…")) > max {
                out.pop();
                break;
            }
        }
        format!("{}…", out.trim_end())
    }

    pub fn png(&self) -> Result<Vec<u8>, CanvasError> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&self.pixels)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_font_keeps_ab_glyph_s_error() {
        let Err(err) = font_from(b"not a font") else {
            panic!("garbage read as a font")
        };
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.is::<ab_glyph::InvalidFont>(), "{source}");
    }

    #[test]
    fn text_is_actually_drawn() {
        let font = font().expect("font");
        let mut c = Canvas::new(200, 50);
        c.text(&font, 20.0, 5.0, 30.0, "Voortgang", INK);
        assert!(c.pixels.iter().any(|&p| p < 128), "no dark pixels");
    }

    #[test]
    fn fitted_text_stays_within_the_width_and_shows_the_cut() {
        let font = font().expect("font");
        let long = "Stelt open vragen om de behoefte van de klant in kaart te brengen";
        let cut = Canvas::fit(&font, 14.0, long, 120.0);
        assert!(Canvas::text_width(&font, 14.0, &cut) <= 120.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(Canvas::fit(&font, 14.0, "kort", 120.0), "kort");
    }
}
