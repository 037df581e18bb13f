import Foundation

/// How a group's credit is formed from its submissions' credits.
package enum ScoringMethod: Sendable, Hashable, Codable {
    /// Weighted mean of submission credits.
    case mean
    /// Share of submissions whose credit is at least the threshold (SIPAS style).
    case share(threshold: Decimal)
    /// Mean credit rescaled across the index's units, (x − min) / (max − min) (DDCI style).
    case minmax

    /// The method without its parameter, as results and manifests name it.
    package enum Kind: String, Sendable, Hashable, Codable, CustomStringConvertible {
        case mean, share, minmax
        package var description: String { rawValue }
    }

    package var kind: Kind {
        switch self {
        case .mean: return .mean
        case .share: return .share
        case .minmax: return .minmax
        }
    }
}

/// What to do when no group reaches the minimum number of valid respondents.
package enum LowSamplePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Compute from what there is and mark it.
    case flag
    /// Use the mean credit of the index's units.
    case indexMean = "index-mean"
    /// Leave the sub-criterion out for the unit and reduce its maximum.
    case notApplicable = "not-applicable"
    case zero
}

package struct GroupWeight: Sendable, Hashable, Codable {
    package var group: String
    package var weight: Decimal
}

package struct SubCriterion: Sendable, Hashable, Codable {
    package var index: IndexCode
    package var criterion: String
    package var code: String
    package var name: String
    package var maxPoints: Decimal
    package var groups: [GroupWeight]
    package var method: ScoringMethod
    package var minRespondents: Int
    package var lowSample: LowSamplePolicy
    package var line: Int
}

package struct Criterion: Sendable, Hashable, Codable {
    package var index: IndexCode
    package var code: String
    package var name: String
    package var subcriteria: [SubCriterion]

    package var maxPoints: Decimal { subcriteria.reduce(0) { $0 + $1.maxPoints } }
}

/// The split of Content 3's 12 points for each index.
package struct Blueprint: Sendable, Codable {
    package var criteria: [Criterion]

    package func criteria(in index: IndexCode) -> [Criterion] { criteria.filter { $0.index == index } }

    package func subcriteria(in index: IndexCode) -> [SubCriterion] {
        criteria(in: index).flatMap(\.subcriteria)
    }

    package func maxPoints(in index: IndexCode) -> Decimal {
        criteria(in: index).reduce(0) { $0 + $1.maxPoints }
    }

    package var allSubcriteria: [SubCriterion] { criteria.flatMap(\.subcriteria) }
}
