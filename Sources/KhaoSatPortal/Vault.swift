import Crypto
import Foundation
import KhaoSatIngest

/// Files at rest that hold personal values (uploaded originals, phúc tra call lists), sealed
/// with ChaCha20-Poly1305 under a key derived from the pseudonym key, which lives outside
/// `--data`: a copy of the data folder alone reveals no phone number.
///
/// Sealed in chunks, so a 200 MB original never sits whole in memory: `KSVAULT1`, then per
/// chunk a 4-byte big-endian length and the sealed box (nonce, ciphertext, tag). Each chunk's
/// number and whether it is the last are authenticated with it: a reordered, cut or lengthened
/// file is refused, not read short.
package struct Vault: Sendable {
    private let key: SymmetricKey
    static let magic = Data("KSVAULT1".utf8)
    static let chunkSize = 1 << 20

    package init(pseudonyms: PseudonymKey) {
        key = pseudonyms.derivedKey(for: "khaosat-vault-v1")
    }

    /// Whether the file starts as a sealed one (blobs stored before sealing existed do not).
    package static func isSealed(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.count)) == magic
    }

    /// Seals `source` into `destination` (replaced if present, atomically).
    package func seal(_ source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw VaultError.unreadable(source) }
        defer { try? input.close() }
        try seal(to: destination) { try input.read(upToCount: Self.chunkSize) ?? Data() }
    }

    /// Seals bytes already in memory (a phúc tra list): never written plain.
    package func seal(_ bytes: [UInt8], to destination: String) throws {
        var offset = 0
        try seal(to: destination) {
            defer { offset = min(bytes.count, offset + Self.chunkSize) }
            return Data(bytes[offset..<min(bytes.count, offset + Self.chunkSize)])
        }
    }

    /// `read` gives the plain bytes a chunk at a time, an empty chunk at the end.
    private func seal(to destination: String, read: () throws -> Data) throws {
        let url = URL(fileURLWithPath: destination)  // hidden beside it: a listing never shows it
        let temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".sealing-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: temporary) else { throw VaultError.unreadable(temporary) }
        do {
            try output.write(contentsOf: Self.magic)
            var index: UInt64 = 0
            var chunk = try read()
            while true {
                let next = chunk.count == Self.chunkSize ? try read() : Data()
                let last = next.isEmpty
                let box = try ChaChaPoly.seal(chunk, using: key, authenticating: Self.header(index, last: last)).combined
                try output.write(contentsOf: withUnsafeBytes(of: UInt32(box.count).bigEndian) { Data($0) } + box)
                if last { break }
                chunk = next
                index += 1
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, destination) == 0 else { throw VaultError.unreadable(destination) }
    }

    /// The plain bytes, a chunk at a time, in order; throws on any sign of tampering.
    package func open(_ path: String, _ body: (Data) throws -> Void) throws {
        let reader = try reader(path)
        while let chunk = try reader.next() { try body(chunk) }
    }

    package func reader(_ path: String) throws -> Reader { try Reader(path: path, key: key) }

    /// Opens a sealed file a chunk at a time (a download streamed as it is opened).
    package final class Reader: @unchecked Sendable {
        private let input: FileHandle
        private let key: SymmetricKey
        private let path: String
        private var index: UInt64 = 0
        /// A chunk is opened once the next is known to exist: only then is its "last" flag known.
        private var pending: ChaChaPoly.SealedBox?
        private var done = false

        init(path: String, key: SymmetricKey) throws {
            guard let input = FileHandle(forReadingAtPath: path) else { throw VaultError.unreadable(path) }
            self.input = input
            self.key = key
            self.path = path
            guard try input.read(upToCount: Vault.magic.count) == Vault.magic else { throw VaultError.damaged(path) }
            pending = try box()
            guard pending != nil else { throw VaultError.damaged(path) }
        }

        deinit { try? input.close() }

        /// The next chunk's plain bytes; nil after the last.
        package func next() throws -> Data? {
            guard !done, let current = pending else { return nil }
            pending = try box()
            let last = pending == nil
            defer { index += 1; done = last }
            do { return try ChaChaPoly.open(current, using: key, authenticating: Vault.header(index, last: last)) } catch {
                throw VaultError.damaged(path)
            }
        }

        private func box() throws -> ChaChaPoly.SealedBox? {
            let length = try input.read(upToCount: 4) ?? Data()
            if length.isEmpty { return nil }
            guard length.count == 4 else { throw VaultError.damaged(path) }
            let count = Int(length.reduce(0) { $0 << 8 | UInt32($1) })
            guard count <= Vault.chunkSize + 28, let bytes = try input.read(upToCount: count), bytes.count == count,
                  let box = try? ChaChaPoly.SealedBox(combined: bytes) else { throw VaultError.damaged(path) }
            return box
        }
    }

    /// Opens `source` into a new plain file (for the readers, which read files): the caller removes it.
    package func open(_ source: String, to destination: String) throws {
        guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: destination) else { throw VaultError.unreadable(destination) }
        defer { try? output.close() }
        try open(source) { try output.write(contentsOf: $0) }
    }

    /// The plain bytes in memory (small files: a phúc tra list).
    package func contents(of path: String) throws -> Data {
        var all = Data()
        try open(path) { all.append($0) }
        return all
    }

    static func header(_ index: UInt64, last: Bool) -> Data {
        withUnsafeBytes(of: index.bigEndian) { Data($0) } + [last ? 1 : 0]
    }
}

package enum VaultError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    /// Another key, or bytes changed on disk.
    case damaged(String)

    package var description: String {
        switch self {
        case .unreadable(let path): "không đọc/ghi được \(path)"
        case .damaged(let path): "\(path) không mở được bằng khoá này: khoá khác, hoặc tệp đã bị sửa hay bị cắt"
        }
    }
}
