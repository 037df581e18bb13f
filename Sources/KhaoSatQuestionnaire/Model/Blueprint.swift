import Foundation

/// How a group's credit is formed from its submissions' credits.
public enum ScoringMethod: Sendable, Hashable, Codable {
    /// Weighted mean of submission credits.
    case mean
    /// Share of submissions whose credit is at least the threshold (SIPAS style).
    case share(threshold: Decimal)
    /// Mean credit rescaled across the index's units, (x − min) / (max − min) (DDCI style).
    case minmax

    /// The method without its parameter, as results and manifests name it.
    public enum Kind: String, Sendable, Hashable, Codable, CustomStringConvertible {
        case mean, share, minmax
        public var description: String { rawValue }
    }

    public var kind: Kind {
        switch self {
        case .mean: return .mean
        case .share: return .share
        case .minmax: return .minmax
        }
    }
}

/// What to do when no group reaches the minimum number of valid respondents.
public enum LowSamplePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Compute from what there is and mark it.
    case flag
    /// Use the mean credit of the index's units.
    case indexMean = "index-mean"
    /// Leave the sub-criterion out for the unit and reduce its maximum.
    case notApplicable = "not-applicable"
    case zero
}

public struct GroupWeight: Sendable, Hashable, Codable {
    public var group: String
    public var weight: Decimal
}

public struct SubCriterion: Sendable, Hashable, Codable {
    public var index: IndexCode
    public var criterion: String
    public var code: String
    public var name: String
    public var maxPoints: Decimal
    public var groups: [GroupWeight]
    public var method: ScoringMethod
    public var minRespondents: Int
    public var lowSample: LowSamplePolicy
    public var line: Int
}

public struct Criterion: Sendable, Hashable, Codable {
    public var index: IndexCode
    public var code: String
    public var name: String
    public var subcriteria: [SubCriterion]

    public var maxPoints: Decimal { subcriteria.reduce(0) { $0 + $1.maxPoints } }
}

/// The split of Content 3's 12 points for each index.
public struct Blueprint: Sendable, Codable {
    public var criteria: [Criterion]

    public func criteria(in index: IndexCode) -> [Criterion] { criteria.filter { $0.index == index } }

    public func subcriteria(in index: IndexCode) -> [SubCriterion] {
        criteria(in: index).flatMap(\.subcriteria)
    }

    public func maxPoints(in index: IndexCode) -> Decimal {
        criteria(in: index).reduce(0) { $0 + $1.maxPoints }
    }

    public var allSubcriteria: [SubCriterion] { criteria.flatMap(\.subcriteria) }
}
