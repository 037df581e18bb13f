import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// A record's cells → the form's answers, with what the engine derives from them (codes, digest,
/// fingerprint, the interview's answers). Built once per file; its memos make a choice or a number
/// that comes back on the next row cost a dictionary lookup.
struct AnswerParser {
    /// What one record's answers gave.
    struct Parsed {
        /// Empty unless `hasAnswers`: kept only when the reading was asked for them (`IngestOptions.keepsAnswers`).
        var answers: [String: Answer]
        var hasAnswers: Bool
        var meta: MetaAnswers
        /// `ChoiceCodes`: every scored answer has one (the set check refuses questions that could not).
        var codes: [Int32]
        var digest: UInt64
        var fingerprint: [UInt32]
    }

    /// Why the answers were refused, and the column (0-based) to blame.
    struct Failure: Error {
        var why: SetAside
        var column: Int?
    }

    private let map: ColumnMap
    /// Per column, codes → labels (SPSS value labels): a code that is no choice name is tried as its label.
    private let valueLabels: [Int: [String: String]]
    /// Per column, in order: what the loop over a row's cells reads, without names, so that reading
    /// it copies and retains nothing (copying each column's role was a tenth of the parse; a tuple
    /// with the role in it, read field by field, was copied whole each time: +15 % instructions).
    private let columns: [CellColumn]
    /// Per column, in the same order: its role and its question's plan.
    private let roles: [ColumnRole]
    private let columnPlans: [QuestionPlan?]

    private struct CellColumn {
        enum Kind { case other, answer, choiceFlag, unitGrid }
        var index: Int
        var kind: Kind
        /// An answer column read as such (not the unit question, not a select_multiple taken from its 0/1 columns).
        var reads = false
        /// A select_multiple's summary beside its 0/1 columns. Both worked out here, not as set lookups per cell.
        var summary = false
    }
    private let plans: [String: QuestionPlan]
    private let memo: ParsedAnswerMemo
    /// Positions in the form of the questions a row must answer.
    private let required: [Int]
    private let questionCount: Int
    private let scoredCount: Int
    private let fingerprintWidth: Int
    let choiceCodes: ChoiceCodes

    /// `metaSlots`: where the answers read for the interview and the respondent go.
    init(map: ColumnMap, set: QuestionnaireSet, valueLabels: [Int: [String: String]], metaSlots: [String: MetaAnswers.Slot]) {
        self.map = map
        self.valueLabels = valueLabels
        let form = map.form
        let compared = Fingerprint.questions(of: form, in: set)
        fingerprintWidth = compared.count
        let plans = Dictionary(form.questions.enumerated().map { i, q in
            (q.name, QuestionPlan(q, form, ordinal: i, fingerprintOrdinal: compared.firstIndex(of: q.name), metaSlot: metaSlots[q.name]))
        }, uniquingKeysWith: { a, _ in a })
        self.plans = plans
        let flagged = Set(map.roles.values.compactMap { if case .choiceFlag(let q, _) = $0 { q } else { nil } })
        let summarised = flagged.filter { q in map.roles.values.contains(.answer(q)) }
        let sorted = map.roles.sorted { $0.key < $1.key }
        roles = sorted.map(\.value)
        columnPlans = sorted.map { _, role in
            switch role {
            case .answer(let q), .unitGrid(let q, _): plans[q]
            default: nil
            }
        }
        columns = sorted.map { column, role in
            switch role {
            case .answer(let q):
                CellColumn(index: column, kind: .answer, reads: q != form.unitQuestion && !flagged.contains(q), summary: summarised.contains(q))
            case .unitGrid: CellColumn(index: column, kind: .unitGrid)
            case .choiceFlag: CellColumn(index: column, kind: .choiceFlag)
            case .respondentGroup, .respondentUnit: CellColumn(index: column, kind: .other)
            }
        }
        memo = ParsedAnswerMemo(columns: columns.count)
        // The interviewer's code is required of the forms, but a file without its column is still
        // read (its quality checks say they could not run); a blank cell in the column is missing.
        let interviewer = set.settings.quality.interviewerQuestion
        let hasInterviewerColumn = map.firstColumn { $0 == .answer(interviewer) } != nil
        required = form.questions.indices.filter {
            let q = form.questions[$0]
            return q.required && q.relevant == nil && q.name != form.unitQuestion && q.name != ColumnMap.respondentUnit
                && (q.name != interviewer || hasInterviewerColumn)
        }
        questionCount = form.questions.count
        scoredCount = form.scoredQuestions.count
        choiceCodes = ChoiceCodes(form: form)
    }

