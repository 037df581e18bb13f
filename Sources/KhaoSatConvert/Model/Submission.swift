import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// An answer after validation, in the questionnaire's own terms (choice names, not labels).
package enum Answer: Sendable, Hashable, Codable {
    case choice(String)
    case choices([String])
    case number(Decimal)
    case text(String)
}

extension Answer {
    /// Mixes the answer into a digest, each kind with its own tag.
    package func mix(into h: inout FNV1a) {
        switch self {
        case .choice(let c): h.mix(c, tag: 1)
        case .choices(let cs): for c in cs { h.mix(c, tag: 2) }
        case .number(let n): h.mix(n.description, tag: 3)
        case .text(let t): h.mix(t, tag: 4)
        }
    }
}

/// Where a submission came from.
package struct Source: Sendable, Hashable, Codable, CustomStringConvertible {
    package var file: String
    /// The line of a CSV file, or the row of a workbook sheet.
    package var line: Int
    /// The sheet, for a workbook.
    package var sheet: String?

    package init(file: String, line: Int, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.sheet = sheet
    }

    /// `tệp.csv:17, cột 4` or `tệp.xlsx:Sheet1!D17`.
    package func location(column: Int?) -> FileLocation { FileLocation(file: file, line: line, field: column, sheet: sheet) }

    package var description: String { location(column: nil).description }
}

/// When, on what and by whom an interview was done, as the survey tool and the interviewer
/// recorded it (`start`, `end`, `deviceid`, the interviewer's code): what the quality checks read.
package struct Interview: Sendable, Hashable, Codable {
    /// Seconds since 1970 (UTC).
    package var started: Int64?
    package var ended: Int64?
    package var device: String?
    package var interviewer: String?

    package init(started: Int64? = nil, ended: Int64? = nil, device: String? = nil, interviewer: String? = nil) {
        self.started = started
        self.ended = ended
        self.device = device
        self.interviewer = interviewer
    }

    /// From the answers to `start`, `end`, `deviceid` and the interviewer question.
    package init(start: Answer?, end: Answer?, device: Answer?, interviewer: Answer?) {
        func text(_ answer: Answer?) -> String? {
            switch answer {
            case .text(let t)?: t.isEmpty ? nil : t
            case .choice(let c)?: c
            case .number(let n)?: n.description
            default: nil
            }
        }
        func seconds(_ answer: Answer?) -> Int64? {
            text(answer).flatMap(Timestamps.parse).map { Int64($0.timeIntervalSince1970.rounded(.down)) }
        }
        self.init(started: seconds(start), ended: seconds(end), device: text(device), interviewer: text(interviewer))
    }
}

/// What tells two submissions of a unit apart besides their scored codes: a 32-bit hash of the
/// answer to each unscored question that is about the respondent's views or person (not the
/// survey tool's metadata, not who interviewed, not the respondent's contact). The near-duplicate
/// check compares them; the validator takes them as it parses the answers.
package enum Fingerprint {
    /// The questions, in the form's order.
    package static func questions(of form: Questionnaire, in set: QuestionnaireSet) -> [String] {
        let personal = set.settings.personalData
        let skipped = Set(["start", "end", "today", "deviceid", set.settings.quality.interviewerQuestion, "respondent_unit"]
            + set.allRespondentIdQuestions + personal.declared + (personal.consentQuestion.map { [$0] } ?? []))
        return form.questions.filter {
            if case .metadata = $0.type { return false }
            return !$0.isScored && !skipped.contains($0.name) && $0.name != form.unitQuestion && $0.type != .calculate
        }.map(\.name)
    }

    /// Never 0 (0 is a blank).
    package static func hash(_ answer: Answer) -> UInt32 {
        var h = FNV1a()
        answer.mix(into: &h)
        let folded = UInt32(truncatingIfNeeded: h.value ^ (h.value >> 32))
        return folded == 0 ? 1 : folded
    }
}

/// One respondent rating one unit, accepted.
package struct Submission: Sendable, Hashable, Codable {
    package var id: String
    package var form: String
    package var group: String
    package var unitCode: String
    package var respondent: String?
    package var submittedAt: Date?
    package var answers: [String: Answer]
    package var source: Source
    /// `ChoiceCodes` of the scored answers: what the engine reads. The validator makes them;
    /// a submission made by hand gets them from `coded(by:)`.
    package var codes: [Int32] = []
    /// How many times ODK Central says the submission was edited (0 elsewhere).
    package var edits = 0
    /// Read by the validator with the answers, so that sinks need not look them up.
    package var interview = Interview()
    /// Per question of `Fingerprint.questions`, its answer's hash (0: blank); [] when not taken.
    package var fingerprint: [UInt32] = []
    /// The answers' `AnswerDigest`, taken by the validator: tells a repeat from changed answers
    /// without the answers.
    package var digestOfAnswers: UInt64? = nil
    /// The respondent's contact, as given, only when they consented to a phúc tra call and the
    /// reading was for a phúc tra sample (`IngestOptions.keepsConsentedContacts`); nil everywhere else.
    package var contact: String?

    package init(id: String, form: String, group: String, unitCode: String, respondent: String? = nil,
                submittedAt: Date? = nil, answers: [String: Answer], source: Source, codes: [Int32] = [], edits: Int = 0) {
        self.id = id
        self.form = form
        self.group = group
        self.unitCode = unitCode
        self.respondent = respondent
        self.submittedAt = submittedAt
        self.answers = answers
        self.source = source
        self.codes = codes
        self.edits = edits
    }
}

extension Submission {
    /// A submission made from its answers (a test's, an edited one) with what the validator
    /// would derive from them: the codes and fingerprint the engine reads.
    package func coded(by set: QuestionnaireSet) -> Submission {
        guard let form = set.questionnaires.first(where: { $0.id == self.form }) else { return self }
        var s = self
        s.codes = ChoiceCodes(form: form).codes(answers)
        s.fingerprint = Fingerprint.questions(of: form, in: set).map { answers[$0].map(Fingerprint.hash) ?? 0 }
        return s
    }
}
