//! Notices and engine errors in the interface language. The engine sends typed values
//! ([`Notice`], [`ConfigError`], [`Verdict`]); no English sentence from it reaches the
//! Vietnamese interface.

use super::i18n::Lang;
use crate::train::ConfigError;
use crate::train::guard::{Divergence, DivergenceKind};
use crate::train::notice::{Notice, SegmentCause, Verdict, short};

/// Whether a notice reports a problem (drawn in red) rather than news.
pub fn is_problem(n: &Notice) -> bool {
    matches!(
        n,
        Notice::Refused(_)
            | Notice::Frozen
            | Notice::NoSuchRun { .. }
            | Notice::Verdict(Verdict::Diverged(_))
    )
}

/// A divergence in words.
pub fn divergence(d: &Divergence, lang: Lang) -> String {
    let lr = short(d.learning_rate);
    match (d.what, lang) {
        (DivergenceKind::NotFinite { value }, Lang::En) => format!(
            "the loss became {value} at step {} with α = {lr}: scrub back to before the \
             blow-up, lower α and press Play",
            d.step
        ),
        (DivergenceKind::NotFinite { value }, Lang::Vi) => format!(
            "hàm tổn thất thành {value} ở bước {} với α = {lr}: kéo thanh thời gian về trước \
             lúc bùng nổ, giảm α rồi nhấn Chạy",
            d.step
        ),
        (DivergenceKind::Grew { from, to }, Lang::En) => format!(
            "the loss grew from {} to {} at α = {lr} (step {}): scrub back to before the \
             blow-up, lower α and press Play",
            short(from),
            short(to),
            d.step
        ),
        (DivergenceKind::Grew { from, to }, Lang::Vi) => format!(
            "hàm tổn thất tăng từ {} lên {} với α = {lr} (bước {}): kéo thanh thời gian về \
             trước lúc bùng nổ, giảm α rồi nhấn Chạy",
            short(from),
            short(to),
            d.step
        ),
    }
}

/// A verdict in words.
pub fn verdict(v: &Verdict, lang: Lang) -> String {
    match (v, lang) {
        (Verdict::Converged { updates, passes }, Lang::En) => {
            format!("Converged: M is empty after {updates} updates / {passes} passes.")
        }
        (Verdict::Converged { updates, passes }, Lang::Vi) => {
            format!("Đã hội tụ: M rỗng sau {updates} lần cập nhật / {passes} lượt.")
        }
        (Verdict::NoSeparation { pass, repeats }, Lang::En) => format!(
            "No line separates these classes: the weights at the start of pass {pass} repeat \
             those of pass {repeats}, so the PLA cycles forever."
        ),
        (Verdict::NoSeparation { pass, repeats }, Lang::Vi) => format!(
            "Không đường thẳng nào tách được hai lớp này: trọng số đầu lượt {pass} lặp lại \
             trọng số đầu lượt {repeats}, nên PLA lặp mãi."
        ),
        (Verdict::PassLimit { passes }, Lang::En) => format!(
            "Not converged after {passes} passes (the pass limit): no line may separate \
             these classes."
        ),
        (Verdict::PassLimit { passes }, Lang::Vi) => format!(
            "Chưa hội tụ sau {passes} lượt (giới hạn số lượt): có thể không đường thẳng nào \
             tách được hai lớp này."
        ),
        (Verdict::Fitted { steps }, Lang::En) => {
            format!("Every training point is classified right after {steps} steps.")
        }
        (Verdict::Fitted { steps }, Lang::Vi) => {
            format!("Mọi điểm huấn luyện đều được phân lớp đúng sau {steps} bước.")
        }
        (Verdict::Diverged(d), Lang::En) => format!("Training stopped: {}.", divergence(d, lang)),
        (Verdict::Diverged(d), Lang::Vi) => {
            format!("Đã dừng huấn luyện: {}.", divergence(d, lang))
        }
    }
}

