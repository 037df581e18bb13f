import ArgumentParser
import KhaoSatCSV
import KhaoSatIngest

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Đọc một tệp kết quả từ đầu đến cuối: với CSV cho biết bảng mã, dấu phân cách, số dòng, số bản ghi; "
            + "với Excel, SPSS, ZIP của ODK cho biết trang hoặc bảng được đọc, số bản ghi và số trường.",
        discussion: "Mã thoát: 0 khi đọc được mọi tệp, 2 khi có tệp không đọc được."
    )

    @Argument(help: "Các tệp CSV, Excel (.xlsx), SPSS (.sav, .zsav) hoặc ZIP của ODK Central.")
    var files: [String]

    @Option(help: "Dấu phân cách: comma, semicolon hoặc tab (mặc định: tự nhận biết từ dòng tiêu đề).")
    var delimiter: String?

    func validate() throws {
        if let delimiter, Delimiter(name: delimiter) == nil {
            throw ValidationError("Dấu phân cách \"\(delimiter)\" không hợp lệ: dùng comma, semicolon hoặc tab.")
        }
    }

    func run() throws {
        var failed = false
        for file in files {
            let options = CSVReadOptions(delimiter: delimiter.flatMap(Delimiter.init(name:)))
            do {
                var fields = 0, records = 0
                let rows = try ResponseRows(path: file, name: file, options: IngestOptions(delimiter: options.delimiter))
                if !rows.isCSV {
                    let warnings = try rows.forEachRecord { records += 1; fields += $0.fields.count }
                    print("\(file): \(rows.format), \(records) bản ghi, \(fields) trường")
                    for warning in warnings { print("  cảnh báo: \(warning)") }
                    continue
                }
                let summary = try CSVReader(path: file, options: options).forEachRecord { fields += $0.fields.count }
                print("\(file): \(summary.encoding.rawValue), \(summary.delimiter), "
                    + "\(summary.physicalLines) dòng, \(summary.records) bản ghi, \(fields) trường")
                for warning in summary.warnings { print("  cảnh báo: \(warning)") }
            } catch {
                printError("\(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
