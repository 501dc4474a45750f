//! Scheduling the per-unit maps ([`crate::train::unit_maps`]): while the network view is
//! open, after the picture and within the same share of the worker's time; while training at
//! most about five times a second.

use super::run_loop::Loop;
use super::stats::DRAW_SHARE;
use crate::nn::Model;
use crate::train::unit_maps::UnitMapsJob;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The shortest time between two sets of maps while training.
const MAPS_INTERVAL: Duration = Duration::from_millis(200);
/// How long one slice of the maps may take while paused.
const PAUSED_SLICE: Duration = Duration::from_millis(16);

impl Loop<'_> {
    /// New maps are wanted: the app shows them and those held are for another step, another
    /// unit, or none yet.
    pub(super) fn maps_due(&mut self) -> bool {
        let wanted = self.maps_wanted;
        if !wanted.thumbnails && wanted.focus.is_none() {
            return false;
        }
        if !matches!(self.session.viewed_trainer().model(), Model::Mlp(_)) {
            return false;
        }
        let key = (self.session.current_index(), self.session.cursor_step());
        self.unit_maps
            .as_ref()
            .is_none_or(|m| (m.key.0, m.key.1) != key || m.wanted != wanted)
    }

    /// Works on the maps within the picture's share, once the picture is done.
    pub(super) fn map_a_little(&mut self, trained: Duration) {
        let busy = self.session.busy();
        if self.maps_job.is_none() {
            let rested = !busy || self.maps_done.is_none_or(|t| t.elapsed() >= MAPS_INTERVAL);
            if !rested || !self.maps_due() {
                return;
            }
            let key = (self.session.current_index(), self.session.cursor_step(), 0);
            let trainer = self.session.viewed_trainer();
            let features = trainer.config().features;
            let Model::Mlp(m) = trainer.model() else {
                return;
            };
            self.maps_job = Some(UnitMapsJob::new(
                Arc::new(m.clone()),
                features,
                self.grid_spec,
                key,
                self.maps_wanted,
            ));
        }
        if busy && !self.stats.may_draw() {
            return;
        }
        let budget = if busy {
            trained
                .mul_f64(DRAW_SHARE / (1.0 - DRAW_SHARE))
                .max(Duration::from_millis(1))
        } else {
            PAUSED_SLICE
        };
        let started = Instant::now();
        if let Some(job) = &mut self.maps_job
            && let Some(maps) = job.advance(budget)
        {
            self.unit_maps = Some(Arc::new(maps));
            self.maps_job = None;
            self.maps_done = Some(Instant::now());
            self.dirty = true;
        }
        self.stats.drew(started.elapsed());
    }
}
