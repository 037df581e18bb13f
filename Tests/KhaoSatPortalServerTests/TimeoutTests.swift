import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortalServer
#if canImport(Glibc)
import Glibc
#endif

/// The real server with a one-second idle time-out: a request that stops sending does not hold
/// its connection. Only that it closes is asserted (within a wide margin), never how fast, so a
/// loaded machine cannot fail it.
final class TimeoutTests: XCTestCase {
    private var server: ServerProcess!

    override func setUpWithError() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-timeout-\(UUID().uuidString)").path
        server = ServerProcess(data: data)
        try server.start(["--idle-timeout", "1"])
    }

    override func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: server.data)
    }

    /// Sends `bytes`, then reads until the server closes; nil when it still had not after `limit` seconds.
    private func answerAfterStalling(_ bytes: String, limit: Int = 60) throws -> String? {
        let fd = try server.connect()
        defer { close(fd) }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        ServerProcess.send(fd, Array(bytes.utf8))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return String(decoding: received, as: UTF8.self) }  // closed by the server
            if n < 0 { return nil }  // our own limit ran out first
            received += buffer[..<n]
        }
    }

    func testUnfinishedHeadersDoNotHoldTheConnection() throws {
        XCTAssertEqual(try answerAfterStalling("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Chua-Xong: "), "")
    }

    func testABodyShorterThanAnnouncedDoesNotHoldTheConnection() throws {
        let answer = try answerAfterStalling("POST /api/uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            + "Content-Length: 1000\r\n\r\nsubmission_id")
        XCTAssertNotNil(answer, "still open after 60 s")
    }

    func testAnIdleConnectionIsClosed() throws {
        XCTAssertEqual(try answerAfterStalling(""), "")
    }
}

/// An upload that keeps sending, but slower than 10 KB/s on average after a minute, is cut (408).
final class RateFloorTests: XCTestCase {
    func testASlowUploadIsCutAfterItsGraceMinute() {
        let floor = UploadBody.RateFloor()
        XCTAssertFalse(floor.tooSlow(bytes: 10, after: .seconds(59)), "within the first minute anything goes")
        XCTAssertTrue(floor.tooSlow(bytes: 100_000, after: .seconds(61)), "61 s need 610 KB")
        XCTAssertFalse(floor.tooSlow(bytes: 700_000, after: .seconds(61)))
        XCTAssertTrue(floor.tooSlow(bytes: 5_000_000, after: .seconds(600)), "10 min need 6 MB")
    }
}
