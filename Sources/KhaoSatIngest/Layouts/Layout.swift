import KhaoSatQuestionnaire

/// The file layouts contractors send, told apart by their header.
/// A new layout is a new case here and its metadata columns below; scoring never sees it.
package enum Layout: String, Sendable, Codable, CaseIterable {
    /// One row per submission, XLSForm names as headers, choice names as answers.
    case canonical
    /// KoBoToolbox CSV export (`;`, quoted, `_uuid` … metadata; XML names or labels).
    case kobo
    /// ODK Central CSV export (`SubmissionDate` first, `-` group paths, `KEY`, `ReviewState`).
    case odk
    /// Google Forms export (timestamp first, question titles, answers as labels).
    case googleForms = "google-forms"

    package init?(name: String) { self.init(rawValue: name) }

    static let googleTimestamps: Set<String> = ["timestamp", "dấu thời gian", "thời gian", "cap waktu"].map(MatchKey.of).reduce(into: []) { $0.insert($1) }

    package static func detect(header: [String]) -> Layout {
        if header.first == "SubmissionDate" || header.contains("meta-instanceID") { return .odk }
        if header.contains(where: { ["_uuid", "_submission_time", "_validation_status", "_index"].contains($0) }) {
            return .kobo
        }
        if let first = header.first, googleTimestamps.contains(MatchKey.of(first)) { return .googleForms }
        return .canonical
    }

    /// Columns that carry the submission id, in order of preference.
    var idColumns: [String] {
        switch self {
        case .canonical: return ["submission_id", "_uuid", "instanceID", "meta/instanceID", "KEY"]
        case .kobo: return ["_uuid", "meta/instanceID", "_id"]
        case .odk: return ["KEY", "meta-instanceID"]
        case .googleForms: return []
        }
    }

    var timeColumns: [String] {
        switch self {
        case .canonical: return ["submitted_at", "_submission_time", "end"]
        case .kobo: return ["_submission_time", "end"]
        case .odk: return ["SubmissionDate", "end"]
        case .googleForms: return []
        }
    }

    var reviewColumn: String? {
        switch self {
        case .kobo: return "_validation_status"
        case .odk: return "ReviewState"
        case .canonical, .googleForms: return nil
        }
    }

    /// ODK Central's column saying a row could not be decrypted.
    var statusColumn: String? { self == .odk ? "Status" : nil }

    /// ODK Central's count of edits: the most edited version of a submission is the one kept.
    var editsColumn: String? { self == .odk ? "Edits" : nil }

    /// A review status: KoBoToolbox's uids (XML export) or labels (label export), ODK Central's
    /// ReviewState. KoBo's legacy `{}` and an empty cell are no status.
    enum Review { case none, rejected, onHold }

    static func review(_ status: String) -> Review {
        switch status.lowercased().replacingOccurrences(of: " ", with: "_") {
        case "validation_status_not_approved", "not_approved", "rejected", "không_duyệt", "từ_chối": return .rejected
        case "validation_status_on_hold", "on_hold", "chờ_duyệt": return .onHold
        default: return .none
        }
    }

    /// What the legacy KoboCAT export writes for a question that was not relevant: not answered.
    var notApplicableMarker: String? { self == .kobo ? "n/a" : nil }
}
