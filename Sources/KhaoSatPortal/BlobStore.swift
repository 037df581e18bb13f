import Crypto
import Foundation
import KhaoSatIngest
import KhaoSatExport

/// Uploaded originals, stored by the SHA-256 of their plain bytes under `blobs/ab/abcdef…`:
/// written to a temporary name, flushed, sealed by the vault (when the portal has a key), then
/// renamed, and never modified afterwards. A crash leaves at most a temporary file or a blob no
/// upload points to; `Portal.removeLeftovers` removes both. The plain bytes are on disk only
/// while an upload is validated and while a conversion reads them, under `tmp/`.
package struct BlobStore: Sendable {
    package let directory: String
    package let vault: Vault?
    /// Blobs kept by a writer whose upload is not recorded yet, by SHA-256: a refused upload's
    /// blob is removed at once, unless another upload of the same bytes is on its way.
    let inFlight = InFlight()

    package init(directory: String, vault: Vault? = nil) throws {
        self.directory = directory
        self.vault = vault
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
    }

    package func path(sha256: String) -> String { directory + "/" + Self.relativePath(sha256) }

    /// `ab/abcdef…`: where a blob lives under the blobs folder (the backup and its checks use it too).
    static func relativePath(_ sha256: String) -> String { sha256.prefix(2) + "/" + sha256 }

    /// Every stored blob's SHA-256.
    package func hashes() -> Set<String> { Self.hashes(in: directory) }

    static func hashes(in directory: String) -> Set<String> {
        let fm = FileManager.default
        var all = Set<String>()
        for prefix in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where prefix.count == 2 {
            all.formUnion((try? fm.contentsOfDirectory(atPath: directory + "/" + prefix)) ?? [])
        }
        return all
    }

    /// Removes temporary files, and blobs no upload points to (a crash between the rename and
    /// the database commit). Only while no upload is in flight.
    package func removeAll(except kept: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/tmp")) ?? [] {
            try? FileManager.default.removeItem(atPath: directory + "/tmp/" + name)
        }
        for sha in hashes().subtracting(kept) { try? FileManager.default.removeItem(atPath: path(sha256: sha)) }
    }

    /// Seals the blobs stored before the portal had a key (a plain blob keeps its name: its
    /// SHA-256 is of the plain bytes either way). Returns how many were sealed.
    package func sealPlainBlobs() throws -> Int {
        guard let vault else { return 0 }
        var sealed = 0
        for sha in hashes() where !Vault.isSealed(path(sha256: sha)) {
            try vault.seal(path(sha256: sha), to: path(sha256: sha))
            sealed += 1
        }
        return sealed
    }

    /// The blob's plain bytes in a new file under `directory` (removed by the caller).
    package func plainCopy(sha256: String, in directory: String, name: String) throws -> String {
        let destination = directory + "/" + name
        if let vault, Vault.isSealed(path(sha256: sha256)) {
            try vault.open(path(sha256: sha256), to: destination)
        } else {
            try FileManager.default.copyItem(atPath: path(sha256: sha256), toPath: destination)
        }
        return destination
    }

    /// The blob, for a download.
    package func open(sha256: String) throws -> StoredFile {
        try StoredFile(path: path(sha256: sha256), vault: vault)
    }

    /// Stores a plain file's bytes as a blob (a pseudonymised copy).
    package func add(file: String) throws -> FileDigest {
        let writer = try writer(limit: .max)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw VaultError.unreadable(file) }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: Vault.chunkSize), !chunk.isEmpty { try writer.write(chunk) }
        return try writer.keep()
    }

    /// The upload that kept `sha256` was recorded, or refused: in the second case the blob goes
    /// at once when no other upload is on its way with it and `unused` (no record points to it).
    package func release(_ sha256: String, unused: () -> Bool) {
        inFlight.lock.withLock {
            inFlight.counts[sha256, default: 1] -= 1
            if inFlight.counts[sha256] == 0 { inFlight.counts[sha256] = nil }
            if inFlight.counts[sha256] == nil, unused() { try? FileManager.default.removeItem(atPath: path(sha256: sha256)) }
        }
    }

    /// Removes a blob no upload points to any more.
    package func remove(sha256: String) {
        try? FileManager.default.removeItem(atPath: path(sha256: sha256))
    }

    /// A writer for one upload, streamed: memory stays flat whatever the file's size.
    package func writer(limit: Int) throws -> BlobWriter {
        try BlobWriter(store: self, limit: limit)
    }

    /// Stores the bytes at once (tests).
    package func store(_ data: Data) throws -> FileDigest {
        let writer = try writer(limit: .max)
        try writer.write(data)
        return try writer.keep()
    }
}

