import KhaoSatCSV
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatQuestionnaire

/// Each broken set under Fixtures/sets is the valid `mini` set with one deliberate mistake.
final class CheckTests: XCTestCase {
    private func problems(_ set: String) -> [(file: String, line: Int, kind: SetProblem.Kind)] {
        let directory = repoPath("Fixtures/sets/" + set)
        return SetLoader.load(directory: directory).problems.map {
            (String($0.location.file.dropFirst(directory.count + 1)), $0.location.line, $0.kind)
        }
    }

    private func assertOnly(_ set: String, _ file: String, _ line: Int, _ kind: SetProblem.Kind,
                            sourceLine: UInt = #line) {
        let found = problems(set)
        XCTAssertEqual(found.count, 1, "\(found)", line: sourceLine)
        XCTAssertEqual(found.first?.file, file, line: sourceLine)
        XCTAssertEqual(found.first?.line, line, line: sourceLine)
        XCTAssertEqual(found.first?.kind, kind, line: sourceLine)
    }

    /// A group that rates only its own unit needs the question that says which unit that is;
    /// without it every row would be set aside (UNIT_OWN_MISSING), so `check` refuses the form.
    func testAnOwnUnitGroupsFormMustAskTheRespondentsUnit() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-own-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Questionnaires/dak-lak-2025"), toPath: copy)
        let form = copy + "/forms/hdnd-xa.csv"
        let lines = try String(contentsOfFile: form, encoding: .utf8).components(separatedBy: "\n")
        try lines.filter { !$0.contains(",respondent_unit,") }.joined(separator: "\n").write(toFile: form, atomically: true, encoding: .utf8)
        let found = SetLoader.load(directory: copy).problems
        XCTAssertEqual(found.map(\.kind), [.ownUnitQuestionMissing(group: "dbhdnd_xa")])
        XCTAssertEqual(found.first?.location, FileLocation(file: form, line: 1))
        XCTAssertEqual(SetLoader.load(directory: repoPath("Questionnaires/dak-lak-2025")).problems, [])
    }

    /// The indices are the set's (`indices.csv`): a unit of an index it does not list is refused
    /// with the list, and each listed index must have its points.
    func testIndicesComeFromTheSet() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-idx-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        try (try String(contentsOfFile: copy + "/indices.csv", encoding: .utf8) + "04,Chỉ số 04 – Thử,no\n")
            .write(toFile: copy + "/indices.csv", atomically: true, encoding: .utf8)
        try (try String(contentsOfFile: copy + "/units.csv", encoding: .utf8) + "X1,05,Đơn vị thử,sở,,\n")
            .write(toFile: copy + "/units.csv", atomically: true, encoding: .utf8)
        let loaded = SetLoader.load(directory: copy)
        XCTAssertEqual(loaded.problems.map(\.kind), [
            .pointsDoNotAddUp(index: IndexCode("04"), total: 0, expected: 12),
            .indexWithoutUnits(IndexCode("04")),
            .invalidValue(column: "index", value: "05", expected: "một mã của indices.csv (01, 02, 03, 04)"),
        ])
        XCTAssertEqual(loaded.set?.indices.map(\.title).last, "Chỉ số 04 – Thử")
    }

    /// The points of Content 3 are the set's: no number is assumed when set.csv leaves them out
    /// and an index has none of its own.
    func testContentPointsMustBeInTheSet() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-pts-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        let lines = try String(contentsOfFile: copy + "/set.csv", encoding: .utf8).components(separatedBy: "\n")
        try lines.filter { !$0.hasPrefix("content_points") }.joined(separator: "\n").write(toFile: copy + "/set.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(SetLoader.load(directory: copy).problems.map(\.kind),
                       [.invalidValue(column: "content_points", value: "", expected: "số điểm của Nội dung 3, ví dụ 12 "
                                      + "(hoặc cột content_points của mỗi Chỉ số trong indices.csv)")])
        // Every index with its own points: set.csv needs none.
        try """
        code,title,official_units,content_points
        01,"Chỉ số 01 – Sở, ban, ngành",no,12
        02,Chỉ số 02 – Đơn vị sự nghiệp công lập,no,12
        03,"Chỉ số 03 – UBND xã, phường",yes,12

        """.write(toFile: copy + "/indices.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(SetLoader.load(directory: copy).problems, [])
    }

    func testMiniSetIsValidAndReadsBothXLSFormLayouts() throws {
        let loaded = SetLoader.load(directory: repoPath("Fixtures/sets/mini"))
        XCTAssertEqual(loaded.problems, [])
        let set = try XCTUnwrap(loaded.set)
        let folderForm = try XCTUnwrap(set.questionnaires.first { $0.id == "mini_xa" })
        XCTAssertEqual(folderForm.files, ["forms/xa/survey.csv", "forms/xa/choices.csv", "forms/xa/settings.csv"])
        XCTAssertEqual(folderForm.question(named: "x1")?.subcriterion, "B.1")
        let singleFile = try XCTUnwrap(set.questionnaires.first { $0.id == "mini_tinh" })
        XCTAssertEqual(singleFile.question(named: "q3")?.type, .selectMultiple(list: "ck"))
        XCTAssertTrue(SetSummary.render(set).contains("Chỉ số 03 – UBND xã, phường: 12.00 điểm"))
    }

    func testUnknownChoiceList() {
        assertOnly("broken-unknown-choice-list", "forms/tinh.csv", 4, .unknownChoiceList("khong_co"))
    }

    func testDuplicateName() {
        assertOnly("broken-duplicate-name", "forms/tinh.csv", 4, .duplicateName("q1", firstLine: 3))
    }

    func testChoiceNameWithSpaceInSelectMultipleList() {
        assertOnly("broken-choice-name-with-space", "forms/tinh.csv", 11, .choiceNameWithSpace(list: "ck", name: "a b"))
    }

    func testScoreOutsideZeroToOne() {
        assertOnly("broken-score-out-of-range", "forms/tinh.csv", 8, .scoreOutOfRange("1.5"))
    }

    func testQuestionPointingAtUnknownSubcriterion() {
        assertOnly("broken-unknown-subcriterion", "forms/tinh.csv", 3, .unknownSubcriterion("Z.9"))
    }

    func testSubcriterionNoQuestionFeeds() {
        assertOnly("broken-subcriterion-not-fed", "blueprint.csv", 8,
                   .subcriterionNotFed(index: IndexCode("03"), code: "B.1", group: "g_xa"))
    }

    func testPointsThatDoNotAddUpTo12() {
        assertOnly("broken-points-do-not-add-up", "blueprint.csv", 6,
                   .pointsDoNotAddUp(index: IndexCode("03"), total: 13, expected: 12))
    }

    func testUnitCodeUsedTwice() {
        assertOnly("broken-duplicate-unit-code", "units.csv", 3, .duplicateUnitCode("CQ01", firstLine: 2))
    }

    func testCommuneCodeThatIsNotOfficial() {
        let found = problems("broken-unofficial-commune-code")
        XCTAssertEqual(found.map(\.file), ["official-communes.csv", "units.csv"])
        XCTAssertEqual(found.map(\.line), [3, 5])
        XCTAssertEqual(found.map(\.kind), [.missingOfficialCommune(code: "24133", name: "Phường Buôn Ma Thuột"),
                                           .unofficialCommuneCode("24999")])
    }

    func testMissingFolderReportsEachMissingFile() {
        let found = problems("does-not-exist")
        XCTAssertTrue(found.contains { $0.file == "units.csv" && $0.kind == .missingFile })
        XCTAssertTrue(found.contains { $0.file == "forms" && $0.kind == .missingFile })
    }
}

