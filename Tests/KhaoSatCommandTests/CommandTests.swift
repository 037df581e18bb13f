import Foundation
import KhaoSatTestSupport
import XCTest

/// The built `khaosat` run as others run it: each command's documented exit codes (README,
/// Commands) and what it prints where. Exit 3 (an accounting bug) has no input that causes it.
final class CommandTests: XCTestCase {
    private let set = repoPath("Questionnaires/dak-lak-2025")
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-cli-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    private func khaosat(_ arguments: String...) throws -> Tool.Result { try Tool.run("khaosat", arguments) }
    private func response(_ name: String) -> String { repoPath("Fixtures/responses/" + name) }
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    func testCheck() throws {
        var r = try khaosat("check", set)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Chỉ số 01"), r.out)
        r = try khaosat("check", repoPath("Fixtures/sets/broken-unknown-choice-list"))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("forms/tinh.csv:4, cột 2"), r.err)
    }

    func testValidate() throws {
        // dn-windows-1258.csv: 4 rows, all accepted; dn-dirty.csv: rows set aside.
        var r = try khaosat("validate", "--questionnaires", set, response("dn-windows-1258.csv"))
        XCTAssertEqual(r.status, 0, r.out + r.err)
        r = try khaosat("validate", "--questionnaires", set, "--quarantine", dir + "/q.csv", response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.out.contains("UNIT_UNKNOWN"), r.out)
        XCTAssertTrue(exists(dir + "/q.csv"))
        r = try khaosat("validate", "--questionnaires", set, "--format", "json", response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 1)
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(r.out.utf8)), "stdout is the JSON report")
        r = try khaosat("validate", "--questionnaires", set, dir + "/khong-co.csv")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("khong-co.csv: không có tệp này."), r.err)
        r = try khaosat("validate", "--questionnaires", set, "--examples=-1", response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("--examples nhận một số nguyên từ 0 đến 1 000 000"), r.err)
    }

    func testConvertThenExplainRankAndReport() throws {
        let run = dir + "/run"
        var r = try khaosat("convert", "--questionnaires", set, "--reproducible", "--out", run, response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 0, r.err)
        for name in ["content3.csv", "content3-criteria.csv", "quarantine.csv", "content3.json"] { XCTAssertTrue(exists(run + "/" + name), name) }

        r = try khaosat("explain", "--out", run, "--unit", "CQ02")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Sở Nội vụ (CQ02, Chỉ số 01)"), r.out)
        r = try khaosat("explain", "--out", run, "--unit", "XX")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("Không có đơn vị \"XX\""), r.err)

        r = try khaosat("rank", "--run", run, "--council", repoPath("Fixtures/council/council-2025.csv"))
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(exists(run + "/ranking.csv") && exists(run + "/ranking.json"))
        // A council file with a malformed sign: nothing written, the cell named.
        var council = try String(contentsOfFile: repoPath("Fixtures/council/council-2025.csv"), encoding: .utf8).components(separatedBy: "\n")
        let header = council[0].components(separatedBy: ",")
        var second = council[1].components(separatedBy: ",")
        let column = try XCTUnwrap(header.firstIndex(of: "c1_points"))
        second[column] = "--40"
        council[1] = second.joined(separator: ",")
        try council.joined(separator: "\n").write(toFile: dir + "/council.csv", atomically: true, encoding: .utf8)
        r = try khaosat("rank", "--run", run, "--council", dir + "/council.csv", "--out", dir + "/rank2")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("council.csv:2, cột 2"), r.err)
        XCTAssertFalse(exists(dir + "/rank2/ranking.csv"))

        r = try khaosat("report", "--run", run)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(exists(run + "/report.html"))
    }

    /// Inputs that are not there: exit 2 and a Vietnamese line, nothing written.
    func testMissingInputsAreExit2NotTheParsersExit1() throws {
        let nothing = dir + "/khong-co"
        var r = try khaosat("convert", "--questionnaires", set, "--out", dir + "/out", nothing + ".csv")
        XCTAssertEqual(r.status, 2)
        XCTAssertFalse(exists(dir + "/out"))
        FileManager.default.createFile(atPath: dir + "/a-file", contents: Data())
        r = try khaosat("convert", "--questionnaires", set, "--out", dir + "/a-file", response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("--out phải là một thư mục"), r.err)
        for arguments in [["explain", "--out", nothing, "--unit", "CQ02"], ["report", "--run", nothing],
                          ["rank", "--run", nothing, "--council", repoPath("Fixtures/council/council-2025.csv")]] {
            r = try Tool.run("khaosat", arguments)
            XCTAssertEqual(r.status, 2, "\(arguments)")
            XCTAssertTrue(r.err.contains(nothing), "\(arguments): \(r.err)")
            XCTAssertFalse(r.err.hasPrefix("Error:"), "\(arguments): \(r.err)")
        }
    }

    /// A set without ranking.csv converts, but its run cannot be ranked: no rule is assumed.
    func testARunWithoutRankingRulesIsNotRanked() throws {
        let run = dir + "/mini"
        var r = try khaosat("convert", "--questionnaires", repoPath("Fixtures/sets/mini"), "--out", run, response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 0, r.err)
        r = try khaosat("rank", "--run", run, "--council", repoPath("Fixtures/council/council-2025.csv"))
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("chưa có ranking.csv"), r.err)
    }

    func testInspect() throws {
        var r = try khaosat("inspect", response("dn-dirty.csv"))
        XCTAssertEqual(r.status, 0, r.err)
        try Data("%PDF-1.4 x".utf8).write(to: URL(fileURLWithPath: dir + "/a.csv"))
        r = try khaosat("inspect", dir + "/a.csv")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("đây là tệp PDF, không phải CSV"), r.err)
    }
}
