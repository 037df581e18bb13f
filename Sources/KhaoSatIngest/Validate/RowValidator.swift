import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Turns one record of a response file into submissions, or says why it is set aside.
/// Pure: the same record always gives the same result.
struct RowValidator {
    let set: QuestionnaireSet
    let resolver: UnitResolver
    let map: ColumnMap
    let layout: Layout
    let file: String
    let sheet: String?
    /// KoBoToolbox's "on hold": set aside unless the run accepts it (`--accept-on-hold`).
    let acceptOnHold: Bool
    /// Per column, codes → labels (SPSS value labels): a code that is no choice name is tried as its label.
    let valueLabels: [Int: [String: String]]
    let pseudonyms: PseudonymKey?
    /// The declared personal values' columns, replaced by pseudonyms before anything reads the record.
    let personal: PersonalMask?
    /// Read only for a phúc tra sample: the columns of contact questions, and the consent question's.
    var consentedContacts: (contacts: [Int], consent: Int?, choice: String)?
    private let unitColumn: Int?
    /// Google Forms grid of units: each unit with its columns, worked out once per file.
    private let gridUnits: [(unit: String, columns: [Int])]
    /// Per index, the position in `MetaAnswers.respondents` of the respondent-id question it uses.
    private let respondentSlot: [IndexCode: Int]
    private let respondentUnitColumn: Int?
    private let groupColumn: Int?
    // Worked out once per file: validate runs for every row.
    private let columns: [(column: Int, role: ColumnRole, plan: QuestionPlan?)]
    /// Unit texts and answers repeat on almost every row: each is resolved or parsed once per file.
    private let resolutions = ResolutionMemo()
    private let parsedAnswers: ParsedAnswerMemo
    private let plans: [String: QuestionPlan]
    /// Positions in the form of the questions a row must answer.
    private let required: [Int]
    private let questionCount: Int
    /// Per index, its completeness rule and the fewest counted scored answers a complete row has:
    /// ⌈minCompleteness × scored⌉, worked out once (a `Decimal` product per row was a tenth of the check).
    private let completenessRules: [IndexCode: (settings: IndexSettings, minCounted: Int)]
    private let scored: [Question]
    private let fingerprintWidth: Int
    /// Whether the sink reads the answers: a submission with a respondent id waits for the end
    /// of the run without them unless it does (`Respondents.compact`).
    var answersKept = AnswersNeeded.all
    private let choiceCodes: ChoiceCodes
    /// select_multiple questions with 0/1 columns per choice.
    private let flagged: Set<String>
    /// Those of them whose summary column is there too (ODK Central's "split select multiples",
    /// KoBo's "both"): a blank summary is no answer, even where every 0/1 column says 0.
    private let summarised: Set<String>

