import Foundation

/// Where accepted submissions go as they are read. A file's submissions go to a sink of its
/// own, merged into the run's only when the whole file was read, so a file that breaks
/// halfway leaves no trace in the results.
package protocol SubmissionSink {
    /// Which answers the sink reads: submissions waiting for the end of the run keep only those.
    static var answersNeeded: AnswersNeeded { get }
    mutating func add(_ submission: Submission)
    mutating func merge(_ other: Self)
}

/// Whether a sink reads a submission's answers themselves.
package enum AnswersNeeded: Int, Sendable, Comparable {
    /// The codes and what the validator derives from the answers (`interview`, `fingerprint`).
    case none
    case all

    package static func < (a: AnswersNeeded, b: AnswersNeeded) -> Bool { a.rawValue < b.rawValue }
}

/// Keeps nothing: `validate` needs only the accounting.
package struct SubmissionDiscard: SubmissionSink, Sendable {
    package static let answersNeeded = AnswersNeeded.none
    package init() {}
    package mutating func add(_ submission: Submission) {}
    package mutating func merge(_ other: SubmissionDiscard) {}
}

/// Keeps every submission: for tests and small runs.
package struct SubmissionList: SubmissionSink, Sendable {
    package static let answersNeeded = AnswersNeeded.all
    package var submissions: [Submission] = []
    package init() {}
    package mutating func add(_ submission: Submission) { submissions.append(submission) }
    package mutating func merge(_ other: SubmissionList) { submissions += other.submissions }
}
