import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

/// A finished run's inputs read again, as the run read them (its options, from the manifest),
/// after checking that each still has the SHA-256 the manifest recorded: what the back-check
/// commands work from.
package struct RunReplay: Sendable {
    package var document: Content3Document
    package var inputs: [(path: String, name: String)]
    package var options: IngestOptions
    /// Every accepted submission, with its interviewer and whether that interviewer has a flag.
    package var candidates: [BackcheckCandidate]
    package var quality: QualityReport
    /// What the run left out (`--exclude-flags`, an earlier back-check): those are no candidates,
    /// and a conversion again leaves them out too.
    package var exclusion: Exclusion

    /// `resolve`: where the input the manifest names is (the portal keeps its inputs as blobs);
    /// by default the name is the path, relative to the current folder.
    /// `pseudonyms`: the key the run was made with (its fingerprint is in the manifest).
    /// `forSample`: keep the contacts of respondents who consented to a phúc tra call (`Submission.contact`).
    package init(run directory: String, set: QuestionnaireSet, pseudonyms: PseudonymKey?, forSample: Bool = false,
                resolve: (String) -> String? = { $0 }) throws {
        document = try Content3Document.read(directory: directory)
        let manifest = document.manifest
        guard manifest.questionnaireSet == set.name else {
            throw ReplayError("\(directory): lượt quy đổi dùng bộ phiếu \(manifest.questionnaireSet), không phải \(set.name).")
        }
        guard manifest.pseudonymKey == pseudonyms?.fingerprint else {
            throw ReplayError("\(directory): lượt quy đổi dùng khoá bí danh \(manifest.pseudonymKey ?? "(không có)"), khác khoá đang dùng "
                + "(\(pseudonyms?.fingerprint ?? "không có")): dùng đúng tệp khoá của lượt này.")
        }
        inputs = []
        for input in manifest.inputs where input.accounting != nil {
            let name = input.file.path
            guard let path = resolve(name), FileManager.default.fileExists(atPath: path) else {
                throw ReplayError("\(name): không có tệp này (lượt quy đổi đã đọc nó; hãy chạy lệnh từ cùng thư mục).")
            }
            inputs.append((path, name))
        }
        let p = manifest.parameters
        options = IngestOptions(layout: Layout(name: p.layout), duplicates: p.duplicates, sheet: p.sheet,
                                acceptOnHold: p.acceptOnHold ?? false, pseudonyms: pseudonyms)
        options.preferredInputs = p.preferredInputs ?? []
        options.keepsConsentedContacts = forSample
        options.keepsAnswers = true  // the phúc tra compares with the original answers
        var sink = BothSinks(SubmissionList(), QualityCollector(set: set))
        // Each input is read once: its SHA-256 is taken as it is read, and checked before anything is used.
        var ingestor = Ingestor(set: set, options: options)
        ingestor.hashesInputs = true
        let result = ingestor.ingest(inputs, into: &sink, makeSink: { BothSinks(SubmissionList(), QualityCollector(set: set)) })
        for (input, (path, name)) in zip(manifest.inputs.filter { $0.accounting != nil }, inputs) {
            guard try (result.digests[name] ?? FileDigest.of(path: path))?.sha256 == input.file.sha256 else {
                throw ReplayError("\(name): tệp đã thay đổi từ lượt quy đổi (SHA-256 khác manifest); hãy quy đổi lại trước.")
            }
        }
        if let failure = result.failures.first { throw ReplayError("\(failure.file): \(failure.message)") }
        quality = QualityChecks(set: set).run(sink.second)
        let summary = manifest.quality
        let exclusion = Exclusion(flags: Set((summary?.excludedFlags ?? []).compactMap(QualityFlag.init(rawValue:))),
                                  interviewers: Set(summary?.excludedInterviewers ?? []))
        self.exclusion = exclusion
        let left = quality.flagged(by: exclusion.flags)
        let flagged = Set(quality.findings.map(\.interviewer).filter { !$0.isEmpty })
        candidates = sink.first.submissions.compactMap { s in
            let who = s.interview.interviewer ?? ""
            guard !left.contains(SubmissionKey(s.source, s.id)), !exclusion.interviewers.contains(who) else { return nil }
            return BackcheckCandidate(submission: s, interviewer: who, device: s.interview.device ?? "", flagged: flagged.contains(who))
        }
    }
}

package struct ReplayError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
