import ArgumentParser
import KhaoSatExport
import KhaoSatReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Báo cáo HTML tự chứa (in được khổ A4) từ một lượt convert, kèm xếp hạng nếu đã chạy khaosat rank."
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert (và rank, nếu có).")
    var runDirectory: String

    @Option(help: "Thư mục ghi report.html (mặc định: thư mục --run).")
    var out: String?

    func run() throws {
        let (content3, ranking, integrity) = try readingInputs {
            (try Content3Document.read(directory: runDirectory), try RankingDocument.read(directory: runDirectory),
             try IntegrityData.read(directory: runDirectory))
        }
        let html = HTMLReport(run: content3, ranking: ranking, integrity: integrity).render()
        let workbook = try ResultsWorkbook(run: content3, ranking: ranking).spreadsheet().bytes()
        try RunWriter(directory: out ?? runDirectory).write([("report.html", Array(html.utf8)), ("content3.xlsx", workbook)])
        print("Đã ghi report.html, content3.xlsx vào \(out ?? runDirectory)\(ranking == nil ? " (chưa có ranking.json: chỉ bảng Nội dung 3)" : "").")
    }
}
