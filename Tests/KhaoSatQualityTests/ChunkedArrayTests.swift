import XCTest
@testable import KhaoSatQuality

final class ChunkedArrayTests: XCTestCase {
    func testReadsBackWhatWasAppendedAcrossChunks() {
        // 10 000 elements: two full chunks of 4 096 and a third of 1 808, appended one at a time
        // and as a sequence; every one reads back at its place, and slices cross the boundaries.
        var chunked = ChunkedArray<Int32>()
        XCTAssertTrue(chunked.isEmpty)
        for n in 0..<4_000 { chunked.append(Int32(n) &* 7) }
        chunked.append(contentsOf: (4_000..<10_000).map { Int32($0) &* 7 })
        XCTAssertEqual(chunked.count, 10_000)
        XCTAssertEqual(Array(chunked), (0..<10_000).map { Int32($0) &* 7 })
        XCTAssertEqual(chunked[4_095], 4_095 * 7)
        XCTAssertEqual(chunked[4_096], 4_096 * 7)
        XCTAssertEqual(Array(chunked[4_094..<4_098]), [4_094, 4_095, 4_096, 4_097].map { $0 * 7 })
        XCTAssertEqual(chunked.last, 9_999 * 7)
        XCTAssertNil(chunked.brokenInvariant())
    }
}
