import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire

/// The fixtures with the dirt real contractor files have, row by row.
final class ContractorFileTests: XCTestCase {
    private static let set = shippedSet

    private func ingest(_ name: String, duplicates: DuplicatePolicy = .latest) -> IngestResult {
        let result = Ingestor(set: Self.set, options: IngestOptions(duplicates: duplicates)).ingest([fixture(name)])
        XCTAssertTrue(result.files.allSatisfy(\.balances), name)
        return result
    }

    func testCommuneDelegatesRateOnlyTheirOwnCommune() {
        let result = ingest("hdnd-xa-canonical.csv")
        XCTAssertEqual(result.accepted.map(\.source.line), [2, 8])
        // Line 8: "xã  XUÂN LỘC " (case, double space, trailing space) is Xã Xuân Lộc.
        XCTAssertEqual(result.accepted.map(\.unitCode), ["22015", "22057"])
        XCTAssertEqual(result.accepted.map(\.group), ["dbhdnd_xa", "dbhdnd_xa"])
        XCTAssertEqual(result.quarantine.map(\.source.line), [3, 4, 5, 6, 7])
        XCTAssertEqual(result.quarantine.map(\.reason), [.ownUnitMissing, .groupNotAllowed, .notOwnUnit, .unitUnknown, .incomplete])
        XCTAssertEqual(result.quarantine.map(\.column), [3, 6, 6, 3, nil])
        // Line 3 left respondent_unit empty: nothing shows 22045 is the delegate's own commune.
        XCTAssertTrue(result.quarantine[0].message.contains("để trống respondent_unit"), result.quarantine[0].message)
        XCTAssertTrue(result.quarantine[2].message.contains("Phường Bình Kiến (22045)"))
        XCTAssertTrue(result.quarantine[2].message.contains("Phường Sông Cầu (22051)"))
        XCTAssertTrue(result.quarantine[3].message.contains("Có phải \"Phường Tuy Hòa\" (22015)"))
        // Line 7 answered only "Không biết" / "Không rõ": 0 of 9 scored questions counted.
        XCTAssertTrue(result.quarantine[4].message.contains("0/9"))
    }

    func testOneFileMixingGroupsTakesEachRowsGroup() {
        let result = ingest("hdnd-tinh-mixed-groups.csv")
        XCTAssertEqual(result.accepted.map(\.source.line), [2, 6])
        XCTAssertEqual(result.accepted.map(\.group), ["dbhdnd_tinh", "dbhdnd_tinh"])  // line 6: blank → the form's group
        // Line 5, a commune delegate in a file without respondent_unit: set aside, at the unit's column.
        XCTAssertEqual(result.quarantine.map(\.reason), [.groupNotAllowed, .groupUnknown, .ownUnitMissing])
        XCTAssertEqual(result.quarantine.map(\.source.line), [3, 4, 5])
        XCTAssertEqual(result.quarantine.map(\.column), [6, 3, 6])
        XCTAssertTrue(result.quarantine[2].message.contains("không có cột respondent_unit"), result.quarantine[2].message)
    }

    func testGoogleGridOfUnitsGivesOneSubmissionPerRatedUnit() throws {
        let result = ingest("hdnd-tinh-google-grid.csv")
        let a = try XCTUnwrap(result.files.first)
        // 3 form rows: 3 + 2 + 3 units rated (the second left Sở Y tế blank) = 8 submissions.
        XCTAssertEqual([a.rows, a.submissions, a.accepted, a.setAside], [3, 8, 7, 1])
        XCTAssertEqual(result.accepted.map { "\($0.source.line) \($0.unitCode)" },
                       ["2 CQ02", "2 CQ07", "2 CQ11", "3 CQ02", "3 CQ07", "4 CQ02", "4 CQ11"])
        let tuPhap = try XCTUnwrap(result.accepted.first { $0.source.line == 2 && $0.unitCode == "CQ07" })
        XCTAssertEqual(tuPhap.answers["c311_1"], .choice("kha"))
        XCTAssertEqual(tuPhap.answers["c312_2"], .choice("khong"))
        XCTAssertEqual(tuPhap.respondent, "DBT-11")
        // "Sở Ngoại vụ" no longer exists (merged in 2025): set aside, never guessed as Sở Nội vụ.
        XCTAssertEqual(result.quarantine.map(\.reason), [.unitUnknown])
        XCTAssertEqual(result.quarantine.first?.source.line, 4)
        XCTAssertTrue(result.quarantine.first?.message.contains("Có phải \"Sở Nội vụ\" (CQ02) không?") ?? false)
    }

    func testWindows1258FileIsReadWithAWarning() {
        let result = ingest("dn-windows-1258.csv")
        XCTAssertEqual(result.accepted.map(\.unitCode), ["CQ07", "22045", "22057", "CQ11"])  // "Sở Y Tế" too
        // Tones were combining marks in Windows-1258; the text comes out precomposed (NFC).
        XCTAssertEqual(result.accepted[0].answers["y_kien"], .text("Cán bộ hướng dẫn tận tình"))
        XCTAssertEqual(result.accepted[0].submittedAt?.timeIntervalSince1970, 1_759_626_000)  // 05/10/2025 08:00 +07
        XCTAssertEqual(result.warnings.count, 1)
        XCTAssertTrue(result.warnings[0].contains("Windows-1258"))
    }

