import Foundation

/// Where accepted submissions go as they are read. A file's submissions go to a sink of its
/// own, merged into the run's only when the whole file was read, so a file that breaks
/// halfway leaves no trace in the results.
public protocol SubmissionSink {
    /// Which answers the sink reads: submissions waiting for the end of the run keep only those.
    static var answersNeeded: AnswersNeeded { get }
    mutating func add(_ submission: Submission)
    mutating func merge(_ other: Self)
}

/// Whether a sink reads a submission's answers themselves.
public enum AnswersNeeded: Int, Sendable, Comparable {
    /// The codes and what the validator derives from the answers (`interview`, `fingerprint`).
    case none
    case all

    public static func < (a: AnswersNeeded, b: AnswersNeeded) -> Bool { a.rawValue < b.rawValue }
}

/// Keeps nothing: `validate` needs only the accounting.
public struct SubmissionDiscard: SubmissionSink, Sendable {
    public static let answersNeeded = AnswersNeeded.none
    public init() {}
    public mutating func add(_ submission: Submission) {}
    public mutating func merge(_ other: SubmissionDiscard) {}
}

/// Keeps every submission: for tests and small runs.
public struct SubmissionList: SubmissionSink, Sendable {
    public static let answersNeeded = AnswersNeeded.all
    public var submissions: [Submission] = []
    public init() {}
    public mutating func add(_ submission: Submission) { submissions.append(submission) }
    public mutating func merge(_ other: SubmissionList) { submissions += other.submissions }
}
