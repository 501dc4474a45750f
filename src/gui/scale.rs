//! The UI scale for projectors, in fixed steps (a slider would run away under the pointer
//! as the window zooms): 100, 125, 150, 175, 200, 250 and 300 %, also by Ctrl + = / Ctrl + −
//! / Ctrl + 0.

/// The scales offered.
pub const SCALE_STEPS: [f32; 7] = [1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0];
/// The smallest and largest scale accepted (`--scale`, saved settings).
pub const SCALE_RANGE: (f32, f32) = (1.0, 3.0);

/// The index of the step nearest to `scale`.
pub fn nearest_step(scale: f32) -> usize {
    let mut best = 0;
    for (i, s) in SCALE_STEPS.iter().enumerate() {
        if (s - scale).abs() < (SCALE_STEPS[best] - scale).abs() {
            best = i;
        }
    }
    best
}

/// The next step up from `scale` (the largest stays).
pub fn step_up(scale: f32) -> f32 {
    SCALE_STEPS
        .iter()
        .copied()
        .find(|&s| s > scale + 1e-3)
        .unwrap_or(SCALE_STEPS[SCALE_STEPS.len() - 1])
}

/// The next step down from `scale` (the smallest stays).
pub fn step_down(scale: f32) -> f32 {
    SCALE_STEPS
        .iter()
        .rev()
        .copied()
        .find(|&s| s < scale - 1e-3)
        .unwrap_or(SCALE_STEPS[0])
}

/// The scale a key press asks for: Ctrl + = (or +) up, Ctrl + − down, Ctrl + 0 back to 100 %.
pub fn from_keys(i: &egui::InputState, scale: f32) -> Option<f32> {
    if !i.modifiers.command {
        return None;
    }
    if i.key_pressed(egui::Key::Equals) || i.key_pressed(egui::Key::Plus) {
        Some(step_up(scale))
    } else if i.key_pressed(egui::Key::Minus) {
        Some(step_down(scale))
    } else if i.key_pressed(egui::Key::Num0) {
        Some(1.0)
    } else {
        None
    }
}

/// The picker: one button per step, the current one selected.
pub fn picker_ui(ui: &mut egui::Ui, scale: &mut f32, label: &str, tip: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(label).on_hover_text(tip);
        let current = nearest_step(*scale);
        for (i, s) in SCALE_STEPS.iter().enumerate() {
            let text = format!("{:.0} %", s * 100.0);
            if ui
                .selectable_label(i == current, &text)
                .on_hover_text(tip)
                .clicked()
            {
                *scale = *s;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_up_and_down_and_stop_at_the_ends() {
        assert_eq!(step_up(1.0), 1.25);
        assert_eq!(
            step_up(1.1),
            1.25,
            "an old in-between value goes to the next step"
        );
        assert_eq!(step_up(3.0), 3.0);
        assert_eq!(step_down(2.5), 2.0);
        assert_eq!(step_down(1.0), 1.0);
        assert_eq!(nearest_step(1.7), 3);
    }
}
