//! The transport row: Play (Pause while playing), Step, Step epoch, Step back and Reset. It
//! is pinned outside every scrolling area, so no layout can scroll it away; each button is
//! named by its text for screen readers and tests.

use super::{Action, RunState};
use crate::gui::i18n::{self as t, Lang};
use crate::train::{Command, ModelKind};
use egui::{Button, RichText, Ui};

/// How the row is drawn.
#[derive(Clone, Copy, Debug)]
pub struct TransportLook {
    /// Step epoch and Step back too (a compact window keeps them in the Training section).
    pub all: bool,
    /// Type size in points (None: the UI's own), large in presentation mode.
    pub size: Option<f32>,
}

/// Draws the row into `ui` (laid out by the caller); returns the buttons pressed.
pub fn transport_ui(
    ui: &mut Ui,
    model: ModelKind,
    lang: Lang,
    run: &RunState,
    look: TransportLook,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let text = |s: &str| match look.size {
        Some(size) => RichText::new(s.to_owned()).size(size),
        None => RichText::new(s.to_owned()),
    };
    if run.running {
        if ui
            .button(text(t::PAUSE.get(lang)))
            .on_hover_text(t::PLAY_TIP.get(lang))
            .clicked()
        {
            actions.push(Action::Send(Command::Pause));
        }
    } else if ui
        .add_enabled(!run.stopped, Button::new(text(t::PLAY.get(lang))))
        .on_hover_text(t::PLAY_TIP.get(lang))
        .on_disabled_hover_text(t::DIVERGED_HINT.get(lang))
        .clicked()
    {
        actions.push(Action::Send(Command::Play));
    }
    if ui
        .add_enabled(!run.stopped, Button::new(text(t::STEP.get(lang))))
        .on_hover_text(t::STEP_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::Send(Command::Step(1)));
    }
    if look.all {
        step_more_ui(ui, model, lang, run, &mut actions);
    }
    if ui
        .button(text(t::RESET.get(lang)))
        .on_hover_text(t::RESET_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::NewWeights);
    }
    actions
}

/// Step epoch (Step pass for the perceptron) and Step back.
pub fn step_more_ui(
    ui: &mut Ui,
    model: ModelKind,
    lang: Lang,
    run: &RunState,
    actions: &mut Vec<Action>,
) {
    let epoch = if model == ModelKind::Perceptron {
        t::STEP_PASS
    } else {
        t::STEP_EPOCH
    };
    if ui
        .add_enabled(!run.stopped, Button::new(epoch.get(lang)))
        .on_hover_text(t::STEP_EPOCH_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::Send(Command::StepEpoch));
    }
    if ui
        .add_enabled(run.can_step_back, Button::new(t::STEP_BACK.get(lang)))
        .on_hover_text(t::STEP_BACK_TIP.get(lang))
        .on_disabled_hover_text(t::STEP_BACK_TIP.get(lang))
        .clicked()
    {
        actions.push(Action::Send(Command::StepBack));
    }
}
