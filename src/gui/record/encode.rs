//! Writes a recording as an animated GIF (the `gif` crate of image-rs): one global palette
//! by median cut, every frame as palette indices, looping forever; the file is written
//! atomically.

use super::RecordError;
use super::frames::{FrameStore, unpack};
use super::palette::Palette;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a recording became: stated after saving (banner, stdout).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Frames captured (a repeat of the frame before is stored once, shown longer).
    pub frames: usize,
    /// Distinct frames in the file.
    pub distinct: usize,
    /// Width × height in pixels.
    pub size: [usize; 2],
    /// Frames a second as captured.
    pub fps: f64,
    /// Showing time in seconds.
    pub seconds: f64,
    /// Palette colours.
    pub colours: usize,
    /// The file's size in bytes.
    pub bytes: u64,
    /// Where it went.
    pub path: PathBuf,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "recorded {} frames, {}x{}, {} fps, {:.1} s, {} → {}",
            self.frames,
            self.size[0],
            self.size[1],
            fps_text(self.fps),
            self.seconds,
            bytes_text(self.bytes),
            self.path.display()
        )
    }
}

/// `10` or `12.5`.
fn fps_text(fps: f64) -> String {
    if (fps - fps.round()).abs() < 1e-9 {
        format!("{fps:.0}")
    } else {
        format!("{fps:.1}")
    }
}

/// A file size as `812 KB` or `1.2 MB` (powers of 1000, as file managers show them).
pub fn bytes_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.0} KB", b as f64 / 1e3),
        b => format!("{b} bytes"),
    }
}

/// Encodes the frames into `out`; returns the palette's colour count. A frame's delay is
/// its showing time in hundredths of a second (GIF's unit; at most 655.35 s).
///
/// The palette holds at most 255 colours and one transparent index: after the first frame,
/// each frame is only the rectangle that changed, with the pixels that did not change
/// transparent over the frame before (disposal "keep"), which LZW packs into little.
pub fn encode(store: &FrameStore, out: impl Write) -> Result<usize, RecordError> {
    let [w, h] = store.size().ok_or(RecordError::NoFrames)?;
    let (w16, h16) = match (u16::try_from(w), u16::try_from(h)) {
        (Ok(a), Ok(b)) if a > 0 && b > 0 => (a, b),
        _ => return Err(RecordError::BadSize(w, h)),
    };
    let palette = Palette::median_cut(store.histogram(), 255);
    let clear = palette.len() as u8;
    let mut rgb = palette.rgb.clone();
    rgb.extend([0, 0, 0]);
    let mut encoder = gif::Encoder::new(out, w16, h16, &rgb)?;
    encoder.set_repeat(gif::Repeat::Infinite)?;
    let mut prev: Option<Vec<u8>> = None;
    for frame in store.frames() {
        let bins = unpack(frame)?;
        if bins.len() != w * h {
            return Err(RecordError::Corrupt);
        }
        let indices: Vec<u8> = bins
            .iter()
            .map(|&k| palette.index[usize::from(k)])
            .collect();
        let mut f = match &prev {
            Some(before) => changed_part(before, &indices, w, clear),
            None => gif::Frame::from_indexed_pixels(w16, h16, indices.clone(), None),
        };
        f.delay = u16::try_from(frame.delay_cs).unwrap_or(u16::MAX);
        f.dispose = gif::DisposalMethod::Keep;
        encoder.write_frame(&f)?;
        prev = Some(indices);
    }
    encoder.into_inner()?;
    Ok(palette.len())
}

/// The rectangle of `now` that differs from `before` (one pixel if none does), with the
/// unchanged pixels in it set to the transparent index `clear`.
fn changed_part(before: &[u8], now: &[u8], w: usize, clear: u8) -> gif::Frame<'static> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, (a, b)) in before.iter().zip(now).enumerate() {
        if a != b {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    }
    if x0 == usize::MAX {
        (x0, y0, x1, y1) = (0, 0, 0, 0);
    }
    let (cw, ch) = (x1 - x0 + 1, y1 - y0 + 1);
    let mut buffer = Vec::with_capacity(cw * ch);
    for y in y0..=y1 {
        let row = y * w;
        buffer.extend((x0..=x1).map(|x| {
            let i = row + x;
            if before[i] == now[i] { clear } else { now[i] }
        }));
    }
    // The sizes fit: they are at most the canvas's, which fits in u16.
    let mut f = gif::Frame::from_indexed_pixels(cw as u16, ch as u16, buffer, Some(clear));
    f.left = x0 as u16;
    f.top = y0 as u16;
    f
}

/// Encodes the frames and writes them to `path` atomically (the file there before stays
/// whole if anything fails). `fps` is the capture rate, stated in the summary.
pub fn save(store: &FrameStore, path: &Path, fps: f64) -> Result<Summary, RecordError> {
    let mut bytes = Vec::new();
    let colours = encode(store, &mut bytes)?;
    crate::fsio::write_atomic(path, &bytes)?;
    Ok(Summary {
        frames: store.offered(),
        distinct: store.frames().len(),
        size: store.size().unwrap_or_default(),
        fps,
        seconds: store.duration_cs() as f64 / 100.0,
        colours,
        bytes: bytes.len() as u64,
        path: path.to_path_buf(),
    })
}
