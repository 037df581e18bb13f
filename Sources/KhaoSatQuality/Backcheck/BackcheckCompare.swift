import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// One row of a back-check file: the answers by question name (group prefixes removed).
package struct BackcheckRow: Sendable {
    package var source: Source
    package var values: [String: String]

    package init(source: Source, values: [String: String]) {
        self.source = source
        self.values = values
    }
}

/// The question types of back-check practice.
package enum BackcheckType: Int, Sendable, Comparable, CustomStringConvertible {
    /// Did the interview happen, who answered, which unit: any difference is serious.
    case identity = 1
    /// Stable facts (role, sex, age, contacts): an interviewer who records them badly.
    case fact = 2
    /// Opinions: some change is expected; judged in aggregate, not per interviewer.
    case opinion = 3

    package static func < (a: BackcheckType, b: BackcheckType) -> Bool { a.rawValue < b.rawValue }
    package var description: String { "loại \(rawValue)" }
}

package enum Verdict: String, Sendable, Comparable {
    case ok, review, reject

    package var title: String {
        switch self {
        case .ok: "đạt"
        case .review: "cần xem xét"
        case .reject: "loại"
        }
    }

    package static func < (a: Verdict, b: Verdict) -> Bool { [ok, review, reject].firstIndex(of: a)! < [ok, review, reject].firstIndex(of: b)! }
}

/// Counts of compared answers and of those that differ.
package struct Rate: Sendable, Equatable {
    package var compared = 0
    package var differing = 0
    package var share: Decimal { compared == 0 ? 0 : Decimal(differing) / Decimal(compared) }

    mutating func add(_ differs: Bool) {
        compared += 1
        if differs { differing += 1 }
    }
}

/// What a back-check found: rates per question, interviewer and contractor file, the verdicts,
/// and every difference for a person to look at.
package struct BackcheckComparison: Sendable {
    package struct Difference: Sendable, Equatable {
        package var submissionId: String
        package var interviewer: String
        package var question: String
        package var type: BackcheckType
        package var original: String
        package var backcheck: String
        package var backcheckSource: Source
    }

    package struct Interviewer: Sendable, Equatable {
        package var code: String
        package var submissions: Int
        package var rates: [BackcheckType: Rate]
        package var verdict: Verdict
    }

    package var questions: [(name: String, type: BackcheckType, rate: Rate)]
    package var interviewers: [Interviewer]
    package var files: [(file: String, rate: Rate)]
    package var differences: [Difference]
    /// Back-check rows whose original id is no accepted submission of the run.
    package var unmatched: [Source]

    /// The interviewers whose submissions a strict run leaves out.
    package var rejected: Set<String> { Set(interviewers.filter { $0.verdict == .reject }.map(\.code)) }
}

