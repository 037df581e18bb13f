import Foundation
import KhaoSatCSV
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire



final class IngestTests: XCTestCase {
    private static let set = shippedSet

    private func ingest(_ files: [(path: String, name: String)], layout: Layout? = nil) -> IngestResult {
        Ingestor(set: Self.set, options: IngestOptions(layout: layout)).ingest(files)
    }

    func testTheSameResponsesInFourLayoutsGiveIdenticalSubmissions() {
        let layouts: [(String, Layout)] = [("dn-canonical.csv", .canonical), ("dn-kobo.csv", .kobo),
                                           ("dn-odk.csv", .odk), ("dn-google-forms.csv", .googleForms)]
        var contents: [[String]] = []
        for (file, layout) in layouts {
            let result = ingest([fixture(file)])
            XCTAssertEqual(result.failures, [], file)
            XCTAssertEqual(result.files.map(\.layout), [layout], file)
            XCTAssertEqual(result.accepted.count, 6, file)
            // Everything but ids, sources and the tools' own metadata (start, end) must agree.
            contents.append(result.accepted.map { s in
                let answers = s.answers.filter { !["start", "end"].contains($0.key) }.sorted { $0.key < $1.key }
                return "\(s.unitCode) \(s.respondent ?? "-") \(answers)"
            })
        }
        for (i, c) in contents.enumerated().dropFirst() { XCTAssertEqual(c, contents[0], layouts[i].0) }
        let first = ingest([fixture("dn-google-forms.csv")]).accepted[0]
        XCTAssertEqual(first.unitCode, "CQ02")  // "UBND Sở Nội vụ"
        XCTAssertEqual(first.answers["c321_2"], .choices(["quy_trinh", "ho_so"]))  // "A, B" joined labels
        XCTAssertEqual(first.answers["y_kien"], .text("Thủ tục nhanh, cán bộ nhiệt tình"))
    }

    func testDirtyFileRowByRow() throws {
        let result = ingest([fixture("dn-dirty.csv")])
        XCTAssertEqual(result.accepted.map(\.source.line), [2, 11])
        XCTAssertEqual(result.accepted[0].unitCode, "22015")  // NFD "Tuy Hoà" with trailing spaces
        XCTAssertEqual(result.quarantine.map(\.source.line), [3, 4, 5, 7, 8, 9, 10])
        XCTAssertEqual(result.quarantine.map(\.reason), [.unitUnknown, .unknownChoice, .incomplete, .notANumber,
                                                         .outOfRange, .requiredMissing, .superseded])
        XCTAssertEqual(result.quarantine.map(\.column), [6, 8, nil, 5, 5, 17, nil])
        XCTAssertTrue(result.quarantine[0].message.contains("Có phải \"Phường Tuy Hòa\" (22015)"))
        // Superseded once the file was read: its raw row is read back as quarantine.csv is written.
        let written = try CSVRecords(bytes: QuarantineWriter(result, inputs: [fixture("dn-dirty.csv")], options: IngestOptions())
            .bytes(result.quarantine), name: "quarantine.csv")
        XCTAssertEqual(written.rows.last?["raw_row"]?.hasPrefix("d8,"), true, "\(written.rows.last ?? [:])")
        // And so is it in the JSON report.
        let report = try ValidationReport.document(json: ValidationReport.json(
            result, rawRows: QuarantineWriter(result, inputs: [fixture("dn-dirty.csv")], options: IngestOptions())))
        XCTAssertEqual(report.quarantine.last?.rawRow.first, "d8")
        let a = result.files[0]
        XCTAssertEqual([a.rows, a.accepted, a.setAside, a.duplicates], [10, 2, 7, 1])  // line 6 repeats d1
        XCTAssertTrue(a.balances)
    }

    func testAccountingAddsUpForEveryFixtureAndDuplicatedFilesChangeNothing() throws {
        let names = try ["responses", "layouts"].flatMap {
            try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/" + $0)
        }.filter { $0.hasSuffix(".csv") }.sorted()
        for name in names {
            let result = ingest([fixture(name)])
            XCTAssertTrue(result.files.allSatisfy(\.balances), name)
        }
        let once = ingest([fixture("dn-kobo.csv")])
        let twice = ingest([fixture("dn-kobo.csv"), (fixture("dn-kobo.csv").path, "copy-of-dn-kobo.csv")])
        XCTAssertEqual(twice.accepted.map(\.id), once.accepted.map(\.id))
        XCTAssertEqual(twice.accepted.map(\.answers), once.accepted.map(\.answers))
        // Files are taken in name order, so the copy is read first and the original is all duplicates.
        XCTAssertEqual(twice.files.map(\.file), ["copy-of-dn-kobo.csv", "dn-kobo.csv"])
        XCTAssertEqual(twice.files.map(\.duplicates), [0, 6])
    }

    func testAHeaderThatMatchesNoQuestionnaireFailsThatFileOnly() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("a,b,c\n1,2,3\n".utf8).write(to: url)
        let result = ingest([(url.path, "la.csv"), fixture("dn-canonical.csv")])
        XCTAssertEqual(result.failures.map(\.file), ["la.csv"])
        XCTAssertEqual(result.accepted.count, 6)
    }
}

