//! The metrics strip (step, epoch, loss parts, accuracy, mistakes, speed) and the banners
//! that explain what happened (divergence, convergence, refused commands, file errors).

use super::i18n::{self as t, Lang};
use crate::nn::Model;
use crate::train::Snapshot;
use crate::train::guard::DivergenceKind;
use crate::train::notice::short;
use egui::{Color32, RichText, Ui};

/// A message at the top of the plots.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    /// The text.
    pub text: String,
    /// Errors are red; notes are plain.
    pub error: bool,
}

/// What a banner's buttons ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerAction {
    /// Close it.
    Dismiss,
    /// Reset the run (after a divergence).
    Reset,
    /// Start a new training thread (after a crash).
    RestartWorker,
}

/// The strip under the plots: every figure, wrapped onto more lines; or, with `wrap` false
/// (a compact window, where the caller lets it scroll sideways), one line of the figures a
/// class reads: the step, the loss, the accuracy and |M| (the epoch, the loss's two terms
/// and the speed are left out so that the line fits a projector's 640 points).
pub fn metrics_ui(ui: &mut Ui, snap: &Snapshot, lang: Lang, cpu_ms: Option<f32>, wrap: bool) {
    if wrap {
        ui.horizontal_wrapped(|ui| metrics_items_ui(ui, snap, lang, cpu_ms, true));
    } else {
        ui.horizontal(|ui| metrics_items_ui(ui, snap, lang, None, false));
    }
}

fn metrics_items_ui(ui: &mut Ui, snap: &Snapshot, lang: Lang, cpu_ms: Option<f32>, all: bool) {
    {
        let m = &snap.metrics;
        let item = |ui: &mut Ui, name: &str, value: String| {
            ui.label(RichText::new(format!("{name} {value}")).monospace());
            ui.separator();
        };
        item(ui, t::STEP_LABEL.get(lang), snap.step.to_string());
        if all {
            item(ui, t::EPOCH_LABEL.get(lang), snap.epochs.to_string());
        }
        // A diverged run shows the loss the guard saw, as its banner does.
        let guard_saw = snap.diverged.map(|d| match d.what {
            DivergenceKind::Grew { to, .. } => to,
            DivergenceKind::NotFinite { value } => value,
        });
        match (&*snap.model, m.data_loss) {
            (_, _) if let Some(loss) = guard_saw => {
                item(ui, t::LOSS_LABEL.get(lang), short(loss));
            }
            // J ≥ 0; adding 0.0 turns a −0.0 into 0.0 for display.
            (Model::Perceptron(_), Some(j)) => item(ui, "J", format!("{:.4}", j + 0.0)),
            (Model::Mlp(_), Some(d)) if !all => {
                item(
                    ui,
                    t::LOSS_LABEL.get(lang),
                    format!("{:.4}", d + m.reg_loss),
                );
            }
            (Model::Mlp(_), Some(d)) => item(
                ui,
                t::LOSS_LABEL.get(lang),
                format!("{:.4} (J₀ {d:.4} + λ {:.4})", d + m.reg_loss, m.reg_loss),
            ),
            (_, None) => item(ui, t::LOSS_LABEL.get(lang), "—".into()),
        }
        item(
            ui,
            t::ACCURACY_LABEL.get(lang),
            format!("{:.1} %", 100.0 * m.accuracy),
        );
        item(
            ui,
            t::MISCLASSIFIED_LABEL.get(lang),
            m.misclassified.to_string(),
        );
        if let Some(tm) = &snap.test_metrics {
            // The held-out points, with the same weights: test accuracy and test |M|.
            item(
                ui,
                t::TEST_ACCURACY.get(lang),
                format!("{:.1} %", 100.0 * tm.accuracy),
            );
            item(
                ui,
                t::TEST_MISCLASSIFIED.get(lang),
                tm.misclassified.to_string(),
            );
        }
        if all {
            item(
                ui,
                t::SPEED_LABEL.get(lang),
                format!("{:.0}", snap.updates_per_sec),
            );
        }
        if let Some(ms) = cpu_ms {
            ui.label(RichText::new(format!("UI {ms:.1} ms")).small().weak());
        }
    }
}

