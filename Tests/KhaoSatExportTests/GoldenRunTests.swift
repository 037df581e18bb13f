import Foundation
import KhaoSatCSV
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatExport
import KhaoSatPipeline
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire


/// The shipped fixtures converted end to end, as `khaosat convert --reproducible` run from the
/// repository root writes them, against `Fixtures/expected/`.
/// To accept a deliberate change: `KHAOSAT_WRITE_EXPECTED=1 swift test --filter GoldenRunTests`,
/// then read the diff before committing it.
final class GoldenRunTests: XCTestCase {
    private static let set = shippedSet

    private static func inputs() throws -> [(path: String, name: String)] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/responses").filter { $0.hasSuffix(".csv") }
            .map { (root + "/Fixtures/responses/" + $0, "Fixtures/responses/" + $0) }
    }

    private func run(_ inputs: [(path: String, name: String)]) throws -> [String: [UInt8]] {
        // As the command writes them: with the fixtures' key, the declared personal values are pseudonyms.
        let run = try ConversionRun(set: Self.set, inputs: inputs, options: IngestOptions(pseudonyms: try PseudonymKey.read(path: Tool.demoKey)),
                                    runTime: nil)
        return Dictionary(uniqueKeysWithValues: run.files.map { ($0.name, $0.bytes) })
    }

    func testFixturesConvertToTheExpectedFiles() throws {
        let files = try run(try Self.inputs())
        XCTAssertEqual(files.keys.sorted(), RunFiles.names.sorted())
        let expected = root + "/Fixtures/expected"
        for (name, bytes) in files {
            if ProcessInfo.processInfo.environment["KHAOSAT_WRITE_EXPECTED"] == "1" {
                try Data(bytes).write(to: URL(fileURLWithPath: expected + "/" + name))
            }
            let want = try [UInt8](Data(contentsOf: URL(fileURLWithPath: expected + "/" + name)))
            XCTAssertTrue(bytes == want, "\(name) differs from Fixtures/expected/\(name)")
        }
    }

    /// Rows of Phường Tuy Hòa (22015), checked by hand from the fixture rows.
    func testHandCheckedRowsOfOneCommune() throws {
        let rows = try CSVReader(bytes: run(try Self.inputs())["content3-criteria.csv"]!, name: "c").readAll().0
            .map(\.fields).filter { $0[1] == "22015" }
        func row(_ sub: String) -> [String] { rows.first { $0[3] == sub }! }
        // hdnd-xa-canonical.csv line 2 (the only commune delegate form for 22015):
        // 3.3.1: c331_1 Tốt 1, c331_2 Khá 0.6 → 0.8 × 1.00 = 0.80.
        XCTAssertEqual(Array(row("3.3.1")[4...7]), ["1.00", "0.80", "0.8000", "mean"])
        // 3.3.3: c333_1 Khá 0.6; c333_2 ticks 2 of the 4 scored items → 0.5; (0.6 + 0.5) / 2 = 0.55.
        XCTAssertEqual(row("3.3.3")[5], "0.55")
        // 3.3.4: c334_2 "Không" on a reversed question (co_khong_am) is worth 1: (1 + 1) / 2 → 1.00.
        XCTAssertEqual(row("3.3.4")[5], "1.00")
        // 3.4.1 (share ≥ 0.75): commune delegates 1 of 1 "Hài lòng" (xa line 2; mixed-groups line 5 has
        // no respondent_unit: set aside), citizens 3 of 3; no group reaches 5, so `flag` combines
        // .25/.75 and .5/.75 → 1 → 2.00.
        XCTAssertEqual(Array(row("3.4.1")[5...5]) + Array(row("3.4.1")[8...10]), ["2.00", "0", "1", "3"])
        XCTAssertEqual(row("3.4.1")[13], "low_sample")
        // Criterion 3.1 (provincial delegates): nobody rated 22015 → 0 of 3.00, marked.
        XCTAssertEqual(rows.first { $0[2] == "3.1" && $0[3] == "" }.map { Array($0[4...5]) }, ["3.00", "0.00"])
    }

    func testFileOrderDoesNotChangeAByte() throws {
        let inputs = try Self.inputs()
        let (a, b) = (try run(inputs), try run(inputs.reversed()))
        XCTAssertTrue(a == b, "\(a.keys.filter { a[$0] != b[$0] }.sorted()) differ")
    }

    func testADuplicatedFileChangesNoPoint() throws {
        let inputs = try Self.inputs()
        let copy = inputs.first { $0.name.hasSuffix("dn-kobo-review.csv") }!
        let once = try run(inputs)
        let twice = try run(inputs + [(copy.path, "Fixtures/responses/zz-copy.csv")])
        XCTAssertTrue(twice["content3.csv"] == once["content3.csv"])
        XCTAssertTrue(twice["content3-criteria.csv"] == once["content3-criteria.csv"])
    }

    func testEveryUnitIsPresentWithinItsMaximum() throws {
        let run = try ConversionRun(set: Self.set, inputs: try Self.inputs(), options: IngestOptions(), runTime: nil)
        XCTAssertEqual(run.units.count, 128)
        XCTAssertEqual(Dictionary(grouping: run.units, by: \.index).mapValues(\.count), [IndexCode("01"): 15, IndexCode("02"): 11, IndexCode("03"): 102])
        for u in run.units {
            XCTAssertTrue(u.points >= 0 && u.points <= u.maxPoints, u.code)
            if u.respondents == 0 { XCTAssertTrue(u.flags.contains("no_responses"), u.code) }
        }
        // DV06 is not scored on 3.2.2 (not-applicable.csv): its maximum is 12 − 1.25.
        XCTAssertEqual(run.units.first { $0.code == "DV06" }?.maxPoints, Decimal(string: "10.75"))
    }

    func testAKhongBietAnswerChangesNothing() throws {
        let ingest = Ingestor(set: Self.set).ingest(try Self.inputs())
        let converter = Converter(set: Self.set)
        // Every scored select_one left blank gets "Không biết" (kb), and every kb is left blank:
        // neither is counted, so no point moves.
        let padded = ingest.accepted.map { s -> Submission in
            var s = s
            s.codes = []  // the answers change: let the conversion read them, not the validator's codes
            let form = Self.set.questionnaires.first { $0.id == s.form }!
            for q in form.scoredQuestions {
                guard case .selectOne(let list) = q.type, form.choiceLists[list]?.choice(named: "kb") != nil else { continue }
                s.answers[q.name] = s.answers[q.name] == nil ? .choice("kb") : s.answers[q.name] == .choice("kb") ? nil : s.answers[q.name]
            }
            return s
        }
        XCTAssertTrue(padded != ingest.accepted)
        XCTAssertEqual(converter.convert(padded), converter.convert(ingest.accepted))
    }

    /// The conversion looks credits up by the validator's choice codes (the fast path); without
    /// them it reads the answers (the path the rule tests check). Both must give the same results.
    func testChoiceCodesGiveTheSameResultsAsTheAnswers() throws {
        let ingest = Ingestor(set: Self.set).ingest(try Self.inputs())
        XCTAssertTrue(ingest.accepted.allSatisfy { !$0.codes.isEmpty })
        // The validator's codes, made while parsing, are the codes of the answers.
        for s in ingest.accepted {
            XCTAssertEqual(s.codes, ChoiceCodes(form: Self.set.questionnaires.first { $0.id == s.form }!).codes(s.answers), s.id)
            // … and its digest, summed while parsing, the digest of the answers.
            XCTAssertEqual(s.digestOfAnswers, AnswerDigest.of(s.answers), s.id)
        }
        let converter = Converter(set: Self.set)
        let withoutCodes = ingest.accepted.map { s -> Submission in var s = s; s.codes = []; return s }
        XCTAssertEqual(converter.convert(withoutCodes), converter.convert(ingest.accepted))
    }
}

