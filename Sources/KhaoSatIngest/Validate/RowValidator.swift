import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The row rules: one record of a response file → submissions, or why it is set aside
/// (`SetAside`, whose messages are written there). The answers are `AnswerParser`'s.
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
    /// Per column, codes → labels (SPSS value labels): a unit code that is no unit is tried as its label.
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
    /// Unit texts repeat on almost every row: each is resolved once per file.
    private let resolutions = ResolutionMemo()
    private let pseudonymMemo = PseudonymMemo()
    private let parser: AnswerParser
    /// Per index, its completeness rule and the fewest counted scored answers a complete row has:
    /// ⌈minCompleteness × scored⌉, worked out once rather than as a `Decimal` product per row.
    private let completenessRules: [IndexCode: (settings: IndexSettings, minCounted: Int)]
    private let scored: [Question]
    /// `IngestOptions.keepsAnswers`.
    var keepsAnswers = false
    /// Whether each `Read` carries its record: only on the second pass, whose settlements set
    /// accepted rows aside. Otherwise the record is let go on the validating thread.
    var keepsFields = false

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
        let interviewer = set.settings.quality.interviewerQuestion
        var metaSlots: [String: MetaAnswers.Slot] = ["start": .start, "end": .end, "deviceid": .device, interviewer: .interviewer]
        for (i, q) in respondentQuestions.enumerated() where metaSlots[q] == nil { metaSlots[q] = .respondent(i) }
        parser = AnswerParser(map: map, set: set, valueLabels: valueLabels, metaSlots: metaSlots)
        scored = form.scoredQuestions
        completenessRules = Dictionary(uniqueKeysWithValues: set.indexCodes.map { index in
            let settings = set.settings(of: index)
            return (index, (settings, Int(Decimals.ceiling(settings.minCompleteness * Decimal(form.scoredQuestions.count)))))
        })
    }

    /// The same validator built again, for another thread: its memos and plans are its own,
    /// so threads do not contend for their reference counts.
    func copy() -> RowValidator {
        var copy = RowValidator(set: set, resolver: resolver, map: map, layout: layout, file: file, sheet: sheet,
                                acceptOnHold: acceptOnHold, valueLabels: valueLabels, pseudonyms: pseudonyms)
        copy.keepsAnswers = keepsAnswers
        copy.keepsFields = keepsFields
        copy.consentedContacts = consentedContacts
        return copy
    }

    typealias Outcome = Result<Submission, QuarantineEntry>

    /// What one record gave: no outcomes for a blank record, which is no submission; and whether
    /// it reads as KoBoToolbox's hashtag row (which only the first row of a file can be).
    struct Read {
        var outcomes: [Outcome]?
        var hashtags: Bool
        /// The record as `quarantine.csv` shows it (pseudonyms in place), when `keepsFields`: the
        /// raw row of a submission the second pass sets aside, without reading the file again.
        var fields: [String] = []
    }

    func read(_ record: CSVRecord) -> Read {
        guard !record.fields.allSatisfy({ trimmed($0).isEmpty }) else { return Read(outcomes: nil, hashtags: false) }
        let fields = personal?.apply(record.fields, memo: pseudonymMemo) ?? record.fields
        return Read(outcomes: validate(record, fields: fields), hashtags: Ingestor.isHashtagRow(record.fields),
                    fields: keepsFields ? fields : [])
    }

    func validate(_ record: CSVRecord) -> [Outcome] {
        validate(record, fields: personal?.apply(record.fields, memo: pseudonymMemo) ?? record.fields)
    }

    /// `fields`: the record with its personal values replaced (the contact is read from the record itself).
    private func validate(_ record: CSVRecord, fields: [String]) -> [Outcome] {
        let notApplicable = layout.notApplicableMarker
        func cell(_ c: Int?) -> String {
            guard let c, c < fields.count else { return "" }
            let text = trimmed(fields[c])
            return text == notApplicable ? "" : text
        }
        let id = map.id.map(cell).flatMap { $0.isEmpty ? nil : $0 } ?? "h" + fnv1a(fields)
        let source = Source(file: file, line: record.line, sheet: sheet)
        func reject(_ why: SetAside, unit: String, column: Int? = nil, suffix: String = "") -> Outcome {
            .failure(QuarantineEntry(source: source, column: column.map { $0 + 1 }, submissionId: id + suffix, unit: unit, why: why,
                                     rawRow: fields))
        }
        let form = map.form

        if let label = Self.totalsLabel(fields) {
            return [reject(.totalsRow(label: label), unit: "", column: fields.firstIndex { trimmed($0) == label })]
        }
        if let status = map.status, ["missing encrypted form data", "not decrypted"].contains(cell(status)) {
            return [reject(.encrypted(status: cell(status)), unit: "", column: status)]
        }
        if let review = map.review {
            switch Layout.review(cell(review)) {
            case .rejected:
                return [reject(.reviewRejected(status: cell(review)), unit: cell(unitColumn), column: review)]
            case .onHold where !acceptOnHold:
                return [reject(.reviewOnHold(status: cell(review)), unit: cell(unitColumn), column: review)]
            case .onHold, .none:
                break
            }
        }
        var group = form.respondentGroup
        if let c = groupColumn, !cell(c).isEmpty { group = cell(c) }
        guard let respondentGroup = set.group(group) else {
            return [reject(.groupUnknown(group: group), unit: cell(unitColumn), column: groupColumn)]
        }

        // One target per unit: the unit question, or each unit row of a Google Forms grid
        // that this row rated (a grid cell filled in).
        let targets: [(text: String, column: Int?, suffix: String)] = gridUnits.isEmpty
            ? [(cell(unitColumn), unitColumn, "")]
            : gridUnits.compactMap { grid in
                grid.columns.contains { !cell($0).isEmpty } ? (grid.unit, grid.columns.first, "#" + grid.unit) : nil
            }
        if targets.isEmpty {
            return [reject(.noUnitRated, unit: "", column: gridUnits.first?.columns.first)]
        }
        var outcomes: [Outcome] = []
        for target in targets {
            guard !target.text.isEmpty else {
                outcomes.append(reject(.unitMissing, unit: "", column: target.column))
                continue
            }
            let unit: RatedUnit
            switch resolve(target.text, column: target.column) {
            case .success(let u): unit = u
            case .failure(let why):
                outcomes.append(reject(why, unit: target.text, column: target.column, suffix: target.suffix))
                continue
            }
            guard respondentGroup.indices.contains(unit.index) else {
                outcomes.append(reject(.groupNotAllowed(group: respondentGroup.name, unit: unit), unit: unit.code, column: target.column,
                                       suffix: target.suffix))
                continue
            }
            if respondentGroup.ownUnitOnly {
                // Without the respondent's own unit, nothing shows the unit rated is theirs.
                guard let c = respondentUnitColumn, !cell(c).isEmpty else {
                    outcomes.append(reject(.ownUnitMissing(group: respondentGroup.name, hasColumn: respondentUnitColumn != nil),
                                           unit: unit.code, column: respondentUnitColumn ?? target.column, suffix: target.suffix))
                    continue
                }
                switch resolve(cell(c), column: c) {
                case .failure(let why):
                    outcomes.append(reject(.ownUnit(why), unit: unit.code, column: c, suffix: target.suffix))
                    continue
                case .success(let own) where own != unit:
                    outcomes.append(reject(.notOwnUnit(group: respondentGroup.name, own: own, unit: unit), unit: unit.code,
                                           column: target.column, suffix: target.suffix))
                    continue
                case .success: break
                }
            }
            switch parser.parse(cell: cell, unit: target.text, keeping: keepsAnswers) {
            case .failure(let failure):
                outcomes.append(reject(failure.why, unit: unit.code, column: failure.column, suffix: target.suffix))
            case .success(let parsed):
                var answers = parsed.answers
                let codes = parsed.codes
                if parsed.hasAnswers { answers[form.unitQuestion] = .choice(unit.code) }
                if let why = completeness(codes, index: unit.index) {
                    outcomes.append(reject(why, unit: unit.code, suffix: target.suffix))
                    continue
                }
                let respondent: String? = if let slot = respondentSlot[unit.index], case .text(let t)? = parsed.meta.respondent(slot),
                                             !t.isEmpty { t } else { nil }
                var submission = Submission(
                    id: target.suffix.isEmpty ? id : id + target.suffix, form: form.id, group: group, unitCode: unit.code, respondent: respondent,
                    submittedAt: map.time.map(cell).flatMap(Timestamps.parse), answers: answers, source: source,
                    codes: codes, edits: map.edits.map(cell).flatMap { Int($0) } ?? 0)
                submission.digestOfAnswers = parsed.digest &+ AnswerDigest.term(form.unitQuestion, .choice(unit.code))
                submission.fingerprint = parsed.fingerprint
                let meta = parsed.meta
                submission.interview = Interview(start: meta.start, end: meta.end, device: meta.device, interviewer: meta.interviewer)
                submission.contact = contact(record.fields, cell: cell)
                outcomes.append(.success(submission))
            }
        }
        return outcomes
    }

    /// The words a hand-made sheet's totals row starts with.
    static let totalsWords = Set(["tổng", "tổng cộng", "tổng số", "cộng", "total", "totals", "tổng hợp"].map(MatchKey.of))

    /// The first cell of a totals row ("Tổng cộng"), nil for any other row. Cheap for the rows
    /// that are not: only a short first cell starting with T or C is looked at closely.
    static func totalsLabel(_ fields: [String]) -> String? {
        guard let first = fields.lazy.map(trimmed).first(where: { !$0.isEmpty }), first.utf8.count <= 24,
              let b = first.utf8.first, "TtCc".utf8.contains(b), let c = first.first, "TtCc".contains(c),
              totalsWords.contains(MatchKey.of(first).replacingOccurrences(of: ":", with: ""))
        else { return nil }
        return first
    }

    /// An SPSS code is read through its value label first (code 69 is no unit; its label names one).
    private func resolve(_ text: String, column: Int?) -> Result<RatedUnit, SetAside> {
        if let c = column, let label = valueLabels[c]?[text], case .success(let unit) = resolve(label) { return .success(unit) }
        return resolve(text)
    }

    private func resolve(_ text: String) -> Result<RatedUnit, SetAside> {
        if let known = resolutions.results[text] { return known }
        let result = resolveUncached(text)
        if resolutions.results.count < 10_000 { resolutions.results[text] = result }
        return result
    }

    private func resolveUncached(_ text: String) -> Result<RatedUnit, SetAside> {
        switch resolver.resolve(text) {
        case .unit(let u): .success(u)
        case .unknown(let suggestions): .failure(.unitUnknown(text: text, suggestions: suggestions))
        case .former(let name, let now): .failure(.formerUnit(name: name, now: now))
        case .ambiguous(let units): .failure(.unitAmbiguous(text: text, units: units))
        }
    }

    /// The respondent's own contact, from the record as read, when they said yes to the consent question.
    private func contact(_ raw: [String], cell: (Int?) -> String) -> String? {
        guard let c = consentedContacts, let consent = c.consent, cell(consent) == c.choice else { return nil }
        return c.contacts.lazy.filter { $0 < raw.count }.map { trimmed(raw[$0]) }.first { !$0.isEmpty }
    }

    /// The share of scored questions with a counted answer must reach the set's minimum.
    private func completeness(_ codes: [Int32], index: IndexCode) -> SetAside? {
        guard !scored.isEmpty, let (settings, minCounted) = completenessRules[index] else { return nil }
        let counted = parser.choiceCodes.counted(codes, selectMultiple: settings.selectMultiple)
        guard counted < minCounted else { return nil }
        return .incomplete(counted: counted, scored: scored.count, minimum: settings.minCompleteness)
    }
}

/// FNV-1a over the fields: a stable id for rows that carry none (Google Forms).
func fnv1a(_ fields: [String]) -> String {
    var h = FNV1a()
    for field in fields { h.mix(field, tag: 0x1F) }
    return String(h.value, radix: 16)
}

final class ResolutionMemo {
    var results: [String: Result<RatedUnit, SetAside>] = [:]
}
