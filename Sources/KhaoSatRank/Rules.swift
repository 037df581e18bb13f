import Foundation
import KhaoSatQuestionnaire

/// The result levels (quality of work), lowest first, whose thresholds and names are the set's
/// `ranking.csv`; `title` is Decision 02050's name.
package enum QualityLevel: String, Sendable, Codable, Comparable, CaseIterable {
    case notCompleted = "khong_hoan_thanh"
    case completed = "hoan_thanh"
    case good = "hoan_thanh_tot"
    case excellent = "hoan_thanh_xuat_sac"

    package var title: String {
        switch self {
        case .notCompleted: return "Không hoàn thành nhiệm vụ"
        case .completed: return "Hoàn thành nhiệm vụ"
        case .good: return "Hoàn thành tốt nhiệm vụ"
        case .excellent: return "Hoàn thành xuất sắc nhiệm vụ"
        }
    }

    package static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// The administrative-reform (CCHC) levels, section 5 b), lowest first.
package enum ReformLevel: String, Sendable, Codable, CaseIterable {
    case weak = "yeu"
    case average = "trung_binh"
    case fair = "kha"
    case good = "tot"

    package var title: String {
        switch self {
        case .weak: return "Yếu"
        case .average: return "Trung bình"
        case .fair: return "Khá"
        case .good: return "Tốt"
        }
    }
}

/// The set's ranking rules as the ranker applies them. How Đắk Lắk's quota is read: the
/// decision says "không quá 20% tính trên tổng số cơ quan, đơn vị hoàn thành tốt nhiệm vụ theo
/// từng nhóm": the base is every unit of the index at `good` (75 %) or more (the excellent
/// candidates included), and "không quá" is rounding down.
extension RankingSettings {
    /// Section 5 a) without the quota: exact percentages, so 74.999 % is not 75 %. A unit whose
    /// head or deputy was disciplined goes no higher than `disciplinedCap`.
    package func level(percent: Decimal, disciplined: Bool) -> QualityLevel {
        let level = QualityLevel.allCases.last { percent >= threshold(of: $0) }!
        return disciplined ? min(level, cap) : level
    }

    /// The level a disciplined unit goes no higher than.
    package var cap: QualityLevel { QualityLevel(rawValue: disciplinedCap) ?? .good }

    package func threshold(of level: QualityLevel) -> Decimal {
        switch level {
        case .notCompleted: 0
        case .completed: completed
        case .good: good
        case .excellent: excellent
        }
    }

    /// As the set names it (`level_names`).
    package func name(of level: QualityLevel) -> String { levelNames[QualityLevel.allCases.firstIndex(of: level)!] }
    package func name(of level: ReformLevel) -> String { reformLevelNames[ReformLevel.allCases.firstIndex(of: level)!] }

    /// The CCHC percentage: the points of `contents.reform` over their maxima (the deduction has none).
    package func reformPercent(_ u: UnitScores) -> Decimal {
        let max = contents.reform.compactMap(u.maximum(of:)).reduce(0, +)
        return max == 0 ? 0 : contents.reform.map(u.points(of:)).reduce(0, +) * 100 / max
    }

    package func reformLevel(percent: Decimal) -> ReformLevel {
        if percent >= reformGood { return .good }
        if percent >= reformFair { return .fair }
        if percent >= reformAverage { return .average }
        return .weak
    }

    /// How many excellent units `base` units at `quotaBase` or more allow.
    package func quota(base: Int) -> Int {
        let exact = quotaShare * Decimal(base)
        let mode: NSDecimalNumber.RoundingMode = switch quotaRounding {
        case .down: .down
        case .nearest: .plain
        case .up: .up
        }
        var input = exact, result = Decimal()
        NSDecimalRound(&result, &input, 0, mode)
        return NSDecimalNumber(decimal: result).intValue
    }
}
