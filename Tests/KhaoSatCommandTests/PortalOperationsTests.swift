import Foundation
import KhaoSatTestSupport
import XCTest

/// The system administrator's commands (issue 26): check-config, backup, verify, restore, --version.
final class PortalOperationsTests: XCTestCase {
    private var dir: String!
    private let set = repoPath("Questionnaires/dak-lak-2025")

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-ops-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    private func portal(_ arguments: [String], environment: [String: String] = [:]) throws -> Tool.Result {
        try Tool.run("khaosat-portal", arguments, environment: environment)
    }

    func testCheckConfigSaysWhatIsWrongBeforeStarting() throws {
        // A data folder still to be created, and a key only its owner reads.
        let key = dir + "/demo.key"
        try FileManager.default.copyItem(atPath: Tool.demoKey, toPath: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        var r = try portal(["check-config", "--questionnaires", set, "--data", dir + "/data", "--key-file", key])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.hasSuffix("Cấu hình dùng được.\n"), r.out)
        // No key, a key others can read, a set with problems: each said, exit 1.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        r = try portal(["check-config", "--questionnaires", set, "--data", dir + "/data", "--key-file", key])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("KHÔNG  khoá bí danh \(key)"), r.out)
        XCTAssertTrue(r.out.contains("người khác đọc được, hãy chmod 600"), r.out)
        r = try portal(["check-config", "--questionnaires", dir, "--data", dir + "/data"], environment: ["KHAOSAT_KEY_FILE": ""])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("KHÔNG  bộ phiếu \(dir!)"), r.out)
        // Nothing was created.
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/data"))
    }

    func testBackupVerifyRestoreFromTheCommandLine() throws {
        let data = dir + "/data"
        var r = try Tool.run("khaosat-portal", ["demo", "--questionnaires", set, "--data", data, repoPath("Fixtures/responses/dn-dirty.csv")])
        XCTAssertEqual(r.status, 0, r.err)
        r = try portal(["backup", "--questionnaires", set, "--data", data, "--to", dir + "/backups", "--keep", "1"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Đã sao lưu vào \(dir!)/backups/khaosat-backup-"), r.out)
        let backup = dir + "/backups/" + (try FileManager.default.contentsOfDirectory(atPath: dir + "/backups")[0])
        r = try portal(["verify", "--backup", backup])
        XCTAssertEqual(r.status, 0, r.out)
        XCTAssertEqual(r.out, "Kiểm tra xong: không có lỗi.\n")
        r = try portal(["restore", "--from", backup, "--data", dir + "/restored", "--questionnaires", dir + "/set"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("cổng mở được với 3 tài khoản"), r.out)
        r = try portal(["verify", "--data", dir + "/restored"])
        XCTAssertEqual(r.status, 0, r.out)
        // A damaged backup: exit 1, each problem on its line.
        try Data("x".utf8).write(to: URL(fileURLWithPath: backup + "/backup-info.txt"))
        r = try portal(["verify", "--backup", backup])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "LỖI: backup-info.txt không còn đúng các byte đã sao lưu (SHA-256 khác).\n")
    }

    func testBothProgramsNameTheirVersionAndPackages() throws {
        for tool in ["khaosat", "khaosat-portal"] {
            let r = try Tool.run(tool, ["--version"])
            XCTAssertEqual(r.status, 0)
            XCTAssertTrue(r.out.hasPrefix("0.6.0 (hợp đồng xuất 3)\n"), r.out)
            XCTAssertTrue(r.out.contains("  groue/GRDB.swift 7.10.0\n"), r.out)
        }
    }
}
