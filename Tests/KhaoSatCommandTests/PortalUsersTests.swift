import Foundation
import KhaoSatTestSupport
import XCTest

/// `khaosat-portal users disable|enable|set-role|reset-password` from the command line (issue 26).
final class PortalUsersTests: XCTestCase {
    private var dir: String!
    private var storage: [String] { ["--questionnaires", repoPath("Questionnaires/dak-lak-2025"), "--data", dir] }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-users-\(UUID())").path
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    private func users(_ arguments: [String], input: String? = nil) throws -> Tool.Result {
        try Tool.run("khaosat-portal", ["users"] + [arguments[0]] + storage + arguments.dropFirst(), input: input)
    }

    func testEveryUsersCommand() throws {
        var r = try users(["add", "--name", "nha.thau.a", "--role", "contractor"], input: "mot-mat-khau-dai\n")
        XCTAssertEqual(r.status, 0, r.err)
        r = try users(["disable", "--name", "nha.thau.a"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "Đã khoá tài khoản nha.thau.a.\n")
        XCTAssertEqual(try users(["list"]).out, "nha.thau.a\tcontractor\tđã khoá\n")
        r = try users(["enable", "--name", "nha.thau.a"])
        XCTAssertEqual(try users(["list"]).out, "nha.thau.a\tcontractor\n")
        r = try users(["set-role", "--name", "nha.thau.a", "--role", "auditor"])
        XCTAssertEqual(r.out, "Tài khoản nha.thau.a nay là auditor.\n")
        r = try users(["set-role", "--name", "nha.thau.a", "--role", "admin"])
        XCTAssertEqual(r.status, 64)
        r = try users(["reset-password", "--name", "nha.thau.a"], input: "ngan\n")
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("Mật khẩu cần ít nhất 12 ký tự"), r.err)
        r = try users(["reset-password", "--name", "nha.thau.a"], input: "mat-khau-moi-rat-dai\n")
        XCTAssertEqual(r.status, 0, r.err)
        r = try users(["disable", "--name", "khong.co"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("Không có tài khoản này"), r.err)
    }
}
