import ArgumentParser
import KhaoSatExport
import KhaoSatReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Báo cáo HTML tự chứa (in được khổ A4), thuyết minh phương pháp và tệp Excel từ một lượt convert, kèm xếp hạng nếu đã chạy khaosat rank.",
        discussion: "Ghi report.html (báo cáo), methods.html (thuyết minh phương pháp, in riêng được) và content3.xlsx vào --out."
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert (và rank, nếu có).")
    var runDirectory: String

    @Option(help: "Thư mục ghi report.html, methods.html và content3.xlsx (mặc định: thư mục --run).")
    var out: String?

    @Flag(help: "In cả phụ lục chi tiết từng đơn vị (trên màn hình phụ lục luôn có, bấm để mở).")
    var annex = false

    func run() throws {
        let (content3, ranking, integrity) = try readingInputs {
            (try Content3Document.read(directory: runDirectory), try RankingDocument.read(directory: runDirectory),
             try IntegrityData.read(directory: runDirectory))
        }
        let html = HTMLReport(run: content3, ranking: ranking, integrity: integrity, annexInPrint: annex).render()
        let methods = MethodsNote(run: content3, ranking: ranking, integrity: integrity).page()
        let workbook = try ResultsWorkbook(run: content3, ranking: ranking).spreadsheet().bytes()
        try RunWriter(directory: out ?? runDirectory).write([("report.html", Array(html.utf8)), ("methods.html", Array(methods.utf8)),
                                                            ("content3.xlsx", workbook)])
        print("Đã ghi report.html, methods.html, content3.xlsx vào \(out ?? runDirectory)\(ranking == nil ? " (chưa có ranking.json: chỉ bảng Nội dung 3)" : "").")
    }
}
