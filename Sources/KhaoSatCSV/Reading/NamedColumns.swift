/// Where an input table's required columns are, found by header name: code reads a cell as
/// `columns["unit_code"]`, never by position (the mirror of `CSVTable`, which writes by name).
package struct NamedColumns: Sendable {
    private let positions: [String: Int]

    /// The columns of `names` in `header`; the names missing, in their order, when any is.
    package static func find(_ names: [String], in header: [String]) -> Result<NamedColumns, Missing> {
        var positions: [String: Int] = [:], missing: [String] = []
        for name in names {
            if let p = header.firstIndex(of: name) { positions[name] = p } else { missing.append(name) }
        }
        return missing.isEmpty ? .success(NamedColumns(positions: positions)) : .failure(Missing(names: missing))
    }

    package struct Missing: Error {
        package let names: [String]
    }

    /// The column's position; only names that were required.
    package subscript(_ name: String) -> Int {
        guard let p = positions[name] else { preconditionFailure("column \(name) was not required") }
        return p
    }
}
