//! Perceptron Lab: the learning engine behind a desktop app for teaching how perceptrons and
//! neural networks learn.
//!
//! Three layers, arrows pointing down (see `DESIGN.md` of the course):
//! - [`data`]: seeded generators (spiral, logic gates, blobs, …) and CSV import/export;
//! - [`nn`]: the perceptron (PLA), the multilayer perceptron with backprop, gradient checking
//!   and the JSON model file;
//! - [`fsio`]: atomic writes, bounded reads and output checks; [`text`]: values clipped for
//!   one-line messages;
//! - [`train`]: the deterministic [`train::Trainer`], and the background worker the app drives.
//!
//! `data`, `nn` and `train` never name a GUI crate; the `gui` feature adds the app on top.

pub mod cli;
pub mod data;
pub mod fsio;
pub mod nn;
pub mod text;
pub mod train;

#[cfg(feature = "gui")]
pub mod gui;

pub use data::Dataset;
pub use nn::{Activation, Mlp, Perceptron};
pub use train::{TrainConfig, Trainer};
