import Foundation

/// The text `khaosat check` prints for a set without problems.
package enum SetSummary {
    package static func render(_ set: QuestionnaireSet) -> String {
        var lines: [String] = []
        lines.append("Bộ phiếu \(set.name): \(set.settings.title)")
        if !set.settings.decision.isEmpty { lines.append("Căn cứ: \(set.settings.decision)") }
        lines.append("")
        lines.append("Phiếu khảo sát (\(set.questionnaires.count)):")
        for q in set.questionnaires {
            let group = set.group(q.respondentGroup)?.name ?? q.respondentGroup
            lines.append("  \(q.id) – \(group): \(q.questions.count) câu hỏi, \(q.scoredQuestions.count) câu tính điểm")
        }
        lines.append("")
        lines.append("Câu hỏi tính điểm theo nhóm người trả lời:")
        for group in set.groups {
            let count = set.questionnaires.filter { $0.respondentGroup == group.code }
                .reduce(0) { $0 + $1.scoredQuestions.count }
            let indices = group.indices.sorted().map(\.rawValue).joined(separator: ", ")
            lines.append("  \(group.name) (\(group.code)): \(count) câu; đánh giá Chỉ số \(indices)")
        }
        lines.append("")
        lines.append("Đơn vị được đánh giá: \(set.units.units.count)")
        for index in set.indices {
            lines.append("  \(index.title): \(set.units.units(in: index.code).count)")
        }
        lines.append("")
        lines.append("Điểm tối đa Nội dung 3:")
        for index in set.indices {
            lines.append("  \(index.title): \(Decimals.format(set.blueprint.maxPoints(in: index.code))) điểm")
            for criterion in set.blueprint.criteria(in: index.code) {
                lines.append("    \(criterion.code) \(criterion.name): \(Decimals.format(criterion.maxPoints))"
                    + " (\(criterion.subcriteria.count) tiêu chí thành phần)")
            }
        }
        if set.hasIndexSettings {
            lines.append("")
            lines.append("Tham số theo Chỉ số (indices.csv; ô trống: theo set.csv):")
            for index in set.indices {
                let p = set.settings(of: index.code)
                let ids = p.respondentIdQuestions.isEmpty ? "không" : p.respondentIdQuestions.joined(separator: " ")
                lines.append("  \(index.title): \(p.contentPoints.map { Decimals.format($0) } ?? "?") điểm; phiếu đủ khi ít nhất "
                    + "\(Decimals.format(p.minCompleteness * 100, scale: 0)) % câu tính điểm có trả lời; select_multiple \(p.selectMultiple.rawValue); "
                    + "câu định danh người trả lời: \(ids)")
            }
        }
        if !set.notApplicable.isEmpty {
            lines.append("")
            lines.append("Cặp đơn vị – tiêu chí không chấm (not-applicable.csv): \(set.notApplicable.count)")
        }
        return lines.joined(separator: "\n")
    }
}
