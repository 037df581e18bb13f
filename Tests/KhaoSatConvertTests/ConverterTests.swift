import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatIngest
@testable import KhaoSatQuestionnaire


/// The converter on the `mini` set, with submissions written by hand.
final class ConverterTests: XCTestCase {
    private var set: QuestionnaireSet!

    override func setUpWithError() throws {
        set = try XCTUnwrap(SetLoader.load(directory: root + "/Fixtures/sets/mini").set)
    }

    private var line = 1
    private func sub(_ unit: String, _ answers: [String: Answer]) -> Submission {
        line += 1
        return Submission(id: "s\(line)", form: "mini_tinh", group: "g_tinh", unitCode: unit, respondent: nil,
                          submittedAt: nil, answers: answers, source: Source(file: "hand", line: line))
    }

    func testSubmissionCreditWeighsSelectMultipleByShare() throws {
        // A.1 = q1 (weight 1) and q3 (select_multiple, weight 2). q1 Khá 0.6; q3 ticks "a" of the scored a, b → 0.5.
        // (0.6 + 2 × 0.5) / 3 = 0.5333…; two such submissions: mean 0.5333…; 6 × 0.5333… = 3.20.
        let s = [sub("CQ01", ["q1": .choice("kha"), "q3": .choices(["a"])]), sub("CQ01", ["q1": .choice("kha"), "q3": .choices(["a", "khong_ro"])])]
        let cq01 = try XCTUnwrap(Converter(set: set).convert(s).first { $0.code == "CQ01" })
        XCTAssertEqual(cq01.subcriteria[0].points, Decimal(string: "3.2"))
        XCTAssertEqual(cq01.subcriteria[0].status, .ok)
        // Only "Không rõ" ticked: not counted, so the unit has 1 counted submission for A.1.
        let unscored = Converter(set: set).convert([sub("CQ01", ["q3": .choices(["khong_ro"])])]).first { $0.code == "CQ01" }!
        XCTAssertEqual(unscored.subcriteria[0].groups[0].tally.notCounted, 1)
        XCTAssertNil(unscored.subcriteria[0].credit)
    }

    func testMinMaxAndIndexMeanUseTheWholeIndex() throws {
        for i in set.blueprint.criteria.indices where set.blueprint.criteria[i].index == IndexCode("03") {
            for j in set.blueprint.criteria[i].subcriteria.indices {
                if set.blueprint.criteria[i].subcriteria[j].code == "A.1" { set.blueprint.criteria[i].subcriteria[j].method = .minmax }
                if set.blueprint.criteria[i].subcriteria[j].code == "A.2" { set.blueprint.criteria[i].subcriteria[j].lowSample = .indexMean }
            }
        }
        // 22015: A.1 credits 1 and 0 → mean 0.5; A.2 Tốt (≥ 0.75) and Khá → share 0.5, 2 respondents: ok.
        // 24133: A.1 credits 0.6, 0.6 → mean 0.6; A.2 answered once → too few → the index mean of the
        // ok units (22015 only) = 0.5 → 4 × 0.5 = 2.00, imputed.
        // minmax over 0.5…0.6: 22015 → 0, 24133 → 1; × 4 = 0.00 and 4.00.
        let units = Converter(set: set).convert([
            sub("22015", ["q1": .choice("tot"), "q2": .choice("tot")]), sub("22015", ["q1": .choice("kem"), "q2": .choice("kha")]),
            sub("24133", ["q1": .choice("kha"), "q2": .choice("tot")]), sub("24133", ["q1": .choice("kha")]),
        ])
        let a = Dictionary(uniqueKeysWithValues: units.map { ($0.code, $0) })
        XCTAssertEqual(a["22015"]!.subcriteria.map(\.points), [0, 2, 0])
        XCTAssertEqual(a["24133"]!.subcriteria.map(\.points), [4, 2, 0])
        XCTAssertEqual(a["24133"]!.subcriteria[1].status, .imputed)
        XCTAssertEqual(a["24133"]!.subcriteria[0].groups[0].range, Decimal(string: "0.5")!...Decimal(string: "0.6")!)
        // B.1 (commune delegates) has nobody: flagged, and every unit of the registry is there.
        XCTAssertEqual(a["24133"]!.flags, ["low_sample=B.1", "imputed=A.2"])
        XCTAssertEqual(units.map(\.code), ["CQ01", "DV01", "22015", "24133"])
    }

