import Foundation
import KhaoSatCSV
import KhaoSatSPSS
import KhaoSatXLSX

/// A contractor file as records, whatever it was saved as: CSV (through libcsv), one sheet
/// of an .xlsx workbook (the first, or `IngestOptions.sheet`), or an SPSS .sav/.zsav file
/// (a record per case, variable names as the header), or ODK Central's .zip download (its main
/// table; the repeat groups' tables are left out with a note). The format is told by the
/// content, not the name, so an .xlsx renamed .csv is read too. Everything after this reads
/// records only.
package struct ResponseRows {
    package let path: String
    package let name: String
    package let options: IngestOptions
    /// The workbook and the sheet to read; nil for a CSV or SPSS file.
    private let book: XLSXWorkbook?
    package let sheet: String?
    private let spss: Bool
    /// ODK Central's .zip: the main table's entry, and the repeat tables left out.
    private let zipped: (main: String, others: [String])?

    package init(path: String, name: String, options: IngestOptions = IngestOptions()) throws {
        self.path = path
        self.name = name
        self.options = options
        if let problem = Self.problem(path: path, name: name) { throw problem }
        let head = Self.head(path)
        spss = SPSSFile.recognises(head)
        zipped = head == Data([0x50, 0x4B, 0x03, 0x04]) ? try Self.csvTables(path: path, name: name) : nil
        if head == Data([0x50, 0x4B, 0x03, 0x04]), zipped == nil {
            let book = try XLSXWorkbook(path: path, name: name)
            self.book = book
            sheet = try Self.chosenSheet(book, options.sheet, file: name)
        } else {
            book = nil
            sheet = nil
        }
    }

    /// Why a file could not be read as records.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Why `path` cannot be read at all (missing, a folder), in Vietnamese; nil when it is a file.
    package static func problem(path: String, name: String) -> Failure? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return Failure(description: "\(name): không có tệp này.")
        }
        return isDirectory.boolValue ? Failure(description: "\(name): đây là một thư mục, không phải tệp kết quả.") : nil
    }

    /// A plain CSV file (not a workbook, an SPSS file or a ZIP).
    package var isCSV: Bool { !spss && zipped == nil && sheet == nil }

    /// What the file is, in Vietnamese, for `khaosat inspect`.
    package var format: String {
        if spss { return "SPSS" }
        if let zipped { return "ZIP (bảng chính \(zipped.main))" }
        if let sheet { return "Excel .xlsx, trang \"\(sheet)\"" }
        return "CSV"
    }

    /// A ZIP of CSV files (ODK Central's download): the main table is the one without `PARENT_KEY`.
    /// nil for a ZIP that is a workbook.
    private static func csvTables(path: String, name: String) throws -> (main: String, others: [String])? {
        let opened: ZipArchive?
        do { opened = try ZipArchive(path: path) } catch { throw Failure(description: "\(name): \(error).") }
        guard let archive = opened, archive["xl/workbook.xml"] == nil else { return nil }
        let tables = archive.entries.filter { !$0.isDirectory && $0.path.lowercased().hasSuffix(".csv") }.map(\.path).sorted()
        var mains: [String] = []
        for table in tables {
            guard let entry = archive[table] else { continue }
            var head = Data()
            do {
                try archive.extract(entry, chunkSize: 4096) { chunk in
                    head.append(chunk)
                    if head.count >= 4096 || head.contains(0x0A) { throw CancellationError() }
                }
            } catch is CancellationError {
            } catch {
                throw Failure(description: "\(name): \(error).")
            }
            let firstLine = String(decoding: head.prefix { $0 != 0x0A }, as: UTF8.self)
            if !firstLine.contains("PARENT_KEY") { mains.append(table) }
        }
        guard mains.count == 1, let main = mains.first else {
            throw Failure(description: "\(name): tệp ZIP cần đúng một bảng CSV chính (như bản tải về của ODK Central); "
                + "tìm thấy \(mains.count) trong các tệp: " + tables.joined(separator: ", ") + ".")
        }
        return (main, tables.filter { $0 != main })
    }

    private static func head(_ path: String) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) ?? Data()
    }

    /// Calls `body` with every record; returns the warnings. `valueLabels` hears, before the
    /// first record, the codes → labels of each column that has them (SPSS). `bytesRead` sees
    /// every byte of the file: a CSV's as they are parsed; a workbook's, SPSS or ZIP file's
    /// (read by position, not in order) in one more pass at the end.
    package func forEachRecord(valueLabels: (([Int: [String: String]]) -> Void)? = nil,
                              bytesRead: ((UnsafeRawBufferPointer) -> Void)? = nil,
                              _ body: (CSVRecord) throws -> Void) throws -> [String] {
        options.readCounter?.count(name)
        guard isCSV else {
            let warnings = try forEachRecordByPosition(valueLabels: valueLabels, body)
            if let bytesRead { try Self.readWhole(path, name: name, bytesRead) }
            return warnings
        }
        let summary = try CSVReader(path: path, name: name, options: CSVReadOptions(delimiter: options.delimiter))
            .forEachRecord(bytesRead: bytesRead, body)
        return summary.warnings.map(\.description)
    }

    private static func readWhole(_ path: String, name: String, _ bytesRead: (UnsafeRawBufferPointer) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "\(name): không mở được tệp.") }
        defer { try? handle.close() }
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { block.withUnsafeBytes(bytesRead) }
    }

    private func forEachRecordByPosition(valueLabels: (([Int: [String: String]]) -> Void)?,
                                         _ body: (CSVRecord) throws -> Void) throws -> [String] {
        if spss { return try forEachCase(valueLabels: valueLabels, body) }
        if let zipped { return try forEachZippedRecord(zipped, body) }
        guard let book, let sheet else { return [] }
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
                fields.append(try text.inspect(cell, at: FileLocation(file: name, line: row.number, field: i + 1, sheet: sheet)))
            }
            // Excel leaves out the empty cells at the end of a row: rows are as wide as the header.
            if number == 1 { width = fields.count }
            if fields.count < width { fields += repeatElement("", count: width - fields.count) }
            try body(CSVRecord(number: number, line: row.number, endLine: row.number, fields: fields))
        }
        try text.finish()
        return warnings
    }

    /// The main table of a ZIP, unpacked to a temporary file and read as any CSV file.
    private func forEachZippedRecord(_ tables: (main: String, others: [String]), _ body: (CSVRecord) throws -> Void) throws -> [String] {
        guard let archive = try ZipArchive(path: path), let entry = archive[tables.main] else {
            throw Failure(description: "\(name): thiếu \(tables.main)")
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-zip-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
                  let out = FileHandle(forWritingAtPath: temporary.path) else { throw ZipError.unreadable(path: temporary.path) }
            defer { try? out.close() }
            try archive.extract(entry) { try out.write(contentsOf: $0) }
        } catch {
            throw Failure(description: "\(name): không giải nén được \(tables.main): \(error).")
        }
        let summary = try CSVReader(path: temporary.path, name: name + "/" + tables.main,
                                    options: CSVReadOptions(delimiter: options.delimiter)).forEachRecord(body)
        var warnings = summary.warnings.map(\.description)
        if !tables.others.isEmpty {
            warnings.append("\(name): đọc bảng chính \(tables.main); bỏ qua \(tables.others.count) bảng nhóm lặp lại ("
                + tables.others.joined(separator: ", ") + ").")
        }
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
                fields.append(try text.inspect(value, at: FileLocation(file: name, line: number, field: i + 1)))
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
