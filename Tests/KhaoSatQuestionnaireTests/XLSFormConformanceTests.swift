import Foundation
import KhaoSatCSV
@testable import KhaoSatQuestionnaire
import KhaoSatTestSupport
import XCTest

/// `Fixtures/xlsform-conformance`: forms written for KhaoSat (not copied from elsewhere), one
/// rule each. `valid/` must load without a problem, `invalid/` must be refused with the cell;
/// where xls2xform is installed, pyxform must give the same verdict on every one.
final class XLSFormConformanceTests: XCTestCase {
    private let folder = repoPath("Fixtures/xlsform-conformance")

    private func load(_ path: String) throws -> (Questionnaire?, [SetProblem]) {
        var problems: [SetProblem] = []
        let sheets = path.hasSuffix(".xlsx")
            ? try XLSFormLoader.sheets(workbook: path, name: path)
            : try XLSFormLoader.sheets(singleFile: path, name: path)
        let form = XLSFormLoader.questionnaire(from: sheets, source: path, files: [path], problems: &problems)
        return (form, problems)
    }

    private func forms(_ verdict: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder + "/" + verdict).sorted().map { folder + "/" + verdict + "/" + $0 }
    }

    func testEveryValidFormLoadsAndEveryInvalidOneIsRefusedWithItsCell() throws {
        for path in try forms("valid") {
            let (form, problems) = try load(path)
            XCTAssertNotNil(form, path)
            XCTAssertEqual(problems.map(\.description), [], path)
        }
        let expected: [String: (kind: SetProblem.Kind, line: Int, field: Int)] = [
            "duplicate-choice-name.csv": (.duplicateName("a", firstLine: 5), 6, 3),
            "duplicate-name.csv": (.duplicateName("ten", firstLine: 3), 4, 3),
            "duplicate-repeat-name.csv": (.duplicateName("lap", firstLine: 4), 8, 3),
            "end-without-begin.csv": (.unmatchedEnd("end_group"), 4, 2),
            "invalid-name.csv": (.invalidName("1ten"), 3, 3),
            "name-with-space.csv": (.invalidName("ho ten"), 3, 3),
            "select-without-list.csv": (.missingChoiceListName("select_one"), 3, 2),
            "type-missing.csv": (.missingValue(column: "type"), 3, 2),
            "unbalanced-group.csv": (.unbalancedGroup("nhom"), 3, 2),
            "unknown-choice-list.csv": (.unknownChoiceList("khong_co"), 3, 2),
            "unknown-type.csv": (.unknownQuestionType("geopoin"), 3, 2),
        ]
        let invalid = try forms("invalid")
        XCTAssertEqual(Set(invalid.map { URL(fileURLWithPath: $0).lastPathComponent }), Set(expected.keys))
        for path in invalid {
            let (_, problems) = try load(path)
            let want = try XCTUnwrap(expected[URL(fileURLWithPath: path).lastPathComponent])
            // One problem each, at the cell to fix (line and CSV column).
            XCTAssertEqual(problems.map(\.kind), [want.kind], path)
            XCTAssertEqual(problems.first?.location, FileLocation(file: path, line: want.line, field: want.field), path)
        }
    }

    /// Valid XLSForm, but not a form KhaoSat can score: a scored select_multiple is coded one bit
    /// a choice, so it offers at most 29; an unscored one may offer any number.
    func testAScoredSelectMultipleWithThirtyChoicesIsRefusedAtItsTypeCell() throws {
        func form(choices: Int, scored: Bool) throws -> [SetProblem] {
            let lines = ["survey,type,name,label,subcriterion",
                         ",select_one_from_file units.csv,don_vi,Đơn vị,",
                         ",select_multiple nhieu,ly_do,Lý do," + (scored ? "3.1.1" : ""),
                         "choices,list_name,name,label,score"]
                + (1...choices).map { ",nhieu,c\($0),Lựa chọn \($0),1" }
                + ["settings,form_id,form_title,respondent_group,unit_question,version", ",f,Phiếu,dn_tc_cd,don_vi,1"]
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-choices-\(UUID()).csv").path
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try load(path).1
        }
        XCTAssertEqual(try form(choices: 29, scored: true), [])
        XCTAssertEqual(try form(choices: 30, scored: false), [])
        let refused = try form(choices: 30, scored: true)
        XCTAssertEqual(refused.map(\.kind), [.tooManyScoredChoices(question: "ly_do", choices: 30)])
        XCTAssertEqual(refused.first.map { [$0.location.line, $0.location.field] }, [3, 2])  // ly_do's type cell
        XCTAssertTrue(refused[0].description.contains("tối đa 29 lựa chọn"), refused[0].description)
    }

    func testTypesSpellingsAndHeadersAreReadAsPyxformReadsThem() throws {
        let (all, _) = try load(folder + "/valid/all-types.csv")
        let types = Dictionary(uniqueKeysWithValues: all!.items.map { ($0.name, $0.type) })
        XCTAssertEqual(types["vi_tri"], .other("geopoint"))
        XCTAssertEqual(types["thoi_diem_2"], .dateTime)
        XCTAssertEqual(types["deviceid"], .metadata("deviceid"))
        XCTAssertEqual(types["thang_diem"], .range(list: ""), "unscored: no steps are made")
        XCTAssertEqual(types["xep_hang"], .rank(list: "mau"))
        XCTAssertFalse(all!.questions.contains { $0.name == "danh_muc" }, "xml-external has no answer column")

        let (old, _) = try load(folder + "/valid/old-spellings.csv")
        let q = Dictionary(uniqueKeysWithValues: old!.items.map { ($0.name, $0) })
        XCTAssertEqual(q["co_khong"]?.type, .selectOne(list: "yn"))
        XCTAssertEqual(q["mau_ua_thich"]?.type, .selectMultiple(list: "mau"))
        XCTAssertEqual(q["co_khong_khac"]?.type, .selectOne(list: "yn or_other"))
        XCTAssertEqual(old!.choiceLists["yn or_other"]?.choices.map(\.name), ["yes", "no", "other"])
        XCTAssertNil(old!.choiceLists["yn or_other"]?.choice(named: "other")?.score, "other is unscored")
        XCTAssertEqual(q["so_luong"]?.groupPath, ["vong_mau"], "begin loop over is a repeat")
        XCTAssertEqual(q["don_vi"]?.type, .selectOneFromFile(file: "units.csv"))

        let (headers, _) = try load(folder + "/valid/headers.csv")
        let age = headers!.question(named: "tuoi")!
        XCTAssertEqual(age.labels, ["English": "Age", "Tiếng Việt (vi)": "Tuổi"], "Label:English = label::English")
        XCTAssertTrue(age.required, "Required = TRUE")
        XCTAssertEqual(age.constraint, ". >= 18 and . <= 99", "CONSTRAINT")
        XCTAssertEqual(headers!.question(named: "ghi_chu")?.relevant, "${tuoi} > 30", "Relevance is relevant")
        XCTAssertEqual(headers!.choiceLists["yn"]?.choices.first?.labels["English"], "Yes", "LIST NAME = list_name")
    }

    func testScoredRangeAndRankAndOrOther() throws {
        let (form, problems) = try load(folder + "/valid/scored-range-rank.csv")
        XCTAssertEqual(problems, [])
        // range 1..5 step 1: five steps credited (v − 1) / 4.
        let steps = try XCTUnwrap(form?.choiceLists["range diem_thang"])
        XCTAssertEqual(steps.choices.map(\.name), ["1", "2", "3", "4", "5"])
        XCTAssertEqual(steps.choices.map(\.score), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(form?.question(named: "diem_thang")?.type, .range(list: "range diem_thang"))
        XCTAssertEqual(form?.question(named: "uu_tien")?.weight, 2)
        XCTAssertEqual(form?.scoredQuestions.map(\.name), ["diem_thang", "uu_tien", "muc_khac"])
    }

    func testMessagesNameTheWorkbookCell() throws {
        let (_, problems) = try load(repoPath("Fixtures/xlsx/bad-type.xlsx"))
        XCTAssertEqual(problems.count, 1)
        let problem = try XCTUnwrap(problems.first)
        XCTAssertEqual(problem.kind, .unknownQuestionType("geopoin"))
        XCTAssertEqual(problem.location.description, repoPath("Fixtures/xlsx/bad-type.xlsx") + ":survey!B4")
    }

    func testTheShippedFormsAsWorkbooksAreTheSameQuestionnaires() throws {
        let forms = repoPath("Questionnaires/dak-lak-2025/forms")
        for name in ["dn-tc-cd", "hdnd-tinh", "hdnd-xa"] {
            let (csv, p1) = try load(forms + "/" + name + ".csv")
            let (xlsx, p2) = try load(repoPath("Fixtures/xlsx/forms-dak-lak-2025/" + name + ".xlsx"))
            XCTAssertEqual(p1 + p2, [], name)
            XCTAssertEqual(try withoutPlaces(XCTUnwrap(xlsx)), try withoutPlaces(XCTUnwrap(csv)), name)
        }
    }

    /// Lines and files differ between a workbook and a CSV file; everything else must not.
    private func withoutPlaces(_ form: Questionnaire) -> Questionnaire {
        var f = form
        f.files = []
        f.items = f.items.map { var q = $0; q.line = 0; return q }
        f.choiceLists = f.choiceLists.mapValues { l in ChoiceList(name: l.name, choices: l.choices.map { var c = $0; c.line = 0; return c }) }
        return f
    }

    /// In a workbook the settings sheet comes after the choices; it still decides whether a
    /// repeated choice name is allowed.
    func testChoiceDuplicatesInAWorkbookFollowTheSettingsSheetAfterThem() throws {
        let (allowed, none) = try load(repoPath("Fixtures/xlsx/allow-choice-duplicates.xlsx"))
        XCTAssertEqual(none.map(\.description), [])
        let muc = try XCTUnwrap(allowed?.choiceLists["muc"])
        XCTAssertEqual(muc.choices.map(\.name), ["1", "1", "2"])
        XCTAssertEqual(muc.choice(named: "1")?.labels, ["": "Tốt"], "the first of a repeated name")

        let path = repoPath("Fixtures/xlsx/duplicate-choice-name.xlsx")
        let (_, problems) = try load(path)
        XCTAssertEqual(problems.map(\.kind), [.duplicateName("a", firstLine: 2)])
        // choices!B3: the second "a", under the header in row 1.
        XCTAssertEqual(problems.first?.location, FileLocation(file: path, line: 3, field: 2, sheet: "choices"))
    }

    func testPyxformGivesTheSameVerdict() throws {
        guard let xls2xform = findExecutable("xls2xform") else {
            throw XCTSkip("xls2xform not installed (pip install pyxform); .ci/run installs it")
        }
        for (verdict, accepted) in [("valid", true), ("invalid", false)] {
            for path in try forms(verdict) {
                let (status, output, _) = try pyxform(xls2xform, path)
                XCTAssertEqual(status == 0, accepted, "\(path): \(output)")
            }
        }
    }
}
