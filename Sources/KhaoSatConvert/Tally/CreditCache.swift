import Foundation
import KhaoSatIngest
import KhaoSatQuestionnaire

/// The questions of one form feeding one sub-criterion, with a memo of submission credits.
/// A submission's credit depends only on which choices it picked, and a survey has few
/// distinct combinations, so each is computed once (by `Credit.of` and
/// `Content3Rule.submissionCredit`, the tested path) and then looked up: decimal division
/// per submission was half of the conversion time.
struct CreditFeed: Sendable {
    struct Value: Sendable {
        var credit: Decimal?
        var square: Decimal?
    }

    let questions: [Question]
    private let form: Questionnaire
    private let selectMultiple: SelectMultipleCredit
    /// Per question: choice name → 1-based index, and the radix of its code.
    private let codes: [[String: Int]]
    private let radices: [Int]
    /// False when the combinations do not fit in an Int key: every credit is computed.
    private let memoizable: Bool
    private var memo: [Int: Value] = [:]

    init(questions: [Question], form: Questionnaire, selectMultiple: SelectMultipleCredit) {
        self.questions = questions
        self.form = form
        self.selectMultiple = selectMultiple
        var codes: [[String: Int]] = []
        var radices: [Int] = []
        for q in questions {
            let list: ChoiceList? = switch q.type {
            case .selectOne(let l), .selectMultiple(let l): form.choiceLists[l]
            default: nil
            }
            let names = list?.choices.map(\.name) ?? []
            codes.append(Dictionary(names.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a }))
            if case .selectMultiple = q.type { radices.append(names.count < 20 ? (1 << names.count) + 2 : 0) }
            else { radices.append(names.count + 2) }
        }
        self.codes = codes
        self.radices = radices
        var product = 1, fits = !radices.contains(0)
        for r in radices where fits {
            let (p, overflow) = product.multipliedReportingOverflow(by: r)
            fits = !overflow
            product = p
        }
        memoizable = fits
    }

    mutating func credit(of s: Submission) -> Value {
        guard memoizable, let key = key(s) else { return compute(s) }
        if let v = memo[key] { return v }
        let v = compute(s)
        memo[key] = v
        return v
    }

    /// Mixed-radix code of the answers: 0 blank, 1… a choice (a bit set for select_multiple).
    private func key(_ s: Submission) -> Int? {
        var key = 0
        for (i, q) in questions.enumerated() {
            var code = 0
            switch s.answers[q.name] {
            case nil: code = 0
            case .choice(let c)?:
                guard let n = codes[i][c] else { return nil }
                code = n
            case .choices(let cs)?:
                var bits = 0
                for c in cs {
                    guard let n = codes[i][c] else { return nil }
                    bits |= 1 << (n - 1)
                }
                code = bits + 1
            default:
                return nil
            }
            key = key * radices[i] + code
        }
        return key
    }

    private func compute(_ s: Submission) -> Value {
        let credit = Content3Rule.submissionCredit(questions.map { q in
            (Credit.of(s.answers[q.name], q, form, selectMultiple: selectMultiple), q.weight)
        })
        return Value(credit: credit, square: credit.map { Content3Rule.settled($0 * $0) })
    }
}
