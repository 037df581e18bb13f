import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// Turns one record of a response file into submissions, or says why it is set aside.
/// Pure: the same record always gives the same result.
struct RowValidator {
    let set: QuestionnaireSet
    let resolver: UnitResolver
    let map: ColumnMap
    let layout: Layout
    let file: String
    private let unitColumn: Int?
    private let gridUnits: [String]
    private let respondentQuestion: String?
    private let respondentUnitColumn: Int?
    private let groupColumn: Int?

    init(set: QuestionnaireSet, resolver: UnitResolver, map: ColumnMap, layout: Layout, file: String) {
        self.set = set
        self.resolver = resolver
        self.map = map
        self.layout = layout
        self.file = file
        unitColumn = map.unitColumn
        gridUnits = map.gridUnits
        respondentQuestion = map.respondentQuestion
        respondentUnitColumn = map.firstColumn { $0 == .respondentUnit }
        groupColumn = map.firstColumn { $0 == .respondentGroup }
    }

    typealias Outcome = Result<Submission, QuarantineEntry>

    func validate(_ record: CSVRecord) -> [Outcome] {
        let fields = record.fields
        func cell(_ c: Int?) -> String {
            guard let c, c < fields.count else { return "" }
            return fields[c].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let id = map.id.map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? "h" + fnv1a(fields)
        let source = Source(file: file, line: record.line)
        func reject(_ reason: Reason, _ message: String, unit: String, column: Int? = nil, suffix: String = "") -> Outcome {
            .failure(QuarantineEntry(source: source, column: column.map { $0 + 1 }, submissionId: id + suffix,
                                     unit: unit, reason: reason, message: message, rawRow: fields))
        }
        let form = map.form

        if let review = map.review, Layout.isRejected(cell(review)) {
            return [reject(.reviewRejected, "trạng thái duyệt là \"\(cell(review))\".", unit: cell(unitColumn), column: review)]
        }
        var group = form.respondentGroup
        if let c = groupColumn, !cell(c).isEmpty { group = cell(c) }
        guard let respondentGroup = set.group(group) else {
            return [reject(.groupUnknown, "nhóm \"\(group)\" không có trong groups.csv.", unit: cell(unitColumn), column: groupColumn)]
        }

        // One target per unit: the unit question, or each unit row of a Google Forms grid.
        let targets: [(text: String, column: Int?, suffix: String)] = gridUnits.isEmpty
            ? [(cell(unitColumn), unitColumn, "")]
            : gridUnits.map { unit in
                (unit, map.firstColumn { if case .unitGrid(_, unit) = $0 { true } else { false } }, "#" + unit)
            }
        var outcomes: [Outcome] = []
        for target in targets {
            if !gridUnits.isEmpty, !map.roles.contains(where: {
                if case .unitGrid(_, target.text) = $0.value { return !cell($0.key).isEmpty } else { return false }
            }) { continue }  // this row did not rate this unit
            guard !target.text.isEmpty else {
                outcomes.append(reject(.unitMissing, "không có đơn vị được đánh giá.", unit: "", column: target.column))
                continue
            }
            let unit: RatedUnit
            switch resolve(target.text) {
            case .success(let u): unit = u
            case .failure(let p):
                outcomes.append(reject(p.reason, p.message, unit: target.text, column: target.column, suffix: target.suffix))
                continue
            }
            guard respondentGroup.indices.contains(unit.index) else {
                outcomes.append(reject(.groupNotAllowed, "\(respondentGroup.name) không đánh giá đơn vị thuộc Chỉ số \(unit.index) (\(unit.name)).",
                                       unit: unit.code, column: target.column, suffix: target.suffix))
                continue
            }
            if respondentGroup.ownUnitOnly, let c = respondentUnitColumn, !cell(c).isEmpty {
                switch resolve(cell(c)) {
                case .failure(let p):
                    outcomes.append(reject(p.reason, "đơn vị của người trả lời: " + p.message, unit: unit.code,
                                           column: c, suffix: target.suffix))
                    continue
                case .success(let own) where own != unit:
                    outcomes.append(reject(.notOwnUnit, "\(respondentGroup.name) của \(own.name) (\(own.code)) chỉ đánh giá "
                        + "đơn vị của mình, không đánh giá \(unit.name) (\(unit.code)).",
                                           unit: unit.code, column: target.column, suffix: target.suffix))
                    continue
                case .success: break
                }
            }
            switch answers(fields, cell: cell, unit: target.text) {
            case .failure(let problem):
                outcomes.append(reject(problem.reason, problem.message, unit: unit.code, column: problem.column, suffix: target.suffix))
            case .success(var answers):
                answers[form.unitQuestion] = .choice(unit.code)
                if let problem = completeness(answers) {
                    outcomes.append(reject(.incomplete, problem, unit: unit.code, suffix: target.suffix))
                    continue
                }
                let respondent = respondentQuestion.flatMap { answers[$0] }.flatMap { if case .text(let t) = $0, !t.isEmpty { t } else { nil } }
                outcomes.append(.success(Submission(
                    id: id + target.suffix, form: form.id, group: group, unitCode: unit.code, respondent: respondent,
                    submittedAt: map.time.map(cell).flatMap(Timestamps.parse), answers: answers, source: source)))
            }
        }
        return outcomes
    }

    private func resolve(_ text: String) -> Result<RatedUnit, Problem> {
        switch resolver.resolve(text) {
        case .unit(let u):
            return .success(u)
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty ? "" : " Có phải " + suggestions.map { "\"\($0.name)\" (\($0.code))" }
                .joined(separator: " hoặc ") + " không?"
            return .failure(Problem(reason: .unitUnknown, message: "không có đơn vị \"\(text)\" trong danh sách.\(hint)"))
        case .ambiguous(let units):
            return .failure(Problem(reason: .unitAmbiguous, message: "\"\(text)\" khớp với nhiều đơn vị: "
                + units.map { "\($0.name) (\($0.code))" }.joined(separator: ", ") + ". Hãy ghi mã đơn vị."))
        }
    }

    struct Problem: Error {
        var reason: Reason
        var message: String
        var column: Int? = nil
    }

    private func answers(_ fields: [String], cell: (Int?) -> String, unit: String) -> Result<[String: Answer], Problem> {
        let form = map.form
        var answers: [String: Answer] = [:]
        var flags: [String: [String]] = [:]
        for (column, role) in map.roles.sorted(by: { $0.key < $1.key }) {
            let raw = cell(column)
            switch role {
            case .respondentGroup, .respondentUnit:
                continue
            case .choiceFlag(let q, let choice):
                if raw == "1" || raw.lowercased() == "true" { flags[q, default: []].append(choice) }
                else if !raw.isEmpty { flags[q, default: []] += [] }
                continue
            case .unitGrid(let q, let u):
                guard u == unit, !raw.isEmpty, let question = form.question(named: q) else { continue }
                switch parse(raw, question) {
                case .success(let a): answers[q] = a
                case .failure(var p): p.column = column; return .failure(p)
                }
            case .answer(let q):
                guard q != form.unitQuestion, !raw.isEmpty, let question = form.question(named: q) else { continue }
                switch parse(raw, question) {
                case .success(let a): answers[q] = a
                case .failure(var p): p.column = column; return .failure(p)
                }
            }
        }
        for (q, choices) in flags where answers[q] == nil { answers[q] = .choices(choices) }
        for q in form.questions where q.required && q.relevant == nil && q.name != form.unitQuestion && answers[q.name] == nil {
            let label = form.label(q.labels) ?? q.name
            return .failure(Problem(reason: .requiredMissing, message: "câu \"\(q.name)\" (\(label)) bắt buộc nhưng để trống.",
                                    column: map.firstColumn { $0 == .answer(q.name) }))
        }
        return .success(answers)
    }

    private func parse(_ raw: String, _ q: Question) -> Result<Answer, Problem> {
        let form = map.form
        switch q.type {
        case .selectOne(let list):
            guard let choices = form.choiceLists[list] else { return .success(.text(raw)) }
            if let c = match(raw, in: choices) { return .success(.choice(c.name)) }
            return .failure(unknownChoice(raw, q, choices))
        case .selectMultiple(let list):
            guard let choices = form.choiceLists[list] else { return .success(.text(raw)) }
            let names = raw.split(separator: " ").map(String.init)
            if names.allSatisfy({ choices.choice(named: $0) != nil }) { return .success(.choices(names)) }
            // Labels joined with ", " (Google Forms) or " " (KoBo label export): rebuild whole labels.
            var picked: [String] = []
            var buffer = ""
            for piece in raw.components(separatedBy: ", ") {
                buffer = buffer.isEmpty ? piece : buffer + ", " + piece
                if let c = match(buffer, in: choices) { picked.append(c.name); buffer = "" }
            }
            if buffer.isEmpty { return .success(.choices(picked)) }
            return .failure(unknownChoice(buffer, q, choices))
        case .integer, .decimal:
            guard let n = Decimals.parse(raw), q.type == .decimal || n == n.rounded0 else {
                return .failure(Problem(reason: .notANumber, message: "câu \"\(q.name)\": \"\(raw)\" không phải là số\(q.type == .integer ? " nguyên" : "").", column: nil))
            }
            if let (low, high) = Self.range(q.constraint), n < low || n > high {
                return .failure(Problem(reason: .outOfRange, message: "câu \"\(q.name)\": \(raw) nằm ngoài khoảng \(low)–\(high).", column: nil))
            }
            return .success(.number(n))
        default:
            return .success(.text(raw))
        }
    }

    private func match(_ raw: String, in list: ChoiceList) -> Choice? {
        if let c = list.choice(named: raw) { return c }
        let key = MatchKey.of(raw)
        return list.choices.first { c in c.labels.values.contains { MatchKey.of($0) == key } }
    }

    private func unknownChoice(_ raw: String, _ q: Question, _ list: ChoiceList) -> Problem {
        let known = list.choices.map { map.form.label($0.labels) ?? $0.name }.joined(separator: ", ")
        return Problem(reason: .unknownChoice, message: "câu \"\(q.name)\": \"\(raw)\" không phải là lựa chọn; chọn một trong: \(known).", column: nil)
    }

    /// `. >= a and . <= b`, the only constraint shape checked; others are kept as text.
    static func range(_ constraint: String?) -> (Decimal, Decimal)? {
        guard let c = constraint?.replacingOccurrences(of: " ", with: ""),
              let m = c.wholeMatch(of: /\.>=(-?[0-9.]+)and\.<=(-?[0-9.]+)/),
              let low = Decimal(string: String(m.1)), let high = Decimal(string: String(m.2)) else { return nil }
        return (low, high)
    }

    /// The share of scored questions with a counted answer must reach the set's minimum.
    private func completeness(_ answers: [String: Answer]) -> String? {
        let scored = map.form.scoredQuestions
        guard !scored.isEmpty else { return nil }
        let counted = scored.filter { q in Credit.of(answers[q.name], q, map.form, selectMultiple: set.settings.selectMultiple) != nil }.count
        let share = Decimal(counted) / Decimal(scored.count)
        guard share < set.settings.minCompleteness else { return nil }
        return "chỉ \(counted)/\(scored.count) câu tính điểm có câu trả lời được tính, cần ít nhất "
            + "\(Decimals.format(set.settings.minCompleteness * 100, scale: 0)) %."
    }
}

extension Decimal {
    var rounded0: Decimal { Decimals.rounded(self, scale: 0) }
}

/// FNV-1a over the fields: a stable id for rows that carry none (Google Forms).
func fnv1a(_ fields: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for field in fields {
        for b in field.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
}

enum Timestamps {
    /// Built once: a DateFormatter is costly to make, and this runs for every row.
    private static let formatters: [DateFormatter] = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss.SSS",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd h:mm:ss a 'GMT'x", "dd/MM/yyyy HH:mm:ss",
    ].map { format in
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        f.dateFormat = format
        return f
    }

    static func parse(_ text: String) -> Date? {
        formatters.lazy.compactMap { $0.date(from: text) }.first
    }
}