/// A stored file to download: plain (streamed from disk) or sealed (opened as it is streamed).
package enum StoredFile: Sendable {
    case plain(String)
    case sealed(Vault.Reader)

    package init(path: String, vault: Vault?) throws {
        if let vault, Vault.isSealed(path) { self = .sealed(try vault.reader(path)) } else { self = .plain(path) }
    }

    /// The whole plain bytes (small files; tests).
    package func contents() throws -> Data {
        switch self {
        case .plain(let path): return try Data(contentsOf: URL(fileURLWithPath: path))
        case .sealed(let reader):
            var all = Data()
            while let chunk = try reader.next() { all.append(chunk) }
            return all
        }
    }
}

/// One upload's bytes on their way in: streamed to `tmp/` while hashed, then either kept
/// (`keep`: flushed and renamed to their SHA-256) or abandoned (removed; also when the writer
/// is dropped unkept). Until kept, the file is this writer's alone, so refusing it can never
/// touch another upload's blob. Owned by one request at a time.
package final class BlobWriter: @unchecked Sendable {
    private let store: BlobStore
    private var handle: FileHandle?
    private var hasher = FileDigest.Hasher()
    private var kept = false
    private var finished: FileDigest?
    /// Where the bytes are until kept: validate them here.
    package let temporaryPath: String
    package let limit: Int
    package private(set) var bytes = 0

    init(store: BlobStore, limit: Int) throws {
        self.store = store
        self.limit = limit
        temporaryPath = store.directory + "/tmp/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else { throw CocoaError(.fileWriteUnknown) }
        self.handle = handle
    }

    deinit { if !kept { abandon() } }

    /// Throws `PortalError.tooLarge` past the limit; the caller then abandons.
    package func write<Bytes: DataProtocol>(_ chunk: Bytes) throws {
        bytes += chunk.count
        guard bytes <= limit else { throw PortalError.tooLarge(limit: limit) }
        let data = Data(chunk)
        hasher.update(data)
        try handle?.write(contentsOf: data)
    }

    /// Flushes and closes the temporary file; the bytes' hash and size.
    package func finish() throws -> FileDigest {
        if let finished { return finished }
        try handle?.synchronize()
        try handle?.close()
        handle = nil
        finished = hasher.finish()
        return finished!
    }

    /// Moves the finished file to its SHA-256 name (if those bytes are not stored already); the
    /// blob counts as in flight until `BlobStore.release`.
    package func keep() throws -> FileDigest {
        let blob = try finish()
        let final = store.path(sha256: blob.sha256)
        try FileManager.default.createDirectory(atPath: store.directory + "/" + blob.sha256.prefix(2), withIntermediateDirectories: true)
        try store.inFlight.lock.withLock {
            if FileManager.default.fileExists(atPath: final) {
                try? FileManager.default.removeItem(atPath: temporaryPath)
            } else if let vault = store.vault {
                try vault.seal(temporaryPath, to: final)
                try? FileManager.default.removeItem(atPath: temporaryPath)
            } else if rename(temporaryPath, final) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
            store.inFlight.counts[blob.sha256, default: 0] += 1
        }
        kept = true
        return blob
    }

    package func abandon() {
        try? handle?.close()
        handle = nil
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}

/// Blobs kept but not yet recorded (see `BlobStore.release`), under one lock with the renames.
final class InFlight: @unchecked Sendable {
    let lock = NSLock()
    var counts: [String: Int] = [:]
}
