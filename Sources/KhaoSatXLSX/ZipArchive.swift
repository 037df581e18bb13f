import CZlibInflate
import Foundation

/// A ZIP archive from outside (a workbook, ODK Central's download), read entry by entry.
///
/// Hand-written instead of ZIPFoundation's reading: on Linux its inflate loop hands zlib a full
/// buffer's length whatever it read, and at the end of a damaged entry it asks the file for more
/// bytes forever (found by the format fuzzer: one changed byte of compressed data hung `inspect`).
/// Here every length comes from the central directory and is checked against the file; an entry
/// is inflated from exactly its compressed bytes, must end where zlib says the stream ends, and
/// must match its declared size and CRC-32.
package struct ZipArchive: Sendable {
    package struct Entry: Sendable, Equatable {
        package let path: String
        package let compressedSize: UInt64
        package let uncompressedSize: UInt64
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let localHeaderOffset: UInt64

        package var isDirectory: Bool { path.hasSuffix("/") }
    }

    /// A ZIP bomb, not a survey.
    package static let maxInflatedBytes: UInt64 = 8 << 30

    package let path: String
    package let entries: [Entry]
    private let fileSize: UInt64

    /// nil when the file is not a ZIP at all (no end-of-archive record).
    package init?(path: String) throws(ZipError) {
        guard let file = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path) }
        defer { try? file.close() }
        self.path = path
        let size = (try? file.seekToEnd()) ?? 0
        fileSize = size
        let tail = Self.read(file, at: size - min(size, 65_557), count: Int(min(size, 65_557)))
        guard let end = Self.lastIndex(of: 0x0605_4B50, in: tail) else { return nil }
        var count = UInt64(tail.u16(end + 10)), directorySize = UInt64(tail.u32(end + 12)), directoryOffset = UInt64(tail.u32(end + 16))
        // ZIP64: the locator just before the end record points at the 64-bit end record.
        if end >= 20, tail.u32(end - 20) == 0x0706_4B50 {
            let record = Self.read(file, at: tail.u64(end - 20 + 8), count: 56)
            guard record.count == 56, record.u32(0) == 0x0606_4B50 else { throw .damaged(path: path, reason: "bản ghi ZIP64 hỏng") }
            (count, directorySize, directoryOffset) = (record.u64(32), record.u64(40), record.u64(48))
        }
        guard directoryOffset <= size, directorySize <= size - directoryOffset, directorySize <= 1 << 30 else {
            throw .damaged(path: path, reason: "mục lục nằm ngoài tệp")
        }
        let directory = Self.read(file, at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var at = 0
        while entries.count < count, at + 46 <= directory.count, directory.u32(at) == 0x0201_4B50 {
            let nameLength = Int(directory.u16(at + 28)), extraLength = Int(directory.u16(at + 30)), commentLength = Int(directory.u16(at + 32))
            guard at + 46 + nameLength + extraLength <= directory.count else { break }
            var compressed = UInt64(directory.u32(at + 20)), uncompressed = UInt64(directory.u32(at + 24))
            var offset = UInt64(directory.u32(at + 42))
            // ZIP64 extra field: the 64-bit values of the fields written as 0xFFFFFFFF, in order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = directory.u16(extra), length = Int(directory.u16(extra + 2))
                var field = extra + 4
                if id == 0x0001 {
                    if uncompressed == 0xFFFF_FFFF, field + 8 <= extraEnd { uncompressed = directory.u64(field); field += 8 }
                    if compressed == 0xFFFF_FFFF, field + 8 <= extraEnd { compressed = directory.u64(field); field += 8 }
                    if offset == 0xFFFF_FFFF, field + 8 <= extraEnd { offset = directory.u64(field) }
                }
                extra += 4 + length
            }
            let name = directory[(at + 46)..<(at + 46 + nameLength)]
            entries.append(Entry(path: String(decoding: name, as: UTF8.self), compressedSize: compressed, uncompressedSize: uncompressed,
                                 method: directory.u16(at + 10), flags: directory.u16(at + 8), crc32: directory.u32(at + 16),
                                 localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        guard entries.count == count else { throw .damaged(path: path, reason: "mục lục có \(entries.count) mục đọc được, khai báo \(count)") }
        self.entries = entries
    }

    package subscript(path: String) -> Entry? { entries.first { $0.path == path } }

    /// Calls `body` with the entry's bytes, chunk by chunk, as they are inflated. Errors of
    /// `body` come back as they are; a damaged entry throws `ZipError.damaged`.
    package func extract(_ entry: Entry, chunkSize: Int = 1 << 16, _ body: (Data) throws -> Void) throws {
        func damaged(_ reason: String) -> ZipError { .damaged(path: path, reason: entry.path + ": " + reason) }
        guard entry.flags & 1 == 0 else { throw damaged("được mã hoá") }
        guard entry.uncompressedSize <= Self.maxInflatedBytes else { throw damaged("giải nén ra hơn 8 GB") }
        guard let file = FileHandle(forReadingAtPath: path) else { throw ZipError.unreadable(path: path) }
        defer { try? file.close() }
        let header = Self.read(file, at: entry.localHeaderOffset, count: 30)
        guard header.count == 30, header.u32(0) == 0x0403_4B50 else { throw damaged("không thấy phần đầu của mục") }
        let start = entry.localHeaderOffset + 30 + UInt64(header.u16(26)) + UInt64(header.u16(28))
        guard start <= fileSize, entry.compressedSize <= fileSize - start else {
            throw damaged("khai báo \(entry.compressedSize) byte nén, nhiều hơn cả tệp")
        }
        try? file.seek(toOffset: start)
        var remaining = entry.compressedSize
        func nextInput() -> Data {
            let data = (try? file.read(upToCount: Int(min(UInt64(chunkSize), remaining)))) ?? Data()
            remaining -= UInt64(data.count)
            return data
        }
        var crc: UInt = 0, produced: UInt64 = 0
        func deliver(_ data: Data) throws {
            produced += UInt64(data.count)
            guard produced <= entry.uncompressedSize else { throw damaged("giải nén ra nhiều hơn \(entry.uncompressedSize) byte đã khai báo") }
            crc = data.withUnsafeBytes { CZlibInflate.crc32(crc, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
            try body(data)
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw damaged("kích thước không khớp") }
            while remaining > 0 {
                let data = nextInput()
                guard !data.isEmpty else { throw damaged("dừng giữa chừng") }
                try deliver(data)
            }
        case 8:
            try inflate(nextInput, remaining: { remaining }, chunkSize: chunkSize, deliver, damaged)
        default:
            throw damaged("nén theo cách \(entry.method), chỉ đọc được deflate hoặc không nén")
        }
        guard produced == entry.uncompressedSize, UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw damaged("nội dung không khớp kích thước hoặc CRC-32 đã khai báo")
        }
    }

    /// Raw deflate from `input` until zlib reports the stream's end. Each step consumes input or
    /// produces output, or the entry is damaged: the loop cannot run forever.
    private func inflate(_ input: () -> Data, remaining: () -> UInt64, chunkSize: Int,
                         _ deliver: (Data) throws -> Void, _ damaged: (String) -> ZipError) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw damaged("zlib không khởi tạo được")
        }
        defer { inflateEnd(&stream) }
        var chunk = Data()
        var output = [UInt8](repeating: 0, count: chunkSize)
        var offset = 0
        while true {
            if offset == chunk.count {
                guard remaining() > 0 else { throw damaged("dữ liệu nén dừng giữa chừng") }
                chunk = input()
                offset = 0
                guard !chunk.isEmpty else { throw damaged("dữ liệu nén dừng giữa chừng") }
            }
            let (status, used, made) = chunk.withUnsafeBytes { inBytes in
                output.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: inBytes.bindMemory(to: Bytef.self).baseAddress! + offset)
                    stream.avail_in = uInt(chunk.count - offset)
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = CZlibInflate.inflate(&stream, Z_NO_FLUSH)
                    return (status, chunk.count - offset - Int(stream.avail_in), out.count - Int(stream.avail_out))
                }
            }
            offset += used
            if made > 0 { try deliver(Data(output[0..<made])) }
            switch status {
            case Z_STREAM_END: return
            case Z_OK where used > 0 || made > 0: continue
            default: throw damaged("dữ liệu nén hỏng")
            }
        }
    }

    private static func read(_ file: FileHandle, at offset: UInt64, count: Int) -> [UInt8] {
        guard (try? file.seek(toOffset: offset)) != nil, count > 0 else { return [] }
        return [UInt8]((try? file.read(upToCount: count)) ?? Data())
    }

    private static func lastIndex(of signature: UInt32, in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        return stride(from: bytes.count - 22, through: 0, by: -1).first { bytes.u32($0) == signature }
    }
}

/// Why a ZIP cannot be read, in Vietnamese.
package enum ZipError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case damaged(path: String, reason: String)

    package var description: String {
        switch self {
        case .unreadable(let path): return "không mở được \(path)"
        case .damaged(_, let reason): return "tệp ZIP bị hỏng (\(reason))"
        }
    }
}

private extension [UInt8] {
    // Little-endian fields; a field past the end reads as zero (the callers check lengths).
    func u16(_ i: Int) -> UInt16 { i >= 0 && i + 2 <= count ? UInt16(self[i]) | UInt16(self[i + 1]) << 8 : 0 }
    func u32(_ i: Int) -> UInt32 { i >= 0 && i + 4 <= count ? UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 : 0 }
    func u64(_ i: Int) -> UInt64 { i >= 0 && i + 8 <= count ? UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 : 0 }
}
