import Foundation

/// How a group's credit is formed from its submissions' credits.
public enum ScoringMethod: Sendable, Hashable, Codable {
    /// Weighted mean of submission credits.
    case mean
    /// Share of submissions whose credit is at least the threshold (SIPAS style).
    case share(threshold: Decimal)
    /// Mean credit rescaled across the index's units, (x − min) / (max − min) (DDCI style).
    case minmax

    /// The method without its parameter, as results and manifests name it.
    public enum Kind: String, Sendable, Hashable, Codable, CustomStringConvertible {
        case mean, share, minmax
        public var description: String { rawValue }
    }

    public var kind: Kind {
        switch self {
        case .mean: return .mean
        case .share: return .share
        case .minmax: return .minmax
        }
    }
}

/// What to do when no group reaches the minimum number of valid respondents.
public enum LowSamplePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Compute from what there is and mark it.
    case flag
    /// Use the mean credit of the index's units.
    case indexMean = "index-mean"
    /// Leave the sub-criterion out for the unit and reduce its maximum.
    case notApplicable = "not-applicable"
    case zero
}

public struct GroupWeight: Sendable, Hashable, Codable {
    public var group: String
    public var weight: Decimal
}

public struct SubCriterion: Sendable, Hashable, Codable {
    public var index: IndexCode
    public var criterion: String
    public var code: String
    public var name: String
    public var maxPoints: Decimal
    public var groups: [GroupWeight]
    public var method: ScoringMethod
    public var minRespondents: Int
    public var lowSample: LowSamplePolicy
    public var line: Int
}

public struct Criterion: Sendable, Hashable, Codable {
    public var index: IndexCode
    public var code: String
    public var name: String
    public var subcriteria: [SubCriterion]

    public var maxPoints: Decimal { subcriteria.reduce(0) { $0 + $1.maxPoints } }
}

/// The split of Content 3's 12 points for each index.
public struct Blueprint: Sendable, Codable {
    public var criteria: [Criterion]

    public func criteria(in index: IndexCode) -> [Criterion] { criteria.filter { $0.index == index } }

    public func subcriteria(in index: IndexCode) -> [SubCriterion] {
        criteria(in: index).flatMap(\.subcriteria)
    }

    public func maxPoints(in index: IndexCode) -> Decimal {
        criteria(in: index).reduce(0) { $0 + $1.maxPoints }
    }

    public var allSubcriteria: [SubCriterion] { criteria.flatMap(\.subcriteria) }
}

/// A (unit, sub-criterion) pair outside the unit's assigned functions: not scored.
public struct NotApplicable: Sendable, Hashable, Codable {
    public var unitCode: String
    public var subcriterion: String
    public var reason: String
    public var line: Int
}

/// Set-wide parameters (`set.csv`).
public struct SetSettings: Sendable, Codable {
    public var title: String
    public var province: String
    public var year: String
    public var decision: String
    /// `content_points`: the points of the survey content each index must add up to, unless it
    /// sets its own in `indices.csv`; nil when set.csv has none.
    public var contentPoints: Decimal?
    /// Share of scored questions that must have a counted answer (default 0.5).
    public var minCompleteness: Decimal
    /// Credit of a `select_multiple` answer: `share` of the positive choices ticked, or `best`.
    public var selectMultiple: SelectMultipleCredit
    /// `respondent_id_questions`: the questions whose answer identifies a respondent (a delegate's
    /// code), for the same-respondent rule; the first a form has is used. None: ids only.
    public var respondentIdQuestions: [String]
    /// The data-quality checks' and back-checks' parameters.
    public var quality = QualitySettings()
    /// Which questions collect personal data, for what, and for how long.
    public var personalData = PersonalDataSettings()
    public var values: [String: String]

    public var document: DocumentSettings { DocumentSettings(values) }
}

public enum SelectMultipleCredit: String, Sendable, Codable {
    case share
    case best
}

/// Everything that defines one year's survey for one province.
public struct QuestionnaireSet: Sendable {
    public var name: String
    public var directory: String
    public var settings: SetSettings
    /// The indices (`indices.csv`), in order.
    public var indices: [IndexDefinition]
    /// `ranking.csv`; nil for a set without one (`rank` then refuses its runs).
    public var ranking: RankingSettings?
    public var units: UnitRegistry
    public var groups: [RespondentGroup]
    public var blueprint: Blueprint
    public var notApplicable: [NotApplicable]
    /// `rosters.csv` (optional): population sizes of rostered groups.
    public var rosters = Rosters()
    public var questionnaires: [Questionnaire]
    /// Every file of the set, relative to its directory, sorted: the manifest hashes them.
    public var files: [String]

    public func group(_ code: String) -> RespondentGroup? { groups.first { $0.code == code } }
    public func index(_ code: IndexCode) -> IndexDefinition? { indices.first { $0.code == code } }
    public var indexCodes: [IndexCode] { indices.map(\.code) }

    public func settings(of index: IndexCode) -> IndexSettings {
        let own = self.index(index)
        return IndexSettings(contentPoints: own?.contentPoints ?? settings.contentPoints,
                             minCompleteness: own?.minCompleteness ?? settings.minCompleteness,
                             selectMultiple: own?.selectMultiple ?? settings.selectMultiple,
                             respondentIdQuestions: own?.respondentIdQuestions ?? settings.respondentIdQuestions)
    }

    /// Whether some index sets a parameter of its own (manifests then list them per index).
    public var hasIndexSettings: Bool {
        indices.contains { $0.contentPoints != nil || $0.minCompleteness != nil || $0.selectMultiple != nil || $0.respondentIdQuestions != nil }
    }

    /// Every question that identifies a respondent in some index, in first-seen order.
    public var allRespondentIdQuestions: [String] {
        (settings.respondentIdQuestions + indices.flatMap { $0.respondentIdQuestions ?? [] })
            .reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
