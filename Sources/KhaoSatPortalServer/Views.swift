import Hummingbird
import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatPortal
import KhaoSatQuality
import KhaoSatQuestionnaire

// What the templates see: plain stored properties (Mustache reads them by reflection),
// every text already in Vietnamese and every number already formatted.

struct Chrome {
    var title: String
    var user: String?
    var role: String?
    var csrf: String?
    var isContractor = false
    var seesRuns = false
    var isOfficer = false
    /// Seconds after which the page loads itself again (a job's progress).
    var refresh: Int?

    init(_ title: String, _ context: PortalContext) {
        self.title = title
        user = context.user?.name
        role = context.user.map { Label.role($0.role) }
        csrf = context.session?.csrf
        isContractor = context.user?.role == .contractor
        seesRuns = context.user.map { $0.role != .contractor } ?? false
        isOfficer = context.user?.role == .officer
    }
}

enum Label {
    static func role(_ role: Role) -> String {
        switch role {
        case .contractor: return "Đơn vị khảo sát"
        case .officer: return "Sở Nội vụ"
        case .auditor: return "Kiểm tra, giám sát"
        }
    }

    static func status(_ status: UploadStatus) -> String {
        switch status {
        case .submitted: return "Chờ duyệt"
        case .accepted: return "Đã chấp nhận"
        case .rejected: return "Bị từ chối"
        case .replaced: return "Đã được thay"
        }
    }

    /// Vietnam time, as officers read it.
    /// 1 → "A", 27 → "AA": a workbook's column as Excel names it.
    static func columnLetters(_ column: Int) -> String {
        var n = column, letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters.isEmpty ? String(column) : letters
    }

    /// 12345 → "12.345": thousands as Vietnamese writes them.
    static func count(_ n: Int) -> String { Decimals.vietnamese(count: n) }

    static func time(_ date: Date) -> String {
        VietnamTime.display(date)
    }

    static func bytes(_ n: Int) -> String {
        n < 1_000_000 ? "\(Decimals.vietnamese(Decimal(n) / 1000, scale: 1)) kB" : "\(Decimals.vietnamese(Decimal(n) / 1_000_000, scale: 1)) MB"
    }
}

struct UploadRow {
    var id: Int64
    var fileName: String
    var owner: String
    var at: String
    var size: String
    var status: String
    var statusCode: String
    var rows: String
    var submissions: String
    var accepted: String
    var setAside: String
    var duplicates: String
    var replaces: Int64?
    var reviewable: Bool
    /// Ticked when the list is shown with "chọn tất cả" (an upload still waiting for a decision).
    var checked = false

    init(_ u: Upload, owner: String) {
        id = u.id; fileName = u.fileName; self.owner = owner; at = Label.time(u.uploadedAt); size = Label.bytes(u.bytes)
        status = Label.status(u.status); statusCode = u.status.rawValue
        (rows, submissions, accepted, setAside, duplicates) = (Label.count(u.rows), Label.count(u.submissions), Label.count(u.accepted),
                                                             Label.count(u.setAside), Label.count(u.duplicates))
        replaces = u.replaces; reviewable = u.status != .replaced
    }
}

struct UploadsPage {
    var page: Chrome
    var uploads: [UploadRow]
    var canReview: Bool
    var maxMB: Int
    /// Page links, when there is more than one page.
    var pager: Pager?
    /// "chọn tất cả": every upload waiting for a decision is ticked.
    var allChecked = false
}

/// Which page of a long list is shown, newest first, `size` rows a page.
struct Pager {
    static let size = 50
    var number: Int
    var count: Int
    var previous: Int?
    var next: Int?

    /// nil when everything fits on one page.
    init?(page: Int, total: Int) {
        count = max(1, (total + Self.size - 1) / Self.size)
        guard count > 1 else { return nil }
        number = min(max(page, 1), count)
        previous = number > 1 ? number - 1 : nil
        next = number < count ? number + 1 : nil
    }

    static func page(_ request: Request) -> Int { request.uri.queryParameters["trang"].flatMap { Int(String($0)) } ?? 1 }
    static func offset(page: Int) -> Int { (max(page, 1) - 1) * size }
}

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

struct RunRowView {
    var id: Int64
    var at: String
    var actor: String
    var uploads: String
    var rows: String
    var submissions: String
    var accepted: String
    var setAside: String
    var duplicates: String

