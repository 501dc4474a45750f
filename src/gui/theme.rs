//! Colours and sizes in one place. Class colours are the Okabe–Ito palette, which stays
//! distinguishable for colour-blind students.

use egui::Color32;

/// Class colours (Okabe–Ito): blue, orange, bluish green, vermillion, reddish purple, sky
/// blue, yellow, black.
pub const CLASS_COLORS: [Color32; 8] = [
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xE6, 0x9F, 0x00),
    Color32::from_rgb(0x00, 0x9E, 0x73),
    Color32::from_rgb(0xD5, 0x5E, 0x00),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
    Color32::from_rgb(0xF0, 0xE4, 0x42),
    Color32::from_rgb(0x33, 0x33, 0x33),
];

/// The colour of class c.
pub fn class_color(c: usize) -> Color32 {
    CLASS_COLORS[c % CLASS_COLORS.len()]
}

/// The plot background the regions are blended into.
pub fn region_base(dark: bool) -> [f32; 3] {
    if dark {
        [0.12, 0.12, 0.13]
    } else {
        [1.0, 1.0, 1.0]
    }
}

/// How strongly a fully certain region is tinted with its class colour.
pub const REGION_STRENGTH: f32 = 0.45;

/// The outline of a misclassified point.
pub fn mistake_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xFF, 0x55, 0x55)
    } else {
        Color32::from_rgb(0xC0, 0x00, 0x00)
    }
}

/// The decision boundary line.
pub fn boundary_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(235)
    } else {
        Color32::from_gray(20)
    }
}

/// The faint boundary before a perceptron update.
pub fn boundary_before_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(140)
    } else {
        Color32::from_gray(150)
    }
}

/// The folders of the file dialog (a manila yellow, darker on the light theme).
pub fn folder_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xE8, 0xC0, 0x5A)
    } else {
        Color32::from_rgb(0xD9, 0xA4, 0x2B)
    }
}

/// The normal vector w of the perceptron.
pub const NORMAL_COLOR: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);

/// The update arrow α·y·x̄.
pub const UPDATE_COLOR: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);

/// Highlighted points of the last update.
pub const HIGHLIGHT_COLOR: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);

/// Loss curves: total, data part, λ part; accuracy.
pub const LOSS_COLOR: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
/// The data-loss curve.
pub const DATA_LOSS_COLOR: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);
/// The λ-term curve.
pub const REG_LOSS_COLOR: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
/// The accuracy curve.
pub const ACCURACY_COLOR: Color32 = Color32::from_rgb(0x00, 0x72, 0xB2);

/// The rim drawn around data points, if any: light on the dark theme, where the blue class
/// would otherwise sink into its blue region.
pub fn point_outline(dark: bool) -> Option<Color32> {
    dark.then(|| Color32::from_gray(225))
}

/// The rim's width around a data point, in points.
pub const POINT_OUTLINE: f32 = 1.2;

/// Point radius in the data plot (points are scaled with the UI).
pub const POINT_RADIUS: f32 = 3.5;
/// Point radius when the dataset is tiny (logic gates).
pub const BIG_POINT_RADIUS: f32 = 9.0;
/// The side panel's width.
pub const SIDE_PANEL_WIDTH: f32 = 300.0;
/// Cells across the decision grid.
pub const GRID_CELLS: usize = 150;

/// The batch-loss envelope (min…max per bucket) behind the loss curve.
pub const ENVELOPE_COLOR: Color32 = Color32::from_rgba_premultiplied(0x6A, 0x2F, 0x00, 0x50);
/// Other runs' curves ("ghost curves").
pub const GHOST_COLOR: Color32 = Color32::from_rgba_premultiplied(0x70, 0x70, 0x70, 0x90);
/// The part of the current run after the step shown.
pub const FADED_ALPHA: f32 = 0.25;
/// A test curve: its training curve's colour, lighter (and dashed).
pub const TEST_CURVE_ALPHA: f32 = 0.55;
/// Marks where a setting, the data or the network changed.
pub const MARK_COLOR: Color32 = Color32::from_rgba_premultiplied(0x80, 0x60, 0xA0, 0xA0);
/// The timeline cursor.
pub const CURSOR_COLOR: Color32 = Color32::from_rgb(0xCC, 0x33, 0x33);
/// The labels of the marks.
pub const MARK_TEXT_COLOR: Color32 = Color32::from_rgb(0x6A, 0x3D, 0x9A);
