import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
@testable import KhaoSatQuestionnaire


final class PortalTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-portal-\(UUID())").path
        let set = shippedSet
        portal = try Portal.open(directory: dir, set: set)
        portal.bcryptCost = 4  // the minimum: tests check the logic, not the cost
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: root + "/Fixtures/responses/" + name))
    }

    func testAccountsHaveBcryptPasswordsAndEveryLoginIsOnRecord() throws {
        let user = try portal.addUser(name: "nha.thau-1", role: .contractor, password: "mot-mat-khau-dai")
        XCTAssertTrue(user.passwordHash.hasPrefix("$2b$04$"))
        XCTAssertThrowsError(try portal.addUser(name: "nha.thau-1", role: .officer, password: "mot-mat-khau-dai")) {
            XCTAssertEqual($0 as? PortalError, .nameTaken("nha.thau-1"))
        }
        XCTAssertThrowsError(try portal.addUser(name: "x", role: .officer, password: "mot-mat-khau-dai"))
        XCTAssertThrowsError(try portal.addUser(name: "can.bo", role: .officer, password: "ngan")) {
            XCTAssertEqual($0 as? PortalError, .weakPassword)
        }
        XCTAssertEqual(try portal.login(name: "nha.thau-1", password: "mot-mat-khau-dai", from: "127.0.0.1")?.id, user.id)
        XCTAssertNil(try portal.login(name: "nha.thau-1", password: "sai-mat-khau-roi", from: "127.0.0.1"))
        XCTAssertNil(try portal.login(name: "khong.co", password: "mot-mat-khau-dai", from: "10.0.0.9"))
        XCTAssertEqual(try portal.store.audit(limit: 10).map(\.action), ["login.failed", "login.failed", "login", "user.add"])
    }

    func testAnUploadIsStoredByHashValidatedAndSeenOnlyByItsOwner() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let b = try portal.addUser(name: "nha.thau.b", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let data = try fixture("dn-dirty.csv")
        // A path in the file name is never used as a path.
        let up = try portal.upload(data, fileName: "../../etc/dn-dirty.csv", by: a)
        XCTAssertEqual(up.fileName, "dn-dirty.csv")
        // The accounting of `khaosat validate` on the same file (see IngestTests): 10 rows = 2 + 7 + 1.
        XCTAssertEqual([up.rows, up.accepted, up.setAside, up.duplicates], [10, 2, 7, 1])
        XCTAssertTrue(try portal.store.report(upload: up.id)?.contains("UNIT_UNKNOWN") ?? false)
        let stored = try Data(contentsOf: URL(fileURLWithPath: portal.blobs.path(sha256: up.sha256)))
        XCTAssertEqual(stored, data)
        // The same bytes again: one blob.
        let again = try portal.upload(data, fileName: "dn-dirty (1).csv", by: a)
        XCTAssertEqual(again.sha256, up.sha256)
        let blobs = try FileManager.default.subpathsOfDirectory(atPath: dir + "/blobs").filter { $0.hasSuffix(up.sha256) }
        XCTAssertEqual(blobs.count, 1)

        XCTAssertEqual(try portal.uploads(visibleTo: a).map(\.id), [again.id, up.id])
        XCTAssertEqual(try portal.uploads(visibleTo: b), [])
        XCTAssertNil(try portal.upload(id: up.id, visibleTo: b))  // shown as 404, not 403
        XCTAssertEqual(try portal.uploads(visibleTo: officer).count, 2)
        XCTAssertThrowsError(try portal.upload(data, fileName: "x.csv", by: officer)) { XCTAssertEqual($0 as? PortalError, .notAllowed) }
        XCTAssertThrowsError(try portal.upload(data, fileName: "x.csv", by: b, replacing: up.id)) { XCTAssertEqual($0 as? PortalError, .notFound) }
    }

    func testAReplacedUploadIsKeptAndMarkedAndReviewsAreOnRecord() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let first = try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn.csv", by: a)
        let second = try portal.upload(try fixture("dn-windows-1258.csv"), fileName: "dn-sua.csv", by: a, replacing: first.id)
        XCTAssertEqual(try portal.store.upload(id: first.id)?.status, .replaced)
        XCTAssertEqual(second.replaces, first.id)
        XCTAssertEqual([second.rows, second.accepted], [4, 4])
        XCTAssertThrowsError(try portal.review([second.id], accept: true, comment: "", by: a))
        try portal.review([second.id], accept: true, comment: "Đạt yêu cầu", by: officer)
        XCTAssertEqual(try portal.store.upload(id: second.id)?.status, .accepted)
        let log = try portal.store.audit(limit: 3)
        XCTAssertEqual(log.map(\.action), ["batch.accept", "upload.replace", "upload"])
        XCTAssertEqual(log[0].detail, "Đạt yêu cầu")
    }

    func testTheAuditLogCannotBeRewritten() throws {
        _ = try portal.addUser(name: "kiem.toan", role: .auditor, password: "mot-mat-khau-dai")
        let store = try XCTUnwrap(portal.store as? SQLiteStore)
        XCTAssertThrowsError(try store.execute("UPDATE audit SET detail = 'sửa'"))
        XCTAssertThrowsError(try store.execute("DELETE FROM audit"))
        XCTAssertEqual(try portal.store.audit(limit: 10).count, 1)
    }

    func testAnUnreadableUploadIsRecordedWithItsReason() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let up = try portal.upload(Data("PK\u{3}\u{4}không phải csv".utf8), fileName: "bao-cao.xlsx", by: a)
        XCTAssertEqual(up.rows, 0)
        XCTAssertTrue(up.failure?.contains("Excel") ?? false, up.failure ?? "")
    }
}
