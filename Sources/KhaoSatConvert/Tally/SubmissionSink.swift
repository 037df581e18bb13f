import Foundation

/// Where accepted submissions go as they are read. A file's submissions go to a sink of its
/// own, merged into the run's only when the whole file was read, so a file that breaks
/// halfway leaves no trace in the results. A sink reads what the validator derived from the
/// answers (`codes`, `interview`, `fingerprint`), not the answers (kept only when a reading asks
/// for them: `IngestOptions.keepsAnswers`).
package protocol SubmissionSink {
    mutating func add(_ submission: Submission)
    mutating func merge(_ other: Self)
    /// False for a sink that looks at no submission: what waits for it can be kept slim.
    static var readsSubmissions: Bool { get }
}

extension SubmissionSink {
    package static var readsSubmissions: Bool { true }
}

/// Keeps nothing: `validate` needs only the accounting.
package struct SubmissionDiscard: SubmissionSink, Sendable {
    package init() {}
    package mutating func add(_ submission: Submission) {}
    package mutating func merge(_ other: SubmissionDiscard) {}
    package static var readsSubmissions: Bool { false }
}

/// Keeps every submission: for tests and small runs.
package struct SubmissionList: SubmissionSink, Sendable {
    package var submissions: [Submission] = []
    package init() {}
    package mutating func add(_ submission: Submission) { submissions.append(submission) }
    package mutating func merge(_ other: SubmissionList) { submissions += other.submissions }
}
