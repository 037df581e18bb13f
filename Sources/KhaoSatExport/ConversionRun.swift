import Foundation
import KhaoSatConvert
import KhaoSatIngest
import KhaoSatQuestionnaire

/// read → validate → convert → the run's files, as `khaosat convert` (and the portal) do it.
public struct ConversionRun {
    public var ingest: IngestResult
    public var units: [UnitResult]
    public var files: [(name: String, bytes: [UInt8])]

    /// `runTime` nil: reproducible, the manifest carries no time.
    public init(set: QuestionnaireSet, inputs: [(path: String, name: String)], options: IngestOptions,
                runTime: Date?, progress: ((String, Int) -> Void)? = nil) throws {
        var tally = Tally(set: set)
        ingest = Ingestor(set: set, options: options).ingest(inputs, into: &tally, makeSink: { Tally(set: set) },
                                                             progress: progress)
        units = Converter(set: set).results(tally, quarantine: ingest.quarantine)
        let manifest = try Manifest(set: set, inputs: inputs, result: ingest, options: options, runTime: runTime)
        files = try RunFiles.make(set: set, units: units, quarantine: ingest.quarantine, manifest: manifest)
    }
}
