import Foundation
import KhaoSatCSV
import KhaoSatConvert

/// Submissions kept as bytes in one buffer, for those that wait until the end of the run (a
/// respondent's latest), without a `Submission`'s heap strings and arrays. Names that repeat (form, group, unit, file, sheet, device,
/// interviewer) are stored once and referred to by number; numbers are LEB128 varints.
///
/// Past `residentBytes`, what is packed goes to a `SpillFile` as a segment and is let go: the
/// generator's 200 000 delegates' submissions were 55 MB at the peak of a million-row run.
struct PackedSubmissions {
    /// What was packed from `flushedEnd` on.
    private var bytes: [UInt8] = []
    private var names = Interner()
    private let residentBytes: Int?
    private var file: SpillFile?
    private var fileFailed = false
    /// What lies before `flushedEnd` is in `file`: per segment, where it starts among the packed
    /// bytes and where in the file; each ends where the next starts.
    private var segments: [(start: Int, at: Int)] = []
    private var flushedEnd = 0
    /// The segment last read back: submissions are read back in the order they were packed.
    private var cached: (segment: Int, bytes: [UInt8])?

    /// `residentBytes` nil: everything stays in memory.
    init(residentBytes: Int? = nil) { self.residentBytes = residentBytes }

    /// Where the next submission will start.
    var end: Int { flushedEnd + bytes.count }

    /// Forgets what was packed from `offset` on (a file that broke halfway).
    mutating func truncate(to offset: Int) {
        if offset < flushedEnd {
            // Into what was written out: that segment's head comes back into memory, the rest is forgotten.
            let k = segment(containing: offset)
            let start = segments[k].start
            bytes = Array(segmentBytes(k)[..<(offset - start)])
            segments.removeSubrange(k...)
            flushedEnd = start
            cached = nil
        } else {
            bytes.removeSubrange((offset - flushedEnd)...)
        }
    }

    /// Packs `s`; returns where it starts.
    mutating func append(_ s: Submission) -> Int {
        defer { if let residentBytes, bytes.count >= residentBytes { flush() } }
        let start = end
        text(s.id)
        for n in [s.form, s.group, s.unitCode, s.source.file] { name(n) }
        name(s.source.sheet)
        text(s.respondent)
        text(s.contact)
        int(s.submittedAt.map { Int64(bitPattern: $0.timeIntervalSinceReferenceDate.bitPattern) })
        put(Int64(s.source.line))
        put(Int64(s.edits))
        int(s.digestOfAnswers.map { Int64(bitPattern: $0) })
        put(Int64(s.codes.count))
        for c in s.codes { put(Int64(c)) }
        put(Int64(s.fingerprint.count))
        for h in s.fingerprint { put(Int64(h)) }
        int(s.interview.started)
        int(s.interview.ended)
        name(s.interview.device)
        name(s.interview.interviewer)
        put(Int64(s.answers.count))
        // Only when a sink reads answers (the others get compacted submissions).
        for (question, answer) in s.answers {
            text(question)
            switch answer {
            case .choice(let c): bytes.append(0); text(c)
            case .choices(let cs): bytes.append(1); put(Int64(cs.count)); for c in cs { text(c) }
            case .number(let n): bytes.append(2); text(n.description)
            case .text(let t): bytes.append(3); text(t)
            }
        }
        return start
    }

    /// The submission packed at `offset`, as it was given.
    mutating func submission(at offset: Int) -> Submission {
        if offset >= flushedEnd {
            var r = Reader(bytes: bytes, at: offset - flushedEnd, names: names.all)
            return Self.read(&r)
        }
        let k = segment(containing: offset)
        if cached?.segment != k { cached = (k, segmentBytes(k)) }
        var r = Reader(bytes: cached!.bytes, at: offset - segments[k].start, names: names.all)
        return Self.read(&r)
    }

    /// What the buffer promises, or nil: the submissions that start at `starts` (in order) fill it
    /// end to end, each read back where the next begins, and their names are numbered once.
    /// For tests.
    func brokenInvariant(starts: [Int]) -> String? {
        let all = segments.indices.flatMap(segmentBytes) + bytes
        var r = Reader(bytes: all, at: 0, names: names.all)
        for start in starts {
            if start != r.at { return "a submission at \(start), the one before ends at \(r.at)" }
            _ = Self.read(&r)
        }
        if r.at != all.count { return "\(all.count - r.at) bytes past the last submission" }
        return names.brokenInvariant()
    }

