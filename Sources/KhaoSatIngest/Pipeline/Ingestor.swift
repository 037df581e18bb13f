import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Reads contractor files into one clean set of submissions. Files are taken in sorted
/// order so that the result does not depend on the order they were given in.
package struct Ingestor: Sendable {
    package let set: QuestionnaireSet
    package var options: IngestOptions
    /// True: each file's SHA-256 is taken as it is read, for the manifest (`IngestResult.digests`).
    package var hashesInputs = false
    /// Batches of records validated at once on other threads (`ValidationLanes`); 0: each on
    /// the reading thread. The results are the same either way.
    package var validationLanes = 4
    /// Records per batch: small ones in tests go round the ring of lanes many times.
    var validationBatch = 512
    /// `progress` hears from each file every so many rows (the portal's progress page: more often).
    package var progressEvery = 100_000
    private let resolver: UnitResolver

    package init(set: QuestionnaireSet, options: IngestOptions = IngestOptions()) {
        self.set = set
        self.options = options
        self.resolver = UnitResolver(registry: set.units)
    }

    /// `files`: (path to read, name to show). `progress` hears (file, rows read so far) at the
    /// start of each file and every 100 000 rows.
    package func ingest(_ files: [(path: String, name: String)],
                       progress: ((String, Int) -> Void)? = nil) -> IngestResult {
        var list = SubmissionList()
        var keeping = self
        keeping.options.keepsAnswers = true
        var result = keeping.ingest(files, into: &list, makeSink: SubmissionList.init, progress: progress)
        result.accepted = list.submissions.sorted {
            ($0.source.file, $0.source.line, $0.id) < ($1.source.file, $1.source.line, $1.id)
        }
        return result
    }

    /// The accounting and the rows set aside, keeping no submission: `validate` and the portal's upload check.
    package func validate(_ files: [(path: String, name: String)], progress: ((String, Int) -> Void)? = nil) -> IngestResult {
        var discard = SubmissionDiscard()
        return ingest(files, into: &discard, makeSink: SubmissionDiscard.init, progress: progress)
    }

    /// Streams: memory grows with the distinct submission ids and respondents, not with the
    /// rows. Submissions without a respondent id go to the sink as their file completes; those
    /// with one wait to the end, since a later submission of the same respondent may replace them.
    ///
    /// An id that comes back with other answers is settled after a first pass: an ODK Central
    /// edit (more `Edits`) replaces the earlier version; otherwise every row with that id is set
    /// aside (`ID_CONFLICT`). Only then are the files read again, so a run without such ids
    /// reads each file once (and the second pass takes no digest: the first did).
    package func ingest<Sink: SubmissionSink>(_ files: [(path: String, name: String)], into sink: inout Sink,
                                             makeSink: () -> Sink,
                                             progress: ((String, Int) -> Void)? = nil) -> IngestResult {
        var first = makeSink()
        let pass = read(files, into: &first, makeSink: makeSink, progress: progress, settled: [:], hashing: hashesInputs)
        guard !pass.settled.isEmpty else {
            sink.merge(first)
            return pass.result
        }
        var again = read(files, into: &sink, makeSink: makeSink, progress: progress, settled: pass.settled, hashing: false).result
        again.digests = pass.result.digests
        return again
    }

    /// What became of an id that came back with other answers.
    enum Settlement {
        /// The version to keep (the most edited); the others are replaced.
        case edited(keep: Source, others: [Source])
        /// Two different submissions under one id: none can be trusted.
        case conflict([Source])
        /// The version of a preferred input counts (`IngestOptions.preferredInputs`).
        case preferred(keep: Source)
    }

    private func read<Sink: SubmissionSink>(_ files: [(path: String, name: String)], into sink: inout Sink,
                                            makeSink: () -> Sink, progress: ((String, Int) -> Void)?,
                                            settled: [IDHash: Settlement], hashing: Bool) -> (result: IngestResult, settled: [IDHash: Settlement]) {
        var result = IngestResult()
        var seenIds = SeenIDs()
        var held = Respondents(policy: options.duplicates, keepsWhole: Sink.readsSubmissions)
        // A row set aside that comes again (overlapping exports handed in together) is listed
        // once, at its first place, with the others named; the repeats count as duplicates.
        var setAsideSeen: [IDHash: Source] = [:]
        var repeatsOf: [Source: [Source]] = [:]
        for file in files.sorted(by: { $0.name < $1.name }) {
            var fileSink = makeSink()
            var fileOrdinal: Int32?
            var lanes: ValidationLanes?
            // Past the first rows set aside, raw rows wait in a temporary file (or, if it cannot
            // be written, are read again from the input by `QuarantineWriter`).
            func keepRawRow(_ entry: inout QuarantineEntry, _ fields: [String]) {
                entry.rawRow = fields
                guard result.ledger.entryCount >= Self.rawRowsInMemory else { return }
                if result.rawRowSpill == nil { result.rawRowSpill = RawRowSpill() }
                try? result.rawRowSpill?.append(fields, for: RawRowKey(entry))
                entry.rawRow = []
            }
            func take(_ read: RowValidator.Read) {
                guard let outcomes = read.outcomes else { return }
                let row = result.ledger.row()
                if row == 1, read.hashtags {
                    result.ledger.notSubmissions(1)
                    return
                }
                if row % progressEvery == 0 { progress?(file.name, row) }
                for outcome in outcomes {
                    switch outcome {
                    case .success(let s):
                        let id = IDHash(s.id)
                        let settlement = settled.isEmpty ? nil : settled[id]  // empty on the first pass: no hashing
                        if let settlement, var entry = Self.setAside(s, settlement) {
                            keepRawRow(&entry, read.fields)
                            result.ledger.setAside(entry)
                            continue
                        }
                        guard seenIds.see(id, s, digest: Respondents.digest(s), file: fileOrdinal!, keepingVersions: settlement == nil) else {
                            result.ledger.duplicate()
                            continue
                        }
                        result.ledger.accept()
                        if s.respondent != nil { held.park(s) } else { fileSink.add(s) }
                    case .failure(var q):
                        let key = IDHash(([q.submissionId, q.reason.rawValue] + q.rawRow).joined(separator: "\u{1F}"))
                        if let first = setAsideSeen[key] {
                            result.ledger.duplicate()
                            repeatsOf[first, default: []].append(q.source)
                            continue
                        }
                        setAsideSeen[key] = q.source
                        keepRawRow(&q, q.rawRow)
                        result.ledger.setAside(q)
                    }
                }
            }
            progress?(file.name, 0)
            do {
                let rows = try ResponseRows(path: file.path, name: file.name, options: options)
                fileOrdinal = seenIds.startFile(name: file.name, sheet: rows.sheet)
                var valueLabels: [Int: [String: String]] = [:]
                var hasher = hashing ? FileDigest.Hasher() : nil
                // A hand-made sheet's title rows stand above the header: the first records that
                // match no questionnaire are kept aside until one does.
                var aboveHeader: [CSVRecord] = []
                var headerNote: String?
                let warnings = try rows.forEachRecord(valueLabels: { valueLabels = $0 },
                                                  bytesRead: hashing ? { hasher!.update($0) } : nil) { record in
                    guard lanes != nil else {
                        guard !record.fields.allSatisfy({ trimmed($0).isEmpty }) else { return }
                        let source = Source(file: file.name, line: record.line, sheet: rows.sheet)
                        guard var (v, layout) = self.validator(header: record.fields, source: source, valueLabels: valueLabels) else {
                            aboveHeader.append(record)
                            if aboveHeader.count > Self.titleRows { throw self.headerMismatch(aboveHeader[0], rows.sheet, file.name) }
                            return
                        }
                        v.keepsAnswers = self.options.keepsAnswers
                        v.keepsFields = !settled.isEmpty
                        if self.options.keepsConsentedContacts { v.consentedContacts = self.consentColumns(v.map) }
                        if let mask = v.personal { result.personalMasks[file.name] = mask }
                        result.ledger.open(FileAccounting(file: file.name, layout: layout, form: v.map.form.id))
                        if let title = aboveHeader.first {
                            result.ledger.notSubmissions(aboveHeader.count, rows: aboveHeader.count)
                            headerNote = "\(source): dòng tiêu đề cột lấy ở dòng này; \(aboveHeader.count) dòng phía trên "
                                + "(\"\(shown(title.fields.first { !trimmed($0).isEmpty } ?? ""))\" …) là tiêu đề của bảng, không phải phiếu."
                        }
                        lanes = ValidationLanes(validator: v, lanes: validationLanes, batchSize: validationBatch, deliver: take)
                        return
                    }
                    lanes!.add(record)
                }
                lanes?.finish()
                guard result.ledger.isOpen else {
                    if let first = aboveHeader.first { throw headerMismatch(first, rows.sheet, file.name) }
                    throw IngestFailure(message: "\(file.name): tệp trống, không có dòng tiêu đề.")
                }
                result.warnings += (headerNote.map { [$0] } ?? []) + warnings
                result.ledger.close()
                if let hasher { result.digests[file.name] = hasher.finish() }
                sink.merge(fileSink)
                held.offerParked(into: &result)
            } catch {
                lanes?.abandon()
                result.ledger.abandon()
                held.dropParked()
                if let fileOrdinal { seenIds.forget(file: fileOrdinal) }
                let message = (error as? IngestFailure)?.message ?? "\(error)"
                result.failures.append(FileFailure(file: file.name, message: message))
            }
        }
        var found: [IDHash: Settlement] = [:]
        for (id, versions) in seenIds.differing() { found[id] = settlement(versions) }
        // Let go of the ids before the respondents' submissions go to the sink: at a million
        // rows they were 49 MB of the run's peak (docs/performance.md).
        (seenIds, setAsideSeen) = (SeenIDs(), [:])
        held.drainKept { sink.add($0) }
        result.ledger.noteRepeats(repeatsOf)
        result.ledger.sort()
        return (result, found)
    }

    /// The most edited version wins when it has more `Edits` than every other; else a conflict.
    private func settlement(_ versions: [SeenIDs.Version]) -> Settlement {
        let sources = versions.map(\.source)
        if let file = options.preferredInputs.first(where: { f in sources.contains { $0.file == f } }) {
            let chosen = versions.filter { $0.source.file == file }
            if Set(chosen.map(\.digest)).count == 1 { return .preferred(keep: chosen[0].source) }
        }
        let most = versions.map(\.edits).max() ?? 0
        let top = versions.filter { $0.edits == most }
        if most > 0, top.count == 1 || Set(top.map(\.digest)).count == 1 {
            return .edited(keep: top[0].source, others: sources.filter { $0 != top[0].source })
        }
        return .conflict(sources)
    }

    /// Why a submission whose id was settled is set aside; nil for the version kept.
    private static func setAside(_ s: Submission, _ settlement: Settlement) -> QuarantineEntry? {
        func entry(_ why: SetAside) -> QuarantineEntry {
            QuarantineEntry(source: s.source, column: nil, submissionId: s.id, unit: s.unitCode, why: why, rawRow: [])
        }
        switch settlement {
        case .edited(let keep, _):
            return s.source == keep ? nil : entry(.edited(id: s.id, kept: keep))
        case .preferred(let keep):
            return s.source == keep ? nil : entry(.otherFileChosen(id: s.id, kept: keep))
        case .conflict(let sources):
            return entry(.idConflict(id: s.id, others: sources.filter { $0 != s.source }))
        }
    }

    struct IngestFailure: Error { var message: String }

    /// Records above the header a sheet may have (a title, a subtitle, a date line …).
    static let titleRows = 10

    private func maps(_ header: [String]) -> (maps: [ColumnMap], layout: Layout) {
        let layout = options.layout ?? Layout.detect(header: header)
        return (set.questionnaires.map { ColumnMap(header: header, form: $0, layout: layout) }, layout)
    }

    /// A form's contact questions' columns and its consent question's, for a phúc tra sample.
    func consentColumns(_ map: ColumnMap) -> (contacts: [Int], consent: Int?, choice: String)? {
        let declared = set.settings.personalData
        let contacts = Set(declared.questions(for: .contact))
        let columns = map.roles.compactMap { column, role in if case .answer(let q) = role, contacts.contains(q) { column } else { nil } }.sorted()
        guard !columns.isEmpty, let consent = declared.consentQuestion, let choice = declared.consentChoice else { return nil }
        return (columns, map.firstColumn { $0 == .answer(consent) }, choice)
    }

    /// The questionnaire the header covers best; nil when none covers half its questions.
    func validator(header: [String], source: Source, valueLabels: [Int: [String: String]]) -> (RowValidator, Layout)? {
        let (maps, layout) = maps(header)
        guard let best = maps.max(by: { $0.coverage < $1.coverage }), best.coverage >= 0.5 else { return nil }
        return (RowValidator(set: set, resolver: resolver, map: best, layout: layout, file: source.file, sheet: source.sheet,
                             acceptOnHold: options.acceptOnHold, valueLabels: valueLabels, pseudonyms: options.pseudonyms), layout)
    }

    /// Why the first record is no header: what it holds, and what the nearest questionnaire needs.
    func headerMismatch(_ record: CSVRecord, _ sheet: String?, _ file: String) -> IngestFailure {
        let source = Source(file: file, line: record.line, sheet: sheet)
        let columns = record.fields.map(trimmed).filter { !$0.isEmpty }
        var message = "\(source): dòng tiêu đề không khớp với phiếu nào của bộ \(set.name) (cần tên câu hỏi XLSForm hoặc "
            + "nhãn câu hỏi làm tiêu đề cột). Dòng này có \(columns.count) cột ("
            + columns.prefix(8).map { "\"\(shown($0))\"" }.joined(separator: ", ") + (columns.count > 8 ? ", …" : "") + ")."
        if let nearest = maps(record.fields).maps.max(by: { $0.coverage < $1.coverage }), nearest.coverage > 0 {
            let form = nearest.form
            let found = nearest.answered
            let missing = form.scoredQuestions.map(\.name).filter { !found.contains($0) }
            message += " Gần nhất là phiếu \(form.id): khớp \(found.count)/\(form.questions.filter { $0.type != .calculate }.count) câu"
            if !missing.isEmpty {
                message += ", thiếu \(missing.count)/\(form.scoredQuestions.count) câu tính điểm ("
                    + missing.prefix(6).joined(separator: ", ") + (missing.count > 6 ? ", …" : "") + ")"
            }
            message += "."
            if missing.count == form.scoredQuestions.count {
                message += " Tệp không có câu tính điểm nào: nếu biểu mẫu đặt các câu hỏi trong nhóm lặp lại (repeat), bản xuất "
                    + "để chúng ở trang hoặc bảng khác; hãy nộp bảng có các câu tính điểm, mỗi dòng một phiếu."
            }
        }
        return IngestFailure(message: message)
    }

    /// KoBoToolbox's default CSV puts a row of HXL hashtags under the header (`#fluids`, `#adm1+code` …).
    static func isHashtagRow(_ fields: [String]) -> Bool {
        var tags = 0
        for field in fields {
            let f = trimmed(field)
            if f.isEmpty { continue }
            guard f.hasPrefix("#"), f.count > 1, !f.contains(" ") else { return false }
            tags += 1
        }
        return tags > 0
    }

    static let rawRowsInMemory = 10_000
}