/// Draws the banners; returns what their buttons asked for.
pub fn banners_ui(
    ui: &mut Ui,
    banner: Option<&Banner>,
    snap: Option<&Snapshot>,
    crashed: Option<&str>,
    lang: Lang,
) -> Option<BannerAction> {
    let mut action = None;
    let red = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 120, 120)
    } else {
        Color32::from_rgb(170, 0, 0)
    };
    if let Some(reason) = crashed {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{}: {reason}", t::WORKER_CRASHED.get(lang)))
                    .color(red)
                    .strong(),
            );
            if ui.button(t::RESTART_WORKER.get(lang)).clicked() {
                action = Some(BannerAction::RestartWorker);
            }
        });
    }
    if let Some(d) = snap.and_then(|s| s.diverged) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{}: {}",
                    t::DIVERGED.get(lang),
                    super::notices::divergence(&d, lang)
                ))
                .color(red)
                .strong(),
            );
            ui.label(t::DIVERGED_HINT.get(lang));
            if ui.button(t::RESET.get(lang)).clicked() {
                action = Some(BannerAction::Reset);
            }
        });
    }
    if let Some(b) = banner {
        ui.horizontal_wrapped(|ui| {
            let text = RichText::new(plain(&b.text));
            ui.label(if b.error {
                text.color(red).strong()
            } else {
                text
            });
            if ui.small_button(t::DISMISS.get(lang)).clicked() {
                action = Some(BannerAction::Dismiss);
            }
        });
    }
    action
}

/// A message from the worker in the interface's language, where it is one the app knows.
pub fn translate(message: &str, lang: Lang) -> String {
    let known = [t::REBUILT_FOR_CLASSES, t::SIGN_CANNOT_TRAIN];
    for text in known {
        if message.eq_ignore_ascii_case(text.en)
            || message.starts_with(&text.en[..text.en.len().min(40)])
        {
            return text.get(lang).to_owned();
        }
    }
    if message.starts_with("a sign network cannot be trained") {
        return t::SIGN_CANNOT_TRAIN.get(lang).to_owned();
    }
    message.to_owned()
}

/// The perceptron's status line: its verdict, the pocket's count, or no boundary yet.
pub fn perceptron_status(snap: &Snapshot, lang: Lang) -> Option<String> {
    let Model::Perceptron(p) = &*snap.model else {
        return None;
    };
    let mut text = snap
        .verdict
        .as_ref()
        .map(|v| super::notices::verdict(v, lang));
    if snap.config.pocket
        && let Some((_, best)) = &snap.pocket
    {
        let line = format!(
            "{} {} {} · pocket {best} {}",
            t::POCKET_NOW.get(lang),
            snap.metrics.misclassified,
            t::POCKET_WRONG.get(lang),
            t::POCKET_WRONG.get(lang)
        );
        text = Some(match text {
            Some(v) => format!("{v} {line}"),
            None => line,
        });
    }
    if text.is_none() && p.weights.iter().all(|&w| w == 0.0) {
        let first = if p.bias >= 0.0 {
            t::NO_BOUNDARY
        } else {
            t::NO_BOUNDARY_NEGATIVE
        };
        text = Some(format!("{} {}", first.get(lang), t::ALPHA_NOTE.get(lang)));
    }
    text
}

/// A message as plain text: the engine quotes values in backticks (`x1,x2,label`), which the
/// app's font draws as accents on the next letter; they become typographic quotes here.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = true;
    for c in text.chars() {
        if c == '`' {
            out.push(if open { '‘' } else { '’' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn backticks_become_quotes() {
        assert_eq!(
            plain("the header must be `x1,x2,label` (found `abc`)"),
            "the header must be ‘x1,x2,label’ (found ‘abc’)"
        );
        assert_eq!(plain("no quotes"), "no quotes");
    }
}
