import Foundation
import KhaoSatCSV
import KhaoSatQuestionnaire

/// Rows in and out of one file. `submissions` equals `rows` except when a Google Forms grid
/// turns one row into several submissions (one per unit rated).
public struct FileAccounting: Sendable, Codable, Equatable {
    public var file: String
    public var layout: Layout
    public var form: String
    public var rows = 0
    public var submissions = 0
    public var accepted = 0
    public var setAside = 0
    public var duplicates = 0

    /// submissions = accepted + set aside + duplicates dropped.
    public var balances: Bool { submissions == accepted + setAside + duplicates }
}

/// A file that could not be read at all; the other files' results stand.
public struct FileFailure: Sendable, Codable, Equatable {
    public var file: String
    public var message: String
}

public enum DuplicatePolicy: String, Sendable, Codable {
    /// The same respondent rating the same unit again: keep the latest submission.
    case latest
    /// … keep the first.
    case first
}

public struct IngestOptions: Sendable {
    /// nil: detected from each file's header.
    public var layout: Layout?
    public var duplicates: DuplicatePolicy
    public var delimiter: Delimiter?

    public init(layout: Layout? = nil, duplicates: DuplicatePolicy = .latest, delimiter: Delimiter? = nil) {
        self.layout = layout
        self.duplicates = duplicates
        self.delimiter = delimiter
    }
}

public struct IngestResult: Sendable {
    /// Filled by `ingest(_:progress:)`; empty when the submissions went to a sink.
    public var accepted: [Submission] = []
    public var quarantine: [QuarantineEntry] = []
    public var files: [FileAccounting] = []
    public var failures: [FileFailure] = []
    public var warnings: [String] = []

    public var total: FileAccounting {
        files.reduce(into: FileAccounting(file: "", layout: .canonical, form: "")) { t, f in
            t.rows += f.rows; t.submissions += f.submissions; t.accepted += f.accepted
            t.setAside += f.setAside; t.duplicates += f.duplicates
        }
    }
}

/// Where accepted submissions go as they are read. A file's submissions go to a sink of its
/// own, merged into the run's only when the whole file was read, so a file that breaks
/// halfway leaves no trace in the results.
public protocol SubmissionSink {
    mutating func add(_ submission: Submission)
    mutating func merge(_ other: Self)
}

/// Keeps nothing: `validate` needs only the accounting.
public struct SubmissionDiscard: SubmissionSink, Sendable {
    public init() {}
    public mutating func add(_ submission: Submission) {}
    public mutating func merge(_ other: SubmissionDiscard) {}
}

/// Keeps every submission: for tests and small runs.
public struct SubmissionList: SubmissionSink, Sendable {
    public var submissions: [Submission] = []
    public init() {}
    public mutating func add(_ submission: Submission) { submissions.append(submission) }
    public mutating func merge(_ other: SubmissionList) { submissions += other.submissions }
}

/// Reads contractor files into one clean set of submissions. Files are taken in sorted
/// order so that the result does not depend on the order they were given in.
public struct Ingestor: Sendable {
    public let set: QuestionnaireSet
    public var options: IngestOptions
    private let resolver: UnitResolver

    public init(set: QuestionnaireSet, options: IngestOptions = IngestOptions()) {
        self.set = set
        self.options = options
        self.resolver = UnitResolver(registry: set.units)
    }

    /// `files`: (path to read, name to show). `progress` hears (file, rows read so far) at the
    /// start of each file and every 100 000 rows.
    public func ingest(_ files: [(path: String, name: String)],
                       progress: ((String, Int) -> Void)? = nil) -> IngestResult {
        var list = SubmissionList()
        var result = ingest(files, into: &list, makeSink: SubmissionList.init, progress: progress)
        result.accepted = list.submissions.sorted {
            ($0.source.file, $0.source.line, $0.id) < ($1.source.file, $1.source.line, $1.id)
        }
        return result
    }

