import Foundation
import GRDB
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal

/// Issue 26, upgrades: data of the previous schema is copied before it is migrated, and an older
/// program refuses data a newer one migrated.
final class UpgradeTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-upgrade-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func backups() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("portal.sqlite.before-") }
    }

    func testThePreviousSchemaIsCopiedThenMigrated() throws {
        let path = dir + "/portal.sqlite"
        _ = try SQLiteStore(path: path).addUser(name: "nha.thau.a", role: .contractor, passwordHash: "x", at: Date())
        XCTAssertEqual(try backups(), [], "a new database has nothing to copy")
        // Back to the schema of the previous release (0.4.0: up to v7).
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "ALTER TABLE upload DROP COLUMN preference")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v8%'")
        }
        let store = try SQLiteStore(path: path)
        XCTAssertNotNil(try store.user(named: "nha.thau.a"))
        XCTAssertEqual(try store.uploads(owner: nil).count, 0, "the new column is read")
        let copy = try XCTUnwrap(try backups().first)
        XCTAssertTrue(copy.hasPrefix("portal.sqlite.before-v8-"), copy)
        // The copy is the database as it was: the user, and no column of v8.
        try DatabaseQueue(path: dir + "/" + copy).read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT name FROM user"), ["nha.thau.a"])
            XCTAssertFalse(try db.columns(in: "upload").map(\.name).contains("preference"))
        }
        _ = try SQLiteStore(path: path)
        XCTAssertEqual(try backups().count, 1, "nothing to migrate, nothing copied")
    }

    func testAnOlderProgramRefusesDataANewerOneMigrated() throws {
        let path = dir + "/portal.sqlite"
        _ = try SQLiteStore(path: path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: future')") }
        XCTAssertThrowsError(try SQLiteStore(path: path)) { error in
            XCTAssertEqual(error as? PortalError, .newerData(["v99: future"]))
            XCTAssertTrue("\(error)".contains("bản KhaoSat mới hơn"))
        }
    }
}