final class ExplainTests: XCTestCase {
    /// For one unit of each index, the printout carries every sub-criterion's points and the
    /// formula that made them, and the totals.
    func testExplainShowsEveryPointOfOneUnitPerIndex() throws {
        let set = shippedSet
        let inputs = try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/responses")
            .filter { $0.hasSuffix(".csv") }.map { (root + "/Fixtures/responses/" + $0, $0) }
        let run = try ConversionRun(set: set, inputs: inputs, options: IngestOptions(), runTime: nil)
        // Through the JSON, as `khaosat explain --out DIR` reads it.
        let document = try JSONDecoder().decode(Content3Document.self, from: Data(run.files.first { $0.name == "content3.json" }!.bytes))
        for code in ["CQ02", "DV04", "22015"] {
            let unit = try XCTUnwrap(document.units.first { $0.code == code })
            XCTAssertEqual(unit, run.units.first { $0.code == code })
            let text = Explanation(unit: unit, groups: document.manifest.groupNames).render()
            func vi(_ x: Decimal) -> String { Decimals.vietnamese(x) }
            for s in unit.subcriteria where s.credit != nil {
                XCTAssertTrue(text.contains("Tiêu chí thành phần \(s.code)"), "\(code) \(s.code)")
                XCTAssertTrue(text.contains("→ làm tròn \(vi(s.points))"), "\(code) \(s.code)")
            }
            XCTAssertTrue(text.contains("Nội dung 3: tổng các tiêu chí = \(vi(unit.points)) / \(vi(unit.maxPoints)) điểm"), code)
        }
        // Sở Nội vụ, 3.1.1: 4 provincial delegates (Google grid and mixed-groups file), mean 0.85 → 1.25 × 0.85 = 1.0625 → 1.06.
        let cq02 = Explanation(unit: document.units.first { $0.code == "CQ02" }!, groups: document.manifest.groupNames)
            .render(criterion: "3.1.1")
        XCTAssertTrue(cq02.contains("Điểm = 1,25 × 0,85 = 1,0625 → làm tròn 1,06"), cq02)
    }
}

