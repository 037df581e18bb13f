import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pearson's chi-square test of independence on a contingency table. Evidence for a reviewer,
/// never points: binary floating point is fine here.
enum ChiSquare {
    /// The p-value; nil when the table has fewer than two usable rows or columns. Rare columns
    /// are pooled until every expected count reaches 5, since below that the test's p-values
    /// are too small and would flag interviewers by chance.
    static func pValue(_ table: [[Int]]) -> Double? {
        var rows = table.filter { $0.reduce(0, +) > 0 }
        guard rows.count >= 2 else { return nil }
        rows = pooled(rows)
        guard let width = rows.first?.count, width >= 2 else { return nil }
        let total = Double(rows.flatMap { $0 }.reduce(0, +))
        let rowSums = rows.map { Double($0.reduce(0, +)) }
        let colSums = (0..<width).map { c in Double(rows.reduce(0) { $0 + $1[c] }) }
        var statistic = 0.0
        for (i, row) in rows.enumerated() {
            for c in 0..<width {
                let expected = rowSums[i] * colSums[c] / total
                guard expected >= 5 else { return nil }
                statistic += (Double(row[c]) - expected) * (Double(row[c]) - expected) / expected
            }
        }
        let df = Double((rows.count - 1) * (width - 1))
        return upperGamma(df / 2, statistic / 2)
    }

    /// Merges the two rarest columns while some expected count is under 5 and more than two remain.
    static func pooled(_ rows: [[Int]]) -> [[Int]] {
        var columns = (0..<rows[0].count).map { c in rows.map { $0[c] } }.filter { $0.reduce(0, +) > 0 }
        let total = Double(rows.flatMap { $0 }.reduce(0, +))
        let rowSums = rows.map { Double($0.reduce(0, +)) }
        func smallest(_ col: [Int]) -> Double { Double(col.reduce(0, +)) * rowSums.min()! / total }
        while columns.count > 2, let rare = columns.map(smallest).min(), rare < 5 {
            columns.sort { $0.reduce(0, +) < $1.reduce(0, +) }
            let merged = zip(columns[0], columns[1]).map { $0 + $1 }
            columns = [merged] + columns.dropFirst(2)
        }
        return rows.indices.map { r in columns.map { $0[r] } }
    }

    /// The regularised upper incomplete gamma function Q(a, x) (Numerical Recipes' series and
    /// continued fraction).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let lnGammaA = (lgamma as (Double) -> Double)(a)
        if x < a + 1 {
            var sum = 1 / a, term = 1 / a, n = a
            for _ in 0..<1000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return max(0, 1 - sum * exp(-x + a * log(x) - lnGammaA))
        }
        var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1..<1000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return min(1, exp(-x + a * log(x) - lnGammaA) * h)
    }
}