    init(_ r: ConversionRecord, actor: String) {
        id = r.id; at = Label.time(r.at); self.actor = actor; uploads = r.uploads.map { "u\($0)" }.joined(separator: ", ")
        (rows, submissions, accepted, setAside, duplicates) = (Label.count(r.rows), Label.count(r.submissions), Label.count(r.accepted),
                                                             Label.count(r.setAside), Label.count(r.duplicates))
    }
}

struct RunsPage {
    var page: Chrome
    var runs: [RunRowView]
    var canConvert: Bool
    var acceptedCount: Int
    /// Accepted uploads sharing ids with other answers and no choice: shown before converting.
    var unresolved: [OverlapsPage.Pair] = []
}

struct RunPage {
    struct UnitRow { var code: String; var name: String; var respondents: Int; var points: String; var maxPoints: String; var flags: String }
    struct IndexBlock { var title: String; var units: [UnitRow]; var scored: Int; var mean: String }
    struct InputRow { var name: String; var sha256: String; var accounting: String; var upload: Int64?; var lost: String }

    var page: Chrome
    var run: RunRowView
    var folder: String
    var files: [String]
    var indexes: [IndexBlock]
    var inputs: [InputRow]
    var set: String
    var version: String
    struct VerdictRow { var interviewer: String; var verdict: String }
    var backcheckFiles: [String]
    var verdicts: [VerdictRow]
    var hasVerdicts: Bool
    var canBackcheck: Bool
    /// The run's quality checks: each flag in words, how many submissions, the interviewers to look at.
    var flags: [UploadPage.FlagRow] = []
    var flagged: String = ""
    var checked: String = ""
    var notChecked: [String] = []
    struct InterviewerRow { var code: String; var submissions: String; var flagged: String; var share: String }
    var interviewers: [InterviewerRow] = []
    /// The questions a phúc tra may ask again (name, label), for the picker.
    struct QuestionChoice { var name: String; var label: String }
    var questionChoices: [QuestionChoice] = []
    /// How many submissions the last sample drew (shown after sampling).
    var drawn: String?

    init(page: Chrome, run: ConversionRecord, actor: String, document: Content3Document, backcheckFiles: [String] = [],
         verdicts: [(interviewer: String, verdict: String)] = [], canBackcheck: Bool = false,
         losses: [String: (conflicting: Int, otherChosen: Int)] = [:]) {
        self.backcheckFiles = backcheckFiles
        self.verdicts = verdicts.map { VerdictRow(interviewer: $0.interviewer.isEmpty ? "(không có mã)" : $0.interviewer, verdict: $0.verdict) }
        hasVerdicts = !verdicts.isEmpty
        self.canBackcheck = canBackcheck
        self.page = page
        self.run = RunRowView(run, actor: actor)
        folder = run.folder
        files = RunFiles.names
        indexes = Set(document.units.map(\.index)).sorted().map { index in
            let units = document.units.filter { $0.index == index }
            let scored = units.filter { $0.respondents > 0 }.map(\.points)
            let mean = scored.isEmpty ? "–" : Decimals.vietnamese(scored.reduce(0, +) / Decimal(scored.count), scale: 2)
            return IndexBlock(title: document.manifest.title(of: index), units: units.map {
                UnitRow(code: $0.code, name: $0.name, respondents: $0.respondents, points: Decimals.vietnamese($0.points, scale: 2),
                        maxPoints: Decimals.vietnamese($0.maxPoints, scale: 2), flags: UnitNotes.words($0.flags))
            }, scored: scored.count, mean: mean)
        }
        inputs = document.manifest.inputs.map { input in
            let a = input.accounting
            return InputRow(name: input.file.path, sha256: input.file.sha256,
                            accounting: a.map { "\($0.rows) dòng, \($0.submissions) phiếu = \($0.accepted) + \($0.setAside) + \($0.duplicates)" }
                                ?? (input.failure ?? ""),
                            upload: Portal.uploadID(inputName: input.file.path),
                            lost: losses[input.file.path].map { l in
                                [l.conflicting > 0 ? "\(l.conflicting) phiếu không tính vì tệp khác có cùng mã phiếu với câu trả lời khác" : nil,
                                 l.otherChosen > 0 ? "\(l.otherChosen) phiếu thay bằng bản ở tệp được chọn" : nil].compactMap { $0 }.joined(separator: "; ")
                            } ?? "")
        }
        if let q = document.manifest.quality {
            flags = q.flags.sorted { $0.key < $1.key }.map {
                UploadPage.FlagRow(code: $0.key, title: QualityFlag(rawValue: $0.key)?.title ?? $0.key, count: Label.count($0.value))
            }
            (flagged, checked, notChecked) = (Label.count(q.flaggedSubmissions), Label.count(q.submissions), q.notChecked)
        }
        set = document.manifest.questionnaireSet
        version = "KhaoSat \(document.manifest.khaosatVersion), hợp đồng xuất \(document.manifest.exportVersion)"
    }
}

