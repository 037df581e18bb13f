import KhaoSatCSV

/// The quarantine as an Excel-safe CSV: one row per submission set aside.
public enum QuarantineFile {
    public static let header: [CSVCell] = ["file", "line", "column", "submission_id", "unit", "reason", "message", "raw_row"]

    public static func rows(_ entries: [QuarantineEntry]) -> [[CSVCell]] {
        [header] + entries.map(row)
    }

    private static let rawEncoder = CSVEncoder(options: CSVWriteOptions(byteOrderMark: false))

    static func row(_ e: QuarantineEntry) -> [CSVCell] {
        var line: [UInt8] = []
        rawEncoder.encode(e.rawRow.map { .text($0) }, into: &line)
        return [.text(e.source.file), .number(String(e.source.line)), e.column.map { .number(String($0)) } ?? .text(""),
                .text(e.submissionId), .text(e.unit), .text(e.reason.rawValue), .text(e.message),
                .text(String(decoding: line.dropLast(2), as: UTF8.self))]
    }

    /// Row by row: a large quarantine is never encoded whole in memory.
    public static func write(_ entries: [QuarantineEntry], to path: String) throws {
        let writer = try CSVFileWriter(path: path)
        try writer.write(header)
        for e in entries { try writer.write(row(e)) }
        try writer.close()
    }
}
