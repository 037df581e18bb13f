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

/// The answers to a form's scored questions as small integers, aligned with
/// `form.scoredQuestions`: 0 blank, n the n-th choice of the list (1-based), and for
/// `select_multiple` 1 + one bit per choice ticked. The conversion looks credits up by these
/// codes instead of hashing question and choice names for every submission.
package struct ChoiceCodes: Sendable {
    package let questions: [Question]
    private let indices: [[String: Int]]
    /// How many codes each question can take (0 when they do not fit in an Int32).
    package let radices: [Int]
    /// Per question: which choice indices carry a score, as a bit mask; and whether any score is positive.
    private let scoredMasks: [Int]
    private let hasPositive: [Bool]
    /// Per question: whether it is select_multiple; nil when it has no choices. Read per row,
    /// so not from `questions` (copying a `Question` per answer was most of `counted`).
    private let multiple: [Bool?]

    package init(form: Questionnaire) {
        questions = form.scoredQuestions
        var indices: [[String: Int]] = [], radices: [Int] = [], masks: [Int] = [], positive: [Bool] = []
        for q in questions {
            let list = q.type.choices.flatMap { form.choiceLists[$0.list] }
            let choices = list.map { Array($0.choices) } ?? []
            let names = choices.map(\.name)
            var mask = 0
            for (i, c) in choices.enumerated() where c.score != nil && i < 62 { mask |= 1 << i }
            masks.append(mask)
            positive.append(choices.contains { ($0.score ?? 0) != 0 })
            indices.append(Dictionary(names.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a }))
            if q.type.choices?.multiple == true { radices.append(names.count < 30 ? (1 << names.count) + 1 : 0) }
            else { radices.append(names.count + 1) }
        }
        self.indices = indices
        self.radices = radices
        scoredMasks = masks
        hasPositive = positive
        multiple = questions.map { $0.type.choices?.multiple }
    }

    /// How many scored questions have a counted answer: `Credit.isCounted` on codes.
    package func counted(_ codes: [Int32], selectMultiple: SelectMultipleCredit) -> Int {
        var n = 0
        for i in multiple.indices {
            let code = Int(codes[i])
            guard code > 0 else { continue }
            switch multiple[i] {
            case false?:
                if code <= 62, scoredMasks[i] & (1 << (code - 1)) != 0 { n += 1 }
            case true?:
                let bits = code - 1
                if bits != 0, bits & scoredMasks[i] == 0 { continue }
                if selectMultiple == .best || hasPositive[i] { n += 1 }
            default:
                continue
            }
        }
        return n
    }

    /// The code of the `i`-th scored question's answer; nil when it has none (text, or an unknown choice).
    package func code(_ answer: Answer?, at i: Int) -> Int? {
        switch (answer, multiple[i]) {
        case (nil, _): return 0
        case (.choice(let c)?, false?): return indices[i][c]
        case (.choices(let cs)?, true?):
            guard radices[i] > 0 else { return nil }
            var bits = 0
            for c in cs {
                guard let n = indices[i][c] else { return nil }
                bits |= 1 << (n - 1)
            }
            return bits + 1
        default: return nil
        }
    }

    /// The answer a code stands for (choices in list order).
    package func answer(_ code: Int, at i: Int) -> Answer? {
        guard code > 0 else { return nil }
        let names = indices[i].sorted { $0.value < $1.value }.map(\.key)
        switch questions[i].type.choices?.multiple {
        case false?: return code <= names.count ? .choice(names[code - 1]) : nil
        case true?: return .choices(names.indices.filter { (code - 1) & (1 << $0) != 0 }.map { names[$0] })
        default: return nil
        }
    }

    /// Every scored question's code, or [] when one has none.
    package func codes(_ answers: [String: Answer]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(questions.count)
        for (i, q) in questions.enumerated() {
            guard let c = code(answers[q.name], at: i) else { return [] }
            out.append(Int32(c))
        }
        return out
    }
}
