import Foundation
import KhaoSatQuestionnaire

/// One unit's points in every content, with its own maxima (a content not assigned to the unit
/// has a lower maximum). The deduction (Đắk Lắk: Content 6, 0 or negative) has no maximum.
package struct UnitScores: Sendable, Codable, Equatable {
    package var index: IndexCode
    package var code: String
    package var name: String
    /// The content numbers of `points`, in order (Decision 02050: 1 to 6).
    package var contents: [Int]
    /// The content without a maximum, if any (6).
    package var deduction: Int?
    package var points: [Decimal]
    /// Those of the contents but the deduction, in order.
    package var maxima: [Decimal]
    package var disciplined: Bool
    /// The survey content's 95 % interval (content3.csv `ci_low`, `ci_high`), when the run has one.
    package var surveyInterval: ClosedRange<Decimal>?
    /// Where the survey content rests on no response, too few or an imputation (content3.csv `flags`).
    package var surveyGaps: [SurveyGap]

    package init(index: IndexCode, code: String, name: String, contents: [Int] = Array(1...6), deduction: Int? = 6,
                points: [Decimal], maxima: [Decimal], disciplined: Bool, surveyInterval: ClosedRange<Decimal>? = nil,
                surveyGaps: [SurveyGap] = []) {
        self.index = index
        self.code = code
        self.name = name
        self.contents = contents
        self.deduction = deduction
        self.points = points
        self.maxima = maxima
        self.disciplined = disciplined
        self.surveyInterval = surveyInterval
        self.surveyGaps = surveyGaps
    }

    package var total: Decimal { points.reduce(0, +) }
    package var maximum: Decimal { maxima.reduce(0, +) }
    /// Exact: never rounded before a threshold is compared.
    package var percent: Decimal { maximum == 0 ? 0 : total * 100 / maximum }

    private enum CodingKeys: String, CodingKey { case index, code, name, contents, deduction, points, maxima, disciplined, surveyInterval, surveyGaps }

    /// A ranking.json written before contents were numbered by the set has Decision 02050's.
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(index: try c.decode(IndexCode.self, forKey: .index), code: try c.decode(String.self, forKey: .code),
                  name: try c.decode(String.self, forKey: .name), contents: try c.decodeIfPresent([Int].self, forKey: .contents) ?? Array(1...6),
                  deduction: c.contains(.contents) ? try c.decodeIfPresent(Int.self, forKey: .deduction) : 6,
                  points: try c.decode([Decimal].self, forKey: .points), maxima: try c.decode([Decimal].self, forKey: .maxima),
                  disciplined: try c.decode(Bool.self, forKey: .disciplined),
                  surveyInterval: try c.decodeIfPresent(ClosedRange<Decimal>.self, forKey: .surveyInterval),
                  surveyGaps: try c.decodeIfPresent([SurveyGap].self, forKey: .surveyGaps) ?? [])
    }

    package func points(of content: Int) -> Decimal { contents.firstIndex(of: content).map { points[$0] } ?? 0 }

    /// The same unit with another number of points for one content.
    func with(_ value: Decimal, for content: Int) -> UnitScores {
        var u = self
        if let i = contents.firstIndex(of: content) { u.points[i] = value }
        return u
    }
    package func maximum(of content: Int) -> Decimal? {
        contents.filter { $0 != deduction }.firstIndex(of: content).map { maxima[$0] }
    }
}

package struct RankedUnit: Sendable, Codable, Equatable {
    package var scores: UnitScores
    /// 1 for the first; units tied after every tie-breaker share a rank.
    package var rank: Int
    package var level: QualityLevel
    package var reformPercent: Decimal
    package var reformLevel: ReformLevel
    package var flags: [RankFlag]
    /// Where the survey's noise could decide (an annex: the official order and level stand).
    package var surveyNoise: [SurveyNoise] = []
    /// From the run's bootstrap replicates: the 2.5 % and 97.5 % points of the unit's rank, and
    /// the share of replicates in which it is excellent after the quota.
    package var rankInterval: ClosedRange<Int>?
    package var excellentProbability: Decimal?

    private enum CodingKeys: String, CodingKey {
        case scores, rank, level, reformPercent, reformLevel, flags, surveyNoise, rankInterval, excellentProbability
    }

    package init(scores: UnitScores, rank: Int, level: QualityLevel, reformPercent: Decimal, reformLevel: ReformLevel, flags: [RankFlag]) {
        self.scores = scores
        self.rank = rank
        self.level = level
        self.reformPercent = reformPercent
        self.reformLevel = reformLevel
        self.flags = flags
    }

    /// A ranking.json written before CCHC contents were the set's has Decision 02050's (2 to 6).
    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let scores = try c.decode(UnitScores.self, forKey: .scores)
        var decision = RankingSettings(key: .percent, councilMaxima: [], completed: 0, good: 0, excellent: 0, reformAverage: 0,
                                       reformFair: 0, reformGood: 0, quotaShare: 0, quotaRounding: .down)
        decision.contents = .init()
        self.init(scores: scores, rank: try c.decode(Int.self, forKey: .rank), level: try c.decode(QualityLevel.self, forKey: .level),
                  reformPercent: try c.decodeIfPresent(Decimal.self, forKey: .reformPercent) ?? decision.reformPercent(scores),
                  reformLevel: try c.decode(ReformLevel.self, forKey: .reformLevel), flags: try c.decode([RankFlag].self, forKey: .flags))
        surveyNoise = try c.decodeIfPresent([SurveyNoise].self, forKey: .surveyNoise) ?? []
        rankInterval = try c.decodeIfPresent(ClosedRange<Int>.self, forKey: .rankInterval)
        excellentProbability = try c.decodeIfPresent(Decimal.self, forKey: .excellentProbability)
    }
}

