//! Recording for slides: the GIF encoder round-trips through the `gif` crate's decoder, the
//! frame schedule takes the steps computed by hand, and File → Record GIF starts, shows its
//! indicator, and keeps the frames when a save fails.

use egui::{Color32, ColorImage};
use egui_kittest::kittest::Queryable;
use perceptron_lab::gui::record::palette::{Histogram, Palette};
use perceptron_lab::gui::record::{FrameStore, crop, frame_steps, save};

mod common;
use common::{harness_with, wait_until};

const BLUE_REGION: Color32 = Color32::from_rgb(140, 190, 225);
const ORANGE_POINT: Color32 = Color32::from_rgb(230, 159, 0);

/// A plot-like frame: a region shade, a boundary column moving with `t`, and a point.
fn frame(w: usize, h: usize, t: usize) -> ColorImage {
    let mut img = ColorImage::filled([w, h], BLUE_REGION);
    for y in 0..h {
        img.pixels[y * w + (5 + t) % w] = Color32::BLACK;
    }
    for y in 10..14 {
        for x in 20..24 {
            img.pixels[y * w + x] = ORANGE_POINT;
        }
    }
    img
}

/// The decoded frames as shown (RGBA, each drawn over the one before: frames after the
/// first are the changed rectangle, transparent where nothing changed), their delays, and
/// the canvas size.
fn decode(bytes: &[u8]) -> (Vec<Vec<u8>>, Vec<u16>, [usize; 2]) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut d = options.read_info(bytes).expect("a GIF");
    let size = [usize::from(d.width()), usize::from(d.height())];
    let mut canvas = vec![0u8; 4 * size[0] * size[1]];
    let (mut frames, mut delays) = (Vec::new(), Vec::new());
    while let Some(f) = d.read_next_frame().expect("a frame") {
        let (l, t, fw) = (
            usize::from(f.left),
            usize::from(f.top),
            usize::from(f.width),
        );
        assert!(l + fw <= size[0] && t + usize::from(f.height) <= size[1]);
        for (i, px) in f.buffer.chunks_exact(4).enumerate() {
            if px[3] > 0 {
                let at = 4 * ((t + i / fw) * size[0] + l + i % fw);
                canvas[at..at + 4].copy_from_slice(px);
            }
        }
        frames.push(canvas.clone());
        delays.push(f.delay);
    }
    (frames, delays, size)
}

fn near(a: [u8; 3], b: Color32, tol: u8) -> bool {
    a.iter()
        .zip([b.r(), b.g(), b.b()])
        .all(|(&x, y)| x.abs_diff(y) <= tol)
}

#[test]
fn the_encoder_round_trips_frames_size_delays_and_colours() {
    let (w, h) = (64, 40);
    let mut store = FrameStore::default();
    for t in 0..5 {
        assert!(store.push(&frame(w, h, t), 10));
    }
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("out.gif");
    let summary = save(&store, &path, 10.0).expect("saved");
    assert_eq!((summary.frames, summary.size), (5, [64, 40]));
    assert_eq!(summary.seconds, 0.5);
    let bytes = std::fs::read(&path).expect("the file");
    assert_eq!(summary.bytes, bytes.len() as u64);
    let (frames, delays, size) = decode(&bytes);
    assert_eq!((frames.len(), size), (5, [64, 40]));
    assert_eq!(delays, vec![10; 5]);
    let px = |f: &Vec<u8>, x: usize, y: usize| {
        let i = 4 * (y * w + x);
        [f[i], f[i + 1], f[i + 2]]
    };
    // Few colours: each comes back exactly (a box's colour is the mean of its pixels).
    assert!(near(px(&frames[0], 0, 0), BLUE_REGION, 0));
    assert!(near(px(&frames[2], 21, 11), ORANGE_POINT, 0));
    assert!(near(px(&frames[3], 8, 30), Color32::BLACK, 0));
    assert!(near(px(&frames[4], 8, 30), BLUE_REGION, 0));
    assert!(
        summary
            .to_string()
            .starts_with("recorded 5 frames, 64x40, 10 fps, 0.5 s, ")
    );
}

#[test]
fn a_repeated_frame_lengthens_the_one_before() {
    let mut store = FrameStore::default();
    for t in [0, 0, 0, 1] {
        store.push(&frame(32, 24, t), 10);
    }
    assert_eq!((store.offered(), store.frames().len()), (4, 2));
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("out.gif");
    let summary = save(&store, &path, 10.0).expect("saved");
    assert_eq!((summary.frames, summary.distinct), (4, 2));
    let (frames, delays, _) = decode(&std::fs::read(&path).expect("the file"));
    assert_eq!((frames.len(), delays), (2, vec![30, 10]));
}

