//! One [`Run`]: a lineage of training states with its checkpoints, curves, marks, segments
//! and verdicts. A run only grows at its head; a past step is recomputed from checkpoints.

use super::change::SettingChange;
use super::checkpoint::{Checkpoints, RUN_BUDGET_BYTES};
use super::config::{ModelKind, UpdateRule};
use super::curves::{MetricCurve, StepCurve};
use super::history::Sample;
use super::notice::{Notice, SegmentCause, Verdict};
use super::trainer::{StepReport, Trainer};
use std::collections::HashMap;
use std::sync::Arc;

/// A mark on the curves: where something changed.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkKind {
    /// Live settings changed ("α 0.3 → 3").
    Settings(Vec<SettingChange>),
    /// A new segment started.
    Segment(SegmentCause),
    /// The run branched from its parent here.
    Branch,
    /// Hand-edited weights or points.
    Edit,
}

/// A mark at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The step it happened at.
    pub step: u64,
    /// What happened.
    pub kind: MarkKind,
}

/// A stretch of a run between two restarts (new data, a rebuild, a reset).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// The step it starts at.
    pub start_step: u64,
    /// The epoch count at its start.
    pub start_epoch: u64,
    /// Its verdict and the step it came at.
    pub verdict: Option<(u64, Verdict)>,
}

/// One run of a session.
#[derive(Clone)]
pub struct Run {
    /// "1", "2", "1.1"…
    pub id: String,
    /// A name the user gave it (empty: the id is shown).
    pub name: String,
    /// The run it branched from, and where.
    pub parent: Option<(String, u64)>,
    /// Branches made from this run so far (numbers the next one).
    pub children: u32,
    pub(crate) head: Trainer,
    pub(crate) checkpoints: Checkpoints,
    /// The per-step batch loss.
    pub curve: Arc<StepCurve>,
    /// Full-data metrics at regular steps.
    pub metrics: Arc<MetricCurve>,
    /// Test-set metrics at the same steps (empty while the run has no test set).
    pub test_metrics: Arc<MetricCurve>,
    /// Marks on the curves.
    pub marks: Arc<Vec<Mark>>,
    /// The segments, oldest first (never empty).
    pub segments: Vec<Segment>,
    /// The report of the head's last step.
    pub(crate) last: Option<StepReport>,
    /// PLA cycle check: `w̄` bits at the start of each pass of this segment → its pass.
    cycle: HashMap<Vec<u64>, u64>,
    passes_started: u64,
}

/// A history sample of full-data metrics.
pub fn sample_of(t: &mut Trainer) -> Sample {
    let m = t.metrics();
    Sample {
        step: t.steps(),
        epoch: t.epochs(),
        loss: m.loss().unwrap_or(f64::NAN),
        data_loss: m.data_loss.unwrap_or(f64::NAN),
        reg_loss: m.reg_loss,
        accuracy: Some(m.accuracy),
        misclassified: Some(m.misclassified),
    }
}

/// A history sample of the test set's metrics with the current weights (`None` without a
/// test set).
pub fn test_sample_of(t: &mut Trainer) -> Option<Sample> {
    let m = t.test_metrics()?;
    Some(Sample {
        step: t.steps(),
        epoch: t.epochs(),
        loss: m.loss().unwrap_or(f64::NAN),
        data_loss: m.data_loss.unwrap_or(f64::NAN),
        reg_loss: m.reg_loss,
        accuracy: Some(m.accuracy),
        misclassified: Some(m.misclassified),
    })
}

