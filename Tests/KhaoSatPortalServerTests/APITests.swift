import Foundation
import Hummingbird
import HummingbirdTesting
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer
@testable import KhaoSatQuestionnaire


/// Every role against every API endpoint, allowed and denied, through Hummingbird's test client.
final class APITests: XCTestCase {
    private struct World {
        var portal: Portal
        var tokens: [String: String]  // account name → token
        var uploadOfA: Int64
        var dir: String
    }

    private func world() throws -> World {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-api-\(UUID())").path
        let set = shippedSet
        var portal = try Portal.open(directory: dir, set: set)
        portal.bcryptCost = 4
        var tokens: [String: String] = [:]
        for (name, role) in [("nha.thau.a", Role.contractor), ("nha.thau.b", .contractor), ("can.bo.snv", .officer), ("kiem.toan", .auditor)] {
            tokens[name] = try portal.issueToken(for: try portal.addUser(name: name, role: role, password: "mot-mat-khau-dai"))
        }
        let a = try XCTUnwrap(try portal.store.user(named: "nha.thau.a"))
        let upload = try portal.upload(try Data(contentsOf: URL(fileURLWithPath: root + "/Fixtures/responses/dn-dirty.csv")),
                                       fileName: "dn-dirty.csv", by: a)
        return World(portal: portal, tokens: tokens, uploadOfA: upload.id, dir: dir)
    }

    private func status(_ w: World, _ method: HTTPRequest.Method, _ uri: String, as account: String?, body: String? = nil) async throws -> HTTPResponse.Status {
        let app = Application(router: PortalAPI.router(w.portal))
        return try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            if let account { headers[.authorization] = "Bearer \(w.tokens[account] ?? "sai")" }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { $0.status }
        }
    }

    func testEveryRoleAgainstEveryEndpoint() async throws {
        let w = try world()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let id = w.uploadOfA
        let batch = "{\"uploads\":[\(id)],\"accept\":true,\"comment\":\"Đạt\"}"
        let csv = try String(contentsOfFile: root + "/Fixtures/responses/dn-windows-1258.csv", encoding: .isoLatin1)
        // (method, uri, body) → expected status for: no token, contractor A, contractor B, officer, auditor.
        let cases: [(HTTPRequest.Method, String, String?, [HTTPResponse.Status])] = [
            (.get, "/api/uploads", nil, [.unauthorized, .ok, .ok, .ok, .ok]),
            (.get, "/api/uploads/\(id)", nil, [.unauthorized, .ok, .notFound, .ok, .ok]),
            (.get, "/api/uploads/\(id)/report", nil, [.unauthorized, .ok, .notFound, .ok, .ok]),
            (.get, "/api/uploads/999", nil, [.unauthorized, .notFound, .notFound, .notFound, .notFound]),
            (.post, "/api/uploads?name=dn.csv", csv, [.unauthorized, .created, .created, .forbidden, .forbidden]),
            (.post, "/api/batches", batch, [.unauthorized, .forbidden, .forbidden, .noContent, .forbidden]),
            (.get, "/api/audit", nil, [.unauthorized, .forbidden, .forbidden, .ok, .ok]),
        ]
        for (method, uri, body, expected) in cases {
            for (account, want) in zip([nil, "nha.thau.a", "nha.thau.b", "can.bo.snv", "kiem.toan"], expected) {
                let got = try await status(w, method, uri, as: account, body: body)
                XCTAssertEqual(got, want, "\(method) \(uri) as \(account ?? "nobody")")
            }
        }
        let wrongToken = try await status(w, .get, "/api/uploads", as: "khong.co")
        XCTAssertEqual(wrongToken, .unauthorized)
    }

    func testAnUploadThroughTheAPIGivesTheValidationAccounting() async throws {
        let w = try world()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        let app = Application(router: PortalAPI.router(w.portal))
        let body = try Data(contentsOf: URL(fileURLWithPath: root + "/Fixtures/responses/hdnd-xa-canonical.csv"))
        try await app.test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(w.tokens["nha.thau.b"]!)"]
            try await client.execute(uri: "/api/uploads?name=..%2F..%2Fxa.csv", method: .post, headers: headers,
                                     body: ByteBuffer(bytes: body)) { response in
                XCTAssertEqual(response.status, .created)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as! [String: Any]
                // hdnd-xa-canonical.csv: 7 rows = 3 accepted + 4 set aside (ContractorFileTests).
                XCTAssertEqual(json["rows"] as? Int, 7)
                XCTAssertEqual(json["accepted"] as? Int, 3)
                XCTAssertEqual(json["setAside"] as? Int, 4)
                XCTAssertEqual(json["fileName"] as? String, "xa.csv")
            }
            try await client.execute(uri: "/api/uploads?name=x.csv", method: .post, headers: headers) { response in
                XCTAssertEqual(response.status, .created)  // an empty body is an unreadable file, recorded with its reason
            }
            try await client.execute(uri: "/api/uploads", method: .post, headers: headers, body: ByteBuffer(string: "a,b\n")) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(String(buffer: response.body).contains("Thiếu tên tệp"))
            }
        }
    }

    func testAnOversizedUploadLeavesNothingBehind() async throws {
        var w = try world()
        defer { try? FileManager.default.removeItem(atPath: w.dir) }
        w.portal.maxUploadBytes = 1000
        let before = try w.portal.store.uploads(owner: nil).count
        let app = Application(router: PortalAPI.router(w.portal))
        let token = w.tokens["nha.thau.a"]!
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/uploads?name=big.csv", method: .post,
                                     headers: [.authorization: "Bearer \(token)"],
                                     body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 5000)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertTrue(String(buffer: response.body).contains("giới hạn"))
            }
        }
        XCTAssertEqual(try w.portal.store.uploads(owner: nil).count, before)
    }
}
