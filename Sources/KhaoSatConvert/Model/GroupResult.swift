import Foundation
import KhaoSatQuestionnaire

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
