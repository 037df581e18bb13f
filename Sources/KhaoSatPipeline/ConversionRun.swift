import Foundation
import KhaoSatConvert
import KhaoSatExport
import KhaoSatIngest
import KhaoSatQuestionnaire

/// One run, as `khaosat convert` and the portal do it: read → validate (KhaoSatIngest) →
/// tally → convert (KhaoSatConvert) → the run's files (KhaoSatExport). The only place that
/// knows the order of the steps.
public struct ConversionRun {
    public var ingest: IngestResult
    public var units: [UnitResult]
    public var files: [(name: String, bytes: [UInt8])]

    /// `runTime` nil: reproducible, the manifest carries no time.
    public init(set: QuestionnaireSet, inputs: [(path: String, name: String)], options: IngestOptions,
                runTime: Date?, progress: ((String, Int) -> Void)? = nil) throws {
        var tally = Tally(set: set)
        var ingestor = Ingestor(set: set, options: options)
        ingestor.hashesInputs = true  // the manifest's SHA-256, without reading the inputs again
        ingest = ingestor.ingest(inputs, into: &tally, makeSink: { Tally(set: set) }, progress: progress)
        units = Converter(set: set).results(tally, setAside: ingest.setAsideByUnit)
        let manifest = try Manifest(set: set, inputs: inputs, result: ingest, options: options, runTime: runTime)
        files = try RunFiles.make(set: set, units: units, quarantine: ingest.quarantine, manifest: manifest)
    }
}
