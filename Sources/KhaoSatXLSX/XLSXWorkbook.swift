import Foundation

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