    func testNotApplicablePairsLowerTheMaximum() {
        set.notApplicable = [NotApplicable(unitCode: "DV01", subcriterion: "A.2", reason: "thử", line: 2)]
        let dv01 = Converter(set: set).convert([sub("DV01", ["q1": .choice("tot"), "q2": .choice("tot")]),
                                                sub("DV01", ["q1": .choice("tot"), "q2": .choice("tot")])]).first { $0.code == "DV01" }!
        // A.1: 6.00 of 6; A.2 not scored: the maximum is 12 − 6 = 6, 100 %.
        XCTAssertEqual([dv01.points, dv01.maxPoints, dv01.percent], [6, 6, 100])
        XCTAssertEqual(dv01.flags, ["not_applicable=A.2"])
    }

    private func setMethod(_ code: String, _ method: ScoringMethod? = nil, lowSample: LowSamplePolicy? = nil, minimum: Int? = nil) {
        for i in set.blueprint.criteria.indices where set.blueprint.criteria[i].index == IndexCode("03") {
            for j in set.blueprint.criteria[i].subcriteria.indices where set.blueprint.criteria[i].subcriteria[j].code == code {
                if let method { set.blueprint.criteria[i].subcriteria[j].method = method }
                if let lowSample { set.blueprint.criteria[i].subcriteria[j].lowSample = lowSample }
                if let minimum { set.blueprint.criteria[i].subcriteria[j].minRespondents = minimum }
            }
        }
    }

    /// docs/officers.md, edge cases: a unit not applicable for a `minmax` sub-criterion is left out of its scale.
    func testANotApplicableUnitIsNoPartOfTheMinMaxScale() {
        setMethod("A.1", .minmax)
        // 22015 means 1 (Tốt, Tốt), 24133 0.6 (Khá, Khá), but 22015 is not applicable for A.1: the
        // scale is 24133 alone (0.6…0.6), and the one unit on it gets 1 → 4.00.
        set.notApplicable = [NotApplicable(unitCode: "22015", subcriterion: "A.1", reason: "thử", line: 2)]
        let units = Converter(set: set).convert([
            sub("22015", ["q1": .choice("tot")]), sub("22015", ["q1": .choice("tot")]),
            sub("24133", ["q1": .choice("kha")]), sub("24133", ["q1": .choice("kha")]),
        ])
        let a1 = units.first { $0.code == "24133" }!.subcriteria[0]
        XCTAssertEqual(a1.groups[0].range, Decimal(string: "0.6")!...Decimal(string: "0.6")!)
        XCTAssertEqual(a1.points, 4)
    }

    /// docs/officers.md, edge cases: `minmax` when no unit of the index reaches the minimum has no scale.
    func testMinMaxWithoutAnyUnitAtTheMinimumScoresZeroAndSaysWhy() {
        setMethod("A.1", .minmax, minimum: 3)
        let units = Converter(set: set).convert([sub("22015", ["q1": .choice("tot")]), sub("24133", ["q1": .choice("kha")])])
        let a1 = units.first { $0.code == "22015" }!.subcriteria[0]
        XCTAssertEqual([a1.points], [0])
        XCTAssertEqual(a1.status, .lowSample)
        XCTAssertEqual(a1.note, "không đơn vị nào cùng Chỉ số đủ 3 phiếu để làm thang min–max; tính 0 điểm")
    }

    /// docs/officers.md, edge cases: `index-mean` when no unit of the index is `ok`: 0 points, imputed.
    func testIndexMeanWithoutAnyOkUnitScoresZeroAndSaysWhy() {
        setMethod("A.1", lowSample: .indexMean, minimum: 3)
        let units = Converter(set: set).convert([sub("22015", ["q1": .choice("tot")]), sub("24133", ["q1": .choice("kha")])])
        let a1 = units.first { $0.code == "22015" }!.subcriteria[0]
        XCTAssertEqual(a1.points, 0)
        XCTAssertEqual(a1.status, .imputed)
        XCTAssertEqual(a1.note, "không nhóm nào đủ 3 phiếu và không đơn vị nào cùng Chỉ số đủ phiếu; tính 0 điểm")
    }

