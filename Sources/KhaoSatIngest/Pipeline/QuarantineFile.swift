import KhaoSatCSV

/// The quarantine as an Excel-safe CSV: one row per submission set aside.
public enum QuarantineFile {
    public static let header: [CSVCell] = ["file", "line", "column", "submission_id", "unit", "reason", "message", "raw_row"]

    public static func rows(_ entries: [QuarantineEntry]) -> [[CSVCell]] {
        let raw = CSVEncoder(options: CSVWriteOptions(byteOrderMark: false))
        return [header] + entries.map { e in
            var line: [UInt8] = []
            raw.encode(e.rawRow.map { .text($0) }, into: &line)
            return [.text(e.source.file), .number(String(e.source.line)), e.column.map { .number(String($0)) } ?? .text(""),
                    .text(e.submissionId), .text(e.unit), .text(e.reason.rawValue), .text(e.message),
                    .text(String(decoding: line.dropLast(2), as: UTF8.self))]
        }
    }

    public static func write(_ entries: [QuarantineEntry], to path: String) throws {
        let writer = try CSVFileWriter(path: path)
        for row in rows(entries) { try writer.write(row) }
        try writer.close()
    }
}
