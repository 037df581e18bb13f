import Foundation
import Hummingbird
import HummingbirdTesting
import KhaoSatIngest
import KhaoSatTestSupport
@testable import KhaoSatPortal
@testable import KhaoSatPortalServer

/// A portal in a temporary folder with two contractors, an officer and an auditor, each with
/// an API token and a browser session, and one upload of contractor A (dn-dirty.csv).
// The router is built once and only read; tests capture the world in the test client's closures.
struct World: @unchecked Sendable {
    static let accounts = ["nha.thau.a", "nha.thau.b", "can.bo.snv", "kiem.toan"]
    var portal: Portal
    var router: Router<PortalContext>
    var dir: String
    var tokens: [String: String] = [:]
    var sessions: [String: (cookie: String, csrf: String)] = [:]
    var uploadOfA: Int64 = 0

    init(maxUploadBytes: Int = 200_000_000, behindHTTPS: Bool = false) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-server-\(UUID())").path
        portal = try Portal.open(directory: dir, set: shippedSet, pseudonyms: try PseudonymKey.read(path: Tool.demoKey))
        portal.bcryptCost = 4
        for (name, role) in zip(Self.accounts, [Role.contractor, .contractor, .officer, .auditor]) {
            let user = try portal.addUser(name: name, role: role, password: "mot-mat-khau-dai")
            tokens[name] = try portal.issueToken(for: user).token
            let (cookie, session) = try portal.startSession(for: user)
            sessions[name] = (cookie, session.csrf)
        }
        let a = try portal.store.user(named: "nha.thau.a")!
        uploadOfA = try portal.upload(try Data(contentsOf: URL(fileURLWithPath: fixture("dn-dirty.csv").path)),
                                      fileName: "dn-dirty.csv", by: a).id
        portal.maxUploadBytes = maxUploadBytes
        portal.behindHTTPS = behindHTTPS
        router = try await PortalServer.router(portal, log: { _ in })  // the log line has its own test (ProxyTests)
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    /// One request through the router, as a browser (session cookie) or a script (token) would send it.
    /// An upload or a conversion sent from a page goes on in the background: its answer is returned
    /// once its progress page says it is over, so what follows sees its result.
    func request(_ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        let response = try await test { try await $0.execute(uri: uri, method: method, headers: headers, body: body) { $0 } }
        if response.status == .seeOther, let job = response.headers[.location], job.contains("/dang-") {
            _ = try await settle(job, headers: headers)
        }
        return response
    }

    /// The progress page `job` once it stops refreshing itself (a redirect to the result, or the failure).
    func settle(_ job: String, headers: HTTPFields) async throws -> TestResponse {
        var only: HTTPFields = [:]
        only[.cookie] = headers[.cookie]
        let cookie = only
        for _ in 0..<6_000 {  // at most two minutes, on a loaded machine
            let page = try await test { try await $0.execute(uri: job, method: .get, headers: cookie, body: nil) { $0 } }
            guard page.status == .ok else { return page }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CocoaError(.executableLoad)
    }

    /// The session cookie of `account` (none for nil), and the form's content type.
    func browser(_ account: String?, form: Bool = false) -> HTTPFields {
        var h: HTTPFields = [:]
        if let account, let s = sessions[account] { h[.cookie] = "khaosat_phien=\(s.cookie)" }
        if form { h[.contentType] = "application/x-www-form-urlencoded" }
        return h
    }

    func csrf(_ account: String?) -> String { account.flatMap { sessions[$0]?.csrf } ?? "" }

    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await Application(router: router).test(.router, body)
    }

    /// Nothing of a refused upload may stay: the stored blobs are those of recorded uploads, `tmp/` is empty.
    func nothingLeftBehind() throws -> Bool {
        let recorded = Set(try portal.store.uploads(owner: nil).map(\.sha256))
        return try portal.blobs.hashes() == recorded && (FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp")).isEmpty
    }
}

/// A multipart/form-data body as a browser sends it.
func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?, boundary: String = "----khaosat7MA4YWxk") -> ByteBuffer {
    var body = ByteBuffer()
    for (name, value) in fields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    if let file {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(file.bytes)
        body.writeString("\r\n")
    }
    body.writeString("--\(boundary)--\r\n")
    return body
}
