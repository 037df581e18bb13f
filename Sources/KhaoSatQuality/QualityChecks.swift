import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The high-frequency checks of survey practice over a run's accepted submissions. Pure: the
/// same records give the same findings, in a fixed order.
package struct QualityChecks {
    package let set: QuestionnaireSet
    package var settings: QualitySettings { self.set.settings.quality }
    /// Seconds east of UTC of the survey's clock (Vietnam).
    static let zone: Int64 = 7 * 3600

    /// How many bytes of answer vectors the near-duplicate check holds at a time (a batch of whole
    /// groups): at a million rows, all at once were ~200 MB of small arrays.
    package var nearDuplicateBytes = 8 << 20

    package init(set: QuestionnaireSet) { self.set = set }

    package func run(_ collector: QualityCollector) -> QualityReport {
        let c = collector.reader()
        // File order, then line: the order of the findings whatever the order of the inputs.
        let fileNames = Array(Set(c.files.map(\.file))).sorted()
        let fileRank = Dictionary(uniqueKeysWithValues: fileNames.enumerated().map { ($1, $0) })
        let ranks = c.files.map { fileRank[$0.file]! }
        // (file, line) as one number; ids only tell apart the submissions of one line (a grid).
        var place: [Int64] = []
        place.reserveCapacity(c.count)
        for r in collector.records { place.append(Int64(ranks[Int(r.file)]) << 32 | Int64(r.line)) }
        var order = Array(0..<Int32(c.count))
        order.sort { a, b in
            let (a, b) = (Int(a), Int(b))
            return place[a] != place[b] ? place[a] < place[b] : c.id(c.records[a]) < c.id(c.records[b])
        }
        let records = RecordsInOrder(all: c.records, order: order)
        var findings: [QualityFinding] = []
        var flagged = [Bool](repeating: false, count: records.count)
        func finding(_ r: QualityRecord, _ f: QualityFlag, _ evidence: String) -> QualityFinding {
            QualityFinding(source: c.source(r), submissionId: c.id(r), unit: c.name(r.unit)!, interviewer: c.name(r.interviewer) ?? "",
                           device: c.name(r.device) ?? "", flag: f, evidence: evidence)
        }
        let medians = medianDurations(records)
        // Durations are whole seconds and counts whole: d < share × median ⟺ d < ⌈share × median⌉.
        let speedingBelow = c.plans.indices.map { f in medians[Int32(f)].map { Decimals.ceiling(settings.speedingShare * $0) } }
        let dontKnowFrom = c.plans.map { Decimals.ceiling(settings.dontKnowShare * Decimal($0.scoredCount)) }
        let period = (settings.surveyStart.map(Self.day), settings.surveyEnd.map(Self.day))
        for (index, r) in records.enumerated() {
            let before = findings.count
            defer { if findings.count > before { flagged[index] = true } }
            if let d = r.duration {
                if d < 0 {
                    findings.append(finding(r, .negativeDuration, "kết thúc trước bắt đầu \(minutes(-d))"))
                } else if d > Int64(settings.longMinutes * 60) {
                    findings.append(finding(r, .longGap, "kéo dài \(minutes(d)), quá \(settings.longMinutes) phút"))
                } else if let below = speedingBelow[Int(r.form)], d < below {
                    findings.append(finding(r, .speeding, "\(minutes(d)), dưới \(percent(settings.speedingShare)) trung vị "
                        + "\(minutes(Int64(truncating: medians[r.form]! as NSDecimalNumber))) của phiếu"))
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
            if r.unscored > 0, scored > 0, Int64(r.unscored) >= dontKnowFrom[Int(r.form)] {
                findings.append(finding(r, .dontKnowHeavy, "\(r.unscored)/\(scored) câu tính điểm trả lời không có điểm (Không biết, Không trả lời)"))
            }
        }
        // One finding per submission, naming its first partner: a file of copied rows gives n findings, not n² pairs.
        for (a, match) in nearDuplicates(records, c).sorted(by: { $0.key < $1.key }) {
            let other = records[match.partner]
            flagged[a] = true
            findings.append(finding(records[a], .nearDuplicate,
                                    "giống \(match.equal)/\(match.compared) câu trả lời với phiếu \"\(c.id(other))\" ở \(c.source(other))"
                                        + (match.others > 0 ? " và \(match.others) phiếu khác" : "")))
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
    private func medianDurations(_ records: RecordsInOrder) -> [Int32: Decimal] {
        var byForm: [Int32: [Int64]] = [:]
        for r in records { if let d = r.duration, d >= 0 { byForm[r.form, default: []].append(d) } }
        return byForm.compactMapValues { $0.count >= 10 ? median($0) : nil }
    }

    private func isNight(_ hour: Int) -> Bool {
        let (from, to) = (settings.nightFrom, settings.nightTo)
        return from <= to ? (hour >= from && hour < to) : (hour >= from || hour < to)
    }

    /// A submission's near-duplicates: the first in record order (with how many answers agree of
    /// how many compared) and how many others there are.
    struct Match { var partner: Int; var equal: Int; var compared: Int; var others: Int }

    /// Submissions of the same form and unit agreeing on at least the set share of the questions
    /// either answered (at least 8). Identical answers are gathered first, so that copied rows
    /// cost one comparison each; the distinct ones are paired through blocks: two answer vectors
    /// with at most k differences agree exactly on one of k + 1 blocks of positions.
    private func nearDuplicates(_ records: RecordsInOrder, _ c: QualityCollector.Reader) -> [Int: Match] {
        let share = settings.nearDuplicateShare
        // Per form: how many answers are compared, how many may differ, and in how many blocks.
        let shapes = c.plans.indices.map { form in
            let width = c.width(form: form)
            let allowed = Int(truncating: ((1 - share) * Decimal(width)) as NSDecimalNumber)
            return (width: width, allowed: allowed, blocks: min(allowed + 1, width))
        }
        // Per (form, unit), numbered in that order: how many records it has, and each record's group
        // (-1: a form with too few answers compared).
        var numberOf: [Int: Int32] = [:]  // form << 32 | unit → order of first appearance
        var keys: [Int] = [], sizes: [Int] = []
        var groupOf = [Int32](repeating: -1, count: records.count)
        for (i, r) in records.enumerated() where shapes[Int(r.form)].width >= 8 {
            let key = Int(r.form) << 32 | Int(r.unit)
            let n = numberOf[key] ?? {
                numberOf[key] = Int32(keys.count)
                keys.append(key); sizes.append(0)
                return Int32(keys.count - 1)
            }()
            groupOf[i] = n
            sizes[Int(n)] += 1
        }
        // Renumbered in key order.
        let byKey = keys.indices.sorted { keys[$0] < keys[$1] }
        var rank = [Int32](repeating: 0, count: keys.count)
        for (k, g) in byKey.enumerated() { rank[g] = Int32(k) }
        for i in groupOf.indices where groupOf[i] >= 0 { groupOf[i] = rank[Int(groupOf[i])] }
        (keys, sizes) = (byKey.map { keys[$0] }, byKey.map { sizes[$0] })
        var matches: [Int: Match] = [:]
        /// Every record of class `x` is a near-duplicate of every record of class `y` (x == y: of the others in it).
        func meet(_ x: [Int], _ y: [Int], equal: Int, compared: Int) {
            for i in x {
                let partners = y.filter { $0 != i }
                guard let first = partners.first else { continue }
                if var m = matches[i] {
                    m.others += partners.count
                    if first < m.partner { (m.partner, m.equal, m.compared) = (first, equal, compared) }
                    matches[i] = m
                } else {
                    matches[i] = Match(partner: first, equal: equal, compared: compared, others: partners.count - 1)
                }
            }
        }
        // Groups in key order, in batches of about `nearDuplicateBytes` of answer vectors. One pass
        // over the records (in the order they came, as a spill file is best read) writes each one's
        // answers to its batch's bucket; each batch is then read back alone. (A pass per batch
        // read every record once a batch: quadratic in the rows.)
        let cost = { (g: Int) in sizes[g] * (shapes[keys[g] >> 32].width * 4 + 48) }
        var batches: [Range<Int>] = []  // of group numbers
        var batchOf = [Int32](repeating: 0, count: keys.count)  // by group number
        while (batches.last?.upperBound ?? 0) < keys.count {
            let start = batches.last?.upperBound ?? 0
            var end = start + 1, bytes = cost(start)
            while end < keys.count, bytes + cost(end) <= nearDuplicateBytes { bytes += cost(end); end += 1 }
            for g in start..<end { batchOf[g] = Int32(batches.count) }
            batches.append(start..<end)
        }
        // One batch stays in memory; several share a file, each keeping only the chunk it fills.
        let file = batches.count > 1 ? SpillFile() : nil
        var buckets = batches.map { _ in ChunkedArray<UInt32>(residentBytes: file == nil ? nil : 0, file: file) }
        for (i, r) in records.enumerated() where groupOf[i] >= 0 {
            let b = Int(batchOf[Int(groupOf[i])])
            buckets[b].append(UInt32(i))
            for p in 0..<shapes[Int(r.form)].width { buckets[b].append(c.answer(r, p)) }
        }
        for (b, batch) in batches.enumerated() {
            var groups = batch.map { Group(blocks: shapes[keys[$0] >> 32].blocks) }
            var values = buckets[b].makeIterator()
            while let position = values.next() {
                let i = Int(position), g = Int(groupOf[i])
                let shape = shapes[keys[g] >> 32]
                groups[g - batch.lowerBound].add(i, (0..<shape.width).map { _ in values.next()! }, shape: shape)
            }
            buckets[b] = ChunkedArray()
            for (offset, group) in groups.enumerated() {
                pairs(in: group, shape: shapes[keys[batch.lowerBound + offset] >> 32], meet: meet)
            }
        }
        return matches
    }

    /// Meets one group's near-duplicate classes.
    private func pairs(in group: Group, shape: (width: Int, allowed: Int, blocks: Int),
                       meet: (_ x: [Int], _ y: [Int], _ equal: Int, _ compared: Int) -> Void) {
        let share = settings.nearDuplicateShare
        for (k, members) in group.classes.enumerated() where members.count > 1 {
            let answered = group.vectors[k].filter { $0 != 0 }.count
            if answered >= 8 { meet(members, members, answered, answered) }
        }
        /// Classes `k` < `l` met in block `b`, unless an earlier block met them already.
        func compare(_ k: Int, _ l: Int, block b: Int) {
            guard !(0..<b).contains(where: { group.blockHashes[$0][k] != nil && group.blockHashes[$0][k] == group.blockHashes[$0][l] })
            else { return }
            let (x, y) = (group.vectors[k], group.vectors[l])
            var equal = 0, compared = 0
            for p in 0..<shape.width {
                let (a, d) = (x[p], y[p])
                guard a != 0 || d != 0 else { continue }
                compared += 1
                if a == d { equal += 1 } else if compared - equal > shape.allowed { return }  // too many differences already
            }
            if compared >= 8, Decimal(equal) >= share * Decimal(compared) {
                meet(group.classes[k], group.classes[l], equal, compared)
                meet(group.classes[l], group.classes[k], equal, compared)
            }
        }
        for b in 0..<shape.blocks {
            // Classes by the hash of their block, sorted: a run of equal hashes is a bucket.
            var hashed = group.blockHashes[b].enumerated().compactMap { k, h in h.map { (hash: $0, member: k) } }
            hashed.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.member < $1.member }
            var start = 0
            while start < hashed.count {
                var end = start + 1
                while end < hashed.count, hashed[end].hash == hashed[start].hash { end += 1 }
                for x in start..<end { for y in (x + 1)..<end { compare(hashed[x].member, hashed[y].member, block: b) } }
                start = end
            }
        }
    }

    /// One (form, unit)'s distinct answer vectors, in record order, each with the records that gave
    /// it, and per block the hash of its answers there (nil: all blank).
    private struct Group {
        var classes: [[Int]] = []
        var vectors: [[UInt32]] = []
        var blockHashes: [[UInt64?]]
        private var classOf: [[UInt32]: Int] = [:]

        init(blocks: Int) { blockHashes = Array(repeating: [], count: blocks) }

        mutating func add(_ i: Int, _ answers: [UInt32], shape: (width: Int, allowed: Int, blocks: Int)) {
            if let known = classOf[answers] {
                classes[known].append(i)
                return
            }
            classOf[answers] = classes.count
            classes.append([i])
            vectors.append(answers)
            for b in 0..<shape.blocks {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325, blank = true
                for p in (b * shape.width / shape.blocks)..<((b + 1) * shape.width / shape.blocks) {
                    let v = answers[p]
                    if v != 0 { blank = false }
                    h = (h ^ UInt64(v)) &* 0x100_0000_01b3
                }
                blockHashes[b].append(blank ? nil : h)
            }
        }
    }

    // MARK: Per interviewer

    private func interviewerFindings(_ records: RecordsInOrder, _ c: QualityCollector.Reader) -> [QualityFinding] {
        var out: [QualityFinding] = []
        // CONCENTRATION: one interviewer's share of a unit's responses (of those with an interviewer).
        var pairs: [Int: Int] = [:]  // unit << 32 | interviewer → submissions
        for r in records where r.interviewer >= 0 { pairs[Int(r.unit) << 32 | Int(r.interviewer), default: 0] += 1 }
        var byUnit: [Int32: [Int32: Int]] = [:]
        for (key, n) in pairs { byUnit[Int32(key >> 32), default: [:]][Int32(truncatingIfNeeded: key)] = n }
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
        let distributions = Self.distributions(records, c)
        var totals: [Int: [Int32]] = [:]
        for (key, counts) in distributions {
            let k = key & ~0xFFFF_FFFF
            totals[k] = totals[k].map { zip($0, counts).map { $0 + $1 } } ?? counts
        }
        for (key, mine) in distributions {
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

    /// Per (form << 48 | scale position << 32 | interviewer): how often each code was picked
    /// (index 0 unused). Counted in flat arrays, interviewers being numbered densely.
    static func distributions(_ records: RecordsInOrder, _ c: QualityCollector.Reader) -> [Int: [Int32]] {
        let people = c.names.all.count
        guard people > 0 else { return [:] }
        // Per form and scored position, for a scale question: its table (people × (choices + 1)) and row width.
        var counts: [[Int32]] = []
        let tables: [[(table: Int, width: Int)?]] = c.plans.map { plan in
            plan.isScale.indices.map { i in
                guard plan.isScale[i] else { return nil }
                let width = plan.codes.radices[i]
                counts.append(Array(repeating: 0, count: people * width))
                return (counts.count - 1, width)
            }
        }
        for r in records where r.interviewer >= 0 {
            for (i, t) in tables[Int(r.form)].enumerated() {
                guard let t else { continue }
                let code = c.code(r, i)
                if code > 0 { counts[t.table][Int(r.interviewer) * t.width + Int(code)] += 1 }
            }
        }
        var out: [Int: [Int32]] = [:]
        for (f, positions) in tables.enumerated() {
            for (i, t) in positions.enumerated() {
                guard let t else { continue }
                for person in 0..<people {
                    let row = Array(counts[t.table][person * t.width..<(person + 1) * t.width])
                    if row.contains(where: { $0 > 0 }) { out[(f << 48) | (i << 32) | person] = row }
                }
            }
        }
        return out
    }

    /// `flagged`: per record (in `records`' order), whether it has a flag of its own.
    private func fieldworkStats(_ records: RecordsInOrder, _ c: QualityCollector.Reader, findings: [QualityFinding],
                                flagged: [Bool]) -> [FieldworkStats] {
        var out: [FieldworkStats] = []
        // Interned names are numbered densely: per-person tallies are arrays, filled in one pass.
        let codes = c.names.all.count
        for kind in [FieldworkStats.Kind.interviewer, .device] {
            var submissions = [Int](repeating: 0, count: codes), flaggedCount = submissions
            var days = [[Int64]](repeating: [], count: codes), durations = days
            for (i, r) in records.enumerated() {
                let code = Int(kind == .interviewer ? r.interviewer : r.device)
                guard code >= 0 else { continue }
                submissions[code] += 1
                if flagged[i] { flaggedCount[code] += 1 }
                if let t = r.started ?? r.ended { days[code].append((t + Self.zone) / 86_400) }
                if let d = r.duration, d >= 0 { durations[code].append(d) }
            }
            let present = submissions.indices.filter { submissions[$0] > 0 }.map { (name: c.name(Int32($0))!, code: $0) }
            for (name, code) in present.sorted(by: { $0.name < $1.name }) {
                // Days worked and the busiest one's count: runs of the sorted days.
                var worked = 0, busiest = 0, run = 0, previous: Int64?
                for day in days[code].sorted() {
                    run = day == previous ? run + 1 : 1
                    if day != previous { worked += 1 }
                    busiest = max(busiest, run)
                    previous = day
                }
                out.append(FieldworkStats(
                    kind: kind, code: name, submissions: submissions[code], days: worked, maxPerDay: busiest,
                    medianMinutes: durations[code].isEmpty ? nil : Decimals.rounded(median(durations[code]) / 60, scale: 1),
                    flagged: flaggedCount[code],
                    concentrated: kind == .interviewer ? findings.filter { $0.flag == .concentration && $0.interviewer == name }.count : 0,
                    distributions: kind == .interviewer ? findings.filter { $0.flag == .distribution && $0.interviewer == name }.count : 0))
            }
        }
        return out
    }

    private func notChecked(_ records: RecordsInOrder, _ c: QualityCollector.Reader) -> [String] {
        var out: [String] = []
        typealias Seen = (start: Bool, duration: Bool, interviewer: Bool, device: Bool)
        var byPart = [Seen?](repeating: nil, count: c.files.count)
        for r in records {
            let was = byPart[Int(r.file)] ?? (false, false, false, false)
            byPart[Int(r.file)] = (was.start || r.started != nil || r.ended != nil, was.duration || r.duration != nil,
                                   was.interviewer || r.interviewer >= 0, was.device || r.device >= 0)
        }
        // A file's submissions can be in several parts (those held for their respondent come last).
        var byFile: [String: Seen] = [:]
        for (part, seen) in zip(c.files, byPart) {
            guard let seen else { continue }
            let was = byFile[part.file] ?? (false, false, false, false)
            byFile[part.file] = (was.start || seen.start, was.duration || seen.duration,
                                 was.interviewer || seen.interviewer, was.device || seen.device)
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

/// The collector's records in file and line order, read through their positions rather than
/// copied (a million records are 72 MB).
struct RecordsInOrder: RandomAccessCollection {
    let all: ChunkedArray<QualityRecord>.Reader
    let order: [Int32]
    var startIndex: Int { 0 }
    var endIndex: Int { order.count }
    subscript(i: Int) -> QualityRecord { all[Int(order[i])] }
}