final class UnitResolverTests: XCTestCase {
    func testResolvesCodesNamesAndSpellingsButNeverGuesses() throws {
        let set = shippedSet
        let resolver = UnitResolver(registry: set.units)
        for text in ["22015", "Phường Tuy Hòa", "UBND phường Tuy Hoà", "Ủy ban nhân dân Phường TUY HÒA"] {
            XCTAssertEqual(resolver.resolve(text), .unit(set.units["22015"]!), text)
        }
        XCTAssertEqual(resolver.resolve("Sở GD&ĐT"), .unit(set.units["CQ03"]!))
        XCTAssertEqual(resolver.resolve("Xã Ea H'leo"), .unit(set.units["24184"]!))
        guard case .unknown(let suggestions) = resolver.resolve("Ea Hleo") else { return XCTFail() }
        XCTAssertEqual(suggestions.first?.code, "24184")
    }
}

final class ReviewAndQuarantineTests: XCTestCase {
    func testRejectedReviewIsSetAsideAndTheQuarantineFileReadsBack() throws {
        let set = shippedSet
        let result = Ingestor(set: set).ingest([fixture("dn-kobo-review.csv")])
        XCTAssertEqual(result.quarantine.map(\.reason), [.reviewRejected])
        XCTAssertEqual(result.quarantine.first?.source.line, 2)
        XCTAssertEqual(result.accepted.count, 5)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-q-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try QuarantineWriter().write(result.quarantine, toFile: url.path)
        XCTAssertEqual(try CSVReader(path: url.path).readAll().summary.encoding, .utf8WithBOM)
        let file = try CSVRecords(path: url.path)
        XCTAssertEqual(file.header, ["file", "line", "column", "submission_id", "unit", "reason", "message", "raw_row"])
        let row = try XCTUnwrap(file.rows.first)
        XCTAssertEqual(file.rows.count, 1)
        XCTAssertEqual(["file", "line", "column", "submission_id", "unit", "reason"].map { row[$0] },
                       ["dn-kobo-review.csv", "2", "28", "r1", "CQ02", "REVIEW_REJECTED"])  // column 28: _validation_status
        XCTAssertTrue(row["raw_row"]!.hasPrefix("2025-10-01T08:00:00,2025-10-01T08:00:00,cong_dan,"))
    }
}

final class TimestampTests: XCTestCase {
    func testTheToolsTimeFormats() {
        // 2025-10-01 08:00:00 in Vietnam (UTC+7) is 01:00:00 UTC = 1759280400.
        let t: TimeInterval = 1_759_280_400
        for text in ["2025-10-01T08:00:00", "2025-10-01 08:00:00", "01/10/2025 08:00:00", "2025-10-01T01:00:00Z",
                     "2025-10-01T01:00:00.000Z", "2025-10-01T08:00:00+07:00", "2025/10/01 8:00:00 AM GMT+7",
                     "2025-10-01T03:00:00.000+02:00"] {
            XCTAssertEqual(Timestamps.parse(text)?.timeIntervalSince1970, t, text)
        }
        XCTAssertEqual(Timestamps.parse("2025/10/01 8:00:00 PM GMT+7")?.timeIntervalSince1970, t + 12 * 3600)
        XCTAssertEqual(Timestamps.parse("2025/10/01 12:30:00 AM GMT+7")?.timeIntervalSince1970, t - 7.5 * 3600)
        XCTAssertEqual(Timestamps.parse("2025-10-01T08:00:00.5")?.timeIntervalSince1970, t + 0.5)
        XCTAssertEqual(Timestamps.parse("2024-02-29 00:00:00")?.timeIntervalSince1970, 1_709_139_600)  // leap day
        for bad in ["", "hôm qua", "2025-13-01 08:00:00", "2025-10-01", "2025-10-01T08:00:00 thừa"] {
            XCTAssertNil(Timestamps.parse(bad), bad)
        }
    }
}

/// Contractor files delivered as Excel workbooks (Fixtures/tools/response_workbooks.py made them
/// from the CSV layouts of the same six responses).
final class WorkbookResponseTests: XCTestCase {
    private func ingest(_ path: String, name: String? = nil, sheet: String? = nil) -> IngestResult {
        Ingestor(set: shippedSet, options: IngestOptions(sheet: sheet)).ingest([(path, name ?? URL(fileURLWithPath: path).lastPathComponent)])
    }

    private func contents(_ result: IngestResult) -> [String] {
        result.accepted.map { s in
            let answers = s.answers.filter { !["start", "end"].contains($0.key) }.sorted { $0.key < $1.key }
            return "\(s.unitCode) \(s.respondent ?? "-") \(s.submittedAt.map { "\($0.timeIntervalSince1970)" } ?? "-") \(answers)"
        }
    }

    func testWorkbooksGiveTheSameSubmissionsAsTheirCSV() {
        for (name, layout) in [("dn-canonical", Layout.canonical), ("dn-kobo", .kobo), ("dn-google-forms", .googleForms)] {
            let csv = ingest(fixture(name + ".csv").path), xlsx = ingest(repoPath("Fixtures/layouts/" + name + ".xlsx"))
            XCTAssertEqual(xlsx.failures, [], name)
            XCTAssertEqual(xlsx.files.map(\.layout), [layout], name)
            XCTAssertEqual(xlsx.accepted.count, 6, name)
            // Same answers, same submission times (Excel date-times read as the CSV's text), "34.0" read as 34.
            XCTAssertEqual(contents(xlsx), contents(csv), name)
        }
    }

