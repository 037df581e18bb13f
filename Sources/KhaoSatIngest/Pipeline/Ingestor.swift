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
    public var accepted: [Submission]
    public var quarantine: [QuarantineEntry]
    public var files: [FileAccounting]
    public var failures: [FileFailure]
    public var warnings: [String]

    public var total: FileAccounting {
        files.reduce(into: FileAccounting(file: "", layout: .canonical, form: "")) { t, f in
            t.rows += f.rows; t.submissions += f.submissions; t.accepted += f.accepted
            t.setAside += f.setAside; t.duplicates += f.duplicates
        }
    }
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
        var result = IngestResult(accepted: [], quarantine: [], files: [], failures: [], warnings: [])
        var seenIds: Set<String> = []
        // Rows of submissions that may yet be superseded, for the quarantine file.
        var rawRows: [String: [String]] = [:]
        for file in files.sorted(by: { $0.name < $1.name }) {
            var accounting: FileAccounting?
            var accepted: [Submission] = []
            var quarantine: [QuarantineEntry] = []
            var ids = seenIds
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
                    if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { return }
                    accounting!.rows += 1
                    if accounting!.rows % 100_000 == 0 { progress?(file.name, accounting!.rows) }
                    for outcome in v.validate(record) {
                        accounting!.submissions += 1
                        switch outcome {
                        case .success(let s):
                            if ids.insert(s.id).inserted {
                                accepted.append(s)
                                if s.respondent != nil { rawRows[s.id] = record.fields }
                            } else {
                                accounting!.duplicates += 1
                            }
                        case .failure(let q):
                            quarantine.append(q)
                        }
                    }
                }
                guard var a = accounting else {
                    throw IngestFailure(message: "\(file.name): tệp trống, không có dòng tiêu đề.")
                }
                a.accepted = accepted.count
                a.setAside = quarantine.count
                result.warnings += summary.warnings.map(\.description)
                seenIds = ids
                result.accepted += accepted
                result.quarantine += quarantine
                result.files.append(a)
            } catch let e as IngestFailure {
                result.failures.append(FileFailure(file: file.name, message: e.message))
            } catch {
                result.failures.append(FileFailure(file: file.name, message: "\(error)"))
            }
        }
        supersede(&result, rawRows: rawRows)
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

    /// The same respondent rating the same unit more than once: one submission stays.
    private func supersede(_ result: inout IngestResult, rawRows: [String: [String]]) {
        var groups: [String: [Int]] = [:]
        for (i, s) in result.accepted.enumerated() {
            guard let respondent = s.respondent else { continue }
            groups[[s.form, respondent.lowercased(), s.unitCode].joined(separator: "\u{0}"), default: []].append(i)
        }
        var dropped: Set<Int> = []
        for (_, indices) in groups where indices.count > 1 {
            let ordered = indices.sorted { a, b in
                let (x, y) = (result.accepted[a].submittedAt ?? .distantPast, result.accepted[b].submittedAt ?? .distantPast)
                return x != y ? x < y : a < b
            }
            let keep = options.duplicates == .latest ? ordered.last! : ordered.first!
            for i in ordered where i != keep {
                let s = result.accepted[i], kept = result.accepted[keep]
                dropped.insert(i)
                guard let f = result.files.firstIndex(where: { $0.file == s.source.file }) else { continue }
                result.files[f].accepted -= 1
                if sameAnswers(s, kept) {
                    result.files[f].duplicates += 1
                } else {
                    result.files[f].setAside += 1
                    result.quarantine.append(QuarantineEntry(
                        source: s.source, column: nil, submissionId: s.id, unit: s.unitCode, reason: .superseded,
                        message: "người trả lời \"\(s.respondent!)\" đã đánh giá đơn vị này ở \(kept.source); "
                            + "giữ phiếu \(options.duplicates == .latest ? "mới nhất" : "đầu tiên").",
                        rawRow: rawRows[s.id] ?? []))
                }
            }
        }
        result.accepted = result.accepted.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        result.quarantine.sort { ($0.source.file, $0.source.line, $0.submissionId) < ($1.source.file, $1.source.line, $1.submissionId) }
    }
}
