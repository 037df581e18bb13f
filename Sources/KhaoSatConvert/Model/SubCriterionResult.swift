import Foundation
import KhaoSatQuestionnaire

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
