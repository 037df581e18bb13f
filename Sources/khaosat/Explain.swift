import ArgumentParser
import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatReport

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

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, html, xlsx }

    @Option(help: "text (mặc định: giải thích trên màn hình), html hoặc xlsx: hồ sơ điểm của đơn vị để gửi đơn vị, ghi vào --to.")
    var format: Format = .text

    @Option(help: "Tệp ghi hồ sơ điểm (mặc định: hoso-<mã đơn vị>.html hoặc .xlsx trong thư mục --out).")
    var to: String?

    @Flag(help: "Hồ sơ điểm hiện cả hệ số của nhóm dưới publish_min_respondents người (chỉ dùng nội bộ Sở Nội vụ).")
    var all = false

    @Option(help: "So sánh Nội dung 3 của --unit với đơn vị này: khoảng tin cậy 95 % của hiệu số (từng cặp khi lượt quy đổi có --replicates).")
    var compare: String?

    func run() throws {
        let run = try readingInputs { try Content3Document.read(directory: out) }
        func find(_ code: String) throws -> UnitResult {
            guard let found = run.units.first(where: { $0.code == code }) else {
                printError("Không có đơn vị \"\(code)\" trong \(out)/content3.json.")
                throw ExitCode(2)
            }
            return found
        }
        let result = try find(unit)
        if format != .text {
            guard let dossier = try readingInputs({ try UnitDossier.read(directory: out, unit: unit, all: all) }) else { throw ExitCode(2) }
            let path = to ?? "\(out)/hoso-\(unit).\(format.rawValue)"
            let bytes = format == .html ? Array(dossier.html().utf8) : try dossier.spreadsheet().bytes()
            try RunWriter(directory: (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
                .write([((path as NSString).lastPathComponent, bytes)])
            print("Đã ghi hồ sơ điểm của \(result.name) (\(unit)) vào \(path)\(all ? " (hiện cả nhóm ít người: chỉ dùng nội bộ)" : "").")
            return
        }
        if let compare {
            let other = try find(compare)
            let replicates = try runReplicates(directory: out, manifest: run.manifest).compactMap { r in
                r[unit].flatMap { a in r[compare].map { (a, $0) } }
            }
            print(Comparison(first: result, second: other, replicates: replicates).render())
            return
        }
        if let criterion, !result.subcriteria.contains(where: { $0.code == criterion || $0.criterion == criterion }) {
            printError("Đơn vị \(unit) không có tiêu chí \"\(criterion)\".")
            throw ExitCode(2)
        }
        print(Explanation(unit: result, groups: run.manifest.groupNames).render(criterion: criterion))
    }
}
