import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatExport
import KhaoSatPipeline
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire
@testable import KhaoSatRank
@testable import KhaoSatReport

/// The shipped set's ranking.csv (section 5 of the decision).
private let dakLakRules = shippedSet.ranking!


/// The report of the shipped fixtures, opened in headless Chromium (Debian package `chromium`,
/// which `.ci/run` installs): no script errors, no empty table, Vietnamese text in the DOM,
/// and a screenshot. Skipped outside CI when Chromium is missing; a failure in CI.
final class BrowserTests: XCTestCase {
    private func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("Chromium is missing in CI"); throw XCTSkip() }
        throw XCTSkip("Chromium is not installed (apt-get install -y chromium)")
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: e, as: UTF8.self))
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testTheReportRendersInHeadlessChromium() throws {
        let browser = try chromium()
        let set = shippedSet
        let inputs = try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/responses")
            .filter { $0.hasSuffix(".csv") }.map { (root + "/Fixtures/responses/" + $0, $0) }
        let conversion = try ConversionRun(set: set, inputs: inputs, options: IngestOptions(), runTime: nil)
        let content3 = try JSONDecoder().decode(Content3Document.self, from: Data(conversion.files.first { $0.name == "content3.json" }!.bytes))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunWriter(directory: dir.path).write(conversion.files)
        let (scores, problems) = try RankInputs.load(content3: dir.path + "/content3.csv", council: root + "/Fixtures/council/council-2025.csv", rules: dakLakRules)
        XCTAssertEqual(problems, [])
        let ranking = RankingDocument(rules: dakLakRules, inputs: [], units: Ranker.rank(scores, rules: dakLakRules))
        let html = dir.appendingPathComponent("report.html")
        try Data(HTMLReport(run: content3, ranking: ranking).render().utf8).write(to: html)

        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"]
        let (dom, log) = try run(browser, flags + ["--dump-dom", html.absoluteString])
        XCTAssertFalse(log.contains("Uncaught"), log)
        XCTAssertTrue(dom.contains("Phường Tuy Hòa"), "Vietnamese text missing from the DOM")
        XCTAssertTrue(dom.contains("Hoàn thành tốt nhiệm vụ"))
        XCTAssertTrue(dom.contains("Chỉ số 03 – "))
        // Every table has rows: the heading, the overview, 3 ranking tables, the methods note's two,
        // the signatures, one per unit (the annex), and the inputs.
        let tables = dom.components(separatedBy: "<tbody>").dropFirst().map { $0.components(separatedBy: "</tbody>")[0] }
        XCTAssertEqual(tables.count, 1 + 1 + 3 + 2 + 1 + 128 + 1)
        XCTAssertTrue(tables.allSatisfy { $0.contains("<tr") }, "an empty table")
        // Per index: Content 3 (102 communes in two charts of 51), the levels, the six contents (two again).
        XCTAssertEqual(dom.components(separatedBy: "<svg").count - 1, (1 + 1 + 1) + (1 + 1 + 1) + (2 + 1 + 2))

        let png = dir.appendingPathComponent("report.png")
        _ = try run(browser, flags + ["--screenshot=\(png.path)", "--window-size=1240,1754", html.absoluteString])
        let image = try Data(contentsOf: png)
        XCTAssertEqual(Array(image.prefix(4)), [0x89, 0x50, 0x4E, 0x47])  // a PNG
        XCTAssertGreaterThan(image.count, 50_000)  // not a blank page
    }
}
