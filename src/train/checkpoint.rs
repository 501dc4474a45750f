//! Checkpoints of a run within a memory budget: every step at first, then thinned to every
//! 2nd, 4th, 8th… step. Because the [`Trainer`] is deterministic, a step between two
//! checkpoints is recomputed exactly by replaying from the nearest earlier one.
//!
//! A *pinned* checkpoint (a run's start, a setting change, a new segment) is never thinned:
//! replaying from the one before it would miss the change made there.

use super::trainer::{StepReport, Trainer};
use std::sync::Arc;

/// The memory a run's checkpoints may use.
pub const RUN_BUDGET_BYTES: usize = 6 << 20;

/// One kept state.
#[derive(Clone)]
struct Entry {
    step: u64,
    state: Arc<Trainer>,
    pinned: bool,
    bytes: usize,
}

/// A run's checkpoints, sorted by step.
#[derive(Clone)]
pub struct Checkpoints {
    list: Vec<Entry>,
    stride: u64,
    budget: usize,
    bytes: usize,
}

impl Checkpoints {
    /// Checkpoints starting from `start` (pinned), within `budget` bytes.
    pub fn new(start: &Trainer, budget: usize) -> Self {
        let mut c = Self {
            list: Vec::new(),
            stride: 1,
            budget,
            bytes: 0,
        };
        c.pin(start);
        c
    }

    /// Keeps the state after a step, if it falls on the current stride.
    pub fn offer(&mut self, t: &Trainer) {
        if t.steps().is_multiple_of(self.stride) {
            self.insert(t, false);
        }
    }

    /// Keeps this state for good (a change was made at its step; it replaces any state kept
    /// for the same step).
    pub fn pin(&mut self, t: &Trainer) {
        self.insert(t, true);
    }

    fn insert(&mut self, t: &Trainer, pinned: bool) {
        let step = t.steps();
        // A later state of the same step wins; a pinned one stays pinned.
        let mut was_pinned = false;
        while let Some(last) = self.list.last() {
            if last.step < step {
                break;
            }
            was_pinned |= last.pinned && last.step == step;
            self.bytes -= last.bytes;
            self.list.pop();
        }
        let bytes = t.checkpoint_bytes();
        self.bytes += bytes;
        self.list.push(Entry {
            step,
            state: Arc::new(t.clone()),
            pinned: pinned || was_pinned,
            bytes,
        });
        self.thin();
    }

    fn thin(&mut self) {
        while self.bytes > self.budget && self.stride < (1 << 40) {
            self.stride *= 2;
            let keep = self.stride;
            let last = self.list.len().saturating_sub(1);
            let mut i = 0;
            let mut freed = 0;
            self.list.retain(|e| {
                let k = e.pinned || i == last || e.step.is_multiple_of(keep);
                i += 1;
                if !k {
                    freed += e.bytes;
                }
                k
            });
            self.bytes -= freed;
        }
    }

    /// The last state kept at or before `step`, and whether it was pinned.
    fn nearest(&self, step: u64) -> Option<&Entry> {
        let i = self.list.partition_point(|e| e.step <= step);
        i.checked_sub(1).map(|i| &self.list[i])
    }

    /// The exact state at `step` (replayed from the nearest checkpoint), with the report of
    /// the step that reached it where one was replayed. `None` if `step` is before the first
    /// checkpoint.
    pub fn state_at(&self, step: u64) -> Option<(Trainer, Option<StepReport>)> {
        let at = self.nearest(step)?;
        if at.step == step && (at.pinned || step == 0) {
            return Some(((*at.state).clone(), None));
        }
        // Replay the last step too, so that its report (the PLA update made there) is known.
        let from = match step.checked_sub(1).and_then(|s| self.nearest(s)) {
            Some(e) => e,
            None => return Some(((*at.state).clone(), None)),
        };
        let mut t = (*from.state).clone();
        let mut last = None;
        while t.steps() < step {
            let r = t.step();
            let stop = !r.updated;
            last = Some(r);
            if stop {
                break;
            }
        }
        Some((t, last))
    }

    /// The checkpoints up to and including `step` (shared, not copied), for a branch.
    pub fn prefix(&self, step: u64) -> Self {
        let list: Vec<Entry> = self
            .list
            .iter()
            .filter(|e| e.step <= step)
            .cloned()
            .collect();
        Self {
            bytes: list.iter().map(|e| e.bytes).sum(),
            list,
            stride: self.stride,
            budget: self.budget,
        }
    }

    /// The bytes held (shared states counted in every run that holds them).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// How many states are kept.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when nothing is kept (never, after [`Checkpoints::new`]).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Steps between regular checkpoints now (the longest replay).
    pub fn stride(&self) -> u64 {
        self.stride
    }
}
