import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal

/// Issue 26, accounts: an administrator disables, enables, changes the role of and resets the
/// password of an account from the command line; a user changes his own password; every step is
/// on the audit log, and a disabled account's sessions and tokens stop at once.
final class AccountTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-accounts-\(UUID())").path
        portal = try Portal.open(directory: dir, set: shippedSet)
        portal.bcryptCost = 4
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testADisabledAccountSignsInNoMoreAndItsSessionsAndTokensStop() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let (cookie, _) = try portal.startSession(for: a)
        let (token, _) = try portal.issueToken(for: a)
        XCTAssertNotNil(try portal.session(token: cookie))
        XCTAssertNotNil(try portal.user(token: token))

        try portal.setDisabled("nha.thau.a", true)
        XCTAssertNil(try portal.session(token: cookie))
        XCTAssertNil(try portal.user(token: token))
        XCTAssertNil(try portal.login(name: "nha.thau.a", password: "mot-mat-khau-dai", from: "10.0.0.1"))
        XCTAssertNotNil(try portal.user(named: "nha.thau.a")?.disabledAt, "kept, not deleted")
        let failed = try portal.store.audit(limit: 1).first
        XCTAssertEqual(failed?.action, "login.failed")
        XCTAssertTrue(failed?.detail.hasSuffix("tài khoản đã bị khoá") ?? false, failed?.detail ?? "")

        try portal.setDisabled("nha.thau.a", false)
        XCTAssertNotNil(try portal.login(name: "nha.thau.a", password: "mot-mat-khau-dai", from: "10.0.0.1"))
        XCTAssertNotNil(try portal.user(token: token), "a token outlives a pause of its account, not its own expiry")
        XCTAssertNil(try portal.session(token: cookie), "the sessions ended with the disabling stay ended")
        XCTAssertThrowsError(try portal.setDisabled("khong.co", true)) { XCTAssertEqual($0 as? PortalError, .notFound) }
        let actions = try portal.store.audit(limit: 20).map(\.action)
        XCTAssertTrue(actions.contains("user.disable") && actions.contains("user.enable"), "\(actions)")
    }

    func testARoleChangesAndAForgottenPasswordIsReset() throws {
        let user = try portal.addUser(name: "can.bo.moi", role: .auditor, password: "mot-mat-khau-dai")
        try portal.setRole("can.bo.moi", .officer)
        XCTAssertEqual(try portal.user(named: "can.bo.moi")?.role, .officer)
        XCTAssertEqual(try portal.store.audit(limit: 1).first?.detail, "can.bo.moi: auditor → officer")

        let (cookie, _) = try portal.startSession(for: user)
        XCTAssertThrowsError(try portal.resetPassword("can.bo.moi", to: "ngan")) { XCTAssertEqual($0 as? PortalError, .weakPassword) }
        try portal.resetPassword("can.bo.moi", to: "mat-khau-moi-rat-dai")
        XCTAssertNil(try portal.session(token: cookie), "a new password ends every session")
        XCTAssertNil(try portal.login(name: "can.bo.moi", password: "mot-mat-khau-dai", from: "10.0.0.2"))
        XCTAssertNotNil(try portal.login(name: "can.bo.moi", password: "mat-khau-moi-rat-dai", from: "10.0.0.2"))
        XCTAssertTrue(try portal.store.audit(limit: 10).contains { $0.action == "user.password.reset" && $0.detail == "can.bo.moi" })
    }

    func testAUserChangesHisOwnPasswordGivingTheCurrentOne() throws {
        let user = try portal.addUser(name: "kiem.toan", role: .auditor, password: "mot-mat-khau-dai")
        let (cookie, _) = try portal.startSession(for: user)
        XCTAssertThrowsError(try portal.changePassword(of: user, current: "sai-mat-khau-roi", new: "mat-khau-moi-rat-dai")) {
            XCTAssertEqual($0 as? PortalError, .wrongPassword)
        }
        XCTAssertEqual(try portal.store.audit(limit: 1).first?.action, "user.password.failed")
        XCTAssertNotNil(try portal.session(token: cookie), "a wrong current password changes nothing")
        XCTAssertThrowsError(try portal.changePassword(of: user, current: "mot-mat-khau-dai", new: "ngan")) {
            XCTAssertEqual($0 as? PortalError, .weakPassword)
        }
        try portal.changePassword(of: user, current: "mot-mat-khau-dai", new: "mat-khau-moi-rat-dai")
        XCTAssertNil(try portal.session(token: cookie))
        XCTAssertNotNil(try portal.login(name: "kiem.toan", password: "mat-khau-moi-rat-dai", from: "10.0.0.3"))
        // Only officers see the list of accounts; it holds no password.
        XCTAssertThrowsError(try portal.accounts(visibleTo: user)) { XCTAssertEqual($0 as? PortalError, .notAllowed) }
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        XCTAssertEqual(try portal.accounts(visibleTo: officer).map(\.name), ["can.bo.snv", "kiem.toan"])
    }
}
