import Foundation
import KhaoSatTestSupport
import KhaoSatXLSX
import XCTest

/// A unit's dossier (`khaosat explain --unit CODE --format html|xlsx`) says what `explain` says, number
/// for number, with no personal data; published by default (a group below publish_min_respondents hidden).
final class DossierTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-dossier-\(UUID())").path
        let responses = try FileManager.default.contentsOfDirectory(atPath: repoPath("Fixtures/responses"))
            .filter { $0.hasSuffix(".csv") }.sorted().map { repoPath("Fixtures/responses/" + $0) }
        let r = try Tool.run("khaosat", ["convert", "--questionnaires", repoPath("Questionnaires/dak-lak-2025"), "--reproducible", "--out", dir] + responses)
        XCTAssertEqual(r.status, 0, r.err)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func text(ofHTML path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).replacing(/<[^>]*>/, with: " ").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    func testTheDossierListsExactlyTheNumbersOfExplain() throws {
        let explain = try Tool.run("khaosat", ["explain", "--out", dir, "--unit", "CQ02"])
        XCTAssertEqual(explain.status, 0, explain.err)
        var r = try Tool.run("khaosat", ["explain", "--out", dir, "--unit", "CQ02", "--format", "html", "--all", "--to", dir + "/all.html"])
        XCTAssertEqual(r.status, 0, r.err)
        let all = try text(ofHTML: dir + "/all.html")
        // Every number explain prints (credits, sums, weights, points, intervals, standard errors) is in the dossier.
        let numbers = Set(explain.out.matches(of: /[0-9]+(?:,[0-9]+)?…?/).map { String($0.output) })
        XCTAssertGreaterThan(numbers.count, 40)
        for n in numbers.sorted() { XCTAssertTrue(all.contains(n), "\(n) of explain is not in the dossier") }
        // 3.1.1: four delegates' 3,4 / 4 = 0,85, × 1,25 = 1,0625 → 1,06 (computed in the tests of the rule).
        XCTAssertTrue(all.contains("3,4 / 4 = 0,85"))
        XCTAssertTrue(all.contains("Điểm = 1,25 × 0,85 = 1,0625 → làm tròn 1,06"))
        XCTAssertTrue(all.contains("Nội dung 3 = tổng các tiêu chí = 7,42 / 12,00 điểm"))
        // Rows set aside about CQ02 by file and line with their reason in words; no raw row, no answers, no ids.
        XCTAssertTrue(all.contains("Phiếu trả lời chưa đủ"))
        XCTAssertFalse(all.contains("INCOMPLETE"))
        XCTAssertFalse(all.contains("h45245b6b0e090bb"), "a pseudonymous id in the dossier")
        let quarantine = try String(contentsOfFile: dir + "/quarantine.csv", encoding: .utf8)
        XCTAssertFalse(all.contains("2025-10-05T08:1"), "a raw row's timestamp in the dossier")
        XCTAssertTrue(quarantine.contains("2025-10-05T08:1"))
        // The run it comes from.
        let digest = try XCTUnwrap(try Tool.run("/usr/bin/sha256sum", [dir + "/content3.json"]).out.split(separator: " ").first)
        XCTAssertTrue(all.contains(String(digest)))

        // Published (the default): the business group of two for 3.2.x is not shown, and said so.
        r = try Tool.run("khaosat", ["explain", "--out", dir, "--unit", "CQ02", "--format", "html"])
        XCTAssertEqual(r.status, 0, r.err)
        let published = try text(ofHTML: dir + "/hoso-CQ02.html")
        XCTAssertTrue(published.contains("không hiện"))
        // Formulas shown: 3.1.1–3.1.4 (four delegates); not 3.2.x nor 3.4.1, where the two businesses' credit counts.
        XCTAssertEqual(published.components(separatedBy: "Điểm = ").count - 1, 4)
        XCTAssertEqual(all.components(separatedBy: "Điểm = ").count - 1, 9)

        // The workbook: the unit's lines of content3-criteria.csv and the formulas.
        r = try Tool.run("khaosat", ["explain", "--out", dir, "--unit", "CQ02", "--format", "xlsx", "--all"])
        XCTAssertEqual(r.status, 0, r.err)
        let book = try XLSXWorkbook(path: dir + "/hoso-CQ02.xlsx", name: "hoso-CQ02.xlsx")
        XCTAssertEqual(book.sheetNames, ["Điểm", "Cách tính", "Loại ra và cờ"])
        var cells: [[String]] = []
        try book.forEachRow(inSheet: "Điểm") { cells.append($0.cells) }
        let criteria = try CSVRecords(path: dir + "/content3-criteria.csv").rows(where: "unit_code", is: "CQ02")
        let body = cells.drop { $0.first != "Chỉ số" }.dropFirst()
        XCTAssertEqual(body.count, criteria.count)
        let pointsColumn = try XCTUnwrap(cells.first { $0.first == "Chỉ số" }?.firstIndex(of: "Điểm"))
        XCTAssertEqual(body.map { Decimal(string: $0[pointsColumn]) }, criteria.map { Decimal(string: $0["points"]!) })
        var formulas: [String] = []
        try book.forEachRow(inSheet: "Cách tính") { formulas.append($0.cells.joined(separator: " ")) }
        XCTAssertTrue(formulas.contains { $0.contains("Điểm = 1,25 × 0,85 = 1,0625 → làm tròn 1,06") })
    }

    func testAnUnknownUnitIsExit2() throws {
        let r = try Tool.run("khaosat", ["explain", "--out", dir, "--unit", "XX", "--format", "html"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("Không có đơn vị \"XX\""), r.err)
    }
}
