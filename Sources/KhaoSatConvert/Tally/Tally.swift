import Foundation
import KhaoSatIngest
import KhaoSatQuestionnaire

/// Accepted submissions folded into sums per (unit, sub-criterion, group): memory grows with
/// the number of units, not of submissions.
public struct Tally: SubmissionSink, Sendable {
    struct Key: Hashable, Sendable {
        var unit: String
        var subcriterion: String
        var group: String
    }

    /// Per form, the questions feeding each sub-criterion.
    private var feeds: [String: [String: CreditFeed]]
    private let set: QuestionnaireSet
    /// Per index, its sub-criteria with the groups that feed them and the `share` threshold.
    private let scoring: [IndexCode: [(k: SubCriterion, groups: Set<String>, threshold: Decimal?)]]
    private(set) var cells: [Key: GroupTally] = [:]
    private(set) var respondents: [String: [String: Int]] = [:]

    public init(set: QuestionnaireSet) {
        self.set = set
        let forms = Dictionary(set.questionnaires.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        feeds = forms.mapValues { form in
            Dictionary(grouping: form.scoredQuestions, by: { $0.subcriterion! }).mapValues {
                CreditFeed(questions: $0, form: form, selectMultiple: set.settings.selectMultiple)
            }
        }
        var scoring: [IndexCode: [(k: SubCriterion, groups: Set<String>, threshold: Decimal?)]] = [:]
        for index in IndexCode.allCases {
            scoring[index] = set.blueprint.subcriteria(in: index).map { k in
                let threshold: Decimal? = if case .share(let t) = k.method { t } else { nil }
                return (k, Set(k.groups.map(\.group)), threshold)
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
        guard let unit = set.units[s.unitCode], feeds[s.form] != nil else { return }
        respondents[s.unitCode, default: [:]][s.group, default: 0] += 1
        for (k, groups, threshold) in scoring[unit.index] ?? [] where groups.contains(s.group) {
            guard let value = feeds[s.form]![k.code]?.credit(of: s) else { continue }
            cells[Key(unit: s.unitCode, subcriterion: k.code, group: s.group), default: GroupTally()]
                .add(value.credit, square: value.square, threshold: threshold)
        }
    }

    func tallies(unit: String, subcriterion: String) -> [String: GroupTally] {
        var out: [String: GroupTally] = [:]
        for g in set.groups {
            if let t = cells[Key(unit: unit, subcriterion: subcriterion, group: g.code)] { out[g.code] = t }
        }
        return out
    }
}
