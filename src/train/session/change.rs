//! A change of settings, data or model at the head of the current run: live, a rebuild, or
//! a new segment (classified once, in `train::change`).

use super::{Command, Session, shape};
use crate::data::Dataset;
use crate::train::TrainConfig;
use crate::train::change::{Change, classify};
use crate::train::config::ConfigError;
use crate::train::notice::{Notice, SegmentCause};
use crate::train::run::MarkKind;
use crate::train::trainer::Trainer;

/// The notice that an MLP's optimizer changed kind and its state starts from 0.
fn optimizer_reset(old: &TrainConfig, new: &TrainConfig, head: &Trainer) -> Option<Notice> {
    let mlp = matches!(head.model(), crate::nn::Model::Mlp(_));
    (mlp && old.optimizer != new.optimizer).then(|| Notice::OptimizerReset {
        from: old.optimizer,
        to: new.optimizer,
        step: head.steps(),
    })
}

impl Session {
    /// A change of settings, data or model at the head of the current run.
    pub(super) fn change_at_head(&mut self, change: Command, notices: &mut Vec<Notice>) {
        let run = &mut self.runs[self.current];
        let config = run.head().config().clone();
        let data = run.head().data().clone();
        let test = run.head().test_data().cloned();
        let (next, cause) = match change {
            Command::SetConfig(new) => match classify(&config, &new) {
                (Change::None, _) => return,
                (Change::Live, what) => {
                    match run.head.set_live(&new) {
                        Ok(()) => {
                            run.changed_at_head(MarkKind::Settings(what));
                            if let Some(n) = optimizer_reset(&config, &new, run.head()) {
                                notices.push(n);
                            }
                        }
                        Err(e) => notices.push(Notice::Refused(e)),
                    }
                    return;
                }
                (Change::Rebuild, _) => {
                    let from = shape(run.head().model());
                    let next = with_test(Trainer::new(&new, data, None), test);
                    if let Ok(t) = &next {
                        notices.push(Notice::Rebuilt {
                            from,
                            to: shape(t.model()),
                            seed: new.init_seed,
                        });
                    }
                    (next, SegmentCause::Rebuild)
                }
            },
            Command::SetData {
                data,
                keep_weights: true,
            } => {
                let mut edited = run.head.clone();
                match edited.set_data(data.clone()) {
                    Ok(()) => {
                        run.head = edited;
                        run.changed_at_head(MarkKind::Edit);
                        return;
                    }
                    // Another class count: the network no longer fits (nor the test set).
                    Err(_) => (Trainer::new(&config, data, None), SegmentCause::NewData),
                }
            }
            Command::SetData { data, .. } => {
                (Trainer::new(&config, data, None), SegmentCause::NewData)
            }
            Command::SetSplit { train, test } => (
                with_test(Trainer::new(&config, train, None), test.map(|t| *t)),
                SegmentCause::NewData,
            ),
            Command::SetModel(model) => {
                match run.head.set_model(model) {
                    Ok(()) => run.changed_at_head(MarkKind::Edit),
                    Err(e) => notices.push(Notice::Refused(e)),
                }
                return;
            }
            Command::LoadModel(saved) => {
                let mut c = config;
                if saved.features != c.features {
                    notices.push(Notice::FeaturesSwitched {
                        from: c.features,
                        to: saved.features,
                    });
                    c.features = saved.features;
                }
                (
                    with_test(Trainer::new(&c, data, Some(saved.model)), test),
                    SegmentCause::LoadedModel,
                )
            }
            Command::Reset(seed) => {
                let mut c = config;
                if let Some(s) = seed {
                    c.init_seed = s;
                }
                (
                    with_test(Trainer::new(&c, data, None), test),
                    SegmentCause::Reset,
                )
            }
            _ => return,
        };
        match next {
            Ok(t) => {
                let step = run.head_step();
                run.new_segment(t, cause);
                // A rebuild has said what changed (Rebuilt) and keeps playing.
                if cause != SegmentCause::Rebuild {
                    notices.push(Notice::NewSegment { cause, step });
                    self.stop();
                }
            }
            Err(e) => notices.push(Notice::Refused(e)),
        }
    }
}

/// A new trainer with the test set of the state it replaces (or of a new split).
fn with_test(
    trainer: Result<Trainer, ConfigError>,
    test: Option<Dataset>,
) -> Result<Trainer, ConfigError> {
    let mut t = trainer?;
    t.set_test(test)?;
    Ok(t)
}