/// What changes when the survey content is taken at either end of its 95 % interval, the
/// council's points fixed (docs/uncertainty.md): where complaints will come from.
package enum SurveyNoise: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The level before the quota, or the CCHC level, differs at an end.
    case levelUncertain = "level_uncertain"
    /// Admission to the excellent quota differs at an end where the unit still reaches the
    /// excellent threshold: the quota's cut, not the threshold, is what the noise moves.
    case quotaUncertain = "quota_uncertain"

    package var description: String { rawValue }

    package var title: String {
        switch self {
        case .levelUncertain: "xếp loại có thể khác trong khoảng tin cậy của Nội dung 3"
        case .quotaUncertain: "việc lọt vào tỷ lệ xuất sắc có thể khác trong khoảng tin cậy của Nội dung 3"
        }
    }
}

/// Why a ranked unit needs a second look; the raw value is what ranking.csv and ranking.json write.
package enum RankFlag: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Tied with another unit after every tie-breaker.
    case tieChairman = "tie_chairman"
    /// Above the level a disciplined head or deputy allows (Hoàn thành tốt), kept there.
    case disciplined
    /// At the excellent threshold, not disciplined, but beyond the quota.
    case quota
    /// Tied at the quota's cut, left to the Chairman.
    case quotaTie = "quota_tie"

    package var description: String { rawValue }

    /// Left to the Chairman's decision.
    package var needsChairman: Bool { self == .tieChairman || self == .quotaTie }

    package var title: String {
        switch self {
        case .quota: return "vượt tỷ lệ tối đa đơn vị xuất sắc"
        case .quotaTie: return "bằng điểm ở ngưỡng tỷ lệ xuất sắc: Chủ tịch quyết định"
        case .tieChairman: return "bằng điểm sau các tiêu chí ưu tiên: Chủ tịch quyết định"
        case .disciplined: return "có người đứng đầu/cấp phó bị kỷ luật"
        }
    }
}

