import ArgumentParser
import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatPipeline
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire
import KhaoSatReport

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quy đổi kết quả khảo sát ra điểm Nội dung 3 cho mọi đơn vị và ghi các tệp kết quả.",
        discussion: """
        Ghi vào thư mục --out: content3.csv, content3-criteria.csv, content3.json (kèm manifest), \
        quarantine.csv, quality.csv và quality-fieldwork.csv (kiểm tra chất lượng). Các tệp được ghi tạm rồi mới đổi tên khi cả lượt chạy thành công. \
        Mã thoát: 0 thành công, 2 khi bộ phiếu có lỗi hoặc có tệp không đọc được (không ghi kết quả, \
        trừ khi dùng --skip-unreadable), 3 khi số dòng không cân (lỗi chương trình).
        """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Thư mục ghi kết quả.")
    var out: String

    @Flag(help: "Không ghi thời điểm chạy vào manifest, để hai lần chạy cho ra các tệp giống hệt nhau từng byte.")
    var reproducible = false

    @Flag(help: "Vẫn ghi kết quả khi có tệp không đọc được (tệp đó được ghi trong manifest).")
    var skipUnreadable = false

    @Option(help: "Số lần lấy mẫu lại (bootstrap) điểm Nội dung 3 của mọi đơn vị, ghi vào content3-replicates.csv để khaosat rank tính khoảng thứ hạng; 0: không (mặc định). Ví dụ 2000.")
    var replicates = 0

    @Option(help: "Hạt giống của bootstrap: cùng hạt giống, cùng kết quả từng byte (ghi trong manifest).")
    var seed: UInt64 = 2027

    @Option(help: "Không tính các phiếu có cờ chất lượng này, ví dụ SPEEDING,NEAR_DUPLICATE (chúng được loại ra với lý do QUALITY_EXCLUDED; manifest ghi lại).")
    var excludeFlags: String?

    func validate() throws {
        if let excludeFlags, case .failure(let e) = QualityFlag.parseList(excludeFlags) { throw ValidationError(e.description) }
        if replicates < 0 || replicates > 100_000 { throw ValidationError("--replicates nhận một số từ 0 đến 100000, không phải \(replicates).") }
    }

    func run() throws {
        let set = try loadSet(input.set)
        let options = try input.options(for: set, keyRequired: true)
        try requireSameKey(options.pseudonyms, run: out)
        let inputs = try input.readableInputs(skipping: skipUnreadable)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
            printError("\(out): --out phải là một thư mục; đây là một tệp.")
            throw ExitCode(2)
        }
        let progress = ProgressLine(quiet: input.quiet)
        let excluding = Exclusion(flags: try excludeFlags.map { try QualityFlag.parseList($0).get() } ?? [])
        let run = try ConversionRun(set: set, inputs: inputs, options: options,
                                    runTime: reproducible ? nil : Date(), excluding: excluding,
                                    bootstrap: replicates > 0 ? (replicates, seed) : nil, progress: progress.report)
        let result = run.ingest
        try InputOptions.requireBalanced(result)
        print(ValidationReport.text(result, examples: 0))
        if !result.failures.isEmpty && !skipUnreadable {
            printError("Có tệp không đọc được: chưa ghi kết quả. Sửa tệp, hoặc chạy lại với --skip-unreadable để bỏ qua tệp đó.")
            throw ExitCode(2)
        }
        do {
            // The workbook for people beside the machine files, written with them (its ranking sheet comes with `report`).
            let workbook = ResultsWorkbook(run: Content3Document(manifest: run.manifest, units: run.units), ranking: nil)
            try RunWriter(directory: out).write(run.files + [("content3.xlsx", try workbook.spreadsheet().bytes())])
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        print("")
        print(Summary.table(run.units))
        print("")
        print(run.quality.text)
        print("Đã ghi \((run.files.map(\.name) + ["content3.xlsx"]).joined(separator: ", ")) vào \(out).")
        if !result.failures.isEmpty || inputs.count < input.inputs.count { throw ExitCode(2) }
    }
}

/// The per-index summary a run ends with.
enum Summary {
    static func table(_ units: [UnitResult]) -> String {
        var rows = [["Chỉ số", "Đơn vị", "Có phiếu", "Bình quân", "Thấp nhất", "Cao nhất", "Gắn cờ"]]
        for index in Set(units.map(\.index)).sorted() {
            let all = units.filter { $0.index == index }
            let scored = all.filter { $0.respondents > 0 }.map(\.points)
            let mean = scored.isEmpty ? nil : Decimals.rounded(scored.reduce(0, +) / Decimal(scored.count), scale: 2)
            func show(_ x: Decimal?) -> String { x.map { Decimals.format($0, scale: 2) } ?? "–" }
            rows.append([index.rawValue, "\(all.count)", "\(scored.count)", show(mean), show(scored.min()),
                         show(scored.max()), "\(all.filter { !$0.flags.isEmpty }.count)"])
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        return rows.map { row in
            row.enumerated().map { c, cell in
                String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
