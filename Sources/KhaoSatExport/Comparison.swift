import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Whether the survey tells two units apart: the interval of the difference of their Content 3
/// points (docs/uncertainty.md), never the overlap of their own intervals. With the run's
/// bootstrap replicates the difference is taken in each replicate, where a delegate who rated
/// both units was drawn for both (paired); without them, the two linearised standard errors are
/// combined as if independent.
package struct Comparison {
    package var first: UnitResult
    package var second: UnitResult
    /// Per replicate: the two units' points.
    package var replicates: [(Decimal, Decimal)]

    package init(first: UnitResult, second: UnitResult, replicates: [(Decimal, Decimal)] = []) {
        self.first = first
        self.second = second
        self.replicates = replicates
    }

    /// The difference first − second, its 95 % interval and how it was made; nil interval: why not.
    package var difference: (value: Decimal, interval: ClosedRange<Decimal>?, method: String) {
        let d = first.points - second.points
        if !replicates.isEmpty {
            let sorted = replicates.map { $0.0 - $0.1 }.sorted()
            let b = Double(sorted.count)
            let low = sorted[max(0, Int((0.025 * b).rounded(.up)) - 1)], high = sorted[min(sorted.count - 1, Int((0.975 * b).rounded(.up)) - 1)]
            return (d, low...high, "từ \(sorted.count) lần lấy mẫu lại người trả lời; đại biểu chấm cả hai đơn vị được lấy cùng nhau (so sánh từng cặp)")
        }
        guard let a = first.standardError, let b = second.standardError,
              case .design(_, let dfA)? = first.intervalBasis, case .design(_, let dfB)? = second.intervalBasis else {
            return (d, nil, "một đơn vị không có khoảng tin cậy (\(((first.standardError == nil ? first : second).intervalBasis ?? .none(.fixed)).title))")
        }
        let va: Double = pow(Uncertainty.double(a), 2), vb: Double = pow(Uncertainty.double(b), 2)
        let parts: [(variance: Double, df: Double)] = [(va, Uncertainty.double(dfA)), (vb, Uncertainty.double(dfB))].filter { $0.0 > 0 && $0.1 > 0 }
        guard !parts.isEmpty else { return (d, d...d, "cả hai đơn vị đều không có sai số chọn mẫu (toàn bộ danh sách đã trả lời)") }
        let total: Double = parts.reduce(0) { $0 + $1.variance }
        let spread: Double = parts.reduce(0) { $0 + $1.variance * $1.variance / $1.df }
        let half = Uncertainty.decimal(Uncertainty.t(total * total / spread) * (va + vb).squareRoot())
        return (d, Decimals.rounded(d - half, scale: 2)...Decimals.rounded(d + half, scale: 2),
                "sai số chuẩn của hai đơn vị, coi như độc lập (không tính việc cùng đại biểu chấm cả hai; "
                + "chạy khaosat convert --replicates để so sánh từng cặp)")
    }

    package func render() -> String {
        let (d, interval, method) = difference
        var out = ["So sánh Nội dung 3: \(first.name) (\(first.code)) \(show(first.points)) điểm, "
                   + "\(second.name) (\(second.code)) \(show(second.points)) điểm.",
                   "Hiệu số \(first.code) − \(second.code) = \(show(d)) điểm."]
        if first.maxPoints != second.maxPoints {
            out.append("Lưu ý: điểm tối đa khác nhau (\(show(first.maxPoints)) và \(show(second.maxPoints))): so sánh điểm, không phải tỷ lệ.")
        }
        guard let interval else {
            out.append("Không tính được khoảng tin cậy của hiệu số: \(method).")
            return out.joined(separator: "\n")
        }
        out.append("Khoảng tin cậy 95 % của hiệu số: \(show(interval.lowerBound)) – \(show(interval.upperBound)) điểm (\(method)).")
        if interval.lowerBound > 0 || interval.upperBound < 0 {
            out.append("Khoảng không chứa 0: khảo sát cho thấy \(first.code) \(d > 0 ? "cao hơn" : "thấp hơn") \(second.code) thật sự, "
                       + "không chỉ do ai được hỏi.")
        } else {
            out.append("Khoảng chứa 0: khảo sát chưa đủ để nói \(first.code) và \(second.code) khác nhau; chênh lệch có thể chỉ do ai được hỏi.")
        }
        if !replicates.isEmpty {
            let above = replicates.filter { $0.0 > $0.1 }.count
            out.append("\(first.code) cao hơn \(second.code) trong \(above) / \(replicates.count) lần lấy mẫu lại.")
        }
        return out.joined(separator: "\n")
    }

    private func show(_ x: Decimal) -> String { Decimals.vietnamese(x, scale: 2) }
}
