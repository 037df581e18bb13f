import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KhaoSatTestSupport
import XCTest
import KhaoSatExport
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer

/// Issue 25 in the portal: the planted phone numbers, tax code and CCCD numbers of
/// Fixtures/personal-data, uploaded in all three formats, converted and sampled for phúc tra,
/// come out of no page and no API answer, and lie nowhere in the data folder, but for the two
/// downloads that exist to give them: the original (officers, auditors) and the call list (officers).
final class PersonalDataPortalTests: XCTestCase {
    private let planted = ["0912345678", "0987654321", "8012345678", "079201001234", "079201009999"]

    func testThePlantedValuesComeOutOfNoPageNoAnswerAndNoFileOfTheDataFolder() async throws {
        let w = try await World()
        defer { w.remove() }
        let contractor: HTTPFields = [.authorization: "Bearer \(w.tokens["nha.thau.a"]!)"]
        let officer: HTTPFields = [.authorization: "Bearer \(w.tokens["can.bo.snv"]!)"]
        var ids: [Int64] = []
        for name in ["planted.csv", "planted.xlsx", "planted.sav"] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/personal-data/" + name))))
            let r = try await w.request("/api/uploads?name=\(name)", .post, headers: contractor, body: ByteBuffer(bytes: bytes))
            XCTAssertEqual(r.status, .created, String(buffer: r.body))
            ids.append(try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any])?["id"] as? Int).int64)
        }
        let batch = "{\"uploads\":[\(ids.map(String.init).joined(separator: ","))],\"accept\":true,\"comment\":\"\"}"
        let accepted = try await w.request("/api/batches", .post, headers: officer, body: ByteBuffer(string: batch)).status
        XCTAssertEqual(accepted, .noContent)
        let converted = try await w.request("/api/runs", .post, headers: officer).status
        XCTAssertEqual(converted, .created)
        let sample = ByteBuffer(string: "csrf=\(w.csrf("can.bo.snv"))&share=1&seed=7&questions=hl_chung")
        let sampled = try await w.request("/runs/1/backcheck/sample", .post, headers: w.browser("can.bo.snv", form: true), body: sample).status
        XCTAssertEqual(sampled, .seeOther)

        // Every page and API answer, as every account (and a token for the API).
        var uris = ["/uploads", "/runs", "/runs/1", "/audit", "/api/uploads", "/api/runs", "/api/runs/1", "/api/audit",
                    "/runs/1/explain?unit=CQ02", "/api/runs/1/explain?unit=CQ02"]
        for id in [w.uploadOfA] + ids {
            uris += ["/uploads/\(id)", "/uploads/\(id)/quarantine.csv", "/api/uploads/\(id)", "/api/uploads/\(id)/report"]
        }
        uris += RunFiles.names.map { "/runs/1/files/\($0)" }
        uris += Portal.backcheckFiles.filter { $0 != "backcheck-sample.csv" }.map { "/runs/1/backcheck/\($0)" }
        var answered = 0
        for account in World.accounts {
            for uri in uris {
                let headers = uri.hasPrefix("/api/") ? [.authorization: "Bearer \(w.tokens[account]!)"] : w.browser(account)
                let r = try await w.request(uri, .get, headers: headers)
                if r.status == .ok { answered += 1 }
                let text = String(buffer: r.body) + r.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                for value in planted { XCTAssertFalse(text.contains(value), "\(value) in GET \(uri) as \(account)") }
            }
        }
        XCTAssertGreaterThan(answered, 80)
        // The two downloads that hold them: the original, and the call list of those who consented.
        let original = try await w.request("/uploads/\(ids[0])/original", .get, headers: w.browser("kiem.toan"))
        XCTAssertTrue(String(buffer: original.body).contains("0912345678"))
        XCTAssertEqual(Data(original.body.readableBytesView), try Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/personal-data/planted.csv"))))
        let list = String(buffer: try await w.request("/runs/1/backcheck/backcheck-sample.csv", .get, headers: w.browser("can.bo.snv")).body)
        XCTAssertTrue(list.contains("0987654321") && !list.contains("8012345678"), list)
        let downloads = try w.portal.audit(visibleTo: w.portal.store.user(named: "kiem.toan")!).filter { $0.action == "download" }.map(\.detail)
        XCTAssertTrue(downloads.contains("original planted.csv") && downloads.contains("backcheck/backcheck-sample.csv"), "\(downloads)")

        // The data folder: database, blobs, quarantine files, runs, call list.
        let files = FileManager.default.enumerator(atPath: w.dir)?.compactMap { $0 as? String } ?? []
        var read = 0
        for path in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: w.dir + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: w.dir + "/" + path))
            read += 1
            for value in planted { XCTAssertNil(bytes.range(of: Data(value.utf8)), "\(value) in \(path)") }
        }
        XCTAssertGreaterThan(read, 10)
    }

    func testBehindHTTPSTheCookiesAreSecureAndBrowsersAreToldToStay() async throws {
        for behind in [false, true] {
            let w = try await World(behindHTTPS: behind)
            defer { w.remove() }
            let page = try await w.request("/login")
            XCTAssertEqual(page.headers[.setCookie]?.contains("Secure") ?? false, behind)
            XCTAssertEqual(page.headers[HTTPField.Name("Strict-Transport-Security")!] != nil, behind)
            let token = try XCTUnwrap(String(buffer: page.body).firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
            let h: HTTPFields = [.contentType: "application/x-www-form-urlencoded",
                                 .cookie: String(page.headers[.setCookie]!.split(separator: ";")[0])]
            let login = try await w.request("/login", .post, headers: h,
                                            body: ByteBuffer(string: "name=nha.thau.a&password=mot-mat-khau-dai&csrf=\(token)"))
            XCTAssertEqual(login.status, .seeOther)
            let cookie = login.headers[.setCookie] ?? ""
            XCTAssertTrue(cookie.hasPrefix("khaosat_phien=") && cookie.contains("HttpOnly"), cookie)
            XCTAssertEqual(cookie.contains("Secure"), behind, cookie)
        }
    }
}

private extension Int { var int64: Int64 { Int64(self) } }
