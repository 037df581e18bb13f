import Foundation

/// A question type, as far as scoring needs to know it.
public enum QuestionType: Sendable, Hashable, Codable {
    case selectOne(list: String)
    case selectMultiple(list: String)
    /// The choices live in an external CSV (the unit registry, for the unit question).
    case selectOneFromFile(file: String)
    case integer
    case decimal
    case text
    case note
    case calculate
    case date, time, dateTime
    /// `start`, `end`, `today`, `deviceid` …: filled in by the survey tool.
    case metadata(String)
    case beginGroup, endGroup, beginRepeat, endRepeat

    static let metadataTypes: Set<String> = [
        "start", "end", "today", "deviceid", "subscriberid", "simserial", "username",
        "phonenumber", "email", "audit", "start-geopoint", "background-audio",
    ]

    /// Parses the `type` cell; nil for a type KhaoSat does not handle.
    public init?(xlsform raw: String) {
        // pyxform accepts "begin group" as well as "begin_group".
        let spelled = raw.replacingOccurrences(of: "begin ", with: "begin_").replacingOccurrences(of: "end ", with: "end_")
        let parts = spelled.split(whereSeparator: { $0 == " " }).map(String.init)
        guard let head = parts.first else { return nil }
        switch (head, parts.count) {
        case ("select_one", 2), ("select1", 2): self = .selectOne(list: parts[1])
        case ("select_multiple", 2): self = .selectMultiple(list: parts[1])
        case ("select_one_from_file", 2): self = .selectOneFromFile(file: parts[1])
        case ("integer", 1), ("int", 1): self = .integer
        case ("decimal", 1): self = .decimal
        case ("text", 1), ("string", 1): self = .text
        case ("note", 1): self = .note
        case ("calculate", 1): self = .calculate
        case ("date", 1): self = .date
        case ("time", 1): self = .time
        case ("dateTime", 1): self = .dateTime
        case ("begin_group", 1): self = .beginGroup
        case ("end_group", 1): self = .endGroup
        case ("begin_repeat", 1): self = .beginRepeat
        case ("end_repeat", 1): self = .endRepeat
        case (let t, 1) where Self.metadataTypes.contains(t): self = .metadata(t)
        default: return nil
        }
    }

    /// Whether a response file carries an answer column for it.
    public var hasAnswer: Bool {
        switch self {
        case .note, .beginGroup, .endGroup, .beginRepeat, .endRepeat: return false
        default: return true
        }
    }
}

/// A label in each language of the form; the key is "" for a plain `label` column,
/// otherwise the language as written after `label::` (e.g. "Tiếng Việt (vi)").
public typealias Labels = [String: String]

public struct Choice: Sendable, Hashable, Codable {
    public var name: String
    public var labels: Labels
    /// Credit from 0 to 1; nil means "not counted" (Không biết / Không trả lời).
    public var score: Decimal?
    public var line: Int
}

public struct ChoiceList: Sendable, Hashable, Codable {
    public var name: String
    public var choices: [Choice]

    public func choice(named name: String) -> Choice? { choices.first { $0.name == name } }
}

public struct Question: Sendable, Hashable, Codable {
    public var name: String
    public var type: QuestionType
    public var labels: Labels
    public var required: Bool
    /// Kept as text, not evaluated.
    public var relevant: String?
    public var constraint: String?
    /// Names of the groups it sits in, outermost first.
    public var groupPath: [String]
    /// The Content 3 sub-criterion it feeds, if it is scored.
    public var subcriterion: String?
    /// Weight within its sub-criterion (default 1).
    public var weight: Decimal
    public var line: Int

    public var isScored: Bool { subcriterion != nil }
}

/// One XLSForm questionnaire with KhaoSat's scoring columns.
public struct Questionnaire: Sendable, Codable {
    /// `settings.form_id`.
    public var id: String
    public var title: String
    public var version: String
    public var defaultLanguage: String?
    /// `settings.respondent_group`: who answers this questionnaire.
    public var respondentGroup: String
    /// `settings.unit_question`: the question naming the unit being rated.
    public var unitQuestion: String
    /// The questions and group markers in form order.
    public var items: [Question]
    public var choiceLists: [String: ChoiceList]
    /// Files it was read from (one for the single-file layout, up to three for a folder).
    public var files: [String]

    public var questions: [Question] { items.filter { $0.type.hasAnswer && !$0.type.isStructure } }
    public var scoredQuestions: [Question] { items.filter(\.isScored) }

    public func question(named name: String) -> Question? { items.first { $0.name == name } }

    /// The label a person sees: the default language's, else a plain `label`, else any.
    public func label(_ labels: Labels) -> String? {
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
