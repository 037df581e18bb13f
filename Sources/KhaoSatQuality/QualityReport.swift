import Foundation
import KhaoSatConvert

/// One finding: a submission's flag, or an interviewer's (no file, line or submission).
public struct QualityFinding: Sendable, Equatable {
    public var source: Source?
    public var submissionId: String
    public var unit: String
    public var interviewer: String
    public var device: String
    public var flag: QualityFlag
    /// In Vietnamese, with the numbers behind the flag.
    public var evidence: String
}

/// Per interviewer or per device: what a reviewer looks at first.
public struct FieldworkStats: Sendable, Equatable {
    public enum Kind: String, Sendable { case interviewer, device }
    public var kind: Kind
    public var code: String
    public var submissions: Int
    public var days: Int
    public var maxPerDay: Int
    /// Median interview length in minutes, when the submissions have start and end.
    public var medianMinutes: Decimal?
    /// Submissions with at least one flag.
    public var flagged: Int
    /// Units where it made most of the responses (`CONCENTRATION`), questions whose answers differ (`DISTRIBUTION`).
    public var concentrated: Int
    public var distributions: Int
}

/// Everything the checks found in one run.
public struct QualityReport: Sendable {
    public var findings: [QualityFinding]
    public var stats: [FieldworkStats]
    /// Checks that could not run, and why, in Vietnamese.
    public var notChecked: [String]
    public var submissions: Int
    /// Submissions with at least one flag of their own.
    public var flaggedSubmissions: Int

    /// Flag → how many findings.
    public var counts: [QualityFlag: Int] {
        findings.reduce(into: [:]) { $0[$1.flag, default: 0] += 1 }
    }

    /// Submissions (file, line, id) carrying one of `flags`.
    public func flagged(by flags: Set<QualityFlag>) -> Set<SubmissionKey> {
        Set(findings.filter { flags.contains($0.flag) }.compactMap { f in f.source.map { SubmissionKey($0, f.submissionId) } })
    }
}

public struct SubmissionKey: Hashable, Sendable {
    public var file: String
    public var line: Int
    public var id: String

    public init(_ source: Source, _ id: String) {
        file = source.file
        line = source.line
        self.id = id
    }
}
