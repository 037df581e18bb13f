import Foundation
import KhaoSatIngest
import KhaoSatPortal
import KhaoSatQuality

struct UploadPage {
    struct ReasonRow { var code: String; var title: String; var count: String }
    struct Problem { var line: String; var column: String; var id: String; var unit: String; var reason: String; var title: String; var message: String }

    var page: Chrome
    var upload: UploadRow
    var sha256: String
    var layout: String
    var form: String
    var balances: Bool
    var reasons: [ReasonRow]
    var hasReasons: Bool
    var problems: [Problem]
    var more: Int
    var hasMore: Bool
    var warnings: [String]
    struct FlagRow { var code: String; var title: String; var count: String }
    var flags: [FlagRow]
    var hasFlags: Bool
    var notChecked: [String]
    var canReplace: Bool
    var maxMB: Int

    init(page: Chrome, upload: Upload, owner: String, report: ValidationReport.Document, canReplace: Bool, maxMB: Int) {
        self.page = page
        self.upload = UploadRow(upload, owner: owner)
        sha256 = upload.sha256
        let file = report.files.first
        layout = file?.layout.rawValue ?? ""
        form = file?.form ?? ""
        balances = report.files.allSatisfy(\.balances)
        reasons = report.reasons.keys.sorted().map {
            ReasonRow(code: $0, title: Reason(rawValue: $0)?.title ?? $0, count: Label.count(report.reasons[$0]!))
        }
        problems = report.quarantine.prefix(200).map { q in
            // A workbook's columns are letters, as Excel shows them.
            let column = q.column.map { q.source.sheet != nil ? Label.columnLetters($0) : String($0) } ?? "–"
            return Problem(line: Label.count(q.source.line), column: column, id: q.submissionId, unit: q.unit,
                           reason: q.reason.rawValue, title: q.reason.title, message: q.message)
        }
        hasReasons = !reasons.isEmpty
        // A stored report keeps the first rows of each reason; the counts are of all of them.
        more = max(0, report.reasons.values.reduce(0, +) - problems.count)
        hasMore = more > 0
        warnings = report.warnings
        flags = (report.qualityFlags ?? [:]).sorted { $0.key < $1.key }.map {
            FlagRow(code: $0.key, title: QualityFlag(rawValue: $0.key)?.title ?? $0.key, count: Label.count($0.value))
        }
        hasFlags = !flags.isEmpty
        notChecked = report.qualityNotChecked ?? []
        self.canReplace = canReplace
        self.maxMB = maxMB
    }
}
