import Foundation
import KhaoSatTestSupport
import KhaoSatXLSX
import XCTest

/// `Fixtures/xlsx/cells.xlsx` is written by hand (Fixtures/tools/xlsx_fixtures.py) with one
/// cell of each kind; each row below says what Excel shows for it.
final class WorkbookTests: XCTestCase {
    private func rows(_ sheet: String) throws -> [XLSXRow] {
        let book = try XLSXWorkbook(path: repoPath("Fixtures/xlsx/cells.xlsx"), name: "cells.xlsx")
        var rows: [XLSXRow] = []
        try book.forEachRow(inSheet: sheet) { rows.append($0) }
        return rows
    }

    func testSheetsAreListedInWorkbookOrderFromTheirRelationships() throws {
        let book = try XLSXWorkbook(path: repoPath("Fixtures/xlsx/cells.xlsx"), name: "cells.xlsx")
        XCTAssertEqual(book.sheetNames, ["Dữ liệu", "Hai"])
        // The second sheet's relationship is an absolute path (/xl/worksheets/sheet2.xml).
        XCTAssertEqual(try rows("Hai"), [XLSXRow(number: 2, cells: ["", "FALSE"])])
    }

    func testEveryCellKindReadsAsExcelShowsIt() throws {
        let rows = try rows("Dữ liệu")
        XCTAssertEqual(rows.map(\.number), [1, 3, 5], "rows 2, 4 and the empty row 6 are not there")
        // shared string, inline string, formula result, boolean, 3, 3.0, 2.5, rich text without its phonetic run
        XCTAssertEqual(rows[0].cells, ["ten", "Tuổi", "tenx", "TRUE", "3", "3", "2.5", "rich: đậm"])
        // serial 45945 = 2025-10-15 (numFmt 14), .5 = noon (22), 0.75 = 18:00 (21), custom dd/mm/yyyy hh:mm
        XCTAssertEqual(rows[1].cells, ["2025-10-15", "2025-10-15 12:00:00", "18:00:00", "2025-10-15 06:00:00",
                                       "dòng 1\rdòng 2", "Đắk Lắk"])
        // missing cells between A5 and D5 are empty; a merged range keeps its value in the first cell
        XCTAssertEqual(rows[2].cells, ["x", "", "", "y"])
    }

    func testNotAWorkbookAndUnknownSheetSayWhatToDo() throws {
        XCTAssertThrowsError(try XLSXWorkbook(path: repoPath("Fixtures/unreadable/empty.csv"), name: "empty.csv")) {
            guard case .notAWorkbook(let file, _)? = $0 as? XLSXError else { return XCTFail("\($0)") }
            XCTAssertEqual(file, "empty.csv")
            XCTAssertTrue("\($0)".contains("Excel Workbook (.xlsx)"))
        }
        XCTAssertThrowsError(try rows("Sheet1")) {
            XCTAssertEqual($0 as? XLSXError, .noSuchSheet(file: "cells.xlsx", sheet: "Sheet1", available: ["Dữ liệu", "Hai"]))
        }
    }

    func testAnErrorThrownWhileReadingStopsTheSheetAndComesBackAsItIs() throws {
        struct Stop: Error {}
        let book = try XLSXWorkbook(path: repoPath("Fixtures/xlsx/cells.xlsx"), name: "cells.xlsx")
        var seen = 0
        XCTAssertThrowsError(try book.forEachRow(inSheet: "Dữ liệu") { _ in seen += 1; throw Stop() }) {
            XCTAssertTrue($0 is Stop)
        }
        XCTAssertEqual(seen, 1)
    }
}
