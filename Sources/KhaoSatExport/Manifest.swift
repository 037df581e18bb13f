import Foundation
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

package enum Version {
    package static let khaosat = "0.6.0"
    /// The export contract with the scoring core (column names of the CSV files, the JSON
    /// shape, `Schemas/*.schema.json`). Bumped whenever a column or key is renamed, removed or
    /// changes meaning. 2: ranking.json numbers its contents and carries the CCHC percentage per unit.
    /// 3: intervals by design (content3.csv ci_low, ci_high, ci_basis; content3-criteria.csv ci_basis,
    /// response_rate_<group>; content3.json designs, bases, populations).
    package static let export = 3
    /// The packages this program is built from, as Package.swift pins them (a test keeps the two equal).
    package static let dependencies = [
        "apple/swift-algorithms 1.2.1", "apple/swift-argument-parser 1.8.2", "apple/swift-asn1 1.7.4",
        "apple/swift-async-algorithms 1.1.4", "apple/swift-atomics 1.3.0", "apple/swift-certificates 1.21.1",
        "apple/swift-collections 1.6.0", "apple/swift-configuration 1.4.0", "apple/swift-crypto 4.5.2",
        "apple/swift-distributed-tracing 1.7.3", "apple/swift-http-structured-headers 1.7.0", "apple/swift-http-types 1.8.0",
        "apple/swift-log 1.16.2", "apple/swift-metrics 2.13.0", "apple/swift-nio 2.101.3", "apple/swift-nio-extras 1.35.2",
        "apple/swift-nio-http2 1.46.0", "apple/swift-nio-ssl 2.37.6", "apple/swift-nio-transport-services 1.28.0",
        "apple/swift-numerics 1.1.1", "apple/swift-service-context 1.5.1", "apple/swift-system 1.8.1",
        "groue/GRDB.swift 7.10.0", "hummingbird-project/hummingbird 2.28.1", "hummingbird-project/hummingbird-auth 2.5.0",
        "hummingbird-project/swift-mustache 2.1.1", "swift-extras/swift-extras-base64 1.2.0", "swift-server/async-http-client 1.37.0",
        "swift-server/swift-service-lifecycle 2.13.0", "vapor/multipart-kit 4.7.1", "weichsel/ZIPFoundation 0.9.20",
    ]

    /// What `--version` prints: the version, then the packages, one per line.
    package static var full: String {
        "\(khaosat) (hợp đồng xuất \(export))\n" + dependencies.map { "  " + $0 }.joined(separator: "\n")
    }
}

