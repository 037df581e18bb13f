import Foundation

/// A question type, as far as scoring needs to know it. `init(xlsform:)` reads every
/// spelling pyxform reads (see `XLSFormTypes`).
public enum QuestionType: Sendable, Hashable, Codable {
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
    public var choices: (list: String, multiple: Bool)? {
        switch self {
        case .selectOne(let l), .rank(let l), .range(let l): return (l, false)
        case .selectMultiple(let l): return (l, true)
        default: return nil
        }
    }

    /// Whether a response file carries an answer column for it.
    public var hasAnswer: Bool {
        switch self {
        case .note, .beginGroup, .endGroup, .beginRepeat, .endRepeat: return false
        case .other(let t): return !XLSFormTypes.withoutAnswer.contains(t)
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
public struct Questionnaire: Sendable, Codable, Equatable {
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

extension ChoiceList {
    /// `select_one X or_other`: the list with an "other" answer, unscored unless the
    /// choices sheet already has an `other` choice (which then keeps its own score).
    func withOther() -> ChoiceList {
        var list = ChoiceList(name: name + " or_other", choices: choices)
        if choice(named: "other") == nil {
            list.choices.append(Choice(name: "other", labels: ["": "Khác"], score: nil, line: choices.last?.line ?? 0))
        }
        return list
    }

    /// A scored `range`: one choice per step, named by its value, credited linearly from 0 at
    /// `start` to 1 at `end`. Parameters as pyxform reads them (defaults start=1 end=10 step=1).
    static func forRange(question: String, parameters: String) -> Result<ChoiceList, InvalidRange> {
        var values: [String: Decimal] = ["start": 1, "end": 10, "step": 1]
        for item in parameters.split(whereSeparator: { " ,;\t".contains($0) }) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.count == 2, ["start", "end", "step"].contains(parts[0]) else { continue }
            guard let v = Decimals.parse(parts[1]) else { return .failure(InvalidRange("\"\(item)\" không phải là số")) }
            values[parts[0]] = v
        }
        let (start, end, step) = (values["start"]!, values["end"]!, values["step"]!)
        guard step != 0, start != end, (end - start) / step > 0 else {
            return .failure(InvalidRange("cần start khác end và step đi từ start đến end"))
        }
        let count = (end - start) / step
        guard count == Decimals.rounded(count, scale: 0), count <= 1000 else {
            return .failure(InvalidRange("(end − start) phải chia hết cho step và có tối đa 1000 bước"))
        }
        var choices: [Choice] = []
        var value = start
        for _ in 0...NSDecimalNumber(decimal: count).intValue {
            choices.append(Choice(name: value.description, labels: [:], score: (value - start) / (end - start), line: 0))
            value += step
        }
        return .success(ChoiceList(name: "range " + question, choices: choices))
    }
}

/// Why a scored `range` cannot be turned into steps, in Vietnamese.
struct InvalidRange: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
