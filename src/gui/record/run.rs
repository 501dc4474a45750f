//! A `--record` run: the window opens, K frames of the plots are captured at the steps
//! [`super::frame_steps`] names (training there, or moving the timeline's cursor over a
//! scenario's run), the GIF is written and the window closes.

use super::super::screenshot::Shot;
use super::super::startup::RecordRequest;
use super::{FrameStore, RecordError, Summary, crop, frame_steps};
use crate::train::{Command, Snapshot};
use std::time::{Duration, Instant};

/// The longest one frame waits for its step before it is taken anyway.
const FRAME_TIMEOUT: Duration = Duration::from_secs(60);

enum Phase {
    /// Waiting for the first settled picture (its step is where the recording starts).
    Begin,
    /// Moving to the next frame's step (since when).
    Moving(Instant),
    /// There; letting the plots draw it (frames left, since when).
    Settling(u32, Instant),
    /// Waiting for the image.
    Shooting(Shot),
}

/// A `--record` run in progress.
pub struct RecordJob {
    request: RecordRequest,
    targets: Vec<u64>,
    next: usize,
    phase: Phase,
    store: FrameStore,
    late: usize,
}

/// True when the picture shows the weights of the step shown, at full resolution, with
/// training paused.
fn settled(s: &Snapshot) -> bool {
    !s.running && s.grid.is_some() && s.grid_step == s.step && !s.grid_coarse
}

impl RecordJob {
    /// A job for this request.
    pub fn new(request: RecordRequest) -> Self {
        Self {
            request,
            targets: Vec::new(),
            next: 0,
            phase: Phase::Begin,
            store: FrameStore::default(),
            late: 0,
        }
    }

    /// The request.
    pub fn request(&self) -> &RecordRequest {
        &self.request
    }

    /// Moves the job on: `send` gives the training thread its commands, `plots` is the
    /// plots' rectangle (points). Returns the outcome once the GIF is written (or failed).
    pub fn advance(
        &mut self,
        ctx: &egui::Context,
        snap: Option<&Snapshot>,
        plots: Option<egui::Rect>,
        send: &mut dyn FnMut(Command),
    ) -> Option<Result<Summary, RecordError>> {
        ctx.request_repaint_after(Duration::from_millis(50));
        match &mut self.phase {
            Phase::Begin => {
                let s = snap.filter(|s| settled(s))?;
                let k = self.request.frames;
                self.targets = match self.request.steps {
                    Some(n) => frame_steps(s.step, n, k),
                    None => frame_steps(0, s.step, k),
                };
                self.move_to_next(s, send);
                None
            }
            Phase::Moving(since) => {
                let s = snap?;
                let target = self.targets[self.next];
                // A replay's last frame is the head itself (the cursor back to live).
                let last = self.next + 1 == self.targets.len();
                let there = s.step == target
                    && (self.request.steps.is_some() || !last || s.cursor.is_none());
                let stopped = self.request.steps.is_some()
                    && (s.verdict.as_ref().is_some_and(|v| v.stops()) || s.frozen);
                let late = since.elapsed() > FRAME_TIMEOUT;
                if (settled(s) && (there || stopped)) || late {
                    self.late += usize::from(late);
                    self.phase = Phase::Settling(3, Instant::now());
                }
                None
            }
            Phase::Settling(frames, since) => {
                *frames = frames.saturating_sub(1);
                if *frames == 0 && since.elapsed() > Duration::from_millis(150) {
                    self.phase = Phase::Shooting(Shot::request(ctx, self.request.path.clone()));
                }
                None
            }
            Phase::Shooting(shot) => {
                let image = shot.take()?;
                let image = match plots {
                    Some(r) => crop(&image, r, ctx.pixels_per_point()),
                    None => (*image).clone(),
                };
                let delay = (100 / self.request.fps.max(1)).max(1);
                self.store.push(&image, delay);
                self.next += 1;
                if self.next < self.targets.len() {
                    if let Some(s) = snap {
                        self.move_to_next(s, send);
                    }
                    return None;
                }
                if self.late > 0 {
                    eprintln!(
                        "warning: {} frames were taken before their step was reached (60 s each)",
                        self.late
                    );
                }
                Some(super::save(
                    &self.store,
                    &self.request.path,
                    f64::from(self.request.fps),
                ))
            }
        }
    }

    /// Asks for the next frame's step: train up to it, or move the cursor there (the last
    /// frame of a replay is the run's head).
    fn move_to_next(&mut self, s: &Snapshot, send: &mut dyn FnMut(Command)) {
        let target = self.targets[self.next];
        match self.request.steps {
            Some(_) if target > s.step => send(Command::Step(target - s.step)),
            Some(_) => {}
            None if self.next + 1 == self.targets.len() => send(Command::Live),
            None => send(Command::View(target)),
        }
        self.phase = Phase::Moving(Instant::now());
    }
}
