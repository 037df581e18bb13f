import CXlsxWriter
import Foundation
import KhaoSatCSV

/// A formatted workbook for people (Excel, LibreOffice): sheets of tables with a frozen header
/// row, column widths, autofilter, print titles and A4 pages, numbers as numbers with the
/// decimals of their text. Written by libxlsxwriter; the same sheets and `created` give the same bytes.
package struct Spreadsheet: Sendable {
    package struct Sheet: Sendable {
        package var name: String
        /// Lines above the table (a title, a note), in bold for the first.
        package var preamble: [String]
        package var header: [String]
        package var rows: [[CSVCell]]
        package var landscape: Bool
        /// The widest a column grows, in characters; longer text wraps.
        package var widest: Int

        package init(name: String, preamble: [String] = [], header: [String], rows: [[CSVCell]], landscape: Bool = false, widest: Int = 28) {
            self.name = name
            self.preamble = preamble
            self.header = header
            self.rows = rows
            self.landscape = landscape
            self.widest = widest
        }
    }

    package var sheets: [Sheet]
    /// Shown in the workbook's properties; the run's time, so that a reproducible run's workbook is too.
    package var created: Date
    package var title: String

    /// The time of a reproducible run's workbook (libxlsxwriter would take the clock's for 0): the
    /// ZIP entries' own, 1980-01-01.
    package static let reproducible = Date(timeIntervalSince1970: 315_532_800)

    package init(title: String, created: Date, sheets: [Sheet]) {
        self.title = title
        self.created = created
        self.sheets = sheets
    }

    /// libxlsxwriter's own words for what went wrong.
    package struct Failure: Error, CustomStringConvertible {
        var reason: String
        package var description: String { "không ghi được tệp Excel: \(reason)" }
    }

    /// The workbook's bytes (libxlsxwriter writes a file: a private temporary one, removed after).
    package func bytes() throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("khaosat-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(to: path)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func write(to path: String) throws {
        guard let workbook = workbook_new(path) else { throw Failure(reason: "workbook_new") }
        var properties = lxw_doc_properties()
        properties.created = time_t(created.timeIntervalSince1970)
        let closed: lxw_error = title.withCString { t in
            "KhaoSat".withCString { author in
                properties.title = UnsafeMutablePointer(mutating: t)
                properties.author = UnsafeMutablePointer(mutating: author)
                workbook_set_properties(workbook, &properties)
                let formats = Formats(workbook)
                for (i, sheet) in sheets.enumerated() { add(sheet, ordinal: i, to: workbook, formats) }
                return workbook_close(workbook)
            }
        }
        guard closed == LXW_NO_ERROR else { throw Failure(reason: String(cString: lxw_strerror(closed))) }
    }

    private struct Formats {
        let title, header, text: UnsafeMutablePointer<lxw_format>
        private var numbers: [Int: UnsafeMutablePointer<lxw_format>] = [:]
        private let workbook: UnsafeMutablePointer<lxw_workbook>

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
            self.workbook = workbook
            title = workbook_add_format(workbook)
            format_set_bold(title)
            format_set_font_size(title, 12)
            header = workbook_add_format(workbook)
            format_set_bold(header)
            format_set_text_wrap(header)
            format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            format_set_bg_color(header, 0xE8E8E8)
            format_set_border(header, UInt8(LXW_BORDER_THIN.rawValue))
            text = workbook_add_format(workbook)
            // Long notes wrap inside a column of at most the sheet's `widest` characters, so a printed page is not shrunk to fit them.
            format_set_text_wrap(text)
            format_set_border(text, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_align(text, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            for decimals in 0...4 {
                let f = workbook_add_format(workbook)!
                // Excel's built-in pattern: shown with the reader's decimal separator (a comma under Vietnamese settings).
                format_set_num_format(f, decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals))
                format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
                format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
                numbers[decimals] = f
            }
        }

        func number(decimals: Int) -> UnsafeMutablePointer<lxw_format> { numbers[min(decimals, 4)]! }
    }

    private func add(_ sheet: Sheet, ordinal: Int, to workbook: UnsafeMutablePointer<lxw_workbook>, _ formats: Formats) {
        let ws = workbook_add_worksheet(workbook, Self.sheetName(sheet.name, ordinal: ordinal))!
        var row: UInt32 = 0
        for (i, line) in sheet.preamble.enumerated() {
            worksheet_write_string(ws, row, 0, line, i == 0 ? formats.title : nil)
            row += 1
        }
        if !sheet.preamble.isEmpty { row += 1 }
        let headerRow = row
        for (c, title) in sheet.header.enumerated() { worksheet_write_string(ws, row, UInt16(c), title, formats.header) }
        var widths = sheet.header.map { min(Self.width($0), 18) }
        for cells in sheet.rows {
            for (c, cell) in cells.enumerated() where c < widths.count { widths[c] = max(widths[c], min(Self.width(cell.text), sheet.widest)) }
        }
        // Neither Excel nor LibreOffice sizes a wrapped row on opening: its height is set from its longest cell.
        func height(_ texts: [String], at r: UInt32) {
            // A column of width w holds about 1.25 w characters of the default font.
            let lines = texts.enumerated().map { c, t in
                c < widths.count ? Int((Double(Self.width(t)) / (1.25 * Double(max(widths[c], 1)))).rounded(.up)) : 1
            }.max() ?? 1
            if lines > 1 { worksheet_set_row(ws, r, 15 * Double(min(lines, 8)), nil) }
        }
        height(sheet.header, at: headerRow)
        for cells in sheet.rows {
            row += 1
            height(cells.map(\.text), at: row)
            for (c, cell) in cells.enumerated() {
                switch cell {
                case .number(let text):
                    if let value = Double(text) {
                        let decimals = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
                        worksheet_write_number(ws, row, UInt16(c), value, formats.number(decimals: decimals))
                    } else {
                        worksheet_write_string(ws, row, UInt16(c), text, formats.text)
                    }
                case .text(let text), .verbatim(let text):
                    if !text.isEmpty { worksheet_write_string(ws, row, UInt16(c), text, formats.text) }
                    else { worksheet_write_blank(ws, row, UInt16(c), formats.text) }
                }
            }
        }
        for (c, w) in widths.enumerated() { worksheet_set_column(ws, UInt16(c), UInt16(c), Double(w) + 2, nil) }
        let lastColumn = UInt16(max(sheet.header.count, 1) - 1)
        worksheet_freeze_panes(ws, headerRow + 1, 0)
        if !sheet.rows.isEmpty { worksheet_autofilter(ws, headerRow, 0, row, lastColumn) }
        worksheet_repeat_rows(ws, headerRow, headerRow)
        worksheet_set_paper(ws, 9)  // A4
        if sheet.landscape { worksheet_set_landscape(ws) }
        worksheet_fit_to_pages(ws, 1, 0)
        worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6)
        worksheet_set_footer(ws, "&L\(Self.escapedForHeader(sheet.name))&RTrang &P / &N")
    }

    /// Excel's limits: 31 characters, none of `[]:*?/\`; unique (an ordinal is added when cut).
    static func sheetName(_ name: String, ordinal: Int) -> String {
        let clean = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 })
        return clean.count <= 31 ? clean : String(clean.prefix(27)) + " \(ordinal + 1)"
    }

    static func escapedForHeader(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&&") }

    /// Characters, a Vietnamese letter with its marks counting one.
    static func width(_ s: String) -> Int { s.count }
}

private extension CSVCell {
    var text: String {
        switch self { case .text(let t), .number(let t), .verbatim(let t): t }
    }
}
