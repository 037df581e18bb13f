import ArgumentParser
import KhaoSatIngest
import KhaoSatQuestionnaire

/// What `validate` and `convert` share: the set, the files and how to read them.
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("questionnaires"), help: "Thư mục bộ phiếu, ví dụ Questionnaires/dak-lak-2025.")
    var set: String

    @Argument(help: "Các tệp kết quả (CSV hoặc Excel .xlsx).")
    var files: [String]

    @Option(help: "Với tệp Excel: tên trang tính cần đọc (mặc định: trang đầu tiên).")
    var sheet: String?

    @Flag(help: "Tính cả phiếu KoBoToolbox đang chờ duyệt (on hold); mặc định chúng bị loại ra với lý do REVIEW_ON_HOLD.")
    var acceptOnHold = false

    @Option(help: "Định dạng tệp: canonical, kobo, odk hoặc google-forms (mặc định: tự nhận biết).")
    var layout: String?

    @Option(help: "Cùng người trả lời đánh giá cùng đơn vị nhiều lần: giữ phiếu latest (mới nhất) hoặc first (đầu tiên).")
    var duplicates: String = "latest"

    @Option(help: "Khi cùng một mã phiếu có ở tệp này và tệp khác với câu trả lời khác nhau: tính bản ở tệp này (lặp lại được, tệp nêu trước được ưu tiên trước); bản kia bị loại ra với lý do ID_OTHER_FILE_CHOSEN.")
    var prefer: [String] = []

    @Flag(help: "Không in dòng tiến độ (tệp, số dòng, dòng/giây) khi đọc tệp lớn.")
    var quiet = false

    @Option(help: "Tệp khoá bí danh (tạo bằng khaosat key new); mặc định: tệp mà biến môi trường KHAOSAT_KEY_FILE chỉ tới.")
    var keyFile: String?

    func validate() throws {
        if let layout, Layout(name: layout) == nil {
            throw ValidationError("Định dạng \"\(layout)\" không hợp lệ: dùng canonical, kobo, odk hoặc google-forms.")
        }
        guard DuplicatePolicy(rawValue: duplicates) != nil else {
            throw ValidationError("--duplicates chỉ nhận latest hoặc first.")
        }
        for name in prefer where !files.contains(name) {
            throw ValidationError("--prefer \(name): tệp này không nằm trong các tệp được đọc.")
        }
    }

    /// `keyRequired`: a set that declares personal data is not read without the key (convert); else
    /// a key made for this run alone stands in (validate, quality: their outputs are not kept as records).
    func options(for set: QuestionnaireSet, keyRequired: Bool) throws -> IngestOptions {
        var options = IngestOptions(layout: layout.flatMap(Layout.init(name:)), duplicates: DuplicatePolicy(rawValue: duplicates)!, sheet: sheet,
                                    acceptOnHold: acceptOnHold, pseudonyms: try pseudonymKey(file: keyFile, for: set, required: keyRequired))
        options.preferredInputs = prefer
        return options
    }

    var inputs: [(path: String, name: String)] { files.map { ($0, $0) } }

    /// The inputs that exist and are files. A missing one or a folder is named on stderr and
    /// ends the run (exit 2), unless `skipping` them: then the run goes on without them.
    func readableInputs(skipping: Bool) throws -> [(path: String, name: String)] {
        var readable: [(path: String, name: String)] = []
        var failed = false
        for input in inputs {
            if let problem = ResponseRows.problem(path: input.path, name: input.name) {
                printError((skipping ? "Bỏ qua: " : "") + problem.description)
                failed = true
            } else {
                readable.append(input)
            }
        }
        if failed, !skipping { throw ExitCode(2) }
        return readable
    }

    /// Exit 3 when the accounting does not add up: that is a bug, never a result.
    static func requireBalanced(_ result: IngestResult) throws {
        guard result.files.allSatisfy(\.balances) else {
            printError("Lỗi chương trình: số dòng không cân (đọc ≠ chấp nhận + loại + trùng). Xin báo cho nhóm phát triển.")
            throw ExitCode(3)
        }
    }
}
