import Foundation
import XCTest
@testable import KhaoSatCSV

final class CSVWriterTests: XCTestCase {
    func testQuotingBOMAndCRLF() {
        let bytes = CSVEncoder().encode([
            ["mã", "ghi chú"],
            [.number("2.68"), "có dấu phẩy, và \"ngoặc\""],
            [.number("-1"), " lề "],
        ])
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(String(decoding: bytes.dropFirst(3), as: UTF8.self),
                       "mã,ghi chú\r\n2.68,\"có dấu phẩy, và \"\"ngoặc\"\"\"\r\n-1,\" lề \"\r\n")
    }

    func testFormulaInjectionIsNeutralisedInTextButNumbersStayNumbers() {
        let bytes = CSVEncoder(options: CSVWriteOptions(byteOrderMark: false)).encode([
            ["=HYPERLINK(\"http://x\")", "+84 912", "-1+2", "@SUM(A1)", "\tx", "bình thường"],
            [.number("-99"), .number("+1")],
        ])
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self),
                       "\"'=HYPERLINK(\"\"http://x\"\")\",'+84 912,'-1+2,'@SUM(A1),'\tx,bình thường\r\n-99,+1\r\n")
    }

    func testWrittenFilesReadBackUnchanged() throws {
        let rows: [[String]] = [["a", "b"], ["dòng 1\ndòng 2", "\"x\""], ["", "Đắk Lắk; Phú Yên"]]
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try CSVFileWriter(path: url.path)
        for row in rows { try writer.write(row.map { .text($0) }) }
        try writer.close()
        let (back, summary) = try CSVReader(path: url.path).readAll()
        XCTAssertEqual(back.map(\.fields), rows)
        XCTAssertEqual(summary.encoding, .utf8WithBOM)
    }
}
