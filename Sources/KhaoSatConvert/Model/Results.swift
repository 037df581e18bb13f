import Foundation
import KhaoSatQuestionnaire

/// How a sub-criterion's points came about.
package enum Status: String, Sendable, Codable {
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
package struct GroupTally: Sendable, Hashable, Codable {
    /// Submissions with at least one counted answer for the sub-criterion.
    package var counted = 0
    /// Submissions of the group for the unit with no counted answer for it (blank or *Không biết*).
    package var notCounted = 0
    /// Σ submission credits.
    package var sum: Decimal = 0
    /// Σ squared submission credits, for the confidence interval.
    package var sumOfSquares: Decimal = 0
    /// Submissions whose credit reaches the `share` threshold.
    package var atThreshold = 0

    package init() {}

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

package struct GroupResult: Sendable, Hashable, Codable {
    package var group: String
    /// The blueprint's weight, and the weight after renormalising over the groups used.
    package var weight: Decimal
    package var effectiveWeight: Decimal
    package var tally: GroupTally
    /// The group's credit by the sub-criterion's method; nil without counted submissions.
    package var credit: Decimal?
    /// For `minmax`: the index's lowest and highest mean credit the rescaling used.
    package var range: ClosedRange<Decimal>?
    /// Whether the group reached the minimum number of respondents.
    package var enough: Bool
    /// How the group's respondents were drawn and how precise its credit is (`mean`, `share`).
    package var design: GroupDesign?
}

/// The design behind one group's estimate for one unit (docs/uncertainty.md).
package struct GroupDesign: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable {
        /// Everyone on the roster answered: no sampling error.
        case census
        /// A rostered group, part of it answered: finite population correction.
        case fpc
        /// Interviewed, three interviewers or more: interviewers as clusters.
        case clusters
        /// Interviewed by one or two: simple random sampling × the index's design effect.
        case pooled
        /// Neither rostered nor interviewed: simple random sampling.
        case srs
    }

    package var kind: Kind
    /// Accepted submissions of the group about the unit (n) and the roster's size (N).
    package var sampled: Int
    package var population: Int?
    /// Persons or interviewers with a counted answer; the t's degrees of freedom.
    package var samplingUnits: Int
    package var degreesOfFreedom: Decimal
    /// `pooled`: 1 + ρ̂(m̄ − 1), and ρ̂.
    package var designEffect: Decimal?
    package var intraclassCorrelation: Decimal?
    /// Of the group's credit; nil with a single sampling unit (outside a census).
    package var standardError: Decimal?

}

/// Why an interval is missing, or how it was made.
package enum IntervalBasis: Sendable, Hashable, Codable {
    /// The kinds of the groups used, in blueprint order, and the t's degrees of freedom.
    case design([GroupDesign.Kind], degreesOfFreedom: Decimal)
    case none(NoInterval)

    /// For the CSV: `fpc+clusters`, or `none:minmax`.
    package var code: String {
        switch self {
        case .design(let kinds, _): kinds.map(\.rawValue).joined(separator: "+")
        case .none(let why): "none:" + why.rawValue
        }
    }

    private enum CodingKeys: String, CodingKey { case kinds, degreesOfFreedom, none }

    /// `{"kinds": ["fpc"], "degreesOfFreedom": 41}` or `{"none": "minmax"}`.
    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .design(let kinds, let df):
            try c.encode(kinds, forKey: .kinds)
            try c.encode(df, forKey: .degreesOfFreedom)
        case .none(let why):
            try c.encode(why, forKey: .none)
        }
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let why = try c.decodeIfPresent(NoInterval.self, forKey: .none) {
            self = .none(why)
        } else {
            self = .design(try c.decode([GroupDesign.Kind].self, forKey: .kinds),
                           degreesOfFreedom: try c.decode(Decimal.self, forKey: .degreesOfFreedom))
        }
    }
}

package enum NoInterval: String, Sendable, Hashable, Codable {
    /// Rescaled across units: the scale's ends are estimates too.
    case minmax
    /// The index's mean stands in for the unit's own answers.
    case imputed
    /// A group used has one sampling unit (outside a census).
    case oneRespondent = "one_respondent"
    /// Nothing was counted, or the policy fixed the points.
    case fixed
    /// Not scored for the unit.
    case notApplicable = "not_applicable"
    /// The total: a sub-criterion has no interval.
    case part
}

package struct SubCriterionResult: Sendable, Hashable, Codable {
    package var code: String
    package var criterion: String
    package var name: String
    /// The blueprint's maximum M; a not-applicable sub-criterion still shows it, but the
    /// unit's maximum leaves it out.
    package var maxPoints: Decimal
    package var method: ScoringMethod.Kind
    package var minRespondents: Int
    package var groups: [GroupResult]
    package var credit: Decimal?
    /// M × credit before rounding, and rounded half-up to 2 decimals.
    package var exactPoints: Decimal
    package var points: Decimal
    /// 95 % interval in points (mean and share only), by design (docs/uncertainty.md).
    package var interval: ClosedRange<Decimal>?
    package var intervalBasis: IntervalBasis?
    package var status: Status
    /// Why the status is not `ok`, in Vietnamese.
    package var note: String?

    package var counts: Bool { status != .notApplicable }
}

package struct CriterionTotal: Sendable, Hashable {
    package var code: String
    package var maxPoints: Decimal
    package var points: Decimal
}

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
