import Foundation
import KhaoSatQuestionnaire

/// Accepted submissions folded into counts per (unit, sub-criterion, group): memory grows with
/// the number of units and of distinct answer combinations, not of submissions. Everything is
/// keyed by position (unit in the registry, sub-criterion, group, form) because hashing names
/// for every submission was most of the conversion time.
package struct Tally: SubmissionSink, Sendable {
    /// A sub-criterion of an index: which groups feed it, and its `share` threshold.
    struct Scored: Sendable {
        var ordinal: Int32
        /// By group ordinal.
        var fedBy: [Bool]
        var threshold: Decimal?
        var thresholdDouble: Double
        /// Its index's `select_multiple` rule, by position in `modes`.
        var mode: Int
    }

    /// Submissions of one (unit, sub-criterion, group): how many had each memoised credit, plus
    /// exact sums for credits that could not be memoised.
    struct Cell: Sendable {
        var notCounted = 0
        /// (form << 48 | memo key) → submissions.
        var counts: [Int: Int] = [:]
        var exact = GroupTally()
    }

    private let set: QuestionnaireSet
    private let formOrdinals: [String: Int]
    private let unitOrdinals: [String: (Int32, IndexCode)]
    private let groupOrdinals: [String: Int32]
    private let subcriterionCodes: [String]
    /// Per unit ordinal: the sub-criteria of its index.
    private let scoring: [[Scored]]
    /// The `select_multiple` rules the indices use (nearly always one).
    private let modes: [SelectMultipleCredit]
    /// [form × modes + mode][sub-criterion]: the form's questions feeding it, with their credit memo.
    private var feeds: [[CreditFeed?]]
    /// [(unit × sub-criteria + sub-criterion) × groups + group]: an array, not a dictionary, because
    /// hashing a key for every sub-criterion of every submission was most of the fold.
    private var cells: [Cell?]
    /// [unit × groups + group]: accepted submissions.
    private var respondentCounts: [Int]
    /// Accepted submissions per input file and unit ([input][unit]), so that a unit's points can be
    /// traced to the files behind them (`khaosat diff`); files come in runs, so the last is remembered.
    private var inputs: (names: [String], ordinals: [String: Int], counts: [[Int]], last: Int) = ([], [:], [], -1)
    /// What the intervals need: sampling units and how sub-criteria move together.
    private var design: DesignTally
    /// A submission's values for `design`, by position in its unit's index.
    private var scratch: (v: [Double], r: [Bool])

    package init(set: QuestionnaireSet) {
        self.set = set
        formOrdinals = Dictionary(set.questionnaires.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        unitOrdinals = Dictionary(set.units.units.enumerated().map { ($1.code, (Int32($0), $1.index)) }, uniquingKeysWith: { a, _ in a })
        groupOrdinals = Dictionary(set.groups.enumerated().map { ($1.code, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        let codes = Array(Set(set.blueprint.allSubcriteria.map(\.code))).sorted()
        subcriterionCodes = codes
        let subOrdinal = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, Int32($0)) })
        let modes = set.indexCodes.map { set.settings(of: $0).selectMultiple }.reduce(into: [SelectMultipleCredit]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        self.modes = modes
        var byIndex: [IndexCode: [Scored]] = [:]
        for index in set.indexCodes {
            let mode = modes.firstIndex(of: set.settings(of: index).selectMultiple)!
            byIndex[index] = set.blueprint.subcriteria(in: index).map { [groupOrdinals] k in
                let threshold: Decimal? = if case .share(let t) = k.method { t } else { nil }
                let fedBy = Set(k.groups.compactMap { groupOrdinals[$0.group] })
                return Scored(ordinal: subOrdinal[k.code]!, fedBy: set.groups.indices.map { fedBy.contains(Int32($0)) },
                              threshold: threshold, thresholdDouble: threshold.map { NSDecimalNumber(decimal: $0).doubleValue } ?? 0,
                              mode: mode)
            }
        }
        scoring = set.units.units.map { byIndex[$0.index] ?? [] }
        cells = Array(repeating: nil, count: set.units.units.count * codes.count * set.groups.count)
        feeds = set.questionnaires.flatMap { form in
            let choiceCodes = ChoiceCodes(form: form)
            let bySub = Dictionary(grouping: form.scoredQuestions, by: { $0.subcriterion! })
            return modes.map { mode in
                codes.map { code in bySub[code].map { CreditFeed(questions: $0, form: form, codes: choiceCodes, selectMultiple: mode) } }
            }
        }
        respondentCounts = Array(repeating: 0, count: set.units.units.count * max(1, set.groups.count))
        design = DesignTally(sizes: scoring.map(\.count), groups: set.groups.count)
        let widest = scoring.map(\.count).max() ?? 0
        scratch = ([Double](repeating: 0, count: widest), [Bool](repeating: false, count: widest))
    }

    /// Step 2 for every sub-criterion the submission's group feeds for its unit's index.
    package mutating func add(_ s: Submission) { fold(s, count: 1) }

    /// Takes back a submission added before (one a run excludes after the quality checks).
    package mutating func remove(_ s: Submission) { fold(s, count: -1) }

    private mutating func fold(_ s: Submission, count: Int) {
        guard let (unit, _) = unitOrdinals[s.unitCode], let group = groupOrdinals[s.group],
              let formOrdinal = formOrdinals[s.form] else { return }
        respondentCounts[Int(unit) * set.groups.count + Int(group)] += count
        countInput(s.source.file, unit: Int(unit), count)
        let size = scoring[Int(unit)].count
        // Reused buffers, not two arrays per submission.
        for p in 0..<size { scratch.v[p] = 0; scratch.r[p] = false }
        for (position, k) in scoring[Int(unit)].enumerated() where k.fedBy[Int(group)] {
            guard let (form, memoKey, value) = credit(s, k, formOrdinal) else { continue }
            Self.note(value, of: k, at: position, in: &scratch)
            let c = cell(unit, k.ordinal, group)
            if cells[c] == nil { cells[c] = Cell() }
            if value.credit == nil {
                cells[c]!.notCounted += count
            } else if let memoKey {
                cells[c]!.counts[form << 48 | memoKey, default: 0] += count
            } else {
                cells[c]!.exact.add(value.credit, square: value.square, threshold: k.threshold, count: count)
            }
        }
        design.add(unit: Int(unit), group: Int(group), interviewer: s.interview.interviewer, v: scratch.v, r: scratch.r, count: count)
    }

    /// The submission's credit for one sub-criterion, with the form's feed and its memo key.
    private mutating func credit(_ s: Submission, _ k: Scored, _ formOrdinal: Int) -> (form: Int, memoKey: Int?, value: CreditFeed.Value)? {
        let form = formOrdinal * modes.count + k.mode
        guard feeds[form][Int(k.ordinal)] != nil else { return nil }
        let (memoKey, value) = feeds[form][Int(k.ordinal)]!.credit(of: s)
        return (form, memoKey, value)
    }

    /// v, the credit (`share`: whether it reached the threshold), and r, whether it is counted.
    private static func note(_ value: CreditFeed.Value, of k: Scored, at position: Int, in values: inout (v: [Double], r: [Bool])) {
        guard let credit = value.double else { return }
        values.r[position] = true
        values.v[position] = k.threshold.map { reaches(value.credit!, credit, $0, k.thresholdDouble) ? 1 : 0 } ?? credit
    }

    /// credit ≥ threshold, decided in binary when the two are far apart: both doubles are within
    /// 10⁻¹⁵ of their decimals, and a decimal comparison costs ~1 400 instructions a submission.
    static func reaches(_ credit: Decimal, _ creditDouble: Double, _ threshold: Decimal, _ thresholdDouble: Double) -> Bool {
        let gap = creditDouble - thresholdDouble
        return abs(gap) > 1e-9 ? gap > 0 : credit >= threshold
    }

    /// What the bootstrap resamples of one submission: its unit and group ordinals and values.
    package mutating func designValues(of s: Submission) -> (unit: Int, group: Int, v: [Double], r: [Bool])? {
        guard let (unit, _) = unitOrdinals[s.unitCode], let group = groupOrdinals[s.group],
              let formOrdinal = formOrdinals[s.form] else { return nil }
        let size = scoring[Int(unit)].count
        var values = (v: [Double](repeating: 0, count: size), r: [Bool](repeating: false, count: size))
        for (position, k) in scoring[Int(unit)].enumerated() where k.fedBy[Int(group)] {
            if let (_, _, value) = credit(s, k, formOrdinal) { Self.note(value, of: k, at: position, in: &values) }
        }
        return (Int(unit), Int(group), values.v, values.r)
    }

    private func cell(_ unit: Int32, _ subcriterion: Int32, _ group: Int32) -> Int {
        (Int(unit) * subcriterionCodes.count + Int(subcriterion)) * set.groups.count + Int(group)
    }

    package mutating func merge(_ other: Tally) {
        for i in cells.indices {
            guard let b = other.cells[i] else { continue }
            guard var c = cells[i] else { cells[i] = b; continue }
            c.notCounted += b.notCounted
            c.counts.merge(b.counts, uniquingKeysWith: +)
            c.exact.merge(b.exact)
            cells[i] = c
        }
        for i in respondentCounts.indices { respondentCounts[i] += other.respondentCounts[i] }
        for (i, name) in other.inputs.names.enumerated() {
            for (u, n) in other.inputs.counts[i].enumerated() where n != 0 { countInput(name, unit: u, n) }
        }
        design.merge(other.design)
        for f in feeds.indices {
            for k in feeds[f].indices where feeds[f][k] != nil { feeds[f][k]!.merge(other.feeds[f][k]!) }
        }
    }

    private mutating func countInput(_ file: String, unit: Int, _ count: Int) {
        var i = inputs.last
        if i < 0 || inputs.names[i] != file {
            i = inputs.ordinals[file] ?? {
                inputs.names.append(file)
                inputs.counts.append(Array(repeating: 0, count: set.units.units.count))
                inputs.ordinals[file] = inputs.names.count - 1
                return inputs.names.count - 1
            }()
            inputs.last = i
        }
        inputs.counts[i][unit] += count
    }

    /// Accepted submissions about the unit, by input file.
    func respondentsByInput(unit: String) -> [String: Int] {
        guard let (u, _) = unitOrdinals[unit] else { return [:] }
        var out: [String: Int] = [:]
        for (i, name) in inputs.names.enumerated() where inputs.counts[i][Int(u)] > 0 { out[name] = inputs.counts[i][Int(u)] }
        return out
    }

    /// Accepted submissions about the unit, by group.
    func respondents(unit: String) -> [String: Int] {
        guard let (u, _) = unitOrdinals[unit] else { return [:] }
        var out: [String: Int] = [:]
        for (g, group) in set.groups.enumerated() where respondentCounts[Int(u) * set.groups.count + g] > 0 {
            out[group.code] = respondentCounts[Int(u) * set.groups.count + g]
        }
        return out
    }

    /// Each group's design for one unit and sub-criterion (the interval's input). `intraclass`:
    /// by group code, the index's pooled intra-interviewer correlation.
    func designs(unit: String, subcriterion: String, intraclass: [String: Double]) -> [String: GroupDesign] {
        guard let (u, _) = unitOrdinals[unit], let rated = set.units[unit],
              let position = position(of: subcriterion, unit: u) else { return [:] }
        var out: [String: GroupDesign] = [:]
        for (g, group) in set.groups.enumerated() {
            guard let cell = design.cell(unit: Int(u), group: g) else { continue }
            out[group.code] = Uncertainty.design(cell, position: position, population: set.rosters.population(group: group.code, unit: rated),
                                                 intraclass: intraclass[group.code] ?? Uncertainty.assumedIntraclass)
        }
        return out
    }

    /// The groups' spreads of the unit's Content 3 total: `terms`, by group code, the
    /// sub-criteria with their coefficient M × w′ / (counted) and centre.
    func totalSpreads(unit: String, terms: [String: [(subcriterion: String, coefficient: Double)]],
                      intraclass: [String: Double]) -> [Uncertainty.Spread] {
        guard let (u, _) = unitOrdinals[unit], let rated = set.units[unit] else { return [] }
        return set.groups.enumerated().compactMap { g, group in
            guard let parts = terms[group.code], !parts.isEmpty, let cell = design.cell(unit: Int(u), group: g) else { return nil }
            let linear: [DesignTally.Term] = parts.compactMap { part in
                guard let p = position(of: part.subcriterion, unit: u) else { return nil }
                let (counted, sum, _) = cell.counted(p)
                return counted > 0 ? .init(position: p, coefficient: part.coefficient / counted, centre: sum / counted) : nil
            }
            return Uncertainty.spread(cell, population: set.rosters.population(group: group.code, unit: rated),
                                      intraclass: intraclass[group.code] ?? Uncertainty.assumedIntraclass, terms: linear, domain: nil)
        }
    }

    /// The index's pooled intra-interviewer correlation for one sub-criterion and group, by the
    /// ANOVA estimator with interviewers nested in units: ρ̂ = (MSB − MSW) / (MSB + (m₀ − 1) MSW),
    /// clamped to 0–1 (nil: no unit has two interviewers with counted answers, or nothing varies).
    func intraclass(index: IndexCode, subcriterion: String, group: String) -> Double? {
        guard let g = set.groups.firstIndex(where: { $0.code == group }) else { return nil }
        var (between, within, dfBetween, dfWithin, spread) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for (u, unit) in set.units.units.enumerated() where unit.index == index {
            guard let p = position(of: subcriterion, unit: Int32(u)), let cell = design.cell(unit: u, group: g) else { continue }
            let clusters = cell.clusters.filter { $0.r(p) > 0 }
            let n = clusters.reduce(0.0) { $0 + $1.r(p) }, y = clusters.reduce(0.0) { $0 + $1.y(p) }
            guard !clusters.isEmpty else { continue }
            // A unit with one interviewer still shows the spread within an interviewer.
            within += clusters.reduce(0.0) { $0 + $1.q(p) - $1.y(p) * $1.y(p) / $1.r(p) }
            dfWithin += n - Double(clusters.count)
            guard clusters.count > 1 else { continue }
            between += clusters.reduce(0.0) { $0 + $1.y(p) * $1.y(p) / $1.r(p) } - y * y / n
            dfBetween += Double(clusters.count - 1)
            spread += n - clusters.reduce(0.0) { $0 + $1.r(p) * $1.r(p) } / n
        }
        guard dfBetween > 0, dfWithin > 0 else { return nil }
        let (msb, msw, m0) = (between / dfBetween, within / dfWithin, spread / dfBetween)
        guard msb + (m0 - 1) * msw > 0 else { return nil }
        return min(1, max(0, (msb - msw) / (msb + (m0 - 1) * msw)))
    }

    private func position(of subcriterion: String, unit: Int32) -> Int? {
        guard let k = subcriterionCodes.firstIndex(of: subcriterion) else { return nil }
        return scoring[Int(unit)].firstIndex { $0.ordinal == Int32(k) }
    }

    /// The group tallies of one unit and sub-criterion, as sums (the rule's input).
    func tallies(unit: String, subcriterion: String) -> [String: GroupTally] {
        guard let (u, _) = unitOrdinals[unit], let k = subcriterionCodes.firstIndex(of: subcriterion),
              let threshold = scoring[Int(u)].first(where: { $0.ordinal == Int32(k) }).map(\.threshold) else { return [:] }
        var out: [String: GroupTally] = [:]
        for (g, group) in set.groups.enumerated() {
            guard let cell = cells[cell(u, Int32(k), Int32(g))] else { continue }
            var t = cell.exact
            t.notCounted += cell.notCounted
            // Submissions by credit, not by answer combination: many combinations give one credit,
            // and each decimal sum costs thousands of instructions. The sums are exact (28 decimals
            // carried, far from Decimal's 38 digits), so their order cannot change a result; they run
            // sorted all the same, as the order of a dictionary never reaches a result.
            var byCredit: [Decimal: (square: Decimal?, count: Int)] = [:]
            for (id, n) in cell.counts {
                let value = feeds[id >> 48][k]!.value(forKey: id & (1 << 48 - 1))
                guard let credit = value.credit else { t.notCounted += n; continue }
                byCredit[credit, default: (value.square, 0)].count += n
            }
            for (credit, c) in byCredit.sorted(by: { $0.key < $1.key }) {
                t.add(credit, square: c.square, threshold: threshold, count: c.count)
            }
            out[group.code] = t
        }
        return out
    }
}
