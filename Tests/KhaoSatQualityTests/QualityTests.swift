import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatIngest
import KhaoSatExport
import KhaoSatPipeline
@testable import KhaoSatQuality
@testable import KhaoSatQuestionnaire

/// Fixtures/quality (made by Fixtures/tools/quality_fixtures.py): a clean fieldwork file, and the
/// same with planted fabrication. The checks must find every planted kind and nothing in the clean file.
final class QualityCheckTests: XCTestCase {
    func report(_ name: String, set: QuestionnaireSet = shippedSet) -> QualityReport {
        var collector = QualityCollector(set: set)
        let result = Ingestor(set: set).ingest([(repoPath("Fixtures/quality/" + name), name)], into: &collector,
                                               makeSink: { QualityCollector(set: set) })
        XCTAssertEqual(result.failures.map(\.message), [])
        return QualityChecks(set: set).run(collector)
    }

    func testTheCleanFileRaisesNoFlag() {
        let r = report("clean.csv")
        XCTAssertEqual(r.submissions, 240)
        XCTAssertEqual(r.findings.map(\.flag), [])
        // Every interviewer and device is counted: 8 each.
        XCTAssertEqual(r.stats.filter { $0.kind == .interviewer }.map(\.code), (1...8).map { String(format: "DTV%02d", $0) })
        XCTAssertEqual(r.stats.filter { $0.kind == .device }.count, 8)
    }

    func testEveryPlantedFabricationIsFound() {
        let r = report("planted.csv")
        func ids(_ flag: QualityFlag) -> Set<String> { Set(r.findings.filter { $0.flag == flag }.map(\.submissionId)) }
        // The desk batch: 2 minutes against a median of about 28.
        XCTAssertEqual(ids(.speeding), Set((1...12).map { String(format: "p-desk%02d", $0) }))
        // The copied interview and its 20 copies (each one answer apart from the original).
        XCTAssertEqual(ids(.nearDuplicate), Set((0...20).map { String(format: "p-copy%02d", $0) }))
        let copy = r.findings.first { $0.flag == .nearDuplicate && $0.submissionId == "p-copy01" }!
        XCTAssertTrue(copy.evidence.contains("planted.csv:"), copy.evidence)
        // 22:00, 23:00, 23:00, 0:00, 2:00 and 3:00 starts.
        XCTAssertEqual(ids(.night), Set((1...6).map { "p-night\($0)" }))
        // DTV10: 40 of commune 24133's 50 responses.
        let concentration = r.findings.filter { $0.flag == .concentration }
        XCTAssertEqual(concentration.map { [$0.interviewer, $0.unit] }, [["DTV10", "24133"]])
        XCTAssertTrue(concentration[0].evidence.hasPrefix("40/50 phiếu (80 %)"), concentration[0].evidence)
        // The copier's answers differ from everyone else's; no other interviewer's do.
        XCTAssertEqual(Set(r.findings.filter { $0.flag == .distribution }.map(\.interviewer)), ["DTV08"])
        XCTAssertEqual(Set(r.findings.map(\.flag)), [.speeding, .nearDuplicate, .night, .concentration, .distribution])
        let desk = r.stats.first { $0.kind == .interviewer && $0.code == "DTV09" }!
        XCTAssertEqual([desk.submissions, desk.days, desk.maxPerDay, desk.flagged], [12, 1, 12, 12])
        XCTAssertEqual(desk.medianMinutes, 2)
    }

    func testThePeriodAndTheThresholdsComeFromTheSet() {
        var set = shippedSet
        set.settings.quality.surveyStart = CivilDate("2025-10-01")
        set.settings.quality.surveyEnd = CivilDate("2025-10-20")
        set.settings.quality.nightFrom = 23
        set.settings.quality.nightTo = 1
        let r = report("planted.csv", set: set)
        // Interviews from 21 to 31 October fall outside; only the 23:00 and 0:00 starts are night now.
        let outside = r.findings.filter { $0.flag == .outOfPeriod }
        XCTAssertFalse(outside.isEmpty)
        XCTAssertTrue(outside.allSatisfy { $0.evidence.contains("ngoài thời gian khảo sát 2025-10-01 – 2025-10-20") })
        XCTAssertEqual(Set(r.findings.filter { $0.flag == .night }.map(\.submissionId)), ["p-night2", "p-night3", "p-night4"])
        XCTAssertFalse(r.notChecked.contains { $0.contains("OUT_OF_PERIOD") })
    }

    func testAFileWithoutMetadataSaysWhatWasNotChecked() {
        let name = "dn-dirty.csv"
        var collector = QualityCollector(set: shippedSet)
        _ = Ingestor(set: shippedSet).ingest([(repoPath("Fixtures/responses/" + name), name)], into: &collector,
                                             makeSink: { QualityCollector(set: shippedSet) })
        let r = QualityChecks(set: shippedSet).run(collector)
        XCTAssertTrue(r.notChecked.contains {
            $0 == "dn-dirty.csv: không có cột start, end, ma_dtv, deviceid: không kiểm tra SPEEDING, LONG_GAP, "
                + "NEGATIVE_DURATION, NIGHT, OUT_OF_PERIOD, CONCENTRATION, DISTRIBUTION."
        }, "\(r.notChecked)")
    }

