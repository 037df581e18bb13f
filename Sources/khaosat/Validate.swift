import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatIngest
import KhaoSatQuestionnaire

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Nhà thầu tự kiểm tra tệp kết quả khảo sát trước khi bàn giao.",
        discussion: """
        Mã thoát: 0 khi mọi dòng được chấp nhận, 1 khi có dòng bị loại ra (xem báo cáo), \
        2 khi có tệp không đọc được hoặc bộ phiếu có lỗi.
        """
    )

    @Option(name: .customLong("questionnaires"), help: "Thư mục bộ phiếu, ví dụ Questionnaires/dak-lak-2025.")
    var set: String

    @Argument(help: "Các tệp kết quả (CSV).")
    var files: [String]

    @Option(help: "Định dạng tệp: canonical, kobo, odk hoặc google-forms (mặc định: tự nhận biết).")
    var layout: String?

    @Option(help: "Cùng người trả lời đánh giá cùng đơn vị nhiều lần: giữ phiếu latest (mới nhất) hoặc first (đầu tiên).")
    var duplicates: String = "latest"

    @Option(help: "Định dạng báo cáo: text hoặc json.")
    var format: String = "text"

    @Option(help: "Ghi các dòng bị loại ra vào tệp CSV này.")
    var quarantine: String?

    @Option(help: "Số ví dụ (tệp:dòng) in cho mỗi lý do.")
    var examples: Int = 3

    func validate() throws {
        if let layout, Layout(name: layout) == nil {
            throw ValidationError("Định dạng \"\(layout)\" không hợp lệ: dùng canonical, kobo, odk hoặc google-forms.")
        }
        guard DuplicatePolicy(rawValue: duplicates) != nil else {
            throw ValidationError("--duplicates chỉ nhận latest hoặc first.")
        }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format chỉ nhận text hoặc json.") }
    }

    func run() throws {
        let loaded = SetLoader.load(directory: set)
        guard let questionnaireSet = loaded.set, loaded.problems.isEmpty else {
            for p in loaded.problems { printError(p.description) }
            printError("Bộ phiếu có lỗi; hãy chạy khaosat check \(set).")
            throw ExitCode(2)
        }
        let ingestor = Ingestor(set: questionnaireSet, options: IngestOptions(layout: layout.flatMap(Layout.init(name:)),
                                                                                 duplicates: DuplicatePolicy(rawValue: duplicates)!))
        let result = ingestor.ingest(files.map { ($0, $0) })
        if let quarantine { try QuarantineFile.write(result.quarantine, to: quarantine) }
        print(format == "json" ? try ValidationReport.json(result) : ValidationReport.text(result, examples: examples))
        guard result.files.allSatisfy(\.balances) else {
            printError("Lỗi chương trình: số dòng không cân (đọc ≠ chấp nhận + loại + trùng). Xin báo cho nhóm phát triển.")
            throw ExitCode(3)
        }
        if !result.failures.isEmpty { throw ExitCode(2) }
        if !result.quarantine.isEmpty { throw ExitCode(1) }
    }
}