package enum Ranker {
    /// Ranks each index separately: by the quality percentage (maxima differ between units) or
    /// the points (`rules.key`), then the tie-breaking contents' points (Đắk Lắk: 1, then 2); units
    /// still tied share a rank and are flagged for the Chairman's decision. Then the quota of excellent units.
    package static func rank(_ units: [UnitScores], rules: RankingSettings) -> [RankedUnit] {
        Set(units.map(\.index)).sorted().flatMap { index in
            let members = units.filter { $0.index == index }
            var ranked = rankIndex(members, rules: rules)
            markSurveyNoise(&ranked, members, rules: rules)
            return ranked
        }
    }

    /// One index, by section 5 of the decision.
    static func rankIndex(_ units: [UnitScores], rules: RankingSettings) -> [RankedUnit] {
        func key(_ u: UnitScores) -> [Decimal] {
            [rules.key == .percent ? u.percent : u.total] + rules.contents.tieBreakers.map(u.points(of:))
        }
        let ordered = units.sorted { key($0) != key($1) ? key($0).lexicographicallyPrecedes(key($1), by: >) : $0.code < $1.code }
        var ranked: [RankedUnit] = []
        for (i, u) in ordered.enumerated() {
            let tiedWithPrevious = i > 0 && key(ordered[i - 1]) == key(u)
            let rank = tiedWithPrevious ? ranked[i - 1].rank : i + 1
            var flags: [RankFlag] = []
            if tiedWithPrevious || (i + 1 < ordered.count && key(ordered[i + 1]) == key(u)) { flags.append(.tieChairman) }
            let level = rules.level(percent: u.percent, disciplined: u.disciplined)
            if u.disciplined && rules.level(percent: u.percent, disciplined: false) > level { flags.append(.disciplined) }
            let reform = rules.reformPercent(u)
            ranked.append(RankedUnit(scores: u, rank: rank, level: level, reformPercent: reform,
                                     reformLevel: rules.reformLevel(percent: reform), flags: flags))
        }
        applyQuota(&ranked, rules: rules)
        return ranked
    }

    /// Rank intervals (Goldstein & Spiegelhalter 1996): section 5 applied to each bootstrap
    /// replicate of the survey points (`content3-replicates.csv`, by unit code), the council's
    /// points fixed. A unit missing from the replicates keeps its points.
    package static func markRankIntervals(_ ranked: inout [RankedUnit], rules: RankingSettings, replicates: [[String: Decimal]]) {
        guard !replicates.isEmpty else { return }
        let survey = rules.contents.survey
        var ranks: [String: [Int]] = [:], excellent: [String: Int] = [:]
        for replicate in replicates {
            for index in Set(ranked.map(\.scores.index)) {
                let moved = ranked.filter { $0.scores.index == index }.map { r in
                    let u = r.scores
                    guard let points = replicate[u.code] else { return u }
                    return u.with(min(max(points, 0), u.maximum(of: survey) ?? points), for: survey)
                }
                for r in rankIndex(moved, rules: rules) {
                    ranks[r.scores.code, default: []].append(r.rank)
                    if r.level == .excellent { excellent[r.scores.code, default: 0] += 1 }
                }
            }
        }
        // The inverse of the empirical distribution: the ⌈0.025 B⌉-th and ⌈0.975 B⌉-th smallest.
        let b = replicates.count
        let (low, high) = (Int((0.025 * Double(b)).rounded(.up)) - 1, Int((0.975 * Double(b)).rounded(.up)) - 1)
        for i in ranked.indices {
            let code = ranked[i].scores.code
            guard let sorted = ranks[code]?.sorted() else { continue }
            ranked[i].rankInterval = sorted[max(0, low)]...sorted[min(sorted.count - 1, high)]
            ranked[i].excellentProbability = Decimals.rounded(Decimal(excellent[code] ?? 0) / Decimal(b), scale: 4)
        }
    }

    /// Each unit again with its survey points at either end of their interval, the others as
    /// they are: does its level, CCHC level or place in the quota change?
    static func markSurveyNoise(_ ranked: inout [RankedUnit], _ units: [UnitScores], rules: RankingSettings) {
        let survey = rules.contents.survey
        for i in ranked.indices {
            let u = ranked[i].scores
            guard let interval = u.surveyInterval, interval.lowerBound < interval.upperBound else { continue }
            let before = rules.level(percent: u.percent, disciplined: u.disciplined)
            let reaches = rules.level(percent: u.percent, disciplined: false) == .excellent
            var noise: Set<SurveyNoise> = []
            for end in [interval.lowerBound, interval.upperBound] {
                let moved = u.with(end, for: survey)
                if rules.level(percent: moved.percent, disciplined: moved.disciplined) != before
                    || rules.reformLevel(percent: rules.reformPercent(moved)) != ranked[i].reformLevel {
                    noise.insert(.levelUncertain)
                }
                guard reaches, rules.level(percent: moved.percent, disciplined: false) == .excellent else { continue }
                let again = rankIndex(units.map { $0.code == u.code ? moved : $0 }, rules: rules)
                if again.first(where: { $0.scores.code == u.code })?.level != ranked[i].level { noise.insert(.quotaUncertain) }
            }
            ranked[i].surveyNoise = [.levelUncertain, .quotaUncertain].filter(noise.contains)
        }
    }

    /// At most `quota` excellent units per index, in ranking order; the others stay at
    /// Hoàn thành tốt. Candidates tied at the cut are all kept at Hoàn thành tốt and flagged,
    /// since the rules cannot choose between them.
    static func applyQuota(_ ranked: inout [RankedUnit], rules: RankingSettings) {
        let base = ranked.filter { $0.scores.percent >= rules.threshold(of: QualityLevel(rawValue: rules.quotaBase) ?? .good) }.count
        let quota = rules.quota(base: base)
        let candidates = ranked.indices.filter { ranked[$0].level == .excellent }
        guard candidates.count > quota else { return }
        var admitted = Array(candidates.prefix(quota))
        let cut = candidates[quota]
        if let last = admitted.last, ranked[last].rank == ranked[cut].rank {
            let tiedRank = ranked[cut].rank
            for i in candidates where ranked[i].rank == tiedRank { ranked[i].flags.append(.quotaTie) }
            admitted.removeAll { ranked[$0].rank == tiedRank }
        }
        for i in candidates where !admitted.contains(i) {
            ranked[i].level = .good
            if !ranked[i].flags.contains(.quotaTie) { ranked[i].flags.append(.quota) }
        }
    }
}
