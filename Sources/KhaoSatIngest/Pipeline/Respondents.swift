import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// A submission id as a 128-bit FNV-1a hash: 16 bytes per id instead of a string. Two
/// different ids collide with probability about n² / 2¹²⁹ (10⁻²⁶ for five million).
struct IDHash: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    init(_ id: String) {
        // FNV-1a 128: offset basis 6c62272e07bb014262b821756295c58d, prime 2⁸⁸ + 0x13b.
        var high: UInt64 = 0x6c62_272e_07bb_0142, low: UInt64 = 0x62b8_2175_6295_c58d
        for byte in id.utf8 {
            low ^= UInt64(byte)
            let (carry, product) = low.multipliedFullWidth(by: 0x13b)
            high = high &* 0x13b &+ carry &+ (low << 24)
            low = product
        }
        // (0, 0) marks an empty slot of `IDTable`.
        self.high = high
        self.low = high == 0 && low == 0 ? 1 : low
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    var isEmpty: Bool { high == 0 && low == 0 }
}

/// The same respondent rating the same unit more than once: one submission stays (the
/// latest by submission time, or the first, by policy); an equal one is a duplicate, a
/// different one is set aside.
struct Respondents {
    /// A submission waiting: where it is packed, and what decides between two of them. 24 bytes:
    /// the offset tells the order of arrival (submissions are packed as they come, and only those
    /// of a file that broke are taken back, before any is offered), and a missing submission time
    /// is the distant past, as it was when compared.
    private struct Held {
        var offset: Int
        var submittedAt: Double
        var digest: UInt64
    }

    let policy: DuplicatePolicy
    /// False: only what a withdrawal names is packed (`validate`: no sink reads the submissions).
    let keepsWhole: Bool
    /// Past 64 KB in a file: read back a segment at a time, in the order they were packed.
    private var packed = PackedSubmissions(residentBytes: 64 << 10)
    private var held: [IDHash: Held] = [:]
    /// Those of the file being read, offered once it has been read to its end.
    private var parked: [(key: IDHash, held: Held)] = []

    init(policy: DuplicatePolicy, keepsWhole: Bool) {
        self.policy = policy
        self.keepsWhole = keepsWhole
    }

    /// The digest the validator took, or one taken now (a submission made by hand).
    static func digest(_ s: Submission) -> UInt64 { s.digestOfAnswers ?? AnswerDigest.of(s.answers) }

    /// Keeps `s` aside until its file has been read to the end (`offerParked`) or broke (`dropParked`).
    mutating func park(_ s: Submission) {
        let key = IDHash([s.form, s.respondent!.lowercased(), s.unitCode].joined(separator: "\u{0}"))
        let kept = keepsWhole ? s
            : Submission(id: s.id, form: s.form, group: s.group, unitCode: s.unitCode, respondent: s.respondent, answers: [:], source: s.source)
        parked.append((key, Held(offset: packed.append(kept), submittedAt: (s.submittedAt ?? .distantPast).timeIntervalSinceReferenceDate,
                                 digest: Self.digest(s))))
    }

    mutating func dropParked() {
        if let first = parked.first { packed.truncate(to: first.held.offset) }
        parked = []
    }

    mutating func offerParked(into result: inout IngestResult) {
        for (key, new) in parked { offer(key, new, into: &result) }
        parked = []
    }

    private mutating func offer(_ key: IDHash, _ new: Held, into result: inout IngestResult) {
        guard let old = held[key] else { held[key] = new; return }
        // Later by (time, arrival) wins under `latest`; earlier under `first`.
        func order(_ h: Held) -> (Double, Int) { (h.submittedAt, h.offset) }
        let newIsLater = order(new) > order(old)
        let (kept, dropped) = (newIsLater == (policy == .latest)) ? (new, old) : (old, new)
        held[key] = kept
        let d = packed.submission(at: dropped.offset)
        if dropped.digest == kept.digest {
            result.ledger.withdrawDuplicate(d.source)
            return
        }
        result.ledger.withdraw(d.source, id: d.id, unit: d.unitCode, why: .superseded(
            respondent: d.respondent!, kept: packed.submission(at: kept.offset).source, keepsLatest: policy == .latest))
    }

    /// The submissions that stayed, in reading order; the table of them is let go first, since
    /// the sink grows as they are handed over.
    mutating func drainKept(_ body: (Submission) -> Void) {
        var offsets = held.values.map(\.offset)
        held = [:]
        offsets.sort()
        for offset in offsets { body(packed.submission(at: offset)) }
        packed = PackedSubmissions()
    }
}

/// What tells a repeat from a changed submission, whatever the column order or the layout:
/// the wrapping sum of one FNV-1a hash per (question, answer), leaving out what the survey
/// tool fills in. The validator adds the terms as it reads the answers.
enum AnswerDigest {
    static let toolFilled: Set<String> = ["start", "end", "today", "deviceid"]

    static func of(_ answers: [String: Answer]) -> UInt64 {
        answers.reduce(0) { sum, a in toolFilled.contains(a.key) ? sum : sum &+ term(a.key, a.value) }
    }

    static func term(_ name: String, _ answer: Answer) -> UInt64 {
        var h = FNV1a()
        h.mix(name, tag: 0)
        answer.mix(into: &h)
        return h.value
    }
}
