import Foundation
import KhaoSatIngest

/// Two uploads that carry some of the same submission ids.
package struct UploadOverlap: Sendable, Equatable {
    package var first: Upload
    package var second: Upload
    package var counts: Overlap
    /// The upload whose versions count for the shared ids with other answers (nil: none, so
    /// neither counts: `ID_CONFLICT`).
    package var preferred: Int64?
}

/// The officer's answer to an overlap: `winner`'s versions count; `loser` is either accepted
/// for the ids it does not share (`keepsRest`) or not accepted at all.
package struct OverlapChoice: Sendable, Equatable {
    package var winner: Int64
    package var loser: Int64
    package var keepsRest: Bool
    package init(winner: Int64, loser: Int64, keepsRest: Bool) { (self.winner, self.loser, self.keepsRest) = (winner, loser, keepsRest) }
}

/// Each upload's submission ids, read once per stored file (stored files never change).
final class VersionsCache: @unchecked Sendable {
    private var cache: [String: SubmissionVersions] = [:]
    private let lock = NSLock()
    func get(_ sha: String) -> SubmissionVersions? { lock.withLock { cache[sha] } }
    func put(_ sha: String, _ v: SubmissionVersions) { lock.withLock { cache[sha] = v } }
}

extension Portal {
    /// The overlaps between the uploads that would be accepted together, each pair once; pairs
    /// already accepted together were seen when the later of them was accepted, and are left out
    /// unless `includingAccepted`.
    package func overlaps(accepting ids: [Int64], includingAccepted: Bool = false) throws -> [UploadOverlap] {
        let all = try store.uploads(owner: nil)
        let accepted = all.filter { $0.status == .accepted }
        let incoming = all.filter { ids.contains($0.id) && $0.status != .accepted }
        let together = (accepted + incoming).sorted { $0.id < $1.id }
        let versions = try Dictionary(uniqueKeysWithValues: together.map { ($0.id, try submissionVersions($0)) })
        var found: [UploadOverlap] = []
        for (i, a) in together.enumerated() {
            for b in together[(i + 1)...] where includingAccepted || a.status != .accepted || b.status != .accepted {
                let counts = Overlap(versions[a.id]!, versions[b.id]!)
                guard counts.shared > 0 else { continue }
                found.append(UploadOverlap(first: a, second: b, counts: counts, preferred: Self.preferred(a, b)))
            }
        }
        return found
    }

    /// Pairs among the accepted uploads whose shared ids have other answers and neither is preferred:
    /// a conversion would count neither version.
    package func unresolvedOverlaps() throws -> [UploadOverlap] {
        try overlaps(accepting: [], includingAccepted: true).filter { $0.counts.conflicting > 0 && $0.preferred == nil }
    }

    /// The accepted uploads' names in the order their versions prevail (`IngestOptions.preferredInputs`).
    func preferredInputs(_ accepted: [Upload]) -> [String] {
        accepted.filter { $0.preference != nil }.sorted { ($0.preference!, $0.id) > ($1.preference!, $1.id) }.map(Self.inputName)
    }

    static func preferred(_ a: Upload, _ b: Upload) -> Int64? {
        switch (a.preference, b.preference) {
        case (nil, nil): return nil
        case (.some, nil): return a.id
        case (nil, .some): return b.id
        case let (.some(x), .some(y)): return x == y ? nil : (x > y ? a.id : b.id)
        }
    }

    func submissionVersions(_ upload: Upload) throws -> SubmissionVersions {
        if let known = versionsCache.get(upload.storedSHA256) { return known }
        var versions = SubmissionVersions()
        try withPlainFiles([upload]) { inputs in
            _ = Ingestor(set: set, options: ingestOptions).ingest(inputs, into: &versions, makeSink: SubmissionVersions.init)
        }
        versionsCache.put(upload.storedSHA256, versions)
        return versions
    }
}

extension Portal {
    /// Per input of a run, how many submissions its shared ids cost it: versions not counted
    /// because another upload's answers differ (`ID_CONFLICT`) or another upload was chosen.
    package func overlapLosses(of run: ConversionRecord) -> [String: (conflicting: Int, otherChosen: Int)] {
        let rows = runTable(run, "quarantine.csv")
        var losses: [String: (conflicting: Int, otherChosen: Int)] = [:]
        for row in rows {
            guard let file = row["file"] else { continue }
            switch row["reason"] {
            case Reason.idConflict.rawValue: losses[file, default: (0, 0)].conflicting += 1
            case Reason.otherFileChosen.rawValue: losses[file, default: (0, 0)].otherChosen += 1
            default: break
            }
        }
        return losses
    }
}
