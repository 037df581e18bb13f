import ArgumentParser
import Foundation
import KhaoSatExport
import KhaoSatIngest
import KhaoSatPipeline
import KhaoSatQuality

struct Quality: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kiểm tra chất lượng khảo sát: thời lượng, giờ, thời gian khảo sát, trả lời giống hệt, gần trùng, điều tra viên.",
        discussion: """
        Ghi quality.csv (mỗi cờ một dòng, có bằng chứng) và quality-fieldwork.csv (theo điều tra viên và thiết bị) \
        vào --out. Cờ là bằng chứng để xem xét, không tự làm thay đổi điểm (xem khaosat convert --exclude-flags). \
        Mã thoát: 0 khi đã kiểm tra, 2 khi bộ phiếu có lỗi hoặc có tệp không đọc được.
        """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Thư mục ghi quality.csv và quality-fieldwork.csv.")
    var out: String

    func run() throws {
        let set = try loadSet(input.set)
        let options = try input.options(for: set, keyRequired: false)
        let inputs = try input.readableInputs(skipping: false)
        let progress = ProgressLine(quiet: input.quiet)
        let check = UploadCheck(set: set, inputs: inputs, options: options, checksQuality: true, progress: progress.report)
        let result = check.ingest, report = check.quality!
        try InputOptions.requireBalanced(result)
        for failure in result.failures { printError("\(failure.file): \(failure.message)") }
        do {
            try RunWriter(directory: out).write(RunFiles.qualityFiles(report))
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        print(report.text)
        print("Đã ghi quality.csv, quality-fieldwork.csv vào \(out).")
        if !result.failures.isEmpty { throw ExitCode(2) }
    }
}
