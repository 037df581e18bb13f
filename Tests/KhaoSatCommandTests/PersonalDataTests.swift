import Foundation
import KhaoSatTestSupport
import XCTest

/// Issue 25: the planted phone numbers, tax code and CCCD numbers of Fixtures/personal-data
/// (CSV, KoBoToolbox .xlsx, SPSS) go through every command and come out nowhere, but for the
/// phúc tra list, which holds the numbers of the two respondents who consented.
final class PersonalDataTests: XCTestCase {
    private let set = repoPath("Questionnaires/dak-lak-2025")
    private let files = ["planted.csv", "planted.xlsx", "planted.sav"].map { repoPath("Fixtures/personal-data/" + $0) }
    private let consented = ["0912345678", "0987654321"], refused = ["8012345678", "079201001234", "079201009999"]
    private var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-personal-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    private func khaosat(_ arguments: [String], environment: [String: String] = [:]) throws -> Tool.Result {
        try Tool.run("khaosat", arguments, environment: environment)
    }

    /// Every file under `root`, with its bytes as text (binary files too: a value must not hide in them).
    private func everyFile(under root: String) throws -> [(path: String, text: String)] {
        let paths = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return try paths.sorted().compactMap { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return (path, String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)), as: UTF8.self))
        }
    }

    func testThePlantedValuesComeOutNowhereButInTheConsentedCallList() throws {
        var printed: [String] = []
        func run(_ arguments: String...) throws { try run(arguments) }
        func run(_ arguments: [String]) throws {
            let r = try khaosat(arguments)
            printed += [r.out, r.err]
            XCTAssertTrue([0, 1].contains(r.status), "\(arguments): \(r.err)")
        }
        try run(["convert", "--questionnaires", set, "--reproducible", "--out", dir + "/run"] + files)
        for file in files {
            try run("validate", "--questionnaires", set, "--quarantine", dir + "/validate-\(URL(fileURLWithPath: file).lastPathComponent).csv",
                    "--format", "json", file)
        }
        try run(["quality", "--questionnaires", set, "--out", dir + "/quality"] + files)
        try run("explain", "--out", dir + "/run", "--unit", "CQ02", "--criterion", "3.2.1")
        try run("report", "--run", dir + "/run")
        try run("backcheck", "sample", "--run", dir + "/run", "--questionnaires", set, "--share", "1", "--seed", "7",
                "--questions", "ma_nguoi_tl,hl_chung", "--out", dir + "/phuc-tra")

        let outputs = try everyFile(under: dir)
        XCTAssertTrue(outputs.contains { $0.path == "run/quarantine.csv" } && outputs.contains { $0.path == "run/report.html" })
        for value in refused + consented {
            for (path, text) in outputs where text.contains(value) {
                let allowed = consented.contains(value) && path == "phuc-tra/backcheck-sample.csv"
                XCTAssertTrue(allowed, "\(value) in \(path)")
            }
            XCTAssertFalse(printed.contains { $0.contains(value) }, "\(value) printed")
        }
        // The call list: every sampled respondent of the citizens' form consented; the three who did not are counted, not listed.
        let sample = try CSVRecords(path: dir + "/phuc-tra/backcheck-sample.csv")
        XCTAssertEqual(Set(sample.rows.map { $0["contact"]! }), Set(consented))
        XCTAssertTrue(sample.rows.allSatisfy { $0["original_ma_nguoi_tl"]!.hasPrefix("ps_") })
        XCTAssertTrue(printed.contains { $0.contains("phiếu không được chọn vì người trả lời không đồng ý được liên hệ phúc tra") })
        // p4 (p1 again with other answers) still replaces p1 through the pseudonym, in every format.
        let quarantine = try String(contentsOfFile: dir + "/run/quarantine.csv", encoding: .utf8)
        XCTAssertEqual(quarantine.components(separatedBy: "DUPLICATE_RESPONDENT").count - 1, 3, quarantine)
    }

    func testTheSameKeyGivesTheSameBytes() throws {
        for out in ["a", "b"] {
            let r = try khaosat(["convert", "--questionnaires", set, "--reproducible", "--out", dir + "/" + out] + files)
            XCTAssertEqual(r.status, 0, r.err)
        }
        for name in ["content3.csv", "content3-criteria.csv", "quarantine.csv", "quality.csv", "content3.json"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/a/" + name)),
                           try Data(contentsOf: URL(fileURLWithPath: dir + "/b/" + name)), name)
        }
    }

    func testWithoutTheKeyOrWithAnotherNothingIsRead() throws {
        var r = try khaosat(["convert", "--questionnaires", set, "--out", dir + "/run"] + files, environment: ["KHAOSAT_KEY_FILE": ""])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("chưa có khoá bí danh: chưa đọc tệp nào") && r.err.contains("khaosat key new"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/run"))

        r = try khaosat(["convert", "--questionnaires", set, "--reproducible", "--out", dir + "/run"] + files)
        XCTAssertEqual(r.status, 0, r.err)
        r = try khaosat(["key", "new", "--out", dir + "/other.key"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir + "/other.key")[.posixPermissions] as? Int, 0o600)
        r = try khaosat(["key", "new", "--out", dir + "/other.key"])
        XCTAssertEqual(r.status, 2, "a key is never overwritten")
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/run/content3.json"))
        r = try khaosat(["convert", "--questionnaires", set, "--key-file", dir + "/other.key", "--out", dir + "/run"] + files)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("dùng khoá bí danh"), r.err)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/run/content3.json")), before)
        r = try khaosat(["backcheck", "sample", "--run", dir + "/run", "--questionnaires", set, "--key-file", dir + "/other.key",
                         "--share", "1", "--seed", "7", "--out", dir + "/bc"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("khác khoá đang dùng"), r.err)
    }

    /// publish_min_respondents: the report does not show a sub-criterion whose credit rests on a
    /// group of fewer respondents; `khaosat explain` (the Sở's own machine) still shows everything.
    func testTheReportHidesGroupsTooSmallToPublish() throws {
        let strict = dir + "/strict-set"
        try FileManager.default.copyItem(atPath: set, toPath: strict)
        let setCSV = try String(contentsOfFile: strict + "/set.csv", encoding: .utf8)
        XCTAssertTrue(setCSV.contains("publish_min_respondents,3"))
        try setCSV.replacingOccurrences(of: "publish_min_respondents,3", with: "publish_min_respondents,1000")
            .write(toFile: strict + "/set.csv", atomically: true, encoding: .utf8)
        let responses = repoPath("Fixtures/quality/planted.csv")
        for (folder, questionnaires) in [("shown", set), ("hidden", strict)] {
            var r = try khaosat(["convert", "--questionnaires", questionnaires, "--reproducible", "--out", dir + "/" + folder, responses])
            XCTAssertEqual(r.status, 0, r.err)
            r = try khaosat(["report", "--run", dir + "/" + folder])
            XCTAssertEqual(r.status, 0, r.err)
        }
        let shown = try String(contentsOfFile: dir + "/shown/report.html", encoding: .utf8)
        let hidden = try String(contentsOfFile: dir + "/hidden/report.html", encoding: .utf8)
        XCTAssertFalse(shown.contains("không hiện: nhóm dưới"))
        // CQ02's 3.2.1 rests on its citizens (fewer than 1000): hidden; its total is still the published result.
        XCTAssertTrue(hidden.contains("không hiện: nhóm dưới 1000 người trả lời"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: dir + "/shown/content3.csv")),
                       try Data(contentsOf: URL(fileURLWithPath: dir + "/hidden/content3.csv")), "the points do not change")
        let r = try khaosat(["explain", "--out", dir + "/hidden", "--unit", "CQ02", "--criterion", "3.2.1"])
        XCTAssertTrue(r.out.contains("Hệ số ="), r.out)
    }

    /// The data-protection commands of the portal, from the command line: the inventory, a person found
    /// by the number read from standard input (never in the shell's history), the purge.
    func testThePrivacyCommands() throws {
        let portalSet = ["--questionnaires", set, "--data", dir + "/portal"]
        var r = try Tool.run("khaosat-portal", ["demo"] + portalSet + files)
        XCTAssertEqual(r.status, 0, r.err)
        r = try Tool.run("khaosat-portal", ["users", "add"] + portalSet + ["--name", "can.bo.a", "--role", "officer"], input: "mot-mat-khau-dai\n")
        XCTAssertEqual(r.status, 0, r.err)
        r = try Tool.run("khaosat-portal", ["privacy", "inventory"] + portalSet + ["--format", "csv"])
        XCTAssertTrue(r.out.contains("khaosat_dn_tc_cd_2025,ma_nguoi_tl,Số điện thoại hoặc mã số thuế,"), r.out)
        r = try Tool.run("khaosat-portal", ["privacy", "find"] + portalSet + ["--by", "nha.thau.demo"], input: "0912345678\n")
        XCTAssertEqual(r.status, 64, "a contractor answers no request")
        r = try Tool.run("khaosat-portal", ["privacy", "find"] + portalSet + ["--by", "can.bo.a"], input: "0912345678\n")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Tìm thấy 6 dòng."), r.out)
        r = try Tool.run("khaosat-portal", ["privacy", "export"] + portalSet + ["--by", "can.bo.a", "--phone", "0912345678", "--out", dir + "/p.json"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dir + "/p.json")[.posixPermissions] as? Int, 0o600)
        let export = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/p.json"))) as? [String: Any]
        XCTAssertEqual((export?["records"] as? [Any])?.count, 6)
        r = try Tool.run("khaosat-portal", ["privacy", "erase"] + portalSet + ["--by", "can.bo.a", "--tax-code", "8012345678"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("Đã xoá giá trị cá nhân ở 3 dòng của 3 tệp."), r.out)
        r = try Tool.run("khaosat-portal", ["privacy", "purge"] + portalSet)
        XCTAssertTrue(r.out.hasPrefix("Thời hạn lưu: 365 ngày. Đã thay 0 tệp gốc"), r.out)
    }
}