package enum BackcheckCompare {
    package static func compare(_ rows: [BackcheckRow], originals: [BackcheckCandidate], set: QuestionnaireSet) -> BackcheckComparison {
        let byId = Dictionary(originals.map { ($0.submission.id, $0) }, uniquingKeysWith: { a, _ in a })
        let forms = Dictionary(set.questionnaires.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let identity = Set(set.allRespondentIdQuestions)
        var questionRates: [String: (BackcheckType, Rate)] = [:]
        var interviewerRates: [String: (submissions: Int, rates: [BackcheckType: Rate])] = [:]
        var fileRates: [String: Rate] = [:]
        var differences: [BackcheckComparison.Difference] = []
        var unmatched: [Source] = []
        for row in rows.sorted(by: { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }) {
            guard let id = row.values[BackcheckForm.originalId].map(trimmed), let original = byId[id], let form = forms[original.submission.form] else {
                unmatched.append(row.source)
                continue
            }
            let s = original.submission
            interviewerRates[original.interviewer, default: (0, [:])].submissions += 1
            func record(_ question: String, _ type: BackcheckType, differs: Bool, original shown: String, heard: String) {
                questionRates[question, default: (type, Rate())].1.add(differs)
                interviewerRates[original.interviewer]!.rates[type, default: Rate()].add(differs)
                fileRates[s.source.file, default: Rate()].add(differs)
                if differs {
                    differences.append(.init(submissionId: s.id, interviewer: original.interviewer, question: question, type: type,
                                             original: shown, backcheck: heard, backcheckSource: row.source))
                }
            }
            let happened = trimmed(row.values[BackcheckForm.happened] ?? "").lowercased()
            guard !happened.isEmpty else { continue }
            let tookPlace = ["co", "có", "yes", "1"].contains(happened)
            record(BackcheckForm.happened, .identity, differs: !tookPlace, original: "co", heard: happened)
            guard tookPlace else { continue }  // nothing else can be compared with an interview that did not happen
            for (name, heard) in row.values.sorted(by: { $0.key < $1.key }) {
                let text = trimmed(heard)
                guard !text.isEmpty, name != BackcheckForm.originalId, name != BackcheckForm.happened else { continue }
                if name == form.unitQuestion {
                    let unitName = set.units.units.first { $0.code == s.unitCode }?.name ?? ""
                    let same = text == s.unitCode || MatchKey.of(text) == MatchKey.of(unitName)
                    record(name, .identity, differs: !same, original: s.unitCode, heard: text)
                    continue
                }
                guard let q = form.question(named: name), let answer = s.answers[name] else { continue }
                let type: BackcheckType = identity.contains(name) ? .identity : q.isScored ? .opinion : .fact
                record(name, type, differs: !same(answer, text, q, form), original: shown(answer), heard: text)
            }
        }
        var interviewers: [BackcheckComparison.Interviewer] = []
        let q = set.settings.quality
        for (code, entry) in interviewerRates.sorted(by: { $0.key < $1.key }) {
            let t1 = entry.rates[.identity] ?? Rate(), t2 = entry.rates[.fact] ?? Rate()
            var verdict = Verdict.ok
            if t1.differing > 0 { verdict = .review }
            if t2.compared > 0, t2.share >= q.backcheckType2Review { verdict = max(verdict, .review) }
            if t1.compared > 0, t1.share >= q.backcheckType1Reject { verdict = .reject }
            if t2.compared > 0, t2.share >= q.backcheckType2Reject { verdict = .reject }
            interviewers.append(.init(code: code, submissions: entry.submissions, rates: entry.rates, verdict: verdict))
        }
        return BackcheckComparison(
            questions: questionRates.map { ($0.key, $0.value.0, $0.value.1) }.sorted { ($0.type, $0.name) < ($1.type, $1.name) },
            interviewers: interviewers,
            files: fileRates.map { ($0.key, $0.value) }.sorted { $0.file < $1.file },
            differences: differences, unmatched: unmatched)
    }

    /// Whether the back-checker heard the same answer: a choice by its name or label, a number by
    /// its value, text by its letters (case, spaces and diacritics' spelling aside).
    static func same(_ answer: Answer, _ heard: String, _ q: Question, _ form: Questionnaire) -> Bool {
        let list = q.type.choices.flatMap { form.choiceLists[$0.list] }
        func choice(_ text: String) -> String? {
            guard let list else { return nil }
            if list.score(of: text) != nil || list.choices.contains(where: { $0.name == text }) { return text }
            return list.choices.first { c in c.labels.values.contains { MatchKey.of($0) == MatchKey.of(text) } }?.name
        }
        switch answer {
        case .choice(let c): return choice(heard) == c
        case .choices(let cs): return Set(heard.split(separator: " ").compactMap { choice(String($0)) }) == Set(cs)
        case .number(let n): return Decimals.parse(heard) == n
        case .text(let t): return MatchKey.of(t) == MatchKey.of(heard)
        }
    }

    static func shown(_ answer: Answer) -> String {
        switch answer {
        case .choice(let c): return c
        case .choices(let cs): return cs.joined(separator: " ")
        case .number(let n): return n.description
        case .text(let t): return t
        }
    }
}

