import Foundation

/// Set-wide parameters (`set.csv`).
public struct SetSettings: Sendable, Codable {
    public var title: String
    public var province: String
    public var year: String
    public var decision: String
    /// `content_points`: the points of the survey content each index must add up to, unless it
    /// sets its own in `indices.csv`; nil when set.csv has none.
    public var contentPoints: Decimal?
    /// Share of scored questions that must have a counted answer (default 0.5).
    public var minCompleteness: Decimal
    /// Credit of a `select_multiple` answer: `share` of the positive choices ticked, or `best`.
    public var selectMultiple: SelectMultipleCredit
    /// `respondent_id_questions`: the questions whose answer identifies a respondent (a delegate's
    /// code), for the same-respondent rule; the first a form has is used. None: ids only.
    public var respondentIdQuestions: [String]
    /// The data-quality checks' and back-checks' parameters.
    public var quality = QualitySettings()
    /// Which questions collect personal data, for what, and for how long.
    public var personalData = PersonalDataSettings()
    public var values: [String: String]

    public var document: DocumentSettings { DocumentSettings(values) }
}

public enum SelectMultipleCredit: String, Sendable, Codable {
    case share
    case best
}
