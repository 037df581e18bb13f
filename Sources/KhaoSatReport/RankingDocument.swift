import Foundation
import KhaoSatExport
import KhaoSatRank
import KhaoSatQuestionnaire

/// `ranking.json`: the ranking with the rules and the inputs' SHA-256.
public struct RankingDocument: Codable, Sendable {
    public var format = "khaosat-ranking"
    public var khaosatVersion = Version.khaosat
    /// Absent in files written before export version 2.
    public var exportVersion: Int? = Version.export
    public var rules: RankingSettings
    public var inputs: [Manifest.FileHash]
    public var units: [RankedUnit]

    public init(rules: RankingSettings, inputs: [Manifest.FileHash], units: [RankedUnit]) {
        self.rules = rules
        self.inputs = inputs
        self.units = units
    }

    public static func read(directory: String) throws -> RankingDocument? {
        guard let data = FileManager.default.contents(atPath: directory + "/ranking.json") else { return nil }
        return try JSONDecoder().decode(RankingDocument.self, from: data)
    }
}
