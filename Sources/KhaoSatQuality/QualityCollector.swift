import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatQuestionnaire

/// Builds `QualityRecord`s as submissions are accepted, in the same pass as the conversion.
package struct QualityCollector: SubmissionSink {

    /// Per form, what is read of a submission.
    struct FormPlan {
        var id: String
        /// Compared for near-duplicates and not scored: their answers are hashed.
        var unscoredCompared: [String]
        /// Positions among the scored questions of those compared (all of them) and of the scale questions.
        var scoredCount: Int
        /// Per scored position: whether it is a scale question (one choice of three or more scored ones).
        var isScale: [Bool]
        var codes: ChoiceCodes
    }

    let plans: [FormPlan]
    private let formOrdinals: [String: Int]
    /// In chunks, as are the buffers below: at a million submissions a plain array's growth held
    /// the old and new copies at once (docs/performance.md).
    package private(set) var records: ChunkedArray<QualityRecord>
    private let keepsRespondents: Bool
    /// Submission ids, by record `index`: their UTF-8 bytes one after the other, and where each ends
    /// (not a `String` each, which would cost more than the id).
    private var idBytes: ChunkedArray<UInt8>
    private var idEnds: ChunkedArray<Int>
    private var hashes: ChunkedArray<UInt32>
    private var codes: CodeBuffer
    /// Interned names: files (with their sheet), units, groups, people and devices, choices.
    var files: [Source] = []
    var names = Interner()

    /// What each of the buffers above keeps in memory before it spills to a temporary file: the
    /// records of the first 16 384 submissions (the shipped set's runs write nothing), not the
    /// 72 MB of a million.
    package static let residentBytes = 1 << 20

    /// `keepsRespondents`: intern each submission's respondent id, which only the bootstrap reads
    /// (interning every citizen's id is costly: docs/performance.md). `residentBytes`: see
    /// `ChunkedArray`; nil keeps everything in memory.
    package init(set: QuestionnaireSet, keepsRespondents: Bool = false, residentBytes: Int? = Self.residentBytes) {
        self.keepsRespondents = keepsRespondents
        records = ChunkedArray(residentBytes: residentBytes)
        (idBytes, idEnds, hashes) = (ChunkedArray(residentBytes: residentBytes), ChunkedArray(residentBytes: residentBytes),
                                     ChunkedArray(residentBytes: residentBytes))
        codes = CodeBuffer(residentBytes: residentBytes)
        plans = set.questionnaires.map { form in
            let unscored = Fingerprint.questions(of: form, in: set)
            let scoredQuestions = form.scoredQuestions
            let isScale = scoredQuestions.map { q in
                guard case .selectOne = q.type, let list = q.type.choices.flatMap({ form.choiceLists[$0.list] }) else { return false }
                return list.choices.filter { $0.score != nil }.count >= 3
            }
            return FormPlan(id: form.id, unscoredCompared: unscored, scoredCount: scoredQuestions.count, isScale: isScale,
                            codes: ChoiceCodes(form: form))
        }
        formOrdinals = Dictionary(set.questionnaires.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    package mutating func add(_ s: Submission) {
        guard let f = formOrdinals[s.form] else { return }
        let plan = plans[f]
        if files.last?.file != s.source.file || files.last?.sheet != s.source.sheet {
            files.append(Source(file: s.source.file, line: 0, sheet: s.source.sheet))
        }
        let interviewer = s.interview.interviewer.map { names.id($0) } ?? -1
        var record = QualityRecord(
            index: Int32(idEnds.count), file: Int32(files.count - 1), line: Int32(clamping: s.source.line), form: Int32(f),
            unit: names.id(s.unitCode), group: names.id(s.group), interviewer: interviewer,
            device: s.interview.device.map { names.id($0) } ?? -1, started: s.interview.started, ended: s.interview.ended,
            hashes: Int32(hashes.count), codes: Int32(codes.count))
        if keepsRespondents { record.respondent = s.respondent.map { names.id($0) } ?? -1 }
        precondition(s.codes.count == plan.scoredCount && s.fingerprint.count == plan.unscoredCompared.count,
                     "a submission not coded by the validator (or by Submission.coded)")
        let scored = s.codes
        var same: String?, allSame = true
        for (i, code) in scored.enumerated() where code > 0 {
            if plan.isScale[i], let choice = plan.codes.choice(code, at: i) {
                record.scaleAnswered += 1
                if let same, same != choice { allSame = false }
                if same == nil { same = choice }
            }
            if plan.codes.isUnscored(code, at: i) { record.unscored += 1 }
        }
        if allSame, let same { record.scaleSame = names.id(same) }
        codes.append(contentsOf: scored)
        hashes.append(contentsOf: s.fingerprint)
        idBytes.append(contentsOf: s.id.utf8)
        idEnds.append(idBytes.count)
        records.append(record)
    }

    package mutating func merge(_ other: QualityCollector) {
        // The first file into an empty run: nothing to renumber (and most of the rows to copy).
        if records.isEmpty, files.isEmpty {
            self = other
            return
        }
        let fileBase = Int32(files.count)
        files += other.files
        let nameMap = other.names.all.map { names.id($0) }
        func mapped(_ id: Int32) -> Int32 { id < 0 ? id : nameMap[Int(id)] }
        let (hashBase, codeBase, idBase) = (Int32(hashes.count), Int32(codes.count), Int32(idEnds.count))
        hashes.append(contentsOf: other.hashes)
        codes.append(contentsOf: other.codes)
        let byteBase = idBytes.count
        idEnds.append(contentsOf: other.idEnds.lazy.map { $0 + byteBase })
        idBytes.append(contentsOf: other.idBytes)
        for var r in other.records {
            r.index += idBase
            r.file += fileBase
            r.unit = mapped(r.unit); r.group = mapped(r.group); r.interviewer = mapped(r.interviewer); r.respondent = mapped(r.respondent)
            r.device = mapped(r.device); r.scaleSame = mapped(r.scaleSame)
            r.hashes += hashBase; r.codes += codeBase
            records.append(r)
        }
    }

    // MARK: What the checks read

    /// Reads the records and their buffers back, keeping the chunks last read of those spilled.
    /// One per thread.
    package func reader() -> Reader { Reader(self) }

    package final class Reader {
        let collector: QualityCollector
        let records: ChunkedArray<QualityRecord>.Reader
        private let idBytes: ChunkedArray<UInt8>.Reader
        private let idEnds: ChunkedArray<Int>.Reader
        private let hashes: ChunkedArray<UInt32>.Reader
        private let codes: CodeBuffer.Reader

        init(_ c: QualityCollector) {
            collector = c
            (records, idBytes, idEnds, hashes, codes) = (c.records.reader(), c.idBytes.reader(), c.idEnds.reader(), c.hashes.reader(),
                                                         c.codes.reader())
        }

        package var count: Int { collector.records.count }
        var plans: [FormPlan] { collector.plans }
        var files: [Source] { collector.files }
        var names: Interner { collector.names }

        func source(_ r: QualityRecord) -> Source {
            var s = collector.files[Int(r.file)]
            s.line = Int(r.line)
            return s
        }

        func name(_ id: Int32) -> String? { id < 0 ? nil : collector.names.all[Int(id)] }

        func id(_ r: QualityRecord) -> String {
            let i = Int(r.index)
            let (start, end) = (i == 0 ? 0 : idEnds[i - 1], idEnds[i])
            return String(unsafeUninitializedCapacity: end - start, initializingUTF8With: { buffer in
                for k in start..<end { buffer[k - start] = idBytes[k] }
                return end - start
            })
        }

        /// How many answers of the record's form are compared.
        func width(form: Int) -> Int { plans[form].scoredCount + plans[form].unscoredCompared.count }

        /// The compared answer at `position` as a number, 0 when blank: a scored answer's code, then
        /// the hashes of the others.
        @inline(__always)
        func answer(_ r: QualityRecord, _ position: Int) -> UInt32 {
            let scored = plans[Int(r.form)].scoredCount
            if position < scored { return UInt32(bitPattern: codes[Int(r.codes) + position]) }
            return hashes[Int(r.hashes) + position - scored]
        }

        /// The scored answer's code at `position`.
        func code(_ r: QualityRecord, _ position: Int) -> Int32 { codes[Int(r.codes) + position] }

        /// The `i`-th submission as the tally saw it (codes, no answers): enough to take it back out.
        package func submission(at i: Int) -> Submission { submission(records[i]) }

        /// Where the `i`-th submission was read, and its id.
        package func key(at i: Int) -> SubmissionKey { SubmissionKey(source(records[i]), id(records[i])) }

        package func interviewer(at i: Int) -> String? { name(records[i].interviewer) }

        func submission(_ r: QualityRecord) -> Submission {
            let plan = plans[Int(r.form)]
            var s = Submission(id: id(r), form: plan.id, group: name(r.group)!, unitCode: name(r.unit)!, answers: [:], source: source(r),
                               codes: (0..<plan.scoredCount).map { code(r, $0) })
            s.interview.interviewer = name(r.interviewer)  // the tally's clusters
            s.respondent = name(r.respondent)
            return s
        }
    }
}