    func testConvertExcludesFlaggedSubmissionsOnlyWhenAsked() throws {
        let inputs = [(repoPath("Fixtures/quality/planted.csv"), "planted.csv")]
        let plain = try ConversionRun(set: shippedSet, inputs: inputs, options: IngestOptions(), runTime: nil)
        let strict = try ConversionRun(set: shippedSet, inputs: inputs, options: IngestOptions(), runTime: nil,
                                       excluding: Exclusion(flags: [.speeding, .nearDuplicate]))
        // The same flags either way; 12 + 21 submissions leave the tally and are set aside.
        XCTAssertEqual(plain.quality.findings, strict.quality.findings)
        XCTAssertEqual(plain.ingest.total.accepted - strict.ingest.total.accepted, 33)
        XCTAssertTrue(strict.ingest.files.allSatisfy(\.balances))
        let excluded = strict.ingest.quarantine.filter { $0.reason == .qualityExcluded }
        XCTAssertEqual(excluded.count, 33)
        // Set aside after reading, their raw rows are read back when quarantine.csv is written.
        let quarantine = try CSVRecords(bytes: XCTUnwrap(strict.files.first { $0.name == "quarantine.csv" }).bytes, name: "quarantine.csv")
        let rows = quarantine.rows(where: "reason", is: "QUALITY_EXCLUDED")
        XCTAssertEqual(rows.count, 33)
        XCTAssertTrue(rows.allSatisfy { $0["raw_row"]!.hasPrefix("p-") }, "\(rows.map { $0["raw_row"]! })")
        XCTAssertTrue(excluded.first { $0.submissionId == "p-desk01" }!.message.contains("SPEEDING"))
        // CQ07 loses the desk batch, CQ02 the copies; the others keep their respondents.
        func respondents(_ run: ConversionRun, _ code: String) -> Int { run.units.first { $0.code == code }!.respondents }
        XCTAssertEqual(respondents(plain, "CQ07") - respondents(strict, "CQ07"), 12)
        XCTAssertEqual(respondents(plain, "CQ02") - respondents(strict, "CQ02"), 21)
        XCTAssertEqual(respondents(plain, "22015"), respondents(strict, "22015"))
        // Taking them back out of the tally is the same as never reading them.
        let kept = try String(contentsOfFile: inputs[0].0, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("p-desk") && !$0.hasPrefix("p-copy") }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-kept-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try kept.write(to: file, atomically: true, encoding: .utf8)
        let without = try ConversionRun(set: shippedSet, inputs: [(file.path, "planted.csv")], options: IngestOptions(), runTime: nil)
        XCTAssertEqual(without.units.map(\.points), strict.units.map(\.points))
        XCTAssertEqual(without.units.map(\.subcriteria), strict.units.map(\.subcriteria))
        // The manifest says what was excluded.
        let json = try XCTUnwrap(strict.files.first { $0.name == "content3.json" }).bytes
        let summary = try XCTUnwrap(try JSONDecoder().decode(Content3Document.self, from: Data(json)).manifest.quality)
        XCTAssertEqual(summary.excludedFlags, ["NEAR_DUPLICATE", "SPEEDING"])
        XCTAssertEqual(summary.excluded, 33)
    }

