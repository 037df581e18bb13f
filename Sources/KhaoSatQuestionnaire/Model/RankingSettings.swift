import Foundation

/// How units are ranked and levelled (`ranking.csv` of the set; Đắk Lắk: section 5 of the
/// decision). Percentages are of the unit's maximum; `councilMaxima` are the points of
/// Contents 1, 2, 4 and 5 when the council's file leaves a maximum blank.
public struct RankingSettings: Sendable, Codable, Equatable {
    /// What the ranking is ordered by: the percentage of the unit's maximum, or the points.
    public enum Key: String, Sendable, Codable { case percent, points }
    public enum QuotaRounding: String, Sendable, Codable { case down, nearest, up }

    public var key: Key
    public var councilMaxima: [Decimal]
    public var completed: Decimal
    public var good: Decimal
    public var excellent: Decimal
    public var reformAverage: Decimal
    public var reformFair: Decimal
    public var reformGood: Decimal
    /// Excellent units allowed per index, as a share of the units at `good` or more.
    public var quotaShare: Decimal
    public var quotaRounding: QuotaRounding

    public init(key: Key, councilMaxima: [Decimal], completed: Decimal, good: Decimal, excellent: Decimal,
                reformAverage: Decimal, reformFair: Decimal, reformGood: Decimal, quotaShare: Decimal, quotaRounding: QuotaRounding) {
        self.key = key
        self.councilMaxima = councilMaxima
        self.completed = completed
        self.good = good
        self.excellent = excellent
        self.reformAverage = reformAverage
        self.reformFair = reformFair
        self.reformGood = reformGood
        self.quotaShare = quotaShare
        self.quotaRounding = quotaRounding
    }
}
