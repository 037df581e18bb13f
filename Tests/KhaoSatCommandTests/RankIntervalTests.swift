import Foundation
import KhaoSatTestSupport
import XCTest
import KhaoSatQuestionnaire

/// Issue 27, item 5: `convert --replicates` writes seeded bootstrap replicates of every unit's
/// points; `rank` turns them into rank intervals and P(excellent), beside the official columns,
/// which do not change.
final class RankIntervalTests: XCTestCase {
    private var dir: String!
    private let set = repoPath("Fixtures/design/set"), council = repoPath("Fixtures/design/council.csv")
    private let inputs = ["dan.csv", "tinh.csv", "xa.csv"].map { repoPath("Fixtures/design/responses/" + $0) }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-rankci-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { if let dir { try? FileManager.default.removeItem(atPath: dir) } }

    private func convert(_ out: String, _ extra: [String] = []) throws {
        let r = try Tool.run("khaosat", ["convert", "--questionnaires", set, "--out", dir + "/" + out, "--reproducible"] + extra + inputs)
        XCTAssertEqual(r.status, 0, r.err)
    }

    private func rank(_ out: String) throws -> Tool.Result { try Tool.run("khaosat", ["rank", "--run", dir + "/" + out, "--council", council]) }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path)) }

    private func rows(_ path: String) throws -> [[String: String]] {
        try CSVRecords(path: dir + "/" + path).rows
    }

    func testTheSameSeedGivesTheSameBytesAndTheOfficialColumnsStand() throws {
        try convert("a", ["--replicates", "300", "--seed", "11"])
        try convert("b", ["--replicates", "300", "--seed", "11"])
        try convert("c", ["--replicates", "300", "--seed", "12"])
        try convert("plain")
        XCTAssertEqual(try bytes("a/content3-replicates.csv"), try bytes("b/content3-replicates.csv"))
        XCTAssertNotEqual(try bytes("a/content3-replicates.csv"), try bytes("c/content3-replicates.csv"))
        // The points and intervals are the run's, replicates or not.
        XCTAssertEqual(try bytes("a/content3.csv"), try bytes("plain/content3.csv"))
        XCTAssertEqual(try rows("a/content3-replicates.csv").count, 300)
        let manifest = try String(contentsOfFile: dir + "/a/content3.json", encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"replicates\" : 300"), manifest)
        XCTAssertTrue(manifest.contains("\"seed\" : 11"))

        for out in ["a", "plain"] { XCTAssertEqual(try rank(out).status, 0) }
        let ranked = try rows("a/ranking.csv"), plain = try rows("plain/ranking.csv")
        XCTAssertEqual(ranked.count, 7)
        for (r, p) in zip(ranked, plain) {
            for column in p.keys where !["rank_low", "rank_high", "p_excellent"].contains(column) { XCTAssertEqual(r[column], p[column], column) }
            XCTAssertEqual([p["rank_low"], p["rank_high"], p["p_excellent"]], ["", "", ""])
            let (low, high) = (Int(r["rank_low"]!)!, Int(r["rank_high"]!)!)
            let size = ranked.filter { $0["index"] == r["index"] }.count
            XCTAssertTrue(1 <= low && low <= high && high <= size, "\(r)")
            let p = Double(r["p_excellent"]!)!
            XCTAssertTrue((0...1).contains(p))
            // An excellent unit is excellent in most replicates; a unit far below 90 % in none.
            if r["level"] == "Hoàn thành xuất sắc nhiệm vụ" { XCTAssertGreaterThan(p, 0.4, "\(r)") }
            if Double(r["percent"]!)! < 89 { XCTAssertEqual(p, 0, "\(r)") }
        }
        // The report's annex prints them; a run without replicates has no such table.
        for out in ["a", "plain"] { XCTAssertEqual(try Tool.run("khaosat", ["report", "--run", dir + "/" + out]).status, 0) }
        let report = try String(contentsOfFile: dir + "/a/report.html", encoding: .utf8)
        let first = try XCTUnwrap(ranked.first)
        XCTAssertTrue(report.contains("<td class=\"n\">\(first["rank_low"]!)–\(first["rank_high"]!)</td>"), "rank interval of \(first["unit_code"]!)")
        XCTAssertFalse(try String(contentsOfFile: dir + "/plain/report.html", encoding: .utf8).contains("Khoảng hạng"))
    }

    /// Issue 27, item 6: `explain --compare` gives the interval of the difference, paired through
    /// the replicates when the run has them (the same delegates rated CQ1 and CQ2).
    func testExplainComparesTwoUnitsByTheirDifference() throws {
        try convert("paired", ["--replicates", "400"])
        try convert("plain")
        let paired = try Tool.run("khaosat", ["explain", "--out", dir + "/paired", "--unit", "CQ2", "--compare", "CQ3"])
        XCTAssertEqual(paired.status, 0, paired.err)
        XCTAssertTrue(paired.out.contains("Khoảng tin cậy 95 % của hiệu số"), paired.out)
        XCTAssertTrue(paired.out.contains("từ 400 lần lấy mẫu lại người trả lời"), paired.out)
        let plain = try Tool.run("khaosat", ["explain", "--out", dir + "/plain", "--unit", "CQ2", "--compare", "CQ3"])
        XCTAssertTrue(plain.out.contains("coi như độc lập"), plain.out)
        // The difference is the points' difference, whatever the method.
        let points = Dictionary(uniqueKeysWithValues: try rows("plain/content3.csv").map { ($0["unit_code"]!, Decimal(string: $0["points"]!)!) })
        let d = Decimals.vietnamese(points["CQ2"]! - points["CQ3"]!, scale: 2)
        for r in [paired, plain] { XCTAssertTrue(r.out.contains("Hiệu số CQ2 − CQ3 = \(d) điểm."), r.out) }
        // Neither end of an unknown unit.
        XCTAssertEqual(try Tool.run("khaosat", ["explain", "--out", dir + "/plain", "--unit", "CQ2", "--compare", "ZZ9"]).status, 2)
    }

    func testOnlyTheRunsOwnReplicatesAreRead() throws {
        try convert("run", ["--replicates", "100"])
        // An edited file is refused, not ranked from.
        let path = dir + "/run/content3-replicates.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n1,", with: "\n1,1")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try rank("run")
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("SHA-256 khác manifest"), refused.err)
        // A later run without replicates in the same folder: the old file is not this run's.
        try convert("run")
        XCTAssertEqual(try rank("run").status, 0)
        XCTAssertTrue(try rows("run/ranking.csv").allSatisfy { $0["rank_low"] == "" })
    }
}
