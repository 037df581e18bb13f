import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatExport
import KhaoSatQuestionnaire
import KhaoSatRank
import KhaoSatReport

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Xếp loại, xếp hạng các cơ quan, đơn vị theo quy tắc của bộ phiếu (ranking.csv).",
        discussion: """
        Đọc content3.csv của một lượt khaosat convert (--run) và tệp điểm các nội dung còn lại của \
        Hội đồng thẩm định (--council; các nội dung theo ranking.csv của bộ phiếu); \
        ghi ranking.csv và ranking.json vào --out. \
        Mã thoát: 0 thành công, 2 khi tệp đầu vào có lỗi (không ghi kết quả).
        """
    )

    @Option(name: .customLong("run"), help: "Thư mục kết quả của khaosat convert (đọc content3.csv).")
    var runDirectory: String

    @Option(help: "Tệp CSV điểm của Hội đồng thẩm định.")
    var council: String

    @Option(help: "Thư mục ghi ranking.csv và ranking.json (mặc định: thư mục --run).")
    var out: String?

    @Option(help: "Thay tỷ lệ tối đa đơn vị hoàn thành xuất sắc của ranking.csv (trên số đơn vị đạt mức tốt trở lên, mỗi Chỉ số).")
    var quotaShare: String?

    @Option(help: "Thay cách làm tròn số đơn vị xuất sắc được phép của ranking.csv: down (\"không quá\"), nearest hoặc up.")
    var quotaRounding: String?

    func validate() throws {
        if let quotaShare, Decimals.parse(quotaShare).map({ $0 < 0 || $0 > 1 }) ?? true {
            throw ValidationError("--quota-share nhận một số từ 0 đến 1 (ví dụ 0.2), không phải \"\(quotaShare)\".")
        }
        if let quotaRounding, RankingSettings.QuotaRounding(rawValue: quotaRounding) == nil {
            throw ValidationError("--quota-rounding nhận down, nearest hoặc up, không phải \"\(quotaRounding)\".")
        }
    }

    func run() throws {
        // The rules are the set's, as the run recorded them (ranking.csv).
        let manifest = try readingInputs { try Content3Document.read(directory: runDirectory).manifest }
        let replicates = try runReplicates(directory: runDirectory, manifest: manifest)
        guard var rules = manifest.ranking else {
            printError("\(runDirectory): lượt quy đổi không ghi quy tắc xếp hạng (bộ phiếu \(manifest.questionnaireSet) "
                + "chưa có ranking.csv); hãy thêm ranking.csv vào bộ phiếu rồi chạy lại khaosat convert.")
            throw ExitCode(2)
        }
        if let quotaShare { rules.quotaShare = Decimals.parse(quotaShare)! }
        if let quotaRounding { rules.quotaRounding = RankingSettings.QuotaRounding(rawValue: quotaRounding)! }
        let content3 = runDirectory + "/content3.csv"
        let (units, problems) = try readingInputs {
            try RankInputs.load(content3: content3, council: council, rules: rules)
        }
        for p in problems { printError(p.description) }
        guard problems.isEmpty else {
            printError("Tệp đầu vào có lỗi: chưa ghi kết quả xếp hạng.")
            throw ExitCode(2)
        }
        // The decision scores Content 3 by survey only: a unit nobody was asked about is ranked, but never silently.
        let gaps = units.filter { !$0.surveyGaps.isEmpty }
        for u in gaps {
            printError("Cảnh báo: \(u.code) (\(u.name)): \(u.surveyGaps.map(\.title).joined(separator: "; ")); "
                + "điểm Nội dung \(rules.contents.survey) là \(Decimals.vietnamese(u.points(of: rules.contents.survey))).")
        }
        if !gaps.isEmpty {
            printError("Cảnh báo: \(gaps.count)/\(units.count) đơn vị có điểm Nội dung \(rules.contents.survey) không dựa trên đủ phiếu khảo sát "
                + "(\(gaps.filter { $0.surveyGaps.contains(.noResponses) }.count) đơn vị không có phiếu nào); xem cột survey_gaps của ranking.csv.")
        }
        var ranked = Ranker.rank(units, rules: rules)
        Ranker.markRankIntervals(&ranked, rules: rules, replicates: replicates)
        let document = RankingDocument(
            rules: rules, inputs: [try .of(path: content3, name: content3), try .of(path: council, name: council)], units: ranked)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try RunWriter(directory: out ?? runDirectory).write([
            ("ranking.csv", CSVEncoder().encode(RankingTable.table(rules).rows(ranked))),
            ("ranking.json", [UInt8](try encoder.encode(document)) + [0x0A]),
        ])
        for index in Set(ranked.map(\.scores.index)).sorted() {
            let units = ranked.filter { $0.scores.index == index }
            let counts = QualityLevel.allCases.reversed().map { level in "\(rules.name(of: level)): \(units.filter { $0.level == level }.count)" }
            print("Chỉ số \(index.rawValue) (\(units.count) đơn vị): " + counts.joined(separator: "; ")
                  + "; cần Chủ tịch quyết định: \(units.filter { $0.flags.contains(where: \.needsChairman) }.count)")
        }
        print("Đã ghi ranking.csv, ranking.json vào \(out ?? runDirectory).")
    }
}

