//! An egui-native file dialog (a path field and the folder's files), so that opening and
//! saving work on a plain X11 session without a desktop portal.

use super::i18n::{self as t, Lang};
use egui::Ui;
use std::path::{Path, PathBuf};

/// What the dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Read a CSV dataset.
    OpenData,
    /// Write the dataset as CSV.
    SaveData,
    /// Read a JSON model.
    OpenModel,
    /// Write the model as JSON.
    SaveModel,
    /// Write a PNG of the window.
    ExportPng,
    /// Read a scenario (its runs are replayed).
    OpenScenario,
    /// Write the session as a scenario (setup and every action).
    SaveScenario,
    /// Write every run's curves as CSV.
    ExportCurves,
    /// Read a lesson (scenes with texts).
    OpenLesson,
    /// Write the open lesson.
    SaveLesson,
    /// Write the recording as an animated GIF.
    SaveGif,
}

impl FileKind {
    fn extension(self) -> &'static str {
        match self {
            Self::OpenData | Self::SaveData | Self::ExportCurves => "csv",
            Self::OpenModel
            | Self::SaveModel
            | Self::OpenScenario
            | Self::SaveScenario
            | Self::OpenLesson
            | Self::SaveLesson => "json",
            Self::ExportPng => "png",
            Self::SaveGif => "gif",
        }
    }

    fn title(self, lang: Lang) -> &'static str {
        match self {
            Self::OpenData => t::OPEN_DATA.get(lang),
            Self::SaveData => t::SAVE_DATA.get(lang),
            Self::OpenModel => t::OPEN_MODEL.get(lang),
            Self::SaveModel => t::SAVE_MODEL.get(lang),
            Self::ExportPng => t::EXPORT_PNG.get(lang),
            Self::OpenScenario => t::OPEN_SCENARIO.get(lang),
            Self::SaveScenario => t::SAVE_SCENARIO.get(lang),
            Self::ExportCurves => t::EXPORT_CURVES.get(lang),
            Self::OpenLesson => t::OPEN_LESSON.get(lang),
            Self::SaveLesson => t::SAVE_LESSON.get(lang),
            Self::SaveGif => super::record::texts::SAVE_GIF.get(lang),
        }
    }

    /// True for the dialogs that write.
    pub fn saves(self) -> bool {
        matches!(
            self,
            Self::SaveData
                | Self::SaveModel
                | Self::ExportPng
                | Self::SaveScenario
                | Self::ExportCurves
                | Self::SaveLesson
                | Self::SaveGif
        )
    }
}

/// The dialog's state.
pub struct FileDialog {
    /// What it is for.
    pub kind: FileKind,
    path: String,
    dir: PathBuf,
    entries: Vec<(String, bool)>,
    /// A file that exists and would be overwritten: asked about before saving.
    confirm: Option<PathBuf>,
}

/// How the dialog ended.
pub enum DialogOutcome {
    /// The user chose this path.
    Chosen(PathBuf),
    /// The user cancelled.
    Cancelled,
}

impl FileDialog {
    /// A dialog starting in `dir`, with a suggested file name when saving.
    pub fn new(kind: FileKind, dir: &Path) -> Self {
        let name = match kind {
            FileKind::SaveData => "data.csv",
            FileKind::SaveModel => "model.json",
            FileKind::ExportPng => "perceptron-lab.png",
            FileKind::SaveScenario => "scenario.json",
            FileKind::ExportCurves => "curves.csv",
            FileKind::SaveLesson => "lesson.json",
            FileKind::SaveGif => "perceptron-lab.gif",
            FileKind::OpenData
            | FileKind::OpenModel
            | FileKind::OpenScenario
            | FileKind::OpenLesson => "",
        };
        let mut d = Self {
            kind,
            path: dir.join(name).display().to_string(),
            dir: dir.to_path_buf(),
            entries: Vec::new(),
            confirm: None,
        };
        d.list();
        d
    }

