import KhaoSatCSV

/// The quarantine as an Excel-safe CSV: one row per submission set aside.
package enum QuarantineFile {
    package static let table = CSVTable<QuarantineEntry>([
        .init("file") { .text($0.source.file) },
        .init("line") { .number(String($0.source.line)) },
        .init("column") { $0.column.map { .number(String($0)) } ?? "" },
        .init("submission_id") { .text($0.submissionId) },
        .init("unit") { .text($0.unit) },
        .init("reason") { .text($0.reason.rawValue) },
        .init("message") { .text($0.message) },
        .init("raw_row") { e in
            var line: [UInt8] = []
            rawEncoder.encode(e.rawRow.map { .text($0) }, into: &line)
            return .text(String(decoding: line.dropLast(2), as: UTF8.self))
        },
    ])

    private static let rawEncoder = CSVEncoder(options: CSVWriteOptions(byteOrderMark: false))
}
