//! File → Record GIF: while it records, the plots are captured about 10 times a second of
//! wall time; each frame shows for the time that really passed since the one before (at
//! most 1 s), so the GIF plays at the speed of the class; a paused picture repeats and only
//! lengthens the frame before. Frames are packed on a thread of their own, so that the
//! window stays smooth; when the packer falls behind, a capture is skipped, never queued
//! without bound.

use super::super::screenshot::Shot;
use super::{FrameStore, MAX_FRAMES, crop};
use egui::ColorImage;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Captures a second while recording in the app.
pub const LIVE_FPS: u32 = 10;

/// Captures waiting for the packer at most.
const QUEUE: usize = 4;

/// Where frames are packed: a thread, or here if no thread could be started.
enum Packer {
    Thread(SyncSender<(ColorImage, u32)>, JoinHandle<FrameStore>),
    Inline(FrameStore),
}

fn pack_all(rx: Receiver<(ColorImage, u32)>) -> FrameStore {
    let mut store = FrameStore::default();
    for (image, delay) in rx {
        store.push(&image, delay);
    }
    store
}

/// A recording in the app.
pub struct LiveRecorder {
    packer: Packer,
    /// Frames handed to the packer.
    sent: usize,
    /// Their showing time, in hundredths of a second.
    duration_cs: u64,
    /// When the last stored frame was asked for.
    shown: Option<Instant>,
    /// When the last frame was asked for.
    last: Option<Instant>,
    pending: Option<(Shot, Instant)>,
}

impl Default for LiveRecorder {
    fn default() -> Self {
        let (tx, rx) = sync_channel(QUEUE);
        let packer = match std::thread::Builder::new()
            .name("gif-packer".into())
            .spawn(move || pack_all(rx))
        {
            Ok(handle) => Packer::Thread(tx, handle),
            Err(_) => Packer::Inline(FrameStore::default()),
        };
        Self {
            packer,
            sent: 0,
            duration_cs: 0,
            shown: None,
            last: None,
            pending: None,
        }
    }
}

impl LiveRecorder {
    /// Called every frame: hands an image that arrived (cut to `plots`, in points) to the
    /// packer, and asks for the next one when 1/[`LIVE_FPS`] s has passed.
    pub fn tick(&mut self, ctx: &egui::Context, plots: Option<egui::Rect>) {
        let interval = Duration::from_millis(1000 / u64::from(LIVE_FPS));
        if let Some((shot, asked)) = &mut self.pending {
            let Some(image) = shot.take() else {
                ctx.request_repaint();
                return;
            };
            let asked = *asked;
            self.pending = None;
            let image = match plots {
                Some(r) => crop(&image, r, ctx.pixels_per_point()),
                None => (*image).clone(),
            };
            let since = self.shown.map_or(interval, |t| asked.duration_since(t));
            let delay = (since.as_millis() / 10).clamp(2, 100) as u32;
            if self.hand_over(image, delay) {
                self.shown = Some(asked);
                self.sent += 1;
                self.duration_cs += u64::from(delay);
            }
        }
        if self.is_full() {
            return;
        }
        let due = self.last.is_none_or(|t| t.elapsed() >= interval);
        if due {
            let now = Instant::now();
            self.last = Some(now);
            self.pending = Some((Shot::request(ctx, std::path::PathBuf::new()), now));
        } else {
            ctx.request_repaint_after(interval);
        }
    }

    /// Gives a frame to the packer; false when it is busy (the frame is skipped and the
    /// one before shows longer).
    fn hand_over(&mut self, image: ColorImage, delay: u32) -> bool {
        match &mut self.packer {
            Packer::Thread(tx, _) => match tx.try_send((image, delay)) {
                Ok(()) => true,
                Err(TrySendError::Full(_)) => false,
                Err(TrySendError::Disconnected((image, delay))) => {
                    // The packer stopped (it cannot, short of a bug): pack here from now on.
                    let mut store = FrameStore::default();
                    store.push(&image, delay);
                    self.packer = Packer::Inline(store);
                    true
                }
            },
            Packer::Inline(store) => store.push(&image, delay),
        }
    }

    /// Frames captured so far (repeats included).
    pub fn frames(&self) -> usize {
        self.sent
    }

    /// True when the frame limit is reached.
    pub fn is_full(&self) -> bool {
        self.sent >= MAX_FRAMES
    }

    /// The capture rate achieved: frames over their showing time.
    pub fn fps(&self) -> f64 {
        if self.duration_cs > 0 {
            self.sent as f64 * 100.0 / self.duration_cs as f64
        } else {
            f64::from(LIVE_FPS)
        }
    }

    /// Stops: waits for the packer and returns the frames, to be saved.
    pub fn finish(self) -> FrameStore {
        match self.packer {
            Packer::Thread(tx, handle) => {
                drop(tx);
                handle.join().unwrap_or_default()
            }
            Packer::Inline(store) => store,
        }
    }
}
