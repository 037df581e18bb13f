import Foundation

/// Everything that defines one year's survey for one province.
package struct QuestionnaireSet: Sendable {
    package var name: String
    package var directory: String
    package var settings: SetSettings
    /// The indices (`indices.csv`), in order.
    package var indices: [IndexDefinition]
    /// `ranking.csv`; nil for a set without one (`rank` then refuses its runs).
    package var ranking: RankingSettings?
    package var units: UnitRegistry
    package var groups: [RespondentGroup]
    package var blueprint: Blueprint
    package var notApplicable: [NotApplicable]
    /// `rosters.csv` (optional): population sizes of rostered groups.
    package var rosters = Rosters()
    package var questionnaires: [Questionnaire]
    /// Every file of the set, relative to its directory, sorted: the manifest hashes them.
    package var files: [String]

    package func group(_ code: String) -> RespondentGroup? { groups.first { $0.code == code } }
    package func index(_ code: IndexCode) -> IndexDefinition? { indices.first { $0.code == code } }
    package var indexCodes: [IndexCode] { indices.map(\.code) }

    package func settings(of index: IndexCode) -> IndexSettings {
        let own = self.index(index)
        return IndexSettings(contentPoints: own?.contentPoints ?? settings.contentPoints,
                             minCompleteness: own?.minCompleteness ?? settings.minCompleteness,
                             selectMultiple: own?.selectMultiple ?? settings.selectMultiple,
                             respondentIdQuestions: own?.respondentIdQuestions ?? settings.respondentIdQuestions)
    }

    /// Whether some index sets a parameter of its own (manifests then list them per index).
    package var hasIndexSettings: Bool {
        indices.contains { $0.contentPoints != nil || $0.minCompleteness != nil || $0.selectMultiple != nil || $0.respondentIdQuestions != nil }
    }

    /// Every question that identifies a respondent in some index, in first-seen order.
    package var allRespondentIdQuestions: [String] {
        (settings.respondentIdQuestions + indices.flatMap { $0.respondentIdQuestions ?? [] })
            .reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
