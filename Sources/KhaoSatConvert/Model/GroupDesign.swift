import Foundation
import KhaoSatQuestionnaire

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