impl Run {
    /// A run starting from `start`.
    pub fn new(id: String, mut start: Trainer) -> Self {
        let mut metrics = MetricCurve::default();
        metrics.push(sample_of(&mut start));
        let mut test_metrics = MetricCurve::default();
        if let Some(s) = test_sample_of(&mut start) {
            test_metrics.push(s);
        }
        Self {
            id,
            name: String::new(),
            parent: None,
            children: 0,
            checkpoints: Checkpoints::new(&start, RUN_BUDGET_BYTES),
            segments: vec![Segment {
                start_step: start.steps(),
                start_epoch: start.epochs(),
                verdict: None,
            }],
            head: start,
            curve: Arc::default(),
            metrics: Arc::new(metrics),
            test_metrics: Arc::new(test_metrics),
            marks: Arc::default(),
            last: None,
            cycle: HashMap::new(),
            passes_started: 0,
        }
    }

    /// The run's last step.
    pub fn head_step(&self) -> u64 {
        self.head.steps()
    }

    /// The state at the head.
    pub fn head(&self) -> &Trainer {
        &self.head
    }

    /// The segment holding `step` (the last one starting at or before it).
    pub fn segment_at(&self, step: u64) -> &Segment {
        let i = self.segments.partition_point(|s| s.start_step <= step);
        &self.segments[i.saturating_sub(1)]
    }

    /// The verdict visible at `step` (reached at or before it, in its segment).
    pub fn verdict_at(&self, step: u64) -> Option<&Verdict> {
        self.segment_at(step)
            .verdict
            .as_ref()
            .filter(|(s, _)| *s <= step)
            .map(|(_, v)| v)
    }

    /// The verdict of the head's segment, if training has stopped there.
    pub fn stopped(&self) -> Option<&Verdict> {
        self.segments
            .last()
            .and_then(|s| s.verdict.as_ref())
            .map(|(_, v)| v)
            .filter(|v| v.stops())
    }

    /// A branch of this run at `step` (whose exact state is `state`): shares the
    /// checkpoints and copies the curves up to there; the old continuation stays here.
    pub fn branch(&mut self, id: String, step: u64, state: Trainer) -> Self {
        self.children += 1;
        let mut checkpoints = self.checkpoints.prefix(step);
        checkpoints.pin(&state);
        let mut segments: Vec<Segment> = self
            .segments
            .iter()
            .filter(|s| s.start_step <= step)
            .cloned()
            .collect();
        if let Some(last) = segments.last_mut()
            && last.verdict.as_ref().is_some_and(|(s, _)| *s > step)
        {
            last.verdict = None;
        }
        let mut marks: Vec<Mark> = self
            .marks
            .iter()
            .filter(|m| m.step <= step)
            .cloned()
            .collect();
        marks.push(Mark {
            step,
            kind: MarkKind::Branch,
        });
        let seg = segments.last().map_or(0, |s| s.start_epoch);
        Self {
            name: String::new(),
            parent: Some((self.id.clone(), step)),
            children: 0,
            checkpoints,
            curve: Arc::new(self.curve.prefix(step)),
            metrics: Arc::new(self.metrics.prefix(step)),
            test_metrics: Arc::new(self.test_metrics.prefix(step)),
            marks: Arc::new(marks),
            segments,
            last: None,
            cycle: HashMap::new(),
            passes_started: state.epochs().saturating_sub(seg),
            head: state,
            id,
        }
    }

    /// Starts a new segment at the head from `start` (its counters continue the run's).
    pub fn new_segment(&mut self, mut start: Trainer, cause: SegmentCause) {
        start.set_counters(self.head.steps(), self.head.epochs());
        self.head = start;
        self.segments.push(Segment {
            start_step: self.head.steps(),
            start_epoch: self.head.epochs(),
            verdict: None,
        });
        self.cycle.clear();
        self.passes_started = 0;
        self.last = None;
        self.mark(MarkKind::Segment(cause));
        self.checkpoints.pin(&self.head);
        self.measure();
    }

    /// Measures the head on the training data and, where there is one, the test set.
    fn measure(&mut self) {
        Arc::make_mut(&mut self.metrics).push(sample_of(&mut self.head));
        if let Some(s) = test_sample_of(&mut self.head) {
            Arc::make_mut(&mut self.test_metrics).push(s);
        }
    }

