/// A place in an input file: a CSV line (its field and character), a workbook sheet's cell, an SPSS
/// case and variable, a questionnaire set's file and line: as a person opening it would look for it.
package struct FileLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    package var file: String
    /// Physical line, 1-based, counting every line break of the file.
    package var line: Int
    /// CSV column (field number in the record), 1-based; nil when not known.
    package var field: Int?
    /// Character position in the physical line, 1-based; nil when not known.
    package var character: Int?
    /// For a workbook (.xlsx): the sheet; `line` is then the row and `field` the column.
    package var sheet: String?

    package init(file: String, line: Int, field: Int? = nil, character: Int? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.character = character
        self.sheet = sheet
    }

    /// `tệp.csv:12` (`, cột 3`, `, ký tự 17`), `tệp.xlsx:survey!C12` in a workbook, `tệp.sav:case 17,
    /// biến thứ 4` in an SPSS file: the form every message uses.
    package var description: String {
        if let sheet {
            guard let field else { return "\(file):\(sheet), dòng \(line)" }
            return "\(file):\(sheet)!\(Self.columnLetters(field))\(line)"
        }
        // An SPSS file has cases and variables, not lines and columns (line 0: the variable names).
        let lower = file.lowercased()
        if lower.hasSuffix(".sav") || lower.hasSuffix(".zsav") {
            let place = line == 0 ? "\(file) (tên biến)" : "\(file):case \(line)"
            return place + (field.map { ", biến thứ \($0)" } ?? "")
        }
        var text = "\(file):\(line)"
        if let field { text += ", cột \(field)" }
        if let character { text += ", ký tự \(character)" }
        return text
    }

    /// Excel's column name: 1 → "A", 27 → "AA".
    package static func columnLetters(_ column: Int) -> String {
        var n = column, letters: [Character] = []
        while n > 0 {
            letters.append(Character(Unicode.Scalar(UInt8(65 + (n - 1) % 26))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }
}
