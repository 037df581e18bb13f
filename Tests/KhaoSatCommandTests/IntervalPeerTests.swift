import Foundation
import KhaoSatTestSupport
import XCTest

/// Issue 27, item 3: R's survey package (Tests/peer/intervals.R) computes every interval of the
/// design fixtures (Fixtures/design: a census, a near-census, 10, 3, 2 and 1 interviewers, groups
/// of 2 and 5, shares of 0 and 1, communes fed by three groups) from the same files; KhaoSat's,
/// rounded to 2 decimals, are within 0.005 points of R's unrounded ends.
/// .ci/run installs R; the test is skipped only where it could not (KHAOSAT_R_UNAVAILABLE says why).
final class IntervalPeerTests: XCTestCase {
    private var dir: String!

    override func setUpWithError() throws {
        if try Tool.run("/usr/bin/env", ["Rscript", "-e", "library(survey)"]).status != 0 {
            let env = ProcessInfo.processInfo.environment
            if let why = env["KHAOSAT_R_UNAVAILABLE"] { throw XCTSkip("R's survey package could not be installed: \(why)") }
            if env["CI"] == "true" { XCTFail("Rscript with the survey package is missing: .ci/run installs r-cran-survey") }
            throw XCTSkip("Rscript with the survey package is not installed (apt-get install r-base-core r-cran-survey)")
        }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-peer-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { if let dir { try? FileManager.default.removeItem(atPath: dir) } }

    private func table(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        } }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    func testEveryIntervalAgreesWithRsSurveyPackage() throws {
        let set = repoPath("Fixtures/design/set"), responses = repoPath("Fixtures/design/responses")
        let files = ["dan.csv", "tinh.csv", "xa.csv"].map { responses + "/" + $0 }
        let convert = try Tool.run("khaosat", ["convert", "--questionnaires", set, "--out", dir + "/run", "--reproducible"] + files)
        XCTAssertEqual(convert.status, 0, convert.err)
        let peer = try Tool.run("/usr/bin/env", ["Rscript", repoPath("Tests/peer/intervals.R"), set, responses, dir + "/peer.csv"])
        XCTAssertEqual(peer.status, 0, peer.err)

        var ours: [String: (low: String, high: String, basis: String)] = [:]
        for r in try table(dir + "/run/content3-criteria.csv") where r["status"] != "total" {
            ours[r["unit_code"]! + " " + r["subcriterion"]!] = (r["ci_low"]!, r["ci_high"]!, r["ci_basis"]!)
        }
        for r in try table(dir + "/run/content3.csv") { ours[r["unit_code"]! + " "] = (r["ci_low"]!, r["ci_high"]!, r["ci_basis"]!) }

        let theirs = try table(dir + "/peer.csv")
        XCTAssertEqual(theirs.count, 32, "3 departments × 4 and 4 communes × 5: sub-criteria and totals")
        for r in theirs {
            let key = r["unit"]! + " " + r["subcriterion"]!
            let ks = try XCTUnwrap(ours[key], key)
            XCTAssertEqual(Double(ks.low)!, Double(r["low"]!)!, accuracy: 0.0051, "\(key) lower end (\(ks.basis))")
            XCTAssertEqual(Double(ks.high)!, Double(r["high"]!)!, accuracy: 0.0051, "\(key) upper end (\(ks.basis))")
        }
        // Every design the fixtures are there for was met.
        let bases = Set(ours.values.map(\.basis))
        for kind in ["census", "fpc", "clusters", "pooled", "srs"] {
            XCTAssertTrue(bases.contains { $0.split(separator: "+").contains(Substring(kind)) }, "no \(kind) interval: \(bases)")
        }
        XCTAssertEqual(ours["X1 B.1"].map { [$0.low, $0.high, $0.basis] }, ["1.25", "1.25", "census"])
        XCTAssertEqual(ours["CQ3 D.1"]?.low, "0.00", "a share of 0 starts at 0")
        XCTAssertEqual(ours["X4 D.1"]?.high, "3.00", "a share of 1 ends at the maximum")
    }
}
