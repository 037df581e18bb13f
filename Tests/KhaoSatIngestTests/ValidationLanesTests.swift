import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire

/// Records validated on other threads come back in their order: every result is the same as
/// when each record is validated on the reading thread.
final class ValidationLanesTests: XCTestCase {
    /// Every submission as one line (its answers by their digest), in the order the sink heard them.
    private struct Lines: SubmissionSink {
        var lines: [String] = []
        mutating func add(_ s: Submission) {
            lines.append("\(s.id) \(s.source.line) \(s.unitCode) \(s.respondent ?? "-") \(s.codes) \(AnswerDigest.of(s.answers))")
        }
        mutating func merge(_ other: Lines) { lines += other.lines }
    }

    private func run(_ files: [(path: String, name: String)], lanes: Int, batch: Int) -> (IngestResult, [String]) {
        var options = IngestOptions()
        options.keepsAnswers = true
        var ingestor = Ingestor(set: shippedSet, options: options)
        ingestor.validationLanes = lanes
        ingestor.validationBatch = batch
        var sink = Lines()
        let result = ingestor.ingest(files, into: &sink, makeSink: Lines.init)
        return (result, sink.lines)
    }

    private func assertSame(_ files: [(path: String, name: String)], batch: Int, file: StaticString = #filePath, line: UInt = #line) -> IngestResult {
        let (one, oneLines) = run(files, lanes: 0, batch: batch)
        let (many, manyLines) = run(files, lanes: 3, batch: batch)
        XCTAssertEqual(one.files, many.files, file: file, line: line)
        XCTAssertEqual(one.failures, many.failures, file: file, line: line)
        XCTAssertEqual(one.warnings, many.warnings, file: file, line: line)
        XCTAssertEqual(one.quarantine, many.quarantine, file: file, line: line)
        XCTAssertEqual(oneLines, manyLines, file: file, line: line)
        return many
    }

    func testEveryFixtureGivesTheSameResultOnOtherThreads() throws {
        var files: [(path: String, name: String)] = []
        for folder in ["responses", "layouts", "exports", "quality"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/" + folder).sorted()
            where [".csv", ".xlsx", ".sav", ".zip"].contains(where: name.hasSuffix) {
                files.append((root + "/Fixtures/\(folder)/\(name)", "\(folder)/\(name)"))
            }
        }
        // Batches of 3: even these small files go round the ring of lanes.
        let result = assertSame(files, batch: 3)
        XCTAssertGreaterThan(result.files.count, 15)
        XCTAssertGreaterThan(result.quarantine.count, 20)
        // Ids that come back (ODK edits, conflicts) are settled in a second pass.
        for folder in ["id-conflict", "odk-edits"] {
            let dir = root + "/Fixtures/exports/" + folder
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            let settled = assertSame(names.map { (dir + "/" + $0, $0) }, batch: 2)
            XCTAssertTrue(settled.quarantine.contains { [.idConflict, .edited].contains($0.reason) }, folder)
        }
    }

    /// 200 000 rows, some set aside (unknown unit, not a number), some ids repeated with other
    /// answers (a second pass), in batches of 97 that wrap round the ring about 700 times.
    func testAGeneratedFileOf200000RowsGivesTheSameResultOnOtherThreads() throws {
        let form = try XCTUnwrap(shippedSet.questionnaires.first { $0.scoredQuestions.contains { $0.name == "c321_1" } })
        let header = ["submission_id", "submitted_at", "ma_dtv", "tu_cach", "tuoi", "don_vi", "so_lan"] + form.scoredQuestions.map(\.name)
        let units = shippedSet.units.units.map(\.code)
        var random = SplitMix64(seed: 2025)  // the same file on every run
        func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let choices = form.scoredQuestions.map { q in q.type.choices.flatMap { form.choiceLists[$0.list] }.map { $0.choices.map(\.name) } ?? [""] }
        var text = header.joined(separator: ",") + "\n"
        for row in 0..<200_000 {
            let id = draw(1000) == 0 ? "g\(row / 2)" : "g\(row)"
            let unit = draw(200) == 0 ? "Không có" : units[draw(units.count)]
            let age = draw(300) == 0 ? "ba mươi" : String(18 + draw(70))
            var cells = [id, "2025-10-01T08:00:00", "DTV\(draw(40))", "cong_dan", age, unit, String(1 + draw(9))]
            for names in choices { cells.append(names[draw(names.count)]) }
            text += cells.joined(separator: ",") + "\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lanes-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = assertSame([(url.path, "generated.csv")], batch: 97)
        let a = try XCTUnwrap(result.files.first)
        XCTAssertEqual(a.rows, 200_000)
        XCTAssertTrue(a.balances)
        XCTAssertGreaterThan(a.setAside, 1_000)
        XCTAssertTrue(result.quarantine.contains { $0.reason == .idConflict })
        XCTAssertGreaterThan(a.accepted, 150_000)
    }
}
