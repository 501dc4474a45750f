//! The note over the data plot when the regions drawn are not those of the weights shown:
//! from an older step (a wide network's picture catching up), or a coarse preview.

use super::i18n::{self as t, Lang};
use crate::train::Snapshot;

/// How old a picture may be while training before the plot says which step it is from.
pub const STALE_WHILE_TRAINING_MS: f64 = 250.0;

/// What the note is about: the picture against the weights shown.
#[derive(Clone, Copy, Debug)]
pub struct Regions {
    /// A picture is drawn.
    pub drawn: bool,
    /// The step its weights are from.
    pub grid_step: u64,
    /// The step shown.
    pub step: u64,
    /// Training is going on.
    pub running: bool,
    /// The picture is coarser than the full grid.
    pub coarse: bool,
    /// How long ago its weights stopped being the ones shown, in ms.
    pub age_ms: f64,
}

/// The note for a snapshot.
pub fn of_snapshot(snap: &Snapshot, lang: Lang) -> Option<String> {
    note(
        Regions {
            drawn: snap.grid.is_some(),
            grid_step: snap.grid_step,
            step: snap.step,
            running: snap.running,
            coarse: snap.grid_coarse,
            age_ms: snap.grid_age_ms,
        },
        lang,
    )
}

/// Says when the regions are not those of the weights shown.
pub fn note(r: Regions, lang: Lang) -> Option<String> {
    // While training, a picture a few steps behind is the normal rhythm (15 a second); it is
    // said once training has stopped and the picture is still catching up, or while training
    // once the picture's weights are more than a quarter of a second old (a wide network).
    let behind = !r.running || r.age_ms > STALE_WHILE_TRAINING_MS;
    let stale = r.drawn && r.grid_step != r.step && behind;
    match (stale, r.coarse) {
        (false, false) => None,
        (true, coarse) => Some(format!(
            "{} {}{}",
            t::REGIONS_FROM_STEP.get(lang),
            r.grid_step,
            if coarse {
                t::COARSE_SUFFIX.get(lang)
            } else {
                ""
            }
        )),
        // Paused, a large network's picture is refined step by step up to the full grid.
        (false, true) if !r.running => Some(t::REFINING.get(lang).to_owned()),
        (false, true) => Some(t::COARSE_PREVIEW.get(lang).to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn training(grid_step: u64, age_ms: f64) -> Regions {
        Regions {
            drawn: true,
            grid_step,
            step: 40,
            running: true,
            coarse: false,
            age_ms,
        }
    }

    #[test]
    fn a_picture_a_moment_behind_while_training_says_nothing() {
        assert_eq!(note(training(38, 60.0), Lang::En), None);
    }

    #[test]
    fn a_picture_seconds_behind_while_training_names_its_step() {
        let n = note(training(12, 3000.0), Lang::En).expect("a note");
        assert!(n.contains("12"), "{n}");
    }

    #[test]
    fn paused_a_picture_of_another_step_names_it() {
        let r = Regions {
            running: false,
            ..training(39, 0.0)
        };
        let n = note(r, Lang::En).expect("a note");
        assert!(n.contains("39"), "{n}");
    }

    #[test]
    fn a_current_coarse_picture_says_coarse() {
        let r = Regions {
            coarse: true,
            ..training(40, 0.0)
        };
        assert!(note(r, Lang::En).is_some());
    }
}
