import XCTest
@testable import KhaoSatPortalServer
import KhaoSatConvert

/// What the pages write for people (issue 26, item 11).
final class LabelTests: XCTestCase {
    func testNumbersColumnsAndNotesAreWrittenAsVietnameseReadersExpect() {
        XCTAssertEqual([0, 999, 1_000, 12_345, 1_234_567, -4_200].map(Label.count), ["0", "999", "1.000", "12.345", "1.234.567", "-4.200"])
        // Excel's column names: J is the 10th, Z the 26th, AA the 27th, AZ the 52nd.
        XCTAssertEqual([1, 10, 26, 27, 52, 703].map(Label.columnLetters), ["A", "J", "Z", "AA", "AZ", "AAA"])
        XCTAssertEqual(UnitNotes.words(["no_responses"]), "không có phiếu")
        XCTAssertEqual(UnitNotes.words(["low_sample=3.1.1 3.1.2", "not_applicable=3.3.1"]), "ít phiếu ở 3.1.1, 3.1.2; không áp dụng 3.3.1")
    }
}
