//! Runs and branches: a branch where the cursor is, a new run from the same start, deleting,
//! and the budget on how many runs are kept.

use super::{MAX_RUNS, Session};
use crate::train::notice::Notice;
use crate::train::run::Run;
use crate::train::trainer::Trainer;

impl Session {
    /// Viewing a past step and training or changing something there: a branch.
    pub(super) fn branch_if_viewing(&mut self, notices: &mut Vec<Notice>) {
        let Some(step) = self.cursor else { return };
        self.refresh_viewed();
        let Some((_, _, state, _)) = self.viewed.take() else {
            self.cursor = None;
            return;
        };
        let parent = &mut self.runs[self.current];
        let id = format!("{}.{}", parent.id, parent.children + 1);
        let branch = parent.branch(id.clone(), step, state);
        notices.push(Notice::Branched {
            run: id,
            parent: parent.id.clone(),
            step,
        });
        self.runs.push(branch);
        self.current = self.runs.len() - 1;
        self.cursor = None;
        self.enforce_budget(notices);
    }

    pub(super) fn new_run(&mut self, notices: &mut Vec<Notice>) {
        let run = self.run();
        let seg = run.segments.last().map_or(0, |s| s.start_step);
        let config = run.head().config().clone();
        let Some((mut start, _)) = run.state_at(seg) else {
            return;
        };
        // The same initial weights and data, counted from step 0, with today's settings.
        let _ = start.set_live(&config);
        let Ok(mut fresh) = Trainer::new(
            start.config(),
            start.data().clone(),
            Some(start.model().clone()),
        ) else {
            return;
        };
        fresh.set_counters(0, 0);
        let id = self.next_top.to_string();
        self.next_top += 1;
        self.stop();
        self.runs.push(Run::new(id.clone(), fresh));
        self.current = self.runs.len() - 1;
        self.cursor = None;
        notices.push(Notice::NewRun { run: id });
        self.enforce_budget(notices);
    }

    pub(super) fn delete_run(&mut self, id: &str, notices: &mut Vec<Notice>) {
        let Some(i) = self.index_of(id) else {
            notices.push(Notice::NoSuchRun { run: id.into() });
            return;
        };
        if self.runs.len() == 1 {
            return;
        }
        self.runs.remove(i);
        if self.current == i {
            self.stop();
            self.current = self.runs.len() - 1;
            self.cursor = None;
        } else if self.current > i {
            self.current -= 1;
        }
        self.viewed = None;
    }

    /// Drops the oldest runs (never the current one) beyond [`MAX_RUNS`].
    pub(super) fn enforce_budget(&mut self, notices: &mut Vec<Notice>) {
        while self.runs.len() > MAX_RUNS {
            let i = usize::from(self.current == 0);
            let run = self.runs.remove(i);
            if self.current > i {
                self.current -= 1;
            }
            self.viewed = None;
            notices.push(Notice::RunDropped { run: run.id });
        }
    }

    pub(super) fn index_of(&self, id: &str) -> Option<usize> {
        self.runs.iter().position(|r| r.id == id)
    }
}