    /// Issue 15: a criterion whose sub-criteria are all not applicable still has its total
    /// row (0.00 of 0.00), by N/A pairs or by `low_sample = not-applicable`.
    func testEveryCriterionHasATotalEvenWhenNothingInItCounts() {
        set.notApplicable = [NotApplicable(unitCode: "22015", subcriterion: "B.1", reason: "thử", line: 2)]
        for i in set.blueprint.criteria.indices where set.blueprint.criteria[i].index == IndexCode("03") {
            for j in set.blueprint.criteria[i].subcriteria.indices where set.blueprint.criteria[i].subcriteria[j].code == "B.1" {
                set.blueprint.criteria[i].subcriteria[j].lowSample = .notApplicable
            }
        }
        // 22015: B.1 not applicable by its pair; 24133: B.1 has nobody, so not applicable by the policy.
        let units = Converter(set: set).convert([sub("22015", ["q1": .choice("tot"), "q2": .choice("tot")]),
                                                 sub("22015", ["q1": .choice("tot"), "q2": .choice("tot")])])
        for code in ["22015", "24133"] {
            let u = units.first { $0.code == code }!
            XCTAssertEqual(u.criteria.map(\.code), ["A", "B"], code)
            XCTAssertEqual(u.criteria[1], CriterionTotal(code: "B", maxPoints: 0, points: 0), code)
        }
        // 22015 A: 4.00 (A.1, mean 1) + 4.00 (A.2, share 1) of 8.
        XCTAssertEqual(units.first { $0.code == "22015" }!.criteria[0], CriterionTotal(code: "A", maxPoints: 8, points: 8))
    }
}

final class CreditTests: XCTestCase {
    /// `isCounted` is `of(…) != nil` for every answer shape of the mini set, under both policies.
    func testIsCountedAgreesWithTheCredit() throws {
        let set = try XCTUnwrap(SetLoader.load(directory: root + "/Fixtures/sets/mini").set)
        let form = try XCTUnwrap(set.questionnaires.first { $0.id == "mini_tinh" })
        let answers: [Answer?] = [nil, .choice("tot"), .choice("kb"), .choice("x"), .choices([]), .choices(["a"]),
                                  .choices(["khong_ro"]), .choices(["a", "khong_ro"]), .text("tot")]
        let codes = ChoiceCodes(form: form)
        for q in form.questions { for a in answers { for policy in [SelectMultipleCredit.share, .best] {
            let counted = Credit.of(a, q, form, selectMultiple: policy) != nil
            XCTAssertEqual(Credit.isCounted(a, q, form, selectMultiple: policy), counted, "\(q.name) \(String(describing: a)) \(policy)")
            // The same through the codes, for the scored questions whose answer has one.
            guard let i = codes.questions.firstIndex(where: { $0.name == q.name }), let code = codes.code(a, at: i) else { continue }
            var all = Array(repeating: Int32(0), count: codes.questions.count)
            all[i] = Int32(code)
            XCTAssertEqual(codes.counted(all, selectMultiple: policy), counted ? 1 : 0, "\(q.name) \(String(describing: a)) \(policy)")
            // What the quality checks ask of a code: answered with only unscored choices (*Không biết*), and which choice.
            let withoutScore: Bool = switch a {
            case .choice?: Credit.of(a, q, form, selectMultiple: .best) == nil
            case .choices(let picked)?: !picked.isEmpty && Credit.of(a, q, form, selectMultiple: .best) == nil
            default: false
            }
            XCTAssertEqual(codes.isUnscored(Int32(code), at: i), withoutScore, "\(q.name) \(String(describing: a))")
            if case .choice(let c)? = a { XCTAssertEqual(codes.choice(Int32(code), at: i), c) }
            XCTAssertEqual(codes.answer(code, at: i).map { "\($0)" }, a.map { "\($0)" })
        } } }
    }
}

final class InternerTests: XCTestCase {
    func testEachNameOnceItsNumberItsPlace() {
        var names = Interner()
        let ids = ["Sở Nội vụ", "DTV07", "Sở Nội vụ", "", "DTV07"].map { names.id($0) }
        XCTAssertEqual(ids, [0, 1, 0, 2, 1])
        XCTAssertEqual(names.all, ["Sở Nội vụ", "DTV07", ""])
        XCTAssertNil(names.brokenInvariant())
    }
}

final class ThresholdTests: XCTestCase {
    /// A `share` threshold is judged in binary only where binary cannot be wrong: near it, in decimals.
    func testACreditReachesAThresholdExactlyEvenWhereTheirDoublesAreEqual() {
        let threshold: Decimal = 0.8
        func reaches(_ text: String) -> Bool {
            let credit = Decimal(string: text)!
            return Tally.reaches(credit, NSDecimalNumber(decimal: credit).doubleValue, threshold, 0.8)
        }
        // 26 nines, and 10⁻²⁰ above: both have the double of 0.8.
        XCTAssertEqual(NSDecimalNumber(string: "0.79999999999999999999999999").doubleValue, 0.8)
        XCTAssertFalse(reaches("0.79999999999999999999999999"))
        XCTAssertTrue(reaches("0.80000000000000000001"))
        XCTAssertTrue(reaches("0.8"))
        XCTAssertFalse(reaches("0.5"))
        XCTAssertTrue(reaches("1"))
        XCTAssertFalse(reaches("0"))
    }
}
