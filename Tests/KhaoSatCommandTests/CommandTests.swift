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

    /// quality, convert --exclude-flags, then backcheck sample (twice: the same bytes) and compare --apply.
    func testQualityAndBackcheck() throws {
        let planted = repoPath("Fixtures/quality/planted.csv")
        var r = try khaosat("quality", "--questionnaires", set, "--out", dir + "/q", planted)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("SPEEDING – Phỏng vấn quá nhanh so với trung vị của phiếu: 12"), r.out)
        let flags = try CSVRecords(path: dir + "/q/quality.csv")
        XCTAssertEqual(flags.header, ["file", "line", "submission_id", "unit_code", "interviewer", "device", "flag", "evidence"])
        XCTAssertEqual(flags.rows(where: "flag", is: "CONCENTRATION").map { $0["interviewer"] }, ["DTV10"])
        r = try khaosat("convert", "--questionnaires", set, "--exclude-flags", "BOGUS", "--out", dir + "/x", planted)
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("--exclude-flags không có cờ \"BOGUS\""), r.err)
        r = try khaosat("convert", "--questionnaires", set, "--exclude-flags", "SPEEDING", "--reproducible", "--out", dir + "/run", planted)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try CSVRecords(path: dir + "/run/quarantine.csv").rows(where: "reason", is: "QUALITY_EXCLUDED").count, 12)

        for out in ["/s1", "/s2"] {
            r = try khaosat("backcheck", "sample", "--run", dir + "/run", "--questionnaires", set, "--seed", "7", "--share", "0.1",
                            "--questions", "gioi_tinh,hl_chung", "--out", dir + out)
            XCTAssertEqual(r.status, 0, r.err)
        }
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/s1/backcheck-sample.csv"))
        XCTAssertEqual(first, try Data(contentsOf: URL(fileURLWithPath: dir + "/s2/backcheck-sample.csv")))
        XCTAssertTrue(exists(dir + "/s1/backcheck-form-khaosat_dn_tc_cd_2025.csv"))
        // Every sampled interview confirmed with the same answers: nobody is rejected, no point moves.
        let sample = try CSVRecords(path: dir + "/s1/backcheck-sample.csv")
        let lines = ["ma_phieu_goc,phuc_tra_co_phong_van,gioi_tinh,hl_chung"]
            + sample.rows.map { "\($0["submission_id"]!),co,\($0["original_gioi_tinh"]!),\($0["original_hl_chung"]!)" }
        try lines.joined(separator: "\n").write(toFile: dir + "/bc.csv", atomically: true, encoding: .utf8)
        r = try khaosat("backcheck", "compare", "--run", dir + "/run", "--questionnaires", set, "--apply", dir + "/bc.csv")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Không tính phiếu của 0 điều tra viên bị loại: 0 đơn vị đổi điểm"), r.out)
        let verdicts = try CSVRecords(path: dir + "/run/backcheck-interviewers.csv").rows.map { $0["verdict"] }
        XCTAssertEqual(Set(verdicts), ["ok"])
        // The report's integrity section: flags per index, each unit's flagged share, the back-check.
        r = try khaosat("report", "--run", dir + "/run")
        XCTAssertEqual(r.status, 0, r.err)
        let html = try String(contentsOfFile: dir + "/run/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<h3>Tính toàn vẹn của khảo sát</h3>"))
        XCTAssertTrue(html.contains("DTV10 (Một điều tra viên làm phần lớn số phiếu của đơn vị: 40/50 phiếu (80 %)"), "concentration named under its index")
        XCTAssertTrue(html.contains("Phúc tra: \(verdicts.count) điều tra viên; không ai phải xem xét hay loại."))
        XCTAssertTrue(html.contains("phiếu gắn cờ chất lượng: "))
        // A run whose input changed since is refused.
        r = try khaosat("backcheck", "sample", "--run", dir + "/q", "--questionnaires", set, "--seed", "1", "--out", dir + "/s3")
        XCTAssertEqual(r.status, 2)
    }

    func testValidate() throws {
        // dn-windows-1258.csv: 4 rows, all accepted; dn-dirty.csv: rows set aside.
        var r = try khaosat("validate", "--questionnaires", set, response("dn-windows-1258.csv"))
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertEqual(r.err, "", "no progress line when stderr is not a terminal")
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
        // convert's workbook (from the run in memory) is report's (from content3.json) byte for byte.
        r = try khaosat("report", "--run", run, "--out", dir + "/before-rank")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(FileManager.default.contents(atPath: run + "/content3.xlsx"), FileManager.default.contents(atPath: dir + "/before-rank/content3.xlsx"))

        r = try khaosat("explain", "--out", run, "--unit", "CQ02")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Sở Nội vụ (CQ02, Chỉ số 01)"), r.out)
        r = try khaosat("explain", "--out", run, "--unit", "XX")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("Không có đơn vị \"XX\""), r.err)

        r = try khaosat("rank", "--run", run, "--council", repoPath("Fixtures/council/council-2025.csv"))
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(exists(run + "/ranking.csv") && exists(run + "/ranking.json"))
        // dn-dirty.csv rates a few units: every other is ranked with a warning, counted, and flagged in ranking.csv.
        let content3 = try String(contentsOfFile: run + "/content3.csv", encoding: .utf8).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        let unasked = content3.filter { $0.contains(",no_responses") }.count, thin = content3.filter { $0.contains("low_sample=") }.count
        XCTAssertGreaterThan(unasked, 100)
        XCTAssertTrue(r.err.contains("Cảnh báo: CQ01 (Văn phòng UBND tỉnh): không có phiếu khảo sát; ít phiếu khảo sát; điểm Nội dung 3 là 0,00."), r.err)
        XCTAssertTrue(r.err.contains("Cảnh báo: \(thin)/\(content3.count) đơn vị có điểm Nội dung 3 không dựa trên đủ phiếu khảo sát (\(unasked) đơn vị không có phiếu nào)"), r.err)
        let ranking = try String(contentsOfFile: run + "/ranking.csv", encoding: .utf8).components(separatedBy: "\r\n")
        XCTAssertTrue(ranking[0].hasSuffix(",survey_gaps"))
        XCTAssertEqual(ranking.filter { $0.hasSuffix(",no_responses;low_sample") }.count, unasked)
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

    /// Issue 15: another province's set (Questionnaires/example-other-province: four indices,
    /// 15 points, two groups, minmax, ranking by points) through every command, unchanged code.
    func testAnotherProvincesSetRunsThroughEveryCommand() throws {
        let set = repoPath("Questionnaires/example-other-province"), fixtures = repoPath("Fixtures/example-other-province")
        let run = dir + "/vidu"
        var r = try khaosat("check", set)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Chỉ số I4 – Doanh nghiệp nhà nước: 15.00 điểm"), r.out)
        // n6: a citizen rating a company (index I4, not theirs to rate): set aside, so exit 0 with a quarantine row.
        r = try khaosat("convert", "--questionnaires", set, "--reproducible", "--out", run, fixtures + "/dai-bieu.csv", fixtures + "/nguoi-dan.csv")
        XCTAssertEqual(r.status, 0, r.err)
        let content3 = try CSVRecords(path: run + "/content3.csv")
        func points(_ code: String) -> [String?] {
            let row = content3.row(where: "unit_code", is: code)
            return [row?["points"], row?["max_points"]]
        }
        // S1: K1.1 mean (1 + 0.75)/2 × 6 = 5.25; K1.2 share ≥ 0.8: 2 of 3 × 5 = 3.33; K2.1 minmax: top of
        // both groups' scales → 1 × 4 = 4.00. 12.58 of 15. S2: 0.25 × 6 = 1.50; 2 of 2 × 5 = 5.00; bottom: 0.
        XCTAssertEqual(points("S1"), ["12.58", "15.00"])
        XCTAssertEqual(points("S2"), ["6.50", "15.00"])
        // N1: 0.875 × 9 = 7.875 → 7.88, top of the minmax scale → 6.00. N2: one delegate, below 2:
        // index-mean takes N1's 0.875 → 7.88, bottom of the scale → 0.
        XCTAssertEqual([points("N1")[0], points("N2")[0]], ["13.88", "7.88"])
        XCTAssertTrue(try String(contentsOfFile: run + "/quarantine.csv", encoding: .utf8).contains("GROUP_NOT_ALLOWED"))

        r = try khaosat("explain", "--out", run, "--unit", "N2", "--criterion", "K1.1")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("bình quân Chỉ số = 0,875"), r.out)

        // ranking.csv of the set: by points, council maxima 40/30/10/5. S2 (78.50) before S1 (72.58).
        r = try khaosat("rank", "--run", run, "--council", fixtures + "/council.csv")
        XCTAssertEqual(r.status, 0, r.err)
        let ranking = try CSVRecords(path: run + "/ranking.csv")
        XCTAssertEqual(ranking.rows(where: "index", is: "I1").map { $0["unit_code"] }, ["S2", "S1"])

        r = try khaosat("report", "--run", run)
        XCTAssertEqual(r.status, 0, r.err)
        let html = try String(contentsOfFile: run + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<h2>V. Chỉ số I4 – Doanh nghiệp nhà nước – Nội dung 3: 15,00 điểm</h2>"), html)
        // The chart's scale is the set's (15 points: 0 to 16 by 2), not Đắk Lắk's 12.
        XCTAssertTrue(html.contains("Điểm Nội dung 3 (tối đa 15,00)"))
        XCTAssertTrue(html.contains(">16</text>"))
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
