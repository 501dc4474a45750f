//! Screenshots of the whole window: `--screenshot` runs (train, wait for the picture to
//! settle, save, exit) and File → Export PNG.

use super::files::save_png;
use super::startup::ScreenshotRequest;
use crate::train::Snapshot;
use egui::ColorImage;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A screenshot asked of the integration, and where it goes.
pub struct Shot {
    /// Where the PNG goes.
    pub path: PathBuf,
    slot: Arc<Mutex<Option<Arc<ColorImage>>>>,
}

impl Shot {
    /// Asks for a screenshot of the window (it arrives after the next paint).
    pub fn request(ctx: &egui::Context, path: PathBuf) -> Self {
        let slot = Arc::new(Mutex::new(None));
        let (s, c) = (Arc::clone(&slot), ctx.clone());
        ctx.request_screenshot(move |image| {
            *s.lock().unwrap_or_else(PoisonError::into_inner) = Some(image);
            c.request_repaint();
        });
        ctx.request_repaint();
        Self { path, slot }
    }

    /// The image, once it has arrived.
    pub fn take(&mut self) -> Option<Arc<ColorImage>> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

enum Phase {
    /// Training the asked updates.
    Training,
    /// Trained; letting the plots catch up (frames left, since when).
    Settling(u32, Instant),
    /// Waiting for the image.
    Shooting(Shot),
}

/// A `--screenshot` run.
pub struct ScreenshotJob {
    request: ScreenshotRequest,
    started: Instant,
    phase: Phase,
    stats: Stats,
}

/// What a screenshot run measures while it trains: the in-app training speed, the UI's own
/// CPU time per frame and the worker's snapshot build time.
#[derive(Default)]
struct Stats {
    first: Option<(Instant, u64)>,
    last: Option<(Instant, u64)>,
    frames: u32,
    cpu_sum: f64,
    cpu_max: f32,
    builds: u32,
    build_sum: f64,
    build_max: f64,
    last_seq: u64,
    /// From the app's start to its first frame.
    first_frame: Option<Duration>,
}

impl Stats {
    fn frame(&mut self, snap: Option<&Snapshot>, cpu_ms: Option<f32>, launched: Instant) {
        if self.first_frame.is_none() {
            self.first_frame = Some(launched.elapsed());
        }
        if let Some(ms) = cpu_ms {
            self.frames += 1;
            self.cpu_sum += f64::from(ms);
            self.cpu_max = self.cpu_max.max(ms);
        }
        if let Some(s) = snap
            && s.seq != self.last_seq
        {
            self.last_seq = s.seq;
            self.builds += 1;
            self.build_sum += s.build_ms;
            self.build_max = self.build_max.max(s.build_ms);
            if s.step > 0 {
                // Timed by when the worker built the snapshot, not when a frame drew it (a
                // software renderer draws 15 frames a second: a frame's jitter would be a
                // tenth of a short run).
                let now = (s.built_at, s.step);
                self.first.get_or_insert(now);
                self.last = Some(now);
            }
        }
    }

    fn summary(&self) -> String {
        let rate = match (self.first, self.last) {
            (Some((t0, s0)), Some((t1, s1))) if t1 > t0 => {
                (s1 - s0) as f64 / (t1 - t0).as_secs_f64()
            }
            _ => 0.0,
        };
        format!(
            "in-app training {rate:.0} updates/s; UI CPU per frame mean {:.2} ms, max {:.2} ms ({} frames); snapshot build mean {:.2} ms, max {:.2} ms ({} snapshots)",
            self.cpu_sum / f64::from(self.frames.max(1)),
            self.cpu_max,
            self.frames,
            self.build_sum / f64::from(self.builds.max(1)),
            self.build_max,
            self.builds
        )
    }
}

/// The longest a screenshot run waits for training before it takes the picture anyway.
const TIMEOUT: Duration = Duration::from_secs(120);

impl ScreenshotJob {
    /// A job for this request.
    pub fn new(request: ScreenshotRequest) -> Self {
        Self {
            request,
            started: Instant::now(),
            phase: Phase::Training,
            stats: Stats::default(),
        }
    }

    /// The updates to train before the picture.
    pub fn after_steps(&self) -> u64 {
        self.request.after_steps
    }

    /// Moves the job on; returns the outcome once the PNG is written (or failed).
    pub fn advance(
        &mut self,
        ctx: &egui::Context,
        snap: Option<&Snapshot>,
        cpu_ms: Option<f32>,
    ) -> Option<Result<PathBuf, String>> {
        ctx.request_repaint_after(Duration::from_millis(200));
        match &mut self.phase {
            Phase::Training => {
                self.stats.frame(snap, cpu_ms, self.request.launched);
                let trained = snap.is_some_and(|s| {
                    // The picture shows the weights of the last step, at full resolution.
                    !s.running
                        && s.grid.is_some()
                        && s.grid_step == s.step
                        && !s.grid_coarse
                        && (s.step >= self.request.after_steps
                            || s.verdict.as_ref().is_some_and(|v| v.stops())
                            || s.frozen)
                });
                if trained || self.started.elapsed() > TIMEOUT {
                    if let Some(t) = self.stats.first_frame {
                        eprintln!("first frame {:.0} ms after start", t.as_secs_f64() * 1e3);
                    }
                    if self.request.after_steps > 0 {
                        eprintln!("{}", self.stats.summary());
                    }
                    self.phase = Phase::Settling(6, Instant::now());
                }
                None
            }
            Phase::Settling(frames, since) => {
                *frames = frames.saturating_sub(1);
                if *frames == 0 && since.elapsed() > Duration::from_millis(400) {
                    self.phase = Phase::Shooting(Shot::request(ctx, self.request.path.clone()));
                }
                None
            }
            Phase::Shooting(shot) => {
                let image = shot.take()?;
                Some(
                    save_png(&shot.path, &image)
                        .map(|()| shot.path.clone())
                        .map_err(|e| e.to_string()),
                )
            }
        }
    }
}