extension CheckTests {
    /// Issue 24, item 11: an index no unit belongs to would vanish from every output.
    func testAnIndexWithoutUnitsIsRefused() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-empty-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        let blueprint = try String(contentsOfFile: copy + "/blueprint.csv", encoding: .utf8)
        let indexOne = blueprint.components(separatedBy: "\n").filter { $0.hasPrefix("01,") }
        // Index 04 has its points (a copy of index 01's sub-criteria) but no unit.
        try (blueprint + indexOne.map { "04" + $0.dropFirst(2) + "\n" }.joined()).write(toFile: copy + "/blueprint.csv", atomically: true, encoding: .utf8)
        try (try String(contentsOfFile: copy + "/indices.csv", encoding: .utf8) + "04,Chỉ số 04 – Thử,no\n")
            .write(toFile: copy + "/indices.csv", atomically: true, encoding: .utf8)
        try (try String(contentsOfFile: copy + "/groups.csv", encoding: .utf8)).replacingOccurrences(of: "01 02 03", with: "01 02 03 04")
            .write(toFile: copy + "/groups.csv", atomically: true, encoding: .utf8)
        let found = SetLoader.load(directory: copy).problems
        XCTAssertEqual(found.map(\.kind), [.indexWithoutUnits(IndexCode("04"))])
        XCTAssertEqual(found.first?.location.line, 5)
        XCTAssertTrue(found.first?.description.contains("Chỉ số 04 không có đơn vị nào trong units.csv") ?? false)
    }
}

