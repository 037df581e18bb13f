import Foundation
import KhaoSatQuestionnaire

/// Step 1 of the Content 3 rule: the credit (0–1) of one answer.
public enum Credit {
    /// nil when the answer is not counted: blank, or only choices without a score
    /// (*Không biết / Không trả lời*, *Không rõ*). Such an answer is in neither the
    /// numerator nor the denominator.
    ///
    /// `select_multiple`: `share` = Σ score of the ticked choices / Σ score of every scored
    /// choice of the list (with scores of 1: the share of the positive choices ticked);
    /// `best` = the highest score ticked.
    public static func of(_ answer: Answer?, _ q: Question, _ form: Questionnaire,
                          selectMultiple: SelectMultipleCredit) -> Decimal? {
        switch (answer, q.type) {
        case (.choice(let c)?, .selectOne(let list)):
            return form.choiceLists[list]?.choice(named: c)?.score
        case (.choices(let picked)?, .selectMultiple(let name)):
            guard let list = form.choiceLists[name] else { return nil }
            let scores = picked.compactMap { list.choice(named: $0)?.score }
            let allUnscored = !picked.isEmpty && scores.isEmpty
            if allUnscored { return nil }
            switch selectMultiple {
            case .best:
                return scores.max() ?? 0
            case .share:
                let total = list.choices.compactMap(\.score).reduce(0, +)
                return total == 0 ? nil : scores.reduce(0, +) / total
            }
        default:
            return nil
        }
    }

    /// `of(…) != nil`, without the arithmetic: validation asks it for every answer.
    public static func isCounted(_ answer: Answer?, _ q: Question, _ form: Questionnaire,
                                 selectMultiple: SelectMultipleCredit) -> Bool {
        switch (answer, q.type) {
        case (.choice(let c)?, .selectOne(let list)):
            return form.choiceLists[list]?.choice(named: c)?.score != nil
        case (.choices(let picked)?, .selectMultiple(let name)):
            guard let list = form.choiceLists[name] else { return false }
            if !picked.isEmpty, !picked.contains(where: { list.choice(named: $0)?.score != nil }) { return false }
            return selectMultiple == .best || list.choices.contains { ($0.score ?? 0) != 0 }
        default:
            return false
        }
    }
}
