import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatConvert
@testable import KhaoSatQuestionnaire

/// Intervals by design on the `mini` set (A.1: mean, 6 points; A.2: share ≥ 0.75, 6 points), each
/// computed by hand below; `IntervalPeerTests` checks the same formulas against R's survey package.
/// Credits of q1: Tốt 1, Khá 0.6. Five answers Tốt, Tốt, Khá, Khá, Khá: mean 3.8 / 5 = 0.76 → 4.56
/// points; s² = (3.08 − 5 × 0.76²) / 4 = 0.048.
final class DesignTests: XCTestCase {
    private var set: QuestionnaireSet!
    private let q1 = ["tot", "tot", "kha", "kha", "kha"]

    override func setUpWithError() throws {
        set = try XCTUnwrap(SetLoader.load(directory: root + "/Fixtures/sets/mini").set)
    }

    private func a1(_ interviewers: [String?] = [], roster: Int? = nil) -> SubCriterionResult {
        if let roster { set.rosters = Rosters([RosterEntry(group: "g_tinh", population: roster)]) }
        let submissions = q1.enumerated().map { i, answer in
            var s = Submission(id: "s\(i)", form: "mini_tinh", group: "g_tinh", unitCode: "CQ01",
                               answers: ["q1": .choice(answer)], source: Source(file: "hand", line: i + 2))
            s.interview.interviewer = i < interviewers.count ? interviewers[i] : nil
            return s
        }
        return Converter(set: set).convert(submissions).first { $0.code == "CQ01" }!.subcriteria[0]
    }

    private func range(_ low: String, _ high: String) -> ClosedRange<Decimal> { Decimal(string: low)!...Decimal(string: high)! }

    func testSimpleRandomSampleUsesStudentsT() {
        // SE = √(0.048 / 5) = 0.0979796; t₄ = 2.776445 (z would give 0.568 → 3.41):
        // 0.76 − 0.272035 = 0.487965 → × 6 = 2.93; the upper end is clamped at 1 → 6.00.
        let r = a1()
        XCTAssertEqual(r.points, Decimal(string: "4.56"))
        XCTAssertEqual(r.interval, range("2.93", "6"))
        XCTAssertEqual(r.intervalBasis, .design([.srs], degreesOfFreedom: 4))
    }

    func testARosteredGroupCarriesTheFinitePopulationCorrection() {
        // 5 of 8: SE = 0.0979796 × √(1 − 5/8) = 0.06; half = 2.776445 × 0.06 = 0.166587:
        // [0.593413, 0.926587] × 6 = 3.56–5.56.
        let r = a1(roster: 8)
        XCTAssertEqual(r.interval, range("3.56", "5.56"))
        XCTAssertEqual(r.groups[0].design?.kind, .fpc)
        XCTAssertEqual(r.groups[0].design?.population, 8)
    }

    func testEveryoneOnTheRosterIsACensus() {
        let r = a1(roster: 5)
        XCTAssertEqual(r.interval, range("4.56", "4.56"))
        XCTAssertEqual(r.intervalBasis, .design([.census], degreesOfFreedom: 0))
    }

    func testThreeInterviewersAreTheClusters() {
        // A: 1, 1; B: 0.6, 0.6; C: 0.6. U = y − 0.76 m: 0.48, −0.32, −0.16; Σ U² = 0.3584;
        // v = 3/2 × 0.3584 / 5² = 0.021504, SE = 0.146642; t₂ = 4.302653, half = 0.630952:
        // 0.129048 × 6 = 0.77; the upper end clamped → 6.00.
        let r = a1(["A", "A", "B", "B", "C"])
        XCTAssertEqual(r.interval, range("0.77", "6"))
        XCTAssertEqual(r.intervalBasis, .design([.clusters], degreesOfFreedom: 2))
    }

    func testTwoInterviewersBorrowTheIndexsIntraclassCorrelation() {
        // A: 1, 1; B: 0.6, 0.6, 0.6 (CQ01 is index 01's only unit). ANOVA: SSB = 4/2 + 3.24/3 − 3.8²/5
        // = 0.192 on 1 df, SSW = 0 on 3 df, m₀ = 5 − (2² + 3²)/5 = 2.4: ρ̂ = 0.192 / 0.192 = 1.
        // deff = 1 + 1 × (5/2 − 1) = 2.5; v = 0.048 / 5 × 2.5 = 0.024, SE = 0.154919; Kish's n/deff = 2
        // leaves 1 degree of freedom: t₁ = 12.706 → the whole scale, 0.00–6.00 (two interviewers
        // whose answers differ wholly between them say little).
        let r = a1(["A", "A", "B", "B", "B"])
        XCTAssertEqual(r.interval, range("0", "6"))
        XCTAssertEqual(r.groups[0].design?.standardError, Decimal(string: "0.154919333848"))
        XCTAssertEqual(r.groups[0].design?.degreesOfFreedom, 1)
        XCTAssertEqual(r.groups[0].design?.kind, .pooled)
        XCTAssertEqual(r.groups[0].design?.intraclassCorrelation, 1)
        XCTAssertEqual(r.groups[0].design?.designEffect, Decimal(string: "2.5"))
    }

