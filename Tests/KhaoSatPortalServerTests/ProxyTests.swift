import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import XCTest
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer

/// Issue 26, items 2 and 6: behind a trusted reverse proxy the login throttle and the audit log
/// see the client `X-Forwarded-For` names; from anyone else the header is ignored. One log line
/// per request. Real TCP on loopback (the test client's peer is 127.0.0.1).
final class ProxyTests: XCTestCase {
    /// A failed (401), throttled (429) or successful (303) login through the page, as the client `forwardedFor`.
    private static func login(_ client: any TestClientProtocol, _ name: String, _ password: String, forwardedFor: String) async throws -> UInt {
        let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "khaosat_dang_nhap=abc",
                                   HTTPField.Name("X-Forwarded-For")!: "203.0.113.99, " + forwardedFor]
        return try await client.execute(uri: "/login", method: .post, headers: headers,
                                        body: ByteBuffer(string: "name=\(name)&password=\(password)&csrf=abc")) { UInt($0.status.code) }
    }

    private func serve(trusting proxies: Set<String>, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws
        -> (world: World, log: [String]) {
        var world = try await World()
        world.portal.trustedProxies = proxies
        let lines = NIOLockedValueBox<[String]>([])
        let router = try await PortalServer.router(world.portal, log: { line in lines.withLockedValue { $0.append(line) } })
        try await Application(router: router).test(.live, body)
        return (world, lines.withLockedValue { $0 })
    }

    func testBehindATrustedProxyEachClientIsThrottledAndLoggedByItsOwnAddress() async throws {
        let (world, log) = try await serve(trusting: ["127.0.0.1"]) { client in
            for _ in 0..<5 {
                let status = try await Self.login(client, "nha.thau.a", "sai-mat-khau-roi", forwardedFor: "198.51.100.7")
                XCTAssertEqual(status, 401)
            }
            // That client waits (for any account); another one behind the same proxy does not.
            let again = try await Self.login(client, "nha.thau.b", "mot-mat-khau-dai", forwardedFor: "198.51.100.7")
            XCTAssertEqual(again, 429)
            let other = try await Self.login(client, "nha.thau.b", "mot-mat-khau-dai", forwardedFor: "198.51.100.8")
            XCTAssertEqual(other, 303)
        }
        defer { world.remove() }
        let details = try world.portal.store.audit(limit: 10).map(\.detail)
        XCTAssertEqual(details.filter { $0 == "từ 198.51.100.7" }.count, 6, "\(details)")  // 5 failures + the refusal
        XCTAssertTrue(details.contains("từ 198.51.100.8"))
        // One line per request: Vietnam time with its offset, id, client, account, route pattern, status, time.
        XCTAssertEqual(log.count, 7)
        let line = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 request=[0-9a-f]{16} client=198\.51\.100\.7 user=- method=POST route=\/login status=401 ms=\d+$/
        XCTAssertNotNil(try line.wholeMatch(in: log[0]), log[0])
        XCTAssertTrue(log[6].contains("client=198.51.100.8 user=- method=POST route=/login status=303"), log[6])
    }

    func testForwardedHeadersFromAnyoneButTheTrustedProxyAreIgnored() async throws {
        let (world, log) = try await serve(trusting: ["10.9.9.9"]) { client in
            for n in 0..<5 {
                let status = try await Self.login(client, "nha.thau.a", "sai-mat-khau-roi", forwardedFor: "198.51.100.\(n)")
                XCTAssertEqual(status, 401)
            }
            // Changing the header does not make a new client: the address itself is throttled.
            let spoofed = try await Self.login(client, "nha.thau.b", "mot-mat-khau-dai", forwardedFor: "198.51.100.200")
            XCTAssertEqual(spoofed, 429)
        }
        defer { world.remove() }
        XCTAssertEqual(try world.portal.store.audit(limit: 6).map(\.detail), Array(repeating: "từ 127.0.0.1", count: 6))
        XCTAssertTrue(log.allSatisfy { $0.contains(" client=127.0.0.1 ") }, "\(log)")
    }

    func testEachAnswerCarriesItsRequestIdAndTheLogNamesTheAccount() async throws {
        let lines = NIOLockedValueBox<[String]>([])
        let world = try await World()
        defer { world.remove() }
        let router = try await PortalServer.router(world.portal, log: { line in lines.withLockedValue { $0.append(line) } })
        let cookie = "khaosat_phien=\(world.sessions["nha.thau.a"]!.cookie)"
        let id = try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/uploads/\(world.uploadOfA)", method: .get, headers: [.cookie: cookie]) { response in
                XCTAssertEqual(response.status, .ok)
                return try XCTUnwrap(response.headers[HTTPField.Name("X-Request-Id")!])
            }
        }
        let log = lines.withLockedValue { $0 }
        XCTAssertEqual(log.count, 1)
        XCTAssertTrue(log[0].contains("request=\(id) "), log[0])
        XCTAssertTrue(log[0].contains(" user=nha.thau.a method=GET route=/uploads/{id} status=200 "), log[0])
    }
}
