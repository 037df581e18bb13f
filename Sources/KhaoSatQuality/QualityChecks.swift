import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// One finding: a submission's flag, or an interviewer's (no file, line or submission).
public struct QualityFinding: Sendable, Equatable {
    public var source: Source?
    public var submissionId: String
    public var unit: String
    public var interviewer: String
    public var device: String
    public var flag: QualityFlag
    /// In Vietnamese, with the numbers behind the flag.
    public var evidence: String
}

/// Per interviewer or per device: what a reviewer looks at first.
public struct FieldworkStats: Sendable, Equatable {
    public enum Kind: String, Sendable { case interviewer, device }
    public var kind: Kind
    public var code: String
    public var submissions: Int
    public var days: Int
    public var maxPerDay: Int
    /// Median interview length in minutes, when the submissions have start and end.
    public var medianMinutes: Decimal?
    /// Submissions with at least one flag.
    public var flagged: Int
    /// Units where it made most of the responses (`CONCENTRATION`), questions whose answers differ (`DISTRIBUTION`).
    public var concentrated: Int
    public var distributions: Int
}

/// Everything the checks found in one run.
public struct QualityReport: Sendable {
    public var findings: [QualityFinding]
    public var stats: [FieldworkStats]
    /// Checks that could not run, and why, in Vietnamese.
    public var notChecked: [String]
    public var submissions: Int

    /// Flag → how many findings.
    public var counts: [QualityFlag: Int] {
        findings.reduce(into: [:]) { $0[$1.flag, default: 0] += 1 }
    }

    /// Submissions (file, line, id) carrying one of `flags`.
    public func flagged(by flags: Set<QualityFlag>) -> Set<SubmissionKey> {
        Set(findings.filter { flags.contains($0.flag) }.compactMap { f in f.source.map { SubmissionKey($0, f.submissionId) } })
    }
}

public struct SubmissionKey: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var id: String

    public init(_ source: Source, _ id: String) {
        file = source.file
        line = source.line
        self.id = id
    }
}

/// The high-frequency checks of survey practice over a run's accepted submissions. Pure: the
/// same records give the same findings, in a fixed order.
public struct QualityChecks {
    public let set: QuestionnaireSet
    public var settings: QualitySettings { self.set.settings.quality }
    /// Seconds east of UTC of the survey's clock (Vietnam).
    static let zone = 7 * 3600

    public init(set: QuestionnaireSet) { self.set = set }

    public func run(_ collector: QualityCollector) -> QualityReport {
        let records = collector.records.sorted { ($0.source.file, $0.source.line, $0.id) < ($1.source.file, $1.source.line, $1.id) }
        var findings: [QualityFinding] = []
        func flag(_ r: QualityRecord, _ f: QualityFlag, _ evidence: String) {
            findings.append(QualityFinding(source: r.source, submissionId: r.id, unit: r.unit, interviewer: r.interviewer ?? "",
                                           device: r.device ?? "", flag: f, evidence: evidence))
        }
        let medians = medianDurations(records)
        for r in records {
            if let d = r.duration {
                if d < 0 {
                    flag(r, .negativeDuration, "kết thúc trước bắt đầu \(minutes(-d))")
                } else if d > Double(settings.longMinutes * 60) {
                    flag(r, .longGap, "kéo dài \(minutes(d)), quá \(settings.longMinutes) phút")
                } else if let median = medians[r.form], Decimal(d) < settings.speedingShare * Decimal(median) {
                    flag(r, .speeding, "\(minutes(d)), dưới \(percent(settings.speedingShare)) trung vị \(minutes(median)) của phiếu")
                }
            }
            if let start = r.started ?? r.ended {
                let (date, hour) = local(start)
                if let a = settings.surveyStart, let b = settings.surveyEnd, date < a || date > b {
                    flag(r, .outOfPeriod, "ngày \(date), ngoài thời gian khảo sát \(a) – \(b)")
                }
                if isNight(hour) {
                    flag(r, .night, "bắt đầu lúc \(hour) giờ, trong khoảng \(settings.nightFrom) giờ – \(settings.nightTo) giờ")
                }
            }
            if r.scaleAnswered >= settings.straightlineMin, let same = r.scaleSame {
                flag(r, .straightlining, "cả \(r.scaleAnswered) câu thang đo đều trả lời \"\(same)\"")
            }
            if r.unscored > 0, r.scored > 0, Decimal(r.unscored) >= settings.dontKnowShare * Decimal(r.scored) {
                flag(r, .dontKnowHeavy, "\(r.unscored)/\(r.scored) câu tính điểm trả lời không có điểm (Không biết, Không trả lời)")
            }
        }
        findings += nearDuplicates(records)
        var stats: [FieldworkStats] = []
        findings += interviewerFindings(records, collector: collector)
        stats = fieldworkStats(records, findings: findings)
        // Submissions' flags in file order, then the interviewers'.
        findings.sort { a, b in
            let (fa, fb) = (a.source?.file ?? "\u{10FFFF}", b.source?.file ?? "\u{10FFFF}")
            if fa != fb { return fa < fb }
            if (a.source?.line ?? 0) != (b.source?.line ?? 0) { return (a.source?.line ?? 0) < (b.source?.line ?? 0) }
            return [a.submissionId, a.flag.rawValue, a.interviewer, a.unit, a.evidence]
                .lexicographicallyPrecedes([b.submissionId, b.flag.rawValue, b.interviewer, b.unit, b.evidence])
        }
        return QualityReport(findings: findings, stats: stats, notChecked: notChecked(records), submissions: records.count)
    }

