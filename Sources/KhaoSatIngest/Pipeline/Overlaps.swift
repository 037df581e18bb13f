import KhaoSatConvert

/// Each accepted submission's id with what tells its versions apart (the answers' digest and
/// ODK's edit count): what two uploads are compared by before they are read together.
package struct SubmissionVersions: SubmissionSink {
    struct Version: Equatable { var digest: UInt64; var edits: Int }
    private(set) var byID: [String: Version] = [:]

    package init() {}
    package var count: Int { byID.count }
    package mutating func add(_ s: Submission) { byID[s.id] = Version(digest: Respondents.digest(s), edits: s.edits) }
    package mutating func merge(_ other: SubmissionVersions) { byID.merge(other.byID) { first, _ in first } }
}

/// The ids two uploads share, sorted as a run read together would treat them.
package struct Overlap: Sendable, Equatable {
    package var shared = 0
    /// The same answers: counted once, nothing is lost.
    package var identical = 0
    /// ODK edits of one submission: the most edited version counts.
    package var edited = 0
    /// Other answers under the same id: unless an input is preferred, neither version counts (`ID_CONFLICT`).
    package var conflicting = 0

    package init(shared: Int = 0, identical: Int = 0, edited: Int = 0, conflicting: Int = 0) {
        (self.shared, self.identical, self.edited, self.conflicting) = (shared, identical, edited, conflicting)
    }

    package init(_ a: SubmissionVersions, _ b: SubmissionVersions) {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        for (id, x) in small.byID {
            guard let y = large.byID[id] else { continue }
            shared += 1
            if x == y {
                identical += 1
            } else if max(x.edits, y.edits) > 0, x.edits != y.edits || x.digest == y.digest {
                edited += 1  // the rule of `Ingestor.settlement`
            } else {
                conflicting += 1
            }
        }
    }
}
