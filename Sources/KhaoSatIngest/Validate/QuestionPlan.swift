import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// A question's choices by name and by label key, and its numeric range.
final class QuestionPlan {
    let question: Question
    /// Position among the form's scored questions (`ChoiceCodes`), if scored.
    let scoredOrdinal: Int?
    /// Position in the form.
    let ordinal: Int
    /// Where its answer goes among those read for the interview and the respondent, if it does.
    let metaSlot: MetaAnswers.Slot?
    /// Position among `Fingerprint.questions`, if there.
    let fingerprintOrdinal: Int?
    let byName: [String: String]
    let byLabel: [String: String]
    let range: (Decimal, Decimal)?
    /// The choices' labels, for the message of an unknown answer.
    let known: String
    /// Bytes of the longest choice label: rebuilding labels from pieces stops past it.
    let longestLabel: Int
    /// False for what the survey tool fills in (`AnswerDigest.toolFilled`).
    let inDigest: Bool
    var hasChoices: Bool { !byName.isEmpty }
    /// Answers from a closed set (choices, numbers), worth remembering by their text.
    var memoized: Bool {
        switch question.type {
        case .selectOne, .selectMultiple, .range, .rank, .integer, .decimal: true
        default: false
        }
    }

    init(_ q: Question, _ form: Questionnaire, ordinal: Int, fingerprintOrdinal: Int?, metaSlot: MetaAnswers.Slot?) {
        question = q
        self.ordinal = ordinal
        self.fingerprintOrdinal = fingerprintOrdinal
        self.metaSlot = metaSlot
        let list = q.type.choices.flatMap { form.choiceLists[$0.list] }
        let choices = list.map { Array($0.choices) } ?? []
        byName = Dictionary(choices.map { ($0.name, $0.name) }, uniquingKeysWith: { a, _ in a })
        scoredOrdinal = form.scoredQuestions.firstIndex { $0.name == q.name }
        var byLabel: [String: String] = [:]
        for c in choices { for label in c.labels.values where byLabel[MatchKey.of(label)] == nil { byLabel[MatchKey.of(label)] = c.name } }
        self.byLabel = byLabel
        range = Self.range(q.constraint)
        known = choices.map { form.label($0.labels) ?? $0.name }.joined(separator: ", ")
        longestLabel = choices.flatMap { $0.labels.values.map(\.utf8.count) + [$0.name.utf8.count] }.max() ?? 0
        inDigest = !AnswerDigest.toolFilled.contains(q.name)
    }

    /// `. >= a and . <= b`, the only constraint shape checked; others are kept as text.
    static func range(_ constraint: String?) -> (Decimal, Decimal)? {
        guard let c = constraint?.replacingOccurrences(of: " ", with: ""),
              let m = c.wholeMatch(of: /\.>=(-?[0-9.]+)and\.<=(-?[0-9.]+)/),
              let low = Decimal(string: String(m.1)), let high = Decimal(string: String(m.2)) else { return nil }
        return (low, high)
    }

    func choice(_ raw: String) -> String? { byName[raw] ?? byLabel[MatchKey.of(raw)] }

    enum Reading { case none, one([String]), several([String], [String]) }

    /// The choices whose labels, joined by `separator`, make up `raw`: every way of cutting it
    /// at the separator into known labels, counted up to two (labels hold spaces and commas).
    func labels(_ raw: String, joinedBy separator: String) -> Reading {
        let pieces = raw.components(separatedBy: separator)
        // readings[i]: up to two ways of reading pieces[i...] as whole labels.
        var readings = [[[String]]](repeating: [], count: pieces.count + 1)
        readings[pieces.count] = [[]]
        for start in stride(from: pieces.count - 1, through: 0, by: -1) {
            var text = ""
            for end in start..<pieces.count {
                text = end == start ? pieces[end] : text + separator + pieces[end]
                // No label is longer than the longest one.
                guard text.utf8.count <= longestLabel else { break }
                guard let c = choice(text) else { continue }
                for rest in readings[end + 1] where readings[start].count < 2 { readings[start].append([c] + rest) }
            }
        }
        switch readings[0].count {
        case 0: return .none
        case 1: return .one(readings[0][0])
        default: return .several(readings[0][0], readings[0][1])
        }
    }
}
