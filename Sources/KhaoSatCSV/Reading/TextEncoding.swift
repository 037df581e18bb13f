/// The encoding of a whole file, decided from its first bytes.
/// Windows-1258 is not listed: it is decided per field (see `FieldDecoder`).
package enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16 LE"
    case utf16BE = "UTF-16 BE"

    /// Detects the encoding and returns how many bytes of BOM to skip.
    static func detect(_ head: UnsafeRawBufferPointer) -> (TextEncoding, bomLength: Int) {
        let b = Array(head.prefix(3))
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { return (.utf8WithBOM, 3) }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (.utf16LE, 2) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (.utf16BE, 2) }
        // UTF-16 without a BOM: ASCII text leaves a NUL in every other byte.
        let sample = head.prefix(512)
        guard sample.count >= 8 else { return (.utf8, 0) }
        var zeroEven = 0, zeroOdd = 0
        for (i, byte) in sample.enumerated() where byte == 0 {
            if i % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let half = sample.count / 2
        if zeroOdd * 10 > half * 4, zeroEven * 10 < half { return (.utf16LE, 0) }
        if zeroEven * 10 > half * 4, zeroOdd * 10 < half { return (.utf16BE, 0) }
        return (.utf8, 0)
    }
}

/// Binary formats that reach us named .csv, told by their first bytes.
enum BinarySignature {
    static func format(of head: UnsafeRawBufferPointer) -> String? {
        let signatures: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "Excel (.xlsx) hoặc ZIP"),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "Excel 97–2003 (.xls)"),
            (Array("%PDF".utf8), "PDF"),
        ]
        return signatures.first { head.starts(with: $0.0) }?.1
    }
}

/// Turns UTF-16 blocks into UTF-8, carrying a split code unit or surrogate across blocks.
struct UTF16Transcoder {
    let bigEndian: Bool
    private var carryByte: UInt8?
    private var highSurrogate: UInt16?
    private(set) var replacedUnits = 0

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    mutating func transcode(_ input: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        if let first = carryByte, input.count > 0 {
            carryByte = nil
            consume(unit(first, input[0]), into: &out)
            i = 1
        }
        while i + 1 < input.count {
            consume(unit(input[i], input[i + 1]), into: &out)
            i += 2
        }
        if i < input.count { carryByte = input[i] }
    }

    mutating func finish(into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if carryByte != nil || highSurrogate != nil {
            replacedUnits += 1
            append(0xFFFD, to: &out)
        }
        carryByte = nil
        highSurrogate = nil
    }

    private func unit(_ a: UInt8, _ b: UInt8) -> UInt16 {
        bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
    }

    private mutating func consume(_ u: UInt16, into out: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(u) {
                let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
                append(scalar, to: &out)
                return
            }
            replacedUnits += 1
            append(0xFFFD, to: &out)
        }
        switch u {
        case 0xD800...0xDBFF: highSurrogate = u
        case 0xDC00...0xDFFF:
            replacedUnits += 1
            append(0xFFFD, to: &out)
        default: append(UInt32(u), to: &out)
        }
    }

    private func append(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
