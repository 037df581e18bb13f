import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// A person's rows in a response file, found through the pseudonyms of the declared values,
/// and the file's copy with those values replaced by their pseudonyms: what a person's request
/// and the retention period's purge work from. Read as the conversion reads (any format, title
/// rows above the header); SPSS codes are copied as their value labels, which the conversion
/// reads first.
package struct PersonalRow: Sendable {
    package var line: Int
    /// The form's column names, then this record's fields, as read.
    package var header: [String]
    package var fields: [String]
    /// Question → pseudonym of each declared value the record holds.
    package var pseudonyms: [String: String]
    /// Column → question of those values.
    var columns: [Int: String]

    /// Question → the value as stored (plain, or a pseudonym once purged or erased).
    package var values: [String: String] { Dictionary(columns.map { ($0.value, trimmed(fields[$0.key])) }, uniquingKeysWith: { a, _ in a }) }
}

extension Ingestor {
    /// Calls `visit` for every record after the header that holds a declared value.
    package func personalRows(path: String, name: String, _ visit: (PersonalRow) throws -> Void) throws {
        try scan(path: path, name: name) { _, row in
            if let row, !row.pseudonyms.isEmpty { try visit(row) }
        }
    }

    /// Writes `path`'s records to `output` as CSV with the declared values of the records `masks`
    /// chooses replaced by their pseudonyms (all: the purge; one person's: an erasure). Returns
    /// how many records it changed.
    @discardableResult
    package func pseudonymisedCopy(path: String, name: String, to output: String, masks: (PersonalRow) -> Bool = { _ in true }) throws -> Int {
        let writer = try CSVFileWriter(path: output, options: CSVWriteOptions(byteOrderMark: false))
        var changed = 0
        try scan(path: path, name: name) { fields, row in
            guard let row, !row.pseudonyms.isEmpty, masks(row) else { return try writer.write(fields.map(CSVCell.verbatim)) }
            var masked = fields
            for (column, question) in row.columns { masked[column] = row.pseudonyms[question]! }
            changed += masked == fields ? 0 : 1
            try writer.write(masked.map(CSVCell.verbatim))
        }
        try writer.close()
        return changed
    }

    /// Every record (labels applied), and for those after the header, the row with its pseudonyms.
    private func scan(path: String, name: String, _ body: ([String], PersonalRow?) throws -> Void) throws {
        let rows = try ResponseRows(path: path, name: name, options: options)
        var valueLabels: [Int: [String: String]] = [:]
        var header: (fields: [String], mask: PersonalMask?)?
        var above = 0
        _ = try rows.forEachRecord(valueLabels: { valueLabels = $0 }) { record in
            let fields = record.fields.enumerated().map { valueLabels[$0.offset]?[$0.element] ?? $0.element }
            guard let (names, mask) = header else {
                // Blank rows and a hand-made sheet's title rows above the header are copied as they are.
                if !fields.allSatisfy({ trimmed($0).isEmpty }) {
                    let source = Source(file: name, line: record.line, sheet: rows.sheet)
                    if let (v, _) = validator(header: record.fields, source: source, valueLabels: valueLabels) {
                        header = (record.fields, v.personal)
                    } else {
                        above += 1
                        if above > Self.titleRows { throw headerMismatch(record, rows.sheet, name) }
                    }
                }
                return try body(record.fields, nil)
            }
            let pseudonyms = mask?.pseudonyms(fields) ?? [:]
            try body(fields, PersonalRow(line: record.line, header: names, fields: fields, pseudonyms: pseudonyms,
                                         columns: (mask?.questions ?? [:]).filter { pseudonyms[$0.value] != nil }))
        }
    }
}
