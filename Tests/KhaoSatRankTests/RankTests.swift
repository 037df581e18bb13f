import Foundation
import KhaoSatTestSupport
import XCTest
import KhaoSatCSV
@testable import KhaoSatQuestionnaire
@testable import KhaoSatRank

/// The shipped set's ranking.csv (section 5 of the decision).
private let dakLakRules = shippedSet.ranking!

/// The rules of section 5 of the decision, at their edges. Maxima 45 + 35 + 12 + 5 + 3 = 100,
/// so a unit's total is its percentage.
final class RankTests: XCTestCase {
    private func unit(_ code: String, _ c1: String, _ c2: String = "30", c3: String = "10", c6: String = "0",
                      maxima: [Decimal] = [45, 35, 12, 5, 3], disciplined: Bool = false, index: IndexCode = IndexCode("01")) -> UnitScores {
        // Contents 4 and 5 give 4 and 2; the rest is set by the arguments.
        UnitScores(index: index, code: code, name: code,
                   points: [Decimal(string: c1)!, Decimal(string: c2)!, Decimal(string: c3)!, 4, 2, Decimal(string: c6)!],
                   maxima: maxima, disciplined: disciplined)
    }

    func testEveryBoundaryOfBothScales() {
        let rules = dakLakRules
        let levels: [(String, QualityLevel)] = [("59.99", .notCompleted), ("60", .completed), ("74.99", .completed),
                                                ("74.999", .completed), ("75", .good), ("89.99", .good), ("90", .excellent)]
        for (percent, level) in levels {
            XCTAssertEqual(rules.level(percent: Decimal(string: percent)!, disciplined: false), level, percent)
        }
        let reform: [(String, ReformLevel)] = [("49.99", .weak), ("50", .average), ("69.99", .average), ("70", .fair),
                                               ("79.99", .fair), ("80", .good)]
        for (percent, level) in reform { XCTAssertEqual(rules.reformLevel(percent: Decimal(string: percent)!), level, percent) }
        // Through the sums: 44 + 30 + 10 + 4 + 2 − 0.01 = 89.99 of 100 → good, never rounded up to 90.
        let u = unit("A", "44", c6: "-0.01")
        XCTAssertEqual(u.percent, Decimal(string: "89.99"))
        XCTAssertEqual(Ranker.rank([u], rules: dakLakRules)[0].level, .good)
        // CCHC: (30 + 4 + 2 − 0.01) / (35 + 5 + 3) = 35.99 / 43 = 83.697…% → Tốt.
        XCTAssertEqual(Ranker.rank([u], rules: dakLakRules)[0].reformLevel, .good)
    }

    /// The decision ranks "theo thứ tự điểm" but measures by "tỷ lệ (%) điểm đạt được": the key is
    /// the set's. A: 44 + 30 + 9 + 4 + 2 = 89 of 98.75 (90.13 %); B: 89.5 of 100 (89.5 %).
    func testTheRankingKeyIsTheSetsPercentOrPoints() {
        let a = unit("A", "44", c3: "9", maxima: [45, 35, Decimal(string: "10.75")!, 5, 3])
        let b = unit("B", "44", c3: "9.5")
        XCTAssertEqual(Ranker.rank([a, b], rules: dakLakRules).map(\.scores.code), ["A", "B"], "by percent")
        var byPoints = dakLakRules
        byPoints.key = .points
        XCTAssertEqual(Ranker.rank([a, b], rules: byPoints).map(\.scores.code), ["B", "A"], "by points")
    }

    func testNotApplicableMaximaRaiseThePercentage() {
        // Content 3 out of 10.75 (one sub-criterion not applicable): 44 + 30 + 9 + 4 + 2 = 89 of 98.75 = 90.13 % → excellent.
        let u = unit("DV06", "44", c3: "9", maxima: [45, 35, Decimal(string: "10.75")!, 5, 3])
        XCTAssertEqual(Decimals.rounded(u.percent, scale: 2), Decimal(string: "90.13"))
        XCTAssertEqual(dakLakRules.level(percent: u.percent, disciplined: false), .excellent)
    }

    func testTieBreakersThenTheChairman() {
        // All four at 90 %: B and C have more Content 1 than A and D; B beats C on Content 2; A and D stay tied.
        let units = [unit("A", "40", "34"), unit("B", "42", "32"), unit("C", "42", "31", c3: "11"), unit("D", "40", "34")]
        let ranked = Ranker.rank(units, rules: { var r = dakLakRules; r.quotaShare = 1; return r }())
        XCTAssertEqual(ranked.map(\.scores.code), ["B", "C", "A", "D"])
        XCTAssertEqual(ranked.map(\.rank), [1, 2, 3, 3])
        XCTAssertEqual(ranked.map(\.flags), [[], [], [.tieChairman], [.tieChairman]])
    }

