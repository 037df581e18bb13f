#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cell to write. Only text is guarded against formula injection: a number must
/// stay a number when a Sở Nội vụ officer opens the file in Excel.
package enum CSVCell: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    /// A number already formatted with `.` as decimal point (e.g. "2.68", "-1").
    case number(String)
    /// A value copied as it was read, for a data file KhaoSat reads back (never neutralized).
    case verbatim(String)

    package init(stringLiteral value: String) { self = .text(value) }
}

package struct CSVWriteOptions: Sendable {
    /// Excel opens UTF-8 Vietnamese correctly only when the file starts with a BOM.
    package var byteOrderMark: Bool
    package var delimiter: Delimiter

    package init(byteOrderMark: Bool = true, delimiter: Delimiter = .comma) {
        self.byteOrderMark = byteOrderMark
        self.delimiter = delimiter
    }
}

/// RFC 4180 output: CRLF after every record, quotes only where needed, inner quotes doubled.
/// Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// tab or CR) get a leading apostrophe, as OWASP recommends.
package struct CSVEncoder: Sendable {
    package var options: CSVWriteOptions

    package init(options: CSVWriteOptions = CSVWriteOptions()) { self.options = options }

    package var preamble: [UInt8] { options.byteOrderMark ? [0xEF, 0xBB, 0xBF] : [] }

    package func encode(_ row: [CSVCell], into out: inout [UInt8]) {
        for (i, cell) in row.enumerated() {
            if i > 0 { out.append(options.delimiter.rawValue) }
            switch cell {
            case .number(let n), .verbatim(let n): append(n, to: &out)
            case .text(let t): append(Self.neutralized(t), to: &out)
            }
        }
        out.append(0x0D)
        out.append(0x0A)
    }

    /// The whole file in memory, preamble included.
    package func encode(_ rows: [[CSVCell]]) -> [UInt8] {
        var out = preamble
        for row in rows { encode(row, into: &out) }
        return out
    }

    static func neutralized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + text
        default: return text
        }
    }

    private func append(_ field: String, to out: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == options.delimiter.rawValue || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20 || utf8.first == 0x09 || utf8.last == 0x09
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(0x22)
        for b in utf8 {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }
}

/// Streams rows to a file through a fixed buffer.
package final class CSVFileWriter {
    package let path: String
    private let encoder: CSVEncoder
    private var fd: Int32
    private var buffer: [UInt8] = []

    package init(path: String, options: CSVWriteOptions = CSVWriteOptions()) throws(CSVError) {
        self.path = path
        self.encoder = CSVEncoder(options: options)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: systemMessage(errno)) }
        buffer.reserveCapacity(1 << 16)
        buffer.append(contentsOf: encoder.preamble)
    }

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }

    package func write(_ row: [CSVCell]) throws(CSVError) {
        encoder.encode(row, into: &buffer)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Flushes, syncs to disk and closes; the file is complete only after this returns.
    package func close() throws(CSVError) {
        try flush()
        if fsync(fd) != 0 { throw .cannotWrite(file: path, reason: systemMessage(errno)) }
        _ = Glibc.close(fd)
        fd = -1
    }

    private func flush() throws(CSVError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(file: path, reason: systemMessage(errno))
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
