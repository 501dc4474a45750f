//! Every text of the interface in English and Vietnamese, in one place. The Vietnamese follows
//! the lecture's terms (hệ số học α, hàm tổn thất, tập phân lớp sai M, …).

use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Tiếng Việt.
    Vi,
}

impl Lang {
    /// Parses `en` or `vi`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Self::En),
            "vi" => Some(Self::Vi),
            _ => None,
        }
    }
}

/// One text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: &'static str,
    /// Vietnamese.
    pub vi: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Vi => self.vi,
        }
    }
}

macro_rules! texts {
    ($($name:ident: $en:expr, $vi:expr;)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: Text = Text { en: $en, vi: $vi };
        )*
        /// Every text, for the tests (both languages present, every glyph in the font).
        pub const ALL: &[Text] = &[$($name),*];
    };
}

texts! {
    APP_TITLE: "Perceptron Lab", "Perceptron Lab";
    // Menus
    FILE: "File", "Tệp";
    VIEW: "View", "Hiển thị";
    HELP: "Help", "Trợ giúp";
    OPEN_DATA: "Open data (CSV)…", "Mở dữ liệu (CSV)…";
    SAVE_DATA: "Save data (CSV)…", "Lưu dữ liệu (CSV)…";
    OPEN_MODEL: "Open model (JSON)…", "Mở mô hình (JSON)…";
    SAVE_MODEL: "Save model (JSON)…", "Lưu mô hình (JSON)…";
    EXPORT_PNG: "Export window as PNG…", "Xuất cửa sổ ra PNG…";
    REGIONS_FROM_STEP: "regions from step", "vùng quyết định của bước";
    COARSE_SUFFIX: " (coarse)", " (thô)";
    COARSE_PREVIEW: "coarse regions while training", "vùng quyết định thô khi đang huấn luyện";
    REFINING: "coarse regions, refining…", "vùng quyết định thô, đang làm mịn…";
    CLASS_NEEDS_A_POINT: "Not removed: every class must keep at least one point.", "Không xoá: mỗi lớp phải còn ít nhất một điểm.";
    EXISTS_OVERWRITE: "exists. Overwrite it?", "đã có. Ghi đè lên tệp này?";
    OVERWRITE: "Overwrite", "Ghi đè";
    KEEP_IT: "Keep it", "Giữ tệp cũ";
    RESTORE_LAST: "Restore the last session", "Khôi phục phiên làm việc trước";
    RESTORE_LAST_TIP: "Your runs, points and weights as they were when the app last closed (saved every 30 s)", "Các lần chạy, điểm dữ liệu và trọng số như lúc ứng dụng đóng lần trước (lưu mỗi 30 giây)";
    LAST_SESSION_FOUND: "The last session was saved", "Phiên làm việc trước đã được lưu";
    OPEN_SCENARIO: "Open scenario (JSON)…", "Mở kịch bản (JSON)…";
    SAVE_SCENARIO: "Save scenario (JSON)…", "Lưu kịch bản (JSON)…";
    EXPORT_CURVES: "Export curves (CSV)…", "Xuất các đường cong (CSV)…";
    NO_OPENER: "This build cannot open scenarios here; use --scenario FILE.", "Bản dựng này không mở được kịch bản ở đây; hãy dùng --scenario FILE.";
    LANGUAGE: "Language", "Ngôn ngữ";
    THEME: "Theme", "Giao diện";
    LIGHT: "Light", "Sáng";
    DARK: "Dark", "Tối";
    UI_SCALE: "UI scale", "Cỡ giao diện";
    UI_SCALE_TIP: "Make everything bigger for a projector (100 %–300 %, Ctrl + = / Ctrl + − / Ctrl + 0)", "Phóng to mọi thứ khi chiếu lên màn lớn (100 %–300 %, Ctrl + = / Ctrl + − / Ctrl + 0)";
    HIDE_PANEL: "Hide the side panel", "Ẩn bảng điều khiển";
    SHOW_PANEL: "Show the side panel", "Hiện bảng điều khiển";
    PANEL_TIP: "Only the plots stay on screen (Tab toggles)", "Chỉ giữ lại các đồ thị trên màn hình (phím Tab)";
    RESTORE_DEFAULTS: "Restore defaults", "Khôi phục mặc định";
    RESTORE_DEFAULTS_TIP: "Every setting back to its default; the data and network are rebuilt", "Đưa mọi thiết lập về mặc định; dữ liệu và mạng được tạo lại";
    SHORTCUTS: "Keyboard: Space play/pause · S step · E step epoch · R reset · ← / → timeline (paused) · Home / End start / live · Tab side panel · F5 presentation · Ctrl + = / − / 0 UI scale", "Bàn phím: Space chạy/dừng · S một bước · E một epoch · R khởi tạo lại · ← / → dòng thời gian (khi dừng) · Home / End về đầu / hiện tại · Tab bảng điều khiển · F5 trình chiếu · Ctrl + = / − / 0 cỡ giao diện";
    // Training controls
    TRAINING: "Training", "Huấn luyện";
    PLAY: "Play", "Chạy";
    PAUSE: "Pause", "Dừng";
    PLAY_TIP: "Train continuously at the chosen speed (Space)", "Huấn luyện liên tục với tốc độ đã chọn (Space)";
    STEP: "Step", "Một bước";
    STEP_TIP: "Make exactly one parameter update (S or →)", "Thực hiện đúng một lần cập nhật tham số (S hoặc →)";
    STEP_EPOCH: "Step epoch", "Một epoch";
    STEP_EPOCH_TIP: "Train to the end of the current epoch (pass over the data) (E)", "Huấn luyện đến hết epoch hiện tại (một lượt qua dữ liệu) (E)";
    STEP_PASS: "Step pass", "Một lượt";
    STEP_BACK: "Step back", "Lùi một bước";
    STEP_BACK_TIP: "Show the step before (←); nothing is erased", "Xem bước trước đó (←); không xoá gì";
    RESET: "Reset", "Khởi tạo lại";
    RESET_TIP: "New initial weights from the next weight seed, same data and settings (R)", "Trọng số ban đầu mới từ hạt giống trọng số kế tiếp, giữ dữ liệu và thiết lập (R)";
    SPEED: "Speed", "Tốc độ";
    SPEED_TIP: "From slow motion (about 1 update a second) to full speed", "Từ chậm (khoảng 1 lần cập nhật mỗi giây) đến tốc độ tối đa";
    FULL_SPEED: "full speed", "tối đa";
    PER_SECOND: "updates/s", "lần cập nhật/giây";
    // Data controls
    DATA: "Data", "Dữ liệu";
    DATASET: "Dataset", "Tập dữ liệu";
    DATASET_TIP: "The points to classify; each generator is seeded", "Các điểm cần phân lớp; mỗi bộ sinh dùng một hạt giống";
    CLASSES: "Classes", "Số lớp";
    CLASSES_TIP: "C, the number of classes (spiral and Gaussian clusters)", "C, số lớp (xoắn ốc và cụm Gauss)";
    POINTS: "Points per class", "Số điểm mỗi lớp";
    POINTS_TIP: "N, points in each class", "N, số điểm trong mỗi lớp";
    NOISE: "Noise", "Nhiễu";
    NOISE_TIP: "How far points stray from the clean shape", "Mức các điểm lệch khỏi hình dạng chuẩn";
    DATA_SEED: "Data seed", "Hạt giống dữ liệu";
    DATA_SEED_TIP: "The same seed gives the same points", "Cùng hạt giống cho cùng các điểm";
    REGENERATE: "Regenerate", "Sinh lại";
    REGENERATE_TIP: "Draw the points again with the next seed; training goes on", "Sinh lại các điểm với hạt giống kế tiếp; việc huấn luyện vẫn tiếp tục";
    ADD_POINTS: "Click to add points of class", "Nhấp để thêm điểm thuộc lớp";
    ADD_POINTS_TIP: "Left click on the plot adds a point of this class; right click removes the nearest point", "Nhấp trái lên đồ thị để thêm điểm của lớp này; nhấp phải để xoá điểm gần nhất";
    EDIT_POINTS: "Edit points with the mouse", "Sửa điểm bằng chuột";
    // Model controls
    MODEL: "Model", "Mô hình";
    MODEL_TIP: "Perceptron (PLA) or multilayer perceptron (backprop)", "Perceptron (PLA) hoặc mạng nhiều lớp (lan truyền ngược)";
    PERCEPTRON: "Perceptron (PLA)", "Perceptron (PLA)";
    MLP: "Neural network (MLP)", "Mạng nơ-ron (MLP)";
    PERCEPTRON_NEEDS_TWO: "The perceptron separates 2 classes with one line; this dataset has more", "Perceptron tách 2 lớp bằng một đường thẳng; tập dữ liệu này có nhiều lớp hơn";
    HIDDEN_LAYERS: "Hidden layers", "Các tầng ẩn";
    HIDDEN_TIP: "Units per hidden layer (1–1024); no hidden layer gives a linear model", "Số nút mỗi tầng ẩn (1–1024); không có tầng ẩn là mô hình tuyến tính";
    UNITS: "units", "nút";
    LAYER: "Layer", "Tầng";
    ADD_LAYER: "Add layer", "Thêm tầng";
    REMOVE_LAYER: "Remove layer", "Xoá tầng";
    ACTIVATION: "Activation", "Hàm kích hoạt";
    ACTIVATION_OF_LAYER: "activation of layer", "hàm kích hoạt của tầng";
    PER_LAYER_ACTIVATIONS: "One activation per layer", "Mỗi tầng một hàm kích hoạt";
    PER_LAYER_TIP: "Give each hidden layer its own activation f⁽ˡ⁾", "Cho mỗi tầng ẩn một hàm kích hoạt f⁽ˡ⁾ riêng";
    FEATURES: "Input features φ(x)", "Đặc trưng đầu vào φ(x)";
    FEATURE: "feature", "đặc trưng";
    FEATURES_TIP: "What the model reads of each point x = (x₁, x₂); the data itself stays as it is. Changing them builds a new network", "Mô hình đọc gì từ mỗi điểm x = (x₁, x₂); dữ liệu giữ nguyên. Thay đổi sẽ tạo mạng mới";
    FEATURES_KEEP_ONE: "At least one feature stays on", "Phải giữ ít nhất một đặc trưng";
    ACTIVATION_TIP: "f in a = f(z) for the hidden layers", "f trong a = f(z) của các tầng ẩn";
    SIGN_CANNOT_TRAIN: "sign′ = 0 everywhere: a sign network cannot be trained by gradient descent (set it by hand)", "sign′ = 0 ở mọi nơi: không thể huấn luyện mạng dùng hàm sign bằng GD (hãy đặt trọng số bằng tay)";
    LOSS: "Loss", "Hàm tổn thất";
    LOSS_TIP: "Data loss J₀, averaged over the batch", "Tổn thất dữ liệu J₀, lấy trung bình trên batch";
    CROSS_ENTROPY: "Cross-entropy", "Cross-entropy";
    MSE: "Mean squared error", "Sai số bình phương trung bình";
    REBUILD_NOTE: "Changing this builds a new network (new weights); the data stays", "Thay đổi mục này sẽ tạo mạng mới (trọng số mới); dữ liệu được giữ nguyên";
    POCKET: "Pocket (keep the best weights)", "Pocket (giữ trọng số tốt nhất)";
    POCKET_TIP: "On data no line separates, keep the weights with the fewest mistakes seen", "Với dữ liệu không tách được bằng đường thẳng, giữ trọng số ít lỗi nhất đã gặp";
    SHUFFLE: "Shuffle mini-batches", "Xáo trộn mini-batch";
    SHUFFLE_TIP: "Visit the points in a new random order each epoch (otherwise index order)", "Duyệt các điểm theo thứ tự ngẫu nhiên mới mỗi epoch (nếu không: theo chỉ số)";
    // Optimiser controls
    OPTIMIZER: "Optimizer", "Bộ tối ưu";
    LEARNING_RATE: "Learning rate α", "Hệ số học α";
    LEARNING_RATE_TIP: "The step size of θ ← θ − α∂J/∂θ; applies at the next step", "Độ dài bước trong θ ← θ − α∂J/∂θ; áp dụng ngay ở bước kế tiếp";
    LAMBDA: "Regularization λ", "Hệ số điều chuẩn λ";
    LAMBDA_TIP: "The strength λ of the penalty on the weights (not the biases); applies at the next step", "Độ mạnh λ của số hạng phạt trên trọng số (không tính bias); áp dụng ngay ở bước kế tiếp";
    USE_LAMBDA: "Regularization", "Điều chuẩn";
    REG_KIND: "Penalty", "Loại điều chuẩn";
    REG_KIND_TIP: "L2 shrinks every weight in proportion (gradient λW); L1 pulls each one by the same amount (λ·sign w) and sets many to 0; biases are never penalised", "L2 co mọi trọng số theo tỉ lệ (gradient λW); L1 kéo mỗi trọng số một lượng như nhau (λ·sign w) và đưa nhiều trọng số về 0; bias không bao giờ bị phạt";
    REG_L2: "L2 term λ/2·ΣW²", "số hạng L2 λ/2·ΣW²";
    REG_L1: "L1 term λ·Σ|w|", "số hạng L1 λ·Σ|w|";
    OPTIMIZER_KIND: "Gradient method", "Phương pháp gradient";
    OPTIMIZER_KIND_TIP: "How the gradient g becomes an update: GD θ ← θ − αg; momentum v ← βv + g, θ ← θ − αv; Adam scales each step by running means of g and g². Another method starts its state from 0; applies at the next step", "Cách gradient g trở thành bước cập nhật: GD θ ← θ − αg; momentum v ← βv + g, θ ← θ − αv; Adam chia bước theo trung bình trượt của g và g². Đổi phương pháp thì trạng thái của nó bắt đầu lại từ 0; áp dụng ngay ở bước kế tiếp";
    OPT_GD: "GD (θ ← θ − αg)", "GD (θ ← θ − αg)";
    OPT_MOMENTUM: "Momentum", "Momentum (quán tính)";
    OPT_ADAM: "Adam", "Adam";
    MOMENTUM_BETA: "Momentum β", "Hệ số quán tính β";
    MOMENTUM_BETA_TIP: "v ← βv + g: how much of the earlier steps carries on (0 is plain GD); applies at the next step", "v ← βv + g: phần các bước trước được giữ lại (0 là GD thường); áp dụng ngay ở bước kế tiếp";
    ADAM_BETA1: "Adam β₁", "β₁ của Adam";
    ADAM_BETA1_TIP: "m ← β₁m + (1−β₁)g, the running mean of the gradient; applies at the next step", "m ← β₁m + (1−β₁)g, trung bình trượt của gradient; áp dụng ngay ở bước kế tiếp";
    ADAM_BETA2: "Adam β₂", "β₂ của Adam";
    ADAM_BETA2_TIP: "v ← β₂v + (1−β₂)g², the running mean of its square; applies at the next step", "v ← β₂v + (1−β₂)g², trung bình trượt của bình phương gradient; áp dụng ngay ở bước kế tiếp";
    ADAM_EPS: "Adam ε", "ε của Adam";
    ADAM_EPS_TIP: "Added to the root of the mean square, so the step stays finite where g ≈ 0; applies at the next step", "Cộng vào căn của trung bình bình phương để bước luôn hữu hạn khi g ≈ 0; áp dụng ngay ở bước kế tiếp";
    UPDATE_RULE: "Update rule", "Cách cập nhật";
    UPDATE_TIP: "How many points one step uses", "Mỗi bước dùng bao nhiêu điểm";
    BATCH: "Batch (all points)", "Batch (mọi điểm)";
    MINIBATCH: "Mini-batch", "Mini-batch";
    SGD: "SGD (one point)", "SGD (một điểm)";
    ONLINE: "Online (Rosenblatt)", "Online (Rosenblatt)";
    ONLINE_MLP: "The online rule is the perceptron's; the MLP uses batch, mini-batch or SGD", "Cách cập nhật online dành cho perceptron; MLP dùng batch, mini-batch hoặc SGD";
    BATCH_SIZE: "Batch size B", "Kích thước batch B";
    BATCH_SIZE_TIP: "Points per mini-batch step; applies at the next step", "Số điểm mỗi bước mini-batch; áp dụng ngay ở bước kế tiếp";
    INIT_SEED: "Weight seed", "Hạt giống trọng số";
    INIT_SEED_TIP: "The seed of the initial weights and the shuffling", "Hạt giống của trọng số ban đầu và việc xáo trộn";
    // Display
    DISPLAY: "Display", "Hiển thị";
    HARD_CLASSES: "Hard classes", "Lớp rõ ràng";
    HARD_CLASSES_TIP: "Colour each region by its predicted class instead of shading by probability", "Tô mỗi vùng theo lớp dự đoán thay vì tô đậm nhạt theo xác suất";
    SHOW_BOUNDARY: "Decision boundary", "Đường biên quyết định";
    SHOW_MISTAKES: "Mark misclassified points", "Đánh dấu điểm phân lớp sai";
    RESET_VIEW: "Reset view", "Đặt lại khung nhìn";
    RESET_VIEW_TIP: "Fit the plot to the data again", "Đưa đồ thị về vừa khít dữ liệu";
    // Plots and metrics
    DATA_PLOT: "Data and decision regions", "Dữ liệu và các vùng quyết định";
    LOSS_PLOT: "Loss", "Hàm tổn thất";
    ACCURACY_PLOT: "Accuracy", "Độ chính xác";
    TOTAL_LOSS: "total J", "tổng J";
    DATA_LOSS: "data J₀", "dữ liệu J₀";
    REG_LOSS: "λ-term", "số hạng λ";
    SHOW_PARTS: "Show J₀ and λ-term", "Hiện J₀ và số hạng λ";
    LOG_SCALE: "Log scale", "Thang log";
    X_IN_EPOCHS: "x in epochs", "trục x theo epoch";
    STEP_LABEL: "step", "bước";
    EPOCH_LABEL: "epoch", "epoch";
    LOSS_LABEL: "loss", "tổn thất";
    ACCURACY_LABEL: "accuracy", "độ chính xác";
    MISCLASSIFIED_LABEL: "misclassified", "phân lớp sai";
    SPEED_LABEL: "updates/s", "cập nhật/giây";
    CLASS: "class", "lớp";
    NORMAL_VECTOR: "normal vector w", "vectơ pháp tuyến w";
    BOUNDARY_BEFORE: "boundary before", "biên trước";
    BOUNDARY_AFTER: "boundary after", "biên sau";
    UPDATE_ARROW: "update α·y·x̄", "cập nhật α·y·x̄";
    NO_BOUNDARY: "w = 0: no boundary yet, every point is predicted +1.", "w = 0: chưa có đường biên, mọi điểm được dự đoán +1.";
    NO_BOUNDARY_NEGATIVE: "w = 0 and b < 0: no boundary yet, every point is predicted −1.", "w = 0 và b < 0: chưa có đường biên, mọi điểm được dự đoán −1.";
    ALPHA_NOTE: "From w̄ = 0, α only scales w̄: the steps and predictions are the same for any α.", "Từ w̄ = 0, α chỉ nhân w̄ với một hằng số: các bước và dự đoán như nhau với mọi α.";
    POCKET_NOW: "now", "hiện tại";
    TIMELINE: "Timeline", "Dòng thời gian";
    TIMELINE_TIP: "Drag to see the run exactly as it was at any step (← / → while paused). Play, Step or a new setting here starts a branch; the old continuation stays.", "Kéo để xem lần chạy đúng như ở bất kỳ bước nào (← / → khi tạm dừng). Chạy, Bước hoặc đổi thiết lập ở đây sẽ tạo một nhánh; phần tiếp theo cũ vẫn được giữ.";
    TIMELINE_START: "Go to the start (Home)", "Về đầu (Home)";
    STEP_FORWARD: "Step forward", "Tiến một bước";
    LIVE: "Live", "Hiện tại";
    EDITED: "edited", "đã sửa";
    GRADCHECK: "Gradient check", "Kiểm tra gradient";
    GRADCHECK_TIP: "Compare backprop with centred finite differences (J(θ+h) − J(θ−h)) / 2h on the current weights, layer by layer", "So sánh lan truyền ngược với sai phân hữu hạn trung tâm (J(θ+h) − J(θ−h)) / 2h trên trọng số hiện tại, từng lớp";
    GRADCHECK_TOO_BIG: "Offered for networks up to 5 000 weights and 2 000 points, and for networks gradient descent can train", "Chỉ dùng cho mạng đến 5 000 trọng số và 2 000 điểm, và mạng huấn luyện được bằng gradient";
    GRADCHECK_AT_STEP: "Relative error ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) at step", "Sai số tương đối ‖giải tích − số‖ / (‖giải tích‖ + ‖số‖) ở bước";
    GRADCHECK_GOOD: "Every layer agrees to better than 1e-6: backprop computes the true gradient.", "Mọi lớp khớp tốt hơn 1e-6: lan truyền ngược tính đúng gradient.";
    GRADCHECK_BAD: "A layer differs by more than 1e-6: at these weights the finite differences and backprop disagree (a sign of saturation or a bug).", "Có lớp lệch hơn 1e-6: ở trọng số này sai phân hữu hạn và lan truyền ngược không khớp (bão hoà hoặc có lỗi).";
    GRADCHECK_KINKS: "ReLU inputs are within h of 0, where finite differences straddle the kink and are not a derivative: a larger error there is expected.", "đầu vào ReLU nằm trong khoảng h quanh 0, nơi sai phân hữu hạn vắt qua điểm gãy và không phải đạo hàm: sai số lớn hơn ở đó là bình thường.";
    TIMELINE_HOME: "Start", "Đầu";
    ONE_BACK: "−1", "−1";
    ONE_FORWARD: "+1", "+1";
    LIVE_TIP: "Back to the newest step of this run (End)", "Về bước mới nhất của lần chạy này (End)";
    RUN: "run", "lần chạy";
    RUNS: "Runs", "Các lần chạy";
    SHOWING_UNIT: "Showing the map of unit", "Đang hiện bản đồ của đơn vị";
    SHOW_REGIONS: "Show the regions", "Hiện các vùng quyết định";
    FEATURE_ADD: "click to feed this feature to the network", "bấm để đưa đặc trưng này vào mạng";
    FEATURE_REMOVE: "click to take this feature out (hover: its map)", "bấm để bỏ đặc trưng này (rê chuột: bản đồ của nó)";
    SHOW_LEGEND: "Legend on the data plot", "Chú giải trên đồ thị dữ liệu";
    PRESENTATION: "Presentation mode", "Chế độ trình chiếu";
    PRESENTATION_TIP: "Only the plots, the lesson's captions and Play / Step / Reset, in large type (F5; F5 or Esc leaves)", "Chỉ giữ đồ thị, lời dẫn bài học và Chạy / Một bước / Khởi tạo lại, chữ lớn (F5; F5 hoặc Esc để thoát)";
    LEAVE_PRESENTATION: "Leave presentation (F5)", "Thoát trình chiếu (F5)";
    VIEW_CHOICE: "Show", "Hiển thị";
    VIEW_CHOICE_TIP: "The window is narrow: one view at a time fills it", "Cửa sổ hẹp: mỗi lần một khung nhìn chiếm toàn bộ";
    CLOSE: "Close", "Đóng";
    MORE_UNITS: "more", "đơn vị nữa";
    UNIT_TIP: "click to show this unit's map in the big plot", "bấm để xem bản đồ của đơn vị này trên đồ thị lớn";
    UNIT_MAPS_TIP: "Each square shows that unit's activation over the plot (blue −, orange +). Hover a unit to see its edges; click it to show its map in the big plot. Edges: width = |w|, colour = sign.", "Mỗi ô vuông là giá trị kích hoạt của đơn vị đó trên mặt phẳng (xanh −, cam +). Rê chuột lên một đơn vị để thấy các cạnh của nó; bấm để xem bản đồ trên đồ thị lớn. Cạnh: độ dày = |w|, màu = dấu.";
    WEIGHT_MATRIX_TIP: "Rows: units of the layer before (b = bias); columns: units of this layer. Drag or type any value.", "Hàng: đơn vị của lớp trước (b = hệ số tự do); cột: đơn vị của lớp này. Kéo hoặc gõ để sửa.";
    BACKPROP: "Backprop", "Lan truyền ngược";
    BACKPROP_PERCEPTRON: "The perceptron learns by the PLA, not by backprop: see the Formulas tab.", "Perceptron học bằng PLA, không dùng lan truyền ngược: xem thẻ Công thức.";
    BACKPROP_TOO_BIG: "This network has too many numbers to read one by one; choose one with at most 100 000 parameters.", "Mạng này có quá nhiều số để đọc từng số; hãy chọn mạng có tối đa 100 000 tham số.";
    BACKPROP_POINT: "Point", "Điểm";
    BACKPROP_PICK: "or click a point on the plot", "hoặc bấm vào một điểm trên đồ thị";
    BACKPROP_REG: "λ term", "số hạng λ";
    BACKPROP_NEXT: "The next step", "Bước kế tiếp";
    BACKPROP_POINTS: "points", "điểm";
    BACKPROP_NEXT_TIP: "Its batch is ringed on the plot. The step uses the gradient averaged over the batch, not this point's alone.", "Các điểm của lô được khoanh trên đồ thị. Bước này dùng gradient trung bình trên cả lô, không chỉ của điểm này.";
    BACKPROP_THIS_POINT: "this point ∂J/∂w", "điểm này ∂J/∂w";
    BACKPROP_BATCH: "batch average", "trung bình lô";
    BACKPROP_GD: "plain gradient descent", "hạ gradient thường";
    NEXT_BATCH: "next step's batch", "lô của bước kế tiếp";
    CONFUSION: "Confusion", "Ma trận nhầm lẫn";
    CONFUSION_TIP: "Rows: the true class; columns: the class the model gives. The diagonal is right; each row's percentages sum to 100.", "Hàng: lớp thật; cột: lớp mô hình dự đoán. Đường chéo là đúng; phần trăm mỗi hàng cộng lại bằng 100.";
    TRAINING_SET: "Training points", "Tập huấn luyện";
    TEST_SET: "Test points", "Tập kiểm tra";
    TRUE_VS_PREDICTED: "true ↓ · predicted →", "thật ↓ · dự đoán →";
    RUNS_TIP: "Other runs are drawn faintly behind the current one.", "Các lần chạy khác được vẽ mờ phía sau lần chạy hiện tại.";
    NEW_RUN: "New run", "Lần chạy mới";
    NEW_RUN_TIP: "Start again from the same data and initial weights, with the current settings, to compare", "Bắt đầu lại từ cùng dữ liệu và trọng số ban đầu, với thiết lập hiện tại, để so sánh";
    FROM_RUN: "from", "từ";
    STEPS: "steps", "bước";
    RUN_NAME: "name", "tên";
    RENAME: "Rename", "Đổi tên";
    RENAME_TIP: "Give this run a name", "Đặt tên cho lần chạy này";
    DELETE: "Delete", "Xoá";
    DELETE_TIP: "Forget this run", "Bỏ lần chạy này";
    BATCH_LOSS: "batch loss (min…max)", "tổn thất của lô (nhỏ nhất…lớn nhất)";
    POCKET_WRONG: "wrong", "sai";
    SHOW_POCKET: "Draw the pocket's line", "Vẽ đường của pocket";
    SHOW_POCKET_TIP: "The best weights seen so far, as a dashed line", "Trọng số tốt nhất đến giờ, vẽ nét đứt";
    PASS_LIMIT_LABEL: "Pass limit", "Giới hạn số lượt";
    PASS_LIMIT_HINT: "The perceptron stops and says it did not converge after this many passes.", "Perceptron dừng và báo chưa hội tụ sau chừng này lượt.";
    // Messages
    DIVERGED: "Training stopped", "Đã dừng huấn luyện";
    DIVERGED_HINT: "Or press Reset for new weights.", "Hoặc nhấn Khởi tạo lại để có trọng số mới.";
    DIVERGED_DETAIL: "the loss became NaN/∞ or exploded: the learning rate is too large for this network", "hàm tổn thất trở thành NaN/∞ hoặc bùng nổ: hệ số học quá lớn đối với mạng này";
    REBUILT_FOR_CLASSES: "The data has another number of classes: the network was rebuilt", "Dữ liệu có số lớp khác: mạng đã được tạo lại";
    NOTHING_TO_SAVE: "Nothing to save yet", "Chưa có gì để lưu";
    CONVERGED: "Converged: M is empty", "Đã hội tụ: M rỗng";
    CONVERGED_AFTER: "converged after", "hội tụ sau";
    UPDATES: "updates", "lần cập nhật";
    PASSES: "passes", "lượt";
    NOT_SEPARABLE: "No line separates these classes: still misclassified after", "Không đường thẳng nào tách được các lớp này: vẫn phân lớp sai sau";
    POCKET_BEST: "pocket: best weights so far misclassify", "pocket: trọng số tốt nhất hiện có phân lớp sai";
    WORKER_CRASHED: "The training thread stopped unexpectedly", "Luồng huấn luyện dừng bất ngờ";
    RESTART_WORKER: "Restart training", "Khởi động lại huấn luyện";
    DISMISS: "Dismiss", "Đóng";
    PATH: "File path", "Đường dẫn tệp";
    OPEN: "Open", "Mở";
    SAVE: "Save", "Lưu";
    CANCEL: "Cancel", "Huỷ";
    SAVED: "Saved", "Đã lưu";
    LOADED: "Loaded", "Đã mở";
    NEW_NETWORK: "New network", "Mạng mới";
    // Classroom views
    PRESETS: "Presets", "Mẫu có sẵn";
    XOR_NETWORK: "XOR network (lecture)", "Mạng XOR (bài giảng)";
    XOR_NETWORK_TIP: "The lecture's hand-set 2-2-1 sign network", "Mạng 2-2-1 dùng hàm sign được đặt tay trong bài giảng";
    XOR_TRAINED: "XOR trained (lecture Eg. 1)", "XOR đã huấn luyện (Ví dụ 1 bài giảng)";
    XOR_TRAINED_TIP: "A 2-2-1 sigmoid network trained by backprop with cross-entropy", "Mạng 2-2-1 sigmoid huấn luyện bằng lan truyền ngược với cross-entropy";
    NETWORK: "Network", "Mạng";
    NETWORK_TIP: "Every weight and bias; drag or type to edit, the plot follows at once", "Mọi trọng số và bias; kéo hoặc gõ để sửa, đồ thị cập nhật ngay";
    HIDDEN_SPACE: "Hidden space (a₁, a₂)", "Không gian ẩn (a₁, a₂)";
    HIDDEN_SPACE_NOTE: "points share a hidden point: labels", "điểm trùng một điểm ẩn: nhãn";
    TEST_FRACTION: "test fraction", "tỉ lệ kiểm tra";
    TEST_FRACTION_TIP: "Hold out this share of each class as test points: never trained on, drawn hollow; changing it re-splits the data", "Giữ lại phần này của mỗi lớp làm điểm kiểm tra: không dùng để huấn luyện, vẽ rỗng; đổi tỉ lệ là chia lại dữ liệu";
    SHOW_TEST: "Show test data", "Hiện dữ liệu kiểm tra";
    TEST_POINTS: "test points", "điểm kiểm tra";
    TEST_LOSS: "test loss", "tổn thất kiểm tra";
    TEST_PERCEPTRON_LOSS: "test J", "J kiểm tra";
    TEST_ACCURACY: "test accuracy", "độ chính xác kiểm tra";
    TEST_MISCLASSIFIED: "test |M|", "|M| kiểm tra";
    DATA_FROM_CSV: "Data from CSV", "Dữ liệu từ CSV";
    DATA_FROM_CSV_TIP: "Reload the CSV file opened last", "Nạp lại tệp CSV đã mở lần trước";
    TRUTH_TABLE: "Truth table", "Bảng chân trị";
    OUTPUT: "output", "đầu ra";
    TARGET: "target", "nhãn";
    FORMULAS: "Formulas", "Công thức";
    FORMULA_TIP: "The update just made, with its numbers", "Lần cập nhật vừa thực hiện, với các con số";
    HOVER_POINT: "Hover a point of the plot to see f(x)", "Rê chuột lên một điểm của đồ thị để xem f(x)";
    FORWARD_PASS: "Forward pass of the chosen point", "Lan truyền tiến của điểm được chọn";
    CHOSEN_POINT: "Point", "Điểm";
    PERCEPTRON_LOSS: "perceptron loss J", "hàm tổn thất perceptron J";
    HIDDEN_LINES: "Hidden units' lines", "Đường của các nút ẩn";
    HIDDEN_LINES_TIP: "Each first-layer unit's line b + w₁x₁ + w₂x₂ = 0 (networks with up to 4 such units)", "Đường b + w₁x₁ + w₂x₂ = 0 của mỗi nút tầng ẩn thứ nhất (mạng có tối đa 4 nút như vậy)";
    HIDDEN_UNIT: "hidden unit", "nút ẩn";
    POCKET_LINE: "pocket (best so far)", "pocket (tốt nhất đến giờ)";
    TRUTH: "truth value", "giá trị chân lý";
    MISCLASSIFIED_SET: "|M|", "|M|";
    // Lessons and scenario codes
    EDIT: "Edit", "Sửa";
    COPY_CODE: "Copy scenario code", "Sao chép mã kịch bản";
    COPY_CODE_TIP: "The session as one short line of text (pl1:…) to paste into a chat or a slide; hand-placed points and hand-set weights travel too", "Phiên làm việc dưới dạng một dòng chữ ngắn (pl1:…) để dán vào tin nhắn hay slide; các điểm đặt tay và trọng số đặt tay cũng đi kèm";
    PASTE_CODE: "Paste scenario code…", "Dán mã kịch bản…";
    CODE_COPIED: "Scenario code copied to the clipboard, characters:", "Đã sao chép mã kịch bản vào bộ nhớ tạm, số ký tự:";
    CODE_FIELD: "Scenario code", "Mã kịch bản";
    CODE_HINT: "Paste a code that starts with pl1: (Ctrl+V)", "Dán một mã bắt đầu bằng pl1: (Ctrl+V)";
    CODE_OPENED: "Scenario code opened", "Đã mở mã kịch bản";
    LESSON: "Lesson", "Bài học";
    OPEN_LESSON: "Open lesson (JSON)…", "Mở bài học (JSON)…";
    SAVE_LESSON: "Save lesson (JSON)…", "Lưu bài học (JSON)…";
    ADD_SCENE: "Add this state as a scene", "Thêm trạng thái này thành một cảnh";
    ADD_SCENE_TIP: "The session so far (its start and every action) becomes a new scene after this one", "Phiên làm việc đến giờ (điểm bắt đầu và mọi thao tác) thành một cảnh mới sau cảnh này";
    PREVIOUS_SCENE: "◀ Previous", "◀ Cảnh trước";
    NEXT_SCENE: "Next ▶", "Cảnh sau ▶";
    SCENE_KEYS_TIP: "PageUp / PageDown (a presenter clicker) also move between scenes", "PageUp / PageDown (bút trình chiếu) cũng chuyển cảnh";
    RESTART_SCENE: "Restart scene", "Chạy lại cảnh";
    RESTART_SCENE_TIP: "Play this scene again from its start", "Chạy lại cảnh này từ đầu";
    SCENE_COUNTER: "Scene", "Cảnh";
    EDIT_SCENE_TEXTS: "Edit scene texts", "Sửa chữ của cảnh";
    SCENE_TITLE_EN: "Title (English)", "Tiêu đề (tiếng Anh)";
    SCENE_TITLE_VI: "Title (Vietnamese)", "Tiêu đề (tiếng Việt)";
    SCENE_CAPTION_EN: "Caption (English)", "Chú thích (tiếng Anh)";
    SCENE_CAPTION_VI: "Caption (Vietnamese)", "Chú thích (tiếng Việt)";
    CLOSE_LESSON: "Close lesson", "Đóng bài học";
    NEW_LESSON: "New lesson", "Bài học mới";
    NEW_SCENE: "New scene", "Cảnh mới";
    SCENE_ADDED: "Scene added:", "Đã thêm cảnh:";
    NO_LESSON: "No lesson is open: add a scene first", "Chưa mở bài học nào: hãy thêm một cảnh trước";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for t in ALL {
            assert!(!t.en.is_empty() && !t.vi.is_empty(), "{t:?}");
        }
        assert_eq!(PLAY.get(Lang::Vi), "Chạy");
        assert_eq!(Lang::from_code("vi"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
