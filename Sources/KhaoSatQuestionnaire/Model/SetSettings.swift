import Foundation

/// Set-wide parameters (`set.csv`).
package struct SetSettings: Sendable, Codable {
    package var title: String
    package var province: String
    package var year: String
    package var decision: String
    /// `content_points`: the points of the survey content each index must add up to, unless it
    /// sets its own in `indices.csv`; nil when set.csv has none.
    package var contentPoints: Decimal?
    /// Share of scored questions that must have a counted answer (default 0.5).
    package var minCompleteness: Decimal
    /// Credit of a `select_multiple` answer: `share` of the positive choices ticked, or `best`.
    package var selectMultiple: SelectMultipleCredit
    /// `respondent_id_questions`: the questions whose answer identifies a respondent (a delegate's
    /// code), for the same-respondent rule; the first a form has is used. None: ids only.
    package var respondentIdQuestions: [String]
    /// The data-quality checks' and back-checks' parameters.
    package var quality = QualitySettings()
    /// Which questions collect personal data, for what, and for how long.
    package var personalData = PersonalDataSettings()
    package var values: [String: String]

    package var document: DocumentSettings { DocumentSettings(values) }
}

package enum SelectMultipleCredit: String, Sendable, Codable {
    case share
    case best
}