/// Issue 27, item 1: rosters.csv gives rostered groups their size; check refuses what cannot apply.
final class RosterCheckTests: XCTestCase {
    private func load(_ rosters: String) throws -> LoadedSet {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-roster-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: copy)
        try rosters.write(toFile: copy + "/rosters.csv", atomically: true, encoding: .utf8)
        return SetLoader.load(directory: copy)
    }

    func testTheNarrowestRowApplies() throws {
        let loaded = try load("group,index,unit_code,population\ng_tinh,,,60\ng_tinh,03,,58\ng_xa,,22015,21\n")
        XCTAssertEqual(loaded.problems.map(\.kind), [])
        let set = try XCTUnwrap(loaded.set)
        XCTAssertEqual(set.files.contains("rosters.csv"), true)
        XCTAssertEqual(set.rosters.population(group: "g_tinh", unit: set.units["CQ01"]!), 60)
        XCTAssertEqual(set.rosters.population(group: "g_tinh", unit: set.units["24133"]!), 58)
        XCTAssertEqual(set.rosters.population(group: "g_xa", unit: set.units["22015"]!), 21)
        XCTAssertNil(set.rosters.population(group: "g_xa", unit: set.units["24133"]!))
    }

    func testEveryWrongRowIsNamedWithItsLine() throws {
        let loaded = try load("""
            group,index,unit_code,population
            g_tinh,,,60
            g_tinh,,,61
            g_nobody,,,5
            g_xa,01,,5
            g_xa,,CQ01,5
            g_tinh,02,22015,5
            g_tinh,,X999,5
            g_tinh,,,sáu mươi
            """)
        XCTAssertEqual(loaded.problems.map { "\($0.location.line) \($0.kind)" }, [
            "3 \(SetProblem.Kind.duplicateRoster(group: "g_tinh", firstLine: 2))",
            "4 \(SetProblem.Kind.unknownGroup("g_nobody"))",
            "5 \(SetProblem.Kind.groupCannotRateIndex(group: "g_xa", index: IndexCode("01")))",
            "6 \(SetProblem.Kind.groupCannotRateIndex(group: "g_xa", index: IndexCode("01")))",
            "7 \(SetProblem.Kind.invalidValue(column: "index", value: "02", expected: "03 (Chỉ số của 22015), hoặc để trống"))",
            "8 \(SetProblem.Kind.unknownUnit("X999"))",
            "9 \(SetProblem.Kind.invalidValue(column: "population", value: "sáu mươi", expected: "số người của nhóm (số nguyên dương), ví dụ 69"))",
        ])
        XCTAssertTrue(loaded.problems[0].description.contains("rosters.csv"), loaded.problems[0].description)
    }
}