    /// Records a change made at the head (settings or edits): pinned, marked, measured.
    pub fn changed_at_head(&mut self, kind: MarkKind) {
        if let Some(seg) = self.segments.last_mut()
            && seg.verdict.as_ref().is_some_and(|(_, v)| v.stops())
        {
            // A changed run may go on: only an edit or new settings clear a verdict.
            seg.verdict = None;
            self.cycle.clear();
        }
        self.mark(kind);
        self.checkpoints.pin(&self.head);
        self.measure();
    }

    fn mark(&mut self, kind: MarkKind) {
        Arc::make_mut(&mut self.marks).push(Mark {
            step: self.head.steps(),
            kind,
        });
    }

    /// One step at the head, with the training policy: curves, checkpoints, the PLA's
    /// verdicts (converged, the cycle check, the pass limit) and the divergence guard.
    /// Returns the notices and whether training must stop.
    pub fn step(&mut self, pass_limit: u64, by_hand: bool) -> (Vec<Notice>, bool) {
        let mut notices = Vec::new();
        if let Some(v) = self.stopped() {
            let _ = v;
            notices.push(Notice::Finished);
            return (notices, true);
        }
        let r = self.head.step();
        if r.updated {
            Arc::make_mut(&mut self.curve).push(r.step, r.epoch, r.loss.total());
            self.checkpoints.offer(&self.head);
        }
        if self.metrics.due(self.head.steps()) {
            self.measure();
        }
        let verdict = self.verdict_of(&r, pass_limit, by_hand, &mut notices);
        let stop = verdict.is_some() || !r.updated;
        if let Some(v) = verdict {
            let step = self.head.steps();
            self.measure();
            if let Some(seg) = self.segments.last_mut() {
                seg.verdict = Some((step, v.clone()));
            }
            notices.push(Notice::Verdict(v));
        }
        if r.updated || r.pla.is_some() {
            self.last = Some(r);
        }
        (notices, stop)
    }

    fn verdict_of(
        &mut self,
        r: &StepReport,
        pass_limit: u64,
        by_hand: bool,
        notices: &mut Vec<Notice>,
    ) -> Option<Verdict> {
        let seg = self.segments.last().cloned()?;
        if let Some(d) = r.diverged {
            return Some(Verdict::Diverged(d));
        }
        if r.converged {
            return Some(Verdict::Converged {
                updates: self.head.steps() - seg.start_step,
                passes: self.head.epochs() - seg.start_epoch,
            });
        }
        if self.head.config().model != ModelKind::Perceptron {
            return None;
        }
        if let Some((w, m)) = &r.pass_start {
            self.passes_started += 1;
            let pass = self.passes_started;
            if by_hand {
                notices.push(Notice::PassStart {
                    pass,
                    misclassified: *m,
                });
            }
            let c = self.head.config();
            let fixed_order = !(c.update == UpdateRule::MiniBatch && c.shuffle);
            if fixed_order {
                let key: Vec<u64> = w.iter().map(|x| x.to_bits()).collect();
                if let Some(&earlier) = self.cycle.get(&key) {
                    return Some(Verdict::NoSeparation {
                        pass,
                        repeats: earlier,
                    });
                }
                self.cycle.insert(key, pass);
            }
        }
        let passes = self.head.epochs() - seg.start_epoch;
        (passes >= pass_limit).then_some(Verdict::PassLimit { passes })
    }

    /// The exact state at `step` of this run, and the report of the step that reached it.
    pub fn state_at(&self, step: u64) -> Option<(Trainer, Option<StepReport>)> {
        if step == self.head.steps() {
            return Some((self.head.clone(), self.last.clone()));
        }
        if step > self.head.steps() {
            return None;
        }
        self.checkpoints.state_at(step)
    }

    /// How many checkpoints the run keeps.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The bytes this run holds, roughly.
    pub fn bytes(&self) -> usize {
        self.checkpoints.bytes()
            + self.curve.bytes()
            + self.metrics.bytes()
            + self.test_metrics.bytes()
    }
}
