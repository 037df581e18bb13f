import Foundation
import KhaoSatQuestionnaire

/// Step 1 of the Content 3 rule: the credit (0–1) of one answer.
package enum Credit {
    /// nil when the answer is not counted: blank, or only choices without a score
    /// (*Không biết / Không trả lời*, *Không rõ*). Such an answer is in neither the
    /// numerator nor the denominator.
    ///
    /// `select_multiple`: `share` = Σ score of the ticked choices / Σ score of every scored
    /// choice of the list (with scores of 1: the share of the positive choices ticked);
    /// `best` = the highest score ticked.
    package static func of(_ answer: Answer?, _ q: Question, _ form: Questionnaire,
                          selectMultiple: SelectMultipleCredit) -> Decimal? {
        guard let (name, multiple) = q.type.choices, let list = form.choiceLists[name] else { return nil }
        switch (answer, multiple) {
        case (.choice(let c)?, false):
            return list.score(of: c)
        case (.choices(let picked)?, true):
            let scores = picked.compactMap { list.score(of: $0) }
            let allUnscored = !picked.isEmpty && scores.isEmpty
            if allUnscored { return nil }
            switch selectMultiple {
            case .best:
                return scores.max() ?? 0
            case .share:
                let total = list.scores.compactMap { $0 }.reduce(0, +)
                return total == 0 ? nil : scores.reduce(0, +) / total
            }
        default:
            return nil
        }
    }

    /// `of(…) != nil`, without the arithmetic: validation asks it for every answer.
    package static func isCounted(_ answer: Answer?, _ q: Question, _ form: Questionnaire,
                                 selectMultiple: SelectMultipleCredit) -> Bool {
        guard let (name, multiple) = q.type.choices, let list = form.choiceLists[name] else { return false }
        switch (answer, multiple) {
        case (.choice(let c)?, false):
            return list.score(of: c) != nil
        case (.choices(let picked)?, true):
            if !picked.isEmpty, !picked.contains(where: { list.score(of: $0) != nil }) { return false }
            return selectMultiple == .best || list.scores.contains { ($0 ?? 0) != 0 }
        default:
            return false
        }
    }
}
