import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatIngest
import KhaoSatPipeline
import KhaoSatQuestionnaire

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Nhà thầu tự kiểm tra tệp kết quả khảo sát trước khi bàn giao.",
        discussion: """
        Mã thoát: 0 khi mọi dòng được chấp nhận, 1 khi có dòng bị loại ra (xem báo cáo), \
        2 khi có tệp không đọc được hoặc bộ phiếu có lỗi.
        """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Định dạng báo cáo: text hoặc json.")
    var format: String = "text"

    @Option(help: "Ghi các dòng bị loại ra vào tệp CSV này.")
    var quarantine: String?

    @Option(help: "Số ví dụ (tệp:dòng) in cho mỗi lý do.")
    var examples: Int = 3

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format chỉ nhận text hoặc json.") }
        guard (0...1_000_000).contains(examples) else {
            throw ValidationError("--examples nhận một số nguyên từ 0 đến 1 000 000, không phải \(examples).")
        }
    }

    func run() throws {
        let progress = ProgressLine(quiet: input.quiet)
        let set = try loadSet(input.set)
        let options = try input.options(for: set, keyRequired: false)
        let inputs = try input.readableInputs(skipping: false)
        let check = UploadCheck(set: set, inputs: inputs, options: options, checksQuality: false, progress: progress.report)
        let result = check.ingest
        if let quarantine { try check.writeQuarantine(toFile: quarantine) }
        print(format == "json" ? try check.jsonReport() : ValidationReport.text(result, examples: examples))
        try InputOptions.requireBalanced(result)
        if !result.failures.isEmpty { throw ExitCode(2) }
        if !result.quarantine.isEmpty { throw ExitCode(1) }
    }
}
