import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer

/// The pages: every role against every page, sessions, CSRF, the login throttle, and bad
/// uploads that must leave nothing behind.
final class PageTests: XCTestCase {
    private func upload(_ w: World, as account: String?, name: String = "dn.csv", bytes: [UInt8], csrf: String? = nil) async throws -> TestResponse {
        var h = w.browser(account)
        h[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        return try await w.request("/uploads", .post, headers: h, body: multipart([("csrf", csrf ?? w.csrf(account))], file: (name, bytes)))
    }

    func testEveryAnswerCarriesTheSecurityHeaders() async throws {
        let w = try await World()
        defer { w.remove() }
        var apiHeaders: HTTPFields = [:]
        apiHeaders[.authorization] = "Bearer \(w.tokens["nha.thau.a"]!)"
        // A page, a download, an API answer, an API error, a page error, the login page.
        let answers = [
            try await w.request("/uploads", headers: w.browser("nha.thau.a")),
            try await w.request("/uploads/\(w.uploadOfA)/original", headers: w.browser("nha.thau.a")),
            try await w.request("/api/uploads", headers: apiHeaders),
            try await w.request("/api/uploads/999999", headers: apiHeaders),
            try await w.request("/khong-co", headers: w.browser("nha.thau.a")),
            try await w.request("/login"),
        ]
        // A contractor does not download originals (they hold personal values): a refusal carries the headers too.
        XCTAssertEqual(answers.map(\.status), [.ok, .forbidden, .ok, .notFound, .notFound, .ok])
        for answer in answers {
            XCTAssertEqual(answer.headers[HTTPField.Name("X-Content-Type-Options")!], "nosniff")
            XCTAssertEqual(answer.headers[HTTPField.Name("X-Frame-Options")!], "DENY")
            XCTAssertEqual(answer.headers[HTTPField.Name("Referrer-Policy")!], "no-referrer")
            XCTAssertEqual(answer.headers[.cacheControl], "no-store")
            let csp = answer.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
            XCTAssertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp)
            XCTAssertFalse(csp.contains("script-src"), "no script may run: \(csp)")
        }
    }

