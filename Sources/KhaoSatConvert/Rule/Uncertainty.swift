import Foundation
import KhaoSatQuestionnaire

/// Step 8 of the rule (docs/officers.md): 95 % intervals by the survey's design. Rostered groups carry the finite
/// population correction (all answered: a census, the interval is the point); interviewed groups
/// have their interviewers as clusters (ultimate-cluster variance), or with fewer than three a
/// design effect from the index's intra-interviewer correlation; Student's t on Satterthwaite's
/// degrees of freedom (Kish's with a design effect); `share`, and answers all alike, by
/// Korn–Graubard; groups combined with the renormalised weights; the Content 3 total linearised
/// over respondents (docs/uncertainty.md). Variances are binary floating point (they are
/// estimates, printed to 2 decimals); centres are the exact credits.
package enum Uncertainty {
    package static let level = 0.95
    /// ρ where the index cannot show it (no unit has two interviewers with counted answers):
    /// a typical intra-interviewer correlation (0.01–0.05 in the literature).
    package static let assumedIntraclass = 0.03

    /// One group's variance for a linear combination of its sub-criterion means.
    struct Spread {
        var kind: GroupDesign.Kind
        var variance: Double?
        var samplingUnits: Int
        var degreesOfFreedom: Double
        var designEffect: Double?
        var intraclass: Double?
    }

    /// `domain`: for one sub-criterion, its persons and clusters with a counted answer (the t's
    /// degrees of freedom, as R's `degf` of a subset); nil for the total (every one sampled).
    static func spread(_ cell: DesignTally.Cell, population: Int?, intraclass rho: Double,
                       terms: [DesignTally.Term], domain: (persons: Int, clusters: Int)?) -> Spread {
        let n = cell.submissions, nn = Double(cell.submissions)
        let persons = domain?.persons ?? n
        func bySRS(_ kind: GroupDesign.Kind, factor: Double, deff: Double? = nil) -> Spread {
            guard n > 1, persons > 1 else { return Spread(kind: kind, variance: nil, samplingUnits: persons, degreesOfFreedom: 0) }
            // With a design effect, Kish's effective sample size n / deff sets the degrees of freedom.
            return Spread(kind: kind, variance: cleaned(factor * nn / (nn - 1) * cell.all.squares(terms) * (deff ?? 1)),
                          samplingUnits: persons, degreesOfFreedom: max(1, Double(persons) / (deff ?? 1) - 1),
                          designEffect: deff, intraclass: deff.map { _ in rho })
        }
        if let big = population {
            if n >= big { return Spread(kind: .census, variance: 0, samplingUnits: persons, degreesOfFreedom: 0) }
            return bySRS(.fpc, factor: 1 - nn / Double(big))
        }
        guard cell.interviewed else { return bySRS(.srs, factor: 1) }
        let a = cell.clusterCount
        guard a >= 3 else { return bySRS(.pooled, factor: 1, deff: 1 + rho * (nn / Double(max(1, a)) - 1)) }
        let units = domain?.clusters ?? a
        guard units > 1 else { return Spread(kind: .clusters, variance: nil, samplingUnits: units, degreesOfFreedom: 0) }
        let aa = Double(a)
        return Spread(kind: .clusters, variance: cleaned(aa / (aa - 1) * cell.clusterSquares(terms)),
                      samplingUnits: units, degreesOfFreedom: Double(units - 1))
    }

    /// One group's design for sub-criterion `position` of the unit's index.
    static func design(_ cell: DesignTally.Cell, position: Int, population: Int?, intraclass: Double) -> GroupDesign? {
        let (counted, sum, clusters) = cell.counted(position)
        guard counted > 0 else { return nil }
        let s = spread(cell, population: population, intraclass: intraclass,
                       terms: [.init(position: position, coefficient: 1 / counted, centre: sum / counted)],
                       domain: (Int(counted), clusters))
        var variance = s.variance
        if variance == 0, s.kind != .census {
            // Answers all alike do not prove a group has no spread (two delegates who both said
            // "Tốt"): the variance of a share (x + ½)/(m + 1), with the design's factors.
            let p = (sum + 0.5) / (counted + 1)
            let fpc = population.map { 1 - min(1, Double(cell.submissions) / Double($0)) } ?? 1
            variance = fpc * (s.designEffect ?? 1) * p * (1 - p) / counted
        }
        return GroupDesign(kind: s.kind, sampled: cell.submissions, population: population, samplingUnits: s.samplingUnits,
                           degreesOfFreedom: Decimals.rounded(decimal(s.degreesOfFreedom), scale: 4), designEffect: s.designEffect.map(decimal),
                           intraclassCorrelation: s.intraclass.map(decimal), standardError: variance.map { decimal($0.squareRoot()) })
    }

    /// Welch–Satterthwaite: the degrees of freedom of a sum of independent variance estimates,
    /// (Σ vᵍ)² / Σ (vᵍ² / dfᵍ), over the parts that vary. A stratum of three interviewers does not
    /// borrow the degrees of freedom of sixty delegates beside it.
    static func satterthwaite(_ parts: [(variance: Double, degreesOfFreedom: Double)]) -> Double {
        let varying = parts.filter { $0.variance > 0 && $0.degreesOfFreedom > 0 }
        let total = varying.reduce(0) { $0 + $1.variance }
        let spread = varying.reduce(0) { $0 + $1.variance * $1.variance / $1.degreesOfFreedom }
        return spread > 0 ? total * total / spread : 0
    }

    /// The interval of a sub-criterion's combined credit over the groups used.
    static func interval(credit: Decimal, method: ScoringMethod, groups: [GroupResult]) -> (ClosedRange<Decimal>?, IntervalBasis) {
        if case .minmax = method { return (nil, .none(.minmax)) }
        let designs = groups.compactMap(\.design)
        guard designs.count == groups.count, designs.allSatisfy({ $0.standardError != nil }) else { return (nil, .none(.oneRespondent)) }
        let parts = zip(groups, designs).map { g, d in
            (variance: pow(double(g.effectiveWeight) * double(d.standardError!), 2), degreesOfFreedom: double(d.degreesOfFreedom))
        }
        let variance = parts.reduce(0) { $0 + $1.variance }, df = satterthwaite(parts)
        let basis = IntervalBasis.design(distinct(designs.map(\.kind)), degreesOfFreedom: Decimals.rounded(decimal(df), scale: 2))
        if designs.allSatisfy({ $0.kind == .census }) { return (credit...credit, basis) }
        let c = double(credit), rows = groups.reduce(0) { $0 + $1.tally.counted }
        if case .mean = method, variance > 0, df > 0 {
            let half = t(df) * variance.squareRoot()
            return (decimal(max(0, c - half))...decimal(min(1, c + half)), basis)
        }
        let (low, high) = kornGraubard(c, variance: variance, rows: rows, degreesOfFreedom: df)
        return (decimal(low)...decimal(high), basis)
    }

    /// Korn & Graubard (1998), as R's `svyciprop(method = "beta")`: Clopper–Pearson on the
    /// effective sample size p(1 − p)/v, scaled by (t_{rows−1} / t_df)². A share of 0 or 1 says
    /// nothing of its spread: the effective size is then the respondents counted.
    static func kornGraubard(_ p: Double, variance: Double, rows: Int, degreesOfFreedom df: Double) -> (Double, Double) {
        var effective = Double(rows)
        if variance > 0, p > 0, p < 1 {
            effective = p * (1 - p) / variance
            if rows > 1, df > 0 {
                let ratio = Distributions.tQuantile(level: level, df: Double(rows - 1)) / Distributions.tQuantile(level: level, df: df)
                effective *= ratio * ratio
            }
        }
        let alpha = 1 - level
        let low = p <= 0 ? 0 : Distributions.betaQuantile(alpha / 2, effective * p, effective * (1 - p) + 1)
        let high = p >= 1 ? 1 : Distributions.betaQuantile(1 - alpha / 2, effective * p + 1, effective * (1 - p))
        return (low, high)
    }

    /// The Content 3 total: `centre` (Σ M × credit, unrounded) ± t · √(Σ over groups of each
    /// group's linearised variance); a census everywhere gives the printed points.
    static func total(centre: Decimal, points: Decimal, maxPoints: Decimal, spreads: [Spread])
        -> (interval: ClosedRange<Decimal>?, basis: IntervalBasis, standardError: Decimal?) {
        guard !spreads.isEmpty else { return (points...points, .none(.fixed), 0) }
        guard spreads.allSatisfy({ $0.variance != nil }) else { return (nil, .none(.oneRespondent), nil) }
        let parts = spreads.map { (variance: $0.variance!, degreesOfFreedom: $0.degreesOfFreedom) }
        let variance = parts.reduce(0) { $0 + $1.variance }, df = satterthwaite(parts)
        let basis = IntervalBasis.design(distinct(spreads.map(\.kind)), degreesOfFreedom: Decimals.rounded(decimal(df), scale: 2))
        guard variance > 0, df > 0 else { return (points...points, basis, 0) }
        let half = t(df) * variance.squareRoot()
        let c = double(centre), top = double(maxPoints)
        return (Decimals.rounded(decimal(max(0, c - half)), scale: 2)...Decimals.rounded(decimal(min(top, c + half)), scale: 2), basis,
                decimal(variance.squareRoot()))
    }

    /// Student's t for the 95 % interval.
    package static func t(_ degreesOfFreedom: Double) -> Double { Distributions.tQuantile(level: level, df: degreesOfFreedom) }

    /// Σ(v − c)² expanded as Σv² − 2cΣv + c²n leaves a residue of the last bits where the true
    /// value is 0 (all answers alike); read below 1e-15 as 0, far under any survey's variance.
    private static func cleaned(_ variance: Double) -> Double { variance < 1e-15 ? 0 : variance }

    private static func distinct(_ kinds: [GroupDesign.Kind]) -> [GroupDesign.Kind] {
        kinds.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// 12 decimals: a Double's digits beyond them are noise, and they must not reach a file.
    package static func decimal(_ x: Double) -> Decimal { Decimals.rounded(Decimal(x), scale: 12) }
    package static func double(_ x: Decimal) -> Double { NSDecimalNumber(decimal: x).doubleValue }
}
