import Crypto
import Foundation

/// A file's SHA-256 and size, as `sha256sum` and `wc -c` print them: the one digest of the
/// project (a run's inputs and outputs in the manifest, the portal's stored uploads).
package struct FileDigest: Sendable, Equatable {
    package var sha256: String
    package var bytes: Int

    package init(sha256: String, bytes: Int) {
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// Fed block by block as the bytes go by (a file read, an upload streamed to disk).
    package struct Hasher: Sendable {
        private var hasher = SHA256()
        private var bytes = 0

        package init() {}

        package mutating func update(_ block: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: block)
            bytes += block.count
        }

        package mutating func update<Bytes: DataProtocol>(_ block: Bytes) {
            for region in block.regions { region.withUnsafeBytes { update($0) } }
        }

        package func finish() -> FileDigest { FileDigest(sha256: hasher.finalize().hex, bytes: bytes) }
    }

    /// The file read in 1 MiB blocks; nil when it cannot be opened.
    package static func of(path: String) throws -> FileDigest? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = Hasher()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(block) }
        return hasher.finish()
    }

    package static func of<Bytes: DataProtocol>(bytes: Bytes) -> FileDigest {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }
}
