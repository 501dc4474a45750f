//! `perceptron-lab bench --frame`: the app's own CPU time per frame, with no window and no
//! GPU. The whole app is laid out by egui at 1920×1080 and tessellated (what eframe hands the
//! GPU), with a new snapshot every frame as while training at full speed (every cache keyed by
//! the snapshot's sequence number is rebuilt), 1 000 000 steps of history in the curves, and
//! the largest network allowed (8 hidden layers of 1 024 units) with every unit's thumbnail.
//! The loss tab and the network tab are measured in turn.

use super::bench_session::default_run;
use super::out;
use crate::gui::PerceptronApp;
use crate::gui::settings::RightTab;
use crate::nn::{Confusion, Model};
use crate::train::curves::{MetricCurve, StepCurve};
use crate::train::grid::GridSpec;
use crate::train::history::Sample;
use crate::train::snapshot::{Snapshot, grid_and_boundary};
use crate::train::unit_maps::{UnitMapsJob, UnitMapsWanted};
use crate::train::{Session, Trainer};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Steps of history in the curves.
const HISTORY: u64 = 1_000_000;
/// The window.
const SIZE: egui::Vec2 = egui::vec2(1920.0, 1080.0);

/// A snapshot of an 8 × 1024 network after `HISTORY` steps (the curves filled with a
/// decaying loss; the weights are the initial ones, which cost the same to draw).
fn snapshot() -> Result<Snapshot, String> {
    let base = default_run()?;
    let mut config = base.config().clone();
    config.hidden_sizes = vec![1024; 8];
    let t = Trainer::new(&config, base.data().clone(), None).map_err(|e| e.to_string())?;
    let mut session = Session::new(t);
    let metrics = session.metrics_at_cursor();
    let mut view = session.view();
    let mut curve = StepCurve::default();
    let mut samples = MetricCurve::default();
    for step in 1..=HISTORY {
        let loss = 0.7 / (1.0 + step as f64 * 1e-4) + 0.01 * ((step % 97) as f64 / 97.0);
        curve.push(step, step / 20, loss);
        if samples.due(step) {
            samples.push(Sample {
                step,
                epoch: step / 20,
                loss,
                data_loss: loss * 0.9,
                reg_loss: loss * 0.1,
                accuracy: Some(1.0 - loss / 2.0),
                misclassified: Some((loss * 100.0) as usize),
            });
        }
    }
    let run = &mut view.runs[view.current];
    run.curve = Arc::new(curve);
    run.metrics = Arc::new(samples);
    run.head_step = HISTORY;
    view.step = HISTORY;
    view.playing = true;
    let Model::Mlp(m) = &*view.model else {
        return Err("the frame bench needs an MLP".into());
    };
    let spec = GridSpec::around(view.data.bounds(), 150);
    // The coarse picture a network this wide gets while training.
    let coarse = GridSpec {
        nx: 24,
        ny: 24,
        ..spec
    };
    let mut ws = crate::nn::Workspace::default();
    let (grid, boundary) = grid_and_boundary(&view.model, config.features, coarse, &mut ws);
    let wanted = UnitMapsWanted {
        thumbnails: true,
        focus: None,
    };
    let maps = UnitMapsJob::new(
        Arc::new(m.clone()),
        config.features,
        spec,
        (0, HISTORY, 0),
        wanted,
    )
    .run();
    let classes = view.data.class_count;
    Ok(Snapshot {
        seq: 1,
        running: true,
        metrics,
        test_metrics: None,
        test_confusion: None,
        grid: Some(grid),
        grid_step: HISTORY,
        grid_coarse: true,
        grid_age_ms: 0.0,
        boundary,
        updates_per_sec: 1.0,
        misclassified: Arc::new(Vec::new()),
        confusion: Arc::new(Confusion::new(classes)),
        unit_maps: Some(Arc::new(maps)),
        backprop: None,
        notices: Vec::new(),
        build_ms: 0.0,
        built_at: std::time::Instant::now(),
        view,
    })
}

/// Milliseconds of each of `n` frames: (the app's `ui` in every pass, the whole frame with
/// egui's own work and the tessellation).
fn frames(
    app: &mut PerceptronApp,
    ctx: &egui::Context,
    snap: &Snapshot,
    n: usize,
) -> Vec<[f64; 2]> {
    let started = Instant::now();
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        // A new snapshot each frame, as the worker publishes while training.
        let mut s = snap.clone();
        s.seq = 2 + i as u64;
        app.snap = Some(Arc::new(s));
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
            time: Some(started.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let t0 = Instant::now();
        let mut ui_ms = 0.0;
        let output = ctx.run_ui(input, |ui| {
            let t = Instant::now();
            app.ui(ui);
            // egui may run the closure twice in a frame (a discarded first pass).
            ui_ms += t.elapsed().as_secs_f64() * 1e3;
        });
        let prims = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(prims.len());
        times.push([ui_ms, t0.elapsed().as_secs_f64() * 1e3]);
    }
    times
}

fn spread(mut v: Vec<f64>) -> String {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    format!(
        "median {:.2}, p90 {:.2}, max {:.2}",
        at(0.5),
        at(0.9),
        at(1.0)
    )
}

/// `bench --frame`: frames for about `seconds` on each tab.
pub fn bench_frame(seconds: f64) -> Result<(), String> {
    let built = Instant::now();
    let snap = snapshot()?;
    out(format_args!(
        "an 8x1024 network, {HISTORY} steps of history, 1920x1080, a new snapshot every frame (set up in {:.1} s)",
        built.elapsed().as_secs_f64()
    ));
    let ctx = egui::Context::default();
    crate::gui::fonts::install(&ctx);
    let startup = super::app::startup(&super::AppArgs::default())?;
    let mut app = PerceptronApp::new(&ctx, startup, None);
    for tab in [RightTab::Loss, RightTab::Network] {
        app.settings.right_tab = tab;
        // Settle the layout and the caches of a new tab first.
        frames(&mut app, &ctx, &snap, 5);
        let mut all = Vec::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs_f64(seconds) || all.len() < 20 {
            all.extend(frames(&mut app, &ctx, &snap, 10));
        }
        out(format_args!(
            "{tab:?} tab, {} frames: app ui {} ms; whole frame with tessellation {} ms",
            all.len(),
            spread(all.iter().map(|t| t[0]).collect()),
            spread(all.iter().map(|t| t[1]).collect()),
        ));
    }
    Ok(())
}
