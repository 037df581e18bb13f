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

final class SpilledChunkedArrayTests: XCTestCase {
    func testSpilledChunksReadBackThroughEveryWay() {
        // Nothing kept in memory: each chunk goes to the file as it fills (2 of 10 000 elements'
        // 3 chunks); iterating, a reader, the subscript and a slice all read the same values.
        var chunked = ChunkedArray<Int32>(residentBytes: 0)
        chunked.append(contentsOf: (0..<10_000).map { Int32($0) &* 7 })
        XCTAssertTrue(chunked.hasSpilled)
        XCTAssertNil(chunked.brokenInvariant())
        let expected = (0..<10_000).map { Int32($0) &* 7 }
        XCTAssertTrue(Array(chunked) == expected)
        XCTAssertEqual(chunked[4_095], 4_095 * 7)
        XCTAssertEqual(Array(chunked[4_094..<4_098]), [4_094, 4_095, 4_096, 4_097].map { $0 * 7 })
        // Back and forth over more chunks than a reader keeps.
        let reader = chunked.reader()
        let jumps = (0..<10_000).map { ($0 * 7_919) % 10_000 }
        XCTAssertTrue(jumps.map { reader[$0] } == jumps.map { expected[$0] })
    }

    func testCopiesShareTheFileAndKeepTheirOwnElements() {
        // Two copies go on appending to the same file: each reads back only what it appended.
        var a = ChunkedArray<UInt32>(residentBytes: 0)
        a.append(contentsOf: (0..<5_000).map(UInt32.init))
        var b = a
        a.append(contentsOf: (5_000..<9_000).map(UInt32.init))
        b.append(contentsOf: (0..<4_000).map { UInt32(1_000_000 + $0) })
        XCTAssertTrue(Array(a) == (0..<9_000).map(UInt32.init))
        XCTAssertTrue(Array(b) == (0..<5_000).map(UInt32.init) + (0..<4_000).map { UInt32(1_000_000 + $0) })
        XCTAssertNil(a.brokenInvariant())
        XCTAssertNil(b.brokenInvariant())
    }

    func testABudgetKeepsTheFirstChunksInMemory() {
        // 64 KiB of Int32 is four chunks of 4 096: those stay; the fifth goes to the file when the
        // sixth begins.
        var chunked = ChunkedArray<Int32>(residentBytes: 64 << 10)
        chunked.append(contentsOf: (0..<(5 * 4_096)).map(Int32.init))
        XCTAssertFalse(chunked.hasSpilled)
        chunked.append(-1)
        XCTAssertTrue(chunked.hasSpilled)
        XCTAssertNil(chunked.brokenInvariant())
        XCTAssertTrue(Array(chunked) == (0..<(5 * 4_096)).map(Int32.init) + [-1])
    }
}
