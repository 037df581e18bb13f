import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
#if canImport(Glibc)
import Glibc
#endif

/// Issue 26, item 2: the README's reverse-proxy examples (docs/operations/nginx.conf and
/// Caddyfile), run as shipped but for names, addresses and certificate paths, carry a 50 MB
/// upload to the portal, and the portal sees the real client (curl binds 127.0.0.2; the proxy
/// connects from 127.0.0.1) while a header the client made up is not believed.
/// CI installs nginx and Caddy (.ci/run); elsewhere a missing one is skipped.
final class ReverseProxyTests: XCTestCase {
    private var dir: String!
    private var server: ServerProcess!
    private var proxy: Process?

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-proxy-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    }

    override func tearDown() {
        proxy?.terminate()
        proxy?.waitUntilExit()
        server?.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func program(_ path: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("\(path) is missing: .ci/run installs it"); throw CocoaError(.fileNoSuchFile) }
            throw XCTSkip("\(path) is not installed")
        }
        return path
    }

    private func shell(_ command: String) throws -> (status: Int32, out: String) {
        let r = try Tool.run("/bin/sh", ["-c", command])
        return (r.status, r.out + r.err)
    }

    /// The portal behind `proxy`; a contractor's token.
    private func startPortal() throws -> String {
        server = ServerProcess(data: dir + "/data")
        try server.addUser("nha.thau.a", role: "contractor", password: "mot-mat-khau-dai")
        let token = try server.token("nha.thau.a")
        try server.start(["--trusted-proxy", "127.0.0.1", "--behind-https"])
        let cert = try shell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout '\(dir!)/key.pem' -out '\(dir!)/cert.pem'")
        XCTAssertEqual(cert.status, 0, cert.out)
        return token
    }

    /// Starts `arguments` until it listens on a free port (tried a few times: another process may take one first).
    private func startProxy(_ executable: String, config: (Int) throws -> [String]) throws -> Int {
        for _ in 0..<10 {
            let port = Int.random(in: 20_000..<60_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = try config(port)
            p.environment = ["HOME": dir, "XDG_DATA_HOME": dir, "XDG_CONFIG_HOME": dir, "PATH": "/usr/sbin:/usr/bin:/bin"]
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            for _ in 0..<200 where p.isRunning {
                if let fd = try? ServerProcess.connect(port: port) { close(fd); proxy = p; return port }
                usleep(50_000)
            }
            p.terminate()
            p.waitUntilExit()
        }
        throw CocoaError(.fileReadUnknown)
    }

    /// 50 MB of citizens' answers: 10 000 whole rows with the same long comment (y_kien): copied
    /// rows, which the quality checks gather in one pass.
    private func bigFile() throws -> String {
        let comment = String(repeating: "Thủ tục nhanh, cán bộ tận tình. ", count: 150)
        var text = "submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;c323_1;c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien\n"
        for n in 0..<10_000 {
            text += "p\(n);2025-10-05T08:00:00;cong_dan;;40;CQ02;1;hl;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;\(comment)\n"
        }
        let path = dir + "/lon.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The upload through the proxy, then a failed login whose audit line must name 127.0.0.2.
    private func uploadAndLogin(port: Int, token: String) throws {
        let file = try bigFile()
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        XCTAssertGreaterThan(size, 50_000_000)
        let upload = try shell("curl -sk --interface 127.0.0.2 -o '\(dir!)/answer.json' -w '%{http_code}' -H 'Authorization: Bearer \(token)' "
                               + "-H 'X-Forwarded-For: 6.6.6.6' --data-binary @'\(file)' 'https://127.0.0.1:\(port)/api/uploads?name=lon.csv'")
        XCTAssertEqual(upload.out, "201", (try? String(contentsOfFile: dir + "/answer.json", encoding: .utf8)) ?? "")
        let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/answer.json"))) as? [String: Any]
        XCTAssertEqual(answer?["bytes"] as? Int, size)
        XCTAssertEqual(answer?["accepted"] as? Int, 10_000)
        let login = try shell("curl -sk --interface 127.0.0.2 -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 6.6.6.6' "
                              + "-b khaosat_dang_nhap=abc -d 'name=nha.thau.a&password=sai-mat-khau-roi&csrf=abc' 'https://127.0.0.1:\(port)/login'")
        XCTAssertEqual(login.out, "401")
        let audit = try SQLiteStore(path: dir + "/data/portal.sqlite").audit(limit: 5)
        XCTAssertEqual(audit.first?.action, "login.failed")
        XCTAssertEqual(audit.first?.detail, "từ 127.0.0.2")
    }

    func testNginxExampleCarries50MBAndTheRealClient() throws {
        let nginx = try program("/usr/sbin/nginx")
        let token = try startPortal()
        var site = try String(contentsOfFile: repoPath("docs/operations/nginx.conf"), encoding: .utf8)
        site = site.replacingOccurrences(of: "/etc/ssl/khaosat/fullchain.pem", with: dir + "/cert.pem")
            .replacingOccurrences(of: "/etc/ssl/khaosat/privkey.pem", with: dir + "/key.pem")
            .replacingOccurrences(of: "http://127.0.0.1:8080", with: "http://127.0.0.1:\(server.port)")
        let port = try startProxy(nginx) { port in
            let conf = site.replacingOccurrences(of: "listen 443 ssl;", with: "listen 127.0.0.1:\(port) ssl;")
                .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(port + 1);")
            try conf.write(toFile: self.dir + "/khaosat.conf", atomically: true, encoding: .utf8)
            let temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "\($0)_temp_path \(self.dir!)/\($0);" }.joined(separator: " ")
            try """
                \(getuid() == 0 ? "user root;" : "")
                worker_processes 1;
                pid \(self.dir!)/nginx.pid;
                error_log \(self.dir!)/error.log;
                events {}
                http { access_log off; \(temp) include \(self.dir!)/khaosat.conf; }
                """.write(toFile: self.dir + "/nginx.conf", atomically: true, encoding: .utf8)
            return ["-c", self.dir + "/nginx.conf", "-p", self.dir, "-g", "daemon off;"]
        }
        try uploadAndLogin(port: port, token: token)
    }

    func testCaddyExampleCarries50MBAndTheRealClient() throws {
        let caddy = try program("/usr/bin/caddy")
        let token = try startPortal()
        let site = try String(contentsOfFile: repoPath("docs/operations/Caddyfile"), encoding: .utf8)
            .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(server.port)")
        let port = try startProxy(caddy) { port in
            let conf = "{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system \(self.dir!)/caddy\n}\n"
                + site.replacingOccurrences(of: "khaosat.example.gov.vn {", with: "https://127.0.0.1:\(port) {\n\ttls \(self.dir!)/cert.pem \(self.dir!)/key.pem")
            try conf.write(toFile: self.dir + "/Caddyfile", atomically: true, encoding: .utf8)
            return ["run", "--config", self.dir + "/Caddyfile", "--adapter", "caddyfile"]
        }
        try uploadAndLogin(port: port, token: token)
    }
}
