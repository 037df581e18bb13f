import Foundation
import KhaoSatConvert
import KhaoSatIngest
import KhaoSatQuestionnaire

/// How a unit's points were made, in Vietnamese, so that an officer can redo the sum on paper.
package struct Explanation {
    package var unit: UnitResult
    package var groups: [String: String]  // code → name
    /// For what is published (the portal's pages): a group's credit fed by fewer respondents is
    /// not shown, nor what it can be read back from (`publish_min_respondents`). nil: all is shown.
    package var publishMinimum: Int?

    package init(unit: UnitResult, groups: [String: String], publishMinimum: Int? = nil) {
        self.unit = unit
        self.groups = groups
        self.publishMinimum = publishMinimum
    }

    /// Whether the sub-criterion's credit rests on a group too small to publish.
    package static func hidesSmallGroup(_ s: SubCriterionResult, minimum: Int?) -> Bool {
        guard let minimum else { return false }
        return s.groups.contains { $0.credit != nil && $0.tally.counted < minimum }
    }

    /// The Content 3 total's interval, unless a part of it rests on a group too small to publish.
    package static func publishedInterval(_ unit: UnitResult, minimum: Int?) -> ClosedRange<Decimal>? {
        unit.subcriteria.contains { hidesSmallGroup($0, minimum: minimum) } ? nil : unit.interval
    }

    package func render(criterion: String? = nil) -> String {
        var out: [String] = []
        out.append("\(unit.name) (\(unit.code), Chỉ số \(unit.index.rawValue)): \(show(unit.points, 2)) / \(show(unit.maxPoints, 2)) điểm"
                   + (unit.percent.map { " (\(show($0, 2)) %)" } ?? ""))
        out.append("Phiếu được chấp nhận: \(unit.respondents)" + (unit.respondentsByGroup.isEmpty ? "" : " ("
            + unit.respondentsByGroup.sorted { $0.key < $1.key }.map { "\(groups[$0.key] ?? $0.key): \($0.value)" }
                .joined(separator: "; ") + ")"))
        if !unit.setAside.isEmpty {
            out.append("Phiếu về đơn vị này bị loại ra: " + unit.setAside.sorted { $0.key < $1.key }
                .map { "\(Reason(rawValue: $0.key)?.title ?? $0.key): \($0.value)" }.joined(separator: "; ") + " (xem quarantine.csv)")
        }
        for s in unit.subcriteria where criterion == nil || s.code == criterion || s.criterion == criterion {
            out.append("")
            out += explain(s)
        }
        out.append("")
        for c in unit.criteria where criterion == nil || c.code == criterion {
            let subs = unit.subcriteria.filter { $0.criterion == c.code && $0.counts }
            let parts = subs.contains { Self.hidesSmallGroup($0, minimum: publishMinimum) } ? "" : subs.map { show($0.points, 2) }
                .joined(separator: " + ") + " = "
            out.append("Tiêu chí \(c.code): \(parts)\(show(c.points, 2)) / \(show(c.maxPoints, 2)) điểm")
        }
        if criterion == nil {
            out.append("Nội dung 3: tổng các tiêu chí = \(show(unit.points, 2)) / \(show(unit.maxPoints, 2)) điểm")
            if let i = Self.publishedInterval(unit, minimum: publishMinimum) {
                out.append("Khoảng tin cậy 95 % của Nội dung 3: \(show(i.lowerBound, 2)) – \(show(i.upperBound, 2)) điểm, "
                           + "tính một lần trên từng người trả lời (một người góp vào nhiều tiêu chí), không cộng đầu mút.")
            }
            out.append("Khoảng tin cậy nói điểm có thể dao động bao nhiêu chỉ vì ai được hỏi. Hai khoảng giao nhau "
                       + "không có nghĩa là hai đơn vị ngang nhau: so sánh cần khoảng của chính hiệu số (khaosat explain --compare).")
        }
        return out.joined(separator: "\n")
    }

    /// A sub-criterion's lines: its groups, counts, credits, weights and the formula with its numbers.
    package func explain(_ s: SubCriterionResult) -> [String] {
        var out = ["Tiêu chí thành phần \(s.code) – \(s.name): tối đa \(show(s.maxPoints, 2)) điểm; phương pháp \(s.method); "
                   + "mỗi nhóm cần ít nhất \(s.minRespondents) phiếu được tính."]
        if s.status == .notApplicable {
            out.append("  Không chấm: \(s.note ?? ""); điểm tối đa của đơn vị giảm \(show(s.maxPoints, 2)).")
            return out
        }
        let hidden = Self.hidesSmallGroup(s, minimum: publishMinimum)
        for g in s.groups {
            let t = g.tally
            var line = "  Nhóm \(groups[g.group] ?? g.group) (trọng số \(show(g.weight))): \(t.counted) phiếu được tính"
            if t.notCounted > 0 { line += ", \(t.notCounted) phiếu không tính (không có câu trả lời được tính: để trống hoặc Không biết)" }
            out.append(line + (g.enough ? "" : " – chưa đủ \(s.minRespondents) phiếu"))
            guard let credit = g.credit, !hidden else { continue }
            let mean = t.sum / Decimal(t.counted)
            switch s.method {
            case .share:
                out.append("    tỷ lệ phiếu đạt ngưỡng = \(t.atThreshold) / \(t.counted) = \(show(credit))")
            case .minmax:
                let r = g.range!
                out.append("    bình quân = \(show(t.sum)) / \(t.counted) = \(show(mean)); quy đổi (x − thấp nhất) / (cao nhất − thấp nhất) "
                           + "trong Chỉ số = (\(show(mean)) − \(show(r.lowerBound))) / (\(show(r.upperBound)) − \(show(r.lowerBound))) = \(show(credit))")
            case .mean:
                out.append("    bình quân = tổng điểm phiếu / số phiếu = \(show(t.sum)) / \(t.counted) = \(show(credit))")
            }
        }
        if let note = s.note { out.append("  Lưu ý: \(note).") }
        if hidden {
            out.append("  Hệ số và điểm không hiện ở đây: có nhóm dưới \(publishMinimum!) người trả lời, có thể nhận ra từng người "
                       + "(publish_min_respondents); điểm vẫn được tính vào tổng.")
            return out
        }
        guard let credit = s.credit else {
            out.append("  Điểm: 0 / \(show(s.maxPoints, 2)).")
            return out
        }
        let used = s.groups.filter { $0.effectiveWeight > 0 }
        if s.status == .imputed {
            out.append("  Hệ số = bình quân Chỉ số = \(show(credit))")
        } else if used.count > 1 {
            out.append("  Hệ số = " + used.map { "\(show($0.effectiveWeight)) × \(show($0.credit!))" }.joined(separator: " + ")
                       + " = \(show(credit)) (trọng số chia lại trên các nhóm đủ phiếu)")
        } else {
            out.append("  Hệ số = \(show(credit))")
        }
        out.append("  Điểm = \(show(s.maxPoints)) × \(show(credit)) = \(show(s.exactPoints)) → làm tròn \(show(s.points, 2))")
        if let i = s.interval {
            out.append("  Khoảng tin cậy 95 %: \(show(i.lowerBound, 2)) – \(show(i.upperBound, 2)) điểm (\(s.intervalBasis?.title ?? ""))")
            for g in used {
                guard let d = g.design, let se = d.standardError else { continue }
                out.append("    \(groups[g.group] ?? g.group): \(d.sampled) phiếu" + (d.population.map { " / \($0) người" } ?? "")
                           + ", \(d.samplingUnits) đơn vị mẫu, sai số chuẩn của hệ số \(show(se))"
                           + (d.designEffect.map { ", hệ số thiết kế \(show($0))" } ?? ""))
            }
        } else if let basis = s.intervalBasis, case .none = basis, s.credit != nil {
            out.append("  \(basis.title.prefix(1).uppercased())\(basis.title.dropFirst()).")
        }
        return out
    }

    /// Exact when it has at most 6 decimals; otherwise 6 decimals and "…".
    private func show(_ x: Decimal, _ scale: Int? = nil) -> String {
        if let scale { return Decimals.vietnamese(x, scale: scale) }
        let six = Decimals.rounded(x, scale: 6)
        let text = "\(six)".replacingOccurrences(of: ".", with: ",")
        return six == x ? text : text + "…"
    }
}
