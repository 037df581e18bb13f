import Foundation
import KhaoSatQuestionnaire

package struct UnitResult: Sendable, Hashable, Codable {
    package var index: IndexCode
    package var code: String
    package var name: String
    /// Accepted submissions about the unit, all groups.
    package var respondents: Int
    package var respondentsByGroup: [String: Int]
    package var subcriteria: [SubCriterionResult]
    /// Submissions about the unit set aside, by reason code.
    package var setAside: [String: Int]
    /// `rosters.csv`: the size of each rostered group for the unit (N), by group code.
    package var populationByGroup: [String: Int] = [:]
    /// 95 % interval of the Content 3 points, linearised over respondents (docs/uncertainty.md).
    package var interval: ClosedRange<Decimal>?
    package var intervalBasis: IntervalBasis?
    /// Of the Content 3 points, before t and clamping (what a comparison of two units needs).
    package var standardError: Decimal?
    /// Accepted submissions about the unit by input file (nil in runs before 0.7): what `diff` traces changes to.
    package var respondentsByInput: [String: Int]?

    /// Sums of the rounded sub-criterion points (step 6).
    package var points: Decimal { subcriteria.filter(\.counts).reduce(0) { $0 + $1.points } }
    package var maxPoints: Decimal { subcriteria.filter(\.counts).reduce(0) { $0 + $1.maxPoints } }
    package var percent: Decimal? {
        maxPoints == 0 ? nil : Decimals.rounded(points * 100 / maxPoints, scale: 2)
    }

    /// Every criterion of the unit's sub-criteria, in blueprint order; one whose sub-criteria are
    /// all not applicable counts 0.00 of 0.00, so that each criterion has its total row.
    package var criteria: [CriterionTotal] {
        var totals: [CriterionTotal] = []
        for s in subcriteria {
            let (points, maxPoints) = s.counts ? (s.points, s.maxPoints) : (0, 0)
            if let i = totals.firstIndex(where: { $0.code == s.criterion }) {
                totals[i].points += points
                totals[i].maxPoints += maxPoints
            } else {
                totals.append(CriterionTotal(code: s.criterion, maxPoints: maxPoints, points: points))
            }
        }
        return totals
    }

    /// n / N of a rostered group, 4 decimals.
    package func responseRate(_ group: String) -> Decimal? {
        populationByGroup[group].map { Decimals.rounded(Decimal(respondentsByGroup[group] ?? 0) / Decimal($0), scale: 4) }
    }

    /// `no_responses`, and each non-ok status with its sub-criteria.
    package var flags: [String] {
        var flags: [String] = respondents == 0 ? ["no_responses"] : []
        for status in [Status.lowSample, .imputed, .notApplicable] {
            let codes = subcriteria.filter { $0.status == status }.map(\.code)
            if !codes.isEmpty { flags.append("\(status.rawValue)=\(codes.joined(separator: " "))") }
        }
        return flags
    }
}

package struct CriterionTotal: Sendable, Hashable {
    package var code: String
    package var maxPoints: Decimal
    package var points: Decimal
}
