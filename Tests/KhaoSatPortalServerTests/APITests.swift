import Foundation
import Hummingbird
import HummingbirdTesting
import KhaoSatExport
import KhaoSatPipeline
import KhaoSatIngest
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer

/// Every role against every API endpoint, allowed and denied, through Hummingbird's test client.
final class APITests: XCTestCase {
    private func status(_ w: World, _ method: HTTPRequest.Method, _ uri: String, as account: String?, body: [UInt8]? = nil) async throws -> HTTPResponse.Status {
        try await w.test { client in
            var headers: HTTPFields = [:]
            if let account { headers[.authorization] = "Bearer \(w.tokens[account] ?? "sai")" }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) }) { $0.status }
        }
    }

    func testEveryRoleAgainstEveryEndpoint() async throws {
        let w = try await World()
        defer { w.remove() }
        let id = w.uploadOfA
        let batch = Array("{\"uploads\":[\(id)],\"accept\":true,\"comment\":\"Đạt\"}".utf8)
        let csv = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("dn-windows-1258.csv").path)))
        // (method, uri, body) → expected status for: no token, contractor A, contractor B, officer, auditor.
        // In order: the officer's batch accepts A's upload, so the officer's conversion (run 1) has an input.
        let cases: [(HTTPRequest.Method, String, [UInt8]?, [HTTPResponse.Status])] = [
            (.get, "/api/uploads", nil, [.unauthorized, .ok, .ok, .ok, .ok]),
            (.get, "/api/uploads?limit=1&offset=0", nil, [.unauthorized, .ok, .ok, .ok, .ok]),
            (.get, "/api/uploads?limit=0", nil, [.unauthorized, .badRequest, .badRequest, .badRequest, .badRequest]),
            (.get, "/api/uploads?limit=5&offset=-1", nil, [.unauthorized, .badRequest, .badRequest, .badRequest, .badRequest]),
            (.get, "/api/uploads/\(id)", nil, [.unauthorized, .ok, .notFound, .ok, .ok]),
            (.get, "/api/uploads/\(id)/report", nil, [.unauthorized, .ok, .notFound, .ok, .ok]),
            (.get, "/api/uploads/\(id)/quarantine.csv", nil, [.unauthorized, .ok, .notFound, .ok, .ok]),
            (.get, "/api/uploads/\(id)/original", nil, [.unauthorized, .forbidden, .notFound, .ok, .ok]),
            (.get, "/api/uploads/999", nil, [.unauthorized, .notFound, .notFound, .notFound, .notFound]),
            (.post, "/api/uploads?name=dn.csv", csv, [.unauthorized, .created, .created, .forbidden, .forbidden]),
            (.post, "/api/batches", batch, [.unauthorized, .forbidden, .forbidden, .noContent, .forbidden]),
            (.post, "/api/runs", nil, [.unauthorized, .forbidden, .forbidden, .created, .forbidden]),
            (.get, "/api/runs", nil, [.unauthorized, .forbidden, .forbidden, .ok, .ok]),
            (.get, "/api/runs/1", nil, [.unauthorized, .notFound, .notFound, .ok, .ok]),
            (.get, "/api/runs/1/files/content3.csv", nil, [.unauthorized, .notFound, .notFound, .ok, .ok]),
            (.get, "/api/runs/1/files/portal.sqlite", nil, [.unauthorized, .notFound, .notFound, .notFound, .notFound]),
            (.get, "/api/runs/1/explain?unit=CQ02", nil, [.unauthorized, .notFound, .notFound, .ok, .ok]),
            (.get, "/api/audit", nil, [.unauthorized, .forbidden, .forbidden, .ok, .ok]),
        ]
        for (method, uri, body, expected) in cases {
            for (account, want) in zip([nil] + World.accounts, expected) {
                let got = try await status(w, method, uri, as: account, body: body)
                XCTAssertEqual(got, want, "\(method) \(uri) as \(account ?? "nobody")")
            }
        }
        let wrongToken = try await status(w, .get, "/api/uploads", as: "khong.co")
        XCTAssertEqual(wrongToken, .unauthorized)
    }

    func testAnUploadThroughTheAPIGivesTheValidationAccounting() async throws {
        let w = try await World()
        defer { w.remove() }
        let body = try Data(contentsOf: URL(fileURLWithPath: fixture("hdnd-xa-canonical.csv").path))
        let headers: HTTPFields = [.authorization: "Bearer \(w.tokens["nha.thau.b"]!)"]
        try await w.test { client in
            try await client.execute(uri: "/api/uploads?name=..%2F..%2Fxa.csv", method: .post, headers: headers,
                                     body: ByteBuffer(bytes: body)) { response in
                XCTAssertEqual(response.status, .created)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as! [String: Any]
                // hdnd-xa-canonical.csv: 7 rows = 2 accepted + 5 set aside (ContractorFileTests).
                XCTAssertEqual(json["rows"] as? Int, 7)
                XCTAssertEqual(json["accepted"] as? Int, 2)
                XCTAssertEqual(json["setAside"] as? Int, 5)
                XCTAssertEqual(json["fileName"] as? String, "xa.csv")
            }
            // Not a response file: refused with the reason, nothing kept.
            try await client.execute(uri: "/api/uploads?name=x.csv", method: .post, headers: headers) { response in
                XCTAssertEqual(response.status, .unprocessableContent)
                XCTAssertTrue(String(buffer: response.body).contains("không đọc được"), String(buffer: response.body))
            }
            try await client.execute(uri: "/api/uploads", method: .post, headers: headers, body: ByteBuffer(string: "a,b\n")) { response in
                XCTAssertEqual(response.status, .badRequest)
                XCTAssertTrue(String(buffer: response.body).contains("Thiếu tên tệp"))
            }
        }
        XCTAssertTrue(try w.nothingLeftBehind())
    }

    func testAnOversizedUploadLeavesNothingBehind() async throws {
        let w = try await World(maxUploadBytes: 1000)
        defer { w.remove() }
        let before = try w.portal.store.uploads(owner: nil).count
        let token = w.tokens["nha.thau.a"]!
        try await w.test { client in
            try await client.execute(uri: "/api/uploads?name=big.csv", method: .post, headers: [.authorization: "Bearer \(token)"],
                                     body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 5000)) { response in
                XCTAssertEqual(response.status, .contentTooLarge)
                XCTAssertTrue(String(buffer: response.body).contains("giới hạn"))
            }
        }
        XCTAssertEqual(try w.portal.store.uploads(owner: nil).count, before)
        XCTAssertTrue(try w.nothingLeftBehind())
    }

    func testAConversionThroughTheAPIIsDownloadableAndExplained() async throws {
        let w = try await World()
        defer { w.remove() }
        let officer = "Bearer \(w.tokens["can.bo.snv"]!)"
        let id = w.uploadOfA
        // What `khaosat convert --reproducible u1-dn-dirty.csv` writes.
        let expected = try ConversionRun(set: shippedSet, inputs: [(fixture("dn-dirty.csv").path, "u\(id)-dn-dirty.csv")],
                                         options: IngestOptions(pseudonyms: w.portal.pseudonyms), runTime: nil).files
        try await w.test { client in
            try await client.execute(uri: "/api/batches", method: .post, headers: [.authorization: officer],
                                     body: ByteBuffer(string: "{\"uploads\":[\(id)],\"accept\":true,\"comment\":\"\"}")) { XCTAssertEqual($0.status, .noContent) }
            try await client.execute(uri: "/api/runs", method: .post, headers: [.authorization: officer]) { response in
                XCTAssertEqual(response.status, .created)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as! [String: Any]
                XCTAssertEqual(json["uploads"] as? [Int], [Int(id)])
                XCTAssertEqual(json["rows"] as? Int, 10)
            }
            for (name, bytes) in expected {
                try await client.execute(uri: "/api/runs/1/files/\(name)", method: .get, headers: [.authorization: officer]) { response in
                    XCTAssertEqual([UInt8](response.body.readableBytesView), bytes, name)
                    XCTAssertTrue(response.headers[.contentDisposition]?.contains("attachment") ?? false)
                }
            }
            try await client.execute(uri: "/api/runs/1/explain?unit=22015&criterion=3.1", method: .get, headers: [.authorization: officer]) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertTrue(String(buffer: response.body).contains("Phường Tuy Hòa"), String(buffer: response.body))
            }
        }
    }

    /// Issue 26, item 8, for scripts: accepting uploads that share ids is a 409 naming them,
    /// until the officer's choices come with `confirmed`.
    func testOverlappingUploadsNeedTheOfficersChoiceThroughTheAPI() async throws {
        let w = try await World()
        defer { w.remove() }
        let a = try XCTUnwrap(try w.portal.user(named: "nha.thau.a"))
        // dn-dirty.csv again, under another name: the same submissions (identical), nothing lost either way.
        let again = try w.portal.upload(try Data(contentsOf: URL(fileURLWithPath: fixture("dn-dirty.csv").path)), fileName: "dn-lai.csv", by: a)
        let officer: HTTPFields = [.authorization: "Bearer \(w.tokens["can.bo.snv"]!)", .contentType: "application/json"]
        let ids = "[\(w.uploadOfA),\(again.id)]"
        try await w.test { client in
            try await client.execute(uri: "/api/batches", method: .post, headers: officer,
                                     body: ByteBuffer(string: "{\"uploads\":\(ids),\"accept\":true,\"comment\":\"\"}")) { response in
                XCTAssertEqual(response.status, .conflict)
                XCTAssertTrue(String(buffer: response.body).contains("u\(w.uploadOfA) và u\(again.id) chung 2 mã (2 giống hệt, 0 khác câu trả lời)"),
                              String(buffer: response.body))
            }
            let choice = "[{\"winner\":\(again.id),\"loser\":\(w.uploadOfA),\"keepsRest\":false}]"
            try await client.execute(uri: "/api/batches", method: .post, headers: officer,
                                     body: ByteBuffer(string: "{\"uploads\":\(ids),\"accept\":true,\"comment\":\"\",\"choices\":\(choice),\"confirmed\":true}")) {
                XCTAssertEqual($0.status, .noContent)
            }
        }
        XCTAssertEqual(try w.portal.store.upload(id: w.uploadOfA)?.status, .rejected)
        XCTAssertEqual(try w.portal.store.upload(id: again.id)?.status, .accepted)
    }
}
