import ArgumentParser
import KhaoSatExport

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "So sánh hai lượt quy đổi của cùng bộ phiếu: cái gì đổi và vì sao (tệp đầu vào, bộ phiếu, tham số, phiếu bị loại).",
        discussion: "Mã thoát: 0 không có thay đổi, 1 có thay đổi (như lệnh diff), 2 không đọc được một lượt."
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert: lượt trước, rồi lượt sau.")
    var runs: [String] = []

    func validate() throws {
        guard runs.count == 2 else { throw ValidationError("cần đúng hai --run (lượt trước, lượt sau), không phải \(runs.count).") }
    }

    func run() throws {
        let (a, b) = try readingInputs { (try Content3Document.read(directory: runs[0]), try Content3Document.read(directory: runs[1])) }
        let diff = RunDiff(a, b)
        print("Lượt trước: \(runs[0]); lượt sau: \(runs[1]).")
        print(diff.render(groups: b.manifest.groupNames.merging(a.manifest.groupNames) { x, _ in x }))
        if !diff.isEmpty { throw ExitCode(1) }
    }
}