    fn list(&mut self) {
        let ext = self.kind.extension();
        let mut entries: Vec<(String, bool)> = std::fs::read_dir(&self.dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                        (is_dir && !name.starts_with('.') || name.ends_with(&format!(".{ext}")))
                            .then_some((name, is_dir))
                    })
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.entries = entries;
    }

    /// The user chose `path`: a save over an existing file is asked about first.
    pub fn choose(&mut self, path: PathBuf) -> Option<DialogOutcome> {
        if self.kind.saves() && path.is_file() && self.confirm.as_ref() != Some(&path) {
            self.confirm = Some(path);
            return None;
        }
        Some(DialogOutcome::Chosen(path))
    }

    /// Draws the dialog window; returns how it ended, if it did.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Option<DialogOutcome> {
        let mut outcome = None;
        let mut chosen = None;
        egui::Window::new(self.kind.title(lang))
            .collapsible(false)
            .resizable(true)
            .default_width(520.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui: &mut Ui| {
                ui.horizontal(|ui| {
                    let l = ui.label(t::PATH.get(lang));
                    let r = ui
                        .add(egui::TextEdit::singleline(&mut self.path).desired_width(420.0))
                        .labelled_by(l.id);
                    if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        chosen = Some(PathBuf::from(&self.path));
                    }
                });
                ui.label(self.dir.display().to_string());
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        if let Some(parent) = self.dir.parent()
                            && folder_row_ui(ui, "..", false).clicked()
                        {
                            self.dir = parent.to_path_buf();
                            self.list();
                        }
                        let mut open_dir = None;
                        for (name, is_dir) in &self.entries {
                            let selected = self.path.ends_with(name.as_str());
                            let r = if *is_dir {
                                folder_row_ui(ui, name, selected)
                            } else {
                                ui.selectable_label(selected, name)
                            };
                            if r.clicked() {
                                if *is_dir {
                                    open_dir = Some(self.dir.join(name));
                                } else {
                                    self.path = self.dir.join(name).display().to_string();
                                }
                            }
                            if r.double_clicked() && !is_dir {
                                chosen = Some(self.dir.join(name));
                            }
                        }
                        if let Some(d) = open_dir {
                            let file = Path::new(&self.path).file_name().map(|f| f.to_owned());
                            self.dir = d;
                            if let Some(f) = file.filter(|_| self.kind.saves()) {
                                self.path = self.dir.join(f).display().to_string();
                            }
                            self.list();
                        }
                    });
                if let Some(path) = self.confirm.clone() {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!(
                            "{} {}",
                            path.display(),
                            t::EXISTS_OVERWRITE.get(lang)
                        ));
                        if ui.button(t::OVERWRITE.get(lang)).clicked() {
                            outcome = Some(DialogOutcome::Chosen(path));
                        }
                        if ui.button(t::KEEP_IT.get(lang)).clicked() {
                            self.confirm = None;
                        }
                    });
                }
                ui.horizontal(|ui| {
                    let ok = if self.kind.saves() { t::SAVE } else { t::OPEN };
                    if ui.button(ok.get(lang)).clicked() {
                        chosen = Some(PathBuf::from(&self.path));
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        outcome = Some(DialogOutcome::Cancelled);
                    }
                });
            });
        if let Some(path) = chosen {
            outcome = self.choose(path);
        }
        outcome
    }
}

/// Writes an RGBA image as PNG, atomically (a failed save leaves the previous file whole).
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), crate::fsio::FsError> {
    crate::fsio::write_atomic_with(path, |out| {
        let [w, h] = image.size;
        let mut encoder = png::Encoder::new(out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
        let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
        writer
            .write_image_data(&bytes)
            .map_err(std::io::Error::other)?;
        writer.finish().map_err(std::io::Error::other)
    })
}

/// A folder's row: a folder drawn in front of its name. The bundled fonts have no folder
/// glyph (egui's emoji fonts are not compiled in), so the icon is painted: a tab on a body.
fn folder_row_ui(ui: &mut egui::Ui, name: &str, selected: bool) -> egui::Response {
    ui.horizontal(|ui| {
        let h = ui.text_style_height(&egui::TextStyle::Body);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(1.3 * h, h), egui::Sense::hover());
        let color = super::theme::folder_color(ui.visuals().dark_mode);
        let body = egui::Rect::from_min_max(
            rect.left_top() + egui::vec2(0.05 * h, 0.3 * h),
            rect.right_bottom() - egui::vec2(0.05 * h, 0.1 * h),
        );
        let tab = egui::Rect::from_min_size(
            rect.left_top() + egui::vec2(0.05 * h, 0.15 * h),
            egui::vec2(0.5 * h, 0.25 * h),
        );
        let painter = ui.painter();
        painter.rect_filled(tab, 0.08 * h, color);
        painter.rect_filled(body, 0.1 * h, color);
        ui.selectable_label(selected, name)
    })
    .inner
}
