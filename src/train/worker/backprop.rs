//! Scheduling the backprop view ([`crate::train::backprop_view`]): while the view is open,
//! for the step shown; while training at most about four times a second.

use super::run_loop::Loop;
use crate::train::backprop_view::backprop_view;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The shortest time between two views while training.
const BACKPROP_INTERVAL: Duration = Duration::from_millis(250);

impl Loop<'_> {
    /// A new view is wanted: one is open and the one held is for another step or point.
    pub(super) fn backprop_due(&self) -> bool {
        let Some(n) = self.backprop_point else {
            return false;
        };
        let key = (self.session.current_index(), self.session.cursor_step(), n);
        self.backprop_key != Some(key)
    }

    /// Builds the view when due (it is small: one point, one step ahead).
    pub(super) fn explain_a_little(&mut self) {
        if !self.backprop_due() {
            if self.backprop_point.is_none() {
                self.backprop = None;
                self.backprop_key = None;
            }
            return;
        }
        let busy = self.session.busy();
        if busy
            && self
                .backprop_done
                .is_some_and(|t| t.elapsed() < BACKPROP_INTERVAL)
        {
            return;
        }
        let Some(n) = self.backprop_point else {
            return;
        };
        let started = Instant::now();
        let key = (self.session.current_index(), self.session.cursor_step());
        let view = backprop_view(self.session.viewed_trainer(), key, n);
        // A view that cannot be built (the perceptron, a point out of range) is done too.
        self.backprop = view.map(Arc::new);
        self.backprop_key = Some((key.0, key.1, n));
        self.backprop_done = Some(Instant::now());
        self.dirty = true;
        self.stats.drew(started.elapsed());
    }
}
