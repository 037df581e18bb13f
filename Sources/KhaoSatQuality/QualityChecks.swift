import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The high-frequency checks of survey practice over a run's accepted submissions. Pure: the
/// same records give the same findings, in a fixed order.
public struct QualityChecks {
    public let set: QuestionnaireSet
    public var settings: QualitySettings { self.set.settings.quality }
    /// Seconds east of UTC of the survey's clock (Vietnam).
    static let zone: Int64 = 7 * 3600

    public init(set: QuestionnaireSet) { self.set = set }

    public func run(_ c: QualityCollector) -> QualityReport {
        // File order, then line: the order of the findings whatever the order of the inputs.
        let fileNames = Array(Set(c.files.map(\.file))).sorted()
        let fileRank = Dictionary(uniqueKeysWithValues: fileNames.enumerated().map { ($1, $0) })
        let ranks = c.files.map { fileRank[$0.file]! }
        let order = c.records.indices.sorted { a, b in
            let (x, y) = (c.records[a], c.records[b])
            return (ranks[Int(x.file)], x.line) != (ranks[Int(y.file)], y.line)
                ? (ranks[Int(x.file)], x.line) < (ranks[Int(y.file)], y.line) : c.id(x) < c.id(y)
        }
        let records = order.map { c.records[$0] }
        var findings: [QualityFinding] = []
        var flagged = [Bool](repeating: false, count: records.count)
        func finding(_ r: QualityRecord, _ f: QualityFlag, _ evidence: String) -> QualityFinding {
            QualityFinding(source: c.source(r), submissionId: c.id(r), unit: c.name(r.unit)!, interviewer: c.name(r.interviewer) ?? "",
                           device: c.name(r.device) ?? "", flag: f, evidence: evidence)
        }
        let medians = medianDurations(records)
        let period = (settings.surveyStart.map(Self.day), settings.surveyEnd.map(Self.day))
        for (index, r) in records.enumerated() {
            let before = findings.count
            defer { if findings.count > before { flagged[index] = true } }
            if let d = r.duration {
                if d < 0 {
                    findings.append(finding(r, .negativeDuration, "kết thúc trước bắt đầu \(minutes(-d))"))
                } else if d > Int64(settings.longMinutes * 60) {
                    findings.append(finding(r, .longGap, "kéo dài \(minutes(d)), quá \(settings.longMinutes) phút"))
                } else if let median = medians[r.form], Decimal(d) < settings.speedingShare * median {
                    findings.append(finding(r, .speeding, "\(minutes(d)), dưới \(percent(settings.speedingShare)) trung vị "
                        + "\(minutes(Int64(truncating: median as NSDecimalNumber))) của phiếu"))
                }
            }
            if let start = r.started ?? r.ended {
                let local = start + Self.zone
                let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
                let hour = Int((local - day * 86_400) / 3600)
                if let a = period.0, let b = period.1, day < a || day > b {
                    findings.append(finding(r, .outOfPeriod, "ngày \(Self.date(day)), ngoài thời gian khảo sát "
                        + "\(settings.surveyStart!) – \(settings.surveyEnd!)"))
                }
                if isNight(hour) {
                    findings.append(finding(r, .night, "bắt đầu lúc \(hour) giờ, trong khoảng \(settings.nightFrom) giờ – \(settings.nightTo) giờ"))
                }
            }
            if Int(r.scaleAnswered) >= settings.straightlineMin, let same = c.name(r.scaleSame) {
                findings.append(finding(r, .straightlining, "cả \(r.scaleAnswered) câu thang đo đều trả lời \"\(same)\""))
            }
            let scored = c.plans[Int(r.form)].scoredCount
            if r.unscored > 0, scored > 0, Decimal(Int(r.unscored)) >= settings.dontKnowShare * Decimal(scored) {
                findings.append(finding(r, .dontKnowHeavy, "\(r.unscored)/\(scored) câu tính điểm trả lời không có điểm (Không biết, Không trả lời)"))
            }
        }
        for (i, j, equal, compared) in nearDuplicates(records, c) {
            for (a, b) in [(i, j), (j, i)] {
                let other = records[b]
                flagged[a] = true
                findings.append(finding(records[a], .nearDuplicate,
                                        "giống \(equal)/\(compared) câu trả lời với phiếu \"\(c.id(other))\" ở \(c.source(other))"))
            }
        }
        findings += interviewerFindings(records, c)
        let stats = fieldworkStats(records, c, findings: findings, flagged: flagged)
        // Submissions' flags in file order, then the interviewers'.
        findings.sort { a, b in
            let (fa, fb) = (a.source.map { fileRank[$0.file]! } ?? Int.max, b.source.map { fileRank[$0.file]! } ?? Int.max)
            if fa != fb { return fa < fb }
            if (a.source?.line ?? 0) != (b.source?.line ?? 0) { return (a.source?.line ?? 0) < (b.source?.line ?? 0) }
            return [a.submissionId, a.flag.rawValue, a.interviewer, a.unit, a.evidence]
                .lexicographicallyPrecedes([b.submissionId, b.flag.rawValue, b.interviewer, b.unit, b.evidence])
        }
        return QualityReport(findings: findings, stats: stats, notChecked: notChecked(records, c), submissions: records.count,
                             flaggedSubmissions: flagged.filter { $0 }.count)
    }

