import Foundation
import KhaoSatConvert

/// One finding: a submission's flag, or an interviewer's (no file, line or submission).
package struct QualityFinding: Sendable, Equatable {
    package var source: Source?
    package var submissionId: String
    package var unit: String
    package var interviewer: String
    package var device: String
    package var flag: QualityFlag
    /// In Vietnamese, with the numbers behind the flag.
    package var evidence: String
}

/// Per interviewer or per device: what a reviewer looks at first.
package struct FieldworkStats: Sendable, Equatable {
    package enum Kind: String, Sendable { case interviewer, device }
    package var kind: Kind
    package var code: String
    package var submissions: Int
    package var days: Int
    package var maxPerDay: Int
    /// Median interview length in minutes, when the submissions have start and end.
    package var medianMinutes: Decimal?
    /// Submissions with at least one flag.
    package var flagged: Int
    /// Units where it made most of the responses (`CONCENTRATION`), questions whose answers differ (`DISTRIBUTION`).
    package var concentrated: Int
    package var distributions: Int
}

/// Everything the checks found in one run.
package struct QualityReport: Sendable {
    package var findings: [QualityFinding]
    package var stats: [FieldworkStats]
    /// Checks that could not run, and why, in Vietnamese.
    package var notChecked: [String]
    package var submissions: Int
    /// Submissions with at least one flag of their own.
    package var flaggedSubmissions: Int

    /// Flag → how many findings.
    package var counts: [QualityFlag: Int] {
        findings.reduce(into: [:]) { $0[$1.flag, default: 0] += 1 }
    }

    /// Submissions (file, line, id) carrying one of `flags`.
    package func flagged(by flags: Set<QualityFlag>) -> Set<SubmissionKey> {
        Set(findings.filter { flags.contains($0.flag) }.compactMap { f in f.source.map { SubmissionKey($0, f.submissionId) } })
    }
}

package struct SubmissionKey: Hashable, Sendable {
    package var file: String
    package var line: Int
    package var id: String

    package init(_ source: Source, _ id: String) {
        file = source.file
        line = source.line
        self.id = id
    }
}
