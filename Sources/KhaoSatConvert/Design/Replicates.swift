import Foundation
import KhaoSatQuestionnaire

/// Seeded bootstrap replicates of every unit's Content 3 points, for the ranking's rank
/// intervals (docs/uncertainty.md). Sampling units are resampled within their stratum by the
/// Rao–Wu rescaling bootstrap (n − 1 drawn, weights 1 − λ + λ·n/(n − 1)·m with λ = √(1 − f)),
/// so a roster's finite population correction carries over and a census does not move:
/// - interviewed groups with three interviewers or more: interviewers, within unit and group;
/// - a respondent who rated several units (a provincial delegate): the respondent, as a whole,
///   within the group, so the units they rated move together;
/// - anyone else: the submission, within unit and group; with fewer than three interviewers its
///   deviation is scaled by √deff, as the interval's design effect does.
/// Sub-criteria the rule does not estimate from the unit's own answers (min–max, imputed, fixed)
/// keep their points. Binary floating point: replicates are compared, never published as points.
package enum Replicates {
    /// One accepted submission as the bootstrap sees it.
    package struct Entry: Sendable {
        package var unit: Int
        package var group: Int
        package var id: String
        package var interviewer: String?
        package var respondent: String?
        /// By position in the unit's index: the credit (or 1/0 for a share) and whether it counts.
        package var v: [Double]
        package var r: [Bool]

        package init(unit: Int, group: Int, id: String, interviewer: String?, respondent: String?, v: [Double], r: [Bool]) {
            (self.unit, self.group, self.id, self.interviewer, self.respondent, self.v, self.r) = (unit, group, id, interviewer, respondent, v, r)
        }
    }

    /// [replicate][unit, in `results` order]: Content 3 points, 2 decimals.
    package static func totals(set: QuestionnaireSet, results: [UnitResult], entries: [Entry], count: Int, seed: UInt64) -> [[Decimal]] {
        let groups = set.groups.count
        // Each submission's sampling unit, and each sampling unit's stratum.
        var unitsOfRespondent: [String: Set<Int>] = [:]
        for e in entries { if let who = e.respondent { unitsOfRespondent["\(e.group) \(who)", default: []].insert(e.unit) } }
        var kinds: [Int: GroupDesign.Kind?] = [:]
        func kind(_ unit: Int, _ group: Int) -> GroupDesign.Kind? {
            if let known = kinds[unit * groups + group] { return known }
            let code = set.groups[group].code
            let found = results[unit].subcriteria.lazy.flatMap(\.groups).first { $0.group == code && $0.design != nil }?.design?.kind
            kinds[unit * groups + group] = found
            return found
        }
        var psuOf: [String: Int] = [:], strata: [String: [Int]] = [:], psuStratum: [String] = []
        var cellsOfStratum: [String: Set<Int>] = [:]
        var rows: [(psu: Int, unit: Int, group: Int, y: [Double], r: [Double])] = []
        var rowOf: [String: Int] = [:]
        for e in entries {
            let k = kind(e.unit, e.group)
            let key: String, stratum: String
            if k == .clusters, let who = e.interviewer {
                (key, stratum) = ("i \(e.unit) \(e.group) \(who)", "\(e.unit) \(e.group)")
            } else if k != .pooled, let who = e.respondent, unitsOfRespondent["\(e.group) \(who)", default: []].count > 1 {
                (key, stratum) = ("r \(e.group) \(who)", "g \(e.group)")
            } else {
                (key, stratum) = ("s \(e.unit) \(e.group) \(e.id)", "\(e.unit) \(e.group)")
            }
            let psu: Int
            if let p = psuOf[key] { psu = p } else {
                psu = psuStratum.count
                psuOf[key] = psu
                psuStratum.append(stratum)
                strata[stratum, default: []].append(psu)
            }
            cellsOfStratum[stratum, default: []].insert(e.unit * groups + e.group)
            let rowKey = "\(psu) \(e.unit)"
            if rowOf[rowKey] == nil {
                rowOf[rowKey] = rows.count
                rows.append((psu, e.unit, e.group, Array(repeating: 0, count: e.v.count), Array(repeating: 0, count: e.v.count)))
            }
            let i = rowOf[rowKey]!
            for p in e.v.indices where e.r[p] { rows[i].y[p] += e.v[p]; rows[i].r[p] += 1 }
        }
        // λ per stratum: 0 for a census or a single sampling unit.
        let orderedStrata = strata.keys.sorted()
        let lambda: [String: Double] = Dictionary(uniqueKeysWithValues: orderedStrata.map { name in
            let members = strata[name]!
            let populations = Set(cellsOfStratum[name]!.map { c in
                set.rosters.population(group: set.groups[c % groups].code, unit: set.units.units[c / groups])
            })
            let fraction: Double = populations.contains(nil) ? 0 : min(1, Double(members.count) / Double(populations.compactMap { $0 }.max() ?? 1))
            return (name, members.count < 2 ? 0 : (1 - fraction).squareRoot())
        })
        // The full sample's group means, and the design effect of the pooled ones.
        func means(_ weight: (Int) -> Double) -> [[Double?]] {
            var y = [[Double]](repeating: [], count: results.count * groups), r = y
            for row in rows {
                let c = row.unit * groups + row.group
                if y[c].isEmpty { y[c] = Array(repeating: 0, count: row.y.count); r[c] = y[c] }
                let w = weight(row.psu)
                for p in row.y.indices { y[c][p] += w * row.y[p]; r[c][p] += w * row.r[p] }
            }
            return zip(y, r).map { y, r in zip(y, r).map { $1 > 0 ? $0 / $1 : nil } }
        }
        let full = means { _ in 1 }
        var generator = SplitMix64(seed: seed)
        var out: [[Decimal]] = []
        for _ in 0..<count {
            var weight = [Double](repeating: 1, count: psuStratum.count)
            for name in orderedStrata {
                let members = strata[name]!, l = lambda[name]!
                guard l > 0 else { continue }
                let n = members.count
                var drawn = [Double](repeating: 0, count: n)
                for _ in 0..<(n - 1) { drawn[Int(generator.next() % UInt64(n))] += 1 }
                for (j, psu) in members.enumerated() { weight[psu] = 1 - l + l * Double(n) / Double(n - 1) * drawn[j] }
            }
            let replicate = means { weight[$0] }
            out.append(results.indices.map { u in total(results[u], unit: u, groups: set.groups, full: full, replicate: replicate) })
        }
        return out
    }

    private static func total(_ result: UnitResult, unit u: Int, groups: [RespondentGroup], full: [[Double?]], replicate: [[Double?]]) -> Decimal {
        let codes = groups.map(\.code)
        var total: Decimal = 0
        for (position, s) in result.subcriteria.enumerated() where s.counts {
            guard case .design? = s.intervalBasis else { total += s.points; continue }
            var credit = 0.0
            for g in s.groups where g.effectiveWeight > 0 {
                let c = u * groups.count + codes.firstIndex(of: g.group)!
                guard let mean = full[c].indices.contains(position) ? full[c][position] : nil else { continue }
                var moved = replicate[c][position] ?? mean
                if g.design?.kind == .pooled, let deff = g.design?.designEffect { moved = mean + Uncertainty.double(deff).squareRoot() * (moved - mean) }
                credit += Uncertainty.double(g.effectiveWeight) * moved
            }
            total += Content3Rule.points(s.maxPoints, credit: Uncertainty.decimal(min(1, max(0, credit))))
        }
        return total
    }
}
