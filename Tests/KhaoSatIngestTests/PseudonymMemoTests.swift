import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire

/// A reader remembers the pseudonyms it made; the record it hands on is the same as when every
/// value is worked out again.
final class PseudonymMemoTests: XCTestCase {
    func testRememberedPseudonymsAreThoseWorkedOutEachTime() throws {
        let form = try XCTUnwrap(shippedSet.questionnaires.first { $0.question(named: "ma_dai_bieu") != nil })
        let key = try PseudonymKey(base64: PseudonymKey.generate())
        let map = ColumnMap(header: ["submission_id", "ma_dai_bieu", "don_vi"], form: form, layout: .canonical)
        let mask = try XCTUnwrap(PersonalMask(map: map, declared: ["ma_dai_bieu"], key: key))
        let already = key.pseudonym("DB-07")
        // A delegate on several rows, with spaces and in other case; blank cells; a value already a pseudonym.
        let rows = [["s1", "DB-07", "24214"], ["s2", " db-07 ", "24250"], ["s3", "", "24214"], ["s4", "   ", "24214"],
                    ["s5", already, "24214"], ["s6", "DB-07", "24214"], ["s7", "DB-08", "24214"]]
        let memo = PseudonymMemo()
        for row in rows + rows {
            XCTAssertEqual(mask.apply(row, memo: memo), mask.apply(row), "\(row)")
        }
        // The same person under three spellings is one pseudonym; blanks stay as they were.
        XCTAssertEqual(Set([rows[0], rows[1], rows[5]].map { mask.apply($0, memo: memo)[1] }), [already])
        XCTAssertEqual(mask.apply(rows[2], memo: memo)[1], "")
        XCTAssertEqual(mask.apply(rows[3], memo: memo)[1], "   ")
        XCTAssertNotEqual(mask.apply(rows[6], memo: memo)[1], already)
        // Each spelling once: " db-07 " and "DB-07" and "DB-08".
        XCTAssertEqual(memo.known.count, 3)
    }
}
