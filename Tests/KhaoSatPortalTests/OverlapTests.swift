import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
import KhaoSatExport
import KhaoSatIngest
import KhaoSatPipeline

/// Issue 26, item 8: three uploads carrying the same submissions (a contractor's original, a
/// corrected copy, an Excel re-save whose phone numbers lost their leading zero) never cost
/// data without the officer's choice.
final class OverlapTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!
    private var officer: User!
    private var uploads: (original: Upload, corrected: Upload, resaved: Upload)!

    private static let header = "submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;c323_1;c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien"

    /// A citizen's whole answer about CQ02, with a phone number as the respondent id.
    private static func row(_ n: Int, phone: String, first: String = "hl") -> String {
        "s\(n);2025-10-05T08:\(10 + n):00;cong_dan;\(phone);40;CQ02;1;\(first);quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;"
    }

    private static func file(_ rows: [String]) -> Data { Data(([header] + rows).joined(separator: "\n").utf8 + [10]) }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-overlap-\(UUID())").path
        portal = try Portal.open(directory: dir, set: shippedSet, pseudonyms: try PseudonymKey.read(path: Tool.demoKey))
        portal.bcryptCost = 4
        let contractor = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let phones = (1...10).map { "09050000" + ($0 < 10 ? "0\($0)" : "\($0)") }
        // s1…s10; the corrected copy changes s3's first answer and adds s11; the re-save drops each phone's 0.
        let original = (1...10).map { Self.row($0, phone: phones[$0 - 1]) }
        var corrected = original
        corrected[2] = Self.row(3, phone: phones[2], first: "bt")
        corrected.append(Self.row(11, phone: "0905000011"))
        let resaved = (1...10).map { Self.row($0, phone: String(phones[$0 - 1].dropFirst())) }
        uploads = (try portal.upload(Self.file(original), fileName: "ket-qua.csv", by: contractor),
                   try portal.upload(Self.file(corrected), fileName: "ket-qua-sua.csv", by: contractor),
                   try portal.upload(Self.file(resaved), fileName: "ket-qua-excel.csv", by: contractor))
        XCTAssertEqual([uploads.original.accepted, uploads.corrected.accepted, uploads.resaved.accepted], [10, 11, 10])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private var ids: [Int64] { [uploads.original.id, uploads.corrected.id, uploads.resaved.id] }

    private func statuses() throws -> [UploadStatus] { try ids.map { try portal.store.upload(id: $0)!.status } }

    func testAcceptingOverlappingUploadsFirstShowsTheOverlapsAndChangesNothing() throws {
        XCTAssertThrowsError(try portal.review(ids, accept: true, comment: "", by: officer)) { error in
            guard case .overlaps(let found) = error as? PortalError else { return XCTFail("\(error)") }
            let pairs = found.map { [$0.first.id, $0.second.id, Int64($0.counts.shared), Int64($0.counts.identical), Int64($0.counts.conflicting)] }
            let (o, c, r) = (uploads.original.id, uploads.corrected.id, uploads.resaved.id)
            XCTAssertEqual(pairs, [
                [o, c, 10, 9, 1],   // only s3 differs
                [o, r, 10, 0, 10],  // every phone differs, so every answer's pseudonym does
                [c, r, 10, 0, 10],
            ])
            XCTAssertTrue("\(error)".contains("chung 10 mã (9 giống hệt, 1 khác câu trả lời)"), "\(error)")
        }
        XCTAssertEqual(try statuses(), [.submitted, .submitted, .submitted])
    }

    func testTheOfficersChoiceDecidesWhichVersionCounts() throws {
        let (o, c, r) = (uploads.original.id, uploads.corrected.id, uploads.resaved.id)
        try portal.review(ids, accept: true, comment: "bản sửa thay bản đầu", by: officer, choices: [
            OverlapChoice(winner: c, loser: o, keepsRest: true),
            OverlapChoice(winner: c, loser: r, keepsRest: false),
        ], confirmed: true)
        XCTAssertEqual(try statuses(), [.accepted, .accepted, .rejected])
        XCTAssertTrue(try portal.unresolvedOverlaps().isEmpty)
        XCTAssertTrue(try portal.store.audit(limit: 1)[0].detail.contains("u\(c) được tính thay u\(r) (u\(r) không được chấp nhận)"))

        let run = try portal.convert(by: officer)
        // 10 + 11 submissions read: the corrected copy's 11 count; of the original, 9 are the
        // same answers (duplicates) and s3 is set aside for the corrected version.
        XCTAssertEqual([run.submissions, run.accepted, run.setAside, run.duplicates], [21, 11, 1, 9])
        let losses = portal.overlapLosses(of: run)
        XCTAssertEqual(losses[Portal.inputName(uploads.original)]?.otherChosen, 1)
        XCTAssertNil(losses[Portal.inputName(uploads.corrected)])
        let document = try portal.document(of: run)
        XCTAssertEqual(document.manifest.parameters.preferredInputs, [Portal.inputName(uploads.corrected)])
        // The command line over the same originals with --prefer gives the same files.
        let folder = try portal.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inputs = try [uploads.original, uploads.corrected].map {
            (path: try portal.blobs.plainCopy(sha256: $0.sha256, in: folder, name: Portal.inputName($0)), name: Portal.inputName($0))
        }
        var options = IngestOptions(pseudonyms: portal.pseudonyms)
        options.preferredInputs = [Portal.inputName(uploads.corrected)]
        let cli = try ConversionRun(set: shippedSet, inputs: inputs, options: options, runTime: nil)
        for file in cli.files {
            let path = try XCTUnwrap(try portal.runFile(run: run.id, name: file.name, by: officer))
            XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file.bytes, file.name)
        }
    }

    func testConvertingUnresolvedConflictsNeedsTheOfficersConfirmation() throws {
        let (o, r) = (uploads.original.id, uploads.resaved.id)
        // Seen, and accepted without choosing: the officer has said neither version counts.
        try portal.review([o, r], accept: true, comment: "", by: officer, confirmed: true)
        XCTAssertThrowsError(try portal.convert(by: officer)) { error in
            guard case .overlaps(let found) = error as? PortalError else { return XCTFail("\(error)") }
            XCTAssertEqual(found.map(\.counts.conflicting), [10])
        }
        XCTAssertTrue(try portal.runs(visibleTo: officer).isEmpty)
        let run = try portal.convert(by: officer, confirmed: true)
        XCTAssertEqual([run.accepted, run.setAside], [0, 20])
        let losses = portal.overlapLosses(of: run)
        XCTAssertEqual([losses[Portal.inputName(uploads.original)]?.conflicting, losses[Portal.inputName(uploads.resaved)]?.conflicting], [10, 10])
    }

    func testUploadsThatShareNoIdsAreAcceptedAtOnce() throws {
        try portal.review([uploads.original.id], accept: true, comment: "", by: officer)
        XCTAssertEqual(try statuses(), [.accepted, .submitted, .submitted])
        // A later upload is compared with the accepted ones.
        XCTAssertThrowsError(try portal.review([uploads.corrected.id], accept: true, comment: "", by: officer))
    }
}
