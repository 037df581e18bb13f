import Foundation
import KhaoSatConvert
import KhaoSatCSV
import KhaoSatQuestionnaire

/// This year against last year, unit by unit (`khaosat compare --run LAST --run THIS
/// [--crosswalk FILE]`): the Content 3 total and the sub-criteria that are the same in both sets
/// (same code, maximum and method), the change, and whether it is larger than the two surveys'
/// uncertainty. A crosswalk maps last year's units to this year's (the 2025 mergers: several old
/// communes → one new); a merged unit's last-year value is its old units' mean weighted by their
/// respondents (as if their respondents had been pooled), with the variance of that mean.
package struct YearOverYear: Sendable {
    package struct Line: Sendable, Equatable {
        package var index: String
        package var unit: String
        package var name: String
        /// Last year's units behind the value (one, or those merged).
        package var lastUnits: [String]
        /// Blank for the Content 3 total.
        package var subcriterion: String
        /// `points`, or `percent` when the two years' maxima differ.
        package var measure: String
        package var last: Decimal?
        package var this: Decimal?
        /// The 95 % interval of this − last, when both years have one.
        package var interval: ClosedRange<Decimal>?

        package var change: Decimal? { this.flatMap { t in last.map { t - $0 } } }
        /// Whether the interval of the change leaves out 0.
        package var beyondUncertainty: Bool? { interval.map { $0.lowerBound > 0 || $0.upperBound < 0 } }
    }

    package var lines: [Line]
    /// Sub-criteria of this year's set with no like in last year's (code, maximum or method differ).
    package var notComparable: [String]
    /// This year's units with nothing last year (new, or missing from the crosswalk).
    package var withoutLastYear: [String]

    /// `crosswalk`: last year's unit code → this year's; a unit of the same code in both years needs no line.
    package init(last: Content3Document, this: Content3Document, crosswalk: [String: String] = [:]) {
        var sources: [String: [UnitResult]] = [:]
        for u in last.units { sources[crosswalk[u.code] ?? u.code, default: []].append(u) }
        let same = Self.sameSubcriteria(last.manifest.parameters.blueprint, this.manifest.parameters.blueprint)
        notComparable = Array(Set(this.manifest.parameters.blueprint.map { "\($0.index) \($0.subcriterion)" }).subtracting(same)).sorted()
        var lines: [Line] = [], without: [String] = []
        for u in this.units {
            guard let olds = sources[u.code], !olds.isEmpty else { without.append(u.code); continue }
            let codes = olds.map(\.code).sorted()
            let usePercent = Set(olds.map(\.maxPoints) + [u.maxPoints]).count > 1
            let mine = usePercent ? Self.percent(u.points, of: u.maxPoints) : u.points
            let theirs = Self.weighted(olds.map { (usePercent ? Self.percent($0.points, of: $0.maxPoints) : $0.points, $0) })
            // A standard error in points becomes one in percent with the unit's own maximum.
            func se(_ x: UnitResult) -> Decimal? { x.standardError.map { usePercent && x.maxPoints > 0 ? $0 * 100 / x.maxPoints : $0 } }
            lines.append(Line(index: u.index.rawValue, unit: u.code, name: u.name, lastUnits: codes, subcriterion: "",
                              measure: usePercent ? "percent" : "points", last: theirs, this: mine,
                              interval: Self.interval(this: (mine, se(u), Self.df(u.intervalBasis)),
                                                      last: olds.map { (Self.weight($0, olds), se($0), Self.df($0.intervalBasis)) }, lastValue: theirs)))
            for s in u.subcriteria where same.contains("\(u.index.rawValue) \(s.code)") && s.counts {
                let parts = olds.compactMap { o in o.subcriteria.first { $0.code == s.code && $0.counts }.map { (o, $0) } }
                guard !parts.isEmpty else { continue }
                let value = Self.weighted(parts.map { ($0.1.points, $0.0) })
                lines.append(Line(index: u.index.rawValue, unit: u.code, name: u.name, lastUnits: codes, subcriterion: s.code, measure: "points",
                                  last: value, this: s.points, interval: Self.roughInterval(this: s, last: parts, lastValue: value)))
            }
        }
        self.lines = lines
        withoutLastYear = without
    }

    /// "index code" of sub-criteria with the same maximum and method in both blueprints.
    private static func sameSubcriteria(_ a: [Manifest.SubCriterionParameters], _ b: [Manifest.SubCriterionParameters]) -> Set<String> {
        let before = Dictionary(a.map { ("\($0.index) \($0.subcriterion)", $0) }, uniquingKeysWith: { x, _ in x })
        return Set(b.compactMap { k in
            let key = "\(k.index) \(k.subcriterion)"
            guard let o = before[key], o.maxPoints == k.maxPoints, o.method == k.method, o.threshold == k.threshold else { return nil }
            return key
        })
    }

    private static func percent(_ points: Decimal, of maximum: Decimal) -> Decimal { maximum == 0 ? 0 : points * 100 / maximum }

    /// A merged unit's share of the pooled respondents; equal shares when none had any.
    private static func weight(_ u: UnitResult, _ all: [UnitResult]) -> Decimal {
        let total = all.map(\.respondents).reduce(0, +)
        return total == 0 ? 1 / Decimal(all.count) : Decimal(u.respondents) / Decimal(total)
    }

    /// The respondent-weighted mean of merged units' values, to 2 decimals like every published figure.
    private static func weighted(_ values: [(Decimal, UnitResult)]) -> Decimal {
        let all = values.map(\.1)
        return Decimals.rounded(values.reduce(Decimal(0)) { $0 + weight($1.1, all) * $1.0 }, scale: 2)
    }

    private static func df(_ basis: IntervalBasis?) -> Decimal? {
        if case .design(_, let df)? = basis { return df }
        return nil
    }

    /// this − last by Welch–Satterthwaite: each year's (and each merged unit's) variance with its
    /// degrees of freedom; nil when a part has no standard error. The two surveys are independent samples.
    private static func interval(this: (Decimal, Decimal?, Decimal?), last: [(Decimal, Decimal?, Decimal?)], lastValue: Decimal) -> ClosedRange<Decimal>? {
        var parts: [(variance: Double, df: Double)] = []
        for (weight, se, df) in [(Decimal(1), this.1, this.2)] + last {
            guard let se else { return nil }
            let v = pow(Uncertainty.double(weight * se), 2)
            if v > 0 { guard let df, df > 0 else { return nil }; parts.append((v, Uncertainty.double(df))) }
        }
        let d = this.0 - lastValue
        let total = parts.reduce(0) { $0 + $1.variance }
        guard total > 0 else { return d...d }
        let spread = parts.reduce(0) { $0 + $1.variance * $1.variance / $1.df }
        let half = Uncertainty.decimal(Uncertainty.t(total * total / spread) * total.squareRoot())
        return Decimals.rounded(d - half, scale: 2)...Decimals.rounded(d + half, scale: 2)
    }

    /// For a sub-criterion only the published intervals are kept: each year's half-width (the
    /// longer side) taken as 1.96 standard errors, combined in quadrature with normal quantiles.
    private static func roughInterval(this: SubCriterionResult, last: [(UnitResult, SubCriterionResult)], lastValue: Decimal) -> ClosedRange<Decimal>? {
        func half(_ s: SubCriterionResult) -> Double? {
            s.interval.map { Uncertainty.double(max(s.points - $0.lowerBound, $0.upperBound - s.points)) }
        }
        guard let h = half(this) else { return nil }
        var variance = h * h
        let olds = last.map(\.0)
        for (u, s) in last {
            guard let hs = half(s) else { return nil }
            variance += pow(Uncertainty.double(weight(u, olds)) * hs, 2)
        }
        let d = this.points - lastValue, w = Uncertainty.decimal(variance.squareRoot())
        return Decimals.rounded(d - w, scale: 2)...Decimals.rounded(d + w, scale: 2)
    }
}

/// `khaosat compare --out FILE`: a line per unit (the total) and per comparable sub-criterion.
package enum YearOverYearTable {
    package static let table = CSVTable<YearOverYear.Line>([
        .init("index") { .text($0.index) },
        .init("unit_code") { .text($0.unit) },
        .init("unit_name") { .text($0.name) },
        .init("last_units") { .text($0.lastUnits.joined(separator: " ")) },
        .init("subcriterion") { .text($0.subcriterion) },
        .init("measure") { .text($0.measure) },
        .init("last") { number($0.last) },
        .init("this") { number($0.this) },
        .init("change") { number($0.change) },
        .init("change_low") { number($0.interval?.lowerBound) },
        .init("change_high") { number($0.interval?.upperBound) },
        .init("beyond_uncertainty") { .text($0.beyondUncertainty.map { $0 ? "yes" : "no" } ?? "") },
    ])

    static func number(_ x: Decimal?) -> CSVCell { x.map { .number(Decimals.format($0, scale: 2)) } ?? "" }
}
