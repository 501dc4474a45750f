//! File → Export curves: every run's full-data curves as CSV (one row per measurement).

use crate::train::Snapshot;
use std::fmt::Write;

/// `run,step,epoch,loss,data_loss,reg_loss,accuracy,misclassified` for every run shown.
pub fn curves_csv(snap: &Snapshot) -> String {
    let mut out = String::from("run,step,epoch,loss,data_loss,reg_loss,accuracy,misclassified\n");
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for run in &snap.runs {
        for s in run.metrics.samples() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                run.id,
                s.step,
                s.epoch,
                s.loss,
                s.data_loss,
                s.reg_loss,
                opt(s.accuracy),
                s.misclassified.map_or(String::new(), |m| m.to_string())
            );
        }
    }
    out
}