struct TextPage {
    var page: Chrome
    var back: String
    var text: String
}

struct AuditPage {
    struct Line { var id: Int64; var at: String; var actor: String; var action: String; var target: String; var detail: String }
    var page: Chrome
    var lines: [Line]
}

struct AccountPage {
    var page: Chrome
    var message: String?
}

struct AccountsPage {
    struct Row { var name: String; var role: String; var created: String; var disabled: String? }
    var page: Chrome
    var accounts: [Row]
}

struct LoginPage {
    var page: Chrome
    var csrf: String
    var message: String?
    var name: String
}

struct ErrorPage {
    var page: Chrome
    var status: Int
    var message: String
}

struct OverlapsPage {
    struct Side { var id: Int64; var name: String; var status: String }
    struct Pair {
        var first: Side, second: Side
        var shared: Int, identical: Int, edited: Int, conflicting: Int
        var key: String { "\(first.id)-\(second.id)" }
        var needsChoice: Bool { conflicting > 0 }
    }
    var page: Chrome
    var ids: [Int64]
    var comment: String
    var pairs: [Pair]

    init(page: Chrome, ids: [Int64], comment: String, overlaps: [UploadOverlap]) {
        self.page = page
        self.ids = ids
        self.comment = comment
        func side(_ u: Upload) -> Side { Side(id: u.id, name: u.fileName, status: Label.status(u.status)) }
        pairs = overlaps.map { o in
            Pair(first: side(o.first), second: side(o.second), shared: o.counts.shared, identical: o.counts.identical,
                 edited: o.counts.edited, conflicting: o.counts.conflicting)
        }
    }
}

/// A URL-encoded form's fields in order, for forms whose field names carry data (`chon-3-5`).
struct FormFields {
    let pairs: [(String, String)]

    init(_ text: String) {
        pairs = text.split(separator: "&").map { part in
            let kv = part.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
    }

    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }
}

struct ProgressPage {
    var page: Chrome
    var verb: String
    var rows: String?
    var seconds: Int
    var failed: String?
    var back: String
}

extension RunPage {
    /// Interviewers with flagged submissions, most flagged first (from quality-fieldwork.csv).
    static func interviewers(fieldwork rows: [[String: String]]) -> [InterviewerRow] {
        rows.filter { $0["kind"] == "interviewer" && (Int($0["flagged"] ?? "") ?? 0) > 0 }
            .sorted { (Int($0["flagged"]!) ?? 0, $1["code"] ?? "") > (Int($1["flagged"]!) ?? 0, $0["code"] ?? "") }
            .prefix(20)
            .map { InterviewerRow(code: $0["code"] ?? "", submissions: Label.count(Int($0["submissions"] ?? "") ?? 0),
                                  flagged: Label.count(Int($0["flagged"] ?? "") ?? 0), share: $0["flagged_share"] ?? "") }
    }

    /// The questions a respondent can be asked again, once each: those with choices or a number,
    /// not what the survey tool fills in, free text or a declared personal value.
    static func questionChoices(_ set: QuestionnaireSet) -> [QuestionChoice] {
        var seen = Set<String>()
        let personal = Set(set.settings.personalData.declared)
        return set.questionnaires.flatMap(\.questions).compactMap { q in
            let askable: Bool = switch q.type {
            case .selectOne, .selectMultiple, .selectOneFromFile, .range, .integer, .decimal: true
            default: false
            }
            guard askable, !personal.contains(q.name), seen.insert(q.name).inserted else { return nil }
            return QuestionChoice(name: q.name, label: q.labels[""] ?? q.labels.sorted { $0.key < $1.key }.first?.value ?? q.name)
        }
    }
}

struct OperationsPage {
    struct Row { var name: String; var files: String; var size: String }
    var page: Chrome
    var rows: [Row]
    var free: String
    var problems: [String]
    var version: String
}