    func testDuplicatePolicyFirstKeepsTheEarlierSubmission() {
        // dn-dirty.csv lines 10 and 11: the same respondent rates Sở Nội vụ at 10:00 and at 11:00.
        XCTAssertEqual(ingest("dn-dirty.csv").accepted.map(\.source.line), [2, 11])
        let first = ingest("dn-dirty.csv", duplicates: .first)
        XCTAssertEqual(first.accepted.map(\.source.line), [2, 10])
        XCTAssertEqual(first.quarantine.last?.source.line, 11)
        XCTAssertEqual(first.quarantine.last?.reason, .superseded)
    }

    /// Every file under Fixtures/unreadable stops with a message naming the file and a line,
    /// and the good file read alongside keeps its results.
    func testUnreadableFilesFailAloneWithFileAndLine() throws {
        let dir = root + "/Fixtures/unreadable"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }.sorted()
        XCTAssertEqual(names, ["dn-tcvn3.csv", "empty.csv", "excel-workbook.csv", "no-questionnaire.csv", "unclosed-quote.csv"])
        let files = names.map { (dir + "/" + $0, $0) } + [fixture("dn-canonical.csv")]
        let result = Ingestor(set: Self.set).ingest(files)
        XCTAssertEqual(result.failures.map(\.file), names)
        for failure in result.failures {
            XCTAssertNotNil(failure.message.firstMatch(of: /^\S+\.csv(:\d+)?/), failure.message)
        }
        XCTAssertEqual(result.accepted.count, 6)
        let messages = Dictionary(uniqueKeysWithValues: result.failures.map { ($0.file, $0.message) })
        XCTAssertTrue(messages["dn-tcvn3.csv"]!.contains("TCVN3"))
        XCTAssertTrue(messages["dn-tcvn3.csv"]!.hasPrefix("dn-tcvn3.csv:2, cột 6"))
        XCTAssertTrue(messages["excel-workbook.csv"]!.contains("Excel"))
        XCTAssertTrue(messages["unclosed-quote.csv"]!.hasPrefix("unclosed-quote.csv:2, cột 18"))
    }

    /// Seeded mutations of real fixtures (bytes dropped, quotes and delimiters inserted, cut short):
    /// each either reads with balanced accounting or fails with a message naming the file.
    func testMutatedFilesNeverCrashAndAlwaysBalance() throws {
        let originals = try ["dn-canonical.csv", "dn-kobo.csv", "dn-google-forms.csv", "dn-dirty.csv"].map {
            try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture($0).path)))
        }
        var rng = SplitMix64(seed: 20_251_114)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<150 {
            var bytes = originals[round % originals.count]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 5 {
                case 0: bytes.insert(UInt8(ascii: "\""), at: at)
                case 1: bytes.insert([UInt8(ascii: ","), UInt8(ascii: ";"), 0x0A][Int(rng.next() % 3)], at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                default: bytes.removeLast(bytes.count - at)
                }
                if bytes.isEmpty { break }
            }
            let url = dir.appendingPathComponent("m\(round).csv")
            try Data(bytes).write(to: url)
            let result = Ingestor(set: Self.set).ingest([(url.path, "m\(round).csv")])
            XCTAssertEqual(result.files.count + result.failures.count, 1, "round \(round)")
            XCTAssertTrue(result.files.allSatisfy(\.balances), "round \(round)")
            for f in result.failures { XCTAssertTrue(f.message.hasPrefix("m\(round).csv"), f.message) }
        }
    }
}

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// docs/officers.md, edge cases: under `duplicates = latest`, only accepted submissions compete. A
/// respondent's later submission that is set aside (here: nothing scored answered) does not
/// replace the earlier one that was accepted.
final class LatestSubmissionTests: XCTestCase {
    func testALaterSubmissionSetAsideDoesNotReplaceTheAcceptedOne() throws {
        let header = "submission_id,submitted_at,respondent_group,ma_dai_bieu,gioi_tinh,don_vi,c311_1,c311_2,c312_1,c312_2,"
            + "c313_1,c313_2,c314_1,c314_2,c314_3,hl_chung,y_kien\n"
        let text = header
            + "a,2025-10-07T08:00:00,dbhdnd_tinh,DBT-50,nam,CQ02,tot,tot,kha,co,kha,tb,tot,khong,kha,hl,\n"
            + "b,2025-10-07T09:00:00,dbhdnd_tinh,DBT-50,nam,CQ02,,,,,,,,,,,gửi lại nhưng bỏ trống\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latest-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        let result = Ingestor(set: shippedSet).ingest([(url.path, "latest.csv")])
        XCTAssertEqual(result.accepted.map(\.id), ["a"])
        XCTAssertEqual(result.quarantine.map(\.submissionId), ["b"])
        XCTAssertNotEqual(result.quarantine.first?.reason, .superseded)
        XCTAssertEqual(result.files.first?.balances, true)
    }
}
