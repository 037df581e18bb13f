import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The CSV files for the scoring core. Their column names are the export contract
/// (`Version.export`): rename none without bumping it.
public enum Tables {
    public static func content3(_ units: [UnitResult]) -> [[CSVCell]] {
        [["index", "unit_code", "unit_name", "points", "max_points", "percent", "respondents", "flags"]]
            + units.map { u in
                [.text(u.index.rawValue), .text(u.code), .text(u.name), number(u.points), number(u.maxPoints),
                 u.percent.map { number($0) } ?? "", .number(String(u.respondents)), .text(u.flags.joined(separator: ";"))]
            }
    }

    /// One row per unit and sub-criterion, then one per criterion total (`status` = `total`).
    /// A not-applicable row counts for 0 of 0 points, so the rows of a unit add up to its totals.
    public static func criteria(_ units: [UnitResult], groups: [RespondentGroup]) -> [[CSVCell]] {
        let head: [CSVCell] = ["index", "unit_code", "criterion", "subcriterion", "max_points", "points", "credit", "method"]
            + groups.map { .text("respondents_\($0.code)") } + ["ci_low", "ci_high", "status"]
        var rows = [head]
        for u in units {
            for s in u.subcriteria {
                let counted = s.counts
                var row: [CSVCell] = [.text(u.index.rawValue), .text(u.code), .text(s.criterion), .text(s.code),
                                      number(counted ? s.maxPoints : 0), number(counted ? s.points : 0)]
                row.append(s.credit.map { number($0, scale: 4) } ?? "")
                row.append(.text(s.method))
                for g in groups {
                    let result = s.groups.first { $0.group == g.code }
                    row.append(result.map { .number(String($0.tally.counted)) } ?? "")
                }
                row.append(s.interval.map { number($0.lowerBound) } ?? "")
                row.append(s.interval.map { number($0.upperBound) } ?? "")
                row.append(.text(s.status.rawValue))
                rows.append(row)
            }
            for c in u.criteria {
                rows.append([.text(u.index.rawValue), .text(u.code), .text(c.code), "", number(c.maxPoints),
                             number(c.points), "", ""] + groups.map { _ in "" } + ["", "", "total"])
            }
        }
        return rows
    }

    static func number(_ value: Decimal, scale: Int = 2) -> CSVCell {
        .number(Decimals.format(value, scale: scale))
    }
}
