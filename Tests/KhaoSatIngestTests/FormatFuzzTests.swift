import Foundation
import KhaoSatTestSupport
import XCTest
import ZIPFoundation
@testable import KhaoSatIngest

/// A seeded mutation fuzzer over the readers of issue 13: SPSS files (ReadStat), workbooks (the
/// sheet and shared strings XML mutated inside a valid ZIP, so the XML scanner sees them) and
/// ODK zips. Whatever the bytes, the run must end with the file read or refused, never a crash,
/// and its rows must add up. Rounds: `KHAOSAT_FUZZ_ROUNDS` (default 60 per format; CI runs more).
final class FormatFuzzTests: XCTestCase {
    private let rounds = Int(ProcessInfo.processInfo.environment["KHAOSAT_FUZZ_ROUNDS"] ?? "") ?? 60
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-format-fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    private func mutate(_ original: [UInt8], _ rng: inout SplitMix64, alphabet: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<(1 + Int(rng.next() % 6)) {
            guard !bytes.isEmpty else { break }
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 5 {
            case 0: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
            case 1: bytes.remove(at: at)
            case 2: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 40)], at: at)
            default: bytes.removeLast(bytes.count - at)
            }
        }
        return bytes
    }

    private func check(_ url: URL, _ round: Int) {
        let result = Ingestor(set: shippedSet).ingest([(url.path, url.lastPathComponent)])
        XCTAssertEqual(result.files.count + result.failures.count, 1, "round \(round)")
        XCTAssertTrue(result.files.allSatisfy(\.balances), "round \(round)")
        for f in result.failures { XCTAssertTrue(f.message.hasPrefix(url.lastPathComponent), f.message) }
    }

    func testMutatedSPSSFilesNeverCrash() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/layouts/dn-spss.sav"))))
        var rng = SplitMix64(seed: 2_025_111_401)
        for round in 0..<rounds {
            let url = dir.appendingPathComponent("m\(round).sav")
            try Data(mutate(original, &rng, alphabet: [0, 0xFF, 0x20, 0x24])).write(to: url)
            check(url, round)
        }
    }

    func testWorkbooksWithMutatedXMLNeverCrash() throws {
        let source = try Archive(url: URL(fileURLWithPath: repoPath("Fixtures/layouts/dn-kobo.xlsx")), accessMode: .read)
        var parts: [(String, [UInt8])] = []
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            parts.append((entry.path, [UInt8](data)))
        }
        var rng = SplitMix64(seed: 2_025_111_402)
        let alphabet = Array("<>&\"'/=;#x0123456789".utf8)
        for round in 0..<rounds {
            let url = dir.appendingPathComponent("m\(round).xlsx")
            let archive = try Archive(url: url, accessMode: .create)
            for (path, bytes) in parts {
                let mutated = path.hasSuffix("sheet1.xml") || path.hasSuffix("sharedStrings.xml") || path.hasSuffix("workbook.xml")
                    ? mutate(bytes, &rng, alphabet: alphabet) : bytes
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(mutated.count), compressionMethod: .deflate) {
                    position, size in Data(mutated[Int(position)..<Int(position) + size])
                }
            }
            check(url, round)
        }
    }

    /// Byte-level damage to an ODK download and to a workbook: every one is read or refused,
    /// none waits forever (ZIPFoundation's inflate did, before `ZipArchive`).
    func testMutatedZipsNeverCrash() throws {
        for (fixture, seed) in [("Fixtures/exports/odk-export.csv.zip", 2_025_111_403), ("Fixtures/layouts/dn-kobo.xlsx", 2_025_112_701)] {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repoPath(fixture))))
            var rng = SplitMix64(seed: UInt64(seed))
            for round in 0..<rounds {
                let url = dir.appendingPathComponent("m\(round)" + (fixture.hasSuffix(".zip") ? ".zip" : ".xlsx"))
                try Data(mutate(original, &rng, alphabet: [0x50, 0x4B, 0x03, 0x04, 0])).write(to: url)
                check(url, round)
            }
        }
    }
}

extension FormatFuzzTests {
    /// Found by the fuzzer: an entry claiming more compressed bytes than the file holds made the
    /// read wait forever. It is refused before inflating.
    func testAZipEntryLargerThanItsFileIsRefusedNotWaitedFor() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/exports/odk-export.csv.zip"))))
        // Each central directory header (PK\1\2) has the compressed size 20 bytes in.
        for i in 0..<(bytes.count - 24) where bytes[i..<i + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            bytes.replaceSubrange(i + 20..<i + 24, with: [0xFF, 0xFF, 0xFF, 0x7F])
        }
        let url = dir.appendingPathComponent("huge.zip")
        try Data(bytes).write(to: url)
        let result = Ingestor(set: shippedSet).ingest([(url.path, "huge.zip")])
        XCTAssertEqual(result.failures.count, 1)
        XCTAssertTrue(result.failures[0].message.contains("nhiều hơn cả tệp"), result.failures[0].message)
    }
}