    func testOtherSheetsAreNamedAndASheetCanBeChosen() {
        let kobo = ingest(repoPath("Fixtures/layouts/dn-kobo.xlsx"))
        XCTAssertEqual(kobo.warnings, ["dn-kobo.xlsx: chỉ đọc trang \"dn_tc_cd\"; bỏ qua 1 trang khác (\"thanh_vien\")."])
        let notes = ingest(repoPath("Fixtures/layouts/dn-canonical.xlsx"), sheet: "Ghi chú")
        XCTAssertEqual(notes.failures.map(\.message).first?.hasPrefix("dn-canonical.xlsx:Ghi chú, dòng 1: dòng tiêu đề không khớp"), true)
        let missing = ingest(repoPath("Fixtures/layouts/dn-canonical.xlsx"), sheet: "Sheet1")
        XCTAssertEqual(missing.failures.map(\.message), ["dn-canonical.xlsx: không có trang tính \"Sheet1\"; các trang có trong tệp: \"Kết quả\", \"Ghi chú\"."])
    }

    func testASetAsideRowNamesItsCellAndAWorkbookNamedCSVIsStillRead() throws {
        let result = ingest(repoPath("Fixtures/layouts/dn-unknown-unit.xlsx"))
        XCTAssertEqual(result.total.accepted, 1)
        let entry = try XCTUnwrap(result.quarantine.first)
        XCTAssertEqual(entry.reason, .unitUnknown)
        // The unit is in column F of row 3 of the sheet "Kết quả".
        XCTAssertEqual(entry.source.location(column: entry.column).description, "dn-unknown-unit.xlsx:Kết quả!F3")
        XCTAssertEqual(entry.rawRow.count, 18, "the raw row is read back from the workbook, as wide as the header")

        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: renamed) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/layouts/dn-kobo.xlsx"), toPath: renamed)
        XCTAssertEqual(ingest(renamed, name: "kobo.csv").total.accepted, 6)
    }
}

/// Exports as KoBoToolbox and ODK Central deliver them (Fixtures/tools/platform_exports.py).
final class PlatformExportTests: XCTestCase {
    private func ingest(_ name: String, acceptOnHold: Bool = false) -> IngestResult {
        Ingestor(set: shippedSet, options: IngestOptions(acceptOnHold: acceptOnHold))
            .ingest([(repoPath("Fixtures/exports/" + name), name)])
    }

    func testKoBoDefaultCSVWithItsHashtagRowAndEveryReviewStatus() throws {
        let result = ingest("kobo-default.csv")
        let file = try XCTUnwrap(result.files.first)
        // 7 rows under the header: the HXL row (not a submission) and 6 submissions:
        // approved, not approved (set aside), on hold (set aside), {} and none (no status), approved.
        XCTAssertEqual([file.rows, file.notSubmissions, file.submissions, file.accepted, file.setAside, file.duplicates],
                       [7, 1, 6, 4, 2, 0])
        XCTAssertTrue(file.balances)
        XCTAssertEqual(result.quarantine.map(\.reason), [.reviewRejected, .reviewOnHold])
        XCTAssertEqual(result.quarantine.map(\.submissionId), ["a2", "a3"])
        // a6 comes from the legacy exporter: "n/a" for a question that was not relevant is no answer.
        let last = try XCTUnwrap(result.accepted.first { $0.id == "a6" })
        XCTAssertNil(last.answers["y_kien"])
        XCTAssertTrue(ValidationReport.text(result, examples: 0).contains("đọc 7 dòng (1 dòng không phải phiếu: tiêu đề bảng, thẻ HXL) = 4 chấp nhận"))

        let onHoldCounted = ingest("kobo-default.csv", acceptOnHold: true)
        XCTAssertEqual(onHoldCounted.total.accepted, 5)
        XCTAssertEqual(onHoldCounted.quarantine.map(\.reason), [.reviewRejected])
    }

    func testODKRowsThatCouldNotBeDecryptedHaveTheirOwnReason() {
        let result = ingest("odk-encrypted.csv")
        XCTAssertEqual(result.total.accepted, 2)
        XCTAssertEqual(result.quarantine.map(\.reason), [.encrypted, .encrypted])
        XCTAssertEqual(result.quarantine.map(\.column), [26, 26], "the Status column")
    }

    func testTheHashtagRowIsKnownByItsShape() {
        XCTAssertTrue(Ingestor.isHashtagRow(["#date+start", "", "#org+name", " #meta+id "]))
        XCTAssertFalse(Ingestor.isHashtagRow(["#1", "Nguyễn Văn A"]), "a cell that is no tag: a respondent")
        XCTAssertFalse(Ingestor.isHashtagRow(["# ghi chú"]))
        XCTAssertFalse(Ingestor.isHashtagRow(["", ""]))
    }
}

/// SPSS files as survey firms deliver them (Fixtures/tools/spss_fixtures.py wrote them from the
/// six responses of dn-canonical.csv): codes with value labels, a DATETIME, a declared missing value.
final class SPSSResponseTests: XCTestCase {
    private func ingest(_ name: String) -> IngestResult {
        Ingestor(set: shippedSet).ingest([fixture(name)])
    }

    private func contents(_ result: IngestResult) -> [String] {
        result.accepted.map { s in
            let answers = s.answers.filter { !["start", "end", "so_lan"].contains($0.key) }.sorted { $0.key < $1.key }
            return "\(s.id) \(s.unitCode) \(s.respondent ?? "-") \(s.submittedAt.map { "\($0.timeIntervalSince1970)" } ?? "-") \(answers)"
        }
    }

