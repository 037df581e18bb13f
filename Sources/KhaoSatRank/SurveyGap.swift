import Foundation
import KhaoSatQuestionnaire

/// Why a unit's survey points rest on too little: read from content3.csv's `flags`, said by `rank`
/// (stderr, ranking.csv `survey_gaps`) and the report, so that no such unit is ranked without a word.
package enum SurveyGap: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Nobody was asked about the unit: its survey points are 0 (or the set's low-sample policy).
    case noResponses = "no_responses"
    /// A sub-criterion below the set's minimum number of respondents.
    case lowSample = "low_sample"
    /// A sub-criterion given the index's mean credit (policy `index-mean`).
    case imputed

    package var description: String { rawValue }

    package var title: String {
        switch self {
        case .noResponses: "không có phiếu khảo sát"
        case .lowSample: "ít phiếu khảo sát"
        case .imputed: "điểm khảo sát lấy bình quân của Chỉ số"
        }
    }

    /// The gaps named by content3.csv's flags (`no_responses;low_sample=3.1.1 3.1.2`), in declaration order.
    package static func gaps(inFlags flags: String) -> [SurveyGap] {
        let names = Set(flags.split(separator: ";").map { $0.split(separator: "=", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces) })
        return allCases.filter { names.contains($0.rawValue) }
    }
}
