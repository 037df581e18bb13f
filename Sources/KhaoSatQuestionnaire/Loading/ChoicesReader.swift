import Foundation
import KhaoSatCSV

/// The sheets of one XLSForm: survey and settings as tables, and the choices already in their
/// lists when they were streamed from a workbook (a CSV layout's choices come as a table).
struct FormSheets {
    var tables: [String: Table] = [:]
    var choices: ChoicesReader?
}

/// The choices sheet, read row by row into choice lists: the first non-blank row is the
/// header, each row after it becomes a choice or a problem and is not kept.
struct ChoicesReader {
    /// The header and where the sheet is, for locations; its rows stay empty.
    private(set) var sheet: Table
    var lists: [String: ChoiceList] {
        var lists = finished
        if let current { lists[current.name] = current }
        return lists
    }
    private(set) var problems: [SetProblem] = []
    private let allowDuplicates: Bool
    private var columns: (list: Int, name: Int, score: Int?, labels: [(index: Int, language: String)])?
    /// The list being filled, out of `finished`: rows of one list come together, so most rows
    /// need no dictionary lookup of their list.
    private var current: ChoiceList?
    private var finished: [String: ChoiceList] = [:]

    init(_ sheet: Table, allowDuplicates: Bool) {
        self.allowDuplicates = allowDuplicates
        self.sheet = Table(file: sheet.file, sheet: sheet.sheet, header: [], rows: [], xlsform: true)
        self.sheet.fieldOffset = sheet.fieldOffset
        if !sheet.header.isEmpty { setHeader(sheet.header, line: sheet.headerLine) }
        for row in sheet.rows { add(row) }
    }

    mutating func add(line: Int, cells: [String]) {
        let cells = cells.map(trimmed)
        guard cells.contains(where: { !$0.isEmpty }) else { return }
        if sheet.header.isEmpty { setHeader(cells, line: line) } else { add(Table.Row(line: line, cells: cells)) }
    }

    private mutating func setHeader(_ header: [String], line: Int) {
        sheet.header = header
        sheet.headerLine = line
        guard let cols = sheet.require(["list_name", "name"], into: &problems) else { return }
        columns = (cols["list_name"], cols["name"], sheet.column("score"), XLSFormLoader.labelColumns(sheet))
    }

    private mutating func add(_ row: Table.Row) {
        guard let columns else { return }
        let list = sheet.value(row, columns.list), name = sheet.value(row, columns.name)
        // pyxform leaves a row without a list name out of every list (people keep notes there).
        if list.isEmpty { return }
        if name.isEmpty {
            problems.append(SetProblem(sheet.location(row, columns.name), .missingValue(column: "name")))
            return
        }
        if current?.name != list {
            if let current { finished[current.name] = current }
            current = finished.removeValue(forKey: list) ?? ChoiceList(name: list)
        }
        if !allowDuplicates, let first = current!.line(ofFirst: name) {
            problems.append(SetProblem(sheet.location(row, columns.name), .duplicateName(name, firstLine: first)))
            return
        }
        var score: Decimal?
        let rawScore = sheet.value(row, columns.score)
        if !rawScore.isEmpty {
            if let s = Decimals.parse(rawScore), s >= 0, s <= 1 { score = s } else {
                problems.append(SetProblem(sheet.location(row, columns.score), .scoreOutOfRange(rawScore)))
            }
        }
        let sheet = self.sheet
        let labels = columns.labels.lazy.map { (key: $0.language, value: sheet.value(row, $0.index)) }.filter { !$0.value.isEmpty }
        current!.append(name: name, labels: labels, score: score, line: row.line)
    }
}
