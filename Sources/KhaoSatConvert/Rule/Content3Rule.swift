import Foundation
import KhaoSatQuestionnaire

/// The Content 3 conversion rule for one unit and one sub-criterion, steps 2 to 8 of
/// docs/officers.md (step 1, the credit of one answer and what "counted" means, is `Credit` beside it). Pure
/// functions on decimals: no binary floating point reaches a point.
package enum Content3Rule {
    /// What the rule needs to know about the unit's whole index.
    package struct IndexContext: Sendable {
        /// `minmax`: per group, the tallies of the index's units with enough respondents whose
        /// mean credit is the lowest and the highest (compared exactly, as sum / count).
        package var ranges: [String: (low: GroupTally, high: GroupTally)] = [:]
        /// `index-mean`: the mean credit of the index's units scored `ok`, and how many.
        package var mean: (credit: Decimal, units: Int)?
    }

    /// Step 2: the weighted mean of the credits of a submission's counted answers.
    package static func submissionCredit(_ answers: [(credit: Decimal?, weight: Decimal)]) -> Decimal? {
        let counted = answers.compactMap { a in a.credit.map { ($0, a.weight) } }
        let weight = counted.reduce(0) { $0 + $1.1 }
        guard weight > 0 else { return nil }
        return settled(counted.reduce(0) { $0 + $1.0 * $1.1 } / weight)
    }

    /// Every quotient is rounded to 28 decimals: Decimal keeps 38 digits, and an unrounded
    /// 2.5 / 3 = 0.8333…33 would carry its last-digit error into every later sum; 28 leaves
    /// room for sums of ten million credits to stay exact, so their order cannot matter.
    static func settled(_ x: Decimal) -> Decimal { Decimals.rounded(x, scale: carried) }
    static let carried = 28

    /// What the results publish: 18 decimals, rounded from the 28 carried, so that a quotient of
    /// repeating means whose value is exact (a minmax credit of 63/160) is published exactly
    /// (0.39375, not 0.393749999999999999) and rounds as it should (0.3938).
    static func published(_ x: Decimal) -> Decimal { Decimals.rounded(x, scale: 18) }

    /// Step 3: a group's credit by the method; nil without counted submissions.
    package static func groupCredit(_ t: GroupTally, _ method: ScoringMethod, range: (low: GroupTally, high: GroupTally)?) -> Decimal? {
        guard t.counted > 0 else { return nil }
        switch method {
        case .mean:
            return mean(t)
        case .share:
            return settled(Decimal(t.atThreshold) / Decimal(t.counted))
        case .minmax:
            guard let (lo, hi) = range else { return nil }
            // (S/n − Sₗ/nₗ) / (Sₕ/nₕ − Sₗ/nₗ) as one quotient of exact products: dividing rounded
            // means left 0.500000000000000001 for ½ and 1E-18 for the lowest unit's 0.
            let (n, nLo, nHi) = (Decimal(t.counted), Decimal(lo.counted), Decimal(hi.counted))
            let span = (hi.sum * nLo - lo.sum * nHi) * n
            if span == 0 { return 1 }
            let above = (t.sum * nLo - lo.sum * n) * nHi
            return settled(min(1, max(0, above / span)))  // a unit below the minimum may fall outside the range
        }
    }

    /// A group's mean credit, Σ / n.
    package static func mean(_ t: GroupTally) -> Decimal { settled(t.sum / Decimal(t.counted)) }

    /// Whether `a`'s mean is below `b`'s, compared exactly.
    static func meanIsLower(_ a: GroupTally, _ b: GroupTally) -> Bool {
        a.sum * Decimal(b.counted) < b.sum * Decimal(a.counted)
    }

    /// Steps 3 to 8 for one unit and sub-criterion. `tallies`: the group tallies, by group code;
    /// `designs`: how each group's respondents were drawn (no interval for a group without one).
    package static func score(_ k: SubCriterion, tallies: [String: GroupTally], designs: [String: GroupDesign] = [:],
                             index: IndexContext, notApplicable: Bool) -> SubCriterionResult {
        var result = carriedScore(k, tallies: tallies, designs: designs, index: index, notApplicable: notApplicable)
        result.credit = result.credit.map(published)
        for i in result.groups.indices {
            result.groups[i].credit = result.groups[i].credit.map(published)
            result.groups[i].effectiveWeight = published(result.groups[i].effectiveWeight)
            result.groups[i].range = result.groups[i].range.map { published($0.lowerBound)...published($0.upperBound) }
            result.groups[i].tally.sum = published(result.groups[i].tally.sum)
            result.groups[i].tally.sumOfSquares = published(result.groups[i].tally.sumOfSquares)
        }
        return result
    }

    private static func carriedScore(_ k: SubCriterion, tallies: [String: GroupTally], designs: [String: GroupDesign],
                                     index: IndexContext, notApplicable: Bool) -> SubCriterionResult {
        var groups = k.groups.map { g in
            let t = tallies[g.group] ?? GroupTally()
            let range = k.method == .minmax ? index.ranges[g.group] : nil
            let credit = groupCredit(t, k.method, range: range)
            return GroupResult(group: g.group, weight: g.weight, effectiveWeight: 0, tally: t, credit: credit,
                               range: range.map { mean($0.low)...mean($0.high) }, enough: credit != nil && t.counted >= k.minRespondents,
                               design: designs[g.group])
        }
        var result = SubCriterionResult(
            code: k.code, criterion: k.criterion, name: k.name, maxPoints: k.maxPoints, method: k.method.kind,
            minRespondents: k.minRespondents, groups: groups, credit: nil, exactPoints: 0, points: 0,
            interval: nil, intervalBasis: .none(.fixed), status: .ok, note: nil)
        if notApplicable {
            result.status = .notApplicable
            result.intervalBasis = .none(.notApplicable)
            result.note = "không thuộc chức năng, nhiệm vụ của đơn vị (not-applicable.csv)"
            return result
        }

        // Step 4: the groups that reached the minimum, their weights renormalised.
        var used = groups.indices.filter { groups[$0].enough }
        if used.isEmpty {
            // Step 5: too few respondents.
            switch k.lowSample {
            case .flag:
                used = groups.indices.filter { groups[$0].credit != nil }
                result.status = .lowSample
                let noScale = k.method == .minmax && groups.contains { $0.tally.counted > 0 }
                result.note = !used.isEmpty ? "không nhóm nào đủ \(k.minRespondents) phiếu; tính từ số phiếu hiện có"
                    : noScale ? "không đơn vị nào cùng Chỉ số đủ \(k.minRespondents) phiếu để làm thang min–max; tính 0 điểm"
                    : "không có phiếu nào được tính"
            case .zero:
                result.status = .lowSample
                result.note = "không nhóm nào đủ \(k.minRespondents) phiếu; tính 0 điểm (chính sách zero)"
                result.credit = 0
                return result
            case .notApplicable:
                result.status = .notApplicable
                result.intervalBasis = .none(.notApplicable)
                result.note = "không nhóm nào đủ \(k.minRespondents) phiếu; không chấm (chính sách not-applicable)"
                return result
            case .indexMean:
                result.status = .imputed
                result.intervalBasis = .none(.imputed)
                if let mean = index.mean {
                    result.credit = mean.credit
                    result.note = "không nhóm nào đủ \(k.minRespondents) phiếu; lấy bình quân của \(mean.units) đơn vị cùng Chỉ số"
                } else {
                    result.credit = 0
                    result.note = "không nhóm nào đủ \(k.minRespondents) phiếu và không đơn vị nào cùng Chỉ số đủ phiếu; tính 0 điểm"
                }
                result.exactPoints = Decimals.rounded(k.maxPoints * result.credit!, scale: 15)
                result.points = points(k.maxPoints, credit: result.credit!)
                return result
            }
        }
        let totalWeight = used.reduce(Decimal(0)) { $0 + groups[$1].weight }
        for i in used { groups[i].effectiveWeight = settled(groups[i].weight / totalWeight) }
        result.groups = groups
        guard !used.isEmpty else { return result }
        let credit = settled(used.reduce(Decimal(0)) { $0 + groups[$1].weight * groups[$1].credit! } / totalWeight)
        result.credit = credit
        result.exactPoints = Decimals.rounded(k.maxPoints * credit, scale: 15)
        result.points = points(k.maxPoints, credit: credit)
        let (interval, basis) = Uncertainty.interval(credit: credit, method: k.method, groups: used.map { groups[$0] })
        result.interval = interval.map { points(k.maxPoints, credit: $0.lowerBound)...points(k.maxPoints, credit: $0.upperBound) }
        result.intervalBasis = basis
        return result
    }

    /// Step 6: M × credit, rounded half-up to 2 decimals only here. The credit is a fraction
    /// computed with divisions, so M × credit can miss an exact half by the divisions' error
    /// (0.75 × 5/6 = 0.625 comes out as 0.62499…9975, which would round to 0.62). That error
    /// is below 10⁻²⁶; rounding to 15 decimals first puts such a value back on its half, and
    /// only a true value within 10⁻¹⁵ of a half (never seen with survey-sized denominators)
    /// could be moved by it.
    package static func points(_ maxPoints: Decimal, credit: Decimal) -> Decimal {
        Decimals.rounded(Decimals.rounded(maxPoints * credit, scale: 15), scale: 2)
    }
}
