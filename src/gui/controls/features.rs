//! The input features φ(x) in the side panel: one toggle per feature (x₁, x₂, x₁², x₂², x₁x₂,
//! sin x₁, sin x₂), each labelled "feature x₁²" for screen readers and tests. Toggling one
//! changes the settings; the app rebuilds the network with the new input count.

use super::super::i18n as t;
use super::super::settings::Settings;
use crate::data::Feature;
use egui::Ui;

/// The accessible label of a feature's toggle, e.g. "feature x₁²".
pub fn feature_label(f: Feature, lang: t::Lang) -> String {
    format!("{} {}", t::FEATURE.get(lang), f.symbol())
}

pub(super) fn features_ui(ui: &mut Ui, s: &mut Settings) {
    let lang = s.lang;
    ui.label(t::FEATURES.get(lang))
        .on_hover_text(t::FEATURES_TIP.get(lang));
    ui.horizontal_wrapped(|ui| {
        for f in Feature::ALL {
            let on = s.config.features.contains(f);
            let next = s.config.features.toggled(f);
            let r = ui
                .add_enabled(next.is_some(), egui::Button::selectable(on, f.symbol()))
                .on_hover_text(t::FEATURES_TIP.get(lang))
                .on_disabled_hover_text(t::FEATURES_KEEP_ONE.get(lang));
            // The button shows the symbol; screen readers and tests find "feature x₁²".
            let label = feature_label(f, lang);
            r.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::CheckBox, next.is_some(), on, &label)
            });
            if r.clicked()
                && let Some(n) = next
            {
                s.config.features = n;
            }
        }
    });
}
