//! The desktop app (feature `gui`): it draws [`crate::train::Snapshot`]s and sends
//! [`crate::train::Command`]s to the training thread; it never runs the model itself.

pub mod app;
pub mod arrangement;
pub mod autosave;
pub mod code_dialog;
pub mod controls;
pub mod data_plot;
pub mod export;
pub mod file_errors;
pub mod files;
pub mod fonts;
pub mod formulas;
pub mod heatmap;
pub mod i18n;
pub mod lesson_view;
pub mod loss_plot;
pub mod network_diagram;
pub mod network_layout;
pub mod network_view;
pub mod notices;
pub mod panels;
pub mod perceptron_plot;
pub mod plot_legend;
pub mod plot_ticks;
pub mod presets;
pub mod record;
pub mod regions_note;
pub mod scale;
pub mod screenshot;
pub mod settings;
pub mod startup;
pub mod status;
pub mod test_curves;
pub mod test_points;
pub mod theme;
pub mod weight_matrix;

pub use app::PerceptronApp;

/// What to say when there is no display to open a window on.
pub const NO_DISPLAY: &str = "cannot open the app's window: no display (DISPLAY and WAYLAND_DISPLAY are unset); \
     the headless subcommands work anywhere: train, eval, gradcheck, bench (see --help)";

/// Opens the window (or explains why it cannot).
pub fn run(startup: startup::Startup) -> Result<(), String> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(NO_DISPLAY.into());
    }
    let screenshot = startup.screenshot.is_some() || startup.record.is_some();
    let record_failure = startup.record.as_ref().map(|r| r.failure.clone());
    let size = startup.window_size.unwrap_or([1280.0, 800.0]);
    let mut options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_inner_size(size)
            .with_min_inner_size([720.0, 480.0])
            .with_title("Perceptron Lab")
            .with_app_id("perceptron-lab"),
        persist_window: !screenshot,
        ..Default::default()
    };
    if screenshot {
        // A storage file of its own, never read before, so that nothing saved is used or
        // overwritten (window geometry included).
        let private = std::env::temp_dir().join(format!(
            "perceptron-lab-screenshot-{}.ron",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&private);
        options.persistence_path = Some(private);
    }
    let result = eframe::run_native(
        "perceptron-lab",
        options,
        Box::new(move |cc| Ok(Box::new(PerceptronApp::from_creation(cc, startup)))),
    );
    if screenshot {
        let _ = std::fs::remove_file(std::env::temp_dir().join(format!(
            "perceptron-lab-screenshot-{}.ron",
            std::process::id()
        )));
    }
    result.map_err(|e| format!("cannot open the app's window ({e}); the headless subcommands still work: train, eval, gradcheck, bench"))?;
    let failed = record_failure.and_then(|f| {
        f.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    });
    match failed {
        Some(reason) => Err(format!("the recording was not saved: {reason}")),
        None => Ok(()),
    }
}
