import Foundation

/// A question type, as far as scoring needs to know it. `init(xlsform:)` reads every
/// spelling pyxform reads (see `XLSFormTypes`).
package enum QuestionType: Sendable, Hashable, Codable {
    case selectOne(list: String)
    case selectMultiple(list: String)
    /// The choices live in an external CSV (the unit registry, for the unit question).
    case selectOneFromFile(file: String)
    /// An ordering of every choice of the list; scored by the choice put first.
    case rank(list: String)
    /// A number on a slider; scored through the list of its steps the loader makes
    /// (`ChoiceList.forRange`), named `list`.
    case range(list: String)
    case integer
    case decimal
    case text
    case note
    case calculate
    case date, time, dateTime
    /// `start`, `end`, `today`, `deviceid` …: filled in by the survey tool.
    case metadata(String)
    /// Any other type pyxform accepts (geopoint, image, barcode …): kept, never scored.
    case other(String)
    case beginGroup, endGroup, beginRepeat, endRepeat

    /// The choice list a score is looked up in, and whether one answer or several are ticked.
    package var choices: (list: String, multiple: Bool)? {
        switch self {
        case .selectOne(let l), .rank(let l), .range(let l): return (l, false)
        case .selectMultiple(let l): return (l, true)
        default: return nil
        }
    }

    /// Whether a response file carries an answer column for it.
    package var hasAnswer: Bool {
        switch self {
        case .note, .beginGroup, .endGroup, .beginRepeat, .endRepeat: return false
        case .other(let t): return !XLSFormTypes.withoutAnswer.contains(t)
        default: return true
        }
    }
}

/// A label in each language of the form; the key is "" for a plain `label` column,
/// otherwise the language as written after `label::` (e.g. "Tiếng Việt (vi)").
package typealias Labels = [String: String]

package struct Question: Sendable, Hashable, Codable {
    package var name: String
    package var type: QuestionType
    package var labels: Labels
    /// The hints, by language: what the respondent is told, e.g. what a personal value is used for.
    package var hints: Labels = [:]
    package var required: Bool
    /// Kept as text, not evaluated.
    package var relevant: String?
    package var constraint: String?
    /// Names of the groups it sits in, outermost first.
    package var groupPath: [String]
    /// The Content 3 sub-criterion it feeds, if it is scored.
    package var subcriterion: String?
    /// Weight within its sub-criterion (default 1).
    package var weight: Decimal
    package var line: Int

    package var isScored: Bool { subcriterion != nil }

    /// The most choices a scored select_multiple may offer: the engine codes its answer as one
    /// bit per choice in a 32-bit integer (`ChoiceCodes`).
    package static let maxScoredMultipleChoices = 29
}

/// One XLSForm questionnaire with KhaoSat's scoring columns.
package struct Questionnaire: Sendable, Codable, Equatable {
    /// `settings.form_id`.
    package var id: String
    package var title: String
    package var version: String
    package var defaultLanguage: String?
    /// `settings.respondent_group`: who answers this questionnaire.
    package var respondentGroup: String
    /// `settings.unit_question`: the question naming the unit being rated.
    package var unitQuestion: String
    /// The questions and group markers in form order.
    package var items: [Question]
    package var choiceLists: [String: ChoiceList]
    /// Files it was read from (one for the single-file layout, up to three for a folder).
    package var files: [String]

    package var questions: [Question] { items.filter { $0.type.hasAnswer && !$0.type.isStructure } }
    package var scoredQuestions: [Question] { items.filter(\.isScored) }

    package func question(named name: String) -> Question? { items.first { $0.name == name } }

    /// The label a person sees: the default language's, else a plain `label`, else any.
    package func label(_ labels: Labels) -> String? {
        if let lang = defaultLanguage, let l = labels[lang] { return l }
        return labels[""] ?? labels.sorted { $0.key < $1.key }.first?.value
    }
}

extension QuestionType {
    var isStructure: Bool {
        switch self {
        case .beginGroup, .endGroup, .beginRepeat, .endRepeat: return true
        default: return false
        }
    }
}

/// Why a scored `range` cannot be turned into steps, in Vietnamese.
struct InvalidRange: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
