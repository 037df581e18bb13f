import Foundation

/// One row of a sheet: its number as Excel shows it, and its cells from column A
/// (empty strings where a cell is missing).
package struct XLSXRow: Sendable, Equatable {
    package var number: Int
    package var cells: [String]

    package init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// An .xlsx workbook, read part by part: the sheet list, shared strings and styles at once,
/// each sheet streamed row by row as it is unpacked (a large sheet never sits in memory).
package struct XLSXWorkbook {
    package let file: String
    package let sheetNames: [String]
    private let sheetParts: [String]
    private let archive: ZipArchive
    private let sharedStrings: SharedStrings
    private let styles: CellStyles

    package init(path: String, name: String) throws(XLSXError) {
        do { try self.init(reading: path, name: name) } catch let e as XLSXError { throw e } catch {
            throw .notAWorkbook(file: name, reason: "\(error)")
        }
    }

    private init(reading path: String, name: String) throws {
        file = name
        let opened: ZipArchive?
        do { opened = try ZipArchive(path: path) } catch { throw XLSXError.notAWorkbook(file: name, reason: error.description) }
        guard let opened else { throw XLSXError.notAWorkbook(file: name, reason: "không phải tệp ZIP") }
        archive = opened
        guard archive["xl/workbook.xml"] != nil else {
            throw XLSXError.notAWorkbook(file: name, reason: "thiếu xl/workbook.xml")
        }
        var book = WorkbookListing()
        try Self.parse(archive, "xl/workbook.xml", file: name, with: &book)
        var rels = RelationshipListing()
        if archive["xl/_rels/workbook.xml.rels"] != nil {
            try Self.parse(archive, "xl/_rels/workbook.xml.rels", file: name, with: &rels)
        }
        var names: [String] = [], parts: [String] = []
        for (index, sheet) in book.sheets.enumerated() {
            var part = rels.targets[sheet.relationship] ?? "worksheets/sheet\(index + 1).xml"
            part = part.hasPrefix("/") ? String(part.dropFirst()) : "xl/" + part
            names.append(sheet.name)
            parts.append(part)
        }
        sheetNames = names
        sheetParts = parts
        var strings = SharedStringsReader()
        if archive["xl/sharedStrings.xml"] != nil { try Self.parse(archive, "xl/sharedStrings.xml", file: name, with: &strings) }
        sharedStrings = strings.strings
        var styleReader = StylesReader()
        if archive["xl/styles.xml"] != nil { try Self.parse(archive, "xl/styles.xml", file: name, with: &styleReader) }
        styles = CellStyles(formats: styleReader.cellFormats, custom: styleReader.customFormats, date1904: book.date1904)
    }

    /// Streams the rows of a sheet that have at least one cell, in order.
    /// Errors thrown by `body` stop the reading and are rethrown as they are.
    package func forEachRow(inSheet sheet: String, _ body: (XLSXRow) throws -> Void) throws {
        guard let i = sheetNames.firstIndex(of: sheet) else {
            throw XLSXError.noSuchSheet(file: file, sheet: sheet, available: sheetNames)
        }
        guard archive[sheetParts[i]] != nil else {
            throw XLSXError.notAWorkbook(file: file, reason: "thiếu \(sheetParts[i])")
        }
        try withoutActuallyEscaping(body) { body in
            var reader = SheetReader(strings: sharedStrings, styles: styles, body: body)
            try Self.parse(archive, sheetParts[i], file: file, with: &reader)
        }
    }

    /// Unpacks one part and scans it chunk by chunk as it is inflated: no part is ever whole in
    /// memory. Errors thrown by the handler (a row body's) come back as they are.
    private static func parse<H: XMLHandler>(_ archive: ZipArchive, _ part: String, file: String, with handler: inout H) throws {
        guard let entry = archive[part] else { throw XLSXError.notAWorkbook(file: file, reason: "thiếu \(part)") }
        var scanner = XMLScanner()
        do {
            if entry.uncompressedSize > UnpackAhead.threshold {
                try UnpackAhead.chunks(of: entry, in: archive) { try scanner.feed($0, to: &handler) }
            } else {
                try archive.extract(entry) { try scanner.feed($0, to: &handler) }
            }
            try scanner.finish()
        } catch let failure as XMLScanner.Failure {
            switch failure {
            case .truncated(let offset), .tooLong(let offset):
                throw XLSXError.malformedPart(file: file, part: part, offset: offset)
            }
        } catch let error as FromBody {
            throw error.error
        } catch {
            // A damaged archive (ZipError).
            throw XLSXError.cannotExtract(file: file, part: part, reason: "\(error)")
        }
    }
}

/// An error thrown by the caller's row body: it goes back as it is, not as a damaged workbook.
private struct FromBody: Error {
    var error: Error
}

/// `<sheet name="survey" r:id="rId1"/>` entries of xl/workbook.xml, and the 1904 date system flag.
private struct WorkbookListing: XMLHandler {
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("sheet") {
            sheets.append((attributes.attribute("name") ?? "", attributes.attribute("id") ?? ""))
        } else if name.is("workbookPr") {
            date1904 = ["1", "true"].contains(attributes.attribute("date1904")?.lowercased() ?? "")
        }
    }
    mutating func end(_ name: XMLBytes) {}
    mutating func text(_ text: XMLBytes, raw: Bool) {}
}

