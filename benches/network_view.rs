//! The network view's frame: the scaled diagram (with every unit's thumbnail) and the matrix
//! editor drawn and tessellated in a headless egui context, for the classroom network, a
//! 2-64-64-64-3 network and the largest one allowed (8 hidden layers of 1 024). The budget
//! is a 60 Hz frame (16.7 ms) for the whole window; the view should take a small part of it.

use criterion::{Criterion, criterion_group, criterion_main};
use perceptron_lab::gui::i18n::Lang;
use perceptron_lab::gui::network_diagram::Diagram;
use perceptron_lab::gui::weight_matrix::WeightMatrix;
use perceptron_lab::nn::{Activation, Init, Mlp, Output};
use perceptron_lab::train::grid::GridSpec;
use perceptron_lab::train::unit_maps::{UnitMaps, UnitMapsJob, UnitMapsWanted};
use std::hint::black_box;
use std::sync::Arc;

fn network(hidden: &[usize], outputs: usize, f: Activation) -> Mlp {
    let mut sizes = vec![2];
    sizes.extend(hidden);
    sizes.push(outputs);
    let output = if outputs == 1 {
        Output::Sigmoid
    } else {
        Output::Softmax
    };
    Mlp::new(&sizes, f, output, Init::Auto, 1).expect("valid")
}

fn maps(m: &Mlp) -> Arc<UnitMaps> {
    let region = GridSpec::around([[-1.0, 1.0], [-1.0, 1.0]], 150);
    let wanted = UnitMapsWanted {
        thumbnails: true,
        focus: None,
    };
    Arc::new(
        UnitMapsJob::new(
            Arc::new(m.clone()),
            Default::default(),
            region,
            (0, 0, 0),
            wanted,
        )
        .run(),
    )
}

/// One frame of the view at 420×800 points, tessellated (what the GPU would be handed).
fn frame(ctx: &egui::Context, m: &Mlp, maps: &Arc<UnitMaps>, diagram: &mut Diagram) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(420.0, 800.0),
        )),
        ..Default::default()
    };
    let mut matrix = WeightMatrix::default();
    let output = ctx.run_ui(input, |ui| {
        diagram.ui(
            ui,
            m,
            Some(maps),
            Some((1, 0)),
            Default::default(),
            Lang::En,
        );
        black_box(matrix.ui(ui, m, Lang::En));
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

fn network_view(c: &mut Criterion) {
    let mut g = c.benchmark_group("network view frame");
    for (name, m) in [
        ("2-8-8-1 tanh", network(&[8, 8], 1, Activation::Tanh)),
        (
            "2-64-64-64-3 relu",
            network(&[64, 64, 64], 3, Activation::Relu),
        ),
        ("8x1024 relu", network(&[1024; 8], 1, Activation::Relu)),
    ] {
        let maps = maps(&m);
        let ctx = egui::Context::default();
        perceptron_lab::gui::fonts::install(&ctx);
        let mut diagram = Diagram::default();
        // The first frame uploads the thumbnails; the frames measured draw them.
        frame(&ctx, &m, &maps, &mut diagram);
        g.bench_function(name, |b| b.iter(|| frame(&ctx, &m, &maps, &mut diagram)));
    }
    g.finish();
}

criterion_group!(benches, network_view);
criterion_main!(benches);
