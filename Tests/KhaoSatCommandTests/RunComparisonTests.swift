import Foundation
import KhaoSatTestSupport
import XCTest

/// `khaosat diff` (two runs of a set: what changed and why) and `khaosat compare` (last year against
/// this year, with a crosswalk of merged units), run as the Council's secretary runs them.
final class RunComparisonTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-diff-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    private func convert(_ set: String, _ out: String, _ files: [String]) throws {
        let r = try Tool.run("khaosat", ["convert", "--questionnaires", set, "--reproducible", "--out", out] + files)
        XCTAssertEqual(r.status, 0, r.err)
    }

    func testDiffOfARunAgainstItselfIsEmptyAndARemovedInputIsNamedForEveryUnitItTouched() throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: repoPath("Fixtures/responses"))
            .filter { $0.hasSuffix(".csv") }.sorted().map { "Fixtures/responses/" + $0 }
        let removed = "Fixtures/responses/hdnd-tinh-google-grid.csv"
        // Relative paths, as an officer types them: the manifests name the inputs the same way.
        for (name, files) in [("a", all), ("b", all.filter { $0 != removed })] {
            let r = try Tool.run("khaosat", ["convert", "--questionnaires", "Questionnaires/dak-lak-2025", "--reproducible", "--out", dir + "/" + name]
                                 + files, in: root)
            XCTAssertEqual(r.status, 0, r.err)
        }
        var r = try Tool.run("khaosat", ["diff", "--run", dir + "/a", "--run", dir + "/a"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("không có thay đổi nào"), r.out)

        r = try Tool.run("khaosat", ["diff", "--run", dir + "/a", "--run", dir + "/b"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.out.contains("− \(removed) (bị bỏ, SHA-256 "), r.out)
        // The units the file fed, from the first run's own record (content3.json respondentsByInput).
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/a/content3.json"))) as? [String: Any])
        let touched = (document["units"] as! [[String: Any]]).compactMap { u -> (String, Int)? in
            ((u["respondentsByInput"] as? [String: Int])?[removed]).map { (u["code"] as! String, $0) }
        }
        XCTAssertEqual(touched.map(\.0).sorted(), ["CQ02", "CQ07", "CQ11"])
        let blocks = r.out.components(separatedBy: "\n\n")
        for (code, n) in touched {
            let block = try XCTUnwrap(blocks.first { $0.contains("(\(code)): ") }, code)
            XCTAssertTrue(block.contains("vì \(removed) (tệp bị bỏ): \(n) → 0 phiếu được tính"), block)
        }
        XCTAssertTrue(r.out.contains("Đơn vị có thay đổi: \(touched.count)"), r.out)
    }

    func testCompareThisYearWithLastThroughACrosswalkThatMergesThreeCommunes() throws {
        // Last year's set: the example set with X1 as three communes (X1A, X1B, X1C) before their merger.
        let lastSet = dir + "/set-2025"
        try FileManager.default.copyItem(atPath: repoPath("Questionnaires/example-other-province"), toPath: lastSet)
        try FileManager.default.removeItem(atPath: lastSet + "/units.csv")
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/compare/units-2025.csv"), toPath: lastSet + "/units.csv")
        let setFile = lastSet + "/set.csv"
        try String(contentsOfFile: setFile, encoding: .utf8).replacingOccurrences(of: "year,2026", with: "year,2025")
            .write(toFile: setFile, atomically: true, encoding: .utf8)
        try convert(lastSet, dir + "/2025", ["dai-bieu-2025.csv", "nguoi-dan-2025.csv"].map { repoPath("Fixtures/compare/" + $0) })
        try convert(repoPath("Questionnaires/example-other-province"), dir + "/2026",
                    ["dai-bieu.csv", "nguoi-dan.csv"].map { repoPath("Fixtures/example-other-province/" + $0) })

        var r = try Tool.run("khaosat", ["compare", "--run", dir + "/2025", "--run", dir + "/2026",
                                         "--crosswalk", repoPath("Fixtures/compare/crosswalk.csv"), "--out", dir + "/so-sanh.csv"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("So sánh 2026 với 2025: 8 đơn vị."), r.out)
        XCTAssertTrue(r.out.contains("Xã Hòa Bình (X1) so với X1A + X1B + X1C năm trước"), r.out)
        let lines = try CSVRecords(path: dir + "/so-sanh.csv")
        let x1 = try XCTUnwrap(lines.rows.first { $0["unit_code"] == "X1" && $0["subcriterion"] == "" })
        XCTAssertEqual(x1["last_units"], "X1A X1B X1C")
        // Last year, respondents and points per old commune (content3.csv): X1A 3 × 14.25, X1B 2 × 0.50,
        // X1C 3 × 3.50; pooled: (42.75 + 1.00 + 10.50) / 8 = 6.78125 → 6.78. This year X1: 8.50; change 1.72.
        let old = try CSVRecords(path: dir + "/2025/content3.csv")
        XCTAssertEqual(["X1A", "X1B", "X1C"].map { old.row(where: "unit_code", is: $0)!["points"]! }, ["14.25", "0.50", "3.50"])
        XCTAssertEqual(["X1A", "X1B", "X1C"].map { old.row(where: "unit_code", is: $0)!["respondents"]! }, ["3", "2", "3"])
        XCTAssertEqual([x1["last"], x1["this"], x1["change"]], ["6.78", "8.50", "1.72"])
        // Units of the same code need no line: S1 against S1.
        let s1 = try XCTUnwrap(lines.rows.first { $0["unit_code"] == "S1" && $0["subcriterion"] == "" })
        XCTAssertEqual([s1["last_units"], s1["last"], s1["this"]], ["S1", old.row(where: "unit_code", is: "S1")!["points"], "12.58"])
        // Every unit of this year is compared, with its sub-criteria (the same in both sets).
        XCTAssertEqual(Set(lines.rows.map { $0["unit_code"]! }), ["S1", "S2", "V1", "V2", "X1", "X2", "N1", "N2"])

        // A crosswalk naming a commune last year did not have, and splitting one: both named by line and column, nothing compared.
        try "old_code,new_code\nX1A,X1\nX9,X1\nX1A,X2\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        r = try Tool.run("khaosat", ["compare", "--run", dir + "/2025", "--run", dir + "/2026", "--crosswalk", dir + "/bad.csv"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("bad.csv:3, cột 1: đơn vị \"X9\" không có trong lượt năm trước."), r.err)
        XCTAssertTrue(r.err.contains("bad.csv:4, cột 1: đơn vị \"X1A\" đã có ở dòng 2"), r.err)
    }
}
