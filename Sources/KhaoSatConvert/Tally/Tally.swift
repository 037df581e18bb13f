import Foundation
import KhaoSatQuestionnaire

/// Accepted submissions folded into counts per (unit, sub-criterion, group): memory grows with
/// the number of units and of distinct answer combinations, not of submissions. Everything is
/// keyed by position (unit in the registry, sub-criterion, group, form) because hashing names
/// for every submission was most of the conversion time.
public struct Tally: SubmissionSink, Sendable {
    /// Reads `codes` when the validator made them (it always does for `ingest`).
    public static let answersNeeded = AnswersNeeded.none
    struct Key: Hashable, Sendable {
        var unit: Int32
        var subcriterion: Int32
        var group: Int32
    }

    /// Submissions of one (unit, sub-criterion, group): how many had each memoised credit, plus
    /// exact sums for credits that could not be memoised.
    struct Cell: Sendable {
        var notCounted = 0
        /// (form << 48 | memo key) → submissions.
        var counts: [Int: Int] = [:]
        var exact = GroupTally()
    }

    private let set: QuestionnaireSet
    private let formOrdinals: [String: Int]
    private let unitOrdinals: [String: (Int32, IndexCode)]
    private let groupOrdinals: [String: Int32]
    private let subcriterionCodes: [String]
    /// Per index: its sub-criteria (ordinal, feeding groups, `share` threshold).
    private let scoring: [IndexCode: [(ordinal: Int32, groups: Set<Int32>, threshold: Decimal?)]]
    /// [form][sub-criterion]: the form's questions feeding it, with their credit memo.
    private var feeds: [[CreditFeed?]]
    private var cells: [Key: Cell] = [:]
    /// [unit × groups + group]: accepted submissions.
    private var respondentCounts: [Int]

    public init(set: QuestionnaireSet) {
        self.set = set
        formOrdinals = Dictionary(set.questionnaires.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        unitOrdinals = Dictionary(set.units.units.enumerated().map { ($1.code, (Int32($0), $1.index)) }, uniquingKeysWith: { a, _ in a })
        groupOrdinals = Dictionary(set.groups.enumerated().map { ($1.code, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let codes = Array(Set(set.blueprint.allSubcriteria.map(\.code))).sorted()
        subcriterionCodes = codes
        let subOrdinal = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, Int32($0)) })
        var scoring: [IndexCode: [(ordinal: Int32, groups: Set<Int32>, threshold: Decimal?)]] = [:]
        for index in set.indexCodes {
            scoring[index] = set.blueprint.subcriteria(in: index).map { [groupOrdinals] k in
                let threshold: Decimal? = if case .share(let t) = k.method { t } else { nil }
                return (subOrdinal[k.code]!, Set(k.groups.compactMap { groupOrdinals[$0.group] }), threshold)
            }
        }
        self.scoring = scoring
        feeds = set.questionnaires.map { form in
            let choiceCodes = ChoiceCodes(form: form)
            let bySub = Dictionary(grouping: form.scoredQuestions, by: { $0.subcriterion! })
            return codes.map { code in
                bySub[code].map { CreditFeed(questions: $0, form: form, codes: choiceCodes, selectMultiple: set.settings.selectMultiple) }
            }
        }
        respondentCounts = Array(repeating: 0, count: set.units.units.count * max(1, set.groups.count))
    }

    /// Step 2 for every sub-criterion the submission's group feeds for its unit's index.
    public mutating func add(_ s: Submission) { fold(s, count: 1) }

    /// Takes back a submission added before (one a run excludes after the quality checks).
    public mutating func remove(_ s: Submission) { fold(s, count: -1) }

    private mutating func fold(_ s: Submission, count: Int) {
        guard let (unit, index) = unitOrdinals[s.unitCode], let group = groupOrdinals[s.group],
              let form = formOrdinals[s.form] else { return }
        respondentCounts[Int(unit) * set.groups.count + Int(group)] += count
        for (ordinal, groups, threshold) in scoring[index] ?? [] where groups.contains(group) {
            guard feeds[form][Int(ordinal)] != nil else { continue }
            let (memoKey, value) = feeds[form][Int(ordinal)]!.credit(of: s)
            let key = Key(unit: unit, subcriterion: ordinal, group: group)
            if value.credit == nil {
                cells[key, default: Cell()].notCounted += count
            } else if let memoKey {
                cells[key, default: Cell()].counts[form << 48 | memoKey, default: 0] += count
            } else {
                cells[key, default: Cell()].exact.add(value.credit, square: value.square, threshold: threshold, count: count)
            }
        }
    }

    public mutating func merge(_ other: Tally) {
        cells.merge(other.cells) { a, b in
            var c = a
            c.notCounted += b.notCounted
            c.counts.merge(b.counts, uniquingKeysWith: +)
            c.exact.merge(b.exact)
            return c
        }
        for i in respondentCounts.indices { respondentCounts[i] += other.respondentCounts[i] }
        for f in feeds.indices {
            for k in feeds[f].indices where feeds[f][k] != nil { feeds[f][k]!.merge(other.feeds[f][k]!) }
        }
    }

    /// Accepted submissions about the unit, by group.
    func respondents(unit: String) -> [String: Int] {
        guard let (u, _) = unitOrdinals[unit] else { return [:] }
        var out: [String: Int] = [:]
        for (g, group) in set.groups.enumerated() where respondentCounts[Int(u) * set.groups.count + g] > 0 {
            out[group.code] = respondentCounts[Int(u) * set.groups.count + g]
        }
        return out
    }

    /// The group tallies of one unit and sub-criterion, as sums (the rule's input).
    func tallies(unit: String, subcriterion: String) -> [String: GroupTally] {
        guard let (u, index) = unitOrdinals[unit], let k = subcriterionCodes.firstIndex(of: subcriterion),
              let threshold = scoring[index]?.first(where: { $0.ordinal == Int32(k) }).map(\.threshold) else { return [:] }
        var out: [String: GroupTally] = [:]
        for (g, group) in set.groups.enumerated() {
            guard let cell = cells[Key(unit: u, subcriterion: Int32(k), group: Int32(g))] else { continue }
            var t = cell.exact
            t.notCounted += cell.notCounted
            // Sorted, although these sums are exact: the order of a dictionary never reaches a result.
            for (id, n) in cell.counts.sorted(by: { $0.key < $1.key }) {
                let value = feeds[id >> 48][k]!.value(forKey: id & (1 << 48 - 1))
                t.add(value.credit, square: value.square, threshold: threshold, count: n)
            }
            out[group.code] = t
        }
        return out
    }
}
