import Foundation
import KhaoSatCSV
import KhaoSatTestSupport
import KhaoSatXLSX
import XCTest
@testable import KhaoSatExport
import KhaoSatPipeline
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire
@testable import KhaoSatRank
@testable import KhaoSatReport

/// content3.xlsx read back: every cell of content3.csv, content3-criteria.csv and ranking.csv is
/// in the workbook, numbers as numbers equal to the CSV's, under Vietnamese headers; formatting
/// as Excel users expect (checked with openpyxl when Python has it; CI installs it).
final class WorkbookTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-workbook-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func shippedRun() throws -> (Content3Document, RankingDocument) {
        let set = shippedSet, rules = set.ranking!
        let inputs = try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/responses")
            .filter { $0.hasSuffix(".csv") }.sorted().map { (root + "/Fixtures/responses/" + $0, $0) }
        let conversion = try ConversionRun(set: set, inputs: inputs, options: IngestOptions(), runTime: nil)
        try RunWriter(directory: dir.path).write(conversion.files)
        let content3 = try Content3Document.read(directory: dir.path)
        let (scores, problems) = try RankInputs.load(content3: dir.path + "/content3.csv", council: root + "/Fixtures/council/council-2025.csv", rules: rules)
        XCTAssertEqual(problems, [])
        let ranking = RankingDocument(rules: rules, inputs: [], units: Ranker.rank(scores, rules: rules))
        try RunWriter(directory: dir.path).write([("ranking.csv", CSVEncoder().encode(RankingTable.table(rules).rows(ranking.units)))])
        return (content3, ranking)
    }

    /// The sheet's rows under its header row (the first whose first cell is "Chỉ số" or "Mục"), by Vietnamese title.
    private func sheet(_ book: XLSXWorkbook, _ name: String) throws -> (header: [String], rows: [[String]]) {
        var all: [[String]] = []
        try book.forEachRow(inSheet: name) { all.append($0.cells) }
        let start = try XCTUnwrap(all.firstIndex { $0.first == "Chỉ số" || $0.first == "Mục" }, name)
        return (all[start], Array(all[(start + 1)...]))
    }

    /// Each CSV cell against the workbook's cell under the column's Vietnamese title: text equal,
    /// numbers equal once the workbook's double is rounded to the CSV's decimals.
    private func assertSame(_ csv: CSVRecords, _ sheet: (header: [String], rows: [[String]]), groups: [String: String],
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(csv.rows.count, sheet.rows.count, "rows", file: file, line: line)
        for name in csv.header {
            guard let column = sheet.header.firstIndex(of: ResultsWorkbook.title(ofColumn: name, groupNames: groups)) else {
                XCTFail("no column for \(name)", file: file, line: line)
                continue
            }
            for (r, row) in zip(csv.rows, sheet.rows) {
                let expected = r[name] ?? "", cell = column < row.count ? row[column] : ""
                if let number = Decimal(string: expected), expected.first.map({ $0.isNumber || $0 == "-" }) == true, !name.hasSuffix("code"), name != "index" {
                    let decimals = expected.split(separator: ".").dropFirst().first?.count ?? 0
                    XCTAssertEqual(Decimal(string: cell).map { Decimals.rounded($0, scale: decimals) }, number,
                                   "\(name) of \(r["unit_code"] ?? "")", file: file, line: line)
                } else {
                    XCTAssertEqual(cell, expected, "\(name) of \(r["unit_code"] ?? "")", file: file, line: line)
                }
            }
        }
    }

    func testTheWorkbookReadBackEqualsTheCSVs() throws {
        let (content3, ranking) = try shippedRun()
        let path = dir.appendingPathComponent("content3.xlsx").path
        let bytes = try ResultsWorkbook(run: content3, ranking: ranking).spreadsheet().bytes()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        // A reproducible run's workbook is reproducible too.
        XCTAssertEqual(try ResultsWorkbook(run: content3, ranking: ranking).spreadsheet().bytes(), bytes)

        let book = try XLSXWorkbook(path: path, name: "content3.xlsx")
        XCTAssertEqual(book.sheetNames, ["Chỉ số 01", "Chỉ số 02", "Chỉ số 03", "Tiêu chí", "Xếp hạng", "Thông tin lượt"])
        let groups = content3.manifest.groupNames
        let units = try CSVRecords(path: dir.path + "/content3.csv")
        for index in ["01", "02", "03"] {
            let rows = units.rows.filter { $0["index"] == index }
            let s = try sheet(book, "Chỉ số \(index)")
            assertSame(CSVRecords(header: units.header, rows: rows), s, groups: groups)
            // The respondents of the groups add up to the unit's.
            let perGroup = s.header.indices.filter { s.header[$0].hasPrefix("Phiếu: ") }
            XCTAssertEqual(perGroup.count, 3)
            let total = try XCTUnwrap(s.header.firstIndex(of: "Số phiếu"))
            for row in s.rows { XCTAssertEqual(perGroup.map { Int(row[$0])! }.reduce(0, +), Int(row[total])) }
        }
        assertSame(try CSVRecords(path: dir.path + "/content3-criteria.csv"), try sheet(book, "Tiêu chí"), groups: groups)
        assertSame(try CSVRecords(path: dir.path + "/ranking.csv"), try sheet(book, "Xếp hạng"), groups: groups)
        let manifest = try sheet(book, "Thông tin lượt").rows.map { $0.joined(separator: " ") }.joined(separator: "\n")
        for input in content3.manifest.inputs { XCTAssertTrue(manifest.contains(input.file.sha256), input.file.path) }

        try checkFormatting(path)
    }

    /// Frozen header, autofilter, print titles, A4 landscape, two-decimal number cells, via openpyxl.
    private func checkFormatting(_ path: String) throws {
        let script = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb["Chỉ số 01"]
        out = [ws.freeze_panes, ws.auto_filter.ref, ws.print_title_rows, str(ws.page_setup.paperSize), ws.page_setup.orientation,
               ws["D5"].number_format, type(ws["D5"].value).__name__ in ("int", "float"), ws["C5"].data_type,
               str(ws.column_dimensions["C"].width > 15), str(ws.sheet_properties.pageSetUpPr.fitToPage)]
        print("|".join(str(x) for x in out))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if e.contains("No module named 'openpyxl'") {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("openpyxl is missing in CI") }
            throw XCTSkip("openpyxl is not installed (pip install openpyxl)")
        }
        XCTAssertEqual(p.terminationStatus, 0, e)
        // Header on row 4 under the title lines; D5 is CQ01's points.
        XCTAssertEqual(o.trimmingCharacters(in: .whitespacesAndNewlines), "A5|A4:O19|$4:$4|9|landscape|0.00|True|s|True|True")
    }
}
