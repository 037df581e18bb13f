import Foundation

/// The raw rows of entries set aside past `Ingestor.rawRowsInMemory`, written to a temporary
/// file as they come and read back one at a time by `QuarantineWriter`, instead of the inputs
/// being read again. Each row: its field count, then each field's UTF-8 length and bytes (32-bit
/// little-endian counts): no text rule of a CSV file can get in the way of reading it back.
/// Written only while the run reads, read only after: shared without a lock.
final class RawRowSpill: @unchecked Sendable {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var written: UInt64 = 0
    /// Where each row starts and how long it is, by where it was read: (file, line, submission id).
    private var extents: [RawRowKey: (offset: UInt64, count: Int)] = [:]

    init?() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-spill-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forUpdatingAtPath: path) else {
            return nil
        }
        self.handle = handle
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    func append(_ row: [String], for key: RawRowKey) throws {
        let start = buffer.count
        put(UInt32(row.count))
        for field in row {
            put(UInt32(field.utf8.count))
            buffer += field.utf8
        }
        extents[key] = (written + UInt64(start), buffer.count - start)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func has(_ key: RawRowKey) -> Bool { extents[key] != nil }

    /// The row written for `key`, nil when none was: one read of its bytes.
    func row(for key: RawRowKey) throws -> [String]? {
        guard let (offset, count) = extents[key] else { return nil }
        if !buffer.isEmpty { try flush() }
        try handle.seek(toOffset: offset)
        guard let data = try handle.read(upToCount: count), data.count == count else { throw CocoaError(.fileReadCorruptFile) }
        let bytes = [UInt8](data)
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
        try handle.seekToEnd()
        try handle.write(contentsOf: buffer)
        written += UInt64(buffer.count)
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
