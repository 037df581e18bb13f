import Foundation
import KhaoSatQuestionnaire

/// Content 3 for every unit of the set: the tally of the accepted submissions run through
/// `Content3Rule`, with the index-wide passes `minmax` and `index-mean` need.
public struct Converter: Sendable {
    public let set: QuestionnaireSet

    public init(set: QuestionnaireSet) { self.set = set }

    public func convert(_ submissions: [Submission], setAside: [String: [String: Int]] = [:]) -> [UnitResult] {
        var tally = Tally(set: set)
        for s in submissions { tally.add(s) }
        return results(tally, setAside: setAside)
    }

    /// Every unit of the registry, in its order; units without responses are there too.
    /// `setAside`: per unit code, how many of its rows were set aside for each reason code.
    public func results(_ tally: Tally, setAside: [String: [String: Int]] = [:]) -> [UnitResult] {
        let notApplicable = Set(set.notApplicable.map { "\($0.unitCode)\u{0}\($0.subcriterion)" })
        func isNA(_ unit: RatedUnit, _ k: SubCriterion) -> Bool { notApplicable.contains("\(unit.code)\u{0}\(k.code)") }

        var contexts: [String: Content3Rule.IndexContext] = [:]  // by "index k"
        for index in set.indexCodes {
            let units = set.units.units(in: index)
            for k in set.blueprint.subcriteria(in: index) {
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
                Content3Rule.score(k, tallies: tally.tallies(unit: unit.code, subcriterion: k.code),
                                   index: contexts["\(unit.index.rawValue) \(k.code)"]!, notApplicable: isNA(unit, k))
            }
            let byGroup = tally.respondents(unit: unit.code)
            return UnitResult(index: unit.index, code: unit.code, name: unit.name,
                              respondents: byGroup.values.reduce(0, +), respondentsByGroup: byGroup,
                              subcriteria: subcriteria, setAside: setAside[unit.code] ?? [:])
        }
    }
}
