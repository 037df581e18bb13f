import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
import KhaoSatIngest

/// Issue 26, item 3: a backup taken while the portal serves, restored onto a fresh folder, is
/// the same data byte for byte, and the portal opens on it.
final class BackupTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-backup-test-\(UUID())").path
        portal = try Portal.open(directory: dir + "/data", set: shippedSet, pseudonyms: try PseudonymKey.read(path: Tool.demoKey))
        portal.bcryptCost = 4
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A contractor's two uploads (one accepted, one rejected), a run, and the officer.
    private func someWork() throws -> (officer: User, uploads: [Upload], run: ConversionRecord) {
        let contractor = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let dn = try portal.upload(try bytes(root + "/Fixtures/responses/dn-dirty.csv"), fileName: "dn-dirty.csv", by: contractor)
        let xa = try portal.upload(try bytes(root + "/Fixtures/responses/hdnd-xa-canonical.csv"), fileName: "xa.csv", by: contractor)
        try portal.review([dn.id], accept: true, comment: "", by: officer)
        try portal.review([xa.id], accept: false, comment: "", by: officer)
        return (officer, [dn, xa], try portal.convert(by: officer))
    }

    func testABackupRestoredOntoAFreshFolderIsTheSameDataAndThePortalOpensOnIt() throws {
        let (officer, uploads, run) = try someWork()
        let summary = try portal.backup(into: dir + "/backups", setDirectory: root + "/Questionnaires/dak-lak-2025",
                                        now: Date(timeIntervalSince1970: 1_796_000_000))
        // 1 796 000 000 s is 2026-11-30 00:53:20 UTC, 07:53:20 in Vietnam.
        XCTAssertEqual((summary.backup.path as NSString).lastPathComponent, "khaosat-backup-20261130-075320")
        XCTAssertEqual([summary.uploads, summary.runs], [2, 1])
        XCTAssertEqual(summary.findings, [])
        XCTAssertEqual(summary.backup.verify(), [])
        // sha256sum reads the same list.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["--quiet", "-c", PortalBackup.sumsName]
        check.currentDirectoryURL = URL(fileURLWithPath: summary.backup.path)
        try check.run()
        check.waitUntilExit()
        XCTAssertEqual(check.terminationStatus, 0)

        try summary.backup.restore(into: dir + "/restored", questionnaires: dir + "/set")
        let restored = try Portal.open(directory: dir + "/restored", set: shippedSet, pseudonyms: portal.pseudonyms)
        XCTAssertEqual(try restored.users().map(\.name), try portal.users().map(\.name))
        XCTAssertEqual(try restored.uploads(visibleTo: officer), try portal.uploads(visibleTo: officer))
        for upload in uploads {
            XCTAssertEqual(try restored.original(upload: upload.id, by: officer)?.file.contents(),
                           try portal.original(upload: upload.id, by: officer)?.file.contents())
        }
        for name in ["content3.json", "content3.csv", "quarantine.csv"] {
            XCTAssertEqual(try bytes(try XCTUnwrap(try restored.runFile(run: run.id, name: name, by: officer))),
                           try bytes(try XCTUnwrap(try portal.runFile(run: run.id, name: name, by: officer))), name)
        }
        XCTAssertEqual(try bytes(dir + "/set/set.csv"), try bytes(root + "/Questionnaires/dak-lak-2025/set.csv"))
        XCTAssertEqual(restored.dataFolder.check(), [])
        XCTAssertTrue(try portal.store.audit(limit: 50).contains { $0.action == "backup" })
    }

    func testAChangedOrMissingFileIsFoundAndARestoreRefused() throws {
        let (_, uploads, _) = try someWork()
        let backup = try portal.backup(into: dir + "/backups", setDirectory: root + "/Questionnaires/dak-lak-2025").backup
        let blob = "data/blobs/" + uploads[0].sha256.prefix(2) + "/" + uploads[0].sha256
        var sealed = try bytes(backup.path + "/" + blob)
        sealed[sealed.count - 1] ^= 1
        try sealed.write(to: URL(fileURLWithPath: backup.path + "/" + blob))
        try Data("x".utf8).write(to: URL(fileURLWithPath: backup.path + "/questionnaires/extra.csv"))
        try FileManager.default.removeItem(atPath: backup.path + "/data/quarantine")
        let findings = backup.verify()
        XCTAssertTrue(findings.contains(.changed(blob)), "\(findings)")
        XCTAssertTrue(findings.contains(.unlisted("questionnaires/extra.csv")), "\(findings)")
        XCTAssertTrue(findings.contains { if case .missing(let p) = $0 { p.hasPrefix("quarantine/") } else { false } }, "\(findings)")
        XCTAssertThrowsError(try backup.restore(into: dir + "/restored", questionnaires: nil))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/restored"))
    }

    func testARestoreNeverWritesOverData() throws {
        _ = try someWork()
        let backup = try portal.backup(into: dir + "/backups", setDirectory: root + "/Questionnaires/dak-lak-2025").backup
        XCTAssertThrowsError(try backup.restore(into: dir + "/data", questionnaires: nil)) {
            XCTAssertEqual($0 as? BackupError, .notEmpty(dir + "/data"))
        }
    }

    func testOrphansAreReportedAndOldBackupsPruned() throws {
        _ = try someWork()
        let orphan = try portal.blobs.store(Data("không upload nào trỏ tới".utf8))
        let findings = portal.dataFolder.check()
        XCTAssertEqual(findings, [.orphan("blobs/" + orphan.sha256.prefix(2) + "/" + orphan.sha256)])
        XCTAssertFalse(findings[0].isProblem)
        // Orphans are not copied.
        let first = try portal.backup(into: dir + "/backups", setDirectory: root + "/Questionnaires/dak-lak-2025", now: Date(timeIntervalSince1970: 1_000))
        XCTAssertFalse(FileManager.default.fileExists(atPath: first.backup.path + "/data/blobs/" + orphan.sha256.prefix(2) + "/" + orphan.sha256))
        for t in [2_000.0, 3_000] { _ = try portal.backup(into: dir + "/backups", setDirectory: root + "/Questionnaires/dak-lak-2025", now: Date(timeIntervalSince1970: t)) }
        XCTAssertEqual(try PortalBackup.prune(in: dir + "/backups", keep: 2), [first.backup.path])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/backups").count, 2)
    }
}
