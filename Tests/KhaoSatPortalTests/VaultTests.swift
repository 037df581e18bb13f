import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
import KhaoSatIngest

/// Sealed files open whole with the right key, and are refused, never read short, when cut,
/// reordered, changed or opened with another key.
final class VaultTests: XCTestCase {
    private var dir: String!
    private let vault = Vault(pseudonyms: try! PseudonymKey.read(path: Tool.demoKey))

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-vault-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// 2.5 chunks of bytes, sealed: magic + three framed chunks.
    private func sealed() throws -> (plain: Data, sealed: Data) {
        var generator = SystemRandomNumberGenerator()
        let plain = Data((0..<(Vault.chunkSize * 5 / 2)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try plain.write(to: URL(fileURLWithPath: dir + "/plain"))
        try vault.seal(dir + "/plain", to: dir + "/sealed")
        return (plain, try Data(contentsOf: URL(fileURLWithPath: dir + "/sealed")))
    }

    private func opens(_ bytes: Data, with vault: Vault? = nil) -> Data? {
        try? bytes.write(to: URL(fileURLWithPath: dir + "/try"))
        return try? (vault ?? self.vault).contents(of: dir + "/try")
    }

    func testASealedFileOpensWholeAndOnlyWhole() throws {
        let (plain, sealed) = try sealed()
        XCTAssertTrue(Vault.isSealed(dir + "/sealed"))
        XCTAssertNil(sealed.range(of: plain.prefix(64)))
        XCTAssertEqual(opens(sealed), plain)
        // Framing: 8-byte magic, then per chunk a 4-byte length and nonce (12) + ciphertext + tag (16).
        let first = 8 + 4 + 12 + Vault.chunkSize + 16
        XCTAssertEqual(sealed.count, first + (first - 8) + 4 + 12 + Vault.chunkSize / 2 + 16)
        // Cut after a whole chunk: its "last" flag was not set, so it is refused.
        XCTAssertNil(opens(sealed.prefix(first)))
        XCTAssertNil(opens(sealed.dropLast(1)))
        // The two first chunks swapped: each is authenticated with its number.
        let chunk = first - 8
        XCTAssertNil(opens(sealed.prefix(8) + sealed[(8 + chunk)..<(8 + 2 * chunk)] + sealed[8..<(8 + chunk)] + sealed.suffix(from: 8 + 2 * chunk)))
        // One bit changed.
        var changed = sealed
        changed[100] ^= 1
        XCTAssertNil(opens(changed))
        // Another key.
        XCTAssertNil(opens(sealed, with: Vault(pseudonyms: try PseudonymKey(base64: PseudonymKey.generate()))))
        // Bytes in memory seal the same way, and an empty file is one (last) chunk.
        try vault.seal([UInt8](), to: dir + "/empty")
        XCTAssertEqual(try vault.contents(of: dir + "/empty"), Data())
    }
}
