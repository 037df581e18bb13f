import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The CSV files for the scoring core. Their column names are the export contract
/// (`Version.export`): rename none without bumping it.
package enum Tables {
    package static let content3 = CSVTable<UnitResult>([
        .init("index") { .text($0.index.rawValue) },
        .init("unit_code") { .text($0.code) },
        .init("unit_name") { .text($0.name) },
        .init("points") { number($0.points) },
        .init("max_points") { number($0.maxPoints) },
        .init("percent") { $0.percent.map { number($0) } ?? "" },
        .init("respondents") { .number(String($0.respondents)) },
        .init("flags") { .text($0.flags.joined(separator: ";")) },
        .init("ci_low") { $0.interval.map { number($0.lowerBound) } ?? "" },
        .init("ci_high") { $0.interval.map { number($0.upperBound) } ?? "" },
        .init("ci_basis") { .text($0.intervalBasis?.code ?? "") },
    ])

    /// A line of `content3-criteria.csv`: a unit's sub-criterion, or a criterion's total.
    package enum CriteriaLine {
        case subcriterion(UnitResult, SubCriterionResult)
        case total(UnitResult, CriterionTotal)

        var unit: UnitResult {
            switch self { case .subcriterion(let u, _), .total(let u, _): return u }
        }

        /// The sub-criterion's cell; blank on a total line.
        func sub(_ cell: (SubCriterionResult) -> CSVCell) -> CSVCell {
            if case .subcriterion(_, let s) = self { return cell(s) }
            return ""
        }
    }

    /// One line per unit and sub-criterion, then one per criterion total (`status` = `total`).
    /// A not-applicable line counts for 0 of 0 points, so the lines of a unit add up to its totals.
    package static func criteria(groups: [String]) -> CSVTable<CriteriaLine> {
        typealias Column = CSVTable<CriteriaLine>.Column
        var columns: [Column] = [
            .init("index") { .text($0.unit.index.rawValue) },
            .init("unit_code") { .text($0.unit.code) },
            .init("criterion") {
                switch $0 { case .subcriterion(_, let s): .text(s.criterion); case .total(_, let c): .text(c.code) }
            },
            .init("subcriterion") { $0.sub { .text($0.code) } },
            .init("max_points") {
                switch $0 { case .subcriterion(_, let s): number(s.counts ? s.maxPoints : 0); case .total(_, let c): number(c.maxPoints) }
            },
            .init("points") {
                switch $0 { case .subcriterion(_, let s): number(s.counts ? s.points : 0); case .total(_, let c): number(c.points) }
            },
            .init("credit") { $0.sub { $0.credit.map { number($0, scale: 4) } ?? "" } },
            .init("method") { $0.sub { .text($0.method.rawValue) } },
        ]
        for g in groups {
            columns.append(.init("respondents_\(g)") { line in
                line.sub { s in s.groups.first { $0.group == g }.map { .number(String($0.tally.counted)) } ?? "" }
            })
        }
        columns += [
            .init("ci_low") { $0.sub { $0.interval.map { number($0.lowerBound) } ?? "" } },
            .init("ci_high") { $0.sub { $0.interval.map { number($0.upperBound) } ?? "" } },
            .init("status") {
                switch $0 { case .subcriterion(_, let s): .text(s.status.rawValue); case .total: "total" }
            },
            .init("ci_basis") { $0.sub { .text($0.intervalBasis?.code ?? "") } },
        ]
        for g in groups {
            columns.append(.init("response_rate_\(g)") { line in
                line.sub { s in s.groups.contains { $0.group == g } ? line.unit.responseRate(g).map { number($0, scale: 4) } ?? "" : "" }
            })
        }
        return CSVTable(columns)
    }

    /// `content3-replicates.csv`: one line per bootstrap replicate, a column of Content 3 points per unit.
    package static func replicates(_ units: [UnitResult]) -> CSVTable<(offset: Int, element: [Decimal])> {
        CSVTable([.init("replicate") { .number(String($0.offset + 1)) }] + units.indices.map { i in
            .init(units[i].code) { number($0.element[i]) }
        })
    }

    /// The lines of `content3-criteria.csv` in their order: per unit, its sub-criteria, then its criteria.
    package static func criteriaLines(_ units: [UnitResult]) -> [CriteriaLine] {
        units.flatMap { u in u.subcriteria.map { .subcriterion(u, $0) } + u.criteria.map { .total(u, $0) } }
    }

    static func number(_ value: Decimal, scale: Int = 2) -> CSVCell {
        .number(Decimals.format(value, scale: scale))
    }
}
