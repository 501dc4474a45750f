//! Input features φ(x) (COURSE §6): any non-empty subset, in this order, of
//! `x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2` (shown as x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂).
//! The data stays in ℝ² and is never normalised; a model reads `φ(x) ∈ ℝᵈ`, d the number of
//! features chosen.

use super::Dataset;
use ndarray::Array2;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One input feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// x₁.
    X1,
    /// x₂.
    X2,
    /// x₁².
    X1Sq,
    /// x₂².
    X2Sq,
    /// x₁x₂.
    X1X2,
    /// sin x₁.
    SinX1,
    /// sin x₂.
    SinX2,
}

impl Feature {
    /// Every feature, in the course's order.
    pub const ALL: [Feature; 7] = [
        Self::X1,
        Self::X2,
        Self::X1Sq,
        Self::X2Sq,
        Self::X1X2,
        Self::SinX1,
        Self::SinX2,
    ];

    /// The name in files and flags.
    pub fn name(self) -> &'static str {
        match self {
            Self::X1 => "x1",
            Self::X2 => "x2",
            Self::X1Sq => "x1sq",
            Self::X2Sq => "x2sq",
            Self::X1X2 => "x1x2",
            Self::SinX1 => "sinx1",
            Self::SinX2 => "sinx2",
        }
    }

    /// The name as the lecture writes it (x₁², sin x₁, …).
    pub fn symbol(self) -> &'static str {
        match self {
            Self::X1 => "x₁",
            Self::X2 => "x₂",
            Self::X1Sq => "x₁²",
            Self::X2Sq => "x₂²",
            Self::X1X2 => "x₁x₂",
            Self::SinX1 => "sin x₁",
            Self::SinX2 => "sin x₂",
        }
    }

    /// Parses a file or flag name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at `x = (x₁, x₂)`.
    pub fn value(self, x: [f64; 2]) -> f64 {
        match self {
            Self::X1 => x[0],
            Self::X2 => x[1],
            Self::X1Sq => x[0] * x[0],
            Self::X2Sq => x[1] * x[1],
            Self::X1X2 => x[0] * x[1],
            Self::SinX1 => x[0].sin(),
            Self::SinX2 => x[1].sin(),
        }
    }

    fn bit(self) -> u8 {
        1 << Self::ALL.iter().position(|&f| f == self).unwrap_or(0)
    }
}

/// Why a list of features was refused.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum FeaturesError {
    /// A name that is not a feature.
    #[error("unknown feature \"{0}\" (expected some of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)")]
    Unknown(String),
    /// No feature at all.
    #[error("choose at least one feature (x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2)")]
    Empty,
    /// A feature named twice.
    #[error("the feature {0} is named twice")]
    Repeated(&'static str),
    /// Features out of the course's order.
    #[error(
        "features must come in the order x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2 ({0} is out of order)"
    )]
    Order(&'static str),
}

/// A non-empty set of features, always listed in the course's order:
/// `φ(x) = (f(x) for f in the set)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Features {
    bits: u8,
}

impl Default for Features {
    /// `(x₁, x₂)`: the plain plane, the lecture's input.
    fn default() -> Self {
        Self { bits: 0b11 }
    }
}

impl Features {
    /// The set of the given features (order and repeats do not matter); `None` if empty.
    pub fn of(features: &[Feature]) -> Option<Self> {
        let bits = features.iter().fold(0, |b, f| b | f.bit());
        (bits != 0).then_some(Self { bits })
    }

