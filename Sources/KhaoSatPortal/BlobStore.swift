import Crypto
import Foundation

/// Uploaded originals, stored by SHA-256 under `blobs/ab/abcdef…`: written to a temporary
/// name, flushed, then renamed, and never modified afterwards. A crash leaves at most a
/// temporary file (removed at the next start) or a complete blob no upload points to.
public struct BlobStore: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory + "/tmp", withIntermediateDirectories: true)
        // Leftovers of an interrupted upload.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/tmp")) ?? [] {
            try? FileManager.default.removeItem(atPath: directory + "/tmp/" + name)
        }
    }

    public func path(sha256: String) -> String {
        directory + "/" + sha256.prefix(2) + "/" + sha256
    }

    /// Stores the bytes and returns their SHA-256; storing the same bytes again is a no-op.
    public func store(_ data: Data) throws -> String {
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let final = path(sha256: sha)
        if FileManager.default.fileExists(atPath: final) { return sha }
        let temp = directory + "/tmp/" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temp, contents: data), let handle = FileHandle(forUpdatingAtPath: temp) else {
            throw CocoaError(.fileWriteUnknown)
        }
        try handle.synchronize()
        try handle.close()
        try FileManager.default.createDirectory(atPath: directory + "/" + sha.prefix(2), withIntermediateDirectories: true)
        if rename(temp, final) != 0 { throw CocoaError(.fileWriteUnknown) }
        return sha
    }
}
