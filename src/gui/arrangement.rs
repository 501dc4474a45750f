//! How the window is arranged at its size in points (the UI scale divides the pixels): the
//! side panel full, folded to a strip of icons, or hidden; the right column beside the data
//! plot or offered as views in its place; and a short window's compact chrome. Breakpoints
//! are widths and heights in points, so that every UI scale on every screen gets the same
//! rule, and the data plot stays the largest thing on screen (at least 40 % of the window).

/// The side panel's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideForm {
    /// Every control, in a scrolling column.
    Full,
    /// A strip of icons; a click opens that section over the plots.
    Strip,
    /// Hidden (Tab, or the menu bar's button).
    Hidden,
}

/// Where the right column's views go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CentralForm {
    /// The data plot, and the chosen view beside it.
    Columns,
    /// One view at a time in the whole central area, the data plot first.
    Views,
}

/// The arrangement for one frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrangement {
    /// The side panel.
    pub side: SideForm,
    /// The central area.
    pub central: CentralForm,
    /// A short window: the timeline moves into the curves view, the metrics keep one line,
    /// and Step epoch / Step back move from the transport row into the Training section.
    pub compact: bool,
    /// A tiny window (1280×800 at 300 %): the metrics strip gives its line to the plot.
    pub tiny: bool,
}

/// The full side panel's width, in points.
pub const FULL_PANEL: f32 = 280.0;
/// The icon strip's width, in points.
pub const STRIP: f32 = 30.0;
/// The right column's least width, in points (its tabs and curves stay readable).
pub const RIGHT_MIN: f32 = 240.0;
/// Below this height in points the window is compact.
pub const COMPACT_HEIGHT: f32 = 560.0;
/// Below this height in points the window is tiny.
pub const TINY_HEIGHT: f32 = 300.0;
/// The share of the window the data plot is given at least (the test's floor is 40 %).
pub const PLOT_SHARE: f32 = 0.44;
/// Points of height taken by the menu bar, the status rows, the banner row and the plot's
/// header: the rest is the data plot's.
const CHROME: f32 = 175.0;
/// The same in a compact window (no timeline row; one-line metrics).
const COMPACT_CHROME: f32 = 150.0;
/// Margins and separators across the window, in points.
const MARGINS: f32 = 30.0;

impl Arrangement {
    /// The arrangement of a window of `size` points; `show_panel` is the user's choice.
    pub fn for_window(size: egui::Vec2, show_panel: bool) -> Self {
        let compact = size.y < COMPACT_HEIGHT;
        let plot_w = plot_width_needed(size, compact);
        let fits = |panel: f32| size.x - panel - MARGINS >= plot_w + RIGHT_MIN;
        let side = match (show_panel, fits(FULL_PANEL)) {
            (false, _) => SideForm::Hidden,
            (true, true) => SideForm::Full,
            (true, false) => SideForm::Strip,
        };
        let panel = match side {
            SideForm::Full => FULL_PANEL,
            SideForm::Strip => STRIP,
            SideForm::Hidden => 0.0,
        };
        let central = if fits(panel) {
            CentralForm::Columns
        } else {
            CentralForm::Views
        };
        Self {
            side,
            central,
            compact,
            tiny: size.y < TINY_HEIGHT,
        }
    }
}

/// The width the data plot needs for [`PLOT_SHARE`] of a window of `size` points, given the
/// height left to it.
pub fn plot_width_needed(size: egui::Vec2, compact: bool) -> f32 {
    let chrome = if compact { COMPACT_CHROME } else { CHROME };
    let height = (size.y - chrome).max(80.0);
    PLOT_SHARE * size.x * size.y / height
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(w: f32, h: f32, scale: f32) -> Arrangement {
        Arrangement::for_window(egui::vec2(w / scale, h / scale), true)
    }

    #[test]
    fn a_wide_window_keeps_everything_and_a_projector_folds_the_panel() {
        let wide = at(1920.0, 1080.0, 1.0);
        assert_eq!(
            (wide.side, wide.central),
            (SideForm::Full, CentralForm::Columns)
        );
        assert!(!wide.compact);
        let big = at(1280.0, 800.0, 2.0);
        assert_eq!(big.side, SideForm::Strip);
        assert!(big.compact);
        let huge = at(1280.0, 800.0, 3.0);
        assert_eq!(
            (huge.side, huge.central),
            (SideForm::Strip, CentralForm::Views)
        );
    }

    #[test]
    fn a_hidden_panel_stays_hidden() {
        let a = Arrangement::for_window(egui::vec2(640.0, 400.0), false);
        assert_eq!(a.side, SideForm::Hidden);
    }
}
