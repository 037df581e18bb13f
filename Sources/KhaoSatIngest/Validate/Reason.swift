import KhaoSatConvert

/// Why a row was set aside. The raw value is a stable code for reports and machines.
package enum Reason: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case reviewRejected = "REVIEW_REJECTED"
    case reviewOnHold = "REVIEW_ON_HOLD"
    case encrypted = "ENCRYPTED"
    case unitMissing = "UNIT_MISSING"
    case unitUnknown = "UNIT_UNKNOWN"
    case unitAmbiguous = "UNIT_AMBIGUOUS"
    case groupUnknown = "GROUP_UNKNOWN"
    case groupNotAllowed = "GROUP_NOT_ALLOWED"
    case notOwnUnit = "UNIT_NOT_OWN"
    case ownUnitMissing = "UNIT_OWN_MISSING"
    case unknownChoice = "ANSWER_UNKNOWN_CHOICE"
    case notANumber = "ANSWER_NOT_NUMBER"
    case outOfRange = "ANSWER_OUT_OF_RANGE"
    case requiredMissing = "REQUIRED_MISSING"
    case incomplete = "INCOMPLETE"
    case superseded = "DUPLICATE_RESPONDENT"
    case idConflict = "ID_CONFLICT"
    case otherFileChosen = "ID_OTHER_FILE_CHOSEN"
    case edited = "EDITED_LATER"
    case qualityExcluded = "QUALITY_EXCLUDED"
    case notAResponse = "NOT_A_RESPONSE"

    package var title: String {
        switch self {
        case .reviewRejected: return "Phiếu bị từ chối ở khâu duyệt"
        case .reviewOnHold: return "Phiếu đang chờ duyệt (on hold)"
        case .encrypted: return "Phiếu mã hoá chưa giải mã được"
        case .unitMissing: return "Thiếu đơn vị được đánh giá"
        case .unitUnknown: return "Không nhận ra đơn vị được đánh giá"
        case .unitAmbiguous: return "Tên đơn vị khớp với nhiều đơn vị"
        case .groupUnknown: return "Nhóm người trả lời không có trong bộ phiếu"
        case .groupNotAllowed: return "Nhóm người trả lời không được đánh giá đơn vị này"
        case .notOwnUnit: return "Người trả lời đánh giá đơn vị không phải đơn vị của mình"
        case .ownUnitMissing: return "Thiếu đơn vị của người trả lời (nhóm chỉ đánh giá đơn vị của mình)"
        case .unknownChoice: return "Câu trả lời không có trong danh sách lựa chọn"
        case .notANumber: return "Câu trả lời không phải là số"
        case .outOfRange: return "Số ngoài khoảng cho phép"
        case .requiredMissing: return "Thiếu câu trả lời bắt buộc"
        case .incomplete: return "Phiếu trả lời chưa đủ"
        case .superseded: return "Cùng người trả lời đánh giá cùng đơn vị nhiều lần"
        case .idConflict: return "Cùng mã phiếu nhưng câu trả lời khác nhau"
        case .otherFileChosen: return "Cùng mã phiếu với tệp khác; Sở Nội vụ chọn tính bản ở tệp kia"
        case .edited: return "Phiếu đã được sửa, tính bản sửa sau cùng"
        case .qualityExcluded: return "Loại theo cờ kiểm tra chất lượng (--exclude-flags)"
        case .notAResponse: return "Dòng không phải phiếu trả lời (dòng tổng cộng của bảng)"
        }
    }

    package static func < (a: Reason, b: Reason) -> Bool { a.rawValue < b.rawValue }
}

/// A row set aside: where, why, and the row as it was read.
package struct QuarantineEntry: Error, Sendable, Hashable, Codable {
    package var source: Source
    /// CSV column of the problem, when one column is to blame.
    package var column: Int?
    package var submissionId: String
    package var unit: String
    package var reason: Reason
    package var message: String
    package var rawRow: [String]

    private init(source: Source, column: Int?, submissionId: String, unit: String, reason: Reason, message: String, rawRow: [String]) {
        self.source = source
        self.column = column
        self.submissionId = submissionId
        self.unit = unit
        self.reason = reason
        self.message = message
        self.rawRow = rawRow
    }

    /// Every entry says why through `SetAside`, so its message is the one written there.
    package init(source: Source, column: Int?, submissionId: String, unit: String, why: SetAside, rawRow: [String]) {
        self.init(source: source, column: column, submissionId: submissionId, unit: unit, reason: why.reason, message: why.message,
                  rawRow: rawRow)
    }
}

