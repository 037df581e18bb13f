import Foundation

/// The rows of one worksheet, handed to `body` as they end.
struct SheetReader: XMLHandler {
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

/// An error thrown by the caller's row body: it goes back as it is, not as a damaged workbook.
struct FromBody: Error {
    var error: Error
}