    func testTheQuotaCountsUnitsAt75OrMorePerIndex() {
        // 10 units at 75 % or more → at most 2 excellent. Four reach 90 %: the first two by rank are excellent.
        var units = (0..<6).map { unit("G\($0)", "35") }  // 35 + 30 + 10 + 4 + 2 = 81 %
        units += [unit("E1", "45", "34"), unit("E2", "45", "33"), unit("E3", "45", "32"), unit("E4", "45", "31")]
        units.append(unit("L", "10"))  // 56 %: not in the base
        units.append(unit("X", "45", "34", index: IndexCode("02")))  // another index: its own quota (1 unit → 0)
        let ranked = Dictionary(uniqueKeysWithValues: Ranker.rank(units, rules: dakLakRules).map { ($0.scores.code, $0) })
        XCTAssertEqual(dakLakRules.quota(base: 10), 2)
        XCTAssertEqual(["E1", "E2", "E3", "E4"].map { ranked[$0]!.level }, [.excellent, .excellent, .good, .good])
        XCTAssertEqual(ranked["E3"]!.flags, [.quota])
        XCTAssertEqual(ranked["L"]!.level, .notCompleted)
        XCTAssertEqual(ranked["X"]!.level, .good)  // 20 % of 1 rounds down to 0
        XCTAssertEqual(ranked["X"]!.flags, [.quota])
    }

    /// Issue 27, item 5: each unit's survey points taken at either end of their interval (the
    /// council's fixed) say where noise could decide; the official levels and order stand.
    func testSurveyNoiseIsMarkedWhereAnEndOfTheIntervalChangesTheOutcome() {
        func withInterval(_ u: UnitScores, _ low: Decimal, _ high: Decimal) -> UnitScores {
            var u = u
            u.surveyInterval = low...high
            return u
        }
        // Quota 2 of 10 units at 75 % or more. E3 (93 %) is third: at 11.8 of 12 it would have
        // 94.8 > E2's 94 and be admitted; at 8.5 it is still at 91.5 ≥ 90 → quota_uncertain only
        // (CCHC 48/55 = 87.3 %, 46.5/55 = 84.5 %, 49.8/55 = 90.5 %: "tốt" throughout).
        // N at 60 % ("hoàn thành"): at 9.5 it has 59.5 → level_uncertain. G0 at 81 % from 79 to 83: nothing.
        var units = (1..<6).map { unit("G\($0)", "35") } + [withInterval(unit("G0", "35"), 8, 12)]
        units += [unit("E1", "45", "34"), unit("E2", "45", "33"), withInterval(unit("E3", "45", "32"), Decimal(string: "8.5")!, Decimal(string: "11.8")!),
                  unit("E4", "45", "31"), withInterval(unit("N", "14"), Decimal(string: "9.5")!, 11)]
        let ranked = Ranker.rank(units, rules: dakLakRules)
        let byCode = Dictionary(uniqueKeysWithValues: ranked.map { ($0.scores.code, $0) })
        XCTAssertEqual(byCode["E3"]!.surveyNoise, [.quotaUncertain])
        XCTAssertEqual(byCode["E3"]!.level, .good)
        XCTAssertEqual(byCode["N"]!.surveyNoise, [.levelUncertain])
        XCTAssertEqual(byCode["N"]!.level, .completed)
        XCTAssertEqual(byCode["G0"]!.surveyNoise, [])
        XCTAssertEqual(ranked.filter { !$0.surveyNoise.isEmpty }.count, 2)
        // Without intervals, the same ranking: the annex changes nothing official.
        let plain = Ranker.rank(units.map { var u = $0; u.surveyInterval = nil; return u }, rules: dakLakRules)
        XCTAssertEqual(plain.map(\.scores.code), ranked.map(\.scores.code))
        XCTAssertEqual(plain.map(\.level), ranked.map(\.level))
        XCTAssertEqual(plain.map(\.flags), ranked.map(\.flags))
    }

    func testATieAtTheQuotasCutIsLeftToTheChairman() {
        // 10 units at 75 % or more, quota 2; E2 and E3 tie on every key at the cut: neither is chosen.
        var units = (0..<7).map { unit("G\($0)", "35") }
        units += [unit("E1", "45", "34"), unit("E2", "45", "33"), unit("E3", "45", "33")]
        let ranked = Dictionary(uniqueKeysWithValues: Ranker.rank(units, rules: dakLakRules).map { ($0.scores.code, $0) })
        XCTAssertEqual(ranked["E1"]!.level, .excellent)
        XCTAssertEqual([ranked["E2"]!.level, ranked["E3"]!.level], [.good, .good])
        XCTAssertEqual(ranked["E2"]!.flags, [.tieChairman, .quotaTie])
    }