/// An engine error in words.
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ConfigError::LearningRate(x) => {
            format!("hệ số học α phải là một số trong (0, 1000] (nhận được {x})")
        }
        ConfigError::Lambda(x) => format!("λ phải là một số trong [0, 1000] (nhận được {x})"),
        ConfigError::BatchSize(b) => format!("kích thước lô phải ít nhất là 1 (nhận được {b})"),
        ConfigError::Units(d) => {
            format!("một lớp ẩn có {d} nơ-ron; mỗi lớp phải có từ 1 đến 1024")
        }
        ConfigError::Layers(n) => format!("{n} lớp ẩn vượt quá giới hạn 8 lớp"),
        ConfigError::PerceptronClasses(c) => format!(
            "perceptron tách 2 lớp bằng một đường thẳng; dữ liệu này có {c} lớp (hãy dùng \
             MLP với đầu ra softmax)"
        ),
        ConfigError::SignActivation => "mạng dùng hàm sign không huấn luyện được bằng \
             gradient: sign′ = 0 ở mọi nơi (hãy chọn relu, tanh, sigmoid hoặc tuyến tính, \
             hoặc đặt trọng số bằng tay)"
            .into(),
        ConfigError::Momentum(x) => {
            format!("hệ số quán tính β phải là một số trong [0, 1) (nhận được {x})")
        }
        ConfigError::Beta1(x) => format!("β₁ của Adam phải là một số trong [0, 1) (nhận được {x})"),
        ConfigError::Beta2(x) => format!("β₂ của Adam phải là một số trong [0, 1) (nhận được {x})"),
        ConfigError::Eps(x) => format!("ε của Adam phải là một số hữu hạn > 0 (nhận được {x})"),
        ConfigError::OnlineMlp => {
            "quy tắc online là của perceptron; với MLP hãy dùng batch, minibatch hoặc sgd".into()
        }
        ConfigError::Build(_) => "không dựng được mạng với các thiết lập này".into(),
        ConfigError::Inputs {
            inputs,
            wanted,
            features,
            ..
        } => {
            format!("mô hình phải nhận {wanted} đầu vào ({features}); mô hình này nhận {inputs}")
        }
        ConfigError::Activations { got, hidden } => format!(
            "{got} hàm kích hoạt cho {hidden} tầng ẩn (hãy cho một tên cho mọi tầng, hoặc mỗi \
             tầng ẩn một tên)"
        ),
        ConfigError::Outputs {
            outputs,
            classes,
            wanted,
            ..
        } => {
            format!("mạng có {outputs} đầu ra nhưng dữ liệu có {classes} lớp (cần {wanted} đầu ra)")
        }
        ConfigError::Split(e) => split_error(e, lang),
    }
}

/// A refused split or test set, in words.
pub fn split_error(e: &crate::data::SplitError, lang: Lang) -> String {
    use crate::data::SplitError;
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        SplitError::Fraction(f) => {
            format!("tỉ lệ kiểm tra phải là một số trong [0, 0.9] (nhận được {f})")
        }
        SplitError::EmptyTrainingClass {
            fraction, class, ..
        } => format!(
            "tỉ lệ kiểm tra {fraction} không để lại điểm huấn luyện nào cho lớp {class}; \
             hãy chọn tỉ lệ nhỏ hơn"
        ),
        SplitError::TestClass { class, classes } => format!(
            "dữ liệu kiểm tra có lớp {class} nhưng dữ liệu huấn luyện chỉ có các lớp 0…{}",
            classes - 1
        ),
    }
}

/// Why a segment started, in words.
pub fn cause(c: SegmentCause, lang: Lang) -> &'static str {
    match (c, lang) {
        (SegmentCause::NewData, Lang::En) => "new data",
        (SegmentCause::NewData, Lang::Vi) => "dữ liệu mới",
        (SegmentCause::Rebuild, Lang::En) => "a rebuilt network",
        (SegmentCause::Rebuild, Lang::Vi) => "mạng được dựng lại",
        (SegmentCause::Reset, Lang::En) => "Reset",
        (SegmentCause::Reset, Lang::Vi) => "Khởi tạo lại",
        (SegmentCause::LoadedModel, Lang::En) => "a loaded model",
        (SegmentCause::LoadedModel, Lang::Vi) => "mô hình được mở",
    }
}

