import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// An answer with what the validator derives from it: its `AnswerDigest` term and, for a
/// scored question, its `ChoiceCodes` code (nil when it has none).
struct ParsedAnswer {
    let answer: Answer
    let term: UInt64
    let code: Int32?
    /// `Fingerprint.hash`.
    let hash: UInt32

    init(_ question: String, _ answer: Answer, _ plan: QuestionPlan?, _ codes: ChoiceCodes) {
        self.answer = answer
        // What the survey tool fills in is left out of the digest: no term to work out.
        term = plan?.inDigest == false ? 0 : AnswerDigest.term(question, answer)
        hash = plan?.fingerprintOrdinal == nil ? 0 : Fingerprint.hash(answer)
        code = plan?.scoredOrdinal.flatMap { codes.code(answer, at: $0) }.map(Int32.init)
    }
}