    func testEveryRoleAgainstEveryPage() async throws {
        let w = try await World()
        defer { w.remove() }
        let id = w.uploadOfA
        let csv = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("hdnd-xa-canonical.csv").path)))
        // Expected for: no session, contractor A, contractor B, officer, auditor (302: to the login page).
        let reads: [(String, [HTTPResponse.Status])] = [
            ("/uploads", [.found, .ok, .ok, .ok, .ok]),
            ("/uploads/\(id)", [.found, .ok, .notFound, .ok, .ok]),
            ("/uploads/\(id)/quarantine.csv", [.found, .ok, .notFound, .ok, .ok]),
            ("/uploads/\(id)/original", [.found, .forbidden, .notFound, .ok, .ok]),
            ("/runs", [.found, .forbidden, .forbidden, .ok, .ok]),
            ("/audit", [.found, .forbidden, .forbidden, .ok, .ok]),
        ]
        let accounts: [String?] = [nil] + World.accounts
        for (uri, expected) in reads {
            for (account, want) in zip(accounts, expected) {
                let got = try await w.request(uri, .get, headers: w.browser(account)).status
                XCTAssertEqual(got, want, "GET \(uri) as \(account ?? "nobody")")
            }
        }
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .seeOther, .seeOther, .forbidden, .forbidden]) {
            let got = try await upload(w, as: account, bytes: csv).status
            XCTAssertEqual(got, want, "POST /uploads as \(account ?? "nobody")")
        }
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .forbidden, .forbidden, .seeOther, .forbidden]) {
            let body = ByteBuffer(string: "csrf=\(w.csrf(account))&upload[]=\(id)&decision=accept&comment=%C4%90%E1%BA%A1t")
            let got = try await w.request("/batches", .post, headers: w.browser(account, form: true), body: body).status
            XCTAssertEqual(got, want, "POST /batches as \(account ?? "nobody")")
        }
        XCTAssertEqual(try w.portal.store.upload(id: id)?.status, .accepted)
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .forbidden, .forbidden, .seeOther, .forbidden]) {
            let body = ByteBuffer(string: "csrf=\(w.csrf(account))")
            let got = try await w.request("/runs", .post, headers: w.browser(account, form: true), body: body).status
            XCTAssertEqual(got, want, "POST /runs as \(account ?? "nobody")")
        }
        for uri in ["/runs/1", "/runs/1/explain?unit=CQ02", "/runs/1/hoso?unit=CQ02", "/runs/1/content3.xlsx", "/runs/1/files/content3.csv"] {
            for (account, want) in zip(accounts, [HTTPResponse.Status.found, .notFound, .notFound, .ok, .ok]) {
                let got = try await w.request(uri, .get, headers: w.browser(account)).status
                XCTAssertEqual(got, want, "GET \(uri) as \(account ?? "nobody")")
            }
        }
        XCTAssertEqual(try w.portal.store.runs().count, 1)
        // Phúc tra: only an officer draws a sample and downloads the call list (it holds contacts).
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .notFound, .notFound, .seeOther, .forbidden]) {
            let body = ByteBuffer(string: "csrf=\(w.csrf(account))&share=0.5&seed=7&questions=gioi_tinh")
            let got = try await w.request("/runs/1/backcheck/sample", .post, headers: w.browser(account, form: true), body: body).status
            XCTAssertEqual(got, want, "POST /runs/1/backcheck/sample as \(account ?? "nobody")")
        }
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .notFound, .notFound, .ok, .forbidden]) {
            let got = try await w.request("/runs/1/backcheck/backcheck-sample.csv", .get, headers: w.browser(account)).status
            XCTAssertEqual(got, want, "GET the sample as \(account ?? "nobody")")
        }
        let officerPage = String(buffer: try await w.request("/runs/1", .get, headers: w.browser("can.bo.snv")).body)
        XCTAssertTrue(officerPage.contains("<a href=\"/runs/1/backcheck/backcheck-sample.csv\">"), officerPage)
        XCTAssertTrue(officerPage.contains("Chọn mẫu phúc tra"))
        // A unit's dossier, as published: the document's heading, its points, the run's SHA-256.
        let dossier = String(buffer: try await w.request("/runs/1/hoso?unit=CQ02", .get, headers: w.browser("kiem.toan")).body)
        XCTAssertTrue(dossier.contains("HỒ SƠ ĐIỂM") && dossier.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), dossier)
        XCTAssertTrue(dossier.contains("content3.json SHA-256"))
        XCTAssertTrue(officerPage.contains("<a href=\"/runs/1/hoso?unit=CQ02\">hồ sơ điểm</a>"))
        // The workbook: a ZIP (an .xlsx), offered from the run page.
        let workbook = try await w.request("/runs/1/content3.xlsx", .get, headers: w.browser("kiem.toan"))
        XCTAssertEqual(Array(workbook.body.readableBytesView.prefix(2)), [0x50, 0x4B])
        XCTAssertTrue(officerPage.contains("<a href=\"/runs/1/content3.xlsx\""))
        let unknown = try await w.request("/runs/1/hoso?unit=XX", .get, headers: w.browser("kiem.toan")).status
        XCTAssertEqual(unknown, .notFound)
        let auditorPage = String(buffer: try await w.request("/runs/1", .get, headers: w.browser("kiem.toan")).body)
        XCTAssertFalse(auditorPage.contains("Chọn mẫu phúc tra"))
    }

    func testLoggingInGivesAStrictHttpOnlyCookieAndAFormWithoutTheTokenIsRefused() async throws {
        let w = try await World()
        defer { w.remove() }
        try await w.test { client in
            let page = try await client.execute(uri: "/login", method: .get) { $0 }
            let html = String(buffer: page.body)
            XCTAssertTrue(html.contains("Đăng nhập"))
            let token = try XCTUnwrap(html.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)?.1)
            let loginCookie = try XCTUnwrap(page.headers[.setCookie]?.split(separator: ";").first)
            var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: String(loginCookie)]
            let good = ByteBuffer(string: "name=nha.thau.a&password=mot-mat-khau-dai&csrf=\(token)")
            try await client.execute(uri: "/login", method: .post, headers: h, body: good) { response in
                XCTAssertEqual(response.status, .seeOther)
                let cookie = response.headers[.setCookie] ?? ""
                XCTAssertTrue(cookie.hasPrefix("khaosat_phien="), cookie)
                XCTAssertTrue(cookie.contains("HttpOnly"), cookie)
                XCTAssertTrue(cookie.contains("SameSite=Strict"), cookie)
            }
            // The same form from another site carries no login cookie: refused, no session.
            h[.cookie] = nil
            try await client.execute(uri: "/login", method: .post, headers: h, body: good) { response in
                XCTAssertEqual(response.status, .forbidden)
                XCTAssertFalse(response.headers[.setCookie]?.contains("khaosat_phien") ?? false)
            }
        }
        // A signed-in officer's form without its token changes nothing.
        let body = ByteBuffer(string: "csrf=sai&upload[]=\(w.uploadOfA)&decision=accept&comment=")
        let status = try await w.request("/batches", .post, headers: w.browser("can.bo.snv", form: true), body: body)
        XCTAssertEqual(status.status, .forbidden)
        XCTAssertTrue(String(buffer: status.body).contains("Biểu mẫu đã hết hạn"))
        XCTAssertEqual(try w.portal.store.upload(id: w.uploadOfA)?.status, .submitted)
        XCTAssertEqual(try w.portal.store.runs(), [])
        // Logging out ends the session.
        let out = try await w.request("/logout", .post, headers: w.browser("kiem.toan", form: true),
                                      body: ByteBuffer(string: "csrf=\(w.csrf("kiem.toan"))")).status
        XCTAssertEqual(out, .seeOther)
        let after = try await w.request("/runs", .get, headers: w.browser("kiem.toan")).status
        XCTAssertEqual(after, .found)
    }

    func testTheSixthWrongPasswordIsRefusedWithAVietnamesePage() async throws {
        let w = try await World()
        defer { w.remove() }
        try await w.test { client in
            var last = HTTPResponse.Status.ok
            var text = ""
            for _ in 0..<6 {
                let page = try await client.execute(uri: "/login", method: .get) { $0 }
                let token = String(String(buffer: page.body).firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/)!.1)
                let h: HTTPFields = [.contentType: "application/x-www-form-urlencoded",
                                     .cookie: String(page.headers[.setCookie]!.split(separator: ";")[0])]
                let r = try await client.execute(uri: "/login", method: .post, headers: h,
                                                 body: ByteBuffer(string: "name=nha.thau.a&password=sai-mat-khau-roi&csrf=\(token)")) { $0 }
                last = r.status
                text = String(buffer: r.body)
            }
            XCTAssertEqual(last, .tooManyRequests)
            XCTAssertTrue(text.contains("Đăng nhập sai quá nhiều lần"), text)
        }
    }

    func testBadUploadsGetAClearPageAndLeaveNothingBehind() async throws {
        let w = try await World(maxUploadBytes: 4000)
        defer { w.remove() }
        let count = try w.portal.store.uploads(owner: nil).count
        // Oversized.
        var r = try await upload(w, as: "nha.thau.a", bytes: Array(repeating: UInt8(ascii: "a"), count: 5000))
        XCTAssertEqual(r.status, .contentTooLarge)
        XCTAssertTrue(String(buffer: r.body).contains("Tệp lớn hơn giới hạn 4000 byte"))
        // Not a CSV: an Excel workbook renamed .csv. Said on the check's progress page.
        r = try await upload(w, as: "nha.thau.a", name: "bao-cao.csv", bytes: Array("PK\u{3}\u{4}\0\0 workbook".utf8))
        r = try await w.settle(try XCTUnwrap(r.headers[.location]), headers: w.browser("nha.thau.a"))
        XCTAssertEqual(r.status, .unprocessableContent)
        XCTAssertTrue(String(buffer: r.body).contains("Excel"), String(buffer: r.body))
        XCTAssertTrue(String(buffer: r.body).contains("<html lang=\"vi\">"))
        // Without the form's token.
        r = try await upload(w, as: "nha.thau.a", bytes: Array("submission_id\n".utf8), csrf: "sai")
        XCTAssertEqual(r.status, .forbidden)
        // A multipart body cut off in the middle of the file.
        var h = w.browser("nha.thau.a")
        h[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        var body = multipart([("csrf", w.csrf("nha.thau.a"))], file: ("dn.csv", Array("submission_id,don_vi\n".utf8)))
        body.moveWriterIndex(to: body.writerIndex - 30)
        let cut = body
        r = try await w.request("/uploads", .post, headers: h, body: cut)
        XCTAssertEqual(r.status, .badRequest)
        XCTAssertTrue(String(buffer: r.body).contains("bị cắt giữa chừng"))
        // Two files in one form would be glued together: refused.
        var two = multipart([("csrf", w.csrf("nha.thau.a"))], file: ("a.csv", Array("submission_id\n".utf8)))
        two.moveWriterIndex(to: two.writerIndex - "------khaosat7MA4YWxk--\r\n".utf8.count)
        var second = multipart([], file: ("b.csv", Array("submission_id\n".utf8)))
        two.writeBuffer(&second)
        r = try await w.request("/uploads", .post, headers: h, body: two)
        XCTAssertEqual(r.status, .badRequest)
        XCTAssertTrue(String(buffer: r.body).contains("Mỗi lần chỉ tải lên một tệp"), String(buffer: r.body))
        // Not multipart at all.
        r = try await w.request("/uploads", .post, headers: w.browser("nha.thau.a", form: true), body: ByteBuffer(string: "csrf=x"))
        XCTAssertEqual(r.status, .badRequest)
        XCTAssertEqual(try w.portal.store.uploads(owner: nil).count, count)
        XCTAssertTrue(try w.nothingLeftBehind())

        // A path in the file name is only a name.
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("hdnd-xa-canonical.csv").path)))
        r = try await upload(w, as: "nha.thau.a", name: "..\\..\\C:\\Windows\\xa.csv", bytes: good)
        XCTAssertEqual(r.status, .seeOther)
        XCTAssertEqual(try w.portal.store.uploads(owner: nil).first?.fileName, "xa.csv")
    }

    /// Besides its file, an upload form carries two short fields; more is refused with 413 as
    /// soon as it arrives (a live probe: a 300 MB field answered after the first 0.5 MB).
    func testOversizedOrTooManyFormFieldsAreRefusedEarly() async throws {
        let w = try await World()
        defer { w.remove() }
        let count = try w.portal.store.uploads(owner: nil).count
        let file = (name: "xa.csv", bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("hdnd-xa-canonical.csv").path))))
        var h = w.browser("nha.thau.a")
        h[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        let csrf = ("csrf", w.csrf("nha.thau.a"))
        // Parts without a Content-Disposition are no field, but their bytes count.
        var unnamedParts = ByteBuffer()
        for _ in 0..<20 { unnamedParts.writeString("------khaosat7MA4YWxk\r\nContent-Type: text/plain\r\n\r\n" + String(repeating: "z", count: 4096) + "\r\n") }
        let cases: [(String, ByteBuffer)] = [
            ("dài quá 4096 byte", multipart([csrf, ("ghi_chu", String(repeating: "x", count: 4097))], file: file)),
            ("quá 16 trường", multipart([csrf] + (0..<17).map { ("f\($0)", "v") }, file: file)),
            ("hơn 64 KB ngoài tệp", { var b = unnamedParts; var rest = multipart([csrf], file: file); b.writeBuffer(&rest); return b }()),
        ]
        for (reason, body) in cases {
            let r = try await w.request("/uploads", .post, headers: h, body: body)
            XCTAssertEqual(r.status, .contentTooLarge, reason)
            XCTAssertTrue(String(buffer: r.body).contains(reason), String(buffer: r.body))
        }
        // Up to the limits, the form goes through.
        let r = try await w.request("/uploads", .post, headers: h, body: multipart([csrf, ("ghi_chu", String(repeating: "x", count: 4096))], file: file))
        XCTAssertEqual(r.status, .seeOther)
        XCTAssertEqual(try w.portal.store.uploads(owner: nil).count, count + 1)
        XCTAssertTrue(try w.nothingLeftBehind())
    }

    func testAReplacementThroughTheFormKeepsTheOldUpload() async throws {
        let w = try await World()
        defer { w.remove() }
        let fixed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("dn-windows-1258.csv").path)))
        var h = w.browser("nha.thau.b")
        h[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        let fields = { (account: String) in [("csrf", w.csrf(account)), ("replaces", "\(w.uploadOfA)")] }
        // Another contractor cannot replace A's upload: it does not exist for them.
        var r = try await w.request("/uploads", .post, headers: h, body: multipart(fields("nha.thau.b"), file: ("dn.csv", fixed)))
        XCTAssertEqual(r.status, .notFound)
        h = w.browser("nha.thau.a")
        h[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        r = try await w.request("/uploads", .post, headers: h, body: multipart(fields("nha.thau.a"), file: ("dn-sua.csv", fixed)))
        XCTAssertEqual(r.status, .seeOther)
        XCTAssertEqual(try w.portal.store.upload(id: w.uploadOfA)?.status, .replaced)
        let new = try XCTUnwrap(try w.portal.store.uploads(owner: nil).first)
        XCTAssertEqual([new.replaces, new.id], [w.uploadOfA, w.uploadOfA + 1])
        let done = try await w.settle(try XCTUnwrap(r.headers[.location]), headers: h)
        XCTAssertEqual(done.status, .found)
        XCTAssertEqual(done.headers[.location], "/uploads/\(new.id)")
        // dn-windows-1258.csv: 4 rows, all accepted.
        XCTAssertEqual([new.rows, new.accepted], [4, 4])
    }

    func testTheUploadPageShowsTheAccountingAndWhatToFix() async throws {
        let w = try await World()
        defer { w.remove() }
        let html = String(buffer: try await w.request("/uploads/\(w.uploadOfA)", headers: w.browser("nha.thau.a")).body)
        // dn-dirty.csv: 10 = 2 + 7 + 1; line 3 column 6 names the unit it could not find.
        XCTAssertTrue(html.contains("<strong id=\"so-dong\">10</strong>"), html)
        XCTAssertTrue(html.contains("<strong id=\"chap-nhan\">2</strong>"))
        XCTAssertTrue(html.contains("<strong id=\"loai-ra\">7</strong>"))
        XCTAssertTrue(html.contains("<td class=\"n\">3</td><td class=\"n\">6</td>"))
        XCTAssertTrue(html.contains("Có phải &quot;Phường Tuy Hòa&quot; (22015)"), "messages are HTML-escaped")
        XCTAssertTrue(html.contains("Thay bằng bản đã sửa"))
        // The quality checks beside the accounting: dn-dirty.csv has no interview metadata.
        XCTAssertTrue(html.contains("<h2>Kiểm tra chất lượng</h2>"))
        XCTAssertTrue(html.contains("dn-dirty.csv: không có cột start, end, ma_dtv, deviceid"), html)
        // A delivery with a desk batch: its flags, counted, on the contractor's own page.
        let planted = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/quality/planted.csv"))))
        let sent = try await upload(w, as: "nha.thau.a", name: "planted.csv", bytes: planted)
        XCTAssertEqual(sent.status, .seeOther)
        let list = String(buffer: try await w.request("/uploads", headers: w.browser("nha.thau.a")).body)
        let id = try XCTUnwrap(list.firstMatch(of: /href="\/uploads\/([0-9]+)">planted.csv/)?.1)
        let page = String(buffer: try await w.request("/uploads/\(id)", headers: w.browser("nha.thau.a")).body)
        // Each flag in words, its code beside.
        XCTAssertTrue(page.contains("<tr><td>Phỏng vấn quá nhanh so với trung vị của phiếu <span class=\"ma\">SPEEDING</span></td><td class=\"n\">12</td></tr>"), page)
        XCTAssertTrue(page.contains("<span class=\"ma\">CONCENTRATION</span></td><td class=\"n\">1</td></tr>"))
        let missing = try await w.request("/khong-co")
        XCTAssertEqual(missing.status, .notFound)
        XCTAssertTrue(String(buffer: missing.body).contains("Không tìm thấy."))
    }

    /// Every account changes its own password on /account (the current one first); officers see the accounts on /accounts.
    func testAUserChangesHisPasswordOnAPageAndOfficersSeeTheAccounts() async throws {
        let w = try await World()
        defer { w.remove() }
        let accounts: [String?] = [nil] + World.accounts
        for (account, want) in zip(accounts, [HTTPResponse.Status.found, .forbidden, .forbidden, .ok, .forbidden]) {
            let got = try await w.request("/accounts", .get, headers: w.browser(account)).status
            XCTAssertEqual(got, want, "GET /accounts as \(account ?? "nobody")")
        }
        let list = String(buffer: try await w.request("/accounts", .get, headers: w.browser("can.bo.snv")).body)
        XCTAssertTrue(list.contains("<td>nha.thau.b</td>") && !list.contains("$2b$"), list)
        for account in World.accounts {
            let got = try await w.request("/account", .get, headers: w.browser(account)).status
            XCTAssertEqual(got, .ok, account)
        }
        func change(_ fields: String) async throws -> TestResponse {
            try await w.request("/account", .post, headers: w.browser("nha.thau.b", form: true),
                                body: ByteBuffer(string: "csrf=\(w.csrf("nha.thau.b"))&" + fields))
        }
        var r = try await change("current=sai-mat-khau-roi&new=mat-khau-moi-rat-dai&repeat=mat-khau-moi-rat-dai")
        XCTAssertEqual(r.status, .badRequest)
        XCTAssertTrue(String(buffer: r.body).contains("Mật khẩu hiện tại không đúng."))
        r = try await change("current=mot-mat-khau-dai&new=mat-khau-moi-rat-dai&repeat=mat-khau-khac-han-nhe")
        XCTAssertTrue(String(buffer: r.body).contains("Hai lần nhập mật khẩu mới không giống nhau."))
        r = try await change("current=mot-mat-khau-dai&new=mat-khau-moi-rat-dai&repeat=mat-khau-moi-rat-dai")
        XCTAssertEqual(r.status, .seeOther)
        XCTAssertEqual(r.headers[.location], "/login")
        let after = try await w.request("/uploads", .get, headers: w.browser("nha.thau.b")).status
        XCTAssertEqual(after, .found, "the session ended with the old password")
        XCTAssertNotNil(try w.portal.login(name: "nha.thau.b", password: "mat-khau-moi-rat-dai", from: "127.0.0.1"))
    }

    /// /healthz answers without an account: 200 "ok", or 503 with what is wrong (here: the data folder takes no file).
    func testHealthzSaysWhatIsWrong() async throws {
        let w = try await World()
        defer { w.remove() }
        var r = try await w.request("/healthz")
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(String(buffer: r.body), "ok\n")
        r = try await w.request("/healthz", .head)
        XCTAssertEqual(r.status, .ok)
        // runs/tmp replaced by a file: nothing can be written there, even by root.
        try FileManager.default.removeItem(atPath: w.dir + "/runs/tmp")
        try Data().write(to: URL(fileURLWithPath: w.dir + "/runs/tmp"))
        r = try await w.request("/healthz")
        XCTAssertEqual(r.status, .serviceUnavailable)
        XCTAssertTrue(String(buffer: r.body).contains("không ghi được vào thư mục dữ liệu"), String(buffer: r.body))
    }

    /// Issue 26, item 9: once the file is received the contractor is on a page that says how far
    /// the check is and reloads itself (no script) until it sends him to the upload's page.
    func testAnUploadsProgressPageRefreshesItselfUntilTheUploadIsThere() async throws {
        let w = try await World()
        defer { w.remove() }
        let jobs = Jobs()
        let router = try await PortalServer.router(w.portal, log: { _ in }, jobs: jobs)
        let a = try XCTUnwrap(try w.portal.user(named: "nha.thau.a")).id
        func get(_ uri: String, as account: String) async throws -> TestResponse {
            try await Application(router: router).test(.router) { try await $0.execute(uri: uri, method: .get, headers: w.browser(account)) { $0 } }
        }
        let job = jobs.start(owner: a, title: "lon.csv")
        jobs.progress(job, rows: 12_345)
        var page = try await get("/uploads/dang-kiem-tra/\(job)", as: "nha.thau.a")
        XCTAssertEqual(page.status, .ok)
        let html = String(buffer: page.body)
        XCTAssertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"2\">"), html)
        XCTAssertTrue(html.contains("Đang kiểm tra tệp…</strong> (12.345 dòng đã đọc"), html)
        // Another contractor's job does not exist for him.
        let other = try await get("/uploads/dang-kiem-tra/\(job)", as: "nha.thau.b")
        XCTAssertEqual(other.status, .notFound)
        jobs.finish(job, .done("/uploads/42"))
        page = try await get("/uploads/dang-kiem-tra/\(job)", as: "nha.thau.a")
        XCTAssertEqual(page.status, .found)
        XCTAssertEqual(page.headers[.location], "/uploads/42")
        // A file that could not be read: the reason, and no more reloading.
        let broken = jobs.start(owner: a, title: "hong.csv")
        jobs.finish(broken, .failed("Tệp không được nhận vì không đọc được: hong.csv: tệp trống."))
        page = try await get("/uploads/dang-kiem-tra/\(broken)", as: "nha.thau.a")
        XCTAssertEqual(page.status, .unprocessableContent)
        XCTAssertTrue(String(buffer: page.body).contains("tệp trống"))
        XCTAssertFalse(String(buffer: page.body).contains("http-equiv"))

        // For real: the form's answer is the progress page at once; it ends on the new upload.
        var form = w.browser("nha.thau.a")
        form[.contentType] = "multipart/form-data; boundary=----khaosat7MA4YWxk"
        let h = form
        let csv = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("hdnd-xa-canonical.csv").path)))
        let sent = try await Application(router: router).test(.router) {
            try await $0.execute(uri: "/uploads", method: .post, headers: h, body: multipart([("csrf", w.csrf("nha.thau.a"))], file: ("xa.csv", csv))) { $0 }
        }
        XCTAssertEqual(sent.status, .seeOther)
        let progress = try XCTUnwrap(sent.headers[.location])
        XCTAssertTrue(progress.hasPrefix("/uploads/dang-kiem-tra/"), progress)
        var last = try await get(progress, as: "nha.thau.a")
        for _ in 0..<6_000 where last.status == .ok {
            try await Task.sleep(for: .milliseconds(20))
            last = try await get(progress, as: "nha.thau.a")
        }
        let newest = try XCTUnwrap(try w.portal.store.uploads(owner: nil).first)
        XCTAssertEqual(newest.fileName, "xa.csv")
        XCTAssertEqual(last.headers[.location], "/uploads/\(newest.id)")
    }

    /// Issue 26, item 8, on the pages: the batch page lists the overlap and takes the choice; a
    /// conversion over a pair left open asks for confirmation first.
    func testOverlapsAreShownAndChosenOnThePages() async throws {
        let w = try await World()
        defer { w.remove() }
        let a = try XCTUnwrap(try w.portal.user(named: "nha.thau.a"))
        let dirty = try Data(contentsOf: URL(fileURLWithPath: fixture("dn-dirty.csv").path))
        let again = try w.portal.upload(dirty, fileName: "dn-lai.csv", by: a)
        let (first, second) = (w.uploadOfA, again.id)
        let officer = w.browser("can.bo.snv", form: true)
        let accept = "csrf=\(w.csrf("can.bo.snv"))&upload[]=\(first)&upload[]=\(second)&decision=accept&comment="
        var r = try await w.request("/batches", .post, headers: officer, body: ByteBuffer(string: accept))
        XCTAssertEqual(r.status, .conflict)
        let page = String(buffer: r.body)
        XCTAssertTrue(page.contains("id=\"cac-cap-trung\""), page)
        XCTAssertTrue(page.contains("<td class=\"n\">2</td><td class=\"n\">2</td><td class=\"n\">0</td><td class=\"n\">0</td>"), page)
        XCTAssertEqual(try w.portal.store.upload(id: first)?.status, .submitted)
        // Identical copies need no choice: confirming accepts both (their ids count once).
        r = try await w.request("/batches", .post, headers: officer, body: ByteBuffer(string: accept + "&confirmed=1"))
        XCTAssertEqual(r.status, .seeOther)
        XCTAssertEqual(try w.portal.store.upload(id: second)?.status, .accepted)
        XCTAssertEqual(Pages.overlapChoices("chon-3-5=5&con-lai-3-5=bo&chon-7-9=0"), [OverlapChoice(winner: 5, loser: 3, keepsRest: false)])
    }

    func testAConversionOverConflictingUploadsAsksForConfirmation() async throws {
        let w = try await World()
        defer { w.remove() }
        let a = try XCTUnwrap(try w.portal.user(named: "nha.thau.a"))
        let officer = try XCTUnwrap(try w.portal.user(named: "can.bo.snv"))
        // dn-dirty.csv with d1's first answer changed (both its rows): the same id, other answers.
        var text = try String(contentsOfFile: fixture("dn-dirty.csv").path, encoding: .utf8)
        text = text.replacingOccurrences(of: ";1;hl;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;đơn vị viết NFD", with: ";1;bt;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;đơn vị viết NFD")
        let changed = try w.portal.upload(Data(text.utf8), fileName: "dn-sua.csv", by: a)
        try w.portal.review([w.uploadOfA, changed.id], accept: true, comment: "", by: officer, confirmed: true)
        let form = w.browser("can.bo.snv", form: true)
        var r = try await w.request("/runs", .post, headers: form, body: ByteBuffer(string: "csrf=\(w.csrf("can.bo.snv"))"))
        XCTAssertEqual(r.status, .conflict)
        XCTAssertTrue(String(buffer: r.body).contains("id=\"trung-chua-chon\""), String(buffer: r.body))
        XCTAssertTrue(try w.portal.runs(visibleTo: officer).isEmpty)
        r = try await w.request("/runs", .post, headers: form, body: ByteBuffer(string: "csrf=\(w.csrf("can.bo.snv"))&confirmed=1"))
        XCTAssertEqual(r.status, .seeOther)
        let run = try XCTUnwrap(try w.portal.runs(visibleTo: officer).first)
        let html = String(buffer: try await w.request("/runs/\(run.id)", headers: w.browser("can.bo.snv")).body)
        // d1 stands twice in each file (a repeated row): both files lose both rows.
        XCTAssertEqual(html.matches(of: /<td>2 phiếu không tính vì tệp khác có cùng mã phiếu với câu trả lời khác<\/td>/).count, 2, html)
    }
}