#[test]
fn many_colours_get_at_most_256_each_pixel_near_its_own() {
    // A smooth shade of 64 × 64 colours (a confidence gradient), more than GIF holds.
    let (w, h) = (256, 64);
    let mut img = ColorImage::filled([w, h], Color32::WHITE);
    for y in 0..h {
        for x in 0..w {
            img.pixels[y * w + x] = Color32::from_rgb(x as u8, (4 * y) as u8, 200);
        }
    }
    let mut hist = Histogram::default();
    for c in &img.pixels {
        hist.add(c.r(), c.g(), c.b());
    }
    assert!(hist.distinct() > 256);
    let p = Palette::median_cut(&hist, 256);
    assert!(p.len() <= 256 && p.len() > 200, "{} colours", p.len());
    let mut store = FrameStore::default();
    store.push(&img, 10);
    store.push(&frame(w, h, 0), 10);
    let mut bytes = Vec::new();
    perceptron_lab::gui::record::encode::encode(&store, &mut bytes).expect("encoded");
    let (frames, _, _) = decode(&bytes);
    let worst = img
        .pixels
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let d = &frames[0][4 * i..4 * i + 3];
            d[0].abs_diff(c.r())
                .max(d[1].abs_diff(c.g()))
                .max(d[2].abs_diff(c.b()))
        })
        .max()
        .unwrap_or(0);
    assert!(worst <= 24, "worst channel error {worst}");
    // The second frame's few colours stay close although the palette is shared.
    let i = 4 * (11 * w + 21);
    assert!(near(
        [frames[1][i], frames[1][i + 1], frames[1][i + 2]],
        ORANGE_POINT,
        8
    ));
}

#[test]
fn the_frames_are_spread_evenly_over_the_run() {
    // round(i·n/(K−1)), halves up, worked by hand.
    assert_eq!(frame_steps(0, 10, 4), vec![0, 3, 7, 10]);
    assert_eq!(frame_steps(0, 3000, 2), vec![0, 3000]);
    assert_eq!(
        frame_steps(100, 5, 11),
        vec![100, 101, 101, 102, 102, 103, 103, 104, 104, 105, 105]
    );
    let s = frame_steps(0, 3000, 30);
    assert_eq!(s.len(), 30);
    // 3000/29 = 103.45…, 2·3000/29 = 206.9, 15·3000/29 = 1551.7.
    assert_eq!((s[0], s[1], s[2], s[15], s[29]), (0, 103, 207, 1552, 3000));
    assert_eq!(frame_steps(7, 0, 3), vec![7, 7, 7]);
    assert_eq!(frame_steps(0, u64::MAX, 2), vec![0, u64::MAX]);
}

#[test]
fn a_crop_outside_the_image_is_clamped() {
    let img = frame(40, 30, 0);
    let inside = crop(
        &img,
        egui::Rect::from_min_max([5., 5.].into(), [15., 10.].into()),
        2.0,
    );
    assert_eq!(inside.size, [20, 10]);
    let over = crop(
        &img,
        egui::Rect::from_min_max([30., 20.].into(), [90., 90.].into()),
        1.0,
    );
    assert_eq!(over.size, [10, 10]);
}

/// A few frames: a click, then the menu that opens, then what it shows.
fn steps(h: &mut egui_kittest::Harness<'static, perceptron_lab::gui::PerceptronApp>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

#[test]
fn file_record_gif_starts_shows_rec_and_keeps_frames_when_a_save_fails() {
    let mut h = harness_with(perceptron_lab::cli::AppArgs::default());
    wait_until(&mut h, "the first snapshot", |a| a.snap.is_some());
    h.get_by_label("File").click();
    steps(&mut h, 3);
    h.get_by_label("Record GIF").click();
    steps(&mut h, 3);
    assert_eq!(h.state().recording_frames(), Some(0));
    assert!(
        h.query_by_label_contains("● REC").is_some(),
        "the indicator shows"
    );
    h.get_by_label("File").click();
    steps(&mut h, 3);
    h.get_by_label("Stop recording and save GIF…").click();
    steps(&mut h, 3);
    assert_eq!(h.state().recording_frames(), None);

    // A stopped recording (frames given here: the harness takes no screenshots).
    let mut store = FrameStore::default();
    store.push(&frame(32, 24, 0), 10);
    store.push(&frame(32, 24, 1), 10);
    h.state_mut().keep_recording(store, 10.0);
    let dir = tempfile::tempdir().expect("a folder");
    h.state_mut()
        .save_recording(&dir.path().join("no-such-folder").join("r.gif"));
    let banner = h.state().banner.clone().expect("a notice");
    assert!(
        banner.error && banner.text.contains("not saved"),
        "{banner:?}"
    );
    assert!(h.state().has_unsaved_recording(), "the frames are kept");
    let path = dir.path().join("r.gif");
    h.state_mut().save_recording(&path);
    let banner = h.state().banner.clone().expect("a notice");
    assert!(
        !banner.error && banner.text.starts_with("recorded 2 frames, 32x24, 10 fps"),
        "{banner:?}"
    );
    assert!(!h.state().has_unsaved_recording());
    assert_eq!(decode(&std::fs::read(&path).expect("the GIF")).0.len(), 2);
}