    func testADisciplinedUnitAbove90StaysGoodAndTakesNoQuota() {
        // 5 units ≥ 75 % → quota 1. D (96 %) is disciplined: E (92 %) gets the place.
        var units = (0..<3).map { unit("G\($0)", "35") }
        units += [unit("D", "45", "35", c3: "12", disciplined: true), unit("E", "45", "31", c3: "11")]
        let ranked = Dictionary(uniqueKeysWithValues: Ranker.rank(units, rules: dakLakRules).map { ($0.scores.code, $0) })
        XCTAssertEqual(ranked["D"]!.level, .good)
        XCTAssertEqual(ranked["D"]!.flags, [.disciplined])
        XCTAssertEqual(ranked["D"]!.rank, 1)  // still ranked first by points
        XCTAssertEqual(ranked["E"]!.level, .excellent)
    }

    func testQuotaRoundingIsAParameter() {
        var rules = dakLakRules
        XCTAssertEqual([4, 5, 7, 12].map(rules.quota(base:)), [0, 1, 1, 2])
        rules.quotaRounding = .nearest
        XCTAssertEqual([4, 5, 7, 12].map(rules.quota(base:)), [1, 1, 1, 2])  // 0.8 → 1, 1.4 → 1, 2.4 → 2
        rules.quotaRounding = .up
        XCTAssertEqual([4, 5, 7, 12].map(rules.quota(base:)), [1, 1, 2, 3])
    }
}

final class RankInputTests: XCTestCase {

    func testWhatRankMustRefuseInContent3AndTheCouncilFileIsReportedTogether() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var c3 = try String(contentsOfFile: root + "/Fixtures/expected/content3.csv", encoding: .utf8)
            .split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        let header = c3[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let (points, maximum) = (header.firstIndex(of: "points")!, header.firstIndex(of: "max_points")!)
        func edit(_ line: Int, _ column: Int, _ value: String) {
            var f = c3[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[column] = value
            c3[line - 1] = f.joined(separator: ",")
        }
        edit(2, points, "13.00"); edit(2, maximum, "12.00")   // above the maximum
        edit(3, points, "-1.00")                            // negative
        edit(4, points, "4-0")                              // malformed: was read as 4
        edit(5, maximum, "--40")                            // malformed: was read as 0
        c3.append(c3[6])                                    // a unit twice
        try (c3.joined(separator: "\r\n") + "\r\n").write(to: dir.appendingPathComponent("content3.csv"), atomically: true, encoding: .utf8)
        let council = dir.appendingPathComponent("council.csv")
        var rows = try String(contentsOfFile: root + "/Fixtures/council/council-2025.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        rows[1] = rows[1].replacingOccurrences(of: ",-1,", with: ",-,")  // "-" was read as 0
        try (rows.joined(separator: "\n") + "\n").write(to: council, atomically: true, encoding: .utf8)

        let content3 = dir.path + "/content3.csv"
        let (_, problems) = try RankInputs.load(content3: content3, council: council.path, rules: dakLakRules, councilName: "council.csv")
        // Every problem of both files in one run, in file and line order; columns are 1-based.
        XCTAssertEqual(problems.map(\.description), [
            "\(content3):2, cột \(points + 1): điểm Nội dung 3 (13) phải từ 0 đến điểm tối đa 12.",
            "\(content3):3, cột \(points + 1): điểm Nội dung 3 (-1) phải từ 0 đến điểm tối đa 12.",
            "\(content3):4, cột \(points + 1): điểm \"4-0\" không phải là số.",
            "\(content3):5, cột \(maximum + 1): điểm tối đa \"--40\" không phải là số.",
            "\(content3):130, cột 2: đơn vị \(c3[6].split(separator: ",")[1]) đã có ở dòng 7.",
            "council.csv:2, cột 10: điểm Nội dung 6 \"-\" không phải là số.",
        ])
    }

    func testTheShippedFilesJoinForAll128Units() throws {
        let (units, problems) = try RankInputs.load(content3: root + "/Fixtures/expected/content3.csv",
                                                    council: root + "/Fixtures/council/council-2025.csv",
                                                    rules: dakLakRules)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(units.count, 128)
        // DV06: Content 1 out of 40 (blank maxima default to 45, 35, 5, 3) and Content 3 out of 10.75.
        let dv06 = try XCTUnwrap(units.first { $0.code == "DV06" })
        XCTAssertEqual(dv06.maxima, [40, 35, Decimal(string: "10.75")!, 5, 3])
    }

    /// Issue 24, item 14: a content not assigned to a unit has maximum 0 and is not scored.
    func testAMaximumOfZeroMeansTheContentIsNotScored() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("council-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var lines = try String(contentsOfFile: root + "/Fixtures/council/council-2025.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let row = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("CQ03,") })
        var f = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        (f[7], f[8]) = ("0", "0")  // Content 5: 0 of 0
        lines[row] = f.joined(separator: ",")
        lines.append("CQ98,1,,1,,1,,1,-1,0,0")  // a negative maximum is still refused
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let (units, problems) = try RankInputs.load(content3: root + "/Fixtures/expected/content3.csv", council: url.path,
                                                    rules: dakLakRules, councilName: "council.csv")
        XCTAssertEqual(problems.map(\.description).filter { !$0.contains("CQ98 không có") }, [
            "council.csv:\(lines.count), cột 9: điểm tối đa Nội dung 5 (-1) không được âm; ghi 0 nếu đơn vị không được chấm nội dung này.",
        ])
        let cq03 = try XCTUnwrap(units.first { $0.code == "CQ03" })
        // Maxima 45, 35, 12 (Content 3), 5, 3 → 0: the unit's maximum is 97 and its percentage is out of 97.
        XCTAssertEqual(cq03.maxima, [45, 35, 12, 5, 0])
        XCTAssertEqual(cq03.maximum, 97)
        XCTAssertEqual(cq03.percent, cq03.total * 100 / 97)
    }