/// The shipped forms as .xlsx workbooks (Fixtures/xlsx/forms-dak-lak-2025, made from the CSV
/// forms by Fixtures/tools/xlsx_fixtures.py) convert the fixtures to the same bytes.
final class WorkbookFormsRunTests: XCTestCase {
    func testWorkbookFormsConvertToTheSameFiles() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID())/dak-lak-2025").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: copy).deletingLastPathComponent().path) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: copy).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repoPath("Questionnaires/dak-lak-2025"), toPath: copy)
        for name in ["dn-tc-cd", "hdnd-tinh", "hdnd-xa"] {
            try FileManager.default.removeItem(atPath: copy + "/forms/" + name + ".csv")
            try FileManager.default.copyItem(atPath: repoPath("Fixtures/xlsx/forms-dak-lak-2025/" + name + ".xlsx"),
                                             toPath: copy + "/forms/" + name + ".xlsx")
        }
        let loaded = SetLoader.load(directory: copy)
        XCTAssertEqual(loaded.problems.map(\.description), [])
        let workbookSet = try XCTUnwrap(loaded.set)
        XCTAssertEqual(workbookSet.files.filter { $0.hasPrefix("forms/") }, ["forms/dn-tc-cd.xlsx", "forms/hdnd-tinh.xlsx", "forms/hdnd-xa.xlsx"])

        let inputs = try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/responses").sorted()
            .map { (root + "/Fixtures/responses/" + $0, "Fixtures/responses/" + $0) }
        func files(_ set: QuestionnaireSet) throws -> [String: [UInt8]] {
            let run = try ConversionRun(set: set, inputs: inputs, options: IngestOptions(), runTime: nil)
            return Dictionary(uniqueKeysWithValues: run.files.map { ($0.name, $0.bytes) })
        }
        let (csv, xlsx) = (try files(shippedSet), try files(workbookSet))
        for name in ["content3.csv", "content3-criteria.csv", "quarantine.csv"] {
            XCTAssertTrue(csv[name] == xlsx[name], name)
        }
        // content3.json differs only where its manifest hashes the set's own files.
        func document(_ bytes: [UInt8]?) throws -> Content3Document {
            var d = try JSONDecoder().decode(Content3Document.self, from: Data(try XCTUnwrap(bytes)))
            d.manifest.setFiles = d.manifest.setFiles.filter { !$0.path.hasPrefix("forms/") }
            return d
        }
        XCTAssertEqual(try document(csv["content3.json"]), try document(xlsx["content3.json"]))
    }
}

