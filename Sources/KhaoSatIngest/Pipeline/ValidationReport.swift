import Foundation
import KhaoSatConvert

/// The contractor's report: accounting per file, then the reasons with their first examples.
package enum ValidationReport {
    package static func text(_ result: IngestResult, examples: Int) -> String {
        var lines: [String] = []
        for failure in result.failures { lines.append("KHÔNG ĐỌC ĐƯỢC: \(failure.message)") }
        for f in result.files + (result.files.count > 1 ? [result.total] : []) {
            let name = f.file.isEmpty ? "Tổng cộng" : "\(f.file) (\(f.layout.rawValue), phiếu \(f.form))"
            let notSubmissions = f.notSubmissions > 0 ? " (\(f.notSubmissions) dòng không phải phiếu: tiêu đề bảng, thẻ HXL)" : ""
            let expanded = f.submissions != f.rows - f.notSubmissions ? " → \(f.submissions) phiếu đánh giá" : ""
            lines.append("\(name): đọc \(f.rows) dòng\(notSubmissions)\(expanded) = \(f.accepted) chấp nhận + \(f.setAside) loại ra + \(f.duplicates) trùng bỏ qua")
        }
        let byReason = Dictionary(grouping: result.quarantine, by: \.reason)
        for reason in byReason.keys.sorted() {
            let entries = byReason[reason]!
            lines.append("")
            lines.append("\(reason.rawValue) – \(reason.title): \(entries.count)")
            for e in entries.prefix(examples) {
                lines.append("  \(e.source.location(column: e.column)): \(e.message)")
            }
            if examples > 0, entries.count > examples { lines.append("  … và \(entries.count - examples) dòng khác") }
        }
        for warning in result.warnings { lines.append("Cảnh báo: \(warning)") }
        return lines.joined(separator: "\n")
    }

    /// The report as `--format json` writes it, and as the portal reads it back.
    package struct Document: Codable, Sendable {
        package var files: [FileAccounting]
        package var total: FileAccounting
        package var failures: [FileFailure]
        /// Rows set aside per reason code.
        package var reasons: [String: Int]
        /// Every row set aside, or (when `examplesPerReason` is set) the first ones of each reason.
        package var quarantine: [QuarantineEntry]
        package var warnings: [String]
        /// Set in the portal's stored copy, whose rows set aside are all in its quarantine file.
        package var examplesPerReason: Int?
        /// The portal's quality checks of the upload: findings per flag code, and what could not be checked.
        package var qualityFlags: [String: Int]?
        package var qualityNotChecked: [String]?
    }

    /// `rawRows`: where the entries set aside after reading get their raw rows back.
    /// `examplesPerReason`: keep only the first rows of each reason (nil: all of them).
    /// `quality`: the flag counts and notes of the quality checks, when they ran.
    package static func json(_ result: IngestResult, rawRows: QuarantineWriter, examplesPerReason: Int? = nil,
                            quality: (flags: [String: Int], notChecked: [String])? = nil) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var reasons: [String: Int] = [:]  // counted, not grouped: grouping would copy every entry
        for entry in result.quarantine { reasons[entry.reason.rawValue, default: 0] += 1 }
        // A Google grid row set aside for every unit it rates would repeat its raw row each time:
        // the row is written with the first entry of its line only.
        var seen: Set<Source> = []
        var shown: [Reason: Int] = [:]
        let selected = result.quarantine.filter { entry in
            guard let limit = examplesPerReason else { return true }
            guard shown[entry.reason, default: 0] < limit else { return false }
            shown[entry.reason, default: 0] += 1
            return true
        }
        var quarantine: [QuarantineEntry] = []
        try rawRows.complete(selected) { entry in
            var e = entry
            if !seen.insert(e.source).inserted { e.rawRow = [] }
            quarantine.append(e)
        }
        let report = Document(files: result.files, total: result.total, failures: result.failures, reasons: reasons,
                              quarantine: quarantine, warnings: result.warnings, examplesPerReason: examplesPerReason,
                              qualityFlags: quality?.flags, qualityNotChecked: quality?.notChecked)
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    package static func document(json: String) throws -> Document {
        try JSONDecoder().decode(Document.self, from: Data(json.utf8))
    }
}