/// Issue 25, item 1: every value that identifies a person is declared in set.csv with what it is
/// used for; a contact needs a consent question; a hint must not promise less than the set does.
final class PersonalDataDeclarationTests: XCTestCase {
    private func shippedCopy(_ edit: (inout String, inout String) -> Void) throws -> LoadedSet {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-pd-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: repoPath("Questionnaires/dak-lak-2025"), toPath: copy)
        var settings = try String(contentsOfFile: copy + "/set.csv", encoding: .utf8)
        var form = try String(contentsOfFile: copy + "/forms/dn-tc-cd.csv", encoding: .utf8)
        edit(&settings, &form)
        try settings.write(toFile: copy + "/set.csv", atomically: true, encoding: .utf8)
        try form.write(toFile: copy + "/forms/dn-tc-cd.csv", atomically: true, encoding: .utf8)
        return SetLoader.load(directory: copy)
    }

    func testTheShippedSetDeclaresWhatItCollects() throws {
        let loaded = SetLoader.load(directory: repoPath("Questionnaires/dak-lak-2025"))
        XCTAssertEqual(loaded.problems, [])
        XCTAssertEqual(loaded.warnings, [])
        let declared = try XCTUnwrap(loaded.set).settings.personalData
        XCTAssertEqual(declared.questions, ["ma_dai_bieu": [.dedupe], "ma_nguoi_tl": [.dedupe, .contact]])
        XCTAssertEqual([declared.consentQuestion, declared.consentChoice], ["dong_y_lien_he", "co"])
        XCTAssertEqual(declared.retentionDays, 365)
    }

    func testUndeclaredIdsAContactWithoutConsentAndANarrowHintAreReported() throws {
        var loaded = try shippedCopy { settings, _ in
            settings = settings.replacingOccurrences(of: "personal_data_questions,ma_dai_bieu:dedupe ma_nguoi_tl:dedupe+contact",
                                                     with: "personal_data_questions,ma_nguoi_tl:contact so_cccd:dedupe")
            settings = settings.replacingOccurrences(of: "contact_consent,dong_y_lien_he=co\n", with: "")
        }
        XCTAssertEqual(loaded.problems.map(\.kind), [
            .personalDataUndeclared("ma_dai_bieu", purpose: .dedupe),
            .personalDataUndeclared("ma_nguoi_tl", purpose: .dedupe),
            .personalDataQuestionNotFound("so_cccd"),
            .consentUndeclared,
        ])
        // The old hint said "only to remove duplicates", while the set also calls the respondent back.
        loaded = try shippedCopy { _, form in
            form = form.replacingOccurrences(of: "Không bắt buộc. Dùng để loại phiếu trùng và, chỉ khi ông/bà đồng ý ở câu sau, để gọi lại "
                                             + "phúc tra; được thay bằng mã bí danh ngay khi nhập, không công bố.",
                                             with: "Không bắt buộc; chỉ dùng để loại phiếu trùng, không công bố.")
        }
        XCTAssertEqual(loaded.problems, [])
        XCTAssertEqual(loaded.warnings.map(\.kind), [.hintNarrowerThanPurposes("ma_nguoi_tl", purposes: [.dedupe, .contact])])
        XCTAssertEqual(loaded.warnings.first?.location.line, 9)
        // A consent choice the question does not offer, and a personal value asked as a number.
        loaded = try shippedCopy { settings, form in
            settings = settings.replacingOccurrences(of: "dong_y_lien_he=co", with: "dong_y_lien_he=dong_y")
            form = form.replacingOccurrences(of: ",text,ma_nguoi_tl,", with: ",integer,ma_nguoi_tl,")
        }
        XCTAssertEqual(loaded.problems.map(\.kind), [.personalDataNotText("ma_nguoi_tl"), .consentChoiceUnknown("dong_y_lien_he", choice: "dong_y")])
    }
}