/// Everything an auditor needs to re-run a conversion and compare.
package struct Manifest: Sendable, Codable, Equatable {
    package struct FileHash: Sendable, Codable, Equatable {
        package var path: String
        package var sha256: String
        package var bytes: Int
    }

    package struct Input: Sendable, Codable, Equatable {
        package var file: FileHash
        /// nil when the file could not be read; `failure` says why.
        package var accounting: FileAccounting?
        package var failure: String?
    }

    package struct SubCriterionParameters: Sendable, Codable, Equatable {
        package var index: String
        package var subcriterion: String
        package var maxPoints: Decimal
        package var method: ScoringMethod.Kind
        package var threshold: Decimal?
        package var groups: [String: Decimal]
        package var minRespondents: Int
        package var lowSample: LowSamplePolicy
    }

    package struct Parameters: Sendable, Codable, Equatable {
        package var minCompleteness: Decimal
        package var selectMultiple: SelectMultipleCredit
        package var duplicates: DuplicatePolicy
        package var layout: String
        /// Present only when KoBoToolbox submissions "on hold" were counted (`--accept-on-hold`).
        package var acceptOnHold: Bool?
        /// Present only when a workbook sheet other than the first was read (`--sheet`).
        package var sheet: String?
        /// Present only when inputs were preferred for ids they share with other answers (`--prefer`).
        package var preferredInputs: [String]?
        package var respondentWeights = "1"
        package var confidence = "95 %, by design: rosters.csv finite population correction, interviewers as clusters (fewer than 3: design effect from the index's intra-interviewer correlation, 0.03 where it cannot be estimated), Student's t on Satterthwaite's degrees of freedom, share by Korn-Graubard, answers all alike given the variance of a share (x + 1/2)/(m + 1), Content 3 total linearised over respondents"
        package var rounding = "half-up, 2 decimals, per sub-criterion"
        package var blueprint: [SubCriterionParameters]
        package var notApplicable: [String]
        /// The set's `publish_min_respondents`: what the report and portal pages show of a group's
        /// credit (nil in runs before it was written here: shown as 3, the default).
        package var publishMinRespondents: Int?

        package var publishMinimum: Int { publishMinRespondents ?? PersonalDataSettings().publishMinRespondents }
        /// Present only when the run wrote bootstrap replicates (`--replicates`).
        package var bootstrap: Bootstrap?
    }

    package struct Bootstrap: Sendable, Codable, Equatable {
        package var replicates: Int
        package var seed: UInt64
        package var method = "Rao-Wu rescaling bootstrap: interviewers, delegates who rated several units as a whole, other submissions within unit and group"
    }

    package var khaosatVersion = Version.khaosat
    package var exportVersion = Version.export
    /// The packages the program was built from (nil in runs before they were written here).
    package var dependencies: [String]? = Version.dependencies
    package var questionnaireSet: String
    /// Respondent group codes and names, for reports and `explain`.
    package var groupNames: [String: String]
    /// Index codes and titles, and the points of Content 3, for reports (nil in runs before they
    /// were written here).
    package var indexTitles: [String: String]?
    package var contentPoints: Decimal?
    /// Each index's parameters, written only when some index sets its own in `indices.csv`.
    package var indexSettings: [String: IndexSettings]?
    /// The set's ranking rules (`ranking.csv`), which `rank` applies to this run.
    package var ranking: RankingSettings?
    /// The data-quality checks: counts per flag, what could not be checked, what was excluded.
    package var quality: QualitySummary?
    /// The fingerprint of the key that made the pseudonyms of declared personal values (none: the
    /// set declares none); a re-run, a back-check or the portal must use the same key.
    package var pseudonymKey: String?

    package func title(of index: IndexCode) -> String { indexTitles?[index.rawValue] ?? "Chỉ số \(index)" }
    package func contentPoints(of index: IndexCode) -> Decimal? { indexSettings?[index.rawValue]?.contentPoints ?? contentPoints }
    package var setFiles: [FileHash]
    package var inputs: [Input]
    package var totals: FileAccounting
    package var warnings: [String]
    package var parameters: Parameters
    /// SHA-256 of the other files of the run, so a set of outputs can be checked as one.
    package var outputs: [FileHash] = []
    /// Left out with `--reproducible`.
    package var runTime: String?
    /// The set's title, province, year, decision and document heading (nil in runs before 0.7).
    package var document: DocumentSettings?

    package init(set: QuestionnaireSet, inputs: [(path: String, name: String)], result: IngestResult,
                options: IngestOptions, runTime: Date?) throws {
        questionnaireSet = set.name
        groupNames = Dictionary(set.groups.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        indexTitles = Dictionary(set.indices.map { ($0.code.rawValue, $0.title) }, uniquingKeysWith: { a, _ in a })
        contentPoints = set.settings.contentPoints
        document = set.settings.document
        pseudonymKey = options.pseudonyms?.fingerprint
        if set.hasIndexSettings {
            indexSettings = Dictionary(set.indexCodes.map { ($0.rawValue, set.settings(of: $0)) }, uniquingKeysWith: { a, _ in a })
        }
        ranking = set.ranking
        setFiles = try set.files.map { try FileHash.of(path: set.directory + "/" + $0, name: $0) }
        let accounting = Dictionary(result.files.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        let failures = Dictionary(result.failures.map { ($0.file, $0.message) }, uniquingKeysWith: { a, _ in a })
        self.inputs = try inputs.sorted { $0.name < $1.name }.map { input in
            let file = try result.digests[input.name].map { FileHash(path: input.name, digest: $0) }
                ?? FileHash.of(path: input.path, name: input.name)
            return Input(file: file,
                  accounting: accounting[input.name], failure: failures[input.name])
        }
        totals = result.total
        warnings = result.warnings
        parameters = Parameters(
            minCompleteness: set.settings.minCompleteness, selectMultiple: set.settings.selectMultiple,
            duplicates: options.duplicates, layout: options.layout?.rawValue ?? "auto",
            acceptOnHold: options.acceptOnHold ? true : nil, sheet: options.sheet,
            preferredInputs: options.preferredInputs.isEmpty ? nil : options.preferredInputs,
            blueprint: set.blueprint.allSubcriteria.map { k in
                let threshold: Decimal? = if case .share(let t) = k.method { t } else { nil }
                return SubCriterionParameters(
                    index: k.index.rawValue, subcriterion: k.code, maxPoints: k.maxPoints, method: k.method.kind,
                    threshold: threshold, groups: Dictionary(k.groups.map { ($0.group, $0.weight) }, uniquingKeysWith: +),
                    minRespondents: k.minRespondents, lowSample: k.lowSample)
            },
            notApplicable: set.notApplicable.map { "\($0.unitCode) \($0.subcriterion)" }.sorted(),
            publishMinRespondents: set.settings.personalData.publishMinRespondents)
        self.runTime = runTime.map { ISO8601DateFormatter().string(from: $0) }
    }
}

extension Manifest.FileHash {
    init(path: String, digest: FileDigest) {
        self.init(path: path, sha256: digest.sha256, bytes: digest.bytes)
    }

    package static func of(path: String, name: String) throws -> Manifest.FileHash {
        guard let digest = try FileDigest.of(path: path) else { throw ExportError.cannotRead(path) }
        return .init(path: name, digest: digest)
    }

    static func of(bytes: [UInt8], name: String) -> Manifest.FileHash {
        .init(path: name, digest: FileDigest.of(bytes: bytes))
    }
}


package enum ExportError: Error, CustomStringConvertible {
    case cannotRead(String)
    case cannotWrite(String, String)
    case notARun(String)

    package var description: String {
        switch self {
        case .cannotRead(let path): return "\(path): không đọc được tệp."
        case .cannotWrite(let path, let why): return "\(path): không ghi được (\(why))."
        case .notARun(let dir): return "\(dir): không có content3.json; hãy chạy khaosat convert --out \(dir) trước."
        }
    }
}