/// A notice in words.
pub fn text(n: &Notice, lang: Lang) -> String {
    let en = lang == Lang::En;
    match n {
        Notice::Verdict(v) => verdict(v, lang),
        Notice::PassStart {
            pass,
            misclassified,
        } => {
            if en {
                format!("Pass {pass}: |M| = {misclassified}.")
            } else {
                format!("Lượt {pass}: |M| = {misclassified}.")
            }
        }
        Notice::Rebuilt { from, to, seed } => {
            if en {
                format!("Rebuilt the network: {from} → {to}, new weights from seed {seed}.")
            } else {
                format!("Đã dựng lại mạng: {from} → {to}, trọng số mới từ hạt giống {seed}.")
            }
        }
        Notice::FeaturesSwitched { from, to } => {
            if en {
                format!("The model reads the inputs {to}: the features switch from {from} to {to}.")
            } else {
                format!("Mô hình đọc các đầu vào {to}: các đặc trưng chuyển từ {from} sang {to}.")
            }
        }
        Notice::NewSegment { cause: c, step } => {
            if en {
                format!("A new segment starts at step {step} ({}).", cause(*c, lang))
            } else {
                format!("Một đoạn mới bắt đầu ở bước {step} ({}).", cause(*c, lang))
            }
        }
        Notice::Branched { run, parent, step } => {
            if en {
                format!(
                    "Run {run} branches from run {parent} at step {step}; run {parent} is kept."
                )
            } else {
                format!(
                    "Lần chạy {run} rẽ nhánh từ lần chạy {parent} ở bước {step}; lần chạy \
                     {parent} vẫn được giữ."
                )
            }
        }
        Notice::NewRun { run } => {
            if en {
                format!("Run {run} starts from the same data and initial weights.")
            } else {
                format!("Lần chạy {run} bắt đầu từ cùng dữ liệu và trọng số ban đầu.")
            }
        }
        Notice::RunDropped { run } => {
            if en {
                format!("Run {run} was dropped to stay within the memory budget.")
            } else {
                format!("Đã bỏ lần chạy {run} để không vượt quá giới hạn bộ nhớ.")
            }
        }
        Notice::OptimizerReset { from, to, step } => {
            if en {
                format!(
                    "The optimizer changed from {from} to {to} at step {step}: its state \
                     (momentum's v, Adam's m and v) starts again from 0."
                )
            } else {
                format!(
                    "Bộ tối ưu đổi từ {from} sang {to} ở bước {step}: trạng thái của nó \
                     (v của momentum, m và v của Adam) bắt đầu lại từ 0."
                )
            }
        }
        Notice::Frozen => if en {
            "This hand-set network cannot be trained by gradient descent (sign′ = 0): edit \
             its weights instead."
        } else {
            "Mạng đặt tay này không huấn luyện được bằng gradient (sign′ = 0): hãy sửa trọng \
             số của nó."
        }
        .into(),
        Notice::Finished => if en {
            "This segment has ended: scrub back, change a setting, or Reset."
        } else {
            "Đoạn này đã kết thúc: kéo thanh thời gian về trước, đổi một thiết lập hoặc \
             Khởi tạo lại."
        }
        .into(),
        Notice::Refused(e) => config_error(e, lang),
        Notice::NoSuchRun { run } => {
            if en {
                format!("There is no run {run}.")
            } else {
                format!("Không có lần chạy {run}.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_vietnamese_of_its_own() {
        let notices = [
            Notice::Verdict(Verdict::NoSeparation {
                pass: 3,
                repeats: 1,
            }),
            Notice::PassStart {
                pass: 2,
                misclassified: 3,
            },
            Notice::Frozen,
            Notice::Finished,
            Notice::Refused(ConfigError::SignActivation),
            Notice::NewRun { run: "2".into() },
            Notice::OptimizerReset {
                from: crate::nn::OptimizerKind::Gd,
                to: crate::nn::OptimizerKind::Adam,
                step: 40,
            },
            Notice::Refused(ConfigError::Beta2(1.0)),
        ];
        for n in &notices {
            let (en, vi) = (text(n, Lang::En), text(n, Lang::Vi));
            assert_ne!(en, vi, "{n:?}");
            assert!(!vi.is_empty());
        }
    }
}
