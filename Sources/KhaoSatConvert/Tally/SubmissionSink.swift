import Foundation

/// Where accepted submissions go as they are read. A file's submissions go to a sink of its
/// own, merged into the run's only when the whole file was read, so a file that breaks
/// halfway leaves no trace in the results.
public protocol SubmissionSink {
    /// False when the sink reads a submission's `codes` only: submissions waiting for the
    /// end of the run are then kept without their answers.
    static var needsAnswers: Bool { get }
    mutating func add(_ submission: Submission)
    mutating func merge(_ other: Self)
}

/// Keeps nothing: `validate` needs only the accounting.
public struct SubmissionDiscard: SubmissionSink, Sendable {
    public static let needsAnswers = false
    public init() {}
    public mutating func add(_ submission: Submission) {}
    public mutating func merge(_ other: SubmissionDiscard) {}
}

/// Keeps every submission: for tests and small runs.
public struct SubmissionList: SubmissionSink, Sendable {
    public static let needsAnswers = true
    public var submissions: [Submission] = []
    public init() {}
    public mutating func add(_ submission: Submission) { submissions.append(submission) }
    public mutating func merge(_ other: SubmissionList) { submissions += other.submissions }
}
