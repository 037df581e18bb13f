import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

/// One run, as `khaosat convert` and the portal do it: read → validate (KhaoSatIngest) →
/// tally and quality records in the same pass → quality checks (KhaoSatQuality) → convert
/// (KhaoSatConvert) → the run's files (KhaoSatExport). The only place that knows the order.
package struct ConversionRun {
    package var ingest: IngestResult
    package var quality: QualityReport
    package var units: [UnitResult]
    /// The run's manifest as content3.json holds it but for the outputs' SHA-256 (for content3.xlsx).
    package var manifest: Manifest
    package var files: [(name: String, bytes: [UInt8])]

    /// `runTime` nil: reproducible, the manifest carries no time. `excluding`: submissions with
    /// these flags or of these interviewers are taken back out and set aside (`QUALITY_EXCLUDED`).
    /// `bootstrap`: that many seeded replicates of every unit's points (`content3-replicates.csv`,
    /// for the ranking's rank intervals).
    package init(set: QuestionnaireSet, inputs: [(path: String, name: String)], options: IngestOptions,
                runTime: Date?, excluding: Exclusion = Exclusion(), bootstrap: (count: Int, seed: UInt64)? = nil,
                progress: ((String, Int) -> Void)? = nil) throws {
        var ingestor = Ingestor(set: set, options: options)
        ingestor.hashesInputs = true  // the manifest's SHA-256, without reading the inputs again
        let keepsRespondents = (bootstrap?.count ?? 0) > 0
        var sink = BothSinks(Tally(set: set), QualityCollector(set: set, keepsRespondents: keepsRespondents))
        ingest = ingestor.ingest(inputs, into: &sink, makeSink: {
            BothSinks(Tally(set: set), QualityCollector(set: set, keepsRespondents: keepsRespondents))
        },
                                 progress: progress)
        quality = QualityChecks(set: set).run(sink.second)
        var tally = sink.first
        let excluded = Self.exclude(quality, excluding, collector: sink.second, from: &tally, ingest: &ingest)
        units = Converter(set: set).results(tally, setAside: ingest.setAsideByUnit)
        manifest = try Manifest(set: set, inputs: inputs, result: ingest, options: options, runTime: runTime)
        manifest.quality = QualitySummary(quality, excluded: excluding, excludedCount: excluded.count)
        var replicates: RunFiles.Replicates?
        if let bootstrap, bootstrap.count > 0 {
            let records = sink.second.reader()
            let entries = (0..<records.count).filter { !excluded.contains($0) }.compactMap { i -> Replicates.Entry? in
                let s = records.submission(at: i)
                guard let (unit, group, v, r) = tally.designValues(of: s) else { return nil }
                return Replicates.Entry(unit: unit, group: group, id: s.id, interviewer: s.interview.interviewer,
                                        respondent: s.respondent, v: v, r: r)
            }
            replicates = RunFiles.Replicates(seed: bootstrap.seed, totals: Replicates.totals(
                set: set, results: units, entries: entries, count: bootstrap.count, seed: bootstrap.seed))
        }
        let quarantine = try QuarantineWriter(ingest, inputs: inputs, options: options).bytes(ingest.quarantine)
        files = try RunFiles.make(set: set, units: units, quarantine: quarantine, quality: quality, manifest: manifest,
                                  replicates: replicates)
    }

    /// Takes the flagged submissions back out of the tally and sets them aside, so the
    /// accounting still adds up; returns the collector's positions of those taken out.
    private static func exclude(_ quality: QualityReport, _ exclusion: Exclusion, collector: QualityCollector,
                                from tally: inout Tally, ingest: inout IngestResult) -> Set<Int> {
        guard !exclusion.isEmpty else { return [] }
        var flagged: [SubmissionKey: [(flag: String, evidence: String)]] = [:]
        for f in quality.findings where exclusion.flags.contains(f.flag) {
            guard let source = f.source else { continue }
            flagged[SubmissionKey(source, f.submissionId), default: []].append((f.flag.rawValue, f.evidence))
        }
        var excluded: Set<Int> = []
        let records = collector.reader()
        for i in 0..<records.count {
            let flags = flagged[records.key(at: i)] ?? []
            let interviewer = records.interviewer(at: i).flatMap { exclusion.interviewers.contains($0) ? $0 : nil }
            guard !flags.isEmpty || interviewer != nil else { continue }
            let s = records.submission(at: i)
            tally.remove(s)
            excluded.insert(i)
            ingest.ledger.withdraw(s.source, id: s.id, unit: s.unitCode, why: .qualityExcluded(flags: flags, interviewer: interviewer))
        }
        ingest.ledger.sort()
        return excluded
    }
}
