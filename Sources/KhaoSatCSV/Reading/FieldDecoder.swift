import Foundation

/// Turns a field's bytes into NFC text: UTF-8 when valid, Windows-1258 otherwise
/// (what Excel's plain "CSV" writes on a Vietnamese Windows), and watches for text
/// typed with the legacy TCVN3/VNI fonts, which decodes "fine" but is mojibake.
struct FieldDecoder {
    let file: String
    private(set) var windows1258Fields = 0
    private(set) var firstWindows1258Line = 0
    private var legacy = LegacyFontDetector()

    init(file: String) { self.file = file }

    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, field: Int) throws(CSVError) -> String {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        let text: String
        var legacyView: String?
        if let utf8 = String(validating: bytes, as: UTF8.self) {
            text = utf8
        } else {
            if windows1258Fields == 0 { firstWindows1258Line = line }
            windows1258Fields += 1
            text = decodeWindows1258(bytes)
            legacyView = String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
        }
        let nfc = isKnownNFC(text) ? text : text.precomposedStringWithCanonicalMapping
        try legacy.inspect(nfc, legacyView: legacyView, at: FileLocation(file: file, line: line, field: field))
        return nfc
    }

    /// Called after the last record: a file whose only non-ASCII text looks legacy is refused.
    func finish() throws(CSVError) {
        try legacy.finish()
    }

    var warning: CSVWarning? {
        windows1258Fields == 0 ? nil
            : .windows1258(file: file, firstLine: firstWindows1258Line, fields: windows1258Fields)
    }
}

/// The text checks of a CSV field for text that arrives already decoded (a workbook's
/// cells): NFC, and the refusal of legacy-font text, with the same file-level rule.
package struct TextInspector: Sendable {
    private var legacy = LegacyFontDetector()

    package init(file: String) {}

    /// `location` is made only for a problem.
    package mutating func inspect(_ text: String, at location: @autoclosure () -> FileLocation) throws(CSVError) -> String {
        guard text.utf8.withContiguousStorageIfAvailable(isASCII) != true else { return text }
        let nfc = isKnownNFC(text) ? text : text.precomposedStringWithCanonicalMapping
        try legacy.inspect(nfc, legacyView: nil, at: location())
        return nfc
    }

    package func finish() throws(CSVError) { try legacy.finish() }
}

/// True when every scalar is NFC_Quick_Check=Yes: below U+0300 (no combining marks
/// or singletons there) or a precomposed Vietnamese letter (U+1E00–U+1EFF). Saves the
/// costly normalisation for the text that is almost always already NFC.
func isKnownNFC(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
}

@inline(__always)
func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var acc: UInt8 = 0
    for b in bytes { acc |= b }
    return acc < 0x80
}

/// Windows-1258 bytes 0x80–0xFF as Unicode scalars (from Python's cp1258 codec;
/// undefined bytes become U+FFFD). Tone marks are combining, hence the NFC step after.
private let windows1258High: [UInt32] = [
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0xFFFD, 0x2039, 0x0152, 0xFFFD, 0xFFFD, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0xFFFD, 0x203A, 0x0153, 0xFFFD, 0xFFFD, 0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
]

func decodeWindows1258(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    for b in bytes {
        let value = b < 0x80 ? UInt32(b) : windows1258High[Int(b) - 0x80]
        scalars.append(Unicode.Scalar(value)!)
    }
    return String(scalars)
}
