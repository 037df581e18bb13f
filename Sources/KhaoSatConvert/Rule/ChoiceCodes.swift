import Foundation
import KhaoSatQuestionnaire

/// The answers to a form's scored questions as small integers, aligned with
/// `form.scoredQuestions`: 0 blank, n the n-th choice of the list (1-based), and for
/// `select_multiple` 1 + one bit per choice ticked. The conversion looks credits up by these
/// codes instead of hashing question and choice names for every submission.
///
/// The only type that knows the format: everyone else asks it what a code means.
package struct ChoiceCodes: Sendable {
    package let questions: [Question]
    private let indices: [[String: Int]]
    /// Per question, its choices' names in list order.
    private let names: [[String]]
    /// How many codes each question can take (0 when they do not fit in an Int32).
    package let radices: [Int]
    /// Per question and choice position: whether the choice carries a score; and whether any score is positive.
    private let scoredChoices: [[Bool]]
    private let hasPositive: [Bool]
    /// Per question: whether it is select_multiple; nil when it has no choices. Read per row,
    /// so not from `questions`.
    private let multiple: [Bool?]

    package init(form: Questionnaire) {
        questions = form.scoredQuestions
        var indices: [[String: Int]] = [], names: [[String]] = [], radices: [Int] = [], scored: [[Bool]] = [], positive: [Bool] = []
        for q in questions {
            let list = q.type.choices.flatMap { form.choiceLists[$0.list] }
            let choices = list.map { Array($0.choices) } ?? []
            names.append(choices.map(\.name))
            scored.append(choices.map { $0.score != nil })
            positive.append(choices.contains { ($0.score ?? 0) != 0 })
            indices.append(Dictionary(choices.enumerated().map { ($1.name, $0 + 1) }, uniquingKeysWith: { a, _ in a }))
            // A longer list the set check refuses (`Question.maxScoredMultipleChoices`).
            if q.type.choices?.multiple == true { radices.append(choices.count <= Question.maxScoredMultipleChoices ? (1 << choices.count) + 1 : 0) }
            else { radices.append(choices.count + 1) }
        }
        (self.indices, self.names, self.radices) = (indices, names, radices)
        scoredChoices = scored
        hasPositive = positive
        multiple = questions.map { $0.type.choices?.multiple }
    }

    /// Whether the `i`-th scored question was answered with only choices that carry no score
    /// (*Không biết*): answered, but not counted.
    package func isUnscored(_ code: Int32, at i: Int) -> Bool {
        let code = Int(code)
        guard code > 0 else { return false }
        guard multiple[i] == true else { return code > scoredChoices[i].count || !scoredChoices[i][code - 1] }
        var bits = code - 1
        if bits == 0 { return false }
        while bits != 0 {
            if scoredChoices[i][bits.trailingZeroBitCount] { return false }
            bits &= bits - 1
        }
        return true
    }

    /// The choice a single-choice code stands for; nil when blank or the question is select_multiple.
    package func choice(_ code: Int32, at i: Int) -> String? {
        guard code > 0, multiple[i] == false, Int(code) <= names[i].count else { return nil }
        return names[i][Int(code) - 1]
    }

    /// How many scored questions have a counted answer: `Credit.isCounted` on codes.
    package func counted(_ codes: [Int32], selectMultiple: SelectMultipleCredit) -> Int {
        var n = 0
        for i in multiple.indices {
            guard codes[i] > 0, let multiple = multiple[i], !isUnscored(codes[i], at: i) else { continue }
            if !multiple || selectMultiple == .best || hasPositive[i] { n += 1 }
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
        switch multiple[i] {
        case false?: return choice(Int32(code), at: i).map { .choice($0) }
        case true?: return .choices(names[i].indices.filter { (code - 1) & (1 << $0) != 0 }.map { names[i][$0] })
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
