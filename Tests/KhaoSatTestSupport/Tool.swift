import Foundation

/// The package's executables (`khaosat`, `khaosat-portal`), built by `swift test` beside the
/// test bundle, run as a user runs them.
package enum Tool {
    package static let binaries = Bundle.main.executableURL!.deletingLastPathComponent().path

    package struct Result {
        package var status: Int32
        package var out: String
        package var err: String
    }

    /// The fixtures' pseudonym key (never one for real data), which the tools find in
    /// `KHAOSAT_KEY_FILE` unless a test says otherwise.
    package static let demoKey = repoPath("Fixtures/keys/demo.key")

    /// Runs `tool` (a name beside the tests, or an absolute path) to its end. Output goes through
    /// files, so a large one cannot block the child on a full pipe. `environment`: added to the
    /// tests' own (a value "" removes the variable).
    package static func run(_ tool: String, _ arguments: [String], input: String? = nil,
                           in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (outURL, errURL) = (scratch.appendingPathComponent("out"), scratch.appendingPathComponent("err"))
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : binaries + "/" + tool)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KHAOSAT_KEY_FILE"] = env["KHAOSAT_KEY_FILE"] ?? demoKey
        for (name, value) in environment { env[name] = value.isEmpty ? nil : value }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        let inp = Pipe()
        p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: try String(contentsOf: outURL, encoding: .utf8),
                      err: try String(contentsOf: errURL, encoding: .utf8))
    }
}
