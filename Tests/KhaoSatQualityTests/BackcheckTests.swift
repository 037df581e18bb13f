import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
import KhaoSatExport
@testable import KhaoSatIngest
import KhaoSatPipeline
@testable import KhaoSatQuality
@testable import KhaoSatQuestionnaire
import KhaoSatCSV
import KhaoSatXLSX

/// Phúc tra on the planted fixture: a reproducible stratified sample, then a back-check file in
/// which DTV09's interviews did not happen and DTV03 recorded every respondent's sex wrong.
final class BackcheckTests: XCTestCase {
    static let run: (directory: String, replay: RunReplay) = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-bc-\(UUID())").path
        let path = repoPath("Fixtures/quality/planted.csv")
        let conversion = try! ConversionRun(set: shippedSet, inputs: [(path, path)], options: IngestOptions(), runTime: nil)
        try! RunWriter(directory: directory).write(conversion.files)
        return (directory, try! RunReplay(run: directory, set: shippedSet, pseudonyms: nil))
    }()

    func testTheSampleIsReproducibleAndStratified() {
        let candidates = Self.run.replay.candidates
        XCTAssertEqual(candidates.count, 269)
        let sample = BackcheckSample.draw(candidates, share: 0.1, seed: 7)
        let ids = sample.map(\.submission.id)
        // Same seed, any order of the candidates: the same sample; another seed: another.
        XCTAssertEqual(BackcheckSample.draw(candidates.reversed(), share: 0.1, seed: 7).map(\.submission.id), ids)
        XCTAssertNotEqual(BackcheckSample.draw(candidates, share: 0.1, seed: 8).map(\.submission.id), ids)
        // Every interviewer at least once.
        XCTAssertEqual(Set(sample.map(\.interviewer)), Set(candidates.map(\.interviewer)))
        // Per unit and interviewer, the share (twice for a flagged interviewer) rounded up or down,
        // or one more where an interviewer would otherwise have none.
        var strata: [String: (size: Int, drawn: Int, flagged: Bool)] = [:]
        for c in candidates { strata[c.submission.unitCode + " " + c.interviewer, default: (0, 0, c.flagged)].size += 1 }
        for c in sample { strata[c.submission.unitCode + " " + c.interviewer]!.drawn += 1 }
        for (key, s) in strata {
            let expected = Double(s.size) * (s.flagged ? 0.2 : 0.1)
            XCTAssertTrue(s.drawn == Int(expected.rounded(.down)) || s.drawn == Int(expected.rounded(.up))
                          || (s.drawn == 1 && expected < 1), "\(key): \(s.drawn) of \(s.size)")
        }
        // DTV09 (the desk batch) is flagged: 12 × 0.2 = 2.4 → 2 or 3.
        XCTAssertTrue((2...3).contains(sample.filter { $0.interviewer == "DTV09" }.count))
    }

    func testComparisonRatesVerdictsAndTheEffectOnPoints() throws {
        let replay = Self.run.replay
        let sample = BackcheckSample.draw(replay.candidates, share: 0.1, seed: 7)
        let rows = sample.enumerated().map { i, c -> BackcheckRow in
            let s = c.submission
            var sex = BackcheckCompare.shown(s.answers["gioi_tinh"]!)
            if c.interviewer == "DTV03" { sex = sex == "nam" ? "Nữ" : "Nam" }  // by label: still compared by choice
            return BackcheckRow(source: Source(file: "phuc-tra.csv", line: i + 2), values: [
                BackcheckForm.originalId: s.id, BackcheckForm.happened: c.interviewer == "DTV09" ? "khong" : "co",
                "don_vi": s.unitCode, "gioi_tinh": sex, "tuoi": BackcheckCompare.shown(s.answers["tuoi"]!),
                "hl_chung": c.interviewer == "DTV05" ? "bt" : BackcheckCompare.shown(s.answers["hl_chung"]!),
            ])
        } + [BackcheckRow(source: Source(file: "phuc-tra.csv", line: 99), values: [BackcheckForm.originalId: "khong-co"])]
        let comparison = BackcheckCompare.compare(rows, originals: replay.candidates, set: shippedSet)
        XCTAssertEqual(comparison.unmatched.map(\.line), [99])
        let verdicts = Dictionary(uniqueKeysWithValues: comparison.interviewers.map { ($0.code, $0.verdict) })
        XCTAssertEqual(verdicts["DTV09"], .reject)  // type 1: every interview denied
        XCTAssertEqual(verdicts["DTV03"], .reject)  // type 2: sex wrong on half the facts (sex and age)
        // DTV05's respondents changed their overall satisfaction: type 3, not held against DTV05.
        XCTAssertEqual(verdicts["DTV05"], .ok)
        XCTAssertEqual(comparison.rejected, ["DTV03", "DTV09"])
        let dtv09 = sample.filter { $0.interviewer == "DTV09" }.count
        let happened = try XCTUnwrap(comparison.questions.first { $0.name == BackcheckForm.happened })
        XCTAssertEqual([happened.rate.compared, happened.rate.differing], [sample.count, dtv09])
        let dtv03 = sample.filter { $0.interviewer == "DTV03" }.count
        let sex = try XCTUnwrap(comparison.questions.first { $0.name == "gioi_tinh" })
        XCTAssertEqual([sex.type.rawValue, sex.rate.compared, sex.rate.differing], [2, sample.count - dtv09, dtv03])
        XCTAssertEqual(comparison.differences.filter { $0.question == "hl_chung" }.count,
                       sample.filter { $0.interviewer == "DTV05" && BackcheckCompare.shown($0.submission.answers["hl_chung"]!) != "bt" }.count)
        // --apply: without DTV03's and DTV09's submissions.
        let after = try ConversionRun(set: shippedSet, inputs: replay.inputs, options: replay.options, runTime: nil,
                                      excluding: Exclusion(interviewers: comparison.rejected))
        let theirs = replay.candidates.filter { comparison.rejected.contains($0.interviewer) }.count
        XCTAssertEqual(after.ingest.quarantine.filter { $0.reason == .qualityExcluded }.count, theirs)
        XCTAssertEqual(replay.document.units.map(\.respondents).reduce(0, +) - after.units.map(\.respondents).reduce(0, +), theirs)
    }

    /// The back-check form, as a workbook (what KoBoToolbox and ODK Central take) and as CSV,
    /// read back by KhaoSat's own XLSForm loader: the same questionnaire either way.
    func testABackcheckFormIsAnXLSFormOfTheChosenQuestions() throws {
        let form = shippedSet.questionnaires.first { $0.id == "khaosat_dn_tc_cd_2025" }!
        let sheets = try BackcheckForm.make(from: form, questions: ["gioi_tinh", "tuoi", "hl_chung"]).get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-bcform-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (xlsx, csv) = (dir + "/form.xlsx", dir + "/form.csv")
        try Data(XLSXWriter.workbook(sheets.workbook)).write(to: URL(fileURLWithPath: xlsx))
        try Data(CSVEncoder(options: CSVWriteOptions(byteOrderMark: false)).encode(sheets.csvRows)).write(to: URL(fileURLWithPath: csv))
        var problems: [SetProblem] = []
        let fromWorkbook = XLSFormLoader.questionnaire(from: try XLSFormLoader.sheets(workbook: xlsx, name: "form.xlsx"),
                                                       source: "form.xlsx", files: [], problems: &problems)
        let fromCSV = XLSFormLoader.questionnaire(from: try XLSFormLoader.sheets(singleFile: csv, name: "form.csv"),
                                                  source: "form.csv", files: [], problems: &problems)
        XCTAssertEqual(problems.map(\.description), [])
        let q = try XCTUnwrap(fromWorkbook)
        XCTAssertEqual(q.id, "khaosat_dn_tc_cd_2025_phuc_tra")
        XCTAssertEqual(q.questions.map(\.name), [BackcheckForm.originalId, BackcheckForm.happened, "don_vi", "gioi_tinh", "tuoi", "hl_chung"])
        XCTAssertEqual(q.choiceLists["hai_long5"]?.choices.map(\.name), ["rat_hl", "hl", "bt", "khl", "rat_khl", "kb"])
        XCTAssertEqual(q.questions.map(\.name), fromCSV?.questions.map(\.name))
        XCTAssertEqual(q.questions.map(\.type), fromCSV?.questions.map(\.type))
        // The same sheets, the same bytes (no time inside the archive).
        XCTAssertEqual(XLSXWriter.workbook(sheets.workbook), XLSXWriter.workbook(sheets.workbook))
        guard case .failure(let e) = BackcheckForm.make(from: form, questions: ["khong_co"]) else { return XCTFail() }
        XCTAssertEqual(e.description, "phiếu khaosat_dn_tc_cd_2025 không có câu hỏi \"khong_co\" để phúc tra.")
    }
}
