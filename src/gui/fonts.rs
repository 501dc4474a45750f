//! The app's fonts: Noto Sans first (egui's built-in font lacks many Vietnamese letters such
//! as ạ ấ ầ ắ ặ ể ọ ố ộ ợ ừ), egui's own fonts behind it, and last a subset of DejaVu Sans
//! for the lecture's notation that neither has (∈, ∂, ⊙, subscripts ₀₁₂, superscripts ⁽⁾,
//! combining bars as in x̄). The subset is `assets/fonts/DejaVuSans-symbols.ttf` (DejaVu's
//! licence beside it).

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
    ctx.add_font(FontInsert::new(
        "dejavu-symbols",
        FontData::from_static(DEJAVU_SYMBOLS),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}

/// Greek, arrows, mathematical operators, sub- and superscripts and combining marks from
/// DejaVu Sans.
const DEJAVU_SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-symbols.ttf");
