import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// One row of a sheet: its number as Excel shows it, and its cells from column A
/// (empty strings where a cell is missing).
public struct XLSXRow: Sendable, Equatable {
    public var number: Int
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// An .xlsx workbook, read part by part: the sheet list and styles at once, each sheet
/// streamed row by row (its XML is unpacked to a temporary file and parsed in chunks, so a
/// large sheet never sits in memory).
public struct XLSXWorkbook {
    public let file: String
    public let sheetNames: [String]
    private let sheetParts: [String]
    private let archive: Archive
    private let sharedStrings: [String]
    private let styles: CellStyles

    public init(path: String, name: String) throws(XLSXError) {
        file = name
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .notAWorkbook(file: name, reason: "không phải tệp ZIP")
        }
        guard archive["xl/workbook.xml"] != nil else {
            throw .notAWorkbook(file: name, reason: "thiếu xl/workbook.xml")
        }
        let book = WorkbookListing()
        try Self.parse(archive, "xl/workbook.xml", file: name, with: book)
        let rels = RelationshipListing()
        if archive["xl/_rels/workbook.xml.rels"] != nil {
            try Self.parse(archive, "xl/_rels/workbook.xml.rels", file: name, with: rels)
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
        let strings = SharedStringsReader()
        if archive["xl/sharedStrings.xml"] != nil { try Self.parse(archive, "xl/sharedStrings.xml", file: name, with: strings) }
        sharedStrings = strings.strings
        let styleReader = StylesReader()
        if archive["xl/styles.xml"] != nil { try Self.parse(archive, "xl/styles.xml", file: name, with: styleReader) }
        styles = CellStyles(formats: styleReader.cellFormats, custom: styleReader.customFormats, date1904: book.date1904)
    }

    /// Streams the rows of a sheet that have at least one cell, in order.
    /// Errors thrown by `body` stop the reading and are rethrown as they are.
    public func forEachRow(inSheet sheet: String, _ body: (XLSXRow) throws -> Void) throws {
        guard let i = sheetNames.firstIndex(of: sheet) else {
            throw XLSXError.noSuchSheet(file: file, sheet: sheet, available: sheetNames)
        }
        guard archive[sheetParts[i]] != nil else {
            throw XLSXError.notAWorkbook(file: file, reason: "thiếu \(sheetParts[i])")
        }
        try withoutActuallyEscaping(body) { body in
            let reader = SheetReader(strings: sharedStrings, styles: styles, body: body)
            try Self.parse(archive, sheetParts[i], file: file, with: reader)
            if let error = reader.bodyError { throw error }
        }
    }

    /// Unpacks one part to a temporary file and parses it from there in chunks.
    private static func parse(_ archive: Archive, _ part: String, file: String,
                              with delegate: some XMLParserDelegate & Abortable) throws(XLSXError) {
        guard let entry = archive[part] else { throw .notAWorkbook(file: file, reason: "thiếu \(part)") }
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("khaosat-xlsx-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            _ = try archive.extract(entry, to: temporary)
        } catch {
            throw .cannotExtract(file: file, part: part, reason: "\(error)")
        }
        guard let parser = XMLParser(contentsOf: temporary) else {
            throw .cannotExtract(file: file, part: part, reason: "không mở được")
        }
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        delegate.parser = parser
        if !parser.parse(), !delegate.aborted {
            throw .malformedPart(file: file, part: part, line: parser.lineNumber,
                                 reason: parser.parserError.map { "\($0.localizedDescription)" } ?? "XML không hợp lệ")
        }
    }
}

/// A delegate that may stop the parse on purpose (the row body threw).
protocol Abortable: AnyObject {
    var parser: XMLParser? { get set }
    var aborted: Bool { get }
}

/// `<sheet name="survey" r:id="rId1"/>` entries of xl/workbook.xml, and the 1904 date system flag.
private final class WorkbookListing: NSObject, XMLParserDelegate, Abortable {
    weak var parser: XMLParser?
    let aborted = false
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(element) {
        case "sheet":
            let relationship = attributes.first { localName($0.key) == "id" && $0.key != "sheetId" }?.value ?? ""
            sheets.append((attributes["name"] ?? "", relationship))
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default:
            break
        }
    }
}

