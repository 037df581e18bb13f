import KhaoSatQuestionnaire

/// What one column of a response file holds.
enum ColumnRole: Hashable {
    /// The answer to a question (summary column for select_multiple).
    case answer(String)
    /// One choice of a select_multiple question, as 1/0 (KoBo "details").
    case choiceFlag(question: String, choice: String)
    /// A Google Forms grid whose rows are units: the answer of `question` for the unit named.
    case unitGrid(question: String, unit: String)
    /// The respondent's own group, where one file mixes groups.
    case respondentGroup
    /// The unit the respondent belongs to (a commune delegate's commune).
    case respondentUnit
}

/// The header of a file, mapped onto one questionnaire.
struct ColumnMap {
    var form: Questionnaire
    var roles: [Int: ColumnRole] = [:]
    var id: Int?
    var time: Int?
    var review: Int?
    /// ODK Central's `Status` ("missing encrypted form data", "not decrypted").
    var status: Int?
    var edits: Int?
    var byLabel = false

    /// Derived from the header once, not per row.
    var unitColumn: Int? { firstColumn { $0 == .answer(form.unitQuestion) } }

    /// The leftmost column with a role: `roles` is a dictionary, and its order must never leak out.
    func firstColumn(where matches: (ColumnRole) -> Bool) -> Int? {
        roles.filter { matches($0.value) }.keys.min()
    }
    var gridUnits: [String] {
        Set(roles.values.compactMap { if case .unitGrid(_, let u) = $0 { u } else { nil } }).sorted()
    }
    var answered: Set<String> {
        Set(roles.values.compactMap {
            switch $0 {
            case .answer(let q), .choiceFlag(let q, _), .unitGrid(let q, _): return q
            case .respondentGroup, .respondentUnit: return nil
            }
        })
    }

    /// Maps `header` onto `form`: by XLSForm name (also the last part of a group path joined
    /// with `/` or `-`), then by label (KoBo label headers, Google Forms titles).
    init(header: [String], form: Questionnaire, layout: Layout) {
        self.form = form
        let questions = form.questions
        let byName = Dictionary(questions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var byLabelKey: [String: Question] = [:]
        for q in questions { for label in q.labels.values { byLabelKey[MatchKey.of(label)] = q } }
        id = layout.idColumns.lazy.compactMap { header.firstIndex(of: $0) }.first
        time = layout.timeColumns.lazy.compactMap { header.firstIndex(of: $0) }.first
        if layout == .googleForms { time = 0 }
        review = layout.reviewColumn.flatMap { header.firstIndex(of: $0) }
        status = layout.statusColumn.flatMap { header.firstIndex(of: $0) }
        edits = layout.editsColumn.flatMap { header.firstIndex(of: $0) }

        for (c, raw) in header.enumerated() where ![id, time, review, status, edits].contains(c) {
            let h = raw.trimmingCharacters(in: .whitespaces)
            if h == "respondent_group" { roles[c] = .respondentGroup; continue }
            if h == Self.respondentUnit { roles[c] = .respondentUnit; continue }
            if let q = Self.question(named: h, byName) { roles[c] = Self.role(of: q); continue }
            // "q3/a" (KoBo; "q3.a" with its "." group separator), also after a group path: one
            // 0/1 column per choice of a select_multiple.
            if let (q, choice) = Self.choiceFlag(h, byName: byName, byLabelKey: byLabelKey, form: form) {
                roles[c] = .choiceFlag(question: q.name, choice: choice)
                continue
            }
            // KoBo label headers may carry the group path ("Nhóm/Câu hỏi"); labels may hold "/" too.
            if let q = Self.labelled(h, byLabelKey) {
                roles[c] = Self.role(of: q)
                byLabel = true
                continue
            }
            // Google Forms grid: "Title [Row]".
            if h.hasSuffix("]"), let open = h.lastIndex(of: "[") {
                let title = MatchKey.of(String(h[..<open]))
                let row = String(h[h.index(after: open)..<h.index(before: h.endIndex)])
                if let q = byLabelKey[MatchKey.of(row)], !title.isEmpty {
                    roles[c] = .answer(q.name)  // a grid of questions: the row is the question
                    byLabel = true
                } else if let q = byLabelKey[title] {
                    roles[c] = .unitGrid(question: q.name, unit: row)
                    byLabel = true
                }
            }
        }
    }

    /// The question (or column) naming the respondent's own unit, for groups with `rates = own`.
    static let respondentUnit = RespondentGroup.ownUnitQuestion

    /// A form's `respondent_unit` question is the respondent's unit, whatever its header looks like.
    private static func role(of q: Question) -> ColumnRole {
        q.name == respondentUnit ? .respondentUnit : .answer(q.name)
    }

    /// Group separators: KoBoToolbox's "/" (or "." by option), ODK Central's "-".
    static let separators: Set<Character> = ["/", "-", "."]

    private static func question(named h: String, _ byName: [String: Question]) -> Question? {
        if let q = byName[h] { return q }
        for separator in separators {
            if let last = h.split(separator: separator).last, let q = byName[String(last)], h.contains(separator) {
                return q
            }
        }
        return nil
    }

    /// The question whose label the header is, after any group path: labels hold "/" and "."
    /// themselves, so every cut after a separator is tried, longest first.
    private static func labelled(_ h: String, _ byLabelKey: [String: Question]) -> Question? {
        if let q = byLabelKey[MatchKey.of(h)] { return q }
        for i in h.indices where separators.contains(h[i]) {
            if let q = byLabelKey[MatchKey.of(String(h[h.index(after: i)...]))] { return q }
        }
        return nil
    }

    /// A select_multiple's 0/1 column: the question (by name, or by label in a label export)
    /// and the choice (by name, or by label) on either side of a separator, tried from the right.
    private static func choiceFlag(_ h: String, byName: [String: Question], byLabelKey: [String: Question],
                                   form: Questionnaire) -> (Question, String)? {
        for cut in h.indices.reversed() where separators.contains(h[cut]) {
            let head = String(h[..<cut]), tail = String(h[h.index(after: cut)...])
            for case let q? in [question(named: head, byName), labelled(head, byLabelKey)] {
                guard case .selectMultiple(let listName) = q.type, let list = form.choiceLists[listName] else { continue }
                let key = MatchKey.of(tail)
                if let c = list.choice(named: tail) ?? list.choices.first(where: { $0.labels.values.contains { MatchKey.of($0) == key } }) {
                    return (q, c.name)
                }
            }
        }
        return nil
    }

    /// Share of the form's answer-bearing questions this header covers.
    var coverage: Double {
        let total = form.questions.filter { $0.type != .calculate }.count
        return total == 0 ? 0 : Double(answered.count) / Double(total)
    }
}
