import Foundation
import KhaoSatCSV
import KhaoSatExport
import KhaoSatIngest
import KhaoSatPipeline
import KhaoSatQuality
import KhaoSatQuestionnaire

/// Phúc tra in the portal: an officer draws the sample of a run and uploads the back-check
/// answers; both go to the run's `backcheck/` folder, and every step to the audit log.
extension Portal {
    /// The files a back-check of a run can have, in the order the run page lists them.
    package static let backcheckFiles = ["backcheck-sample.csv", "backcheck-questions.csv", "backcheck-interviewers.csv",
                                        "backcheck-files.csv", "backcheck-differences.csv", "backcheck-apply.csv"]

    private func backcheckDirectory(_ run: ConversionRecord) -> String { runsDirectory + "/" + run.folder + "/backcheck" }

    /// The run's inputs read again from their blobs, checked against the manifest's SHA-256
    /// (a purged or erased upload is no longer the run's input); their plain copies last as long as `body`.
    private func withReplay<T>(_ run: ConversionRecord, forSample: Bool = false, _ body: (RunReplay) throws -> T) throws -> T {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let replay: RunReplay
        do {
            replay = try RunReplay(run: runsDirectory + "/" + run.folder, set: set, pseudonyms: pseudonyms, forSample: forSample) { name in
                guard let id = Self.uploadID(inputName: name), let upload = try? self.store.upload(id: id) else { return nil }
                return try? self.blobs.plainCopy(sha256: upload.storedSHA256, in: folder, name: name)
            }
        } catch let e as ReplayError {
            throw PortalError.unreadable(e.description)
        }
        return try body(replay)
    }

    /// Draws the sample (officers only): the list and one back-check form per questionnaire.
    @discardableResult
    package func backcheckSample(run id: Int64, share: Decimal, seed: UInt64, questions: [String], by user: User) throws -> Int {
        guard user.role == .officer else { throw PortalError.notAllowed }
        guard let run = try run(id: id, visibleTo: user) else { throw PortalError.notFound }
        let sample: [BackcheckCandidate], files: [(name: String, bytes: [UInt8])], unreachable: Int
        do {
            try BackcheckError.check(questions, in: set)
            (sample, files, unreachable) = try withReplay(run, forSample: true) {
                try BackcheckRun.sample($0, set: set, share: share, seed: seed, questions: questions)
            }
        } catch let e as BackcheckError {
            throw PortalError.unreadable(e.description)
        }
        // The call list holds the contacts of those who consented: sealed at rest, like the originals.
        let list = "backcheck-sample.csv"
        try RunWriter(directory: backcheckDirectory(run)).write(files.filter { $0.name != list })
        if let bytes = files.first(where: { $0.name == list })?.bytes { try writeSealed(bytes, to: backcheckDirectory(run) + "/" + list) }
        try audit(user.id, "backcheck.sample", "run \(id)",
                  "share \(Decimals.format(share, scale: 2)), seed \(seed), câu hỏi \(questions.joined(separator: " ")): \(sample.count) phiếu"
                    + (unreachable > 0 ? "; \(unreachable) phiếu không liên hệ được (không đồng ý)" : ""))
        return sample.count
    }

    /// Compares an uploaded back-check file with the run (officers only); `apply`: also the points
    /// without the rejected interviewers. The file is kept as a blob, named on the audit log.
    package func backcheckCompare(run id: Int64, _ writer: BlobWriter, fileName: String, apply: Bool,
                                 by user: User) throws -> BackcheckComparison {
        defer { writer.abandon() }
        guard user.role == .officer else { throw PortalError.notAllowed }
        guard let run = try run(id: id, visibleTo: user) else { throw PortalError.notFound }
        _ = try writer.finish()
        let name = Self.displayName(fileName)
        let rows: [BackcheckRow]
        do { rows = try BackcheckRun.rows(path: writer.temporaryPath, name: name) } catch { throw PortalError.unreadable("\(error)") }
        let (comparison, files, _) = try withReplay(run) { try BackcheckRun.compare(rows, $0, set: set, apply: apply) }
        try RunWriter(directory: backcheckDirectory(run)).write(files)
        let blob = try writer.keep()
        let verdicts = Dictionary(grouping: comparison.interviewers, by: \.verdict).mapValues(\.count)
        try audit(user.id, "backcheck.compare", "run \(id)",
                  "\(name) sha256=\(blob.sha256): \(rows.count) dòng; ok \(verdicts[.ok] ?? 0), review \(verdicts[.review] ?? 0), "
                      + "reject \(verdicts[.reject] ?? 0)" + (apply ? "; áp dụng" : ""))
        return comparison
    }

    /// A back-check file of the run, on the audit log; nil when there is none (or for anyone but
    /// officers and auditors). The call list, which holds contacts, is for officers only.
    package func backcheckFile(run id: Int64, name: String, by user: User) throws -> StoredFile? {
        guard Self.backcheckFiles.contains(name)
                || (name.hasPrefix("backcheck-form-") && (name.hasSuffix(".csv") || name.hasSuffix(".xlsx")) && !name.contains("/")),
              let run = try run(id: id, visibleTo: user) else { return nil }
        if name == "backcheck-sample.csv", user.role != .officer { throw PortalError.notAllowed }
        let path = backcheckDirectory(run) + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        try audit(user.id, "download", "run \(id)", "backcheck/" + name)
        return try StoredFile(path: path, vault: blobs.vault)
    }

    /// The back-check files a run has that `user` may download, for its page.
    package func backcheckFiles(of run: ConversionRecord, visibleTo user: User) -> [String] {
        let present = (try? FileManager.default.contentsOfDirectory(atPath: backcheckDirectory(run))) ?? []
        return present.filter { !$0.hasPrefix(".") && (user.role == .officer || $0 != "backcheck-sample.csv") }.sorted()
    }

    /// The verdicts of the run's last comparison, for its page.
    package func backcheckVerdicts(of run: ConversionRecord) -> [(interviewer: String, verdict: String)] {
        let path = backcheckDirectory(run) + "/backcheck-interviewers.csv"
        let rows = (try? CSVReader(path: path).readNamedRows().rows) ?? []
        return rows.map { ($0["interviewer"] ?? "", $0["verdict"] ?? "") }
    }
}
