/// What the quality checks can find. The raw value is the code `quality.csv` writes.
package enum QualityFlag: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    // Per submission.
    case speeding = "SPEEDING"
    case negativeDuration = "NEGATIVE_DURATION"
    case longGap = "LONG_GAP"
    case outOfPeriod = "OUT_OF_PERIOD"
    case night = "NIGHT"
    case straightlining = "STRAIGHTLINING"
    case nearDuplicate = "NEAR_DUPLICATE"
    case dontKnowHeavy = "DONT_KNOW_HEAVY"
    // Per interviewer.
    case concentration = "CONCENTRATION"
    case distribution = "DISTRIBUTION"

    package var description: String { rawValue }

    package static func < (a: QualityFlag, b: QualityFlag) -> Bool { a.rawValue < b.rawValue }

    /// Whether it marks one submission (and so can exclude it), not an interviewer.
    package var isPerSubmission: Bool { self != .concentration && self != .distribution }

    package var title: String {
        switch self {
        case .speeding: return "Phỏng vấn quá nhanh so với trung vị của phiếu"
        case .negativeDuration: return "Thời điểm kết thúc trước thời điểm bắt đầu"
        case .longGap: return "Phỏng vấn kéo dài bất thường"
        case .outOfPeriod: return "Ngoài thời gian khảo sát"
        case .night: return "Phỏng vấn vào ban đêm"
        case .straightlining: return "Cùng một câu trả lời cho mọi câu hỏi thang đo"
        case .nearDuplicate: return "Gần trùng với một phiếu khác của cùng đơn vị"
        case .dontKnowHeavy: return "Quá nhiều câu \"Không biết\""
        case .concentration: return "Một điều tra viên làm phần lớn số phiếu của đơn vị"
        case .distribution: return "Phân bố câu trả lời của điều tra viên khác hẳn những người khác"
        }
    }
}