    func testAShareOfOneIsNotCertainty() throws {
        // A.2, five Tốt: p = 1 with no variance; Korn–Graubard on the 5 counted: lower =
        // qbeta(0.025, 5, 1) = 0.025^(1/5) = 0.478176 → × 6 = 2.87.
        let submissions = (0..<5).map { i in
            Submission(id: "s\(i)", form: "mini_tinh", group: "g_tinh", unitCode: "CQ01",
                       answers: ["q2": .choice("tot")], source: Source(file: "hand", line: i + 2))
        }
        let r = try XCTUnwrap(Converter(set: set).convert(submissions).first { $0.code == "CQ01" }).subcriteria[1]
        XCTAssertEqual(r.points, 6)
        XCTAssertEqual(r.interval, range("2.87", "6"))
    }

    func testOneRespondentGivesNoIntervalAndSaysWhy() {
        set.blueprint.criteria[0].subcriteria[0].minRespondents = 1
        let r = Converter(set: set).convert([Submission(id: "s", form: "mini_tinh", group: "g_tinh", unitCode: "CQ01",
                                                        answers: ["q1": .choice("tot")], source: Source(file: "hand", line: 2))])
        let unit = r.first { $0.code == "CQ01" }!
        XCTAssertNil(unit.subcriteria[0].interval)
        XCTAssertEqual(unit.subcriteria[0].intervalBasis, .none(.oneRespondent))
        XCTAssertEqual(unit.intervalBasis, .none(.oneRespondent))
    }

    /// The bootstrap's replicates of the same data: a census never moves; a simple random sample
    /// moves about as much as its standard error says (SE of 4.56 points = 6 × 0.0979796 = 0.588).
    func testReplicatesFollowTheDesign() throws {
        func replicates(roster: Int?) -> [Decimal] {
            set.rosters = Rosters(roster.map { [RosterEntry(group: "g_tinh", population: $0)] } ?? [])
            var tally = Tally(set: set)
            let entries = q1.enumerated().compactMap { i, answer -> Replicates.Entry? in
                let s = Submission(id: "s\(i)", form: "mini_tinh", group: "g_tinh", unitCode: "CQ01",
                                   answers: ["q1": .choice(answer)], source: Source(file: "hand", line: i + 2)).coded(by: set)
                tally.add(s)
                return tally.designValues(of: s).map { Replicates.Entry(unit: $0.unit, group: $0.group, id: s.id, interviewer: nil,
                                                                         respondent: nil, v: $0.v, r: $0.r) }
            }
            let results = Converter(set: set).results(tally)
            let cq01 = results.firstIndex { $0.code == "CQ01" }!
            return Replicates.totals(set: set, results: results, entries: entries, count: 2000, seed: 5).map { $0[cq01] }
        }
        XCTAssertEqual(Set(replicates(roster: 5)), [Decimal(string: "4.56")!])
        let srs = replicates(roster: nil).map { NSDecimalNumber(decimal: $0).doubleValue }
        let mean = srs.reduce(0, +) / 2000, sd = (srs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1999).squareRoot()
        XCTAssertEqual(mean, 4.56, accuracy: 0.05)
        XCTAssertEqual(sd, 0.588, accuracy: 0.06)
    }

    /// Five delegates rate CQ01 and DV01 alike. Known by their code, each is drawn for both units at
    /// once, so the two units move together and their difference never moves; as strangers, the
    /// two units are drawn apart and the difference does move.
    func testADelegateWhoRatedTwoUnitsIsDrawnAsAWhole() {
        func differences(linked: Bool) -> Set<Decimal> {
            var tally = Tally(set: set)
            var entries: [Replicates.Entry] = []
            for (i, answer) in q1.enumerated() {
                for unit in ["CQ01", "DV01"] {
                    var s = Submission(id: "\(unit)-\(i)", form: "mini_tinh", group: "g_tinh", unitCode: unit,
                                       answers: ["q1": .choice(answer)], source: Source(file: "hand", line: i + 2))
                    s.respondent = linked ? "DB-\(i)" : nil
                    s = s.coded(by: set)
                    tally.add(s)
                    let d = tally.designValues(of: s)!
                    entries.append(Replicates.Entry(unit: d.unit, group: d.group, id: s.id, interviewer: nil, respondent: s.respondent, v: d.v, r: d.r))
                }
            }
            let results = Converter(set: set).results(tally)
            let (a, b) = (results.firstIndex { $0.code == "CQ01" }!, results.firstIndex { $0.code == "DV01" }!)
            return Set(Replicates.totals(set: set, results: results, entries: entries, count: 200, seed: 3).map { $0[a] - $0[b] })
        }
        XCTAssertEqual(differences(linked: true), [0])
        XCTAssertGreaterThan(differences(linked: false).count, 5)
    }

    func testTheQuantilesAreRs() {
        // R 4: qt(0.975, c(1:4, 200)), qbeta(0.025, 2.4, 2.6).
        for (df, t) in [(1, 12.706204736), (2, 4.302652730), (3, 3.182446305), (4, 2.776445105), (200, 1.971896224)] {
            XCTAssertEqual(Distributions.tQuantile(level: 0.95, df: Double(df)), t, accuracy: 1e-8)
        }
        XCTAssertEqual(Distributions.betaQuantile(0.025, 2.4, 2.6), 0.1104509234, accuracy: 1e-9)
    }
}