/// Relationship id → target part of xl/_rels/workbook.xml.rels.
private struct RelationshipListing: XMLHandler {
    var targets: [String: String] = [:]

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("Relationship"), let id = attributes.attribute("Id"), let target = attributes.attribute("Target") {
            targets[id] = target
        }
    }
    mutating func end(_ name: XMLBytes) {}
    mutating func text(_ text: XMLBytes, raw: Bool) {}
}

/// Collects the text of `<t>` elements, leaving out phonetic guides (`<rPh>`): the runs of a
/// shared string or of an inline string.
private struct RunText {
    var text = ""
    private var inText = false, inPhonetic = false

    mutating func start(_ name: XMLBytes) {
        if name.is("t") { inText = !inPhonetic } else if name.is("rPh") { inPhonetic = true }
    }
    mutating func end(_ name: XMLBytes) {
        if name.is("t") { inText = false } else if name.is("rPh") { inPhonetic = false }
    }
    mutating func add(_ bytes: XMLBytes, raw: Bool) {
        if inText { text += raw ? String(decoding: bytes.bytes, as: UTF8.self) : bytes.decoded() }
    }
}

/// The shared strings of a workbook in one UTF-8 buffer: a workbook Excel saved keeps every
/// distinct text there (ids, phone numbers, comments), and a `String` each would cost several
/// times the text.
struct SharedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }

    subscript(i: Int) -> String? {
        guard i >= 0, i < ends.count else { return nil }
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<ends[i]]), as: UTF8.self) }
    }
}

/// `<si>` items of xl/sharedStrings.xml.
private struct SharedStringsReader: XMLHandler {
    var strings = SharedStrings()
    private var current = RunText()

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("si") { current = RunText() } else { current.start(name) }
    }
    mutating func end(_ name: XMLBytes) {
        if name.is("si") { strings.append(unescapeOOXML(current.text)) } else { current.end(name) }
    }
    mutating func text(_ text: XMLBytes, raw: Bool) { current.add(text, raw: raw) }
}

/// The number format of each cell style, to tell dates and times from plain numbers.
private struct StylesReader: XMLHandler {
    var cellFormats: [Int] = []
    var customFormats: [Int: String] = [:]
    private var inCellXfs = false

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("numFmt") {
            if let id = attributes.attribute("numFmtId").flatMap({ Int($0) }) { customFormats[id] = attributes.attribute("formatCode") ?? "" }
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf"), inCellXfs {
            cellFormats.append(attributes.attribute("numFmtId").flatMap { Int($0) } ?? 0)
        }
    }
    mutating func end(_ name: XMLBytes) { if name.is("cellXfs") { inCellXfs = false } }
    mutating func text(_ text: XMLBytes, raw: Bool) {}
}