    // MARK: Per submission

    /// Median duration per form, for forms with at least ten timed submissions.
    private func medianDurations(_ records: [QualityRecord]) -> [Int32: Decimal] {
        var byForm: [Int32: [Int64]] = [:]
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
    private func nearDuplicates(_ records: [QualityRecord], _ c: QualityCollector) -> [(Int, Int, Int, Int)] {
        let share = settings.nearDuplicateShare
        var groups: [Int: [Int]] = [:]
        for (i, r) in records.enumerated() { groups[Int(r.form) << 32 | Int(r.unit), default: []].append(i) }
        var pairs: [(Int, Int, Int, Int)] = []  // i, j, equal, compared
        for key in groups.keys.sorted() {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            let width = c.width(records[members[0]])
            guard width >= 8 else { continue }
            let allowed = Int(truncating: ((1 - share) * Decimal(width)) as NSDecimalNumber)
            let blocks = min(allowed + 1, width)
            var seen = Set<Int>()
            for b in 0..<blocks {
                let lo = b * width / blocks, hi = (b + 1) * width / blocks
                var buckets: [UInt64: [Int]] = [:]
                for m in members {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325, blank = true
                    for p in lo..<hi {
                        let v = c.answer(records[m], p)
                        if v != 0 { blank = false }
                        h = (h ^ UInt64(v)) &* 0x100_0000_01b3
                    }
                    if !blank { buckets[h, default: []].append(m) }
                }
                for bucket in buckets.values where bucket.count > 1 {
                    for x in 0..<bucket.count {
                        for y in (x + 1)..<bucket.count {
                            let (i, j) = (min(bucket[x], bucket[y]), max(bucket[x], bucket[y]))
                            guard seen.insert(i * records.count + j).inserted else { continue }
                            var equal = 0, compared = 0
                            for p in 0..<width {
                                let (a, d) = (c.answer(records[i], p), c.answer(records[j], p))
                                guard a != 0 || d != 0 else { continue }
                                compared += 1
                                if a == d { equal += 1 }
                            }
                            if compared >= 8, Decimal(equal) >= share * Decimal(compared) { pairs.append((i, j, equal, compared)) }
                        }
                    }
                }
            }
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    // MARK: Per interviewer

    private func interviewerFindings(_ records: [QualityRecord], _ c: QualityCollector) -> [QualityFinding] {
        var out: [QualityFinding] = []
        // CONCENTRATION: one interviewer's share of a unit's responses (of those with an interviewer).
        var byUnit: [Int32: [Int32: Int]] = [:]
        for r in records where r.interviewer >= 0 { byUnit[r.unit, default: [:]][r.interviewer, default: 0] += 1 }
        for (unit, counts) in byUnit {
            let total = counts.values.reduce(0, +)
            guard total >= settings.concentrationMin else { continue }
            for (interviewer, n) in counts where Decimal(n) >= settings.concentrationShare * Decimal(total) {
                out.append(QualityFinding(source: nil, submissionId: "", unit: c.name(unit)!, interviewer: c.name(interviewer)!, device: "",
                                          flag: .concentration,
                                          evidence: "\(n)/\(total) phiếu (\(percent(Decimal(n) / Decimal(total)))) của đơn vị do một điều tra viên làm"))
            }
        }
        // DISTRIBUTION: each interviewer against all the others, per form and scale question.
        var totals: [Int: [Int32]] = [:]
        for (key, counts) in c.distributions {
            let k = key & ~0xFFFF_FFFF
            totals[k] = totals[k].map { zip($0, counts).map { $0 + $1 } } ?? counts
        }
        for (key, mine) in c.distributions {
            let all = totals[key & ~0xFFFF_FFFF]!
            let n = Int(mine.reduce(0, +)), total = Int(all.reduce(0, +))
            guard n >= 10, total - n >= 10 else { continue }
            let table = [mine.map(Int.init), zip(all, mine).map { Int($0 - $1) }]
            guard let p = ChiSquare.pValue(table), Decimal(p) < settings.distributionP else { continue }
            let form = set.questionnaires[key >> 48]
            let question = form.scoredQuestions[(key >> 32) & 0xFFFF].name
            out.append(QualityFinding(source: nil, submissionId: "", unit: "", interviewer: c.name(Int32(key & 0xFFFF_FFFF))!, device: "",
                                      flag: .distribution,
                                      evidence: "câu \(question) (\(form.id)): \(n) câu trả lời, khác các điều tra viên khác "
                                          + "(kiểm định khi bình phương, p = \(String(format: "%.2g", p)))"))
        }
        return out
    }

    /// `flagged`: per record (in `records`' order), whether it has a flag of its own.
    private func fieldworkStats(_ records: [QualityRecord], _ c: QualityCollector, findings: [QualityFinding],
                                flagged: [Bool]) -> [FieldworkStats] {
        var out: [FieldworkStats] = []
        for kind in [FieldworkStats.Kind.interviewer, .device] {
            var groups: [Int32: [Int]] = [:]
            for (i, r) in records.enumerated() {
                let code = kind == .interviewer ? r.interviewer : r.device
                if code >= 0 { groups[code, default: []].append(i) }
            }
            for (code, indices) in groups.map({ (c.name($0.key)!, $0.value) }).sorted(by: { $0.0 < $1.0 }) {
                let rs = indices.map { records[$0] }
                var perDay: [Int64: Int] = [:]
                for r in rs { if let t = r.started ?? r.ended { perDay[(t + Self.zone) / 86_400, default: 0] += 1 } }
                let durations = rs.compactMap(\.duration).filter { $0 >= 0 }
                out.append(FieldworkStats(
                    kind: kind, code: code, submissions: rs.count, days: perDay.count, maxPerDay: perDay.values.max() ?? 0,
                    medianMinutes: durations.isEmpty ? nil : Decimals.rounded(median(durations) / 60, scale: 1),
                    flagged: indices.filter { flagged[$0] }.count,
                    concentrated: kind == .interviewer ? findings.filter { $0.flag == .concentration && $0.interviewer == code }.count : 0,
                    distributions: kind == .interviewer ? findings.filter { $0.flag == .distribution && $0.interviewer == code }.count : 0))
            }
        }
        return out
    }

    /// Per file, the metadata it lacks entirely, and which checks that leaves out.
    private func notChecked(_ records: [QualityRecord], _ c: QualityCollector) -> [String] {
        var out: [String] = []
        var byFile: [String: (start: Bool, duration: Bool, interviewer: Bool, device: Bool)] = [:]
        for r in records {
            let file = c.files[Int(r.file)].file
            var seen = byFile[file] ?? (false, false, false, false)
            seen.start = seen.start || r.started != nil || r.ended != nil
            seen.duration = seen.duration || r.duration != nil
            seen.interviewer = seen.interviewer || r.interviewer >= 0
            seen.device = seen.device || r.device >= 0
            byFile[file] = seen
        }
        for (file, seen) in byFile.sorted(by: { $0.key < $1.key }) {
            var missing: [String] = [], checks: [String] = []
            if !seen.start {
                missing.append("start, end")
                checks += ["SPEEDING", "LONG_GAP", "NEGATIVE_DURATION", "NIGHT", "OUT_OF_PERIOD"]
            } else if !seen.duration {
                missing.append("start hoặc end")
                checks += ["SPEEDING", "LONG_GAP", "NEGATIVE_DURATION"]
            }
            if !seen.interviewer {
                missing.append(settings.interviewerQuestion)
                checks += ["CONCENTRATION", "DISTRIBUTION"]
            }
            if !seen.device { missing.append("deviceid") }
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

    /// Days since 1970 of a calendar day, and back.
    static func day(_ d: CivilDate) -> Int64 { Int64(Timestamps.daysFromCivil(d.year, d.month, d.day)) }

    static func date(_ day: Int64) -> String {
        let (y, m, d) = CivilTime.civil(daysSince1970: day)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

func median(_ xs: [Int64]) -> Decimal {
    let s = xs.sorted()
    return s.count % 2 == 1 ? Decimal(s[s.count / 2]) : Decimal(s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func minutes(_ seconds: Int64) -> String {
    seconds < 60 ? "\(seconds) giây" : "\(seconds / 60) phút \(seconds % 60) giây"
}

func percent(_ share: Decimal) -> String { Decimals.format(share * 100, scale: 0) + " %" }