    func testSavAndZsavGiveTheSameSubmissionsAsTheCSV() throws {
        let csv = ingest("dn-canonical.csv")
        for name in ["dn-spss.sav", "dn-spss.zsav"] {
            let spss = ingest(name)
            XCTAssertEqual(spss.failures, [], name)
            XCTAssertEqual(spss.total.accepted, 6, name)
            // Codes 1, 2 … become choices through their value labels ("Hài lòng" → hl), the unit's
            // code through its label (the unit's name), the DATETIME the same instant as the CSV's text.
            XCTAssertEqual(contents(spss), contents(csv), name)
            // so_lan = 99 is declared missing in the file: not answered.
            XCTAssertNil(spss.accepted.first { $0.id == "a4" }?.answers["so_lan"], name)
            XCTAssertEqual(spss.accepted.first { $0.id == "a1" }?.answers["so_lan"], .number(2), name)
        }
    }

    func testLocationsInAnSPSSFileNameTheCaseAndTheVariable() {
        XCTAssertEqual(FileLocation(file: "dn.sav", line: 17, field: 4).description, "dn.sav:case 17, biến thứ 4")
        XCTAssertEqual(FileLocation(file: "dn.zsav", line: 0).description, "dn.zsav (tên biến)")
    }
}

extension PlatformExportTests {
    func testODKCentralZipDownloadReadsItsMainTable() {
        let result = ingest("odk-export.csv.zip")
        XCTAssertEqual(result.failures, [])
        XCTAssertEqual(result.files.map(\.layout), [.odk])
        XCTAssertEqual(result.total.accepted, 6)
        XCTAssertEqual(result.warnings, ["odk-export.csv.zip: đọc bảng chính khaosat_dn_tc_cd_2025.csv; "
            + "bỏ qua 1 bảng nhóm lặp lại (khaosat_dn_tc_cd_2025-thanh_vien.csv)."])
    }
}

extension PlatformExportTests {
    private func ingestFolder(_ folder: String) -> IngestResult {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: repoPath("Fixtures/exports/" + folder))) ?? []
        // Given in reverse name order: the verdicts must not depend on it.
        return Ingestor(set: shippedSet).ingest(names.sorted().reversed().map { (repoPath("Fixtures/exports/\(folder)/\($0)"), "\(folder)/\($0)") })
    }

    func testAnODKEditReplacesTheEarlierVersionAndARepeatStaysADuplicate() throws {
        let result = ingestFolder("odk-edits")
        // 1-before: a1, a2, a3; 2-after: a1 (the same), a2 edited once with another answer.
        XCTAssertEqual([result.total.rows, result.total.accepted, result.total.setAside, result.total.duplicates], [5, 3, 1, 1])
        let replaced = try XCTUnwrap(result.quarantine.first)
        XCTAssertEqual(replaced.reason, .edited)
        XCTAssertEqual(replaced.source, Source(file: "odk-edits/1-before.csv", line: 3))
        XCTAssertTrue(replaced.message.contains("odk-edits/2-after.csv:3"), replaced.message)
        let kept = try XCTUnwrap(result.accepted.first { $0.id == "a2" })
        XCTAssertEqual([kept.source.file, String(kept.edits)], ["odk-edits/2-after.csv", "1"])
    }

    func testTheEditedVersionReadFirstStillWins() throws {
        // The same two exports, the edited one named to be read first: its edit count (1) must be
        // remembered with the first version seen, or the earlier version (0 edits, other answers)
        // would make a conflict of it and both would be set aside.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-edits-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let after = dir.appendingPathComponent("a-after.csv").path, before = dir.appendingPathComponent("b-before.csv").path
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/exports/odk-edits/2-after.csv"), toPath: after)
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/exports/odk-edits/1-before.csv"), toPath: before)
        let result = Ingestor(set: shippedSet).ingest([(before, "b-before.csv"), (after, "a-after.csv")])
        XCTAssertEqual([result.total.rows, result.total.accepted, result.total.setAside, result.total.duplicates], [5, 3, 1, 1])
        let replaced = try XCTUnwrap(result.quarantine.first)
        XCTAssertEqual(replaced.reason, .edited)
        XCTAssertEqual(replaced.source, Source(file: "b-before.csv", line: 3))
        let kept = try XCTUnwrap(result.accepted.first { $0.id == "a2" })
        XCTAssertEqual([kept.source.file, String(kept.edits)], ["a-after.csv", "1"])
    }

    func testOneIdForTwoDifferentInterviewsCountsNeither() {
        let result = ingestFolder("id-conflict")
        XCTAssertEqual(result.total.accepted, 0)
        XCTAssertEqual(result.quarantine.map(\.reason), [.idConflict, .idConflict])
        XCTAssertEqual(result.quarantine.map(\.source.file), ["id-conflict/tablet-1.csv", "id-conflict/tablet-2.csv"])
        XCTAssertTrue(result.quarantine[0].message.contains("id-conflict/tablet-2.csv:2"))
        XCTAssertTrue(result.files.allSatisfy(\.balances))
    }
}

extension PlatformExportTests {
    func testAKoBoLabelExportIsReadThroughItsZeroOneColumns() {
        // Labels in Vietnamese, groups in headers joined by ".", select_multiple as both the summary
        // (labels joined by spaces: "Quy trình, cách thức thực hiện Thành phần hồ sơ") and 0/1 columns.
        let labels = ingest("kobo-labels.csv")
        XCTAssertEqual(labels.failures, [])
        XCTAssertEqual(labels.total.accepted, 6)
        let canonical = Ingestor(set: shippedSet).ingest([fixture("dn-canonical.csv")])
        func answers(_ r: IngestResult) -> [String] {
            r.accepted.map { "\($0.unitCode) \($0.answers.filter { !["start", "end"].contains($0.key) }.sorted { $0.key < $1.key })" }
        }
        XCTAssertEqual(answers(labels), answers(canonical))
        XCTAssertEqual(labels.accepted.first?.answers["c321_2"], .choices(["quy_trinh", "ho_so"]))
    }
}

