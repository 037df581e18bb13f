import Foundation
import XCTest
@testable import KhaoSatQuestionnaire

final class MatchKeyTests: XCTestCase {
    func testOldAndNewTonePlacementCaseSpacingAndNFDMatch() {
        XCTAssertEqual(MatchKey.of("Phường Tuy Hòa"), MatchKey.of("phường  tuy hoà"))
        XCTAssertEqual(MatchKey.of("Xã Thủy"), MatchKey.of("XÃ THUỶ"))
        XCTAssertEqual(MatchKey.of("Tuy Ho\u{300}a"), MatchKey.of("Tuy Hòa"))
        XCTAssertEqual(MatchKey.of("Ea H’leo"), MatchKey.of("Ea H'leo"))
    }

    func testDifferentTonesStayDifferent() {
        XCTAssertNotEqual(MatchKey.of("Hòa"), MatchKey.of("Hóa"))
        XCTAssertNotEqual(MatchKey.of("Hòa"), MatchKey.of("Hoa"))
    }

    func testAdministrativePrefixesAreDropped() {
        let key = MatchKey.withoutPrefixes("Xã Ea Kar")
        XCTAssertEqual(MatchKey.withoutPrefixes("UBND xã Ea Kar"), key)
        XCTAssertEqual(MatchKey.withoutPrefixes("Ủy ban nhân dân xã Ea Kar"), key)
        XCTAssertEqual(MatchKey.withoutPrefixes("Uỷ ban nhân dân xã Ea Kar"), key)
        XCTAssertEqual(MatchKey.withoutPrefixes("Sở Nội vụ"), MatchKey.of("nội vụ"))
        XCTAssertEqual(MatchKey.folded("Xã Đắk Liêng"), "dak lieng")
    }
}

final class DecimalsTests: XCTestCase {
    func testRoundsHalfUpToTwoDecimals() {
        XCTAssertEqual(Decimals.format(Decimal(string: "2.675")!), "2.68")
        XCTAssertEqual(Decimals.format(Decimal(string: "2.665")!), "2.67")
        XCTAssertEqual(Decimals.format(Decimal(string: "0.005")!), "0.01")
        XCTAssertEqual(Decimals.format(Decimal(string: "0.00499")!), "0.00")
        XCTAssertEqual(Decimals.format(12), "12.00")
        XCTAssertEqual(Decimals.format(Decimal(string: "1.5")!), "1.50")
        XCTAssertEqual(Decimals.format(Decimal(string: "-2.675")!), "-2.68")
    }

    func testParsesDecimalCommaAndRejectsText() {
        XCTAssertEqual(Decimals.parse("3,5"), Decimal(string: "3.5"))
        XCTAssertEqual(Decimals.parse(" 1.25 "), Decimal(string: "1.25"))
        XCTAssertNil(Decimals.parse("abc"))
        XCTAssertNil(Decimals.parse("1.2.3"))
        XCTAssertNil(Decimals.parse(""))
    }
}