    init(set: QuestionnaireSet, resolver: UnitResolver, map: ColumnMap, layout: Layout, file: String, sheet: String? = nil,
         acceptOnHold: Bool = false, valueLabels: [Int: [String: String]] = [:], pseudonyms: PseudonymKey? = nil) {
        self.pseudonyms = pseudonyms
        personal = PersonalMask(map: map, declared: Set(set.settings.personalData.declared), key: pseudonyms)
        self.sheet = sheet
        self.acceptOnHold = acceptOnHold
        self.valueLabels = valueLabels
        self.set = set
        self.resolver = resolver
        self.map = map
        self.layout = layout
        self.file = file
        unitColumn = map.unitColumn
        var gridColumns: [String: [Int]] = [:]
        for (column, role) in map.roles { if case .unitGrid(_, let unit) = role { gridColumns[unit, default: []].append(column) } }
        gridUnits = map.gridUnits.map { ($0, (gridColumns[$0] ?? []).sorted()) }
        // Each index uses the first of its respondent-id questions the form has; the answers to all of them are kept.
        var respondentQuestions: [String] = [], respondentSlot: [IndexCode: Int] = [:]
        for index in set.indexCodes {
            guard let q = set.settings(of: index).respondentIdQuestions.first(where: { map.form.question(named: $0) != nil }) else { continue }
            if !respondentQuestions.contains(q) { respondentQuestions.append(q) }
            respondentSlot[index] = respondentQuestions.firstIndex(of: q)
        }
        self.respondentSlot = respondentSlot
        respondentUnitColumn = map.firstColumn { $0 == .respondentUnit }
        groupColumn = map.firstColumn { $0 == .respondentGroup }
        let form = map.form
        let compared = Fingerprint.questions(of: form, in: set)
        fingerprintWidth = compared.count
        let interviewer = set.settings.quality.interviewerQuestion
        var metaSlots: [String: MetaAnswers.Slot] = ["start": .start, "end": .end, "deviceid": .device, interviewer: .interviewer]
        for (i, q) in respondentQuestions.enumerated() where metaSlots[q] == nil { metaSlots[q] = .respondent(i) }
        let plans = Dictionary(form.questions.enumerated().map { i, q in
            (q.name, QuestionPlan(q, form, ordinal: i, fingerprintOrdinal: compared.firstIndex(of: q.name), metaSlot: metaSlots[q.name]))
        }, uniquingKeysWith: { a, _ in a })
        self.plans = plans
        columns = map.roles.sorted { $0.key < $1.key }.map { column, role in
            switch role {
            case .answer(let q), .unitGrid(let q, _): (column, role, plans[q])
            default: (column, role, nil)
            }
        }
        parsedAnswers = ParsedAnswerMemo(columns: columns.count)
        // The interviewer's code is required of the forms, but a file without its column is still
        // read (its quality checks say they could not run); a blank cell in the column is missing.
        let hasInterviewerColumn = map.firstColumn { $0 == .answer(interviewer) } != nil
        required = form.questions.indices.filter {
            let q = form.questions[$0]
            return q.required && q.relevant == nil && q.name != form.unitQuestion && q.name != ColumnMap.respondentUnit
                && (q.name != interviewer || hasInterviewerColumn)
        }
        scored = form.scoredQuestions
        questionCount = form.questions.count
        completenessRules = Dictionary(uniqueKeysWithValues: set.indexCodes.map { index in
            let settings = set.settings(of: index)
            return (index, (settings, Int(Decimals.ceiling(settings.minCompleteness * Decimal(form.scoredQuestions.count)))))
        })
        choiceCodes = ChoiceCodes(form: form)
        flagged = Set(map.roles.values.compactMap { if case .choiceFlag(let q, _) = $0 { q } else { nil } })
        summarised = flagged.filter { q in map.roles.values.contains(.answer(q)) }
    }

    /// The same validator built again, for another thread: its memos and plans are its own,
    /// so threads do not contend for their reference counts.
    func copy() -> RowValidator {
        var copy = RowValidator(set: set, resolver: resolver, map: map, layout: layout, file: file, sheet: sheet,
                                acceptOnHold: acceptOnHold, valueLabels: valueLabels, pseudonyms: pseudonyms)
        copy.answersKept = answersKept
        copy.consentedContacts = consentedContacts
        return copy
    }

    typealias Outcome = Result<Submission, QuarantineEntry>

    /// What one record gave: no outcomes for a blank record, which is no submission; and whether
    /// it reads as KoBoToolbox's hashtag row (which only the first row of a file can be).
    struct Read {
        var outcomes: [Outcome]?
        var hashtags: Bool
    }

    func read(_ record: CSVRecord) -> Read {
        guard !record.fields.allSatisfy({ trimmed($0).isEmpty }) else { return Read(outcomes: nil, hashtags: false) }
        return Read(outcomes: validate(record), hashtags: Ingestor.isHashtagRow(record.fields))
    }