/// Past the first `rawRowsInMemory` rows set aside, raw rows wait in a temporary file; without
/// it, the writer reads them again from the input. Either way the bytes are those of every raw
/// row in memory.
final class QuarantineStreamTests: XCTestCase {
    func testTheRowsNotKeptInMemoryComeFromTheSpillOrTheInput() throws {
        let rows = Ingestor.rawRowsInMemory + 30
        var text = "submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;c323_1;"
            + "c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien\n"
        for i in 0..<rows {  // every row set aside: an unknown unit, or every fifth an unknown answer too
            text += "x\(i);2025-10-05T08:00:00;cong_dan;;40;Phường Không Có \(i % 7);1;\(i % 5 == 0 ? "la" : "hl");"
                + "quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;dòng \(i)\n"
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-qs-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("lon.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: input))
        let files = [(path: input, name: "lon.csv")]

        var discard = SubmissionDiscard()
        let result = Ingestor(set: shippedSet).ingest(files, into: &discard, makeSink: SubmissionDiscard.init)
        XCTAssertEqual(result.quarantine.count, rows)
        XCTAssertEqual(result.quarantine.filter { $0.rawRow.isEmpty }.count, 30, "past the first rawRowsInMemory")
        XCTAssertNotNil(result.rawRowSpill)
        // Every raw row by hand: line n of the file is row n − 2 (after the header).
        let lines = text.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        let filled = result.quarantine.map { e in
            var e = e
            e.rawRow = lines[e.source.line - 1]
            return e
        }
        let expected = try QuarantineWriter().bytes(filled)
        XCTAssertEqual(try QuarantineWriter(result, inputs: files, options: IngestOptions()).bytes(result.quarantine), expected)
        var withoutSpill = result
        withoutSpill.rawRowSpill = nil
        let reread = dir.appendingPathComponent("reread.csv").path
        try QuarantineWriter(withoutSpill, inputs: files, options: IngestOptions()).write(result.quarantine, toFile: reread)
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: reread))), expected)
    }
}

/// Rows set aside past `rawRowsInMemory` wait in a temporary file: they come back as they were.
final class RawRowSpillTests: XCTestCase {
    func testRowsComeBackWhateverTheyHold() throws {
        let spill = try XCTUnwrap(RawRowSpill())
        let odd: [[String]] = [
            [], [""], ["a", "", "c"], ["dấu \"ngoặc\"", "dòng 1\ndòng 2", "; , \t"], ["Phường Tuy Hoà", "e\u{0301}"],
        ]
        var expected: [RawRowKey: [String]] = [:]
        for i in 0..<20_000 {
            // Two long fields: the rows cross the 1 MiB buffer more than once.
            let row = (i % 7_000 == 1 ? [String(repeating: "x", count: 700_000)] : odd[i % odd.count]) + ["\(i)"]
            let key = RawRowKey(QuarantineEntry(source: Source(file: "f\(i % 3).csv", line: i, sheet: nil), column: nil,
                                                submissionId: "id\(i)", unit: "", why: .unitMissing, rawRow: []))
            try spill.append(row, for: key)
            expected[key] = row
        }
        // Read back in another order than written, one at a time, as the quarantine writer does.
        for (key, row) in expected.sorted(by: { ($0.key.file, $0.key.line) < ($1.key.file, $1.key.line) }) {
            XCTAssertEqual(try spill.row(for: key), row, "\(key)")
        }
        XCTAssertNil(try spill.row(for: RawRowKey(QuarantineEntry(source: Source(file: "f0.csv", line: 20_001, sheet: nil), column: nil,
                                                                   submissionId: "id20001", unit: "", why: .unitMissing, rawRow: []))))
    }
}

final class PackedSubmissionsTests: XCTestCase {
    func testSubmissionsComeBackEqualFieldByField() {
        var full = Submission(id: "uuid:5f0c-ß-Đắk", form: "khaosat_dbhdnd_xa_2025", group: "dbhdnd_xa", unitCode: "66101",
                              respondent: "Nguyễn Văn A", submittedAt: Date(timeIntervalSince1970: 1_764_000_123.25),
                              answers: ["q1": .choice("tot"), "q2": .choices(["a", "c"]), "q3": .number(Decimal(string: "-12.345")!),
                                        "ghi_chu": .text("có dấu phẩy, \"ngoặc\"\nvà xuống dòng"), "rong": .choices([])],
                              source: Source(file: "tệp.xlsx", line: 1_048_576, sheet: "Trang tính 1"), codes: [0, 3, -1, 70_000], edits: 2)
        full.interview = Interview(started: -86_400, ended: Int64(Int32.max) + 5, device: "collect:AbC123", interviewer: "DTV07")
        full.fingerprint = [1, UInt32.max, 0]
        full.digestOfAnswers = UInt64.max - 1
        let bare = Submission(id: "", form: "f", group: "g", unitCode: "u", answers: [:], source: Source(file: "a.csv", line: 2))

        var packed = PackedSubmissions()
        let (a, b) = (packed.append(full), packed.append(bare))
        let end = packed.end
        let c = packed.append(full)
        XCTAssertEqual(packed.submission(at: a), full)
        XCTAssertEqual(packed.submission(at: b), bare)
        XCTAssertEqual(packed.submission(at: c), full)
        // Repeated names (form, group, unit, file, sheet, device, interviewer) go in by number: the
        // packed submission is smaller than those names' bytes alone.
        let names = [full.form, full.group, full.unitCode, full.source.file, full.source.sheet!, "collect:AbC123", "DTV07"]
        XCTAssertLessThan(b - a, names.map(\.utf8.count).reduce(0, +) + 120)
        XCTAssertEqual(packed.end - c, b - a)
        XCTAssertNil(packed.brokenInvariant(starts: [a, b, c]))
        XCTAssertNotNil(packed.brokenInvariant(starts: [a, c]))  // b's bytes would be left unread
        packed.truncate(to: end)
        XCTAssertEqual(packed.end, end)
        XCTAssertEqual(packed.submission(at: b), bare)
        XCTAssertNil(packed.brokenInvariant(starts: [a, b]))
    }

