import Foundation
import KhaoSatConvert
import KhaoSatQuestionnaire

/// An accepted submission that may be re-contacted.
package struct BackcheckCandidate: Sendable {
    package var submission: Submission
    package var interviewer: String
    package var device: String
    /// The interviewer has a quality flag (on any of their submissions, or of their own).
    package var flagged: Bool

    package init(submission: Submission, interviewer: String, device: String, flagged: Bool) {
        self.submission = submission
        self.interviewer = interviewer
        self.device = device
        self.flagged = flagged
    }
}

/// The phúc tra sample: stratified by unit and interviewer, twice the share for flagged
/// interviewers, at least one submission of every interviewer, and reproducible: the same
/// candidates and seed give the same sample, whatever order they came in.
package enum BackcheckSample {
    package static func draw(_ candidates: [BackcheckCandidate], share: Decimal, seed: UInt64) -> [BackcheckCandidate] {
        let ordered = candidates.sorted {
            ($0.submission.source.file, $0.submission.source.line, $0.submission.id)
                < ($1.submission.source.file, $1.submission.source.line, $1.submission.id)
        }
        var strata: [String: [Int]] = [:]
        for (i, c) in ordered.enumerated() { strata[c.submission.unitCode + "\u{0}" + c.interviewer, default: []].append(i) }
        var picked = Set<Int>()
        for key in strata.keys.sorted() {
            var members = strata[key]!
            var rng = SplitMix64(seed: seed ^ FNV1a(key).value)
            let rate = min(1, share * (ordered[members[0]].flagged ? 2 : 1))
            let expected = rate * Decimal(members.count)
            let whole = Int(truncating: Decimals.rounded(expected - 0.5, scale: 0) as NSDecimalNumber)
            let fraction = Double(truncating: (expected - Decimal(whole)) as NSDecimalNumber)
            let n = min(members.count, whole + (rng.unit() < fraction ? 1 : 0))
            rng.shuffle(&members)
            picked.formUnion(members.prefix(n))
        }
        // Every interviewer is back-checked at least once.
        var byInterviewer: [String: [Int]] = [:]
        for (i, c) in ordered.enumerated() { byInterviewer[c.interviewer, default: []].append(i) }
        for (interviewer, members) in byInterviewer.sorted(by: { $0.key < $1.key }) where !members.contains(where: picked.contains) {
            var rng = SplitMix64(seed: seed ^ FNV1a("\u{1}" + interviewer).value)
            picked.insert(members[Int(rng.next() % UInt64(members.count))])
        }
        return picked.sorted().map { ordered[$0] }
    }
}
