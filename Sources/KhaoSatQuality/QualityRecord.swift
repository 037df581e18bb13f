import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// What the checks need of one accepted submission, kept small: no answers dictionary.
public struct QualityRecord: Sendable {
    public var source: Source
    public var id: String
    public var form: Int
    public var unit: String
    public var group: String
    public var interviewer: String?
    public var device: String?
    public var started: Date?
    public var ended: Date?
    /// The scored answers' `ChoiceCodes` (to take a submission back out of a tally).
    public var codes: [Int32]
    /// Scale questions answered, and whether all with the same choice (the choice, if so).
    public var scaleAnswered: Int
    public var scaleSame: String?
    /// Scored questions answered without a score (*Không biết*), of the form's scored questions.
    public var unscored: Int
    public var scored: Int
    /// One hash per compared question (0: blank), for near-duplicates.
    public var answers: [UInt32]

    public var duration: TimeInterval? {
        guard let started, let ended else { return nil }
        return ended.timeIntervalSince(started)
    }

    /// The submission as the tally saw it: enough to remove it again.
    public var submission: Submission {
        Submission(id: id, form: "", group: group, unitCode: unit, answers: [:], source: source, codes: codes)
    }
}

/// Builds `QualityRecord`s as submissions are accepted, in the same pass as the conversion.
public struct QualityCollector: SubmissionSink, Sendable {
    /// Metadata and every compared answer are read from the submission.
    public static let needsAnswers = true

    /// Per form, what is read of a submission.
    struct FormPlan: Sendable {
        var id: String
        var form: Questionnaire
        /// Compared for near-duplicates: every answered question but metadata, ids and the unit.
        var compared: [String]
        /// Scored `select_one` questions whose list has at least three scored choices.
        var scale: [String]
        var scored: [Question]
        var interviewer: String
    }

    let plans: [FormPlan]
    private let formOrdinals: [String: Int]
    private let selectMultiple: SelectMultipleCredit
    public private(set) var records: [QualityRecord] = []
    /// Per form, scale question and interviewer: how often each choice was picked.
    public private(set) var distributions: [DistributionKey: [String: Int]] = [:]

    public struct DistributionKey: Hashable, Sendable {
        public var form: Int
        public var question: String
        public var interviewer: String
    }

    public init(set: QuestionnaireSet) {
        let interviewer = set.settings.quality.interviewerQuestion
        let skipped = Set(["start", "end", "today", "deviceid", interviewer, "respondent_unit"] + set.settings.respondentIdQuestions)
        plans = set.questionnaires.map { form in
            let compared = form.questions.filter {
                if case .metadata = $0.type { return false }
                return !skipped.contains($0.name) && $0.name != form.unitQuestion && $0.type != .calculate
            }.map(\.name)
            let scale = form.scoredQuestions.filter { q in
                guard case .selectOne(let list)? = Optional(q.type), let choices = form.choiceLists[list] else { return false }
                return choices.scores.compactMap { $0 }.count >= 3
            }.map(\.name)
            return FormPlan(id: form.id, form: form, compared: compared, scale: scale, scored: form.scoredQuestions,
                            interviewer: interviewer)
        }
        formOrdinals = Dictionary(set.questionnaires.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        selectMultiple = set.settings.selectMultiple
    }

    public mutating func add(_ s: Submission) {
        guard let f = formOrdinals[s.form] else { return }
        let plan = plans[f]
        func text(_ name: String) -> String? {
            switch s.answers[name] {
            case .text(let t)?: return t.isEmpty ? nil : t
            case .choice(let c)?: return c
            case .number(let n)?: return n.description
            default: return nil
            }
        }
        var scaleAnswered = 0
        var first: String?
        var same = true
        for q in plan.scale {
            guard case .choice(let c)? = s.answers[q] else { continue }
            scaleAnswered += 1
            if let first, first != c { same = false }
            if first == nil { first = c }
        }
        var unscored = 0
        for q in plan.scored where s.answers[q.name] != nil {
            if !Credit.isCounted(s.answers[q.name], q, plan.form, selectMultiple: selectMultiple) { unscored += 1 }
        }
        let interviewer = text(plan.interviewer)
        if let interviewer {
            for q in plan.scale {
                guard case .choice(let c)? = s.answers[q] else { continue }
                distributions[DistributionKey(form: f, question: q, interviewer: interviewer), default: [:]][c, default: 0] += 1
            }
        }
        records.append(QualityRecord(
            source: s.source, id: s.id, form: f, unit: s.unitCode, group: s.group, interviewer: interviewer,
            device: text("deviceid"), started: text("start").flatMap(Timestamps.parse), ended: text("end").flatMap(Timestamps.parse),
            codes: s.codes, scaleAnswered: scaleAnswered, scaleSame: same ? first : nil, unscored: unscored,
            scored: plan.scored.count, answers: plan.compared.map { Self.hash(s.answers[$0]) }))
    }

    public mutating func merge(_ other: QualityCollector) {
        records += other.records
        distributions.merge(other.distributions) { a, b in a.merging(b, uniquingKeysWith: +) }
    }

    /// FNV-1a of an answer, never 0 (0 is a blank).
    static func hash(_ answer: Answer?) -> UInt32 {
        guard let answer else { return 0 }
        var h: UInt32 = 0x811c_9dc5
        func mix(_ t: String, _ tag: UInt8) {
            for b in t.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
            h = (h ^ UInt32(tag)) &* 0x0100_0193
        }
        switch answer {
        case .choice(let c): mix(c, 1)
        case .choices(let cs): for c in cs { mix(c, 2) }
        case .number(let n): mix(n.description, 3)
        case .text(let t): mix(t, 4)
        }
        return h == 0 ? 1 : h
    }
}

/// Two sinks fed the same submissions: the tally and the quality records in one pass.
public struct BothSinks<A: SubmissionSink, B: SubmissionSink>: SubmissionSink {
    public static var needsAnswers: Bool { A.needsAnswers || B.needsAnswers }
    public var first: A
    public var second: B

    public init(_ first: A, _ second: B) {
        self.first = first
        self.second = second
    }

    public mutating func add(_ s: Submission) {
        first.add(s)
        second.add(s)
    }

    public mutating func merge(_ other: BothSinks) {
        first.merge(other.first)
        second.merge(other.second)
    }
}
