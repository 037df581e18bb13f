import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatExport
import KhaoSatQuestionnaire
import KhaoSatRank
import KhaoSatReport

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Xếp loại, xếp hạng các cơ quan, đơn vị theo mục 5 Quyết định 02050/QĐ-UBND.",
        discussion: """
        Đọc content3.csv của một lượt khaosat convert (--run) và tệp điểm Nội dung 1, 2, 4, 5, 6 của \
        Hội đồng thẩm định (--council); ghi ranking.csv và ranking.json vào --out. \
        Mã thoát: 0 thành công, 2 khi tệp đầu vào có lỗi (không ghi kết quả).
        """
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert (đọc content3.csv).")
    var runDirectory: String

    @Option(help: "Tệp CSV điểm của Hội đồng thẩm định.")
    var council: String

    @Option(help: "Thư mục ghi ranking.csv và ranking.json (mặc định: thư mục --run).")
    var out: String?

    @Option(help: "Tỷ lệ tối đa đơn vị hoàn thành xuất sắc trên số đơn vị từ 75 % trở lên, mỗi Chỉ số.")
    var quotaShare: String = "0.2"

    @Option(help: "Làm tròn số đơn vị xuất sắc được phép: down (mặc định, \"không quá\"), nearest hoặc up.")
    var quotaRounding: String = "down"

    func validate() throws {
        guard let share = Decimals.parse(quotaShare), share >= 0, share <= 1 else {
            throw ValidationError("--quota-share nhận một số từ 0 đến 1 (ví dụ 0.2), không phải \"\(quotaShare)\".")
        }
        guard RankingRules.Rounding(rawValue: quotaRounding) != nil else {
            throw ValidationError("--quota-rounding nhận down, nearest hoặc up, không phải \"\(quotaRounding)\".")
        }
    }

    func run() throws {
        var rules = RankingRules()
        rules.quotaShare = Decimals.parse(quotaShare)!
        rules.quotaRounding = RankingRules.Rounding(rawValue: quotaRounding)!
        let content3 = runDirectory + "/content3.csv"
        let (units, problems) = try readingInputs { try RankInputs.load(content3: content3, council: council) }
        for p in problems { printError(p.description) }
        guard problems.isEmpty else {
            printError("Tệp đầu vào có lỗi: chưa ghi kết quả xếp hạng.")
            throw ExitCode(2)
        }
        let ranked = Ranker.rank(units, rules: rules)
        let document = RankingDocument(
            rules: rules, inputs: [try .of(path: content3, name: content3), try .of(path: council, name: council)], units: ranked)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try RunWriter(directory: out ?? runDirectory).write([
            ("ranking.csv", CSVEncoder().encode(RankingTable.rows(ranked))),
            ("ranking.json", [UInt8](try encoder.encode(document)) + [0x0A]),
        ])
        for index in Set(ranked.map(\.scores.index)).sorted() {
            let units = ranked.filter { $0.scores.index == index }
            let counts = QualityLevel.allCases.reversed().map { level in "\(level.title): \(units.filter { $0.level == level }.count)" }
            print("Chỉ số \(index.rawValue) (\(units.count) đơn vị): " + counts.joined(separator: "; ")
                  + "; cần Chủ tịch quyết định: \(units.filter { $0.flags.contains("tie_chairman") || $0.flags.contains("quota_tie") }.count)")
        }
        print("Đã ghi ranking.csv, ranking.json vào \(out ?? runDirectory).")
    }
}