    // MARK: Per submission

    /// Median duration per form, for forms with at least ten timed submissions.
    private func medianDurations(_ records: [QualityRecord]) -> [Int: Double] {
        var byForm: [Int: [Double]] = [:]
        for r in records { if let d = r.duration, d >= 0 { byForm[r.form, default: []].append(d) } }
        return byForm.compactMapValues { $0.count >= 10 ? median($0) : nil }
    }

    private func isNight(_ hour: Int) -> Bool {
        let (from, to) = (settings.nightFrom, settings.nightTo)
        return from <= to ? (hour >= from && hour < to) : (hour >= from || hour < to)
    }

    /// Pairs of the same form and unit agreeing on at least the set share of the questions either
    /// answered (at least 8). Candidates come from blocks: two answer vectors with at most k
    /// differences agree exactly on one of k + 1 blocks of positions.
    private func nearDuplicates(_ records: [QualityRecord]) -> [QualityFinding] {
        var out: [QualityFinding] = []
        let share = settings.nearDuplicateShare
        var groups: [String: [Int]] = [:]
        for (i, r) in records.enumerated() { groups["\(r.form)\u{0}\(r.unit)", default: []].append(i) }
        var pairs: [(Int, Int, Int, Int)] = []  // i, j, equal, compared
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            let width = records[members[0]].answers.count
            guard width >= 8 else { continue }
            let allowed = Int(truncating: ((1 - share) * Decimal(width)) as NSDecimalNumber)
            let blocks = min(allowed + 1, width)
            var seen = Set<Int>()  // i * count + j
            for b in 0..<blocks {
                let lo = b * width / blocks, hi = (b + 1) * width / blocks
                var buckets: [[UInt32]: [Int]] = [:]
                for m in members {
                    let part = Array(records[m].answers[lo..<hi])
                    if part.allSatisfy({ $0 == 0 }) { continue }
                    buckets[part, default: []].append(m)
                }
                for bucket in buckets.values where bucket.count > 1 {
                    for x in 0..<bucket.count {
                        for y in (x + 1)..<bucket.count {
                            let (i, j) = (bucket[x], bucket[y])
                            guard seen.insert(i * records.count + j).inserted else { continue }
                            var equal = 0, compared = 0
                            for (a, c) in zip(records[i].answers, records[j].answers) where a != 0 || c != 0 {
                                compared += 1
                                if a == c { equal += 1 }
                            }
                            if compared >= 8, Decimal(equal) >= share * Decimal(compared) { pairs.append((i, j, equal, compared)) }
                        }
                    }
                }
            }
        }
        for (i, j, equal, compared) in pairs {
            for (a, b) in [(i, j), (j, i)] {
                let r = records[a], other = records[b]
                out.append(QualityFinding(source: r.source, submissionId: r.id, unit: r.unit, interviewer: r.interviewer ?? "",
                                          device: r.device ?? "", flag: .nearDuplicate,
                                          evidence: "giống \(equal)/\(compared) câu trả lời với phiếu \"\(other.id)\" ở \(other.source)"))
            }
        }
        return out
    }

    // MARK: Per interviewer

    private func interviewerFindings(_ records: [QualityRecord], collector: QualityCollector) -> [QualityFinding] {
        var out: [QualityFinding] = []
        // CONCENTRATION: one interviewer's share of a unit's responses (of those with an interviewer).
        var byUnit: [String: [String: Int]] = [:]
        for r in records { if let i = r.interviewer { byUnit[r.unit, default: [:]][i, default: 0] += 1 } }
        for (unit, counts) in byUnit {
            let total = counts.values.reduce(0, +)
            guard total >= settings.concentrationMin else { continue }
            for (interviewer, n) in counts where Decimal(n) >= settings.concentrationShare * Decimal(total) {
                out.append(QualityFinding(source: nil, submissionId: "", unit: unit, interviewer: interviewer, device: "",
                                          flag: .concentration,
                                          evidence: "\(n)/\(total) phiếu (\(percent(Decimal(n) / Decimal(total)))) của đơn vị do một điều tra viên làm"))
            }
        }
        // DISTRIBUTION: each interviewer against all the others, per form and scale question.
        var totals: [String: [String: Int]] = [:]  // "form question" → choice → count
        for (key, counts) in collector.distributions { totals["\(key.form) \(key.question)", default: [:]].merge(counts, uniquingKeysWith: +) }
        for (key, mine) in collector.distributions {
            let all = totals["\(key.form) \(key.question)"]!
            let n = mine.values.reduce(0, +), total = all.values.reduce(0, +)
            guard n >= 10, total - n >= 10 else { continue }
            let choices = all.keys.sorted()
            let table = [choices.map { mine[$0] ?? 0 }, choices.map { all[$0]! - (mine[$0] ?? 0) }]
            guard let p = ChiSquare.pValue(table), Decimal(p) < settings.distributionP else { continue }
            let form = set.questionnaires[key.form].id
            out.append(QualityFinding(source: nil, submissionId: "", unit: "", interviewer: key.interviewer, device: "",
                                      flag: .distribution,
                                      evidence: "câu \(key.question) (\(form)): \(n) câu trả lời, khác các điều tra viên khác "
                                          + "(kiểm định khi bình phương, p = \(String(format: "%.2g", p)))"))
        }
        return out
    }

    private func fieldworkStats(_ records: [QualityRecord], findings: [QualityFinding]) -> [FieldworkStats] {
        var flaggedKeys = Set<SubmissionKey>()
        for f in findings { if let s = f.source { flaggedKeys.insert(SubmissionKey(s, f.submissionId)) } }
        var out: [FieldworkStats] = []
        for kind in [FieldworkStats.Kind.interviewer, .device] {
            var groups: [String: [QualityRecord]] = [:]
            for r in records {
                guard let code = kind == .interviewer ? r.interviewer : r.device else { continue }
                groups[code, default: []].append(r)
            }
            for (code, rs) in groups.sorted(by: { $0.key < $1.key }) {
                var perDay: [String: Int] = [:]
                for r in rs { if let t = r.started ?? r.ended { perDay[local(t).date.description, default: 0] += 1 } }
                let durations = rs.compactMap(\.duration).filter { $0 >= 0 }
                out.append(FieldworkStats(
                    kind: kind, code: code, submissions: rs.count, days: perDay.count, maxPerDay: perDay.values.max() ?? 0,
                    medianMinutes: durations.isEmpty ? nil : Decimals.rounded(Decimal(median(durations) / 60), scale: 1),
                    flagged: rs.filter { flaggedKeys.contains(SubmissionKey($0.source, $0.id)) }.count,
                    concentrated: kind == .interviewer ? findings.filter { $0.flag == .concentration && $0.interviewer == code }.count : 0,
                    distributions: kind == .interviewer ? findings.filter { $0.flag == .distribution && $0.interviewer == code }.count : 0))
            }
        }
        return out
    }

    /// Per file, the metadata it lacks entirely, and which checks that leaves out.
    private func notChecked(_ records: [QualityRecord]) -> [String] {
        var out: [String] = []
        var byFile: [String: [QualityRecord]] = [:]
        for r in records { byFile[r.source.file, default: []].append(r) }
        for (file, rs) in byFile.sorted(by: { $0.key < $1.key }) {
            var missing: [String] = [], checks: [String] = []
            if !rs.contains(where: { $0.started != nil || $0.ended != nil }) {
                missing.append("start, end")
                checks += ["SPEEDING", "LONG_GAP", "NEGATIVE_DURATION", "NIGHT", "OUT_OF_PERIOD"]
            } else if !rs.contains(where: { $0.duration != nil }) {
                missing.append(rs.contains { $0.started != nil } ? "end" : "start")
                checks += ["SPEEDING", "LONG_GAP", "NEGATIVE_DURATION"]
            }
            if !rs.contains(where: { $0.interviewer != nil }) {
                missing.append(settings.interviewerQuestion)
                checks += ["CONCENTRATION", "DISTRIBUTION"]
            }
            if !rs.contains(where: { $0.device != nil }) { missing.append("deviceid") }
            guard !missing.isEmpty else { continue }
            out.append("\(file): không có cột " + missing.joined(separator: ", ")
                + (checks.isEmpty ? " (không thống kê theo thiết bị)." : ": không kiểm tra " + checks.joined(separator: ", ") + "."))
        }
        if settings.surveyStart == nil || settings.surveyEnd == nil {
            out.append("Không kiểm tra OUT_OF_PERIOD: set.csv không có survey_start và survey_end.")
        }
        return out
    }

    // MARK: Helpers

    /// The day and hour on the survey's clock.
    func local(_ t: Date) -> (date: CivilDate, hour: Int) {
        let seconds = Int64(t.timeIntervalSince1970.rounded(.down)) + Int64(Self.zone)
        let text = CivilTime.iso(secondsSince1970: seconds, .dateTime)
        let date = CivilDate(String(text.prefix(10)))!
        let hour = Int(((seconds % 86_400) + 86_400) % 86_400 / 3600)
        return (date, hour)
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func minutes(_ seconds: Double) -> String {
    let total = Int(seconds.rounded())
    return total < 60 ? "\(total) giây" : "\(total / 60) phút \(total % 60) giây"
}

func percent(_ share: Decimal) -> String { Decimals.format(share * 100, scale: 0) + " %" }
