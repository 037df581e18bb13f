import Foundation
import KhaoSatTestSupport
import XCTest

/// Issue 24, item 16: content3.json and ranking.json are the contract with the scoring core.
/// Every file the commands write here is validated against Sources/KhaoSatExport/Schemas by
/// `Fixtures/tools/validate_json.py` (Python's jsonschema, which .ci/run installs).
final class SchemaTests: XCTestCase {
    private var dir: String!
    private let script = repoPath("Fixtures/tools/validate_json.py"), schemas = repoPath("Sources/KhaoSatExport/Schemas")

    override func setUpWithError() throws {
        let probe = try Tool.run("/usr/bin/env", ["python3", "-c", "import jsonschema, referencing"])
        try XCTSkipIf(probe.status != 0, "Python's jsonschema is not installed (pip install jsonschema): the schemas are not checked")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-schema-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { if let dir { try? FileManager.default.removeItem(atPath: dir) } }

    private func khaosat(_ arguments: String...) throws { try khaosat(arguments) }

    private func khaosat(_ arguments: [String]) throws {
        let r = try Tool.run("khaosat", arguments)
        XCTAssertEqual(r.status, 0, "\(arguments): \(r.err)")
    }

    private func validate(_ files: [String]) throws -> Tool.Result {
        try Tool.run("/usr/bin/env", ["python3", script, schemas] + files)
    }

    func testEveryWrittenFileMatchesItsSchema() throws {
        let dakLak = repoPath("Questionnaires/dak-lak-2025"), other = repoPath("Questionnaires/example-other-province")
        let responses = try FileManager.default.contentsOfDirectory(atPath: repoPath("Fixtures/responses"))
            .filter { $0.hasSuffix(".csv") }.sorted().map { repoPath("Fixtures/responses/" + $0) }
        try khaosat(["convert", "--questionnaires", dakLak, "--out", dir + "/dak-lak"] + responses)
        try khaosat("rank", "--run", dir + "/dak-lak", "--council", repoPath("Fixtures/council/council-2025.csv"))
        let fixtures = repoPath("Fixtures/example-other-province")
        try khaosat("convert", "--questionnaires", other, "--reproducible", "--out", dir + "/other",
                    fixtures + "/dai-bieu.csv", fixtures + "/nguoi-dan.csv")
        try khaosat("rank", "--run", dir + "/other", "--council", fixtures + "/council.csv")
        // Per-index parameters (manifest.indexSettings), no ranking rules (no manifest.ranking).
        try khaosat("convert", "--questionnaires", repoPath("Fixtures/sets/per-index"), "--out", dir + "/per-index",
                    repoPath("Fixtures/per-index/tinh.csv"))
        // Rosters, every kind of design, bootstrap replicates and rank intervals (issue 27).
        let design = repoPath("Fixtures/design")
        try khaosat(["convert", "--questionnaires", design + "/set", "--out", dir + "/design", "--replicates", "50"]
                    + ["dan.csv", "tinh.csv", "xa.csv"].map { design + "/responses/" + $0 })
        try khaosat("rank", "--run", dir + "/design", "--council", design + "/council.csv")
        let files = ["dak-lak/content3.json", "dak-lak/ranking.json", "other/content3.json", "other/ranking.json",
                     "per-index/content3.json", "design/content3.json", "design/ranking.json"].map { dir + "/" + $0 }
            + [repoPath("Fixtures/expected/content3.json")]
        let r = try validate(files)
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertEqual(r.out, "")
    }

    /// The schemas hold: a file a scoring core could misread is refused, with the path of the problem.
    func testAFileOutsideTheContractIsRefusedWhereItIs() throws {
        var json = try String(contentsOfFile: repoPath("Fixtures/expected/content3.json"), encoding: .utf8)
        json = json.replacingOccurrences(of: "\"exportVersion\" : 3", with: "\"exportVersion\" : 2")
        json = json.replacingOccurrences(of: "\"points\" : 0.56,", with: "\"points\" : 0.555,")
        json = json.replacingOccurrences(of: "\"status\" : \"low_sample\"", with: "\"status\" : \"low\"")
        try json.write(toFile: dir + "/content3.json", atomically: true, encoding: .utf8)
        let r = try validate([dir + "/content3.json"])
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(r.out.contains("$.manifest.exportVersion: 3 was expected"), r.out)
        XCTAssertTrue(r.out.contains(".points: Decimal('0.555') is not a multiple of 0.01"), r.out)
        XCTAssertTrue(r.out.contains(".status: 'low' is not one of"), r.out)
    }

    /// The README's recipe: a scoring core writes content3.json (a valid manifest with the rules,
    /// no units) and a content3.csv of five columns, the interval and the flags; rank gives the ranking of the real run.
    func testARunBuiltByAScoringCoreIsRankedLikeAKhaoSatRun() throws {
        let council = repoPath("Fixtures/council/council-2025.csv")
        try khaosat(["convert", "--questionnaires", repoPath("Questionnaires/dak-lak-2025"), "--reproducible", "--out", dir + "/run"]
            + ["dn-dirty.csv", "hdnd-tinh-google-grid.csv", "hdnd-xa-canonical.csv"].map { repoPath("Fixtures/responses/" + $0) })
        try khaosat("rank", "--run", dir + "/run", "--council", council)

        let core = dir + "/core"
        try FileManager.default.createDirectory(atPath: core, withIntermediateDirectories: true)
        var document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run/content3.json"))) as? [String: Any])
        document["units"] = [Any]()
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: core + "/content3.json"))
        let rows = try CSVRecords(path: dir + "/run/content3.csv").rows
        let columns = ["index", "unit_code", "unit_name", "points", "max_points", "ci_low", "ci_high", "flags"]
        let csv = [columns.joined(separator: ",")] + rows.map { r in
            columns.map { r[$0]!.contains(",") ? "\"\(r[$0]!)\"" : r[$0]! }
                .joined(separator: ",")
        }
        try (csv.joined(separator: "\n") + "\n").write(toFile: core + "/content3.csv", atomically: true, encoding: .utf8)
        let valid = try validate([core + "/content3.json"])
        XCTAssertEqual(valid.status, 0, valid.out)
        try khaosat("rank", "--run", core, "--council", council)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: core + "/ranking.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/run/ranking.csv")))
    }
}
