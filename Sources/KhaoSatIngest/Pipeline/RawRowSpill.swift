import Foundation

/// The raw rows of entries set aside past `Ingestor.rawRowsInMemory`, written to a temporary
/// file as they come and read back once at the end of the run, instead of the inputs being
/// read again. Each row: its field count, then each field's UTF-8 length and bytes (32-bit
/// little-endian counts): no text rule of a CSV file can get in the way of reading it back.
final class RawRowSpill {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// The rows written, by where they were read: (file, line, submission id).
    private var keys: [RawRowKey] = []

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
        keys.append(key)
        put(UInt32(row.count))
        for field in row {
            put(UInt32(field.utf8.count))
            buffer += field.utf8
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Every row written, by its key.
    func rows() throws -> [RawRowKey: [String]] {
        try flush()
        try handle.seek(toOffset: 0)
        let bytes = try handle.readToEnd() ?? Data()
        var out: [RawRowKey: [String]] = [:]
        var at = bytes.startIndex
        func take() -> UInt32 {
            defer { at += 4 }
            return bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
        for key in keys {
            var row: [String] = []
            for _ in 0..<take() {
                let length = Int(take())
                row.append(String(decoding: bytes[at..<at + length], as: UTF8.self))
                at += length
            }
            out[key] = row
        }
        return out
    }

    private func put(_ n: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: n >> UInt32(shift))) }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
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
