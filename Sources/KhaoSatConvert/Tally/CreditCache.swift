import Foundation
import KhaoSatQuestionnaire

/// The questions of one form feeding one sub-criterion, with a memo of submission credits.
/// A submission's credit depends only on which choices it picked, and a survey has few
/// distinct combinations, so each is computed once (by `Credit.of` and
/// `Content3Rule.submissionCredit`, the tested path) and then looked up by the answers'
/// `ChoiceCodes`, sparing a decimal division per submission (docs/performance.md).
struct CreditFeed: Sendable {
    struct Value: Sendable {
        var credit: Decimal?
        var square: Decimal?
        /// The credit in binary floating point, for the interval's variance only.
        var double: Double?
    }

    let questions: [Question]
    private let form: Questionnaire
    private let selectMultiple: SelectMultipleCredit
    private let choiceCodes: ChoiceCodes
    /// Positions of `questions` among the form's scored questions.
    private let ordinals: [Int]
    /// False when the combinations do not fit in an Int key: every credit is computed.
    private let memoizable: Bool
    private var memo: [Int: Value] = [:]

    init(questions: [Question], form: Questionnaire, codes: ChoiceCodes, selectMultiple: SelectMultipleCredit) {
        self.questions = questions
        self.form = form
        self.selectMultiple = selectMultiple
        choiceCodes = codes
        ordinals = questions.map { q in codes.questions.firstIndex { $0.name == q.name }! }
        var product = 1, fits = true
        for o in ordinals where fits {
            let (p, overflow) = product.multipliedReportingOverflow(by: codes.radices[o])
            fits = !overflow && codes.radices[o] > 0
            product = p
        }
        memoizable = fits && product < 1 << 48  // the tally keeps form << 48 | key
    }

    /// The submission's credit, and its memo key when it has one.
    mutating func credit(of s: Submission) -> (key: Int?, value: Value) {
        guard memoizable, let key = key(s) else { return (nil, compute(s)) }
        if let v = memo[key] { return (key, v) }
        let v = compute(s)
        memo[key] = v
        return (key, v)
    }

    func value(forKey key: Int) -> Value { memo[key]! }

    mutating func merge(_ other: CreditFeed) {
        memo.merge(other.memo) { a, _ in a }
    }

    /// Mixed-radix number of the answers' codes.
    private func key(_ s: Submission) -> Int? {
        var key = 0
        for o in ordinals { key = key * choiceCodes.radices[o] + Int(s.codes[o]) }
        return key
    }

    /// The rule on the answers the codes stand for.
    private func compute(_ s: Submission) -> Value {
        let credit = Content3Rule.submissionCredit(questions.indices.map { i in
            let answer = choiceCodes.answer(Int(s.codes[ordinals[i]]), at: ordinals[i])
            return (Credit.of(answer, questions[i], form, selectMultiple: selectMultiple), questions[i].weight)
        })
        return Value(credit: credit, square: credit.map { Content3Rule.settled($0 * $0) },
                     double: credit.map { NSDecimalNumber(decimal: $0).doubleValue })
    }
}