/// The same six submissions delivered every way a contractor can (Fixtures/layouts, made by the
/// scripts in Fixtures/tools) convert to the same points, byte for byte.
final class SameSubmissionsEveryFormatTests: XCTestCase {
    func testEveryFormatConvertsToTheSameBytes() throws {
        func files(_ name: String) throws -> [String: [UInt8]] {
            let run = try ConversionRun(set: shippedSet, inputs: [(repoPath("Fixtures/layouts/" + name), name)],
                                        options: IngestOptions(), runTime: nil)
            XCTAssertEqual(run.ingest.total.accepted, 6, name)
            return Dictionary(uniqueKeysWithValues: run.files.map { ($0.name, $0.bytes) })
        }
        let reference = try files("dn-canonical.csv")
        // Fixtures/tools/field_exports.py: ODK Central's split select multiples (a5 left c321_2 blank:
        // every 0/1 column says 0 and the summary is empty, so c321_2 is not answered, as in the
        // canonical file), KoBo labels with select_multiple in one column, KoBo's "%" and empty
        // group separators.
        for name in ["dn-kobo.csv", "dn-kobo.xlsx", "dn-canonical.xlsx", "dn-google-forms.xlsx", "dn-spss.sav", "dn-spss.zsav",
                     "dn-odk-split.csv", "dn-kobo-labels-single.csv", "dn-kobo-sep-percent.csv", "dn-kobo-sep-empty.csv"] {
            let other = try files(name)
            for output in ["content3.csv", "content3-criteria.csv", "quarantine.csv"] {
                XCTAssertTrue(other[output] == reference[output], "\(name): \(output)")
            }
        }
        // A hand-made sheet: title rows above the header, a totals row set aside under the data.
        let handmade = try files("dn-handmade.xlsx")
        for output in ["content3.csv", "content3-criteria.csv"] {
            XCTAssertTrue(handmade[output] == reference[output], "dn-handmade.xlsx: \(output)")
        }
    }
}

/// Fixtures/responses/hdnd-xa-canonical.csv as a survey firm's SPSS file (Fixtures/tools/field_exports.py):
/// every choice and both unit columns coded with value labels, "Không biết" coded 99 and declared
/// missing. Same points, and every row set aside for the same reason.
final class SPSSValueLabelTests: XCTestCase {
    func testCodedUnitsAndDeclaredMissingChoicesGiveTheCanonicalPoints() throws {
        func run(_ path: String, _ name: String) throws -> ConversionRun {
            try ConversionRun(set: shippedSet, inputs: [(repoPath(path), name)], options: IngestOptions(), runTime: nil)
        }
        let canonical = try run("Fixtures/responses/hdnd-xa-canonical.csv", "hdnd-xa.csv")
        let spss = try run("Fixtures/layouts/hdnd-xa-spss.sav", "hdnd-xa.sav")
        XCTAssertEqual(spss.ingest.failures.map(\.file), [])
        func file(_ run: ConversionRun, _ name: String) -> [UInt8]? { run.files.first { $0.name == name }?.bytes }
        for name in ["content3.csv", "content3-criteria.csv"] {
            XCTAssertTrue(file(spss, name) == file(canonical, name), name)
        }
        // x1 and x7 accepted (respondent_unit coded 4 and 5, labelled with their communes' names);
        // x6 answered 99 = "Không biết/Không trả lời" everywhere: INCOMPLETE as in the CSV, not REQUIRED_MISSING.
        func reasons(_ run: ConversionRun) -> [String] { run.ingest.quarantine.map { "\($0.submissionId) \($0.reason.rawValue)" } }
        XCTAssertEqual(reasons(spss), reasons(canonical))
        XCTAssertEqual(reasons(spss), ["x2 UNIT_OWN_MISSING", "x3 GROUP_NOT_ALLOWED", "x4 UNIT_NOT_OWN", "x5 UNIT_UNKNOWN", "x6 INCOMPLETE"])
        XCTAssertEqual(spss.ingest.total.accepted, 2)
    }
}

