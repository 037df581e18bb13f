import Foundation
import KhaoSatCSV
import KhaoSatTestSupport
import XCTest

/// The legacy-font detector measured on `Fixtures/encoding-corpus` (made by
/// `Fixtures/tools/encoding_corpus.py`): Vietnamese in Unicode, the same lines in TCVN3 and VNI,
/// and other languages. The README quotes the figures this prints.
final class LegacyFontCorpusTests: XCTestCase {
    private func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: repoPath("Fixtures/encoding-corpus/" + name), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// The raw bytes of a line typed in a legacy font, as a non-UTF-8 CSV field holds them.
    private func latin1Bytes(_ line: String) -> [UInt8] { line.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

    func testNoUnicodeTextIsRefusedAndLegacyLinesAreCaught() throws {
        let vietnamese = try lines("vietnamese.txt"), other = try lines("other.txt")
        let tcvn3 = try lines("tcvn3.txt"), vni = try lines("vni.txt")
        XCTAssertGreaterThanOrEqual(vietnamese.count, 2000)
        XCTAssertGreaterThanOrEqual(other.count, 2000)

        let falseVietnamese = vietnamese.filter { LegacyFont.classify($0) != nil }
        let falseOther = other.filter { LegacyFont.classify($0) != nil }
        XCTAssertEqual(falseVietnamese, [], "Unicode Vietnamese taken for a legacy font")
        XCTAssertEqual(falseOther, [], "other languages taken for a legacy font")

        // Lines without a toned letter are the same in every encoding: they cannot be told apart.
        let pairs = zip(vietnamese, zip(tcvn3, vni)).filter { $0.0 != $0.1.0 }
        let caughtTCVN3 = pairs.filter { LegacyFont.classify($0.1.0) == .tcvn3 }.count
        let caughtVNI = pairs.filter { LegacyFont.classify($0.1.1) == .vni }.count
        // Saved by Excel's plain "CSV": the same lines arrive as bytes that are not UTF-8.
        let caughtRaw = pairs.filter { pair in
            let bytes = latin1Bytes(pair.1.0)
            return (try? CSVReader(bytes: Array("a\n".utf8) + bytes.map { $0 == 0x2C ? 0x3B : $0 } + [0x0A], name: "t.csv")
                .forEachRecord { _ in }) == nil
        }.count
        let legacyCount = Double(pairs.count)
        print(String(format: "legacy-font corpus: %d Unicode Vietnamese + %d other lines, false refusals %d; "
            + "%d legacy lines: TCVN3 caught %.2f %%, VNI caught %.2f %%, TCVN3 as raw bytes refused %.2f %%",
            vietnamese.count, other.count, falseVietnamese.count + falseOther.count, pairs.count,
            100 * Double(caughtTCVN3) / legacyCount, 100 * Double(caughtVNI) / legacyCount, 100 * Double(caughtRaw) / legacyCount))
        XCTAssertGreaterThanOrEqual(Double(caughtTCVN3) / legacyCount, 0.99)
        XCTAssertGreaterThanOrEqual(Double(caughtVNI) / legacyCount, 0.99)
    }
}
