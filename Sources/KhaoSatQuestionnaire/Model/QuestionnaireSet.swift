import Foundation

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
