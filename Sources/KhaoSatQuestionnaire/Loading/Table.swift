import Foundation
import KhaoSatCSV

/// A sheet of rows under a header row, each row keeping its physical line.
struct Table {
    struct Row {
        var line: Int
        var cells: [String]
    }

    var file: String
    var header: [String]
    var rows: [Row]

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Columns whose header starts with `prefix` (e.g. `label::`), with the rest of the header.
    func columns(prefixed prefix: String) -> [(index: Int, suffix: String)] {
        header.enumerated().compactMap { i, h in
            h.hasPrefix(prefix) ? (i, String(h.dropFirst(prefix.count))) : nil
        }
    }

    func value(_ row: Row, _ column: Int?) -> String {
        guard let column, column < row.cells.count else { return "" }
        return row.cells[column]
    }

    func location(_ row: Row, _ column: Int? = nil) -> CSVLocation {
        CSVLocation(file: file, line: row.line, field: column.map { $0 + 1 + fieldOffset })
    }

    /// In pyxform's single-file layout, column A holds the sheet name, so data column 0 is field 2.
    var fieldOffset = 0

    /// Requires each column; reports the missing ones.
    func require(_ names: [String], into problems: inout [SetProblem]) -> [Int]? {
        var found: [Int] = []
        for name in names {
            if let c = column(name) { found.append(c) } else {
                problems.append(SetProblem(CSVLocation(file: file, line: headerLine), .missingColumn(name)))
            }
        }
        return found.count == names.count ? found : nil
    }

    var headerLine = 1

    /// A plain CSV file: first record is the header; cells trimmed; blank rows skipped.
    static func read(path: String, name: String) throws(CSVError) -> Table {
        var table = Table(file: name, header: [], rows: [])
        do {
            try CSVReader(path: path, name: name).forEachRecord { record in
                let cells = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                if table.header.isEmpty {
                    table.header = cells
                    table.headerLine = record.line
                } else if cells.contains(where: { !$0.isEmpty }) {
                    table.rows.append(Row(line: record.line, cells: cells))
                }
            }
        } catch let e as CSVError {
            throw e
        } catch {
            throw .cannotRead(file: name, reason: "\(error)")
        }
        return table
    }
}
