import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatPortal
import KhaoSatQuality
import KhaoSatQuestionnaire

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
