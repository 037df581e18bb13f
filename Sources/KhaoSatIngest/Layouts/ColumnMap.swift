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
        let byPath = PathMatcher(questions)
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
            if let q = Self.question(named: h, byName, byPath) { roles[c] = Self.role(of: q); continue }
            // "q3/a" (KoBo; "q3.a" with its "." group separator), also after a group path: one
            // 0/1 column per choice of a select_multiple.
            if let (q, choice) = Self.choiceFlag(h, byName: byName, byPath: byPath, byLabelKey: byLabelKey, form: form) {
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

    /// Group separators: KoBoToolbox's "/" (or any its export dialog accepts: ".", "%" …), ODK Central's "-".
    static func isSeparator(_ c: Character) -> Bool {
        !(c.isLetter || c.isNumber || c == "_" || c.isWhitespace)
    }

    private static func question(named h: String, _ byName: [String: Question], _ byPath: PathMatcher) -> Question? {
        if let q = byName[h] ?? byPath.question(h) { return q }
        // A partial path: the longest tail after a separator that names a question.
        for i in h.indices where isSeparator(h[i]) {
            if let q = byName[String(h[h.index(after: i)...])] { return q }
        }
        return nil
    }

    /// Separators between a group's label and a question's in a label header: labels themselves
    /// hold commas, brackets and question marks, which must not cut them.
    static let labelSeparators: Set<Character> = ["/", "-", ".", "%"]

    /// The question whose label the header is, after any group path: labels hold "/" and "."
    /// themselves, so every cut after a separator is tried, longest first.
    private static func labelled(_ h: String, _ byLabelKey: [String: Question]) -> Question? {
        if let q = byLabelKey[MatchKey.of(h)] { return q }
        for i in h.indices where labelSeparators.contains(h[i]) {
            if let q = byLabelKey[MatchKey.of(String(h[h.index(after: i)...]))] { return q }
        }
        return nil
    }

    /// A select_multiple's 0/1 column: the question (by name, or by label in a label export)
    /// and the choice (by name, or by label) on either side of a separator, tried from the right.
    private static func choiceFlag(_ h: String, byName: [String: Question], byPath: PathMatcher, byLabelKey: [String: Question],
                                   form: Questionnaire) -> (Question, String)? {
        for cut in h.indices.reversed() where isSeparator(h[cut]) {
            let head = String(h[..<cut]), tail = String(h[h.index(after: cut)...])
            let byLabel = labelSeparators.contains(h[cut]) ? labelled(head, byLabelKey) : nil
            for case let q? in [question(named: head, byName, byPath), byLabel] {
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

/// Headers that spell a question's whole group path with one separator, whatever it is (KoBo's
/// export dialog takes any text, empty included: `thong_tin%don_vi`, `thong_tindon_vi`).
struct PathMatcher {
    private let questions: [Question]

    init(_ questions: [Question]) { self.questions = questions.filter { !$0.groupPath.isEmpty } }

    func question(_ header: String) -> Question? {
        questions.first { q in
            guard header.hasSuffix(q.name) else { return false }
            let prefix = header.dropLast(q.name.count)
            let groups = q.groupPath
            let separatorLength = prefix.count - groups.reduce(0) { $0 + $1.count }
            guard separatorLength >= 0, separatorLength % groups.count == 0, prefix.hasPrefix(groups[0]) else { return false }
            let start = prefix.index(prefix.startIndex, offsetBy: groups[0].count)
            let separator = String(prefix[start..<prefix.index(start, offsetBy: separatorLength / groups.count)])
            guard separator.allSatisfy(ColumnMap.isSeparator) else { return false }
            return prefix == groups.joined(separator: separator) + separator
        }
    }
}