    /// Streams: memory grows with the distinct submission ids and respondents, not with the
    /// rows. Submissions without a respondent id go to the sink as their file completes; those
    /// with one wait to the end, since a later submission of the same respondent may replace them.
    public func ingest<Sink: SubmissionSink>(_ files: [(path: String, name: String)], into sink: inout Sink,
                                             makeSink: () -> Sink,
                                             progress: ((String, Int) -> Void)? = nil) -> IngestResult {
        var result = IngestResult()
        var seenIds: Set<String> = []
        var held = Respondents(policy: options.duplicates, sameAnswers: sameAnswers)
        for file in files.sorted(by: { $0.name < $1.name }) {
            var accounting: FileAccounting?
            var fileSink = makeSink()
            var pending: [(Submission, [String])] = []
            var quarantine: [QuarantineEntry] = []
            var newIds: [String] = []
            progress?(file.name, 0)
            do {
                var validator: RowValidator?
                let summary = try CSVReader(path: file.path, name: file.name,
                                            options: CSVReadOptions(delimiter: options.delimiter)).forEachRecord { record in
                    guard let v = validator else {
                        let (v, layout) = try self.validator(header: record.fields, file: file.name, line: record.line)
                        validator = v
                        accounting = FileAccounting(file: file.name, layout: layout, form: v.map.form.id)
                        return
                    }
                    if record.fields.allSatisfy({ trimmed($0).isEmpty }) { return }
                    accounting!.rows += 1
                    if accounting!.rows % 100_000 == 0 { progress?(file.name, accounting!.rows) }
                    for outcome in v.validate(record) {
                        accounting!.submissions += 1
                        switch outcome {
                        case .success(let s):
                            guard seenIds.insert(s.id).inserted else { accounting!.duplicates += 1; continue }
                            newIds.append(s.id)
                            accounting!.accepted += 1
                            if s.respondent != nil { pending.append((s, record.fields)) } else { fileSink.add(s) }
                        case .failure(let q):
                            accounting!.setAside += 1
                            quarantine.append(q)
                        }
                    }
                }
                guard let a = accounting else {
                    throw IngestFailure(message: "\(file.name): tệp trống, không có dòng tiêu đề.")
                }
                result.warnings += summary.warnings.map(\.description)
                result.files.append(a)
                result.quarantine += quarantine
                sink.merge(fileSink)
                for (s, raw) in pending { held.offer(s, raw: raw, into: &result) }
            } catch {
                for id in newIds { seenIds.remove(id) }
                let message = (error as? IngestFailure)?.message ?? "\(error)"
                result.failures.append(FileFailure(file: file.name, message: message))
            }
        }
        for s in held.kept() { sink.add(s) }
        result.quarantine.sort { ($0.source.file, $0.source.line, $0.submissionId) < ($1.source.file, $1.source.line, $1.submissionId) }
        return result
    }

    struct IngestFailure: Error { var message: String }

    /// Chooses the questionnaire the header covers best.
    private func validator(header: [String], file: String, line: Int) throws -> (RowValidator, Layout) {
        let layout = options.layout ?? Layout.detect(header: header)
        let maps = set.questionnaires.map { ColumnMap(header: header, form: $0, layout: layout) }
        guard let best = maps.max(by: { $0.coverage < $1.coverage }), best.coverage >= 0.5 else {
            throw IngestFailure(message: "\(file):\(line): dòng tiêu đề không khớp với phiếu nào của bộ \(set.name) "
                + "(cần tên câu hỏi XLSForm hoặc nhãn câu hỏi làm tiêu đề cột).")
        }
        return (RowValidator(set: set, resolver: resolver, map: best, layout: layout, file: file), layout)
    }

    /// Equal answers, leaving out what the survey tool fills in (`start`, `end` …).
    private func sameAnswers(_ a: Submission, _ b: Submission) -> Bool {
        guard let form = set.questionnaires.first(where: { $0.id == a.form }) else { return a.answers == b.answers }
        func answers(_ s: Submission) -> [String: Answer] {
            s.answers.filter { if case .metadata = form.question(named: $0.key)?.type { false } else { true } }
        }
        return answers(a) == answers(b)
    }
}

/// The same respondent rating the same unit more than once: one submission stays (the
/// latest by submission time, or the first, by policy); an equal one is a duplicate, a
/// different one is set aside.
struct Respondents {
    private struct Held {
        var submission: Submission
        var raw: [String]
        var arrival: Int
    }

    let policy: DuplicatePolicy
    let sameAnswers: (Submission, Submission) -> Bool
    private var held: [String: Held] = [:]
    private var arrivals = 0

    init(policy: DuplicatePolicy, sameAnswers: @escaping (Submission, Submission) -> Bool) {
        self.policy = policy
        self.sameAnswers = sameAnswers
    }

    mutating func offer(_ s: Submission, raw: [String], into result: inout IngestResult) {
        arrivals += 1
        let key = [s.form, s.respondent!.lowercased(), s.unitCode].joined(separator: "\u{0}")
        let new = Held(submission: s, raw: raw, arrival: arrivals)
        guard let old = held[key] else { held[key] = new; return }
        // Later by (time, arrival) wins under `latest`; earlier under `first`.
        func order(_ h: Held) -> (Date, Int) { (h.submission.submittedAt ?? .distantPast, h.arrival) }
        let newIsLater = order(new) > order(old)
        let (kept, dropped) = (newIsLater == (policy == .latest)) ? (new, old) : (old, new)
        held[key] = kept
        guard let f = result.files.firstIndex(where: { $0.file == dropped.submission.source.file }) else { return }
        result.files[f].accepted -= 1
        if sameAnswers(dropped.submission, kept.submission) {
            result.files[f].duplicates += 1
            return
        }
        result.files[f].setAside += 1
        let d = dropped.submission
        result.quarantine.append(QuarantineEntry(
            source: d.source, column: nil, submissionId: d.id, unit: d.unitCode, reason: .superseded,
            message: "người trả lời \"\(d.respondent!)\" đã đánh giá đơn vị này ở \(kept.submission.source); "
                + "giữ phiếu \(policy == .latest ? "mới nhất" : "đầu tiên").",
            rawRow: dropped.raw))
    }

    /// The submissions that stayed, in reading order.
    func kept() -> [Submission] {
        held.values.sorted { $0.arrival < $1.arrival }.map(\.submission)
    }
}
