import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// The back-check's files: the sample list, the comparison's rates, and the points before and
/// after leaving out rejected interviewers.
package enum BackcheckTables {
    /// `backcheck-sample.csv`: whom to re-contact, and (for the officer, not the back-checker) the
    /// original answers to the chosen questions.
    package static func sample(set: QuestionnaireSet, questions: [String]) -> CSVTable<BackcheckCandidate> {
        let names = Dictionary(set.units.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        @Sendable func text(_ a: Answer?) -> String { a.map(BackcheckCompare.shown) ?? "" }
        return CSVTable([
            .init("submission_id") { .text($0.submission.id) },
            .init("file") { .text($0.submission.source.file) },
            .init("line") { .number(String($0.submission.source.line)) },
            .init("form") { .text($0.submission.form) },
            .init("unit_code") { .text($0.submission.unitCode) },
            .init("unit_name") { .text(names[$0.submission.unitCode] ?? "") },
            .init("interviewer") { .text($0.interviewer) },
            .init("device") { .text($0.device) },
            .init("interviewer_flagged") { $0.flagged ? "yes" : "no" },
            .init("contact") { .text($0.submission.contact ?? "") },
        ] + questions.map { q in .init("original_" + q) { .text(text($0.submission.answers[q])) } })
    }

    package static let questions = CSVTable<(name: String, type: BackcheckType, rate: Rate)>([
        .init("question") { .text($0.name) },
        .init("type") { .number(String($0.type.rawValue)) },
        .init("compared") { .number(String($0.rate.compared)) },
        .init("differing") { .number(String($0.rate.differing)) },
        .init("rate") { .number(Decimals.format($0.rate.share, scale: 4)) },
    ])

    package static let interviewers = CSVTable<BackcheckComparison.Interviewer>([
        .init("interviewer") { .text($0.code) },
        .init("backchecked") { .number(String($0.submissions)) },
    ] + [BackcheckType.identity, .fact, .opinion].flatMap { t -> [CSVTable<BackcheckComparison.Interviewer>.Column] in [
        .init("type\(t.rawValue)_compared") { .number(String($0.rates[t]?.compared ?? 0)) },
        .init("type\(t.rawValue)_differing") { .number(String($0.rates[t]?.differing ?? 0)) },
        .init("type\(t.rawValue)_rate") { .number(Decimals.format($0.rates[t]?.share ?? 0, scale: 4)) },
    ] } + [.init("verdict") { .text($0.verdict.rawValue) }])

    package static let files = CSVTable<(file: String, rate: Rate)>([
        .init("file") { .text($0.file) },
        .init("compared") { .number(String($0.rate.compared)) },
        .init("differing") { .number(String($0.rate.differing)) },
        .init("rate") { .number(Decimals.format($0.rate.share, scale: 4)) },
    ])

    package static let differences = CSVTable<BackcheckComparison.Difference>([
        .init("submission_id") { .text($0.submissionId) },
        .init("interviewer") { .text($0.interviewer) },
        .init("question") { .text($0.question) },
        .init("type") { .number(String($0.type.rawValue)) },
        .init("original") { .text($0.original) },
        .init("backcheck") { .text($0.backcheck) },
        .init("backcheck_file") { .text($0.backcheckSource.file) },
        .init("backcheck_line") { .number(String($0.backcheckSource.line)) },
    ])

    /// `backcheck-apply.csv`: each unit's points before and after.
    package static let apply = CSVTable<(before: UnitResult, after: UnitResult)>([
        .init("index") { .text($0.before.index.rawValue) },
        .init("unit_code") { .text($0.before.code) },
        .init("unit_name") { .text($0.before.name) },
        .init("points_before") { .number(Decimals.format($0.before.points, scale: 2)) },
        .init("points_after") { .number(Decimals.format($0.after.points, scale: 2)) },
        .init("change") { .number(Decimals.format($0.after.points - $0.before.points, scale: 2)) },
        .init("respondents_before") { .number(String($0.before.respondents)) },
        .init("respondents_after") { .number(String($0.after.respondents)) },
    ])
}
