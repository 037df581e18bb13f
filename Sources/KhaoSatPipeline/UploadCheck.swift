import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

/// A contractor's files checked before they count, as `khaosat validate`, `khaosat quality` and
/// the portal's upload do it: read and validated as a conversion reads them, the quality checks
/// on the same read when asked, and the rows set aside as `quarantine.csv`.
package struct UploadCheck {
    package let ingest: IngestResult
    /// Nil when the quality checks were not asked for.
    package let quality: QualityReport?
    private let inputs: [(path: String, name: String)]
    private let options: IngestOptions

    /// `progressEvery`: rows between two progress calls (the Ingestor's default when nil).
    package init(set: QuestionnaireSet, inputs: [(path: String, name: String)], options: IngestOptions,
                 checksQuality: Bool, progressEvery: Int? = nil, progress: ((String, Int) -> Void)? = nil) {
        var ingestor = Ingestor(set: set, options: options)
        if let progressEvery { ingestor.progressEvery = progressEvery }
        if checksQuality {
            var collector = QualityCollector(set: set)
            ingest = ingestor.ingest(inputs, into: &collector, makeSink: { QualityCollector(set: set) }, progress: progress)
            quality = QualityChecks(set: set).run(collector)
        } else {
            ingest = ingestor.validate(inputs, progress: progress)
            quality = nil
        }
        self.inputs = inputs
        self.options = options
    }

    /// `quarantine.csv`: every row set aside, with its raw row.
    package func writeQuarantine(toFile path: String) throws {
        try rawRows.write(ingest.quarantine, toFile: path)
    }

    /// The report as JSON (`ValidationReport.Document`), with the quality checks' counts when they ran.
    package func jsonReport(examplesPerReason: Int? = nil) throws -> String {
        try ValidationReport.json(ingest, rawRows: rawRows, examplesPerReason: examplesPerReason, quality: quality.map {
            (Dictionary($0.counts.map { ($0.key.rawValue, $0.value) }, uniquingKeysWith: +), $0.notChecked)
        })
    }

    private var rawRows: QuarantineWriter { QuarantineWriter(ingest, inputs: inputs, options: options) }
}
