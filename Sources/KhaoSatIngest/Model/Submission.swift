import Foundation
import KhaoSatCSV

/// An answer after validation, in the questionnaire's own terms (choice names, not labels).
public enum Answer: Sendable, Hashable, Codable {
    case choice(String)
    case choices([String])
    case number(Decimal)
    case text(String)
}

/// Where a submission came from.
public struct Source: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
}

/// One respondent rating one unit, accepted.
public struct Submission: Sendable, Hashable, Codable {
    public var id: String
    public var form: String
    public var group: String
    public var unitCode: String
    public var respondent: String?
    public var submittedAt: Date?
    public var answers: [String: Answer]
    public var source: Source
    /// `ChoiceCodes` of the answers, when the validator made them ([] otherwise).
    public var codes: [Int32] = []
    /// Set while the submission waits for the end of the run without its answers.
    var digestOfAnswers: UInt64? = nil
}
