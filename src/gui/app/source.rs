//! The app's data source and its split: the generator or the CSV file opened last, split
//! into training and test points by the test fraction; a change sends a new segment.

use super::super::file_errors::{csv_error, generate_error};
use super::super::i18n as t;
use super::super::status::Banner;
use super::PerceptronApp;
use crate::data::{Dataset, read_csv, split};
use crate::train::Command;

impl PerceptronApp {
    /// The whole dataset of the current source (the CSV's points, or the generator's).
    fn source_data(&mut self) -> Option<Dataset> {
        if self.settings.csv_active {
            if let Some(d) = &self.csv_data {
                return Some(d.clone());
            }
            self.settings.csv_active = false;
        }
        match self.settings.data.generate() {
            Ok(d) => Some(d),
            Err(e) => {
                self.banner = Some(Banner {
                    text: generate_error(&e, self.settings.lang),
                    error: true,
                });
                self.settings.data = self.applied.data;
                None
            }
        }
    }

    /// Training and test points of `data` by the settings' fraction and split seed. A
    /// fraction that would empty a class is refused with a banner and set back to 0.
    pub(super) fn split_of(&mut self, data: Dataset) -> (Dataset, Option<Dataset>) {
        match split(
            &data,
            self.settings.test_fraction(),
            self.settings.split_seed(),
        ) {
            Ok(s) => (s.train, s.test),
            Err(e) => {
                self.banner = Some(Banner {
                    text: super::super::notices::split_error(&e, self.settings.lang),
                    error: true,
                });
                self.settings.test_fraction = 0.0;
                (data, None)
            }
        }
    }

    /// Sends the source's data, split, as a new segment when the source or the fraction
    /// changed (a data change: like another dataset).
    pub(super) fn sync_source(&mut self) {
        if self.settings.data != self.applied.data {
            // Moving a generator's slider leaves the CSV file.
            self.settings.csv_active = false;
        }
        let source_changed = self.settings.data != self.applied.data
            || self.settings.csv_active != self.applied.csv_active
            || self.resplit;
        let fraction_changed = self.settings.test_fraction() != self.applied.test_fraction();
        if !(source_changed || fraction_changed) {
            return;
        }
        self.resplit = false;
        let Some(data) = self.source_data() else {
            return;
        };
        let (train, test) = self.split_of(data);
        self.send(Command::SetSplit {
            train,
            test: test.map(Box::new),
        });
        if source_changed {
            self.data_plot.reset_requested = true;
        }
    }

    /// Makes `data`, read from `path`, the source (and the picker's remembered file).
    pub(super) fn use_csv(&mut self, data: Dataset, path: std::path::PathBuf) {
        self.csv_data = Some(data);
        self.settings.csv_file = Some(path);
        self.settings.csv_active = true;
        self.resplit = true;
    }

    /// Reloads the remembered CSV file (the picker's "Data from CSV" entry).
    pub(super) fn reopen_csv(&mut self) {
        let Some(path) = self.settings.csv_file.clone() else {
            return;
        };
        let lang = self.settings.lang;
        match read_csv(&path) {
            Ok(d) => {
                self.use_csv(d, path.clone());
                self.banner = Some(Banner {
                    text: format!("{} {}", t::LOADED.get(lang), path.display()),
                    error: false,
                });
            }
            Err(e) => {
                self.banner = Some(Banner {
                    text: csv_error(&e, lang),
                    error: true,
                })
            }
        }
    }
}
