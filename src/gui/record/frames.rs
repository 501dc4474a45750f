//! The frames of a recording, kept small in memory: each pixel as its colour bin (see
//! [`super::palette`]), deflated; the colours counted as frames arrive, so the palette is
//! ready when the recording stops. A frame equal to the one before only lengthens it.

use super::palette::Histogram;
use egui::{Color32, ColorImage};

/// The most frames one recording holds (the file and the memory stay bounded).
pub const MAX_FRAMES: usize = 600;

/// One stored frame.
pub struct StoredFrame {
    /// The bins, two bytes each (little-endian), deflated.
    pub packed: Vec<u8>,
    /// How long it shows, in hundredths of a second.
    pub delay_cs: u32,
}

/// The frames of a recording, all of the size of the first.
#[derive(Default)]
pub struct FrameStore {
    size: Option<[usize; 2]>,
    frames: Vec<StoredFrame>,
    histogram: Histogram,
    /// Frames offered, repeats included.
    offered: usize,
}

impl FrameStore {
    /// Adds a frame shown for `delay_cs` hundredths of a second. A frame of another size
    /// (the window was resized) is cut or padded with its corner colour to the first
    /// frame's size. Returns false when the store is full (the frame is dropped).
    pub fn push(&mut self, image: &ColorImage, delay_cs: u32) -> bool {
        if self.offered >= MAX_FRAMES {
            return false;
        }
        self.offered += 1;
        let size = *self.size.get_or_insert(image.size);
        let [w, h] = size;
        let corner = image.pixels.first().copied().unwrap_or(Color32::WHITE);
        let mut bytes = Vec::with_capacity(2 * w * h);
        for y in 0..h {
            for x in 0..w {
                let c = if x < image.size[0] && y < image.size[1] {
                    image.pixels[y * image.size[0] + x]
                } else {
                    corner
                };
                // Screenshots are opaque; a translucent pixel is taken on black.
                let [r, g, b, _] = c.to_array();
                bytes.extend(self.histogram.add(r, g, b).to_le_bytes());
            }
        }
        let packed = miniz_oxide::deflate::compress_to_vec(&bytes, 1);
        match self.frames.last_mut() {
            Some(last) if last.packed == packed => last.delay_cs += delay_cs,
            _ => self.frames.push(StoredFrame { packed, delay_cs }),
        }
        true
    }

    /// The frame size in pixels (width, height), once a frame is stored.
    pub fn size(&self) -> Option<[usize; 2]> {
        self.size
    }

    /// The distinct frames stored (a repeat lengthens the one before).
    pub fn frames(&self) -> &[StoredFrame] {
        &self.frames
    }

    /// Frames offered, repeats included.
    pub fn offered(&self) -> usize {
        self.offered
    }

    /// True when no frame is stored.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// True when no more frames are taken.
    pub fn is_full(&self) -> bool {
        self.offered >= MAX_FRAMES
    }

    /// The total showing time, in hundredths of a second.
    pub fn duration_cs(&self) -> u64 {
        self.frames.iter().map(|f| u64::from(f.delay_cs)).sum()
    }

    /// The colours counted so far.
    pub fn histogram(&self) -> &Histogram {
        &self.histogram
    }

    /// Memory held by the packed frames, in bytes.
    pub fn packed_bytes(&self) -> usize {
        self.frames.iter().map(|f| f.packed.len()).sum()
    }
}

/// Unpacks a frame's bins.
pub fn unpack(frame: &StoredFrame) -> Result<Vec<u16>, super::RecordError> {
    let bytes = miniz_oxide::inflate::decompress_to_vec(&frame.packed)
        .map_err(|_| super::RecordError::Corrupt)?;
    Ok(bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect())
}
