import Foundation
import KhaoSatTestSupport
import XCTest

/// The portal end to end in headless Chromium (Debian `chromium`, `chromium-driver`; Python
/// `selenium`; `.ci/run` installs them): Tests/browser/portal_e2e.py drives the browser, this
/// test starts the server and compares the downloaded content3.csv with `khaosat convert`.
/// Skipped outside CI when a piece is missing; a failure in CI.
final class PortalBrowserTests: XCTestCase {
    private func requireBrowser() throws {
        let missing = ["/usr/bin/chromium", "/usr/bin/chromedriver"].filter { !FileManager.default.isExecutableFile(atPath: $0) }
            + ((try? ServerProcess.run("/usr/bin/env", ["python3", "-c", "import selenium"]).status) == 0 ? [] : ["selenium"])
        guard !missing.isEmpty else { return }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("missing in CI: \(missing)") }
        throw XCTSkip("missing: \(missing) (apt-get install chromium chromium-driver; pip install selenium)")
    }

    func testAContractorUploadsAndAnOfficerConvertsInARealBrowser() throws {
        try requireBrowser()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-e2e-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = ServerProcess(data: dir + "/data")
        try server.addUser("nha.thau.a", role: "contractor", password: "mat-khau-nha-thau")
        try server.addUser("can.bo.snv", role: "officer", password: "mat-khau-can-bo-snv")
        try server.start()
        defer { server.stop() }
        try FileManager.default.createDirectory(atPath: dir + "/downloads", withIntermediateDirectories: true)
        // Screenshots of every page at 1366 and 390 px: kept where KHAOSAT_SCREENSHOTS says, to be looked at.
        let shots = ProcessInfo.processInfo.environment["KHAOSAT_SCREENSHOTS"] ?? dir + "/shots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", repoPath("Tests/browser/portal_e2e.py")]
        p.environment = ProcessInfo.processInfo.environment.merging([
            "PORTAL_URL": "http://127.0.0.1:\(server.port)", "CONTRACTOR": "nha.thau.a:mat-khau-nha-thau",
            "OFFICER": "can.bo.snv:mat-khau-can-bo-snv", "FIXTURE": fixture("dn-dirty.csv").path, "DOWNLOADS": dir + "/downloads",
            "SCREENSHOTS": shots,
        ]) { $1 }
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: printed, as: UTF8.self))
        let seen = try XCTUnwrap(try JSONSerialization.jsonObject(with: printed) as? [String: Any])

        // dn-dirty.csv: 10 rows, 10 submissions = 2 accepted + 7 set aside + 1 duplicate; line 3, column 6 first.
        XCTAssertEqual(seen["accounting"] as? [String], ["10", "10", "2", "7", "1"])
        XCTAssertTrue((seen["first_problem"] as? String ?? "").hasPrefix("3 6 d2"), "\(seen["first_problem"] ?? "")")
        XCTAssertEqual(seen["status"] as? String, "Đã chấp nhận")
        XCTAssertEqual(seen["console_errors"] as? [String], [])
        // Every page of every role fits at both widths: tables scroll inside their own box, controls are labelled.
        XCTAssertEqual((seen["toured"] as? [String])?.count, 17)
        // The second copy of the file beside the accepted first: 2 ids shared, both identical.
        XCTAssertEqual(seen["overlap_page"] as? String, "u1 dn-dirty.csv (Đã chấp nhận) u2 dn-dirty.csv (Chờ duyệt) 2 2 0 0")
        XCTAssertNil(seen["layout"], "\(seen["layout"] ?? "")")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: shots).filter { $0.hasSuffix(".png") }.count, 34)

        // The same file through the command line, saved under its name in the run (u1-…).
        try FileManager.default.copyItem(atPath: fixture("dn-dirty.csv").path, toPath: dir + "/u1-dn-dirty.csv")
        let cli = try ServerProcess.run("/usr/bin/env", ["sh", "-c", "cd '\(dir)' && '\(ServerProcess.binaries)/khaosat' convert "
            + "--questionnaires '\(repoPath("Questionnaires/dak-lak-2025"))' --reproducible --out cli u1-dn-dirty.csv"])
        XCTAssertEqual(cli.status, 0, cli.out)
        let downloaded = try Data(contentsOf: URL(fileURLWithPath: dir + "/downloads/content3.csv"))
        XCTAssertEqual(downloaded, try Data(contentsOf: URL(fileURLWithPath: dir + "/cli/content3.csv")))
        XCTAssertFalse(downloaded.isEmpty)
    }
}