    /// The answers of one record about `unit` (a Google Forms grid's row, or the unit question's text).
    func parse(cell: (Int?) -> String, unit: String, keeping: Bool) -> Result<Parsed, Failure> {
        let form = map.form
        var answers: [String: Answer] = [:]
        if keeping { answers.reserveCapacity(columns.count + 1) }
        var answered = [Bool](repeating: false, count: questionCount)
        var meta = MetaAnswers()
        var codes = [Int32](repeating: 0, count: scoredCount)
        var digest: UInt64 = 0
        var fingerprint = [UInt32](repeating: 0, count: fingerprintWidth)
        func record(_ q: @autoclosure () -> String, _ p: ParsedAnswer, _ plan: QuestionPlan?) {
            if keeping { answers[q()] = p.answer }
            if let plan { answered[plan.ordinal] = true }
            if let slot = plan?.metaSlot { meta.set(slot, p.answer) }
            if plan?.inDigest ?? !AnswerDigest.toolFilled.contains(q()) { digest &+= p.term }
            if let f = plan?.fingerprintOrdinal { fingerprint[f] = p.hash }
            if let o = plan?.scoredOrdinal, let c = p.code { codes[o] = c }
        }
        var flags: [String: [String]] = [:]
        var blankSummaries: Set<String> = []
        for position in columns.indices {
            let column = columns[position].index
            switch columns[position].kind {
            case .other:
                continue
            case .choiceFlag:
                guard case .choiceFlag(let q, let choice) = roles[position] else { continue }
                let raw = cell(column)
                if raw == "1" || raw.lowercased() == "true" { flags[q, default: []].append(choice) }
                else if !raw.isEmpty { flags[q, default: []] += [] }
            case .unitGrid:
                let raw = cell(column)
                guard case .unitGrid(let q, let u) = roles[position], u == unit, !raw.isEmpty,
                      let plan = columnPlans[position] else { continue }
                switch parsed(raw, plan, column: column, position: position) {
                case .success(let p): record(q, p, plan)
                case .failure(let why): return .failure(Failure(why: why, column: column))
                }
            case .answer:
                // Where the 0/1 columns are there, they decide which choices: joined labels can be
                // ambiguous; the summary only says whether the question was answered.
                // A blank summary beside 0/1 columns (ODK Central's "split select multiples", KoBo's
                // "both") is no answer, even where every 0/1 column says 0.
                let raw = cell(column)
                if raw.isEmpty {
                    if columns[position].summary, case .answer(let q) = roles[position] { blankSummaries.insert(q) }
                    continue
                }
                guard columns[position].reads, let plan = columnPlans[position] else { continue }
                switch parsed(raw, plan, column: column, position: position) {
                case .success(let p): record(plan.question.name, p, plan)
                case .failure(let why): return .failure(Failure(why: why, column: column))
                }
            }
        }
        for (q, choices) in flags where !blankSummaries.contains(q) && !(plans[q].map { answered[$0.ordinal] } ?? false) {
            let p = ParsedAnswer(q, .choices(choices), plans[q], choiceCodes)
            if let plan = plans[q], let failure = Self.uncoded(p, plan) {
                return .failure(Failure(why: failure, column: map.firstColumn { if case .choiceFlag(q, _) = $0 { true } else { false } }))
            }
            record(q, p, plans[q])
        }
        for o in required where !answered[o] {
            let q = form.questions[o]
            return .failure(Failure(why: .requiredMissing(question: q.name, label: form.label(q.labels) ?? q.name),
                                    column: map.firstColumn { $0 == .answer(q.name) }))
        }
        return .success(Parsed(answers: answers, hasAnswers: keeping, meta: meta, codes: codes, digest: digest,
                               fingerprint: fingerprint))
    }

