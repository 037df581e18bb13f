import Foundation
import KhaoSatQuestionnaire

/// How a sub-criterion's points came about.
public enum Status: String, Sendable, Codable {
    /// At least one group reached the minimum number of respondents.
    case ok
    /// No group reached it; computed from what there is (policy `flag`) or zero (`zero`).
    case lowSample = "low_sample"
    /// No group reached it; the index's mean credit was used (policy `index-mean`).
    case imputed
    /// Outside the unit's functions (`not-applicable.csv`) or dropped for too few respondents.
    case notApplicable = "not_applicable"
}

/// The submissions of one respondent group for one unit and sub-criterion, as sums.
/// Respondent weights are 1, so the weighted sums are plain sums.
public struct GroupTally: Sendable, Hashable, Codable {
    /// Submissions with at least one counted answer for the sub-criterion.
    public var counted = 0
    /// Submissions of the group for the unit with no counted answer for it (blank or *Không biết*).
    public var notCounted = 0
    /// Σ submission credits.
    public var sum: Decimal = 0
    /// Σ squared submission credits, for the confidence interval.
    public var sumOfSquares: Decimal = 0
    /// Submissions whose credit reaches the `share` threshold.
    public var atThreshold = 0

    public init() {}

    /// `square`: credit², settled (36 decimals would overflow a long sum).
    mutating func add(_ credit: Decimal?, square: Decimal?, threshold: Decimal?, count: Int = 1) {
        guard let credit, let square else { notCounted += count; return }
        counted += count
        sum += credit * Decimal(count)
        sumOfSquares += square * Decimal(count)
        if let threshold, credit >= threshold { atThreshold += count }
    }

    mutating func merge(_ other: GroupTally) {
        counted += other.counted; notCounted += other.notCounted; sum += other.sum
        sumOfSquares += other.sumOfSquares; atThreshold += other.atThreshold
    }
}

public struct GroupResult: Sendable, Hashable, Codable {
    public var group: String
    /// The blueprint's weight, and the weight after renormalising over the groups used.
    public var weight: Decimal
    public var effectiveWeight: Decimal
    public var tally: GroupTally
    /// The group's credit by the sub-criterion's method; nil without counted submissions.
    public var credit: Decimal?
    /// For `minmax`: the index's lowest and highest mean credit the rescaling used.
    public var range: ClosedRange<Decimal>?
    /// Whether the group reached the minimum number of respondents.
    public var enough: Bool
}

public struct SubCriterionResult: Sendable, Hashable, Codable {
    public var code: String
    public var criterion: String
    public var name: String
    /// The blueprint's maximum M; a not-applicable sub-criterion still shows it, but the
    /// unit's maximum leaves it out.
    public var maxPoints: Decimal
    public var method: ScoringMethod.Kind
    public var minRespondents: Int
    public var groups: [GroupResult]
    public var credit: Decimal?
    /// M × credit before rounding, and rounded half-up to 2 decimals.
    public var exactPoints: Decimal
    public var points: Decimal
    /// 95 % interval in points (mean and share only).
    public var interval: ClosedRange<Decimal>?
    public var status: Status
    /// Why the status is not `ok`, in Vietnamese.
    public var note: String?

    public var counts: Bool { status != .notApplicable }
}

public struct CriterionTotal: Sendable, Hashable {
    public var code: String
    public var maxPoints: Decimal
    public var points: Decimal
}

public struct UnitResult: Sendable, Hashable, Codable {
    public var index: IndexCode
    public var code: String
    public var name: String
    /// Accepted submissions about the unit, all groups.
    public var respondents: Int
    public var respondentsByGroup: [String: Int]
    public var subcriteria: [SubCriterionResult]
    /// Submissions about the unit set aside, by reason code.
    public var setAside: [String: Int]

    /// Sums of the rounded sub-criterion points (step 6).
    public var points: Decimal { subcriteria.filter(\.counts).reduce(0) { $0 + $1.points } }
    public var maxPoints: Decimal { subcriteria.filter(\.counts).reduce(0) { $0 + $1.maxPoints } }
    public var percent: Decimal? {
        maxPoints == 0 ? nil : Decimals.rounded(points * 100 / maxPoints, scale: 2)
    }

    /// Every criterion of the unit's sub-criteria, in blueprint order; one whose sub-criteria are
    /// all not applicable counts 0.00 of 0.00, so that each criterion has its total row.
    public var criteria: [CriterionTotal] {
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

    /// `no_responses`, and each non-ok status with its sub-criteria.
    public var flags: [String] {
        var flags: [String] = respondents == 0 ? ["no_responses"] : []
        for status in [Status.lowSample, .imputed, .notApplicable] {
            let codes = subcriteria.filter { $0.status == status }.map(\.code)
            if !codes.isEmpty { flags.append("\(status.rawValue)=\(codes.joined(separator: " "))") }
        }
        return flags
    }
}