    func testSpilledSegmentsReadBackAndTruncate() {
        // 300 submissions of different lengths, a segment written out every ~500 bytes (several
        // submissions each, one may straddle nothing: a segment ends where a submission does).
        func submission(_ i: Int) -> Submission {
            var s = Submission(id: "id-\(i)-" + String(repeating: "x", count: i % 17), form: "f\(i % 3)", group: "g", unitCode: "u\(i % 7)",
                               respondent: i % 5 == 0 ? nil : "ps_\(i)", answers: [:], source: Source(file: "a.csv", line: i + 2),
                               codes: (0..<(i % 9)).map { Int32($0 * i) })
            s.interview.interviewer = "DTV\(i % 4)"
            return s
        }
        var packed = PackedSubmissions(residentBytes: 500)
        let starts = (0..<300).map { packed.append(submission($0)) }
        XCTAssertTrue(packed.hasSpilled)
        XCTAssertNil(packed.brokenInvariant(starts: starts))
        // In order (a segment read once), then back and forth.
        for i in 0..<300 { XCTAssertEqual(packed.submission(at: starts[i]), submission(i)) }
        for i in [299, 0, 150, 3, 298, 151] { XCTAssertEqual(packed.submission(at: starts[i]), submission(i)) }
        // A file that broke halfway: cut inside what was written out, then pack again after it.
        packed.truncate(to: starts[120])
        XCTAssertEqual(packed.end, starts[120])
        let again = (120..<130).map { packed.append(submission($0 + 1_000)) }
        XCTAssertEqual(again[0], starts[120])
        XCTAssertNil(packed.brokenInvariant(starts: Array(starts[..<120]) + again))
        for i in [0, 119, 60] { XCTAssertEqual(packed.submission(at: starts[i]), submission(i)) }
        for (k, i) in (120..<130).enumerated() { XCTAssertEqual(packed.submission(at: again[k]), submission(i + 1_000)) }
    }
}

final class IDTableTests: XCTestCase {
    func testAgreesWithADictionaryThroughGrowthAndRemoval() {
        // 50 000 ids that differ only in their last characters (the shape that clustered), each
        // offered twice, then those of "file" 1 removed: the table must agree with a Dictionary.
        var table = IDTable<Int32>(empty: -1)
        var model: [IDHash: Int32] = [:]
        for round in 0..<2 {
            for n in 0..<50_000 {
                let id = IDHash("uuid:0a1b2c3d-0000-4000-8000-\(String(n, radix: 16))")
                let file = Int32(n % 3)
                XCTAssertEqual(table.insert(id, file), round == 0)
                if model[id] == nil { model[id] = file }
            }
            XCTAssertNil(table.brokenInvariant())
        }
        XCTAssertEqual(table.count, 50_000)
        let removed = table.removeAll { $0 == 1 }
        XCTAssertEqual(Set(removed), Set(model.filter { $0.value == 1 }.keys))
        model = model.filter { $0.value != 1 }
        XCTAssertEqual(table.count, model.count)
        for (id, file) in model { XCTAssertEqual(table[id], file) }
        for id in removed { XCTAssertNil(table[id]) }
        XCTAssertNil(table.brokenInvariant())
    }
}

final class TextTableTests: XCTestCase {
    func testAgreesWithADictionaryThroughGrowth() {
        // Cells as they come: short codes, numbers that differ in their last digit, Vietnamese
        // labels, the empty text; each offered twice, the second time with another value.
        var table = TextTable<Int>()
        var model: [String: Int] = [:]
        let texts = (0..<5_000).map { String($0) } + ["", "rat_hl", "hl", "bt", "khl", "rat_khl", "kb", "Rất hài lòng", "Hài lòng"]
            + (0..<500).map { "DTV\(String(format: "%03d", $0))" }
        for round in 0..<2 {
            for (n, text) in texts.enumerated() {
                XCTAssertEqual(table[text], model[text])
                table.insert(text, n + round)
                if model[text] == nil { model[text] = n }
            }
            XCTAssertNil(table.brokenInvariant())
        }
        XCTAssertEqual(table.count, model.count)
        for (text, n) in model { XCTAssertEqual(table[text], n, text) }
        XCTAssertNil(table["không có"])
    }
}

/// A select_multiple exported as one column of labels joined by spaces (KoBo "Labels" without
/// separate columns): read back by cutting the cell into whole labels, refused only when two
/// cuttings are possible.
final class JoinedLabelTests: XCTestCase {
    private func plan(_ labels: [String]) -> QuestionPlan {
        let list = ChoiceList(name: "l", choices: labels.enumerated().map {
            Choice(name: "c\($0.offset + 1)", labels: ["": $0.element], score: 1, line: $0.offset + 2)
        })
        let q = Question(name: "q", type: .selectMultiple(list: "l"), labels: ["": "Câu hỏi"], required: false, relevant: nil,
                         constraint: nil, groupPath: [], subcriterion: nil, weight: 1, line: 2)
        let form = Questionnaire(id: "f", title: "f", version: "1", defaultLanguage: nil, respondentGroup: "g", unitQuestion: "u",
                                 items: [q], choiceLists: ["l": list], files: [])
        return QuestionPlan(q, form, ordinal: 0, fingerprintOrdinal: nil, metaSlot: nil)
    }