    /// `read`, with the label of an SPSS code as a second try, its digest term and its code;
    /// remembered per column for the answers that come back (choices, numbers).
    private func parsed(_ raw: String, _ plan: QuestionPlan, column: Int, position: Int) -> Result<ParsedAnswer, SetAside> {
        if let known = memo.tables[position][raw] { return .success(known) }
        // An SPSS code is read through its value label first: code 1 labelled "Tốt" is not choice "1".
        let label = valueLabels[column]?[raw]
        var result = Self.read(label ?? raw, plan)
        if case .failure = result, label != nil { result = Self.read(raw, plan) }
        let answer: Answer
        switch result {
        case .success(let a): answer = a
        case .failure(let why): return .failure(why)
        }
        let p = ParsedAnswer(plan.question.name, answer, plan, choiceCodes)
        if let failure = Self.uncoded(p, plan) { return .failure(failure) }
        if plan.memoized, memo.tables[position].count < ParsedAnswerMemo.limit { memo.tables[position].insert(raw, p) }
        return .success(p)
    }

    /// A scored answer `ChoiceCodes` cannot code is set aside rather than read some other way: the
    /// engine reads scored answers only as codes. The set check refuses the questions that would
    /// give one; this keeps a row from vanishing should one slip through.
    private static func uncoded(_ p: ParsedAnswer, _ plan: QuestionPlan) -> SetAside? {
        guard plan.scoredOrdinal != nil, p.code == nil else { return nil }
        let raw = switch p.answer {
        case .choice(let c): c
        case .choices(let cs): cs.joined(separator: " ")
        case .number(let n): n.description
        case .text(let t): t
        }
        return .unknownChoice(question: plan.question.name, raw: raw, known: plan.known)
    }

    /// One cell's text as an answer to its question.
    static func read(_ raw: String, _ plan: QuestionPlan) -> Result<Answer, SetAside> {
        let q = plan.question
        func unknownChoice() -> Result<Answer, SetAside> { .failure(.unknownChoice(question: q.name, raw: raw, known: plan.known)) }
        switch q.type {
        case .selectOne:
            guard plan.hasChoices else { return .success(.text(raw)) }
            if let c = plan.choice(raw) { return .success(.choice(c)) }
            return unknownChoice()
        case .range:
            // Steps are named by their value, so "3", "3.0" and "3,0" are the same answer.
            guard plan.hasChoices else { return .success(.text(raw)) }
            if let n = Decimals.parse(raw), let c = plan.byName[n.description] { return .success(.choice(c)) }
            return unknownChoice()
        case .rank:
            // Every choice in the respondent's order; the one put first is what is scored.
            guard plan.hasChoices else { return .success(.text(raw)) }
            let names = raw.split(separator: " ").map { plan.choice(String($0)) }
            if let first = names.first, let c = first, !names.contains(where: { $0 == nil }) { return .success(.choice(c)) }
            return unknownChoice()
        case .selectMultiple:
            guard plan.hasChoices else { return .success(.text(raw)) }
            let names = raw.split(separator: " ").map(String.init)
            if names.allSatisfy({ plan.byName[$0] != nil }) { return .success(.choices(names)) }
            // Labels joined with ", " (Google Forms) or " " (KoBo label export): rebuild whole labels.
            if case .one(let picked) = plan.labels(raw, joinedBy: ", ") { return .success(.choices(picked)) }
            switch plan.labels(raw, joinedBy: " ") {
            case .one(let picked): return .success(.choices(picked))
            case .several(let a, let b): return .failure(.labelsReadTwoWays(question: q.name, raw: raw, one: a, other: b))
            case .none: return unknownChoice()
            }
        case .integer, .decimal:
            guard let n = Decimals.parse(raw), q.type == .decimal || n == Decimals.rounded(n, scale: 0) else {
                return .failure(.notANumber(question: q.name, raw: raw, integer: q.type == .integer))
            }
            if let (low, high) = plan.range, n < low || n > high {
                return .failure(.outOfRange(question: q.name, raw: raw, low: low, high: high))
            }
            return .success(.number(n))
        default:
            return .success(.text(raw))
        }
    }
}

/// Per column, the answers already parsed, by their cell text. Bounded: a column of free
/// numbers stops being remembered past `limit` distinct values.
final class ParsedAnswerMemo {
    static let limit = 4096
    var tables: [TextTable<ParsedAnswer>]
    init(columns: Int) { tables = Array(repeating: TextTable(), count: columns) }
}
