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
