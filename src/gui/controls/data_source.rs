//! Where the points come from: the dataset picker (the generators, and the CSV file opened
//! last, remembered across restarts) and the train/test split (the test-fraction slider and
//! "Show test data").

use super::{Action, dataset_name, labelled};
use crate::data::DatasetKind;
use crate::gui::i18n as t;
use crate::gui::settings::Settings;
use egui::{Slider, Ui};
use std::path::Path;

/// The picker's entry for a remembered CSV file: "Data from CSV: name.csv".
pub fn csv_entry(path: &Path, lang: t::Lang) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{}: {name}", t::DATA_FROM_CSV.get(lang))
}

/// The dataset picker: every generator, then the remembered CSV file (choosing it reloads it).
pub fn dataset_picker_ui(
    ui: &mut Ui,
    s: &mut Settings,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let lang = s.lang;
    let csv = s.csv_file.as_deref().map(|p| csv_entry(p, lang));
    let selected = match (&csv, s.csv_active) {
        (Some(name), true) => name.clone(),
        _ => dataset_name(s.data.kind, lang).to_owned(),
    };
    let (kind, csv_active) = (&mut s.data.kind, &mut s.csv_active);
    egui::ComboBox::from_id_salt("dataset")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            // The file first: a long list of generators would scroll it out of sight.
            if let Some(name) = &csv {
                if ui
                    .selectable_label(*csv_active, name)
                    .on_hover_text(t::DATA_FROM_CSV_TIP.get(lang))
                    .clicked()
                {
                    actions.push(Action::ReopenCsv);
                }
                ui.separator();
            }
            for k in DatasetKind::ALL {
                let on = !*csv_active && *kind == k;
                if ui.selectable_label(on, dataset_name(k, lang)).clicked() {
                    *kind = k;
                    *csv_active = false;
                }
            }
        })
        .response
}

/// The test-fraction slider (0 to 90 % in steps of 10 %) and the "Show test data" toggle.
pub fn split_ui(ui: &mut Ui, s: &mut Settings) {
    let lang = s.lang;
    labelled(
        ui,
        t::TEST_FRACTION.get(lang),
        t::TEST_FRACTION_TIP.get(lang),
        Slider::new(&mut s.test_fraction, 0.0..=crate::data::MAX_TEST_FRACTION)
            .step_by(0.1)
            .custom_formatter(|x, _| format!("{:.0} %", 100.0 * x))
            .custom_parser(|text| {
                let v: f64 = text.trim_end_matches('%').trim().parse().ok()?;
                Some(v / 100.0)
            }),
    );
    ui.checkbox(&mut s.show_test, t::SHOW_TEST.get(lang));
}
