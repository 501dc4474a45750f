//! The app's fonts: Noto Sans first (egui's built-in font lacks many Vietnamese letters such
//! as ạ ấ ầ ắ ặ ể ọ ố ộ ợ ừ), egui's own fonts behind it for symbols and emoji.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// Installs the app's fonts; tests install the same ones.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        "noto-sans",
        FontData::from_static(ttf_noto_sans::REGULAR),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Highest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
