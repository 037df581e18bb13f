import Foundation
import KhaoSatQuestionnaire

/// Content 3 for every unit of the set: the tally of the accepted submissions run through
/// `Content3Rule`, with the index-wide passes `minmax` and `index-mean` need.
package struct Converter: Sendable {
    package let set: QuestionnaireSet

    package init(set: QuestionnaireSet) { self.set = set }

    /// Submissions made by hand (tests, answers edited) are coded first: the tally reads codes only.
    package func convert(_ submissions: [Submission], setAside: [String: [String: Int]] = [:]) -> [UnitResult] {
        var tally = Tally(set: set)
        for s in submissions { tally.add(s.codes.isEmpty ? s.coded(by: set) : s) }
        return results(tally, setAside: setAside)
    }

    /// Every unit of the registry, in its order; units without responses are there too.
    /// `setAside`: per unit code, how many of its rows were set aside for each reason code.
    package func results(_ tally: Tally, setAside: [String: [String: Int]] = [:]) -> [UnitResult] {
        let notApplicable = Set(set.notApplicable.map { "\($0.unitCode)\u{0}\($0.subcriterion)" })
        func isNA(_ unit: RatedUnit, _ k: SubCriterion) -> Bool { notApplicable.contains("\(unit.code)\u{0}\(k.code)") }

        var contexts: [String: Content3Rule.IndexContext] = [:]  // by "index k"
        var intraclass: [String: [String: Double]] = [:]  // by "index k", then group
        for index in set.indexCodes {
            let units = set.units.units(in: index)
            for k in set.blueprint.subcriteria(in: index) {
                intraclass["\(index.rawValue) \(k.code)"] = k.groups.reduce(into: [:]) { rho, g in
                    rho[g.group] = tally.intraclass(index: index, subcriterion: k.code, group: g.group)
                }
                var context = Content3Rule.IndexContext()
                if k.method == .minmax {
                    for g in k.groups {
                        let enough = units.filter { !isNA($0, k) }.compactMap { u -> GroupTally? in
                            let t = tally.tallies(unit: u.code, subcriterion: k.code)[g.group] ?? GroupTally()
                            return t.counted >= k.minRespondents ? t : nil
                        }
                        if let lo = enough.min(by: Content3Rule.meanIsLower), let hi = enough.max(by: Content3Rule.meanIsLower) {
                            context.ranges[g.group] = (lo, hi)
                        }
                    }
                }
                if k.lowSample == .indexMean {
                    let ok = units.filter { !isNA($0, k) }.map {
                        Content3Rule.score(k, tallies: tally.tallies(unit: $0.code, subcriterion: k.code),
                                           index: context, notApplicable: false)
                    }.filter { $0.status == .ok }.compactMap(\.credit)
                    if !ok.isEmpty { context.mean = (Content3Rule.settled(ok.reduce(0, +) / Decimal(ok.count)), ok.count) }
                }
                contexts["\(index.rawValue) \(k.code)"] = context
            }
        }

        return set.units.units.map { unit in
            let subcriteria = set.blueprint.subcriteria(in: unit.index).map { k in
                let key = "\(unit.index.rawValue) \(k.code)"
                return Content3Rule.score(k, tallies: tally.tallies(unit: unit.code, subcriterion: k.code),
                                          designs: tally.designs(unit: unit.code, subcriterion: k.code, intraclass: intraclass[key]!),
                                          index: contexts[key]!, notApplicable: isNA(unit, k))
            }
            let byGroup = tally.respondents(unit: unit.code)
            var result = UnitResult(index: unit.index, code: unit.code, name: unit.name,
                                    respondents: byGroup.values.reduce(0, +), respondentsByGroup: byGroup,
                                    subcriteria: subcriteria, setAside: setAside[unit.code] ?? [:])
            for g in set.groups { result.populationByGroup[g.code] = set.rosters.population(group: g.code, unit: unit) }
            result.respondentsByInput = tally.respondentsByInput(unit: unit.code)
            (result.interval, result.intervalBasis, result.standardError) = totalInterval(result, tally, intraclass)
            return result
        }
    }

    /// The Content 3 total's interval: every sub-criterion with a sampled credit enters the
    /// linearisation; one estimated without an interval (min–max, imputed) leaves the total without one.
    private func totalInterval(_ unit: UnitResult, _ tally: Tally, _ intraclass: [String: [String: Double]])
        -> (ClosedRange<Decimal>?, IntervalBasis, Decimal?) {
        var terms: [String: [(subcriterion: String, coefficient: Double)]] = [:]
        var rho: [String: Double] = [:]
        var centre: Decimal = 0
        for s in unit.subcriteria where s.counts {
            switch s.intervalBasis {
            case .design?:
                centre += s.exactPoints
                for g in s.groups where g.effectiveWeight > 0 && g.design != nil {
                    terms[g.group, default: []].append((s.code, Uncertainty.double(s.maxPoints * g.effectiveWeight)))
                    let r = intraclass["\(unit.index.rawValue) \(s.code)"]?[g.group] ?? Uncertainty.assumedIntraclass
                    rho[g.group] = max(rho[g.group] ?? 0, r)
                }
            case .none(.fixed)?, .none(.notApplicable)?, nil:
                centre += s.points
            case .none(let why)?:
                return (nil, .none(why == .oneRespondent ? .oneRespondent : .part), nil)
            }
        }
        return Uncertainty.total(centre: centre, points: unit.points, maxPoints: unit.maxPoints,
                                 spreads: tally.totalSpreads(unit: unit.code, terms: terms, intraclass: rho))
    }
}