    func testMissingUnitsAndBadValuesAreReportedWithTheirPlace() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("council-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let council = try String(contentsOfFile: root + "/Fixtures/council/council-2025.csv", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var lines = council.filter { !$0.hasPrefix("CQ02,") }  // CQ02 missing
        lines[1] = lines[1].replacingOccurrences(of: ",-1,", with: ",1,")  // CQ01: a positive deduction
        lines[2] = "CQ03,bốn mươi,,34.81,,3.20,,0.00,,-1,1"  // line 3: not a number
        lines.append("CQ99,40,,30,,4,,1,,0,0")  // not in Content 3
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let (units, problems) = try RankInputs.load(content3: root + "/Fixtures/expected/content3.csv", council: url.path, rules: dakLakRules,
                                                    councilName: "council.csv")
        XCTAssertEqual(units.count, 125)
        XCTAssertEqual(problems.map(\.description), [
            "council.csv:1: thiếu đơn vị CQ02 (Sở Nội vụ): không xếp hạng được.",
            "council.csv:2, cột 10: điểm trừ (Nội dung 6) phải là 0 hoặc số âm.",
            "council.csv:3, cột 2: điểm Nội dung 1 \"bốn mươi\" không phải là số.",
            "council.csv:129, cột 1: đơn vị CQ99 không có trong kết quả Nội dung 3.",
        ])
    }
}

