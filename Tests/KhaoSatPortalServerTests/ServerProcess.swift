import Foundation
import KhaoSatTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `khaosat-portal` executable (built by `swift test` beside the test bundle), started
/// on a free loopback port over a data folder, for the tests that need a process to kill or a browser.
final class ServerProcess {
    static let binaries = Tool.binaries
    let data: String
    private(set) var port = 0
    private var process: Process?

    init(data: String) { self.data = data }

    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, out: String) {
        let r = try Tool.run(tool, arguments, input: input)
        return (r.status, r.out)
    }

    func addUser(_ name: String, role: String, password: String) throws {
        let r = try Self.run("khaosat-portal", ["users", "add", "--questionnaires", repoPath("Questionnaires/dak-lak-2025"),
                                                "--data", data, "--name", name, "--role", role], input: password + "\n")
        precondition(r.status == 0, r.out)
    }

    func token(_ name: String) throws -> String {
        try Self.run("khaosat-portal", ["tokens", "add", "--questionnaires", repoPath("Questionnaires/dak-lak-2025"), "--data", data,
                                        "--name", name]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts the server (with `arguments` after the usual ones) and waits until it accepts connections.
    func start(_ arguments: [String] = []) throws {
        for _ in 0..<20 {
            port = Int.random(in: 20_000..<60_000)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.binaries + "/khaosat-portal")
            p.arguments = ["serve", "--questionnaires", repoPath("Questionnaires/dak-lak-2025"), "--data", data, "--port", "\(port)",
                           "--key-file", Tool.demoKey] + arguments
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            for _ in 0..<200 where p.isRunning {
                if let fd = try? connect() { close(fd); process = p; return }
                usleep(50_000)
            }
            p.terminate()
            p.waitUntilExit()
        }
        throw CocoaError(.fileReadUnknown)
    }

    /// SIGKILL: no handler runs, nothing is flushed or cleaned up.
    func kill() {
        guard let p = process else { return }
        Glibc.kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        process = nil
    }

    func stop() {
        guard let p = process else { return }
        p.terminate()
        p.waitUntilExit()
        process = nil
    }

    deinit { kill() }

    /// A TCP connection to the server, as a file descriptor.
    func connect() throws -> Int32 { try Self.connect(port: port) }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { close(fd); throw CocoaError(.fileReadUnknown) }
        return fd
    }

    /// Sends bytes on an open connection.
    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// One whole request; returns the status code (0 when the connection was cut).
    static func post(port: Int, _ path: String, token: String, body: [UInt8]) throws -> Int {
        let fd = try connect(port: port)
        defer { close(fd) }
        Self.send(fd, Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body)
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response += buffer[..<n]
        }
        let line = String(decoding: response.prefix(while: { $0 != 13 }), as: UTF8.self)
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
