import Foundation
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatQuestionnaire

/// Hand-computed cases of `Content3Rule`, one per method, weighting and policy.
final class RuleTests: XCTestCase {
    private func k(_ max: Decimal, _ groups: [(String, Decimal)], _ method: ScoringMethod = .mean,
                   min: Int = 5, lowSample: LowSamplePolicy = .flag) -> SubCriterion {
        SubCriterion(index: IndexCode("01"), criterion: "3.1", code: "3.1.1", name: "thử", maxPoints: max,
                     groups: groups.map { GroupWeight(group: $0.0, weight: $0.1) }, method: method,
                     minRespondents: min, lowSample: lowSample, line: 2)
    }

    private func tally(_ credits: [Decimal?], threshold: Decimal? = nil) -> GroupTally {
        var t = GroupTally()
        for c in credits { t.add(c, square: c.map { Content3Rule.settled($0 * $0) }, threshold: threshold) }
        return t
    }

    func testMeanOfOneGroup() {
        // Credits 1, 0.6, 0.6, 0.2, 0 (and one not counted): mean 2.4 / 5 = 0.48; 1.25 × 0.48 = 0.60.
        // Without a design (no sampling unit known) there is no interval (DesignTests has them).
        let r = Content3Rule.score(k(1.25, [("a", 1)]), tallies: ["a": tally([1, 0.6, 0.6, 0.2, 0, nil])],
                                   index: .init(), notApplicable: false)
        XCTAssertEqual(r.credit, Decimal(string: "0.48"))
        XCTAssertEqual(r.points, Decimal(string: "0.6"))
        XCTAssertEqual(r.groups[0].tally.notCounted, 1)
        XCTAssertNil(r.interval)
        XCTAssertEqual(r.status, .ok)
    }

    func testShareWithKornGraubardInterval() {
        // 4 of 6 credits reach 0.75: p = 2/3; 2 × 2/3 = 1.3333 → 1.33. A simple random sample:
        // v = 6/5 × (4 × (1/3)² + 2 × (2/3)²) / 6² = 0.04444, n_eff = (2/9) / 0.04444 = 5, df 5:
        // R's qbeta(0.025, 3.333, 2.667) = 0.1873, qbeta(0.975, 4.333, 1.667) = 0.9688 → × 2 = 0.37–1.94.
        let t = tally([1, 0.75, 0.5, 0.75, 0.25, 1], threshold: 0.75)
        let design = GroupDesign(kind: .srs, sampled: 6, samplingUnits: 6, degreesOfFreedom: 5,
                                 standardError: Decimal(string: "0.210818510678")!)
        let r = Content3Rule.score(k(2, [("a", 1)], .share(threshold: 0.75)), tallies: ["a": t], designs: ["a": design],
                                   index: .init(), notApplicable: false)
        XCTAssertEqual(t.atThreshold, 4)
        XCTAssertEqual(r.points, Decimal(string: "1.33"))
        XCTAssertEqual(r.interval, Decimal(string: "0.37")!...Decimal(string: "1.94")!)
        XCTAssertEqual(r.intervalBasis, .design([.srs], degreesOfFreedom: 5))
    }

    func testGroupWeightsAreRenormalisedOverTheGroupsThatReachTheMinimum() {
        // Weights .25/.25/.5; "xa" has 2 < 5 respondents and drops out: .25/.75 = 1/3 and .5/.75 = 2/3.
        // credit = 1/3 × 0.8 + 2/3 × 0.5 = 0.6; 2 × 0.6 = 1.20.
        let r = Content3Rule.score(
            k(2, [("tinh", 0.25), ("xa", 0.25), ("dn", 0.5)]),
            tallies: ["tinh": tally([0.8, 0.8, 0.8, 0.8, 0.8]), "xa": tally([0, 0]), "dn": tally(Array(repeating: 0.5, count: 6))],
            index: .init(), notApplicable: false)
        XCTAssertEqual(r.points, Decimal(string: "1.2"))
        XCTAssertEqual(r.groups.map(\.enough), [true, false, true])
        XCTAssertEqual(r.groups[1].effectiveWeight, 0)
        XCTAssertEqual(r.status, .ok)
    }

