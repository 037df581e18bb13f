import Foundation
import KhaoSatIngest
import KhaoSatQuestionnaire

/// Accepted submissions folded into sums per (unit, sub-criterion, group): memory grows with
/// the number of units, not of submissions.
public struct Tally: SubmissionSink, Sendable {
    /// Positions in the registry, the blueprint and groups.csv: hashing three strings per
    /// sub-criterion and submission was a tenth of the run.
    struct Key: Hashable, Sendable {
        var unit: Int32
        var subcriterion: Int32
        var group: Int32
    }

    /// Per form, the questions feeding each sub-criterion.
    private var feeds: [String: [String: CreditFeed]]
    private let set: QuestionnaireSet
    /// Per index, its sub-criteria with the groups that feed them and the `share` threshold.
    private let scoring: [IndexCode: [(k: SubCriterion, ordinal: Int32, groups: Set<String>, threshold: Decimal?)]]
    private let unitOrdinals: [String: (Int32, IndexCode)]
    private let groupOrdinals: [String: Int32]
    private let subcriterionOrdinals: [String: Int32]
    private(set) var cells: [Key: GroupTally] = [:]
    private(set) var respondents: [String: [String: Int]] = [:]

    public init(set: QuestionnaireSet) {
        self.set = set
        let forms = Dictionary(set.questionnaires.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        feeds = forms.mapValues { form in
            let codes = ChoiceCodes(form: form)
            return Dictionary(grouping: form.scoredQuestions, by: { $0.subcriterion! }).mapValues {
                CreditFeed(questions: $0, form: form, codes: codes, selectMultiple: set.settings.selectMultiple)
            }
        }
        let codes = Array(Set(set.blueprint.allSubcriteria.map(\.code))).sorted()
        subcriterionOrdinals = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, Int32($0)) })
        unitOrdinals = Dictionary(set.units.units.enumerated().map { ($1.code, (Int32($0), $1.index)) }, uniquingKeysWith: { a, _ in a })
        groupOrdinals = Dictionary(set.groups.enumerated().map { ($1.code, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        var scoring: [IndexCode: [(k: SubCriterion, ordinal: Int32, groups: Set<String>, threshold: Decimal?)]] = [:]
        for index in IndexCode.allCases {
            scoring[index] = set.blueprint.subcriteria(in: index).map { [subcriterionOrdinals] k in
                let threshold: Decimal? = if case .share(let t) = k.method { t } else { nil }
                return (k, subcriterionOrdinals[k.code]!, Set(k.groups.map(\.group)), threshold)
            }
        }
        self.scoring = scoring
    }

    public mutating func merge(_ other: Tally) {
        cells.merge(other.cells) { a, b in
            var t = a
            t.counted += b.counted; t.notCounted += b.notCounted; t.sum += b.sum
            t.sumOfSquares += b.sumOfSquares; t.atThreshold += b.atThreshold
            return t
        }
        respondents.merge(other.respondents) { a, b in a.merging(b, uniquingKeysWith: +) }
    }

    /// Step 2 for every sub-criterion the submission's group feeds for its unit's index.
    public mutating func add(_ s: Submission) {
        guard let (unit, index) = unitOrdinals[s.unitCode], let group = groupOrdinals[s.group], feeds[s.form] != nil
        else { return }
        respondents[s.unitCode, default: [:]][s.group, default: 0] += 1
        for (k, ordinal, groups, threshold) in scoring[index] ?? [] where groups.contains(s.group) {
            guard let value = feeds[s.form]![k.code]?.credit(of: s) else { continue }
            cells[Key(unit: unit, subcriterion: ordinal, group: group), default: GroupTally()]
                .add(value.credit, square: value.square, threshold: threshold)
        }
    }

    func tallies(unit: String, subcriterion: String) -> [String: GroupTally] {
        guard let (u, _) = unitOrdinals[unit], let k = subcriterionOrdinals[subcriterion] else { return [:] }
        var out: [String: GroupTally] = [:]
        for g in set.groups {
            if let t = cells[Key(unit: u, subcriterion: k, group: groupOrdinals[g.code]!)] { out[g.code] = t }
        }
        return out
    }
}