/// The manifest's input hashes are taken while the inputs are read (no second read); they must
/// be what `sha256sum` says of the file, in every format, and for a file that breaks halfway.
final class InputHashTests: XCTestCase {
    func testHashesTakenWhileReadingAreTheFilesHashes() throws {
        let inputs = ["layouts/dn-canonical.csv", "layouts/dn-kobo.xlsx", "layouts/dn-spss.sav", "exports/odk-export.csv.zip"]
            .map { (repoPath("Fixtures/" + $0), $0) }
        var ingestor = Ingestor(set: shippedSet)
        ingestor.hashesInputs = true
        let result = ingestor.validate(inputs)
        XCTAssertEqual(result.failures.map(\.file), [])
        for (path, name) in inputs {
            let digest = try XCTUnwrap(result.digests[name], name)
            let whole = try Manifest.FileHash.of(path: path, name: name)
            XCTAssertEqual([digest.sha256, String(digest.bytes)], [whole.sha256, String(whole.bytes)], name)
        }
        // A CSV that stops at a stray quote: no digest from the partial read; the manifest reads it whole.
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-hash-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: broken) }
        let text = try String(contentsOfFile: repoPath("Fixtures/layouts/dn-canonical.csv"), encoding: .utf8)
        try (text + "x,\"y\"z\n").write(to: broken, atomically: true, encoding: .utf8)
        let run = try ConversionRun(set: shippedSet, inputs: [(broken.path, "broken.csv")], options: IngestOptions(), runTime: nil)
        XCTAssertEqual(run.ingest.failures.map(\.file), ["broken.csv"])
        XCTAssertNil(run.ingest.digests["broken.csv"])
        let document = try JSONDecoder().decode(Content3Document.self, from: Data(run.files.last!.bytes))
        XCTAssertEqual(document.manifest.inputs.first?.file.sha256, try Manifest.FileHash.of(path: broken.path, name: "x").sha256)
    }
}

/// Issue 24, item 12: an index may set its own content points, completeness, select_multiple rule
/// and respondent-id questions (`indices.csv`); the others keep `set.csv`'s.
final class PerIndexSettingsTests: XCTestCase {
    private let directory = repoPath("Fixtures/sets/per-index")

