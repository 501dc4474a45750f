//! The recorder's texts in English and Vietnamese.

use super::super::i18n::Text;

const fn text(en: &'static str, vi: &'static str) -> Text {
    Text { en, vi }
}

/// File → Record GIF.
pub const RECORD_GIF: Text = text("Record GIF", "Ghi GIF");
/// Its tooltip.
pub const RECORD_TIP: Text = text(
    "Records the plots (data plot and right column) 10 times a second while you train, then saves an animated GIF for slides",
    "Ghi lại các đồ thị (đồ thị dữ liệu và cột bên phải) 10 lần mỗi giây khi huấn luyện, rồi lưu thành ảnh GIF động cho bài giảng",
);
/// The toggle while recording.
pub const STOP_RECORDING: Text = text("Stop recording and save GIF…", "Dừng ghi và lưu GIF…");
/// The indicator's words: "● REC n frames".
pub const REC: Text = text("REC", "GHI");
/// Frames.
pub const FRAMES: Text = text("frames", "khung hình");
/// The save dialog's title, and the File item for a recording not yet saved.
pub const SAVE_GIF: Text = text("Save recording as GIF…", "Lưu bản ghi thành GIF…");
/// Throws away a recording not yet saved.
pub const DISCARD_RECORDING: Text = text("Discard recording", "Bỏ bản ghi");
/// A save failed: the frames stay.
pub const NOT_SAVED: Text = text(
    "The GIF was not saved; the frames are kept (File → Save recording as GIF…):",
    "Chưa lưu được GIF; các khung hình vẫn được giữ (Tệp → Lưu bản ghi thành GIF…):",
);
/// The recording reached its frame limit.
pub const FULL: Text = text(
    "The recording is full (600 frames): stopped; save it from the File menu",
    "Bản ghi đã đầy (600 khung hình): đã dừng; hãy lưu từ menu Tệp",
);

/// Every text, for the glyph test.
pub const ALL: &[Text] = &[
    RECORD_GIF,
    RECORD_TIP,
    STOP_RECORDING,
    REC,
    FRAMES,
    SAVE_GIF,
    DISCARD_RECORDING,
    NOT_SAVED,
    FULL,
];
