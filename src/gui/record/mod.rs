//! Recording for slides: the plots (data plot and right column) captured while training and
//! written as an animated GIF.
//!
//! - [`frames`]: the captured frames, packed small;
//! - [`palette`]: one reduced global palette by median cut;
//! - [`encode`]: the GIF file, written atomically, and its [`Summary`];
//! - [`schedule`]: which steps a `--record` run captures;
//! - [`run`]: a `--record` run (K frames over `--after-steps` or a scenario's timeline);
//! - [`live`]: File → Record GIF in the app;
//! - [`texts`]: its words in English and Vietnamese.

pub mod encode;
pub mod frames;
pub mod live;
pub mod palette;
pub mod run;
pub mod schedule;
pub mod texts;

pub use encode::{Summary, save};
pub use frames::{FrameStore, MAX_FRAMES};
pub use schedule::frame_steps;

/// Why a recording could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Nothing was captured.
    #[error("no frame was captured")]
    NoFrames,
    /// A frame too large for GIF (65 535 pixels a side) or empty.
    #[error("a frame of {0}x{1} pixels cannot be a GIF frame")]
    BadSize(usize, usize),
    /// A stored frame did not unpack (a bug, not the user's doing).
    #[error("a stored frame is damaged")]
    Corrupt,
    /// The encoder failed.
    #[error("GIF encoding failed: {0}")]
    Encode(#[from] gif::EncodingError),
    /// The file could not be written.
    #[error("{0}")]
    Write(#[from] crate::fsio::FsError),
}

/// Cuts `rect` (in points) out of a window screenshot at `pixels_per_point`, clamped to the
/// image (never out of bounds).
pub fn crop(image: &egui::ColorImage, rect: egui::Rect, pixels_per_point: f32) -> egui::ColorImage {
    let [w, h] = image.size;
    let px = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
    let (x0, x1) = (px(rect.min.x, w), px(rect.max.x, w));
    let (y0, y1) = (px(rect.min.y, h), px(rect.max.y, h));
    if x1 <= x0 || y1 <= y0 {
        return image.clone();
    }
    image.region_by_pixels([x0, y0], [x1 - x0, y1 - y0])
}
