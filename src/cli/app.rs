//! The app's command line: its flags (the train flags, `--preset`, `--lang`, `--scale`,
//! `--panel`, `--screenshot`) turned into the plain start-up data the app takes. The app itself
//! knows no flags.

use super::AppArgs;
use crate::data::read_csv;
use crate::gui::i18n::Lang;
use crate::gui::presets::Preset;
use crate::gui::settings::RightTab;
use crate::gui::startup::{Overrides, RecordRequest, ScreenshotRequest, Startup};

/// The settings the train flags ask for.
pub fn overrides(args: &AppArgs) -> Overrides {
    let a = &args.train;
    let d = &a.data;
    Overrides {
        dataset: d.dataset,
        classes: d.classes,
        points: d.points,
        noise: d.noise,
        seed: d.seed,
        model: a.model,
        hidden: a.hidden.as_ref().map(|h| h.0.clone()),
        activation: a.activation.as_ref().and_then(|l| l.0.first().copied()),
        layer_activations: a
            .activation
            .as_ref()
            .filter(|l| l.0.len() > 1)
            .map(|l| l.0.clone()),
        features: a.features,
        loss: a.loss,
        learning_rate: a.lr,
        lambda: a.lambda,
        update: a.update,
        batch_size: a.batch_size,
        init_seed: a.init_seed,
        init_scale: a.init_scale,
        pocket: a.pocket,
        shuffle: a.shuffle,
        scale: args.scale,
        optimizer: a.optimizer,
        momentum: a.momentum,
        beta1: a.beta1,
        beta2: a.beta2,
        eps: a.eps,
        reg: a.reg,
        test_fraction: a.split.test_fraction.map(|f| f.get()),
    }
}

/// The app's start-up data from its flags, checked before any window opens; the error is one
/// line.
pub fn startup(args: &AppArgs) -> Result<Startup, String> {
    let lang = args
        .lang
        .as_deref()
        .map(|code| {
            Lang::from_code(code)
                .ok_or_else(|| format!("unknown language `{code}` (expected en or vi)"))
        })
        .transpose()?;
    if let Some(scale) = args.scale
        && !(scale.is_finite() && (1.0..=3.0).contains(&scale))
    {
        return Err(format!("--scale must be between 1 and 3 (got {scale})"));
    }
    let preset = args
        .preset
        .as_deref()
        .map(|p| {
            Preset::from_name(p).ok_or_else(|| {
                format!("unknown preset `{p}` (expected xor-network or xor-trained)")
            })
        })
        .transpose()?;
    let data = args
        .train
        .data
        .data
        .as_deref()
        .map(|p| read_csv(p).map_err(|e| e.to_string()))
        .transpose()?;
    let split = &args.train.split;
    if split.test_data.is_some() || split.split_seed.is_some() {
        return Err(
            "the app splits by --test-fraction with the data seed (1 for --data); \
             --test-data and --split-seed are for train and run"
                .to_owned(),
        );
    }
    let saved = args.train.initial_model()?.map(|(m, _)| m);
    // Generated data and the configuration must be valid too.
    if data.is_none() {
        args.train
            .data
            .spec()
            .validate()
            .map_err(|e| e.to_string())?;
    }
    let panel = args
        .panel
        .as_deref()
        .map(|p| {
            RightTab::from_name(p).ok_or_else(|| {
                format!("unknown panel `{p}` (expected loss, network, formulas, timeline, runs, confusion or backprop)")
            })
        })
        .transpose()?;
    let screenshot = args.screenshot.clone().map(|path| ScreenshotRequest {
        path,
        after_steps: args.after_steps.unwrap_or(0),
        launched: std::time::Instant::now(),
    });
    let mut overrides = overrides(args);
    if let Some(s) = &saved {
        // The file's inputs win over --features, as its layers win over --hidden.
        overrides.features = Some(s.features);
    }
    Ok(Startup {
        overrides,
        data,
        model: saved.map(|s| s.model),
        preset,
        lang,
        screenshot,
        record: record_request(args)?,
        session: None,
        panel,
        opener: None,
        play: args.play,
        lesson: super::lesson::lesson_start(args)?,
        scene_player: Some(super::lesson::play_scene),
        resolver: Some(super::setup::resolve),
        presentation: args.presentation,
        window_size: args
            .window_size
            .as_deref()
            .map(parse_window_size)
            .transpose()?,
    })
}

/// The most frames a second a `--record` GIF plays at (GIF delays are in hundredths of a
/// second; viewers slow down shorter ones).
pub const MAX_FPS: u32 = 50;

/// The `--record` run the flags ask for, checked before any window opens (and before a
/// scenario is played); the error is one line.
pub fn record_request(args: &AppArgs) -> Result<Option<RecordRequest>, String> {
    let Some(path) = args.record.clone() else {
        return Ok(None);
    };
    let max = crate::gui::record::MAX_FRAMES;
    let frames = args.frames.unwrap_or(30);
    if !(2..=max).contains(&frames) {
        return Err(format!(
            "--frames must be between 2 and {max} (got {frames})"
        ));
    }
    let fps = args.fps.unwrap_or(10);
    if !(1..=MAX_FPS).contains(&fps) {
        return Err(format!("--fps must be between 1 and {MAX_FPS} (got {fps})"));
    }
    let steps = match (args.after_steps, &args.scenario) {
        (Some(0), None) => {
            return Err("--record needs --after-steps of at least 1 (the updates the frames are spread over)".into());
        }
        (Some(n), _) => Some(n),
        (None, Some(_)) => None,
        (None, None) => {
            return Err(
                "--record needs --after-steps N (frames spread over N updates) or --scenario FILE (frames spread over its run)"
                    .into(),
            );
        }
    };
    crate::fsio::check_output(&path).map_err(|e| e.to_string())?;
    Ok(Some(RecordRequest {
        path,
        frames,
        fps,
        steps,
        failure: std::sync::Arc::default(),
    }))
}

/// Parses `--window-size WxH` (each side 320 to 8192 points).
pub fn parse_window_size(text: &str) -> Result<[f32; 2], String> {
    let bad = || {
        format!(
            "--window-size must be WxH with each side from 320 to 8192, e.g. 1920x1080 (got `{text}`)"
        )
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let side = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (320..=8192).contains(v))
            .ok_or_else(bad)
    };
    Ok([side(w)? as f32, side(h)? as f32])
}

#[cfg(test)]
mod tests {
    use super::parse_window_size;

    #[test]
    fn window_sizes_read_as_width_by_height_within_bounds() {
        assert_eq!(parse_window_size("1920x1080"), Ok([1920.0, 1080.0]));
        assert_eq!(parse_window_size("1600X1000"), Ok([1600.0, 1000.0]));
        for bad in ["1920", "x", "10x10", "1920x-1", "axb", "99999x800"] {
            let e = parse_window_size(bad).expect_err(bad);
            assert!(e.starts_with("--window-size must be WxH"), "{e}");
        }
    }
}
