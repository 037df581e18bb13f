import Foundation
import KhaoSatCSV

/// A sheet of rows under a header row, each row keeping its physical line (or, in a
/// workbook, its row number).
struct Table {
    struct Row {
        var line: Int
        var cells: [String]
    }

    var file: String
    /// Set for a workbook sheet: locations then read `file.xlsx:survey!C12`.
    var sheet: String?
    var header: [String] { didSet { updateKeys() } }
    /// An XLSForm sheet: its header is read as pyxform reads it (`Table.key`).
    var xlsform = false { didSet { updateKeys() } }
    /// What columns are looked up by: the header as written, or its XLSForm keys.
    private(set) var keys: [String] = []
    var rows: [Row]
    var headerLine = 1
    /// In pyxform's single-file layout, column A holds the sheet name, so data column 0 is field 2.
    var fieldOffset = 0

    init(file: String, sheet: String? = nil, header: [String], rows: [Row], xlsform: Bool = false) {
        self.file = file
        self.sheet = sheet
        self.header = header
        self.rows = rows
        self.xlsform = xlsform
        updateKeys()
    }

    private mutating func updateKeys() { keys = xlsform ? header.map(Self.key) : header }

    func column(_ name: String) -> Int? { keys.firstIndex(of: name) }

    /// Columns whose key starts with `prefix` (e.g. `label::`), with the rest of the key.
    func columns(prefixed prefix: String) -> [(index: Int, suffix: String)] {
        keys.enumerated().compactMap { i, h in
            h.hasPrefix(prefix) ? (i, String(h.dropFirst(prefix.count))) : nil
        }
    }

    func value(_ row: Row, _ column: Int?) -> String {
        guard let column, column < row.cells.count else { return "" }
        return row.cells[column]
    }

    func location(_ row: Row, _ column: Int? = nil) -> FileLocation {
        location(line: row.line, column: column)
    }

    func location(line: Int, column: Int? = nil) -> FileLocation {
        FileLocation(file: file, line: line, field: column.map { $0 + 1 + fieldOffset }, sheet: sheet)
    }

    /// Requires each column; reports the missing ones.
    func require(_ names: [String], into problems: inout [SetProblem]) -> NamedColumns? {
        switch NamedColumns.find(names, in: keys) {
        case .success(let columns): return columns
        case .failure(let missing):
            for name in missing.names { problems.append(SetProblem(location(line: headerLine), .missingColumn(name))) }
            return nil
        }
    }

    /// Adds a row, the first non-blank one being the header; cells trimmed.
    mutating func append(line: Int, cells raw: some Collection<String>) {
        let cells = raw.map(trimmed)
        guard cells.contains(where: { !$0.isEmpty }) else { return }
        if header.isEmpty {
            header = cells
            headerLine = line
        } else {
            rows.append(Row(line: line, cells: cells))
        }
    }

    /// A plain CSV file: first non-blank record is the header; cells trimmed; blank rows skipped.
    static func read(path: String, name: String) throws(CSVError) -> Table {
        var table = Table(file: name, header: [], rows: [])
        try forEachRecord(path: path, name: name) { table.append(line: $0.line, cells: $0.fields) }
        return table
    }

    /// `CSVReader.forEachRecord` with its errors typed.
    static func forEachRecord(path: String, name: String, _ body: (CSVRecord) -> Void) throws(CSVError) {
        do {
            try CSVReader(path: path, name: name).forEachRecord(body)
        } catch let e as CSVError {
            throw e
        } catch {
            throw .cannotRead(file: name, reason: "\(error)")
        }
    }

    // MARK: Header keys

    /// A header cell as pyxform reads it: case-insensitive, spaces as underscores, its
    /// aliases (`list name`, `caption`, `relevance` …) under one name, and a translation
    /// written `label:English` or `label::English` as `label::English`.
    static func key(_ header: String) -> String {
        let h = header.trimmingCharacters(in: .whitespaces)
        var base = Substring(h), language: Substring?
        if let r = h.range(of: "::") {
            base = h[..<r.lowerBound]
            language = h[r.upperBound...]
        } else if let colon = h.firstIndex(of: ":"), translatable.contains(normalized(h[..<colon])) {
            base = h[..<colon]
            language = h[h.index(after: colon)...]
        }
        let name = aliases[normalized(base)] ?? normalized(base)
        guard let language else { return name }
        return name + "::" + language.trimmingCharacters(in: .whitespaces)
    }

    private static func normalized(_ s: Substring) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
    }

    /// Columns that take a language after a colon.
    private static let translatable: Set<String> = [
        "label", "hint", "guidance_hint", "constraint_message", "required_message",
        "image", "big-image", "audio", "video", "media",
    ]

    /// pyxform's column aliases (survey, choices and settings sheets).
    private static let aliases: [String: String] = [
        "caption": "label", "relevance": "relevant", "calculation": "calculate",
        "constraining_message": "constraint_message", "requiredmsg": "required_message",
        "noapperrorstring": "no_app_error_string", "readonly": "read_only",
        "command": "type", "tag": "name", "value": "name", "list": "list_name",
        "repeat_count": "jr:count", "count": "jr:count",
        "set_form_title": "form_title", "set_form_id": "form_id",
    ]
}