    func testLabelsWithSpacesAndCommasAreCutBackIntoChoices() {
        let p = plan(["Quy trình, cách thức thực hiện", "Thành phần hồ sơ", "Phí, lệ phí", "Không rõ"])
        guard case .one(let picked) = p.labels("Quy trình, cách thức thực hiện Thành phần hồ sơ Phí, lệ phí", joinedBy: " ") else {
            return XCTFail("not read")
        }
        XCTAssertEqual(picked, ["c1", "c2", "c3"])
        guard case .none = p.labels("Thành phần hồ sơ Lệ phí", joinedBy: " ") else { return XCTFail("an unknown label read") }
    }

    func testACellThatReadsTwoWaysIsAmbiguous() {
        // "Nhà ở" + "Đất" or "Nhà" + "ở Đất"? Here: "A B" + "C" or "A" + "B C".
        let p = plan(["A B", "C", "A", "B C"])
        guard case .several(let one, let other) = p.labels("A B C", joinedBy: " ") else { return XCTFail("not ambiguous") }
        XCTAssertEqual(Set([one, other]), [["c1", "c2"], ["c3", "c4"]])
    }
}

extension PlatformExportTests {
    func testODKSplitSelectMultiplesKeepABlankAnswerBlank() throws {
        // a5 left c321_2 blank: Central writes an empty summary and 0 in each of the six 0/1 columns.
        let result = Ingestor(set: shippedSet).ingest([fixture("dn-odk-split.csv")])
        XCTAssertEqual(result.total.accepted, 6)
        XCTAssertNil(try XCTUnwrap(result.accepted.first { $0.id == "a5" }).answers["c321_2"])
        XCTAssertEqual(result.accepted.first { $0.id == "a3" }?.answers["c321_2"], .choices(["quy_trinh", "ho_so", "phi", "thoi_han"]))
    }

    func testKoBoGroupSeparatorsOtherThanTheSlash() {
        for name in ["dn-kobo-sep-percent.csv", "dn-kobo-sep-empty.csv"] {
            let result = Ingestor(set: shippedSet).ingest([fixture(name)])
            XCTAssertEqual([result.failures.count, result.total.accepted], [0, 6], name)
            XCTAssertEqual(result.accepted.first?.answers["c321_2"], .choices(["quy_trinh", "ho_so"]), name)
        }
    }
}

/// What people do to files by hand, and files that are not what they seem (Fixtures/tools/field_exports.py).
final class HandMadeFileTests: XCTestCase {
    func testTitleRowsAboveTheHeaderAndATotalsRowUnderTheData() throws {
        // Rows 1–2: a title and a subtitle merged across the table, row 3 blank, the header on row 4,
        // six submissions on rows 5–10, "Tổng cộng" on row 11.
        let result = Ingestor(set: shippedSet).ingest([fixture("dn-handmade.xlsx")])
        XCTAssertEqual(result.failures, [])
        let file = try XCTUnwrap(result.files.first)
        XCTAssertEqual([file.rows, file.notSubmissions, file.submissions, file.accepted, file.setAside], [9, 2, 7, 6, 1])
        XCTAssertEqual(result.quarantine.map { "\($0.source.line) \($0.reason.rawValue)" }, ["11 NOT_A_RESPONSE"])
        XCTAssertEqual(result.warnings.first?.hasPrefix("dn-handmade.xlsx:Tổng hợp, dòng 4: dòng tiêu đề cột lấy ở dòng này; 2 dòng phía trên"), true)
        let canonical = Ingestor(set: shippedSet).ingest([fixture("dn-canonical.csv")])
        XCTAssertEqual(result.accepted.map(\.answers), canonical.accepted.map(\.answers))
    }

    func testAMainTableWithoutScoredQuestionsSaysWhatItHasAndWhatIsMissing() throws {
        let result = Ingestor(set: shippedSet).ingest([(repoPath("Fixtures/exports/kobo-repeat-main.csv"), "kobo-repeat-main.csv")])
        let message = try XCTUnwrap(result.failures.first?.message)
        XCTAssertTrue(message.hasPrefix("kobo-repeat-main.csv:1: dòng tiêu đề không khớp"), message)
        XCTAssertTrue(message.contains("Dòng này có 9 cột (\"start\", \"end\", \"thong_tin/don_vi\""), message)
        XCTAssertTrue(message.contains("thiếu 10/10 câu tính điểm"), message)
        XCTAssertTrue(message.contains("nhóm lặp lại (repeat)"), message)
    }

    func testARowSetAsideInTwoOverlappingExportsIsListedOnce() throws {
        // week-1: a1–a3 and x9 (an unknown unit); week-2: a2–a6 and x9 again.
        let names = ["week-2.csv", "week-1.csv"]
        let result = Ingestor(set: shippedSet).ingest(names.map { (repoPath("Fixtures/exports/overlap/" + $0), $0) })
        XCTAssertEqual(result.files.map { [$0.rows, $0.accepted, $0.setAside, $0.duplicates] }, [[4, 3, 1, 0], [6, 3, 0, 3]])
        XCTAssertTrue(result.files.allSatisfy(\.balances))
        let entry = try XCTUnwrap(result.quarantine.first)
        XCTAssertEqual(result.quarantine.count, 1)
        XCTAssertEqual([entry.source.file, String(entry.source.line), entry.reason.rawValue], ["week-1.csv", "5", "UNIT_UNKNOWN"])
        XCTAssertTrue(entry.message.hasSuffix("Cùng dòng này có cả ở week-2.csv:8 (chỉ liệt kê một lần)."), entry.message)
    }
}