    func testEachIndexIsConvertedUnderItsOwnParameters() throws {
        let loaded = SetLoader.load(directory: directory)
        XCTAssertEqual(loaded.problems, [])  // Chỉ số 02 adds up to its own 6 points, the others to 12
        let set = try XCTUnwrap(loaded.set)
        let run = try ConversionRun(set: set, inputs: [(repoPath("Fixtures/per-index/tinh.csv"), "tinh.csv")],
                                    options: IngestOptions(), runTime: nil)
        // CQ01 (01: ma_db identifies a delegate): line 4 is D1 again with other answers, line 2 gives way.
        // DV01 (02: min_completeness 1): line 7 leaves q2 at "Không biết" and is incomplete; no id rule.
        XCTAssertEqual(run.ingest.quarantine.map { "\($0.source.line) \($0.reason.rawValue)" }.sorted(),
                       ["2 DUPLICATE_RESPONDENT", "7 INCOMPLETE"])
        XCTAssertTrue(run.ingest.files.allSatisfy(\.balances))
        func a1(_ unit: String) throws -> Decimal {
            try XCTUnwrap(run.units.first { $0.code == unit }?.subcriteria.first { $0.code == "A.1" }).points
        }
        // A.1 = mean over respondents of (q1 + 2·q3) / 3, q3 = "a" alone or "a b" (both score 1).
        // 01, share (a alone = 1/2): lines 3, 4 → (0.6 + 2)/3 and (1 + 1)/3 → mean 4.6/6 × 6 points = 4.60.
        XCTAssertEqual(try a1("CQ01"), Decimal(string: "4.6"))
        // 02, best (a alone = 1): lines 5, 6 → (1 + 2)/3 and (0.6 + 2)/3 → mean 5.6/6 × 3 points = 2.80.
        XCTAssertEqual(try a1("DV01"), Decimal(string: "2.8"))
        // The manifest says which parameters each index ran under.
        let json = try XCTUnwrap(run.files.first { $0.name == "content3.json" }.map { String(decoding: $0.bytes, as: UTF8.self) })
        let written = try JSONDecoder().decode(Content3Document.self, from: Data(json.utf8)).manifest.indexSettings
        XCTAssertEqual(written?["02"], IndexSettings(contentPoints: 6, minCompleteness: 1, selectMultiple: .best, respondentIdQuestions: []))
        XCTAssertEqual(written?["01"], IndexSettings(contentPoints: 12, minCompleteness: 0.5, selectMultiple: .share, respondentIdQuestions: ["ma_db"]))
    }

    func testAnIndexThatDoesNotAddUpToItsOwnPointsIsRefused() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-per-index-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: directory, toPath: copy)
        let indices = try String(contentsOfFile: copy + "/indices.csv", encoding: .utf8)
        try indices.replacingOccurrences(of: "no,6,1,best", with: "no,7,2,most").write(toFile: copy + "/indices.csv", atomically: true, encoding: .utf8)
        let problems = SetLoader.load(directory: copy).problems
        XCTAssertEqual(problems.map(\.kind), [
            .pointsDoNotAddUp(index: IndexCode("02"), total: 6, expected: 7),
            .invalidValue(column: "min_completeness", value: "2", expected: "một số từ 0 đến 1"),
            .invalidValue(column: "select_multiple", value: "most", expected: "share hoặc best"),
        ])
        XCTAssertEqual(problems.map { "\($0.location.file.split(separator: "/").last!):\($0.location.line)" },
                       ["blueprint.csv:4", "indices.csv:3", "indices.csv:3"])
    }
}

/// Issue 25: pseudonyms change who a value says, never what a submission counts for.
final class PseudonymRunTests: XCTestCase {
    func testPointsAreTheSameWithAndWithoutPseudonyms() throws {
        let inputs = ["planted.csv", "planted.xlsx", "planted.sav"].map { (repoPath("Fixtures/personal-data/" + $0), $0) }
            + [fixture("dn-dirty.csv")]
        func files(_ key: PseudonymKey?) throws -> [String: [UInt8]] {
            let run = try ConversionRun(set: shippedSet, inputs: inputs, options: IngestOptions(pseudonyms: key), runTime: nil)
            return Dictionary(uniqueKeysWithValues: run.files.map { ($0.name, $0.bytes) })
        }
        let plain = try files(nil), keyed = try files(try PseudonymKey.read(path: Tool.demoKey))
        XCTAssertEqual(keyed["content3.csv"], plain["content3.csv"])
        XCTAssertEqual(keyed["content3-criteria.csv"], plain["content3-criteria.csv"])
        // Only the pseudonyms differ in what was set aside: the same rows, for the same reasons.
        func reasons(_ f: [String: [UInt8]]) throws -> [String] {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-q-\(UUID()).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(f["quarantine.csv"]!).write(to: URL(fileURLWithPath: path))
            return try CSVRecords(path: path).rows.map { "\($0["file"]!):\($0["line"]!) \($0["reason"]!)" }
        }
        XCTAssertEqual(try reasons(keyed), try reasons(plain))
        XCTAssertNotEqual(keyed["quarantine.csv"], plain["quarantine.csv"])
    }
}
