import Foundation
import KhaoSatConvert

/// Submissions kept as bytes in one buffer, for those that wait until the end of the run (a
/// respondent's latest), without a `Submission`'s heap strings and arrays. Names that repeat (form, group, unit, file, sheet, device,
/// interviewer) are stored once and referred to by number; numbers are LEB128 varints.
struct PackedSubmissions {
    private var bytes: [UInt8] = []
    private var names = Interner()

    /// Where the next submission will start.
    var end: Int { bytes.count }

    /// Forgets what was packed from `offset` on (a file that broke halfway).
    mutating func truncate(to offset: Int) {
        bytes.removeSubrange(offset...)
    }

    /// Packs `s`; returns where it starts.
    mutating func append(_ s: Submission) -> Int {
        let start = bytes.count
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
    func submission(at offset: Int) -> Submission {
        var r = Reader(bytes: bytes, at: offset, names: names.all)
        return Self.read(&r)
    }

    /// What the buffer promises, or nil: the submissions that start at `starts` (in order) fill it
    /// end to end, each read back where the next begins, and their names are numbered once.
    /// For tests.
    func brokenInvariant(starts: [Int]) -> String? {
        var r = Reader(bytes: bytes, at: 0, names: names.all)
        for start in starts {
            if start != r.at { return "a submission at \(start), the one before ends at \(r.at)" }
            _ = Self.read(&r)
        }
        if r.at != bytes.count { return "\(bytes.count - r.at) bytes past the last submission" }
        return names.brokenInvariant()
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
