import KhaoSatCSV

/// An output CSV read back through the project's reader, its cells found by column name, so
/// a test does not break, or pass by luck, when a column moves.
package struct CSVRecords {
    package let header: [String]
    package let rows: [[String: String]]

    package init(path: String) throws {
        (header, rows) = try CSVReader(path: path).readNamedRows()
    }

    /// A file the test holds in memory (a run's output).
    package init(bytes: [UInt8], name: String) throws {
        (header, rows) = try CSVReader(bytes: bytes, name: name).readNamedRows()
    }

    package init(header: [String], rows: [[String: String]]) {
        self.header = header
        self.rows = rows
    }

    /// The rows whose `column` is `value`.
    package func rows(where column: String, is value: String) -> [[String: String]] {
        rows.filter { $0[column] == value }
    }

    /// The one row whose `column` is `value`; nil when none or several.
    package func row(where column: String, is value: String) -> [String: String]? {
        let found = rows(where: column, is: value)
        return found.count == 1 ? found[0] : nil
    }
}