    /// Whether any segment is in the file. For tests.
    var hasSpilled: Bool { !segments.isEmpty }

    // MARK: The file

    private mutating func flush() {
        guard !fileFailed, let file = file ?? SpillFile() else { fileFailed = true; return }
        self.file = file
        guard let at = bytes.withUnsafeBytes({ file.append($0) }) else { return }  // kept in memory
        segments.append((flushedEnd, at))
        flushedEnd += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    private func segment(containing offset: Int) -> Int {
        var (low, high) = (0, segments.count - 1)
        while low < high {
            let mid = (low + high + 1) / 2
            if segments[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    private func segmentBytes(_ k: Int) -> [UInt8] {
        let count = (k + 1 < segments.count ? segments[k + 1].start : flushedEnd) - segments[k].start
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, n in
            file!.read(into: UnsafeMutableRawBufferPointer(buffer), at: segments[k].at)
            n = count
        }
    }

    private static func read(_ r: inout Reader) -> Submission {
        let id = r.text()!
        let (form, group, unit, file) = (r.name()!, r.name()!, r.name()!, r.name()!)
        let sheet = r.name()
        let respondent = r.text()
        let contact = r.text()
        let submittedAt = r.optionalInt().map { Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64(bitPattern: $0))) }
        let line = Int(r.int())
        let edits = Int(r.int())
        let digest = r.optionalInt().map { UInt64(bitPattern: $0) }
        let codes = (0..<r.int()).map { _ in Int32(truncatingIfNeeded: r.int()) }
        let fingerprint = (0..<r.int()).map { _ in UInt32(truncatingIfNeeded: r.int()) }
        let interview = Interview(started: r.optionalInt(), ended: r.optionalInt(), device: r.name(), interviewer: r.name())
        var answers: [String: Answer] = [:]
        for _ in 0..<r.int() {
            let question = r.text()!
            switch r.byte() {
            case 0: answers[question] = .choice(r.text()!)
            case 1: answers[question] = .choices((0..<r.int()).map { _ in r.text()! })
            case 2: answers[question] = .number(Decimal(string: r.text()!) ?? .nan)  // its own description: always parses
            default: answers[question] = .text(r.text()!)
            }
        }
        var s = Submission(id: id, form: form, group: group, unitCode: unit, respondent: respondent, submittedAt: submittedAt,
                           answers: answers, source: Source(file: file, line: line, sheet: sheet), codes: codes, edits: edits)
        s.interview = interview
        s.fingerprint = fingerprint
        s.digestOfAnswers = digest
        s.contact = contact
        return s
    }

    // MARK: Writing

    /// Zigzag LEB128: small numbers of either sign in one or two bytes.
    private mutating func put(_ n: Int64) {
        var v = UInt64(bitPattern: (n << 1) ^ (n >> 63))
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A text; nil as length −1.
    private mutating func text(_ t: String?) {
        guard let t else { return put(-1) }
        put(Int64(t.utf8.count))
        bytes += t.utf8
    }

    /// A repeated name by its number; nil as −1.
    private mutating func name(_ n: String?) {
        put(n.map { Int64(names.id($0)) } ?? -1)
    }

    private mutating func int(_ n: Int64?) {
        bytes.append(n == nil ? 0 : 1)
        if let n { put(n) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at: Int
        let names: [String]

        mutating func byte() -> UInt8 {
            defer { at += 1 }
            return bytes[at]
        }

        mutating func int() -> Int64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = byte()
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
        }

        mutating func text() -> String? {
            let n = Int(int())
            guard n >= 0 else { return nil }
            defer { at += n }
            return String(decoding: bytes[at..<at + n], as: UTF8.self)
        }

        mutating func name() -> String? {
            let n = int()
            return n < 0 ? nil : names[Int(n)]
        }

        mutating func optionalInt() -> Int64? {
            byte() == 0 ? nil : int()
        }
    }
}