/// Relationship id → target part of xl/_rels/workbook.xml.rels.
private final class RelationshipListing: NSObject, XMLParserDelegate, Abortable {
    weak var parser: XMLParser?
    let aborted = false
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if localName(element) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// `<si>` items of xl/sharedStrings.xml: the text runs of each, without phonetic guides.
private final class SharedStringsReader: NSObject, XMLParserDelegate, Abortable {
    weak var parser: XMLParser?
    let aborted = false
    var strings: [String] = []
    private var current = ""
    private var inText = false, inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(element) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(element) {
        case "si": strings.append(unescapeOOXML(current))
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}

/// The number format of each cell style, to tell dates and times from plain numbers.
private final class StylesReader: NSObject, XMLParserDelegate, Abortable {
    weak var parser: XMLParser?
    let aborted = false
    var cellFormats: [Int] = []
    var customFormats: [Int: String] = [:]
    private var inCellXfs = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(element) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customFormats[id] = attributes["formatCode"] ?? "" }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(element) == "cellXfs" { inCellXfs = false }
    }
}

/// The rows of one worksheet, handed to `body` as they end.
private final class SheetReader: NSObject, XMLParserDelegate, Abortable {
    weak var parser: XMLParser?
    private(set) var aborted = false
    var bodyError: Error?
    private let strings: [String]
    private let styles: CellStyles
    private let body: (XLSXRow) throws -> Void

    private var rowNumber = 0
    private var cells: [String] = []
    private var column = 0
    private var cellType = ""
    private var cellStyle = 0
    private var value = ""
    private var collecting = false
    private var inInline = false, inPhonetic = false

    init(strings: [String], styles: CellStyles, body: @escaping (XLSXRow) throws -> Void) {
        self.strings = strings
        self.styles = styles
        self.body = body
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(element) {
        case "row":
            rowNumber = attributes["r"].flatMap { CellReference.row($0.utf8) } ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = 0
        case "c":
            column = attributes["r"].flatMap { CellReference.column($0.utf8) } ?? column + 1
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            value = ""
        case "v": collecting = true
        case "is": inInline = true
        case "rPh": inPhonetic = true
        case "t": collecting = inInline && !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(element) {
        case "v", "t": collecting = false
        case "is": inInline = false
        case "rPh": inPhonetic = false
        case "c":
            let text = cellText()
            guard !text.isEmpty, column >= 1 else { return }
            if cells.count < column { cells.append(contentsOf: repeatElement("", count: column - cells.count)) }
            cells[column - 1] = text
        case "row":
            guard !cells.isEmpty else { return }
            do { try body(XLSXRow(number: rowNumber, cells: cells)) } catch {
                bodyError = error
                aborted = true
                parser.abortParsing()
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { value += string }
    }

    private func cellText() -> String {
        switch cellType {
        case "s": return Int(value).flatMap { $0 >= 0 && $0 < strings.count ? strings[$0] : nil } ?? ""
        case "inlineStr", "str": return unescapeOOXML(value)
        case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
        case "e", "d": return value
        default: return styles.render(number: value, style: cellStyle)
        }
    }
}

func localName(_ qualified: String) -> Substring {
    guard let colon = qualified.lastIndex(of: ":") else { return Substring(qualified) }
    return qualified[qualified.index(after: colon)...]
}

/// OOXML writes control characters as `_xHHHH_` (e.g. `_x000D_` for a carriage return).
func unescapeOOXML(_ text: String) -> String {
    var sawUnderscore = false
    guard text.utf8.contains(where: { b in
        defer { sawUnderscore = b == 0x5F }
        return sawUnderscore && b == 0x78
    }) else { return text }
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
