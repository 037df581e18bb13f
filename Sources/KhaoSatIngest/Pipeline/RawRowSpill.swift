import Foundation
import KhaoSatCSV

/// The raw rows of entries set aside past `Ingestor.rawRowsInMemory`, written to a temporary
/// file as they come and read back one at a time by `QuarantineWriter`, instead of the inputs
/// being read again. Each row: its field count, then each field's UTF-8 length and bytes (32-bit
/// little-endian counts): no text rule of a CSV file can get in the way of reading it back.
/// Written only while the run reads, read only after: shared without a lock.
final class RawRowSpill: @unchecked Sendable {
    private let file: SpillFile
    private var buffer: [UInt8] = []
    private var written = 0
    /// Where each row starts and how long it is, by where it was read: (file, line, submission id).
    private var extents: [RawRowKey: (offset: Int, count: Int)] = [:]

    init?() {
        guard let file = SpillFile() else { return nil }
        self.file = file
    }

    func append(_ row: [String], for key: RawRowKey) throws {
        let start = buffer.count
        put(UInt32(row.count))
        for field in row {
            put(UInt32(field.utf8.count))
            buffer += field.utf8
        }
        extents[key] = (written + start, buffer.count - start)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func has(_ key: RawRowKey) -> Bool { extents[key] != nil }

    /// The row written for `key`, nil when none was: one read of its bytes.
    func row(for key: RawRowKey) throws -> [String]? {
        guard let (offset, count) = extents[key] else { return nil }
        if !buffer.isEmpty { try flush() }
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, n in
            file.read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            n = count
        }
        var at = 0
        func number() throws -> Int {
            guard at + 4 <= bytes.count else { throw CocoaError(.fileReadCorruptFile) }
            defer { at += 4 }
            return Int(bytes[at..<at + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        var row: [String] = []
        for _ in 0..<(try number()) {
            let n = try number()
            guard at + n <= bytes.count else { throw CocoaError(.fileReadCorruptFile) }
            row.append(String(decoding: bytes[at..<at + n], as: UTF8.self))
            at += n
        }
        return row
    }

    private func put(_ n: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: n >> UInt32(shift))) }
    }

    private func flush() throws {
        // The only writer of its file: what it appends starts where the last ended.
        guard let at = buffer.withUnsafeBytes({ file.append($0) }) else { throw CocoaError(.fileWriteOutOfSpace) }
        precondition(at == written)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Where an entry set aside was read: enough to find its raw row again.
struct RawRowKey: Hashable {
    var file: String
    var line: Int
    var submissionId: String

    init(_ entry: QuarantineEntry) {
        file = entry.source.file
        line = entry.source.line
        submissionId = entry.submissionId
    }
}
