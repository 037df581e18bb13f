import Foundation

/// What the set declares about personal data (set.csv), as the 2026 law asks: which questions
/// collect it and for what, whose consent allows a phúc tra call, how long it is kept, and how
/// small a group may be before its results stop being shown.
package struct PersonalDataSettings: Sendable, Codable, Equatable {
    /// What a declared value may be used for; nothing else may use it.
    package enum Purpose: String, Sendable, Codable, CaseIterable, Comparable {
        /// Telling a respondent's second submission from a new one (`respondent_id_questions`).
        case dedupe
        /// Calling the respondent for a phúc tra, when they consented.
        case contact

        package var title: String {
            switch self {
            case .dedupe: "loại phiếu trùng"
            case .contact: "liên hệ phúc tra (khi người trả lời đồng ý)"
            }
        }

        package static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    /// `personal_data_questions`: `name:purpose+purpose …`, e.g. `ma_nguoi_tl:dedupe+contact`.
    package var questions: [String: Set<Purpose>] = [:]
    /// `contact_consent`: `question=choice`, the answer that allows a phúc tra call (`dong_y_lien_he=co`).
    package var consentQuestion: String?
    package var consentChoice: String?
    /// `personal_data_retention_days`: how long personal values are kept after the survey ends.
    package var retentionDays: Int?
    /// `publish_min_respondents`: a group's credit for a unit is not shown with fewer respondents.
    package var publishMinRespondents = 3

    package init() {}

    package var declared: [String] { questions.keys.sorted() }

    package func questions(for purpose: Purpose) -> [String] { declared.filter { questions[$0]!.contains(purpose) } }
}
