//! Activation functions, each value beside its derivative (COURSE §3).

use serde::{Deserialize, Serialize};

/// An element-wise activation `a = f(z)` of a hidden layer (or of a single output unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `σ(z) = 1 / (1 + e^{−z})`, `σ′ = σ(1 − σ)`.
    Sigmoid,
    /// `tanh z`, `tanh′ = 1 − tanh²`.
    Tanh,
    /// `max(0, z)`, `f′(z) = 1 if z > 0 else 0` (so `f′(0) = 0`).
    Relu,
    /// `f(z) = z`, `f′ = 1`.
    Linear,
    /// `sign(z)` with `sign(0) = +1`; `f′ ≡ 0`, so it is set by hand, never trained.
    Sign,
}

impl Activation {
    /// Every activation, in menu order.
    pub const ALL: [Activation; 5] = [
        Self::Relu,
        Self::Tanh,
        Self::Sigmoid,
        Self::Linear,
        Self::Sign,
    ];

    /// The name used on the command line and in model files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sigmoid => "sigmoid",
            Self::Tanh => "tanh",
            Self::Relu => "relu",
            Self::Linear => "linear",
            Self::Sign => "sign",
        }
    }

    /// Parses a command-line or model-file name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// `f(z)`.
    pub fn value(self, z: f64) -> f64 {
        match self {
            Self::Sigmoid => sigmoid(z),
            Self::Tanh => z.tanh(),
            Self::Relu => z.max(0.0),
            Self::Linear => z,
            Self::Sign => sign(z),
        }
    }

    /// `f′(z)`, the derivative the backward pass multiplies by.
    pub fn derivative(self, z: f64) -> f64 {
        match self {
            Self::Sigmoid => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            Self::Tanh => 1.0 - z.tanh().powi(2),
            Self::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Self::Linear => 1.0,
            Self::Sign => 0.0,
        }
    }

    /// `f′` written through the output `a = f(z)`, which is what the backward pass keeps:
    /// `a(1 − a)`, `1 − a²`, `[a > 0]`, `1`, `0`.
    pub fn derivative_from_output(self, a: f64) -> f64 {
        match self {
            Self::Sigmoid => a * (1.0 - a),
            Self::Tanh => 1.0 - a * a,
            Self::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Self::Linear => 1.0,
            Self::Sign => 0.0,
        }
    }

    /// Whether gradient descent can train through this activation.
    pub fn is_trainable(self) -> bool {
        self != Self::Sign
    }
}

impl std::fmt::Display for Activation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `σ(z) = 1/(1 + e^{−z})`, evaluated without overflow for either sign of z.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `sign(z)` with the course's convention `sign(0) = +1` (NaN stays NaN).
pub fn sign(z: f64) -> f64 {
    if z >= 0.0 {
        1.0
    } else if z < 0.0 {
        -1.0
    } else {
        f64::NAN
    }
}

/// The output layer: what turns the last `z` into the network's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Output {
    /// One unit, `p = σ(z)`: the probability of class 1 (C = 2).
    Sigmoid,
    /// C units, `p_j = e^{z_j} / Σ_k e^{z_k}` (C ≥ 3).
    Softmax,
    /// One unit, `sign(z)` (hand-set networks such as the lecture's XOR).
    Sign,
    /// One unit, `tanh z` (hand-set networks).
    Tanh,
    /// One unit, `z` (hand-set networks).
    Linear,
}

impl Output {
    /// Every output activation.
    pub const ALL: [Output; 5] = [
        Self::Sigmoid,
        Self::Softmax,
        Self::Sign,
        Self::Tanh,
        Self::Linear,
    ];

    /// The model-file name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sigmoid => "sigmoid",
            Self::Softmax => "softmax",
            Self::Sign => "sign",
            Self::Tanh => "tanh",
            Self::Linear => "linear",
        }
    }

    /// Parses a model-file name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The training output for C classes: sigmoid for 2, softmax for 3 or more.
    pub fn for_classes(classes: usize) -> Self {
        if classes <= 2 {
            Self::Sigmoid
        } else {
            Self::Softmax
        }
    }

    /// True for the outputs gradient descent trains (sigmoid and softmax).
    pub fn is_trainable(self) -> bool {
        matches!(self, Self::Sigmoid | Self::Softmax)
    }

    /// True when the output is a probability, so that cross-entropy is defined.
    pub fn is_probability(self) -> bool {
        self.is_trainable()
    }

    /// The predicted class of one output row (COURSE §5): sigmoid ≥ 0.5 → 1; softmax →
    /// arg-max, ties to the lowest index; a sign, tanh or linear output ≥ 0 → 1.
    pub fn predicted_class(self, out: &[f64]) -> usize {
        match self {
            Self::Sigmoid => usize::from(out[0] >= 0.5),
            Self::Softmax => argmax(out),
            Self::Sign | Self::Tanh | Self::Linear => usize::from(out[0] >= 0.0),
        }
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The index of the largest value; ties go to the lowest index.
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (j, &v) in values.iter().enumerate() {
        if v > values[best] {
            best = j;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-6;
        for act in [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Linear,
            Activation::Relu,
        ] {
            for z in [-3.0, -0.7, 0.3, 1.1, 4.0] {
                let numeric = (act.value(z + h) - act.value(z - h)) / (2.0 * h);
                let analytic = act.derivative(z);
                assert!((numeric - analytic).abs() < 1e-8, "{act} at {z}");
                let from_a = act.derivative_from_output(act.value(z));
                assert!((from_a - analytic).abs() < 1e-12, "{act} at {z}");
            }
        }
    }

    #[test]
    fn course_conventions() {
        assert_eq!(sign(0.0), 1.0);
        assert_eq!(sign(-0.0), 1.0);
        assert_eq!(sign(-1e-300), -1.0);
        assert_eq!(Activation::Relu.derivative(0.0), 0.0);
        assert_eq!(Activation::Sign.derivative(0.5), 0.0);
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(-800.0) >= 0.0 && sigmoid(800.0) == 1.0);
        assert_eq!(argmax(&[0.2, 0.4, 0.4]), 1);
        assert_eq!(Output::Sigmoid.predicted_class(&[0.5]), 1);
        assert_eq!(Output::Sign.predicted_class(&[-1.0]), 0);
        assert_eq!(Output::Linear.predicted_class(&[0.0]), 1);
    }

    #[test]
    fn names_round_trip() {
        for a in Activation::ALL {
            assert_eq!(Activation::from_name(a.name()), Some(a));
        }
        for o in Output::ALL {
            assert_eq!(Output::from_name(o.name()), Some(o));
        }
    }
}
