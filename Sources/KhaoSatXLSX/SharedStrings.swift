import Foundation

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
struct SharedStringsReader: XMLHandler {
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

/// Collects the text of `<t>` elements, leaving out phonetic guides (`<rPh>`): the runs of a
/// shared string or of an inline string.
struct RunText {
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
