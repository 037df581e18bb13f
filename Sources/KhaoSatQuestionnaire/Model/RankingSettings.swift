import Foundation

/// How units are ranked and levelled (`ranking.csv` of the set; Đắk Lắk: section 5 of the
/// decision). Percentages are of the unit's maximum; `councilMaxima` are the points of the
/// council's contents (`contents.council`) when the council's file leaves a maximum blank.
/// Every key added after the first release defaults to Decision 02050, so older runs read alike.
public struct RankingSettings: Sendable, Codable, Equatable {
    /// What the ranking is ordered by: the percentage of the unit's maximum, or the points.
    public enum Key: String, Sendable, Codable { case percent, points }
    public enum QuotaRounding: String, Sendable, Codable { case down, nearest, up }

    /// Which content is which: the decision's numbering.
    public struct Contents: Sendable, Codable, Equatable {
        /// The survey content, which KhaoSat scores (Nội dung 3).
        public var survey = 3
        /// The contents with a maximum that the Appraisal Council scores (1, 2, 4, 5).
        public var council = [1, 2, 4, 5]
        /// The deduction the council gives (Nội dung 6: 0 or negative, no maximum), if any.
        public var deduction: Int? = 6
        /// The contents of the administrative-reform (CCHC) result (2 to 6).
        public var reform = [2, 3, 4, 5, 6]
        /// The contents that break a tie, in order (1, then 2).
        public var tieBreakers = [1, 2]

        public init() {}

        /// Every content, by number: the columns of the outputs.
        public var all: [Int] { (council + [survey] + (deduction.map { [$0] } ?? [])).sorted() }
        /// Those with a maximum.
        public var withMaximum: [Int] { (council + [survey]).sorted() }
    }

    public var key: Key
    /// By `contents.council`.
    public var councilMaxima: [Decimal]
    public var completed: Decimal
    public var good: Decimal
    public var excellent: Decimal
    public var reformAverage: Decimal
    public var reformFair: Decimal
    public var reformGood: Decimal
    /// Excellent units allowed per index, as a share of the units at `quotaBase` or more.
    public var quotaShare: Decimal
    public var quotaRounding: QuotaRounding
    public var contents = Contents()
    /// The result levels' names, lowest first (`QualityLevel.allCases`).
    public var levelNames = Self.decisionLevelNames
    /// The CCHC levels' names, lowest first (`ReformLevel.allCases`).
    public var reformLevelNames = Self.decisionReformLevelNames
    /// The highest level a unit whose head or deputy was disciplined may reach, by its code.
    public var disciplinedCap = "hoan_thanh_tot"
    /// The level whose threshold the quota's base counts from, by its code.
    public var quotaBase = "hoan_thanh_tot"

    public static let decisionLevelNames = ["Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                            "Hoàn thành xuất sắc nhiệm vụ"]
    public static let decisionReformLevelNames = ["Yếu", "Trung bình", "Khá", "Tốt"]
    /// The level codes, lowest first.
    public static let levelCodes = ["khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac"]

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

    private enum CodingKeys: String, CodingKey {
        case key, councilMaxima, completed, good, excellent, reformAverage, reformFair, reformGood, quotaShare, quotaRounding
        case contents, levelNames, reformLevelNames, disciplinedCap, quotaBase
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: try c.decode(Key.self, forKey: .key), councilMaxima: try c.decode([Decimal].self, forKey: .councilMaxima),
                  completed: try c.decode(Decimal.self, forKey: .completed), good: try c.decode(Decimal.self, forKey: .good),
                  excellent: try c.decode(Decimal.self, forKey: .excellent),
                  reformAverage: try c.decode(Decimal.self, forKey: .reformAverage),
                  reformFair: try c.decode(Decimal.self, forKey: .reformFair), reformGood: try c.decode(Decimal.self, forKey: .reformGood),
                  quotaShare: try c.decode(Decimal.self, forKey: .quotaShare),
                  quotaRounding: try c.decode(QuotaRounding.self, forKey: .quotaRounding))
        contents = try c.decodeIfPresent(Contents.self, forKey: .contents) ?? contents
        levelNames = try c.decodeIfPresent([String].self, forKey: .levelNames) ?? levelNames
        reformLevelNames = try c.decodeIfPresent([String].self, forKey: .reformLevelNames) ?? reformLevelNames
        disciplinedCap = try c.decodeIfPresent(String.self, forKey: .disciplinedCap) ?? disciplinedCap
        quotaBase = try c.decodeIfPresent(String.self, forKey: .quotaBase) ?? quotaBase
    }
}
