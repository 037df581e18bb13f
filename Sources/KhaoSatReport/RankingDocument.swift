import Foundation
import KhaoSatExport
import KhaoSatRank
import KhaoSatQuestionnaire

/// `ranking.json`: the ranking with the rules and the inputs' SHA-256.
package struct RankingDocument: Codable, Sendable {
    package var format = "khaosat-ranking"
    package var khaosatVersion = Version.khaosat
    /// Absent in files written before export version 2.
    package var exportVersion: Int? = Version.export
    package var rules: RankingSettings
    package var inputs: [Manifest.FileHash]
    package var units: [RankedUnit]

    package init(rules: RankingSettings, inputs: [Manifest.FileHash], units: [RankedUnit]) {
        self.rules = rules
        self.inputs = inputs
        self.units = units
    }

    package static func read(directory: String) throws -> RankingDocument? {
        guard let data = FileManager.default.contents(atPath: directory + "/ranking.json") else { return nil }
        return try JSONDecoder().decode(RankingDocument.self, from: data)
    }
}