    /// ma_dtv is required of the forms: a blank cell in its column sets the row aside; a file
    /// without the column is still read (its checks say they did not run).
    func testTheInterviewerCodeIsRequiredWhereItsColumnIs() throws {
        var lines = try String(contentsOfFile: repoPath("Fixtures/quality/clean.csv"), encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        XCTAssertEqual(fields[5], "DTV01")
        fields[5] = ""  // ma_dtv, column 6
        lines[1] = fields.joined(separator: ",")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-dtv-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try lines.prefix(4).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = Ingestor(set: shippedSet).ingest([(file.path, "dtv.csv")])
        XCTAssertEqual(result.quarantine.map(\.reason), [.requiredMissing])
        XCTAssertEqual(result.quarantine.first?.column, 6)
        XCTAssertEqual(result.total.accepted, 2)
    }

    func testTheFlagListIsCheckedInVietnamese() {
        XCTAssertEqual(try QualityFlag.parseList("speeding, NEAR_DUPLICATE").get(), [.speeding, .nearDuplicate])
        guard case .failure(let e) = QualityFlag.parseList("SPEEDING,CONCENTRATION") else { return XCTFail() }
        XCTAssertTrue(e.description.hasPrefix("--exclude-flags không có cờ \"CONCENTRATION\""), e.description)
    }

    /// Against values from a table: χ² = 3.84 with 1 df is p = 0.05; 10.83 is p = 0.001.
    func testChiSquarePValues() {
        XCTAssertEqual(ChiSquare.upperGamma(0.5, 3.841 / 2), 0.05, accuracy: 0.0005)
        XCTAssertEqual(ChiSquare.upperGamma(0.5, 10.828 / 2), 0.001, accuracy: 0.00002)
        XCTAssertEqual(ChiSquare.upperGamma(2, 9.488 / 2), 0.05, accuracy: 0.0005)  // 4 df
        // 2×2: 30/10 against 10/30 → χ² = 20, p ≈ 7.7e-6; equal rows → p = 1.
        XCTAssertEqual(ChiSquare.pValue([[30, 10], [10, 30]])!, 7.74e-6, accuracy: 1e-7)
        XCTAssertEqual(ChiSquare.pValue([[20, 20], [20, 20]])!, 1, accuracy: 1e-9)
        // Expected counts under 5: the rare columns are pooled, or no test.
        XCTAssertNil(ChiSquare.pValue([[3, 1], [2, 2]]))
    }
}

final class CodeBufferTests: XCTestCase {
    func testCodesReadBackTheSameNarrowWideAndMerged() {
        var a = CodeBuffer(), b = CodeBuffer(), c = CodeBuffer()
        a.append(contentsOf: [0, 1, 255])
        b.append(contentsOf: [3, 4])
        b.append(contentsOf: [256, -1])  // a select_multiple's bits + 1, and a code past one byte
        c.append(contentsOf: [7])
        XCTAssertEqual((0..<b.count).map { b[$0] }, [3, 4, 256, -1])
        var merged = a
        merged.append(contentsOf: c)      // narrow + narrow
        XCTAssertEqual((0..<merged.count).map { merged[$0] }, [0, 1, 255, 7])
        merged.append(contentsOf: b)      // narrow + wide
        c.append(contentsOf: a)
        XCTAssertEqual((0..<merged.count).map { merged[$0] }, [0, 1, 255, 7, 3, 4, 256, -1])
        b.append(contentsOf: c)           // wide + narrow
        XCTAssertEqual((0..<b.count).map { b[$0] }, [3, 4, 256, -1, 7, 0, 1, 255])
        for buffer in [a, b, c, merged] { XCTAssertNil(buffer.brokenInvariant()) }
    }

    func testWideningPastSeveralChunksKeepsEveryCode() {
        // 9 000 one-byte codes (three chunks of bytes), then one that needs four: all 9 001 read back.
        var buffer = CodeBuffer()
        let narrow = (0..<9_000).map { Int32($0 % 251) }
        buffer.append(contentsOf: narrow)
        buffer.append(contentsOf: [1 << 20])
        XCTAssertEqual((0..<buffer.count).map { buffer[$0] }, narrow + [1 << 20])
        XCTAssertNil(buffer.brokenInvariant())
    }
}

final class QualitySpillTests: XCTestCase {
    /// planted.csv's submissions 20 times over (ids and file names changed, every other copy
    /// merged from its own collector): past a chunk of records, so everything spills when nothing
    /// may stay in memory. Read back from the file, with the near-duplicates' answers gathered a
    /// group per pass, the checks find what they find with everything in memory.
    func testTheChecksFindTheSameInASpilledRun() {
        let accepted = Ingestor(set: shippedSet).ingest([(repoPath("Fixtures/quality/planted.csv"), "planted.csv")]).accepted
        var inMemory = QualityCollector(set: shippedSet, residentBytes: nil)
        var spilled = QualityCollector(set: shippedSet, residentBytes: 0)
        for copy in 0..<20 {
            var part = QualityCollector(set: shippedSet, residentBytes: 0)
            for var s in accepted {
                s.id += "-\(copy)"
                s.source.file = "copy\(copy).csv"
                inMemory.add(s)
                if copy.isMultiple(of: 2) { spilled.add(s) } else { part.add(s) }
            }
            if !copy.isMultiple(of: 2) { spilled.merge(part) }
        }
        XCTAssertGreaterThan(spilled.records.count, 4_096)
        XCTAssertTrue(spilled.records.hasSpilled)
        XCTAssertFalse(inMemory.records.hasSpilled)
        var checks = QualityChecks(set: shippedSet)
        let expected = checks.run(inMemory)
        checks.nearDuplicateBytes = 1
        let got = checks.run(spilled)
        XCTAssertEqual(expected.submissions, 20 * accepted.count)
        // Each copy is a near-duplicate of the 19 others, and the planted kinds are still there.
        XCTAssertEqual(expected.findings.filter { $0.flag == .nearDuplicate }.count, expected.submissions)
        XCTAssertTrue(Set(expected.findings.map(\.flag)).isSuperset(of: [.speeding, .night, .concentration]))
        XCTAssertEqual(got.findings, expected.findings)
        XCTAssertEqual(got.stats, expected.stats)
        XCTAssertEqual(got.notChecked, expected.notChecked)
        XCTAssertEqual([got.submissions, got.flaggedSubmissions], [expected.submissions, expected.flaggedSubmissions])
        // What the exclusions and the bootstrap read back.
        let (a, b) = (inMemory.reader(), spilled.reader())
        for i in stride(from: 0, to: a.count, by: 97) {
            XCTAssertEqual(b.submission(at: i), a.submission(at: i))
            XCTAssertEqual(b.key(at: i), a.key(at: i))
        }
    }
}