    /// Parses names as written in a model file's `inputs`: in the course's order, no repeats.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Self, FeaturesError> {
        let mut bits = 0u8;
        for name in names {
            let name = name.as_ref();
            let f = Feature::from_name(name.trim())
                .ok_or_else(|| FeaturesError::Unknown(crate::text::clip_to(name, 40)))?;
            if bits & f.bit() != 0 {
                return Err(FeaturesError::Repeated(f.name()));
            }
            if bits >= f.bit() {
                return Err(FeaturesError::Order(f.name()));
            }
            bits |= f.bit();
        }
        (bits != 0)
            .then_some(Self { bits })
            .ok_or(FeaturesError::Empty)
    }

    /// Parses a comma-separated list (`x1,x2,x1sq`) in any order.
    pub fn parse_list(text: &str) -> Result<Self, FeaturesError> {
        let mut bits = 0u8;
        for name in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let f = Feature::from_name(name)
                .ok_or_else(|| FeaturesError::Unknown(crate::text::clip_to(name, 40)))?;
            if bits & f.bit() != 0 {
                return Err(FeaturesError::Repeated(f.name()));
            }
            bits |= f.bit();
        }
        (bits != 0)
            .then_some(Self { bits })
            .ok_or(FeaturesError::Empty)
    }

    /// The features in the course's order.
    pub fn list(self) -> Vec<Feature> {
        Feature::ALL
            .into_iter()
            .filter(|f| self.contains(*f))
            .collect()
    }

    /// Whether the set holds `f`.
    pub fn contains(self, f: Feature) -> bool {
        self.bits & f.bit() != 0
    }

    /// The set with `f` switched; `None` when that would leave no feature.
    pub fn toggled(self, f: Feature) -> Option<Self> {
        let bits = self.bits ^ f.bit();
        (bits != 0).then_some(Self { bits })
    }

    /// d, the model's input size.
    pub fn len(self) -> usize {
        self.bits.count_ones() as usize
    }

    /// Never true: a set holds at least one feature.
    pub fn is_empty(self) -> bool {
        false
    }

    /// True for exactly `(x₁, x₂)`: the data is the model's input as it is.
    pub fn is_plain(self) -> bool {
        self == Self::default()
    }

    /// The names, in order (for files and flags).
    pub fn names(self) -> Vec<&'static str> {
        self.list().into_iter().map(Feature::name).collect()
    }

    /// The names joined by commas, as the flag takes them.
    pub fn flag_text(self) -> String {
        self.names().join(",")
    }

    /// `φ(x)` into `out` (d values).
    pub fn phi_into(self, x: [f64; 2], out: &mut [f64]) {
        for (o, f) in out.iter_mut().zip(self.list()) {
            *o = f.value(x);
        }
    }

    /// `φ(x) = (f(x) for f in the set)`.
    pub fn phi(self, x: [f64; 2]) -> Vec<f64> {
        self.list().into_iter().map(|f| f.value(x)).collect()
    }

    /// The dataset in feature space: row n is `φ(x_n)`, classes unchanged. For `(x₁, x₂)`
    /// the points are copied as they are.
    pub fn apply(self, data: &Dataset) -> Dataset {
        if self.is_plain() {
            return data.clone();
        }
        let list = self.list();
        let n = data.len();
        let points = Array2::from_shape_fn((n, list.len()), |(i, k)| list[k].value(data.point(i)));
        Dataset {
            points,
            classes: data.classes.clone(),
            class_count: data.class_count,
        }
    }
}

impl std::fmt::Display for Features {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let symbols: Vec<&str> = self.list().into_iter().map(Feature::symbol).collect();
        f.write_str(&symbols.join(", "))
    }
}

impl Serialize for Features {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Features {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names: Vec<String> = Vec::deserialize(d)?;
        Self::from_names(&names).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phi_by_hand() {
        let all = Features::of(&Feature::ALL).expect("not empty");
        let x = [0.5, -2.0];
        let want = [
            0.5,
            -2.0,
            0.25,
            4.0,
            -1.0,
            0.479_425_538_604_203,
            -0.909_297_426_825_681_7,
        ];
        for (got, want) in all.phi(x).iter().zip(want) {
            assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        }
        let sq = Features::parse_list("x2sq, x1sq").expect("valid");
        assert_eq!(sq.phi([3.0, -1.5]), vec![9.0, 2.25]);
        assert_eq!(sq.names(), vec!["x1sq", "x2sq"]);
        assert_eq!(Features::default().phi([1.0, 2.0]), vec![1.0, 2.0]);
        assert!(Features::default().is_plain() && !sq.is_plain());
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            Features::parse_list("x1,x3"),
            Err(FeaturesError::Unknown("x3".into()))
        );
        assert_eq!(Features::parse_list(" , "), Err(FeaturesError::Empty));
        assert_eq!(
            Features::from_names(&["x2", "x1"]),
            Err(FeaturesError::Order("x1"))
        );
        assert_eq!(
            Features::from_names(&["x1", "x1"]),
            Err(FeaturesError::Repeated("x1"))
        );
        let f = Features::from_names(&["x1", "x1x2", "sinx2"]).expect("ordered");
        assert_eq!(f.len(), 3);
        assert_eq!(f.toggled(Feature::X1X2).map(Features::len), Some(2));
        let one = Features::of(&[Feature::SinX1]).expect("one");
        assert_eq!(one.toggled(Feature::SinX1), None);
        let json = serde_json::to_string(&f).expect("serializes");
        assert_eq!(json, r#"["x1","x1x2","sinx2"]"#);
        assert_eq!(serde_json::from_str::<Features>(&json).ok(), Some(f));
    }

    #[test]
    fn the_dataset_in_feature_space() {
        let d = Dataset::from_rows(&[[1.0, 2.0], [-3.0, 0.5]], vec![0, 1]).expect("valid");
        let f = Features::parse_list("x1x2,x2sq,x1").expect("valid");
        let p = f.apply(&d);
        assert_eq!(p.points.dim(), (2, 3));
        assert_eq!(p.points.row(1).to_vec(), vec![-3.0, 0.25, -1.5]);
        assert_eq!(p.classes, d.classes);
        assert_eq!(Features::default().apply(&d), d);
    }
}
