import Foundation
@testable import KhaoSatXLSX
import XCTest
import ZIPFoundation

/// A sheet above `UnpackAhead.threshold` is unpacked on a second thread while it is scanned:
/// rows must come in order and complete, and a reader that stops must stop the unpacking.
final class LargeSheetTests: XCTestCase {
    private static let rowCount = 60_000

    /// A workbook of one sheet whose row r holds "r" and "Thôn số r" (inline strings), about
    /// 7 MB of XML once unpacked.
    private func largeWorkbook() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-large-\(UUID().uuidString).xlsx")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        var sheet = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
        for r in 1...Self.rowCount {
            sheet += #"<row r="\#(r)"><c r="A\#(r)"><v>\#(r)</v></c><c r="B\#(r)" t="inlineStr"><is><t>Thôn số \#(r)</t></is></c></row>"#
        }
        sheet += "</sheetData></worksheet>"
        let parts = [
            ("xl/workbook.xml", #"<workbook><sheets><sheet name="lớn" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                position, size in bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        XCTAssertGreaterThan(try XCTUnwrap(archive["xl/worksheets/sheet1.xml"]).uncompressedSize, UnpackAhead.threshold)
        return url
    }

    func testEveryRowComesInOrder() throws {
        let url = try largeWorkbook()
        let book = try XLSXWorkbook(path: url.path, name: "lon.xlsx")
        var next = 1
        try book.forEachRow(inSheet: "lớn") { row in
            XCTAssertEqual(row, XLSXRow(number: next, cells: ["\(next)", "Thôn số \(next)"]))
            next += 1
        }
        XCTAssertEqual(next, Self.rowCount + 1)
    }

    func testAReaderThatStopsStopsTheUnpacking() throws {
        struct Stop: Error {}
        let url = try largeWorkbook()
        let book = try XLSXWorkbook(path: url.path, name: "lon.xlsx")
        var seen = 0
        XCTAssertThrowsError(try book.forEachRow(inSheet: "lớn") { row in
            seen += 1
            if row.number == 30_000 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(seen, 30_000)
        // The unpacking thread has ended: the same sheet reads again, whole.
        var again = 0
        try book.forEachRow(inSheet: "lớn") { _ in again += 1 }
        XCTAssertEqual(again, Self.rowCount)
    }
}
