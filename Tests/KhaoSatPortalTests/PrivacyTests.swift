import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
import KhaoSatIngest

/// Issue 25 in the portal: originals sealed at rest, the retention purge, a person's requests
/// (find, export, erase) and the DPIA inventory, on the planted phone numbers, tax code and
/// CCCD numbers of Fixtures/personal-data in all three formats.
final class PrivacyTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!
    private var officer: User!
    private var uploads: [Upload] = []
    private let planted = ["0912345678", "0987654321", "8012345678", "079201001234", "079201009999"]

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-privacy-\(UUID())").path
        portal = try Portal.open(directory: dir, set: shippedSet, pseudonyms: try PseudonymKey.read(path: Tool.demoKey))
        portal.bcryptCost = 4
        let contractor = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        uploads = try ["planted.csv", "planted.xlsx", "planted.sav"].map { name in
            try portal.upload(try Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/personal-data/" + name))), fileName: name, by: contractor)
        }
        try portal.review(uploads.map(\.id), accept: true, comment: "", by: officer)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    /// Every file under the data folder, as bytes.
    private func dataFolderBytes() throws -> [(path: String, bytes: Data)] {
        let paths = FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? []
        return try paths.sorted().compactMap { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return (path, try Data(contentsOf: URL(fileURLWithPath: dir + "/" + path)))
        }
    }

    /// What the uploads hold now, opened with the key.
    private func storedText() throws -> String {
        try portal.store.uploads(owner: nil).map { String(decoding: try portal.blobs.open(sha256: $0.storedSHA256).contents(), as: UTF8.self) }
            .joined(separator: "\n")
    }

    private func points(_ run: ConversionRecord) throws -> [Data] {
        try ["content3.csv", "content3-criteria.csv"].map { try Data(contentsOf: URL(fileURLWithPath: portal.runFile(run: run.id, name: $0, by: officer)!)) }
    }

    func testAStolenDataFolderHoldsNoPlantedValue() throws {
        let run = try portal.convert(by: officer)
        try portal.backcheckSample(run: run.id, share: 1, seed: 7, questions: ["hl_chung"], by: officer)
        for (path, bytes) in try dataFolderBytes() {
            for value in planted { XCTAssertNil(bytes.range(of: Data(value.utf8)), "\(value) in \(path)") }
        }
        // Opened with the key, the originals and the call list are whole.
        XCTAssertTrue(try storedText().contains("0912345678"))
        let list = try XCTUnwrap(try portal.backcheckFile(run: run.id, name: "backcheck-sample.csv", by: officer)).contents()
        XCTAssertNotNil(list.range(of: Data("0987654321".utf8)), "the consenting respondent's number, for the call")
        XCTAssertThrowsError(try portal.backcheckFile(run: run.id, name: "backcheck-sample.csv",
                                                      by: try portal.addUser(name: "kiem.toan", role: .auditor, password: "mot-mat-khau-dai")))
        // Another key opens nothing: the portal refuses it before touching the data.
        let other = try PseudonymKey(base64: PseudonymKey.generate())
        XCTAssertThrowsError(try Portal.open(directory: dir, set: shippedSet, pseudonyms: other))
    }

    func testThePurgeKeepsThePointsAndRemovesEveryPlainValue() throws {
        let before = try portal.convert(by: officer)
        try portal.backcheckSample(run: before.id, share: 1, seed: 7, questions: ["hl_chung"], by: officer)
        // Not yet: 365 days from the upload.
        XCTAssertEqual(try portal.purge(now: Date().addingTimeInterval(364 * 86_400)).uploads.count, 0)
        let report = try portal.purge(now: Date().addingTimeInterval(366 * 86_400))
        XCTAssertEqual(report.retentionDays, 365)
        XCTAssertEqual(report.uploads.map(\.id), uploads.map(\.id))
        XCTAssertEqual(report.callLists, [before.id])
        // The originals are gone from disk; what is stored holds pseudonyms only.
        for u in uploads { XCTAssertFalse(FileManager.default.fileExists(atPath: portal.blobs.path(sha256: u.sha256))) }
        let text = try storedText()
        for value in planted { XCTAssertFalse(text.contains(value), value) }
        XCTAssertTrue(text.contains(PseudonymKey.prefix))
        // A conversion of the copies gives the same points (the pseudonyms are read as they are).
        let after = try portal.convert(by: officer)
        XCTAssertEqual(try points(after), try points(before))
        // The audit binds each original's SHA-256 to its copy's; a second purge does nothing.
        let lines = try portal.audit(visibleTo: officer).filter { $0.action == "privacy.purge" }
        for (u, entry) in zip(report.uploads, lines.reversed()) {
            XCTAssertTrue(entry.detail.contains(u.original) && entry.detail.contains(u.copy), entry.detail)
        }
        XCTAssertEqual(try portal.purge(now: Date().addingTimeInterval(400 * 86_400)).uploads.count, 0)
    }

    func testAPersonIsFoundExportedAndErasedThroughThePseudonym() throws {
        let before = try portal.convert(by: officer)
        XCTAssertThrowsError(try portal.findPersonal("0912345678", by: try portal.user(named: "nha.thau.a")!))
        // p1 and p4 (the same person again) in each of the three files; typed with spaces, as a person says it.
        let found = try portal.findPersonal("0912 345 678", by: officer)
        XCTAssertEqual(found.count, 6)
        XCTAssertEqual(Set(found.map(\.upload)), Set(uploads.map(\.id)))
        XCTAssertTrue(found.allSatisfy { $0.questions == ["ma_nguoi_tl"] && $0.values == ["ma_nguoi_tl": "0912345678"] })
        // The tax code, which a spreadsheet may have stripped of nothing; a CCCD read from the .sav as a number stays a string.
        XCTAssertEqual(try portal.findPersonal("8012345678", by: officer).count, 3)
        XCTAssertEqual(try portal.findPersonal("079201001234", by: officer).count, 3)

        let erased = try portal.erasePersonal("0912345678", by: officer)
        XCTAssertEqual(erased.count, 6)
        let text = try storedText()
        XCTAssertFalse(text.contains("0912345678"))
        XCTAssertTrue(text.contains("0987654321"), "another person's value stays")
        // Still found (their answers are still held, under the pseudonym), and still counted.
        XCTAssertTrue(try portal.findPersonal("0912345678", by: officer).allSatisfy { $0.values["ma_nguoi_tl"]!.hasPrefix("ps_") })
        XCTAssertEqual(try points(try portal.convert(by: officer)), try points(before))
        // Every step is on the audit log, by pseudonym only.
        let audit = try portal.audit(visibleTo: officer)
        XCTAssertEqual(Set(audit.map(\.action)).intersection(["privacy.find", "privacy.erase"]), ["privacy.find", "privacy.erase"])
        for entry in audit { for value in planted { XCTAssertFalse(entry.detail.contains(value), entry.detail) } }
    }

    func testTheInventoryListsWhatIsCollectedWhyAndForHowLong() throws {
        let inventory = PrivacyInventory(set: shippedSet)
        let id = try XCTUnwrap(inventory.items.first { $0.question == "ma_nguoi_tl" })
        XCTAssertEqual(id.form, "khaosat_dn_tc_cd_2025")
        XCTAssertEqual(id.purposes, "loại phiếu trùng; liên hệ phúc tra (khi người trả lời đồng ý)")
        XCTAssertTrue(id.keptFor.hasPrefix("365 ngày"))
        XCTAssertEqual(inventory.items.filter { $0.question == "ma_dai_bieu" }.count, 2, "both delegates' forms")
        XCTAssertTrue(inventory.items.contains { $0.question == "dong_y_lien_he" && $0.kind.hasPrefix("sự đồng ý") })
        XCTAssertTrue(inventory.items.contains { $0.question == "y_kien" && $0.kind.hasPrefix("câu trả lời tự do") })
        XCTAssertTrue(inventory.markdown.contains("| khaosat_dn_tc_cd_2025 | `ma_nguoi_tl` | Số điện thoại hoặc mã số thuế |"))
        let csv = String(decoding: inventory.csv, as: UTF8.self)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}form,question,label,kind,purposes,seen_by,stored_as,kept_for\r\n"))
        XCTAssertEqual(csv.components(separatedBy: "\r\n").count - 2, inventory.items.count)
    }
}
