//! The app in an egui_kittest harness, for the UI tests: the real app with the app's fonts,
//! driven frame by frame while its training thread answers on its own.

use egui_kittest::Harness;
use perceptron_lab::cli::AppArgs;
use perceptron_lab::gui::PerceptronApp;
use std::time::{Duration, Instant};

/// The app started as with these flags, in a 1280×800 window.
pub fn harness_with(args: AppArgs) -> Harness<'static, PerceptronApp> {
    harness_of(perceptron_lab::cli::app::startup(&args).expect("valid flags"))
}

/// The app started from `startup`, in a 1280×800 window.
pub fn harness_of(
    startup: perceptron_lab::gui::startup::Startup,
) -> Harness<'static, PerceptronApp> {
    harness_sized(startup, egui::vec2(1280.0, 800.0))
}

/// The app started from `startup`, in a window of `size` pixels (the app's UI scale then
/// divides it into points, as on a real screen).
pub fn harness_sized(
    startup: perceptron_lab::gui::startup::Startup,
    size: egui::Vec2,
) -> Harness<'static, PerceptronApp> {
    let app = PerceptronApp::new(&egui::Context::default(), startup, None);
    Harness::builder()
        .with_size(size)
        .with_context_setup(perceptron_lab::gui::fonts::install)
        .build_ui_state(
            |ui, app: &mut PerceptronApp| {
                app.update_state(&ui.ctx().clone());
                app.ui(ui);
            },
            app,
        )
}

/// Steps frames until `done` holds for the app, failing after 20 s.
pub fn wait_until(
    h: &mut Harness<'static, PerceptronApp>,
    what: &str,
    done: impl Fn(&PerceptronApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        h.step();
        if done(h.state()) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}