/// The rows of one worksheet, handed to `body` as they end.
private struct SheetReader: XMLHandler {
    private let strings: SharedStrings
    private let styles: CellStyles
    private let body: (XLSXRow) throws -> Void

    private var rowNumber = 0
    private var cells: [String] = []
    private var column = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var value = ""
    private var inValue = false, inInline = false
    private var inline = RunText()

    init(strings: SharedStrings, styles: CellStyles, body: @escaping (XLSXRow) throws -> Void) {
        self.strings = strings
        self.styles = styles
        self.body = body
    }

    mutating func start(_ name: XMLBytes, attributes: XMLBytes) {
        if name.is("c") {
            var reference: Int?
            cellType = .number
            cellStyle = 0
            attributes.forEachAttribute { name, value in
                if name.is("r") { reference = CellReference.column(value.bytes) }
                else if name.is("t") { cellType = CellType(value) }
                else if name.is("s") { cellStyle = value.integer ?? 0 }
            }
            column = reference ?? column + 1
            value = ""
        } else if name.is("v") {
            inValue = true
        } else if name.is("row") {
            rowNumber = attributes.attribute("r").flatMap { CellReference.row($0.utf8) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = 0
        } else if name.is("is") {
            inInline = true
            inline = RunText()
        } else if inInline {
            inline.start(name)
        }
    }

    mutating func end(_ name: XMLBytes) throws {
        if name.is("v") {
            inValue = false
        } else if name.is("c") {
            let text = cellText()
            guard !text.isEmpty, column >= 1 else { return }
            if cells.count < column { cells.append(contentsOf: repeatElement("", count: column - cells.count)) }
            cells[column - 1] = text
        } else if name.is("row") {
            guard !cells.isEmpty else { return }
            do { try body(XLSXRow(number: rowNumber, cells: cells)) } catch { throw FromBody(error: error) }
        } else if name.is("is") {
            inInline = false
            value = inline.text
        } else if inInline {
            inline.end(name)
        }
    }

    mutating func text(_ text: XMLBytes, raw: Bool) {
        if inValue { value += raw ? String(decoding: text.bytes, as: UTF8.self) : text.decoded() } else if inInline { inline.add(text, raw: raw) }
    }

    private func cellText() -> String {
        switch cellType {
        case .shared: return Int(value).flatMap { strings[$0] } ?? ""
        case .text: return unescapeOOXML(value)
        case .boolean: return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case .asWritten: return value
        case .number: return styles.render(number: value, style: cellStyle)
        }
    }

    /// A cell's `t` attribute.
    private enum CellType {
        case shared, text, boolean, asWritten, number

        init(_ t: XMLBytes) {
            if t.is("s") { self = .shared }
            else if t.is("inlineStr") || t.is("str") { self = .text }
            else if t.is("b") { self = .boolean }
            else if t.is("e") || t.is("d") { self = .asWritten }
            else { self = .number }
        }
    }
}

/// OOXML writes control characters as `_xHHHH_` (e.g. `_x000D_` for a carriage return).
func unescapeOOXML(_ text: String) -> String {
    let escaped = text.utf8.withContiguousStorageIfAvailable { bytes in
        bytes.indices.dropLast().contains { bytes[$0] == 0x5F && bytes[$0 + 1] == 0x78 }  // "_x"
    }
    guard escaped != false else { return text }
    var out = "", rest = Substring(text)
    while let start = rest.range(of: "_x") {
        out += rest[..<start.lowerBound]
        let after = rest[start.upperBound...]
        if after.count >= 5, after[after.index(after.startIndex, offsetBy: 4)] == "_",
           let code = UInt32(after.prefix(4), radix: 16), let scalar = Unicode.Scalar(code) {
            out.unicodeScalars.append(scalar)
            rest = after.dropFirst(5)
        } else {
            out += "_x"
            rest = after
        }
    }
    return out + rest
}
