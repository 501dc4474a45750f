//! Recording for slides in the app: File → Record GIF (start and stop), the red
//! "● REC n frames" indicator, saving with a notice that states frames, size, rate and file
//! size, and `--record` runs. A recording whose save failed is kept until it is saved or
//! discarded.

use super::super::files::{FileDialog, FileKind};
use super::super::record::live::LiveRecorder;
use super::super::record::run::RecordJob;
use super::super::record::texts as rt;
use super::super::record::{FrameStore, save};
use super::super::status::Banner;
use super::PerceptronApp;
use egui::{Color32, RichText, Ui};

/// The recorder's state in the app.
#[derive(Default)]
pub struct Recording {
    /// A `--record` run.
    pub job: Option<RecordJob>,
    /// File → Record GIF, while it records.
    pub live: Option<LiveRecorder>,
    /// A stopped recording not saved yet (its frames a second).
    pub unsaved: Option<(FrameStore, f64)>,
    /// The plots' rectangle in the last frame (points): what is captured.
    pub plots: Option<egui::Rect>,
}

impl PerceptronApp {
    /// The File menu's items: Record GIF / Stop, and for a stopped recording Save and
    /// Discard.
    pub(super) fn record_menu_ui(&mut self, ui: &mut Ui) {
        let lang = self.settings.lang;
        ui.separator();
        if self.recording.live.is_some() {
            if ui.button(rt::STOP_RECORDING.get(lang)).clicked() {
                self.stop_recording();
                ui.close();
            }
            return;
        }
        let free = self.recording.unsaved.is_none();
        if ui
            .add_enabled(free, egui::Button::new(rt::RECORD_GIF.get(lang)))
            .on_hover_text(rt::RECORD_TIP.get(lang))
            .on_disabled_hover_text(rt::SAVE_GIF.get(lang))
            .clicked()
        {
            self.start_recording();
            ui.close();
        }
        if !free {
            if ui.button(rt::SAVE_GIF.get(lang)).clicked() {
                self.ask_where_to_save();
                ui.close();
            }
            if ui.button(rt::DISCARD_RECORDING.get(lang)).clicked() {
                self.recording.unsaved = None;
                ui.close();
            }
        }
    }

    /// The red "● REC n frames" in the menu bar while recording.
    pub(super) fn record_indicator_ui(&self, ui: &mut Ui) {
        if let Some(live) = &self.recording.live {
            let lang = self.settings.lang;
            let text = format!(
                "● {} {} {}",
                rt::REC.get(lang),
                live.frames(),
                rt::FRAMES.get(lang)
            );
            ui.label(
                RichText::new(text)
                    .color(Color32::from_rgb(220, 30, 30))
                    .strong(),
            );
        }
    }

    /// Starts File → Record GIF.
    pub fn start_recording(&mut self) {
        if self.recording.unsaved.is_none() {
            self.recording.live = Some(LiveRecorder::default());
            self.ctx.request_repaint();
        }
    }

    /// Stops the recording and asks where to save it.
    pub fn stop_recording(&mut self) {
        if let Some(live) = self.recording.live.take() {
            let fps = live.fps();
            let store = live.finish();
            if !store.is_empty() {
                self.recording.unsaved = Some((store, fps));
                self.ask_where_to_save();
            }
        }
    }

    /// True while File → Record GIF records; the frames captured so far.
    pub fn recording_frames(&self) -> Option<usize> {
        self.recording.live.as_ref().map(LiveRecorder::frames)
    }

    /// Keeps frames as a stopped recording waiting to be saved (what Stop does; tests give
    /// frames of their own, as the harness takes no screenshots).
    pub fn keep_recording(&mut self, store: FrameStore, fps: f64) {
        self.recording.unsaved = Some((store, fps));
    }

    /// True when a stopped recording waits to be saved.
    pub fn has_unsaved_recording(&self) -> bool {
        self.recording.unsaved.is_some()
    }

    fn ask_where_to_save(&mut self) {
        let dir = std::env::current_dir().unwrap_or_default();
        self.dialog = Some(FileDialog::new(FileKind::SaveGif, &dir));
    }

    /// Saves the stopped recording to `path`; the notice states what was written, or why
    /// not (the frames are then kept).
    pub fn save_recording(&mut self, path: &std::path::Path) {
        let lang = self.settings.lang;
        let Some((store, fps)) = &self.recording.unsaved else {
            return;
        };
        self.banner = Some(match save(store, path, *fps) {
            Ok(summary) => {
                self.recording.unsaved = None;
                Banner {
                    text: summary.to_string(),
                    error: false,
                }
            }
            Err(e) => Banner {
                text: format!("{} {e}", rt::NOT_SAVED.get(lang)),
                error: true,
            },
        });
    }

    /// Every frame: advances a `--record` run and captures File → Record GIF's frames.
    pub(super) fn record_tick(&mut self, ctx: &egui::Context) {
        let plots = self.recording.plots;
        if let Some(job) = &mut self.recording.job {
            let worker = &self.worker;
            let mut send = |c| {
                if let Some(w) = worker {
                    w.send(c);
                }
            };
            if let Some(done) = job.advance(ctx, self.snap.as_deref(), plots, &mut send) {
                match done {
                    Ok(summary) => println!("{summary}"),
                    Err(e) => {
                        let failure = &job.request().failure;
                        *failure
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) =
                            Some(format!("{}: {e}", job.request().path.display()));
                    }
                }
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
        if let Some(live) = &mut self.recording.live {
            live.tick(ctx, plots);
            if live.is_full() {
                self.stop_recording();
                self.banner = Some(Banner {
                    text: rt::FULL.get(self.settings.lang).to_owned(),
                    error: false,
                });
            }
        }
    }
}
