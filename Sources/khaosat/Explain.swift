import ArgumentParser
import KhaoSatExport

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Giải thích từng điểm của một đơn vị từ một lượt quy đổi đã chạy."
    )

    @Option(help: "Thư mục kết quả của khaosat convert.")
    var out: String

    @Option(help: "Mã đơn vị, ví dụ CQ02 hoặc 22015.")
    var unit: String

    @Option(help: "Chỉ giải thích một tiêu chí hoặc tiêu chí thành phần, ví dụ 3.1 hoặc 3.1.2.")
    var criterion: String?

    func run() throws {
        let run = try readingInputs { try Content3Document.read(directory: out) }
        guard let result = run.units.first(where: { $0.code == unit }) else {
            printError("Không có đơn vị \"\(unit)\" trong \(out)/content3.json.")
            throw ExitCode(2)
        }
        if let criterion, !result.subcriteria.contains(where: { $0.code == criterion || $0.criterion == criterion }) {
            printError("Đơn vị \(unit) không có tiêu chí \"\(criterion)\".")
            throw ExitCode(2)
        }
        print(Explanation(unit: result, groups: run.manifest.groupNames).render(criterion: criterion))
    }
}
