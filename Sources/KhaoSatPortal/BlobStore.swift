import Crypto
import Foundation

/// Uploaded originals, stored by SHA-256 under `blobs/ab/abcdef…`: written to a temporary
/// name, flushed, then renamed, and never modified afterwards. A crash leaves at most a
/// temporary file or a blob no upload points to; `Portal.open` removes both.
public struct BlobStore: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/tmp")) ?? [] {
            try? FileManager.default.removeItem(atPath: directory + "/tmp/" + name)
        }
    }

    public func path(sha256: String) -> String {
        directory + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// Every stored blob's SHA-256.
    public func hashes() -> Set<String> {
        let fm = FileManager.default
        var all = Set<String>()
        for prefix in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where prefix.count == 2 {
            all.formUnion((try? fm.contentsOfDirectory(atPath: directory + "/" + prefix)) ?? [])
        }
        return all
    }

    /// Removes blobs no upload points to: left by a crash between the rename and the database commit.
    public func removeAll(except kept: Set<String>) {
        for sha in hashes().subtracting(kept) { try? FileManager.default.removeItem(atPath: path(sha256: sha)) }
    }

    /// A writer for one upload, streamed: memory stays flat whatever the file's size.
    public func writer(limit: Int) throws -> BlobWriter {
        try BlobWriter(store: self, limit: limit)
    }

    /// Stores the bytes at once (tests, the command line).
    public func store(_ data: Data) throws -> StoredBlob {
        let writer = try writer(limit: .max)
        try writer.write(data)
        return try writer.finish()
    }
}

/// What an upload points to.
public struct StoredBlob: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int
}

/// Hashes while writing to `tmp/`; `finish` flushes and renames, `abandon` (or dropping it
/// unfinished) removes the temporary file. Owned by one request.
public final class BlobWriter {
    private let store: BlobStore
    private let temp: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private var done = false
    public let limit: Int
    public private(set) var bytes = 0

    init(store: BlobStore, limit: Int) throws {
        self.store = store
        self.limit = limit
        temp = store.directory + "/tmp/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temp, contents: nil), let handle = FileHandle(forWritingAtPath: temp) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.handle = handle
    }

    deinit { if !done { abandon() } }

    /// Throws `PortalError.tooLarge` past the limit; the caller then abandons.
    public func write<Bytes: DataProtocol>(_ chunk: Bytes) throws {
        bytes += chunk.count
        guard bytes <= limit else { throw PortalError.tooLarge(limit: limit) }
        let data = Data(chunk)
        hasher.update(data: data)
        try handle.write(contentsOf: data)
    }

    public func finish() throws -> StoredBlob {
        done = true
        try handle.synchronize()
        try handle.close()
        let sha = hasher.finalize().hex
        let final = store.path(sha256: sha)
        if FileManager.default.fileExists(atPath: final) {
            try? FileManager.default.removeItem(atPath: temp)
        } else {
            try FileManager.default.createDirectory(atPath: store.directory + "/" + sha.prefix(2), withIntermediateDirectories: true)
            if rename(temp, final) != 0 { throw CocoaError(.fileWriteUnknown) }
        }
        return StoredBlob(sha256: sha, bytes: bytes)
    }

    public func abandon() {
        done = true
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temp)
    }
}

extension Digest {
    /// Lowercase hex, as `sha256sum` prints it.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
