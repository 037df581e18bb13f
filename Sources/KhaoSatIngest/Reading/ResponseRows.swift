import Foundation
import KhaoSatCSV
import KhaoSatSPSS
import KhaoSatXLSX

/// A contractor file as records, whatever it was saved as: CSV (through libcsv), one sheet
/// of an .xlsx workbook (the first, or `IngestOptions.sheet`), or an SPSS .sav/.zsav file
/// (a record per case, variable names as the header). The format is told by the content,
/// not the name, so an .xlsx renamed .csv is read too. Everything after this reads records only.
struct ResponseRows {
    let path: String
    let name: String
    let options: IngestOptions
    /// The workbook and the sheet to read; nil for a CSV or SPSS file.
    private let book: XLSXWorkbook?
    let sheet: String?
    private let spss: Bool

    init(path: String, name: String, options: IngestOptions) throws {
        self.path = path
        self.name = name
        self.options = options
        let head = Self.head(path)
        spss = SPSSFile.recognises(head)
        if head == Data([0x50, 0x4B, 0x03, 0x04]) {
            let book = try XLSXWorkbook(path: path, name: name)
            self.book = book
            sheet = try Self.chosenSheet(book, options.sheet, file: name)
        } else {
            book = nil
            sheet = nil
        }
    }

    private static func head(_ path: String) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) ?? Data()
    }

    /// Calls `body` with every record; returns the warnings. `valueLabels` hears, before the
    /// first record, the codes → labels of each column that has them (SPSS).
    func forEachRecord(valueLabels: (([Int: [String: String]]) -> Void)? = nil,
                       _ body: (CSVRecord) throws -> Void) throws -> [String] {
        if spss { return try forEachCase(valueLabels: valueLabels, body) }
        guard let book, let sheet else {
            let summary = try CSVReader(path: path, name: name, options: CSVReadOptions(delimiter: options.delimiter))
                .forEachRecord(body)
            return summary.warnings.map(\.description)
        }
        var warnings: [String] = []
        let others = book.sheetNames.filter { $0 != sheet }
        if !others.isEmpty {
            // KoBoToolbox puts each repeat group on a sheet of its own; they carry no score.
            warnings.append("\(name): chỉ đọc trang \"\(sheet)\"; bỏ qua \(others.count) trang khác ("
                + others.map { "\"\($0)\"" }.joined(separator: ", ") + ").")
        }
        var text = TextInspector(file: name)
        var number = 0, width = 0
        try book.forEachRow(inSheet: sheet) { row in
            number += 1
            var fields: [String] = []
            fields.reserveCapacity(max(width, row.cells.count))
            for (i, cell) in row.cells.enumerated() {
                fields.append(try text.inspect(cell, at: CSVLocation(file: name, line: row.number, field: i + 1, sheet: sheet)))
            }
            // Excel leaves out the empty cells at the end of a row: rows are as wide as the header.
            if number == 1 { width = fields.count }
            if fields.count < width { fields += repeatElement("", count: width - fields.count) }
            try body(CSVRecord(number: number, line: row.number, endLine: row.number, fields: fields))
        }
        try text.finish()
        return warnings
    }

    /// An SPSS file: the variable names are the header (line 0), each case a record (line = case number).
    private func forEachCase(valueLabels: (([Int: [String: String]]) -> Void)?, _ body: (CSVRecord) throws -> Void) throws -> [String] {
        var text = TextInspector(file: name)
        var width = 0
        try SPSSFile.read(path: path, name: name, header: { variables in
            width = variables.count
            var labels: [Int: [String: String]] = [:]
            for (i, v) in variables.enumerated() where !v.valueLabels.isEmpty { labels[i] = v.valueLabels }
            valueLabels?(labels)
            try body(CSVRecord(number: 1, line: 0, endLine: 0, fields: variables.map(\.name)))
        }, body: { number, values in
            var fields: [String] = []
            fields.reserveCapacity(width)
            for (i, value) in values.enumerated() {
                fields.append(try text.inspect(value, at: CSVLocation(file: name, line: number, field: i + 1)))
            }
            try body(CSVRecord(number: number + 1, line: number, endLine: number, fields: fields))
        })
        try text.finish()
        return []
    }

    private static func chosenSheet(_ book: XLSXWorkbook, _ wanted: String?, file: String) throws -> String {
        if let wanted {
            guard book.sheetNames.contains(wanted) else {
                throw XLSXError.noSuchSheet(file: file, sheet: wanted, available: book.sheetNames)
            }
            return wanted
        }
        guard let first = book.sheetNames.first else { throw XLSXError.notAWorkbook(file: file, reason: "không có trang tính nào") }
        return first
    }
}