    func testEachLowSamplePolicy() {
        // No group reaches 5: "tinh" has 2 (mean 0.9), "dn" has 1 (0.3); weights .5/.5.
        let tallies = ["tinh": tally([1, 0.8]), "dn": tally([0.3])]
        func score(_ policy: LowSamplePolicy, mean: (Decimal, Int)? = nil) -> SubCriterionResult {
            var context = Content3Rule.IndexContext()
            context.mean = mean.map { (credit: $0.0, units: $0.1) }
            return Content3Rule.score(k(2, [("tinh", 0.5), ("dn", 0.5)], lowSample: policy), tallies: tallies,
                                      index: context, notApplicable: false)
        }
        // flag: from what there is, 0.5 × 0.9 + 0.5 × 0.3 = 0.6 → 1.20, marked.
        XCTAssertEqual(score(.flag).points, Decimal(string: "1.2"))
        XCTAssertEqual(score(.flag).status, .lowSample)
        XCTAssertEqual(score(.zero).points, 0)
        XCTAssertEqual(score(.zero).status, .lowSample)
        XCTAssertEqual(score(.notApplicable).status, .notApplicable)
        // index-mean 0.7125: 2 × 0.7125 = 1.425 → 1.43 (half-up).
        XCTAssertEqual(score(.indexMean, mean: (Decimal(string: "0.7125")!, 14)).points, Decimal(string: "1.43"))
        XCTAssertEqual(score(.indexMean, mean: (0.5, 14)).status, .imputed)
        // flag with nobody at all: 0 points, marked.
        let none = Content3Rule.score(k(2, [("tinh", 1)]), tallies: [:], index: .init(), notApplicable: false)
        XCTAssertEqual([none.points, none.credit], [0, nil])
        XCTAssertEqual(none.status, .lowSample)
    }

    func testNotApplicableScoresNothing() {
        let r = Content3Rule.score(k(1.25, [("a", 1)]), tallies: ["a": tally([1, 1, 1, 1, 1])],
                                   index: .init(), notApplicable: true)
        XCTAssertEqual(r.status, .notApplicable)
        XCTAssertEqual(r.points, 0)
        XCTAssertFalse(r.counts)
    }

    func testMinMaxRescalesAcrossTheIndex() {
        // The index's means run from 0.4 to 0.8; this unit's 0.6 → (0.6 − 0.4) / 0.4 = 0.5 → 0.75 × 0.5 = 0.375 → 0.38.
        var context = Content3Rule.IndexContext()
        context.ranges["a"] = (tally([0.4, 0.4]), tally([0.8]))
        let r = Content3Rule.score(k(0.75, [("a", 1)], .minmax), tallies: ["a": tally([0.6, 0.6, 0.6, 0.6, 0.6])],
                                   index: context, notApplicable: false)
        XCTAssertEqual(r.points, Decimal(string: "0.38"))
        XCTAssertEqual(r.groups[0].range, Decimal(string: "0.4")!...Decimal(string: "0.8")!)
        XCTAssertNil(r.interval)
        // All units equal: every unit gets 1.
        context.ranges["a"] = (tally([0.6]), tally([0.6, 0.6]))
        XCTAssertEqual(Content3Rule.score(k(0.75, [("a", 1)], .minmax), tallies: ["a": tally([0.6, 0.6, 0.6, 0.6, 0.6])],
                                          index: context, notApplicable: false).points, Decimal(string: "0.75"))
    }

    /// Issue 15: means in thirds. Lowest 1/3 (1, 0, 0), highest 1 (1, 1, 1); a unit at 2/3 (1, 1, 0)
    /// is exactly halfway — not 0.500000000000000001, which dividing the rounded means gave.
    func testMinMaxCreditsAreExactWhenTheMeansRepeat() {
        var context = Content3Rule.IndexContext()
        context.ranges["a"] = (tally([1, 0, 0]), tally([1, 1, 1]))
        let half = Content3Rule.score(k(1, [("a", 1)], .minmax, min: 3), tallies: ["a": tally([1, 1, 0])],
                                      index: context, notApplicable: false)
        XCTAssertEqual(half.credit?.description, "0.5")
        // With 2/3 the lowest mean, the lowest unit's 2/3 rounded to 18 decimals sat above the
        // unrounded minimum: 1E-18.
        context.ranges["a"] = (tally([1, 1, 0]), tally([1, 1, 1]))
        let lowest = Content3Rule.score(k(1, [("a", 1)], .minmax, min: 3), tallies: ["a": tally([1, 1, 0])],
                                        index: context, notApplicable: false)
        XCTAssertEqual(lowest.credit?.description, "0")
    }

