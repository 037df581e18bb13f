import Foundation
import KhaoSatQuestionnaire

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