/// Issue 24, item 13: a province whose decision numbers its contents otherwise, names its levels
/// otherwise and caps a disciplined unit lower runs with its own ranking.csv and no code change.
final class OtherNumberingTests: XCTestCase {
    func testContentsLevelsCapQuotaBaseAndTieBreakersComeFromRankingCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-numbering-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: repoPath("Fixtures/sets/mini"), toPath: dir.path)
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // The survey is Content 2; the council scores 1, 3, 4 and deducts in 5; CCHC is 2–5;
        // ties are broken by Content 3, then 1. Maxima 40 + 15 + 30 + 15 = 100: totals are percentages.
        try write("ranking.csv", """
        key,value
        ranking_key,percent
        survey_content,2
        council_contents,1 3 4
        deduction_content,5
        cchc_contents,2 3 4 5
        tie_breakers,3 1
        council_maxima,c1=40 c3=30 c4=15
        completed,50
        good,70
        excellent,85
        reform_average,50
        reform_fair,65
        reform_good,80
        quota_share,0.5
        quota_rounding,down
        level_names,Không đạt|Đạt|Khá|Xuất sắc
        cchc_level_names,Kém|Trung bình|Khá|Tốt
        disciplined_cap,hoan_thanh
        quota_base,hoan_thanh

        """)
        let loaded = SetLoader.load(directory: dir.path)
        XCTAssertEqual(loaded.problems, [])
        let rules = try XCTUnwrap(loaded.set?.ranking)
        try write("content3.csv", "index,unit_code,unit_name,points,max_points\n01,A,A,12,15\n01,B,B,12,15\n01,C,C,15,15\n01,D,D,5,15\n")
        try write("council.csv", """
        unit_code,c1_points,c1_max,c3_points,c3_max,c4_points,c4_max,c5_points,disciplined
        A,36,,26,,12,,0,0
        B,38,,24,,12,,0,0
        C,40,,28,,14,,-1,1
        D,25,,20,,5,,0,0

        """)
        let (units, problems) = try RankInputs.load(content3: dir.path + "/content3.csv", council: dir.path + "/council.csv", rules: rules)
        XCTAssertEqual(problems, [])
        let ranked = Ranker.rank(units, rules: rules)
        // C: 40 + 15 + 28 + 14 − 1 = 96 %; A: 36 + 12 + 26 + 12 = 86; B: 38 + 12 + 24 + 12 = 86; D: 25 + 5 + 20 + 5 = 55.
        // A and B tie on 86 %: Content 3 (26 > 24) puts A first, where Content 1 would have put B.
        XCTAssertEqual(ranked.map { "\($0.rank) \($0.scores.code)" }, ["1 C", "2 A", "3 B", "4 D"])
        // C is disciplined: no higher than Đạt. The quota's base is every unit at Đạt (50 %) or more:
        // 4 × 0.5 = 2 excellent, so A and B both are (a base from Khá, 70 %, would allow 1).
        XCTAssertEqual(ranked.map { rules.name(of: $0.level) }, ["Đạt", "Xuất sắc", "Xuất sắc", "Đạt"])
        XCTAssertEqual(ranked.map(\.flags), [[.disciplined], [], [], []])
        // CCHC over contents 2–5 (maxima 15 + 30 + 15 = 60): C 56/60, A 50/60, B 48/60 = 80 %, D 30/60 = 50 %.
        XCTAssertEqual(ranked.map { rules.name(of: $0.reformLevel) }, ["Tốt", "Tốt", "Tốt", "Trung bình"])
        let csv = String(decoding: CSVEncoder().encode(RankingTable.table(rules).rows(ranked)), as: UTF8.self)
            .replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
        XCTAssertEqual(csv[0], "index,rank,unit_code,unit_name,c1_points,c1_max,c2_points,c2_max,c3_points,c3_max,c4_points,c4_max,"
                       + "c5_points,total,max_points,percent,level,cchc_percent,cchc_level,flags,survey_noise,rank_low,rank_high,p_excellent,survey_gaps")
        XCTAssertEqual(csv[1], "01,1,C,C,40.00,40.00,15.00,15.00,28.00,30.00,14.00,15.00,-1.00,96.00,100.00,96.00,Đạt,93.33,Tốt,disciplined,,,,,")

        // A numbering that names a content twice is refused, and so is everything that named the lost
        // Content 3: CCHC, the council's maxima; a tie-breaker that is no content too.
        try write("ranking.csv", try String(contentsOf: dir.appendingPathComponent("ranking.csv"), encoding: .utf8)
            .replacingOccurrences(of: "council_contents,1 3 4", with: "council_contents,1 2 4")
            .replacingOccurrences(of: "tie_breakers,3 1", with: "tie_breakers,7"))
        XCTAssertEqual(SetLoader.load(directory: dir.path).problems.map(\.kind), [
            .invalidValue(column: "council_contents", value: "1 2 4", expected: "các nội dung khác nội dung khảo sát (2) và nội dung điểm trừ"),
            .invalidValue(column: "cchc_contents", value: "2 3 4 5", expected: "các nội dung trong số 1 2 4 5"),
            .invalidValue(column: "tie_breakers", value: "7", expected: "các nội dung trong số 1 2 4 5"),
            .invalidValue(column: "council_maxima", value: "c1=40 c3=30 c4=15", expected: "c1=… c2=… c4=…, ví dụ c1=45 c2=35 c4=5 c5=3"),
        ])
    }

    func testARankingWrittenBeforeTheNumberingWasDataReadsAsDecision02050() throws {
        // ranking.json of export version 1: no contents, deduction or reformPercent.
        let old = #"{"scores":{"index":"01","code":"A","name":"A","points":[40,30,10,4,2,-1],"maxima":[45,35,12,5,3],"disciplined":false},"#
            + #""rank":1,"level":"hoan_thanh_tot","reformLevel":"tot","flags":[]}"#
        let unit = try JSONDecoder().decode(RankedUnit.self, from: Data(old.utf8))
        XCTAssertEqual(unit.scores.contents, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(unit.scores.deduction, 6)
        XCTAssertEqual(unit.reformPercent, Decimal(45) * 100 / 55)  // (30 + 10 + 4 + 2 − 1) / (35 + 12 + 5 + 3)
    }
}
