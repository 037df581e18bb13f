import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal

/// The real server, killed with SIGKILL in the middle of uploads, then restarted: each upload
/// is either absent or whole (recorded, its original stored under its SHA-256, on the audit
/// log), and nothing else is left behind.
final class CrashTests: XCTestCase {
    /// A valid contractor file of `rows` accepted rows (dn-dirty.csv's header and its line 2), ids tagged.
    private func responses(rows: Int, tag: String) -> [UInt8] {
        var text = "submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;c323_1;c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien\n"
        for i in 0..<rows {
            text += "\(tag)-\(i);2025-10-05T08:00:00;cong_dan;;40;Phường Tuy Hòa;1;hl;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;\n"
        }
        return Array(text.utf8)
    }

    private func sha256(_ path: String) throws -> String {
        String(try ServerProcess.run("/usr/bin/env", ["sha256sum", path]).out.prefix(64))
    }

    /// What a restarted server must leave: whole uploads only.
    private func checkWhole(_ dir: String, rows: Int, file: StaticString = #filePath, line: UInt = #line) throws -> [Upload] {
        let store = try SQLiteStore(path: dir + "/portal.sqlite")
        let uploads = try store.uploads(owner: nil)
        let audit = try store.audit(limit: 10_000)
        for u in uploads {
            XCTAssertEqual(try sha256(dir + "/blobs/" + u.sha256.prefix(2) + "/" + u.sha256), u.sha256, file: file, line: line)
            XCTAssertEqual([u.rows, u.accepted], [rows, rows], file: file, line: line)
            XCTAssertTrue(audit.contains { $0.action == "upload" && $0.detail.contains(u.sha256) }, file: file, line: line)
        }
        let blobs = try BlobStore(directory: dir + "/blobs")  // cleans nothing
        XCTAssertEqual(blobs.hashes(), Set(uploads.map(\.sha256)), "a blob without upload", file: file, line: line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp"), [], file: file, line: line)
        return uploads
    }

    func testAServerKilledDuringUploadsLeavesNoUploadOrAWholeOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-crash-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = ServerProcess(data: dir)
        try server.addUser("nha.thau.a", role: "contractor", password: "mot-mat-khau-dai")
        let token = try server.token("nha.thau.a")
        let rows = 20_000  // ≈ 2.4 MB
        try server.start()

        // 1. Killed while the body streams in: half of it sent, the temporary file growing.
        let body = responses(rows: rows, tag: "half")
        let fd = try server.connect()
        ServerProcess.send(fd, Array("POST /api/uploads?name=a.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
        ServerProcess.send(fd, Array(body.prefix(body.count / 2)))
        var leftover = false
        for _ in 0..<100 where !leftover {
            leftover = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp")) ?? []).contains {
                ((try? FileManager.default.attributesOfItem(atPath: dir + "/blobs/tmp/" + $0)[.size] as? Int) ?? 0) > 0
            }
            usleep(20_000)
        }
        XCTAssertTrue(leftover, "the upload had not started streaming to disk")
        server.kill()
        close(fd)
        try server.start()
        server.stop()
        XCTAssertEqual(try checkWhole(dir, rows: rows), [])

        // 2. Killed at random moments of whole uploads (streaming, validating, committing, answering).
        var answered: [String] = []
        for round in 0..<6 {
            try server.start()
            let bytes = responses(rows: rows, tag: "r\(round)")
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var status = 0
            let port = server.port
            DispatchQueue.global().async {
                status = (try? ServerProcess.post(port: port, "/api/uploads?name=r\(round).csv", token: token, body: bytes)) ?? 0
                done.signal()
            }
            usleep(UInt32.random(in: 0..<700_000))
            server.kill()
            done.wait()
            if status == 201 { answered.append("r\(round).csv") }
            try server.start()
            server.stop()
            let uploads = try checkWhole(dir, rows: rows)
            // An upload the server answered 201 for survived the kill.
            XCTAssertTrue(Set(answered).isSubset(of: Set(uploads.map(\.fileName))), "\(answered) vs \(uploads.map(\.fileName))")
        }
    }
}
