import Foundation
import KhaoSatCSV
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatIngest

/// What fuzzing found (issue 14): inputs whose cost grew with the square of their size, or whose
/// rows vanished. Each test asserts what the run must say, and bounds what a report repeats.
final class HostileInputTests: XCTestCase {
    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func ingest(_ path: String) -> IngestResult {
        Ingestor(set: shippedSet).ingest([(path, "t.csv")])
    }

    private let gridTitle = "Chất lượng tham mưu xây dựng văn bản, đề án, chính sách trình HĐND, UBND tỉnh của cơ quan, đơn vị"

    /// The shipped Google grid fixture: its header and first row (which rates three units).
    private func grid() throws -> (header: String, row: String, width: Int) {
        let lines = try String(contentsOfFile: repoPath("Fixtures/responses/hdnd-tinh-google-grid.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let width = try CSVReaderWidth.of(lines[0])
        return (lines[0], lines[1], width)
    }

    func testAGoogleGridRowThatRatesNoUnitIsSetAsideNotLost() throws {
        let (header, row, width) = try grid()
        let empty = { (id: String) in "2025/10/08 9:00:00 AM GMT+7,\(id),Nam" + String(repeating: ",", count: width - 3) }
        let result = ingest(try write([header, row, empty("DBT-12"), empty("DBT-13")].joined(separator: "\n") + "\n"))
        // 3 rows: the first rates three units; the other two rate none and are set aside, counted.
        XCTAssertEqual([result.total.rows, result.total.submissions, result.total.setAside], [3, 5, 2])
        XCTAssertTrue(result.files.allSatisfy(\.balances))
        XCTAssertEqual(result.quarantine.map(\.reason), [.unitMissing, .unitMissing])
    }

    func testAGridOfThousandsOfUnitColumnsGivesAReportOfBoundedSize() throws {
        let (header, _, width) = try grid()
        let units = (1...4000).map { "Đơn vị số \($0)" }
        let wide = header + "," + units.map { "\"\(gridTitle) [\($0)]\"" }.joined(separator: ",")
        let row = { (i: Int) in "2025/10/08 8:00:00 AM GMT+7,DBT-\(i),Nam" + String(repeating: ",", count: width - 3)
            + "," + units.map { _ in "Tốt" }.joined(separator: ",") }
        let text = wide + "\n" + (1...3).map(row).joined(separator: "\n") + "\n"
        let path = try write(text)
        let result = ingest(path)
        // Every rated unit is unknown: 3 rows × 4 000 submissions set aside, each counted.
        XCTAssertEqual([result.total.rows, result.total.submissions, result.total.setAside], [3, 12_000, 12_000])
        // The JSON report writes each raw row once, not once per unit it rates.
        let json = try ValidationReport.json(result, rawRows: QuarantineWriter(result, inputs: [(path, "t.csv")], options: IngestOptions()))
        XCTAssertLessThan(json.utf8.count, 8 * text.utf8.count, "report \(json.utf8.count) bytes for a \(text.utf8.count)-byte file")
    }

    func testAHugeCellMakesAShortMessage() throws {
        let header = "submission_id,tu_cach,ma_nguoi_tl,tuoi,don_vi,so_lan,c321_1,c321_2,c322_1,c322_2,c323_1,c323_2,c323_3,c324_1,c324_2,hl_chung,y_kien"
        let longUnit = String(repeating: "Sở Nội vụ ", count: 60_000)  // 960 KB of unit name, under the 1 MiB field limit
        let manyPieces = Array(repeating: "x", count: 13_000).joined(separator: ", ")  // ~40 KB select_multiple
        let rest = "hl,co,hl,hl,khong,hl,hl,hl,"
        let result = ingest(try write(header + "\na1,cong_dan,0905,34,\(longUnit),1,hl,quy_trinh,\(rest)\n"
            + "a2,cong_dan,0906,34,CQ02,1,hl,\"\(manyPieces)\",\(rest)\n"))
        XCTAssertEqual(result.quarantine.map(\.reason), [.unitUnknown, .unknownChoice])
        guard result.quarantine.count == 2 else { return }
        for entry in result.quarantine {
            XCTAssertLessThan(entry.message.count, 600, entry.message.prefix(200) + "…")
        }
        XCTAssertTrue(result.quarantine[0].message.contains("ký tự)"), "the unit is shown by its start and length")
    }
}

private enum CSVReaderWidth {
    static func of(_ line: String) throws -> Int {
        try CSVReader(bytes: Array((line + "\n").utf8), name: "h").readAll().records[0].fields.count
    }
}
