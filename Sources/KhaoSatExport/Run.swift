import Foundation
import KhaoSatCSV
import KhaoSatConvert
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

/// `content3.json`: the results with their manifest.
package struct Content3Document: Sendable, Codable, Equatable {
    package var format = "khaosat-content3"
    package var manifest: Manifest
    package var units: [UnitResult]

    package init(manifest: Manifest, units: [UnitResult]) {
        self.manifest = manifest
        self.units = units
    }

    package static func read(directory: String) throws -> Content3Document {
        guard let data = FileManager.default.contents(atPath: directory + "/content3.json") else {
            throw ExportError.notARun(directory)
        }
        return try JSONDecoder().decode(Content3Document.self, from: data)
    }
}

/// The files of one run, in memory, in the order `RunWriter` renames them.
package enum RunFiles {
    package static let names = ["content3.csv", "content3-criteria.csv", "quarantine.csv", "quality.csv", "quality-fieldwork.csv",
                               "content3.json"]

    /// Bootstrap replicates of every unit's points: [replicate][unit], and their seed.
    package struct Replicates {
        package var seed: UInt64
        package var totals: [[Decimal]]

        package init(seed: UInt64, totals: [[Decimal]]) {
            self.seed = seed
            self.totals = totals
        }
    }

    package static let replicatesName = "content3-replicates.csv"

    /// `quarantine`: `quarantine.csv` as `QuarantineWriter` wrote it.
    package static func make(set: QuestionnaireSet, units: [UnitResult], quarantine: [UInt8],
                            quality: QualityReport, manifest: Manifest, replicates: Replicates? = nil) throws -> [(name: String, bytes: [UInt8])] {
        let csv = CSVEncoder()
        var files: [(name: String, bytes: [UInt8])] = [
            ("content3.csv", csv.encode(Tables.content3.rows(units))),
            ("content3-criteria.csv", csv.encode(Tables.criteria(groups: set.groups.map(\.code)).rows(Tables.criteriaLines(units)))),
            ("quarantine.csv", quarantine),
        ] + qualityFiles(quality)
        var manifest = manifest
        if let replicates {
            files.append((replicatesName, csv.encode(Tables.replicates(units).rows(Array(replicates.totals.enumerated())))))
            manifest.parameters.bootstrap = .init(replicates: replicates.totals.count, seed: replicates.seed)
        }
        manifest.outputs = files.map { Manifest.FileHash.of(bytes: $0.bytes, name: $0.name) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var json = [UInt8](try encoder.encode(Content3Document(manifest: manifest, units: units)))
        json.append(0x0A)
        files.append(("content3.json", json))
        return files
    }

    /// `quality.csv` and `quality-fieldwork.csv`: in every run, and all `khaosat quality` writes.
    package static func qualityFiles(_ quality: QualityReport) -> [(name: String, bytes: [UInt8])] {
        let csv = CSVEncoder()
        return [("quality.csv", csv.encode(QualityTables.flags.rows(quality.findings))),
                ("quality-fieldwork.csv", csv.encode(QualityTables.fieldwork.rows(quality.stats)))]
    }
}