/// Issue 24, item 9: a ward and a commune of the same name, as real provinces have them.
final class SameNameUnitTests: XCTestCase {
    func testTheKindInTheNameTellsAWardFromACommune() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-same-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        for (file, line) in [("units.csv", "22016,03,Xã Tuy Hòa,xã,22016,\n"), ("official-communes.csv", "22016,Xã Tuy Hòa,xã\n")] {
            try (try String(contentsOfFile: copy + "/" + file, encoding: .utf8) + line).write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
        }
        let loaded = SetLoader.load(directory: copy)
        XCTAssertEqual(loaded.problems, [])  // "Phường Tuy Hòa" and "Xã Tuy Hòa" may both exist
        let resolver = UnitResolver(registry: try XCTUnwrap(loaded.set).units)
        func code(_ text: String) -> String {
            switch resolver.resolve(text) {
            case .unit(let u): return u.code
            case .ambiguous(let units): return "?" + units.map(\.code).joined(separator: "|")
            case .unknown, .former: return "-"
            }
        }
        XCTAssertEqual(["Phường Tuy Hòa", "phường tuy hoà", "UBND phường Tuy Hòa", "Xã Tuy Hòa", "UBND xã Tuy Hòa"].map(code),
                       ["22015", "22015", "22015", "22016", "22016"])
        // Without the kind it is a question, never a guess.
        XCTAssertEqual(code("Tuy Hòa"), "?22015|22016")
        XCTAssertEqual(code("UBND Tuy Hòa"), "?22015|22016")
    }
}

/// Issue 24, item 10: names from before the 2025 reorganisation are pointed to, never matched.
final class FormerNameTests: XCTestCase {
    func testAResponseNamingAFormerWardIsToldWhereItIsNow() throws {
        // The shipped set: Phường Tân Lợi, among others, went into Phường Buôn Ma Thuột (24133).
        let result = Ingestor(set: shippedSet).ingest([(repoPath("Fixtures/exports/former-names.csv"), "former-names.csv")])
        XCTAssertEqual(result.accepted.map(\.unitCode), ["24121", "24133"])  // Phường Tân Lập is a ward today
        XCTAssertEqual(result.quarantine.map(\.source.line), [2, 3])
        XCTAssertEqual(result.quarantine.map(\.reason), [.unitUnknown, .unitUnknown])
        for entry in result.quarantine {
            XCTAssertTrue(entry.message.contains("là tên đơn vị trước khi sắp xếp, nay thuộc \"Phường Buôn Ma Thuột\" (24133)"), entry.message)
            XCTAssertFalse(entry.message.contains("Tân Lập"), "never a neighbour picked by spelling: \(entry.message)")
        }
        XCTAssertTrue(result.files.allSatisfy(\.balances))
    }

    func testAFormerNameGoesByKindAndMaySplitAndMayNotBeACurrentName() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-former-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        // Phường 9 went into Phường Tuy Hòa; Xã Hòa Kiến was split between both wards.
        func units(_ extra: String) throws {
            let base = """
            code,index,name,type,official_code,aliases,former_names
            CQ01,01,Sở Nội vụ,sở,,SNV,
            DV01,02,Trường Đại học Phú Yên,trường,,ĐH Phú Yên,
            22015,03,Phường Tuy Hòa,phường,22015,,Phường 9|Xã Hòa Kiến\(extra)
            24133,03,Phường Buôn Ma Thuột,phường,24133,BMT,Phường Tân Lợi|Xã Hòa Kiến

            """
            try base.write(toFile: copy + "/units.csv", atomically: true, encoding: .utf8)
        }
        try units("")
        let loaded = SetLoader.load(directory: copy)
        XCTAssertEqual(loaded.problems, [])
        let resolver = UnitResolver(registry: try XCTUnwrap(loaded.set).units)
        func answer(_ text: String) -> String {
            switch resolver.resolve(text) {
            case .unit(let u): return u.code
            case .ambiguous(let units): return "?" + units.map(\.code).joined(separator: "|")
            case .former(_, let now): return ">" + now.map(\.code).joined(separator: "|")
            case .unknown(let s): return "-" + s.map(\.code).joined(separator: "|")
            }
        }
        XCTAssertEqual(answer("Phường 9"), ">22015")
        XCTAssertEqual(answer("UBND phường 9"), ">22015")
        XCTAssertEqual(answer("Xã Hòa Kiến"), ">22015|24133")
        XCTAssertEqual(answer("Phường Tân Lợi"), ">24133")
        XCTAssertEqual(answer("Phường Tuy Hòa"), "22015")  // the current name still matches
        XCTAssertEqual(answer("Phường Tân Lọi"), "-24133")  // a slip in a former name: a suggestion only

        // A former name that a current one answers first would never be reached: check refuses it.
        try units("|Phường Buôn Ma Thuột")
        let refused = SetLoader.load(directory: copy).problems
        XCTAssertEqual(refused.map(\.location.line), [4])
        XCTAssertEqual(refused.map(\.kind), [.formerNameIsCurrent("Phường Buôn Ma Thuột", unit: "24133")])
        // …but a ward's former name may be a commune's name today, the prefixes tell them apart.
        try units("|Xã Buôn Ma Thuột")
        XCTAssertEqual(SetLoader.load(directory: copy).problems, [])
    }
}