    func testRoundingIsHalfUpOnlyAtTheEnd() {
        // 1.25 × 0.5 = 0.625 exactly → 0.63 (banker's rounding would give 0.62).
        XCTAssertEqual(Content3Rule.points(1.25, credit: 0.5), Decimal(string: "0.63"))
        // 0.75 × 0.7 = 0.525 → 0.53; 2 × 1/3 = 0.6666… → 0.67.
        XCTAssertEqual(Content3Rule.points(0.75, credit: Decimal(string: "0.7")!), Decimal(string: "0.53"))
        XCTAssertEqual(Content3Rule.points(2, credit: Decimal(1) / 3), Decimal(string: "0.67"))
        // A mean that is a repeating decimal: 2.5 / 3 = 0.8333…, and 0.75 × 5/6 = 0.625 exactly → 0.63.
        // (Plain division gives 0.62499…975 → 0.62: see `Content3Rule.points`.)
        let r = Content3Rule.score(k(0.75, [("a", 1)], min: 3), tallies: ["a": tally([1, 0.75, 0.75])],
                                   index: .init(), notApplicable: false)
        XCTAssertEqual(r.points, Decimal(string: "0.63"))
        // Group weights 1/3 and 2/3 of credits 1 and 1 give exactly 1, not 0.999…
        let both = Content3Rule.score(k(2, [("a", 0.25), ("b", 0.5)], min: 1),
                                      tallies: ["a": tally([1]), "b": tally([1])], index: .init(), notApplicable: false)
        XCTAssertEqual(both.credit, 1)
        // Step 2, weights 1 and 2: (0.6 + 2 × 0.5) / 3 = 0.5333…; blank answers do not count.
        XCTAssertEqual(Content3Rule.submissionCredit([(0.6, 1), (0.5, 2), (nil, 1)]),
                       Decimal(string: "0.5333333333333333333333333333"))
        XCTAssertNil(Content3Rule.submissionCredit([(nil, 1)]))
    }

    /// Issue 24, item 15: a minmax credit whose exact value ends on a half at the 4th decimal.
    func testAnExactQuotientOfRepeatingMeansIsPublishedExactly() {
        // Scale from 2/9 (lowest unit) to 6/7 (highest); this unit's submissions earned 1/3, 5/6
        // and 7/12, mean 7/12: (7/12 − 2/9) / (6/7 − 2/9) = (13/36) / (40/63) = 91/160 = 0.56875
        // exactly. Cut at 18 decimals the repeating sums gave 0.568749999999999999, shown as 0.5687.
        func c(_ a: Int, _ b: Int) -> Decimal { Content3Rule.settled(Decimal(a) / Decimal(b)) }
        var context = Content3Rule.IndexContext()
        context.ranges["a"] = (tally([c(2, 9)]), tally([c(6, 7)]))
        let r = Content3Rule.score(k(4, [("a", 1)], .minmax, min: 1), tallies: ["a": tally([c(1, 3), c(5, 6), c(7, 12)])],
                                   index: context, notApplicable: false)
        XCTAssertEqual(r.credit, Decimal(string: "0.56875"))
        XCTAssertEqual(Decimals.format(r.credit!, scale: 4), "0.5688")
        // 4 × 0.56875 = 2.275 → 2.28; the scale's ends as published, to 18 decimals.
        XCTAssertEqual(r.points, Decimal(string: "2.28"))
        XCTAssertEqual(r.groups[0].range?.lowerBound, Decimal(string: "0.222222222222222222"))
    }

    func testPointsStayWithinZeroAndMax() {
        var rng = UInt64(42)
        func next() -> UInt64 { rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return rng >> 33 }
        for _ in 0..<300 {
            let credits = (0..<Int(next() % 12)).map { _ in Decimal(Int(next() % 101)) / 100 }
            let method: ScoringMethod = [.mean, .share(threshold: 0.75)][Int(next() % 2)]
            let max = Decimal(Int(next() % 300) + 1) / 100
            let r = Content3Rule.score(k(max, [("a", 1)], method, min: Int(next() % 6)),
                                       tallies: ["a": tally(credits, threshold: 0.75)], index: .init(), notApplicable: false)
            XCTAssertTrue(r.points >= 0 && r.points <= max, "\(credits) \(max)")
            if let i = r.interval { XCTAssertTrue(i.lowerBound >= 0 && i.upperBound <= max) }
        }
    }
}
