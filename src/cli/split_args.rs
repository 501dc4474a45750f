//! The train/test split flags (COURSE §6): `--test-fraction F [--split-seed S]` or
//! `--test-data FILE.csv`, and how they turn the loaded data into training and test points.

use crate::data::{Dataset, TestFraction, fit_test_set, read_test_csv, split};
use crate::text::clip;
use clap::Args;
use std::path::PathBuf;

fn parse_fraction(s: &str) -> Result<TestFraction, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("`{}` is not a number", clip(s)))?;
    TestFraction::new(x).map_err(|e| e.to_string())
}

/// Where the test points come from.
#[derive(Args, Clone, Debug, Default, PartialEq)]
pub struct SplitArgs {
    /// Hold out this fraction F of each class as test points, in [0, 0.9]: round(F·n_c) of
    /// class c, never trained on [default: 0, no test set]
    #[arg(long, value_name = "F", value_parser = parse_fraction, allow_negative_numbers = true)]
    pub test_fraction: Option<TestFraction>,
    /// Seed of the shuffle that picks the test points [default: the data seed; 1 for --data]
    #[arg(long, value_name = "S", requires = "test_fraction")]
    pub split_seed: Option<u64>,
    /// Read the test points from this CSV file instead (header x1,x2,label; it may lack a
    /// class of the training data)
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["test_fraction", "split_seed"])]
    pub test_data: Option<PathBuf>,
}

impl SplitArgs {
    /// The split seed: `--split-seed`, else the generated data's seed, else 1 for a data
    /// file (`data_seed` is `None` for a file).
    pub fn seed(&self, data_seed: Option<u64>) -> u64 {
        self.split_seed.unwrap_or(data_seed.unwrap_or(1))
    }

    /// Training points and test points from the loaded data; the error is one line.
    pub fn apply(
        &self,
        all: Dataset,
        data_seed: Option<u64>,
    ) -> Result<(Dataset, Option<Dataset>), String> {
        if let Some(path) = &self.test_data {
            let test = read_test_csv(path).map_err(|e| e.to_string())?;
            test.check_scale()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let test = fit_test_set(test, all.class_count)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok((all, Some(test)));
        }
        match self.test_fraction {
            Some(f) if f.get() > 0.0 => {
                let s = split(&all, f, self.seed(data_seed)).map_err(|e| e.to_string())?;
                Ok((s.train, s.test))
            }
            _ => Ok((all, None)),
        }
    }

    /// Whether a test set is asked for.
    pub fn any(&self) -> bool {
        self.test_data.is_some() || self.test_fraction.is_some_and(|f| f.get() > 0.0)
    }
}
