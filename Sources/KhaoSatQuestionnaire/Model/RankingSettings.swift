import Foundation

/// How units are ranked and levelled (`ranking.csv` of the set; Đắk Lắk: section 5 of the
/// decision). Percentages are of the unit's maximum; `councilMaxima` are the points of the
/// council's contents (`contents.council`) when the council's file leaves a maximum blank.
/// Every key added after the first release defaults to Decision 02050, so older runs read alike.
package struct RankingSettings: Sendable, Codable, Equatable {
    /// What the ranking is ordered by: the percentage of the unit's maximum, or the points.
    package enum Key: String, Sendable, Codable { case percent, points }
    package enum QuotaRounding: String, Sendable, Codable { case down, nearest, up }

    /// Which content is which: the decision's numbering.
    package struct Contents: Sendable, Codable, Equatable {
        /// The survey content, which KhaoSat scores (Nội dung 3).
        package var survey = 3
        /// The contents with a maximum that the Appraisal Council scores (1, 2, 4, 5).
        package var council = [1, 2, 4, 5]
        /// The deduction the council gives (Nội dung 6: 0 or negative, no maximum), if any.
        package var deduction: Int? = 6
        /// The contents of the administrative-reform (CCHC) result (2 to 6).
        package var reform = [2, 3, 4, 5, 6]
        /// The contents that break a tie, in order (1, then 2).
        package var tieBreakers = [1, 2]

        package init() {}

        /// Every content, by number: the columns of the outputs.
        package var all: [Int] { (council + [survey] + (deduction.map { [$0] } ?? [])).sorted() }
        /// Those with a maximum.
        package var withMaximum: [Int] { (council + [survey]).sorted() }
    }

    package var key: Key
    /// By `contents.council`.
    package var councilMaxima: [Decimal]
    package var completed: Decimal
    package var good: Decimal
    package var excellent: Decimal
    package var reformAverage: Decimal
    package var reformFair: Decimal
    package var reformGood: Decimal
    /// Excellent units allowed per index, as a share of the units at `quotaBase` or more.
    package var quotaShare: Decimal
    package var quotaRounding: QuotaRounding
    package var contents = Contents()
    /// The result levels' names, lowest first (`QualityLevel.allCases`).
    package var levelNames = Self.decisionLevelNames
    /// The CCHC levels' names, lowest first (`ReformLevel.allCases`).
    package var reformLevelNames = Self.decisionReformLevelNames
    /// The highest level a unit whose head or deputy was disciplined may reach, by its code.
    package var disciplinedCap = "hoan_thanh_tot"
    /// The level whose threshold the quota's base counts from, by its code.
    package var quotaBase = "hoan_thanh_tot"

    package static let decisionLevelNames = ["Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                                            "Hoàn thành xuất sắc nhiệm vụ"]
    package static let decisionReformLevelNames = ["Yếu", "Trung bình", "Khá", "Tốt"]
    /// The level codes, lowest first.
    package static let levelCodes = ["khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac"]

    package init(key: Key, councilMaxima: [Decimal], completed: Decimal, good: Decimal, excellent: Decimal,
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

    package init(from decoder: Decoder) throws {
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