    func validate(_ record: CSVRecord) -> [Outcome] {
        let fields = personal?.apply(record.fields) ?? record.fields
        let notApplicable = layout.notApplicableMarker
        func cell(_ c: Int?) -> String {
            guard let c, c < fields.count else { return "" }
            let text = trimmed(fields[c])
            return text == notApplicable ? "" : text
        }
        let id = map.id.map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? "h" + fnv1a(fields)
        let source = Source(file: file, line: record.line, sheet: sheet)
        func reject(_ reason: Reason, _ message: String, unit: String, column: Int? = nil, suffix: String = "") -> Outcome {
            .failure(QuarantineEntry(source: source, column: column.map { $0 + 1 }, submissionId: id + suffix,
                                     unit: unit, reason: reason, message: message, rawRow: fields))
        }
        let form = map.form

        if let label = Self.totalsLabel(fields) {
            return [reject(.notAResponse, "dòng \"\(label)\" là dòng tổng cộng của bảng, không phải một phiếu trả lời: không tính. "
                + "Nếu đây là một phiếu thật, hãy ghi mã phiếu khác.", unit: "", column: fields.firstIndex { trimmed($0) == label })]
        }
        if let status = map.status, ["missing encrypted form data", "not decrypted"].contains(cell(status)) {
            return [reject(.encrypted, "ODK Central không giải mã được phiếu này (\"\(cell(status))\"): hãy xuất lại sau khi "
                + "giải mã bằng khoá riêng của biểu mẫu.", unit: "", column: status)]
        }
        if let review = map.review {
            switch Layout.review(cell(review)) {
            case .rejected:
                return [reject(.reviewRejected, "trạng thái duyệt là \"\(cell(review))\".", unit: cell(unitColumn), column: review)]
            case .onHold where !acceptOnHold:
                return [reject(.reviewOnHold, "trạng thái duyệt là \"\(cell(review))\" (đang chờ duyệt); duyệt xong hãy xuất lại, "
                    + "hoặc đề nghị Sở Nội vụ tính cả phiếu đang chờ duyệt.", unit: cell(unitColumn), column: review)]
            case .onHold, .none:
                break
            }
        }
        var group = form.respondentGroup
        if let c = groupColumn, !cell(c).isEmpty { group = cell(c) }
        guard let respondentGroup = set.group(group) else {
            return [reject(.groupUnknown, "nhóm \"\(group)\" không có trong groups.csv.", unit: cell(unitColumn), column: groupColumn)]
        }

        // One target per unit: the unit question, or each unit row of a Google Forms grid
        // that this row rated (a grid cell filled in).
        let targets: [(text: String, column: Int?, suffix: String)] = gridUnits.isEmpty
            ? [(cell(unitColumn), unitColumn, "")]
            : gridUnits.compactMap { grid in
                grid.columns.contains { !cell($0).isEmpty } ? (grid.unit, grid.columns.first, "#" + grid.unit) : nil
            }
        if targets.isEmpty {
            return [reject(.unitMissing, "dòng này không đánh giá đơn vị nào (mọi ô của bảng đơn vị đều trống).", unit: "",
                           column: gridUnits.first?.columns.first)]
        }
        var outcomes: [Outcome] = []
        for target in targets {
            guard !target.text.isEmpty else {
                outcomes.append(reject(.unitMissing, "không có đơn vị được đánh giá.", unit: "", column: target.column))
                continue
            }
            let unit: RatedUnit
            switch resolve(target.text, column: target.column) {
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
            if respondentGroup.ownUnitOnly {
                // Without the respondent's own unit, nothing shows the unit rated is theirs.
                guard let c = respondentUnitColumn, !cell(c).isEmpty else {
                    outcomes.append(reject(.ownUnitMissing, "\(respondentGroup.name) chỉ đánh giá đơn vị của mình, nhưng dòng này "
                        + (respondentUnitColumn == nil ? "không có cột respondent_unit" : "để trống respondent_unit")
                        + " (đơn vị của người trả lời): không kiểm tra được.",
                                           unit: unit.code, column: respondentUnitColumn ?? target.column, suffix: target.suffix))
                    continue
                }
                switch resolve(cell(c), column: c) {
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
            case .success(let parsed):
                var answers = parsed.answers
                let codes = parsed.codes
                if parsed.hasAnswers { answers[form.unitQuestion] = .choice(unit.code) }
                if let problem = completeness(answers, codes: codes, index: unit.index) {
                    outcomes.append(reject(.incomplete, problem, unit: unit.code, suffix: target.suffix))
                    continue
                }
                let respondent: String? = if let slot = respondentSlot[unit.index], case .text(let t)? = parsed.meta.respondent(slot),
                                             !t.isEmpty { t } else { nil }
                var submission = Submission(
                    id: id + target.suffix, form: form.id, group: group, unitCode: unit.code, respondent: respondent,
                    submittedAt: map.time.map(cell).flatMap(Timestamps.parse), answers: answers, source: source,
                    codes: codes, edits: map.edits.map(cell).flatMap { Int($0) } ?? 0)
                submission.digestOfAnswers = parsed.digest &+ AnswerDigest.term(form.unitQuestion, .choice(unit.code))
                submission.fingerprint = parsed.fingerprint
                let meta = parsed.meta
                submission.interview = Interview(start: meta.start, end: meta.end, device: meta.device, interviewer: meta.interviewer)
                submission.contact = contact(record.fields, cell: cell)
                if respondent != nil { submission = Respondents.compact(submission, keeping: answersKept) }
                outcomes.append(.success(submission))
            }
        }
        return outcomes
    }

    /// An SPSS code is read through its value label first (code 69 is no unit; its label names one).
    /// The words a hand-made sheet's totals row starts with.
    static let totalsWords = Set(["tổng", "tổng cộng", "tổng số", "cộng", "total", "totals", "tổng hợp"].map(MatchKey.of))

    /// The first cell of a totals row ("Tổng cộng"), nil for any other row. Cheap for the rows
    /// that are not: only a short first cell starting with T or C is looked at closely.
    static func totalsLabel(_ fields: [String]) -> String? {
        guard let first = fields.lazy.map(trimmed).first(where: { !$0.isEmpty }), first.utf8.count <= 24,
              let c = first.first, "TtCc".contains(c), totalsWords.contains(MatchKey.of(first).replacingOccurrences(of: ":", with: ""))
        else { return nil }
        return first
    }

    private func resolve(_ text: String, column: Int?) -> Result<RatedUnit, Problem> {
        if let c = column, let label = valueLabels[c]?[text], case .success(let unit) = resolve(label) { return .success(unit) }
        return resolve(text)
    }

    private func resolve(_ text: String) -> Result<RatedUnit, Problem> {
        if let known = resolutions.results[text] { return known }
        let result = resolveUncached(text)
        if resolutions.results.count < 10_000 { resolutions.results[text] = result }
        return result
    }

    private func resolveUncached(_ text: String) -> Result<RatedUnit, Problem> {
        switch resolver.resolve(text) {
        case .unit(let u):
            return .success(u)
        case .unknown(let suggestions):
            let hint = suggestions.isEmpty ? "" : " Có phải " + suggestions.map { "\"\($0.name)\" (\($0.code))" }
                .joined(separator: " hoặc ") + " không?"
            return .failure(Problem(reason: .unitUnknown, message: "không có đơn vị \"\(shown(text))\" trong danh sách.\(hint)"))
        case .former(let name, let now):
            return .failure(Problem(reason: .unitUnknown, message: "\"\(shown(name))\" là tên đơn vị trước khi sắp xếp, nay thuộc "
                + now.map { "\"\($0.name)\" (\($0.code))" }.joined(separator: " hoặc ")
                + ". Hãy ghi tên hoặc mã đơn vị hiện nay."))
        case .ambiguous(let units):
            return .failure(Problem(reason: .unitAmbiguous, message: "\"\(shown(text))\" khớp với nhiều đơn vị: "
                + units.map { "\($0.name) (\($0.code))" }.joined(separator: ", ") + ". Hãy ghi mã đơn vị."))
        }
    }

    struct Problem: Error {
        var reason: Reason
        var message: String
        var column: Int? = nil
    }

    struct Parsed {
        /// Empty unless `hasAnswers`: only a sink that reads answers, or a submission without codes, needs them.
        var answers: [String: Answer]
        var hasAnswers: Bool
        var meta: MetaAnswers
        /// `ChoiceCodes` ([] when one answer has no code).
        var codes: [Int32]
        var digest: UInt64
        var fingerprint: [UInt32]
    }

    private func answers(_ fields: [String], cell: (Int?) -> String, unit: String, keeping: Bool? = nil) -> Result<Parsed, Problem> {
        let form = map.form
        let keeping = keeping ?? (answersKept != .none)
        var answers: [String: Answer] = [:]
        if keeping { answers.reserveCapacity(columns.count + 1) }
        var answered = [Bool](repeating: false, count: questionCount)
        var meta = MetaAnswers()
        var codes = [Int32](repeating: 0, count: scored.count), coded = true
        var digest: UInt64 = 0
        var fingerprint = [UInt32](repeating: 0, count: fingerprintWidth)
        func record(_ q: String, _ p: ParsedAnswer, _ plan: QuestionPlan?) {
            if keeping { answers[q] = p.answer }
            if let plan { answered[plan.ordinal] = true }
            if let slot = plan?.metaSlot { meta.set(slot, p.answer) }
            if plan?.inDigest ?? !AnswerDigest.toolFilled.contains(q) { digest &+= p.term }
            if let f = plan?.fingerprintOrdinal { fingerprint[f] = p.hash }
            guard let o = plan?.scoredOrdinal else { return }
            if let c = p.code { codes[o] = c } else { coded = false }
        }
        var flags: [String: [String]] = [:]
        var blankSummaries: Set<String> = []
        for (position, (column, role, plan)) in columns.enumerated() {
            let raw = cell(column)
            switch role {
            case .respondentGroup, .respondentUnit:
                continue
            case .choiceFlag(let q, let choice):
                if raw == "1" || raw.lowercased() == "true" { flags[q, default: []].append(choice) }
                else if !raw.isEmpty { flags[q, default: []] += [] }
                continue
            case .unitGrid(let q, let u):
                guard u == unit, !raw.isEmpty, let plan else { continue }
                switch parsed(raw, plan, column: column, position: position) {
                case .success(let p): record(q, p, plan)
                case .failure(var p): p.column = column; return .failure(p)
                }
            case .answer(let q):
                // Where the 0/1 columns are there, they decide which choices: joined labels can be
                // ambiguous; the summary only says whether the question was answered.
                if raw.isEmpty, summarised.contains(q) { blankSummaries.insert(q) }
                guard q != form.unitQuestion, !raw.isEmpty, let plan, !flagged.contains(q) else { continue }
                switch parsed(raw, plan, column: column, position: position) {
                case .success(let p): record(q, p, plan)
                case .failure(var p): p.column = column; return .failure(p)
                }
            }
        }
        for (q, choices) in flags where !blankSummaries.contains(q) && !(plans[q].map { answered[$0.ordinal] } ?? false) {
            record(q, ParsedAnswer(q, .choices(choices), plans[q], choiceCodes), plans[q])
        }
        for o in required where !answered[o] {
            let q = form.questions[o]
            let label = form.label(q.labels) ?? q.name
            return .failure(Problem(reason: .requiredMissing, message: "câu \"\(q.name)\" (\(label)) bắt buộc nhưng để trống.",
                                    column: map.firstColumn { $0 == .answer(q.name) }))
        }
        // Without codes, the tally and the completeness check read the answers.
        if !coded, !keeping { return self.answers(fields, cell: cell, unit: unit, keeping: true) }
        return .success(Parsed(answers: answers, hasAnswers: keeping, meta: meta, codes: coded ? codes : [], digest: digest,
                               fingerprint: fingerprint))
    }

    /// `parse`, with the label of an SPSS code as a second try, its digest term and its code;
    /// remembered per column for the answers that come back (choices, numbers).
    private func parsed(_ raw: String, _ plan: QuestionPlan, column: Int, position: Int) -> Result<ParsedAnswer, Problem> {
        if let known = parsedAnswers.tables[position][raw] { return .success(known) }
        // An SPSS code is read through its value label first: code 1 labelled "Tốt" is not choice "1".
        let label = valueLabels[column]?[raw]
        var result = parse(label ?? raw, plan)
        if case .failure = result, label != nil { result = parse(raw, plan) }
        let answer: Answer
        switch result {
        case .success(let a): answer = a
        case .failure(let problem): return .failure(problem)
        }
        let p = ParsedAnswer(plan.question.name, answer, plan, choiceCodes)
        if plan.memoized, parsedAnswers.tables[position].count < ParsedAnswerMemo.limit { parsedAnswers.tables[position][raw] = p }
        return .success(p)
    }

    private func parse(_ raw: String, _ plan: QuestionPlan) -> Result<Answer, Problem> {
        let q = plan.question
        switch q.type {
        case .selectOne:
            guard plan.hasChoices else { return .success(.text(raw)) }
            if let c = plan.choice(raw) { return .success(.choice(c)) }
            return .failure(unknownChoice(raw, plan))
        case .range:
            // Steps are named by their value, so "3", "3.0" and "3,0" are the same answer.
            guard plan.hasChoices else { return .success(.text(raw)) }
            if let n = Decimals.parse(raw), let c = plan.byName[n.description] { return .success(.choice(c)) }
            return .failure(unknownChoice(raw, plan))
        case .rank:
            // Every choice in the respondent's order; the one put first is what is scored.
            guard plan.hasChoices else { return .success(.text(raw)) }
            let names = raw.split(separator: " ").map { plan.choice(String($0)) }
            if let first = names.first, let c = first, !names.contains(where: { $0 == nil }) { return .success(.choice(c)) }
            return .failure(unknownChoice(raw, plan))
        case .selectMultiple:
            guard plan.hasChoices else { return .success(.text(raw)) }
            let names = raw.split(separator: " ").map(String.init)
            if names.allSatisfy({ plan.byName[$0] != nil }) { return .success(.choices(names)) }
            // Labels joined with ", " (Google Forms) or " " (KoBo label export): rebuild whole labels.
            if case .one(let picked) = plan.labels(raw, joinedBy: ", ") { return .success(.choices(picked)) }
            switch plan.labels(raw, joinedBy: " ") {
            case .one(let picked): return .success(.choices(picked))
            case .several(let a, let b):
                return .failure(Problem(reason: .unknownChoice, message: "câu \"\(q.name)\": \"\(shown(raw))\" đọc được hai cách "
                    + "(\(a.joined(separator: " + ")) hoặc (\(b.joined(separator: " + "))) vì nhãn lựa chọn có dấu cách; hãy xuất lại "
                    + "từ KoBoToolbox với mỗi lựa chọn một cột riêng (select_multiple: \"separate columns\" hoặc \"both\").", column: nil))
            case .none: return .failure(unknownChoice(raw, plan))
            }
        case .integer, .decimal:
            guard let n = Decimals.parse(raw), q.type == .decimal || n == n.rounded0 else {
                return .failure(Problem(reason: .notANumber, message: "câu \"\(q.name)\": \"\(shown(raw))\" không phải là số\(q.type == .integer ? " nguyên" : "").", column: nil))
            }
            if let (low, high) = plan.range, n < low || n > high {
                return .failure(Problem(reason: .outOfRange, message: "câu \"\(q.name)\": \(raw) nằm ngoài khoảng \(low)–\(high).", column: nil))
            }
            return .success(.number(n))
        default:
            return .success(.text(raw))
        }
    }

    private func unknownChoice(_ raw: String, _ plan: QuestionPlan) -> Problem {
        Problem(reason: .unknownChoice, message: "câu \"\(plan.question.name)\": \"\(shown(raw))\" không phải là lựa chọn; chọn một trong: \(plan.known).", column: nil)
    }

    /// `. >= a and . <= b`, the only constraint shape checked; others are kept as text.
    static func range(_ constraint: String?) -> (Decimal, Decimal)? {
        guard let c = constraint?.replacingOccurrences(of: " ", with: ""),
              let m = c.wholeMatch(of: /\.>=(-?[0-9.]+)and\.<=(-?[0-9.]+)/),
              let low = Decimal(string: String(m.1)), let high = Decimal(string: String(m.2)) else { return nil }
        return (low, high)
    }

    /// The respondent's own contact, from the record as read, when they said yes to the consent question.
    private func contact(_ raw: [String], cell: (Int?) -> String) -> String? {
        guard let c = consentedContacts, let consent = c.consent, cell(consent) == c.choice else { return nil }
        return c.contacts.lazy.filter { $0 < raw.count }.map { trimmed(raw[$0]) }.first { !$0.isEmpty }
    }

    /// The share of scored questions with a counted answer must reach the set's minimum.
    private func completeness(_ answers: [String: Answer], codes: [Int32], index: IndexCode) -> String? {
        guard !scored.isEmpty, let (settings, minCounted) = completenessRules[index] else { return nil }
        let counted = codes.isEmpty
            ? scored.filter { Credit.isCounted(answers[$0.name], $0, map.form, selectMultiple: settings.selectMultiple) }.count
            : choiceCodes.counted(codes, selectMultiple: settings.selectMultiple)
        guard counted < minCounted else { return nil }
        return "chỉ \(counted)/\(scored.count) câu tính điểm có câu trả lời được tính, cần ít nhất "
            + "\(Decimals.format(settings.minCompleteness * 100, scale: 0)) %."
    }
}

/// An answer with what the validator derives from it: its `AnswerDigest` term and, for a
/// scored question, its `ChoiceCodes` code (nil when it has none).
struct ParsedAnswer {
    let answer: Answer
    let term: UInt64
    let code: Int32?
    /// `Fingerprint.hash`.
    let hash: UInt32

    init(_ question: String, _ answer: Answer, _ plan: QuestionPlan?, _ codes: ChoiceCodes) {
        self.answer = answer
        term = AnswerDigest.term(question, answer)
        hash = plan?.fingerprintOrdinal == nil ? 0 : Fingerprint.hash(answer)
        code = plan?.scoredOrdinal.flatMap { codes.code(answer, at: $0) }.map(Int32.init)
    }
}

/// The answers the submission carries besides its codes: the interview's and the respondent id.
struct MetaAnswers {
    enum Slot: Hashable { case start, end, device, interviewer, respondent(Int) }
    var start, end, device, interviewer: Answer?
    /// One per respondent-id question the form's indices use (nearly always one).
    var respondents: [Answer?] = []

    func respondent(_ i: Int) -> Answer? { i < respondents.count ? respondents[i] : nil }

    mutating func set(_ slot: Slot, _ answer: Answer) {
        switch slot {
        case .start: start = answer
        case .end: end = answer
        case .device: device = answer
        case .interviewer: interviewer = answer
        case .respondent(let i):
            if respondents.count <= i { respondents += Array(repeating: nil, count: i + 1 - respondents.count) }
            respondents[i] = answer
        }
    }
}

/// Per column, the answers already parsed, by their cell text. Bounded: a column of free
/// numbers stops being remembered past `limit` distinct values.
final class ParsedAnswerMemo {
    static let limit = 4096
    var tables: [[String: ParsedAnswer]]
    init(columns: Int) { tables = Array(repeating: [:], count: columns) }
}

final class ResolutionMemo {
    var results: [String: Result<RatedUnit, RowValidator.Problem>] = [:]
}

/// A question's choices by name and by label key, and its numeric range.
final class QuestionPlan {
    let question: Question
    /// Position among the form's scored questions (`ChoiceCodes`), if scored.
    let scoredOrdinal: Int?
    /// Position in the form.
    let ordinal: Int
    /// Where its answer goes among those read for the interview and the respondent, if it does.
    let metaSlot: MetaAnswers.Slot?
    /// Position among `Fingerprint.questions`, if there.
    let fingerprintOrdinal: Int?
    let byName: [String: String]
    let byLabel: [String: String]
    let range: (Decimal, Decimal)?
    /// The choices' labels, for the message of an unknown answer.
    let known: String
    /// Bytes of the longest choice label: rebuilding labels from pieces stops past it.
    let longestLabel: Int
    /// False for what the survey tool fills in (`AnswerDigest.toolFilled`).
    let inDigest: Bool
    var hasChoices: Bool { !byName.isEmpty }
    /// Answers from a closed set (choices, numbers), worth remembering by their text.
    var memoized: Bool {
        switch question.type {
        case .selectOne, .selectMultiple, .range, .rank, .integer, .decimal: true
        default: false
        }
    }

    init(_ q: Question, _ form: Questionnaire, ordinal: Int, fingerprintOrdinal: Int?, metaSlot: MetaAnswers.Slot?) {
        question = q
        self.ordinal = ordinal
        self.fingerprintOrdinal = fingerprintOrdinal
        self.metaSlot = metaSlot
        let list = q.type.choices.flatMap { form.choiceLists[$0.list] }
        let choices = list.map { Array($0.choices) } ?? []
        byName = Dictionary(choices.map { ($0.name, $0.name) }, uniquingKeysWith: { a, _ in a })
        scoredOrdinal = form.scoredQuestions.firstIndex { $0.name == q.name }
        var byLabel: [String: String] = [:]
        for c in choices { for label in c.labels.values where byLabel[MatchKey.of(label)] == nil { byLabel[MatchKey.of(label)] = c.name } }
        self.byLabel = byLabel
        range = RowValidator.range(q.constraint)
        known = choices.map { form.label($0.labels) ?? $0.name }.joined(separator: ", ")
        longestLabel = choices.flatMap { $0.labels.values.map(\.utf8.count) + [$0.name.utf8.count] }.max() ?? 0
        inDigest = !AnswerDigest.toolFilled.contains(q.name)
    }

    func choice(_ raw: String) -> String? { byName[raw] ?? byLabel[MatchKey.of(raw)] }

    enum Reading { case none, one([String]), several([String], [String]) }

    /// The choices whose labels, joined by `separator`, make up `raw`: every way of cutting it
    /// at the separator into known labels, counted up to two (labels hold spaces and commas).
    func labels(_ raw: String, joinedBy separator: String) -> Reading {
        let pieces = raw.components(separatedBy: separator)
        // readings[i]: up to two ways of reading pieces[i...] as whole labels.
        var readings = [[[String]]](repeating: [], count: pieces.count + 1)
        readings[pieces.count] = [[]]
        for start in stride(from: pieces.count - 1, through: 0, by: -1) {
            var text = ""
            for end in start..<pieces.count {
                text = end == start ? pieces[end] : text + separator + pieces[end]
                // No label is longer than the longest one.
                guard text.utf8.count <= longestLabel else { break }
                guard let c = choice(text) else { continue }
                for rest in readings[end + 1] where readings[start].count < 2 { readings[start].append([c] + rest) }
            }
        }
        switch readings[0].count {
        case 0: return .none
        case 1: return .one(readings[0][0])
        default: return .several(readings[0][0], readings[0][1])
        }
    }
}

extension Decimal {
    var rounded0: Decimal { Decimals.rounded(self, scale: 0) }
}

/// A value as a message shows it: whole up to 80 characters, else its start and its length,
/// so that a 1 MB cell does not make a 1 MB message per row.
func shown(_ text: String) -> String {
    guard text.count > 80 else { return text }
    return String(text.prefix(60)) + "… (\(text.count) ký tự)"
}

/// FNV-1a over the fields: a stable id for rows that carry none (Google Forms).
func fnv1a(_ fields: [String]) -> String {
    var h = FNV1a()
    for field in fields { h.mix(field, tag: 0x1F) }
    return String(h.value, radix: 16)
}
