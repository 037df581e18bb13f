import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// `quality.csv` (one row per flag) and `quality-fieldwork.csv` (per interviewer and device).
package enum QualityTables {
    package static let flags = CSVTable<QualityFinding>([
        .init("file") { .text($0.source?.file ?? "") },
        .init("line") { $0.source.map { .number(String($0.line)) } ?? "" },
        .init("submission_id") { .text($0.submissionId) },
        .init("unit_code") { .text($0.unit) },
        .init("interviewer") { .text($0.interviewer) },
        .init("device") { .text($0.device) },
        .init("flag") { .text($0.flag.rawValue) },
        .init("evidence") { .text($0.evidence) },
    ])

    package static let fieldwork = CSVTable<FieldworkStats>([
        .init("kind") { .text($0.kind.rawValue) },
        .init("code") { .text($0.code) },
        .init("submissions") { .number(String($0.submissions)) },
        .init("days") { .number(String($0.days)) },
        .init("max_per_day") { .number(String($0.maxPerDay)) },
        .init("median_minutes") { $0.medianMinutes.map { .number(Decimals.format($0, scale: 1)) } ?? "" },
        .init("flagged") { .number(String($0.flagged)) },
        .init("flagged_share") { .number(Decimals.format(Decimal($0.flagged) / Decimal(max($0.submissions, 1)), scale: 4)) },
        .init("concentration") { .number(String($0.concentrated)) },
        .init("distribution") { .number(String($0.distributions)) },
    ])
}

/// What `content3.json` keeps of the checks: counts, what could not be checked, what was excluded.
package struct QualitySummary: Sendable, Codable, Equatable {
    package var submissions: Int
    /// Flag code → findings.
    package var flags: [String: Int]
    /// Submissions with at least one flag.
    package var flaggedSubmissions: Int
    package var notChecked: [String]
    /// The flags whose submissions this run left out (`convert --exclude-flags`), and how many.
    package var excludedFlags: [String]?
    /// The interviewers whose submissions this run left out (rejected after a back-check).
    package var excludedInterviewers: [String]?
    package var excluded: Int?

    package init(_ report: QualityReport, excluded: Exclusion, excludedCount: Int) {
        submissions = report.submissions
        flags = Dictionary(report.counts.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +)
        flaggedSubmissions = report.flaggedSubmissions
        notChecked = report.notChecked
        excludedFlags = excluded.flags.isEmpty ? nil : excluded.flags.map(\.rawValue).sorted()
        excludedInterviewers = excluded.interviewers.isEmpty ? nil : excluded.interviewers.sorted()
        self.excluded = excluded.isEmpty ? nil : excludedCount
    }
}

/// What a run leaves out after the checks: submissions with these flags, and every submission
/// of these interviewers (rejected by a back-check).
package struct Exclusion: Sendable, Equatable {
    package var flags: Set<QualityFlag>
    package var interviewers: Set<String>

    package init(flags: Set<QualityFlag> = [], interviewers: Set<String> = []) {
        self.flags = flags
        self.interviewers = interviewers
    }

    package var isEmpty: Bool { flags.isEmpty && interviewers.isEmpty }
}

extension QualityReport {
    /// The few lines a run prints: flags by type, and what could not be checked.
    package var text: String {
        var lines = ["Kiểm tra chất lượng (\(submissions) phiếu được chấp nhận): "
            + "\(flaggedSubmissions) phiếu gắn cờ."]
        for (flag, n) in counts.sorted(by: { $0.key < $1.key }) { lines.append("  \(flag.rawValue) – \(flag.title): \(n)") }
        lines += notChecked.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}

extension QualityFlag {
    /// `SPEEDING,NEAR_DUPLICATE` → the flags; a Vietnamese message naming the codes it does not know.
    package static func parseList(_ text: String) -> Result<Set<QualityFlag>, QualityFlagListError> {
        var flags = Set<QualityFlag>()
        for piece in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !piece.isEmpty {
            guard let flag = QualityFlag(rawValue: piece), flag.isPerSubmission else { return .failure(QualityFlagListError(code: piece)) }
            flags.insert(flag)
        }
        return .success(flags)
    }
}

package struct QualityFlagListError: Error, CustomStringConvertible {
    package var code: String
    package var description: String {
        "--exclude-flags không có cờ \"\(code)\"; dùng các cờ của từng phiếu: "
            + QualityFlag.allCases.filter(\.isPerSubmission).map(\.rawValue).joined(separator: ", ") + "."
    }
}
