import Foundation
import KhaoSatTestSupport
import XCTest
@testable import KhaoSatPortal
@testable import KhaoSatQuestionnaire
import KhaoSatExport
import KhaoSatPipeline
import KhaoSatIngest


final class PortalTests: XCTestCase {
    private var dir: String!
    private var portal: Portal!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("khaosat-portal-\(UUID())").path
        let set = shippedSet
        portal = try Portal.open(directory: dir, set: set, pseudonyms: try PseudonymKey.read(path: Tool.demoKey))
        portal.bcryptCost = 4  // the minimum: tests check the logic, not the cost
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: root + "/Fixtures/responses/" + name))
    }

    func testAccountsHaveBcryptPasswordsAndEveryLoginIsOnRecord() throws {
        let user = try portal.addUser(name: "nha.thau-1", role: .contractor, password: "mot-mat-khau-dai")
        XCTAssertTrue(user.passwordHash.hasPrefix("$2b$04$"))
        XCTAssertThrowsError(try portal.addUser(name: "nha.thau-1", role: .officer, password: "mot-mat-khau-dai")) {
            XCTAssertEqual($0 as? PortalError, .nameTaken("nha.thau-1"))
        }
        XCTAssertThrowsError(try portal.addUser(name: "x", role: .officer, password: "mot-mat-khau-dai"))
        XCTAssertThrowsError(try portal.addUser(name: "can.bo", role: .officer, password: "ngan")) {
            XCTAssertEqual($0 as? PortalError, .weakPassword)
        }
        XCTAssertEqual(try portal.login(name: "nha.thau-1", password: "mot-mat-khau-dai", from: "127.0.0.1")?.id, user.id)
        XCTAssertNil(try portal.login(name: "nha.thau-1", password: "sai-mat-khau-roi", from: "127.0.0.1"))
        XCTAssertNil(try portal.login(name: "khong.co", password: "mot-mat-khau-dai", from: "10.0.0.9"))
        XCTAssertEqual(try portal.store.audit(limit: 10).map(\.action), ["login.failed", "login.failed", "login", "user.add"])
    }

    func testAnUploadIsStoredByHashValidatedAndSeenOnlyByItsOwner() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let b = try portal.addUser(name: "nha.thau.b", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let data = try fixture("dn-dirty.csv")
        // A path in the file name is never used as a path.
        let up = try portal.upload(data, fileName: "../../etc/dn-dirty.csv", by: a)
        XCTAssertEqual(up.fileName, "dn-dirty.csv")
        // The accounting of `khaosat validate` on the same file (see IngestTests): 10 rows = 2 + 7 + 1.
        XCTAssertEqual([up.rows, up.accepted, up.setAside, up.duplicates], [10, 2, 7, 1])
        XCTAssertTrue(try portal.store.report(upload: up.id)?.contains("UNIT_UNKNOWN") ?? false)
        // Sealed at rest: the file on disk is not the upload; opened with the key, it is.
        let stored = try Data(contentsOf: URL(fileURLWithPath: portal.blobs.path(sha256: up.sha256)))
        XCTAssertTrue(stored.starts(with: Data("KSVAULT1".utf8)))
        XCTAssertEqual(try portal.blobs.open(sha256: up.sha256).contents(), data)
        // The same bytes again: one blob.
        let again = try portal.upload(data, fileName: "dn-dirty (1).csv", by: a)
        XCTAssertEqual(again.sha256, up.sha256)
        let blobs = try FileManager.default.subpathsOfDirectory(atPath: dir + "/blobs").filter { $0.hasSuffix(up.sha256) }
        XCTAssertEqual(blobs.count, 1)

        XCTAssertEqual(try portal.uploads(visibleTo: a).map(\.id), [again.id, up.id])
        XCTAssertEqual(try portal.uploads(visibleTo: b), [])
        XCTAssertNil(try portal.upload(id: up.id, visibleTo: b))  // shown as 404, not 403
        XCTAssertEqual(try portal.uploads(visibleTo: officer).count, 2)
        XCTAssertThrowsError(try portal.upload(data, fileName: "x.csv", by: officer)) { XCTAssertEqual($0 as? PortalError, .notAllowed) }
        XCTAssertThrowsError(try portal.upload(data, fileName: "x.csv", by: b, replacing: up.id)) { XCTAssertEqual($0 as? PortalError, .notFound) }
    }

    func testAReplacedUploadIsKeptAndMarkedAndReviewsAreOnRecord() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let first = try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn.csv", by: a)
        let second = try portal.upload(try fixture("dn-windows-1258.csv"), fileName: "dn-sua.csv", by: a, replacing: first.id)
        XCTAssertEqual(try portal.store.upload(id: first.id)?.status, .replaced)
        XCTAssertEqual(second.replaces, first.id)
        XCTAssertEqual([second.rows, second.accepted], [4, 4])
        XCTAssertThrowsError(try portal.review([second.id], accept: true, comment: "", by: a))
        // The replaced one is history: accepting it would count the same answers twice.
        XCTAssertThrowsError(try portal.review([first.id], accept: true, comment: "", by: officer)) {
            XCTAssertEqual($0 as? PortalError, .alreadyReplaced(first.id))
        }
        XCTAssertThrowsError(try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn.csv", by: a, replacing: first.id)) {
            XCTAssertEqual($0 as? PortalError, .alreadyReplaced(first.id))
        }
        try portal.review([second.id], accept: true, comment: "Đạt yêu cầu", by: officer)
        XCTAssertEqual(try portal.store.upload(id: second.id)?.status, .accepted)
        let log = try portal.store.audit(limit: 3)
        XCTAssertEqual(log.map(\.action), ["batch.accept", "upload.replace", "upload"])
        XCTAssertEqual(log[0].detail, "Đạt yêu cầu")
    }

    func testTheAuditLogCannotBeRewritten() throws {
        _ = try portal.addUser(name: "kiem.toan", role: .auditor, password: "mot-mat-khau-dai")
        let store = try XCTUnwrap(portal.store as? SQLiteStore)
        XCTAssertThrowsError(try store.execute("UPDATE audit SET detail = 'sửa'"))
        XCTAssertThrowsError(try store.execute("DELETE FROM audit"))
        XCTAssertEqual(try portal.store.audit(limit: 10).count, 1)
    }

    func testAnUnreadableUploadIsRefusedAndLeavesNothingBehind() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        XCTAssertThrowsError(try portal.upload(Data("PK\u{3}\u{4}không phải csv".utf8), fileName: "bao-cao.xlsx", by: a)) {
            guard case .unreadable(let why) = $0 as? PortalError else { return XCTFail("\($0)") }
            XCTAssertTrue(why.contains("Excel"), why)
        }
        XCTAssertEqual(try portal.uploads(visibleTo: a), [])
        XCTAssertEqual(portal.blobs.hashes(), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp"), [])
    }

    func testWorkbookSPSSAndODKZipUploadsAreReadLikeTheirCSV() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        for file in ["Fixtures/layouts/dn-kobo.xlsx", "Fixtures/layouts/dn-spss.sav", "Fixtures/layouts/dn-spss.zsav",
                     "Fixtures/exports/odk-export.csv.zip"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: repoPath(file)))
            let upload = try portal.upload(data, fileName: URL(fileURLWithPath: file).lastPathComponent, by: a)
            XCTAssertEqual([upload.rows, upload.accepted, upload.setAside], [6, 6, 0], file)
        }
    }

    func testLoginsAreThrottledPerAccountAndPerAddress() throws {
        _ = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        _ = try portal.addUser(name: "nha.thau.b", role: .contractor, password: "mot-mat-khau-dai")
        for _ in 0..<5 { XCTAssertNil(try portal.login(name: "nha.thau.a", password: "sai-mat-khau-roi", from: "10.0.0.1")) }
        // The sixth try is refused before the password is even checked, the right one too, from anywhere.
        for address in ["10.0.0.1", "10.0.0.2"] {
            XCTAssertThrowsError(try portal.login(name: "nha.thau.a", password: "mot-mat-khau-dai", from: address)) {
                XCTAssertEqual($0 as? PortalError, .tooManyAttempts(minutes: 15))
            }
        }
        // The address that failed five times waits too, whatever the account.
        XCTAssertThrowsError(try portal.login(name: "nha.thau.b", password: "mot-mat-khau-dai", from: "10.0.0.1"))
        XCTAssertNotNil(try portal.login(name: "nha.thau.b", password: "mot-mat-khau-dai", from: "10.0.0.3"))
        XCTAssertEqual(try portal.store.audit(limit: 4).map(\.action), ["login", "login.throttled", "login.throttled", "login.throttled"])

        // After the window the oldest failure leaves and one more try is allowed.
        let throttle = LoginThrottle(limit: 2, window: 60)
        let t0 = Date(timeIntervalSince1970: 0)
        XCTAssertNil(throttle.begin(account: "x", address: "a", now: t0))
        XCTAssertNil(throttle.begin(account: "x", address: "b", now: t0.addingTimeInterval(30)))
        XCTAssertEqual(throttle.wait(account: "x", address: "c", now: t0.addingTimeInterval(31)), 1)
        XCTAssertNil(throttle.wait(account: "x", address: "c", now: t0.addingTimeInterval(61)))
    }

    func testConcurrentGuessesGetNoMoreTriesThanTheLimit() {
        // 30 guesses at once: checking and counting are one step, so exactly 5 get through.
        let throttle = LoginThrottle(limit: 5, window: 60)
        let allowed = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 30) { _ in
            if throttle.begin(account: "nha.thau.a", address: "10.0.0.9") == nil { allowed.add(1) }
        }
        XCTAssertEqual(allowed.value, 5)
    }

    func testPasswordsBcryptWouldMisreadAreRefused() throws {
        XCTAssertThrowsError(try portal.addUser(name: "a.b.c", role: .contractor, password: String(repeating: " ", count: 12))) {
            XCTAssertEqual($0 as? PortalError, .weakPassword)
        }
        for password in [String(repeating: "x", count: 73), "mot-mat-khau\u{0}dai-hon"] {
            XCTAssertThrowsError(try portal.addUser(name: "a.b.c", role: .contractor, password: password)) {
                XCTAssertEqual($0 as? PortalError, .unusablePassword)
            }
        }
        // 72 bytes are the most: a longer password at login never matches, whatever it starts with.
        let seventyTwo = String(repeating: "k", count: 72)
        _ = try portal.addUser(name: "dai.nhat", role: .contractor, password: seventyTwo)
        XCTAssertNotNil(try portal.login(name: "dai.nhat", password: seventyTwo, from: "10.0.0.5"))
        XCTAssertNil(try portal.login(name: "dai.nhat", password: seventyTwo + "bat-ky", from: "10.0.0.5"))
    }

    func testOfTenReplacementsAtOnceExactlyOneWins() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let data = try Data(contentsOf: URL(fileURLWithPath: KhaoSatTestSupport.fixture("dn-dirty.csv").path))
        let first = try portal.upload(data, fileName: "dn.csv", by: a)
        let portal = self.portal!
        let wins = Atomic(0), refusals = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 10) { i in
            var copy = data
            copy.append(contentsOf: Array("\n".utf8) + Array(repeating: UInt8(0x20), count: i))  // ten different files
            do {
                _ = try portal.upload(copy, fileName: "dn-\(i).csv", by: a, replacing: first.id)
                wins.add(1)
            } catch PortalError.alreadyReplaced {
                refusals.add(1)
            } catch {
                XCTFail("\(error)")
            }
        }
        XCTAssertEqual([wins.value, refusals.value], [1, 9])
        XCTAssertEqual(try portal.uploads(visibleTo: a).filter { $0.status != .replaced }.count, 1)
        // The nine refused files left nothing behind, without waiting for a restart.
        XCTAssertEqual(portal.blobs.hashes(), Set(try portal.uploads(visibleTo: a).map(\.sha256)))
        XCTAssertEqual(portal.dataFolder.check(), [])
    }

    func testSessionsAreStoredAsHashesAndExpire() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let (token, session) = try portal.startSession(for: a)
        XCTAssertEqual(try portal.session(token: token)?.user.id, a.id)
        XCTAssertEqual(try portal.session(token: token)?.csrf, session.csrf)
        XCTAssertNil(try portal.session(token: token + "0"))
        try portal.endSession(token: token, user: a)
        XCTAssertNil(try portal.session(token: token))
        portal.sessionLifetime = -1
        XCTAssertNil(try portal.session(token: try portal.startSession(for: a).token))
    }

    /// Tokens expire (90 days unless said otherwise), can be revoked, and keep their last use;
    /// issuing, revoking and the first use of a day are lines of the audit log.
    func testTokensExpireCanBeRevokedAndRecordTheirUse() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
        let (token, record) = try portal.issueToken(for: a, now: t0)
        XCTAssertEqual(record.expiresAt, t0.addingTimeInterval(90 * 86_400))
        XCTAssertNil(record.lastUsedAt)

        XCTAssertEqual(try portal.user(token: token, now: t0.addingTimeInterval(10))?.id, a.id)
        XCTAssertEqual(try portal.user(token: token, now: t0.addingTimeInterval(30))?.id, a.id, "same minute: not written again")
        XCTAssertEqual(try portal.tokens().first?.lastUsedAt, t0.addingTimeInterval(10))
        XCTAssertEqual(try portal.user(token: token, now: t0.addingTimeInterval(86_400))?.id, a.id, "next day")
        XCTAssertEqual(try portal.tokens().first?.lastUsedAt, t0.addingTimeInterval(86_400))
        XCTAssertNil(try portal.user(token: token, now: t0.addingTimeInterval(90 * 86_400)), "expired")
        XCTAssertEqual(try portal.tokens().first?.state(at: t0.addingTimeInterval(90 * 86_400)), "hết hạn")

        let (second, short) = try portal.issueToken(for: a, days: 7, now: t0)
        XCTAssertEqual(short.expiresAt, t0.addingTimeInterval(7 * 86_400))
        try portal.revokeToken(id: short.id, now: t0.addingTimeInterval(60))
        XCTAssertNil(try portal.user(token: second, now: t0.addingTimeInterval(120)), "revoked")
        XCTAssertThrowsError(try portal.revokeToken(id: short.id)) { XCTAssertEqual($0 as? PortalError, .notFound) }
        XCTAssertThrowsError(try portal.revokeToken(id: 999)) { XCTAssertEqual($0 as? PortalError, .notFound) }
        XCTAssertEqual(try portal.tokens().map { $0.state(at: t0.addingTimeInterval(120)) }, ["hiệu lực", "đã thu hồi"])

        let log = try portal.store.audit(limit: 100).filter { $0.action.hasPrefix("token.") }.sorted { $0.id < $1.id }
        XCTAssertEqual(log.map(\.action), ["token.add", "token.use", "token.use", "token.add", "token.revoke"])
        XCTAssertEqual(log.map(\.target), ["token \(record.id)", "token \(record.id)", "token \(record.id)",
                                           "token \(short.id)", "token \(short.id)"])
    }

    /// Issue 15: the portal on another province's set, unchanged: upload, accept, convert.
    /// Phúc tra in the portal: an officer draws the sample of a run, uploads the answers, and
    /// every step is on the audit log; contractors can do neither.
    func testAnOfficerRunsABackcheckOnARun() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let up = try portal.upload(try Data(contentsOf: URL(fileURLWithPath: repoPath("Fixtures/quality/planted.csv"))),
                                   fileName: "planted.csv", by: a)
        try portal.review([up.id], accept: true, comment: "", by: officer)
        let run = try portal.convert(by: officer)
        XCTAssertThrowsError(try portal.backcheckSample(run: run.id, share: 0.1, seed: 7, questions: [], by: a))
        // A question no form asks: a clear refusal (a page, not a server error), before any input is read again.
        XCTAssertThrowsError(try portal.backcheckSample(run: run.id, share: 0.1, seed: 7, questions: ["khong_co"], by: officer)) {
            XCTAssertEqual($0 as? PortalError, .unreadable("bộ phiếu dak-lak-2025 không có câu hỏi \"khong_co\" để phúc tra."))
        }
        let drawn = try portal.backcheckSample(run: run.id, share: 0.1, seed: 7, questions: ["gioi_tinh"], by: officer)
        let sampleFile = try XCTUnwrap(try portal.backcheckFile(run: run.id, name: "backcheck-sample.csv", by: officer))
        let samplePath = dir + "/sample.csv"
        try sampleFile.contents().write(to: URL(fileURLWithPath: samplePath))
        let sample = try CSVRecords(path: samplePath)
        XCTAssertEqual(sample.rows.count, drawn)
        XCTAssertNotNil(try portal.backcheckFile(run: run.id, name: "backcheck-form-khaosat_dn_tc_cd_2025.csv", by: officer))
        XCTAssertNil(try portal.backcheckFile(run: run.id, name: "../content3.json", by: officer))
        // DTV09's respondents say they were never interviewed.
        let lines = ["ma_phieu_goc,phuc_tra_co_phong_van,gioi_tinh"] + sample.rows.map {
            "\($0["submission_id"]!),\($0["interviewer"] == "DTV09" ? "khong" : "co"),\($0["original_gioi_tinh"]!)"
        }
        let writer = try portal.blobWriter()
        try writer.write(Data(lines.joined(separator: "\n").utf8))
        let comparison = try portal.backcheckCompare(run: run.id, writer, fileName: "phuc-tra.csv", apply: true, by: officer)
        XCTAssertEqual(comparison.rejected, ["DTV09"])
        XCTAssertEqual(portal.backcheckVerdicts(of: run).first { $0.interviewer == "DTV09" }?.verdict, "reject")
        guard case .plain(let applyPath) = try XCTUnwrap(try portal.backcheckFile(run: run.id, name: "backcheck-apply.csv", by: officer)) else {
            return XCTFail("only the call list is sealed")
        }
        let apply = try CSVRecords(path: applyPath)
        // DTV09 made the 12 desk interviews of CQ07.
        XCTAssertEqual(apply.row(where: "unit_code", is: "CQ07").flatMap { row in
            Int(row["respondents_before"]!).map { $0 - Int(row["respondents_after"]!)! } }, 12)
        let log = try portal.store.audit(limit: 20).map(\.action)
        XCTAssertTrue(log.contains("backcheck.sample") && log.contains("backcheck.compare"), "\(log)")
        // A file that is no table at all: a clear refusal, nothing written, no blob kept.
        let junk = try portal.blobWriter()
        try junk.write(Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x00, 0xFF]))  // %PDF-1
        XCTAssertThrowsError(try portal.backcheckCompare(run: run.id, junk, fileName: "ket-qua.pdf", apply: false, by: officer)) {
            guard case .unreadable(let message)? = $0 as? PortalError else { return XCTFail("\($0)") }
            XCTAssertTrue(message.contains("ket-qua.pdf"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: junk.temporaryPath))
    }

    func testThePortalServesAnotherProvincesSet() throws {
        let loaded = SetLoader.load(directory: root + "/Questionnaires/example-other-province")
        XCTAssertEqual(loaded.problems, [])
        var other = try Portal.open(directory: dir + "-vidu", set: try XCTUnwrap(loaded.set))
        defer { try? FileManager.default.removeItem(atPath: dir + "-vidu") }
        other.bcryptCost = 4
        let a = try other.addUser(name: "nha.thau.vidu", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try other.addUser(name: "can.bo.vidu", role: .officer, password: "mot-mat-khau-dai")
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/Fixtures/example-other-province/nguoi-dan.csv"))
        let up = try other.upload(data, fileName: "nguoi-dan.csv", by: a)
        // 6 rows: 5 accepted, n6 (a citizen rating a company, index I4) set aside.
        XCTAssertEqual([up.rows, up.accepted, up.setAside], [6, 5, 1])
        try other.review([up.id], accept: true, comment: "", by: officer)
        let run = try other.convert(by: officer)
        let units = try other.document(of: run).units
        XCTAssertEqual(units.map(\.code), ["S1", "S2", "V1", "V2", "X1", "X2", "N1", "N2"])
        XCTAssertEqual(Set(units.map(\.maxPoints)), [15])
    }

    func testAConversionIsTheCommandLinesConversionOfTheAcceptedOriginals() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        let auditor = try portal.addUser(name: "kiem.toan", role: .auditor, password: "mot-mat-khau-dai")
        XCTAssertThrowsError(try portal.convert(by: officer)) { XCTAssertEqual($0 as? PortalError, .nothingAccepted) }
        let dn = try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn-dirty.csv", by: a)
        let xa = try portal.upload(try fixture("hdnd-xa-canonical.csv"), fileName: "xa.csv", by: a)
        let rejected = try portal.upload(try fixture("hdnd-tinh-mixed-groups.csv"), fileName: "tinh.csv", by: a)
        try portal.review([dn.id, xa.id], accept: true, comment: "", by: officer)
        try portal.review([rejected.id], accept: false, comment: "Thiếu đơn vị", by: officer)
        XCTAssertThrowsError(try portal.convert(by: a)) { XCTAssertEqual($0 as? PortalError, .notAllowed) }

        let run = try portal.convert(by: officer)
        XCTAssertEqual(run.uploads, [dn.id, xa.id])
        XCTAssertEqual(Portal.uploadID(inputName: Portal.inputName(xa)), xa.id)  // the run page links inputs back
        // dn-dirty 10 rows + hdnd-xa-canonical 7 rows.
        XCTAssertEqual(run.rows, 17)
        // `khaosat convert --reproducible` over the originals saved as u1-dn-dirty.csv and u2-xa.csv.
        let cli = try ConversionRun(set: shippedSet, inputs: [
            (root + "/Fixtures/responses/dn-dirty.csv", "u\(dn.id)-dn-dirty.csv"),
            (root + "/Fixtures/responses/hdnd-xa-canonical.csv", "u\(xa.id)-xa.csv"),
        ], options: IngestOptions(pseudonyms: portal.pseudonyms), runTime: nil)
        for file in cli.files {
            let path = try XCTUnwrap(try portal.runFile(run: run.id, name: file.name, by: auditor))
            XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file.bytes, file.name)
        }
        XCTAssertNil(try portal.runFile(run: run.id, name: "../portal.sqlite", by: officer))
        XCTAssertNil(try portal.runFile(run: run.id, name: "content3.csv", by: a))
        XCTAssertEqual(try portal.store.audit(limit: 1)[0].action, "download")
        // Converting the same uploads again gives the same files, in the same folder.
        XCTAssertEqual(try portal.convert(by: officer).folder, run.folder)
        XCTAssertEqual(try portal.document(of: run).units.count, 128)
    }

    func testTheQuarantineOfOneUploadIsItsSetAsideRows() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let b = try portal.addUser(name: "nha.thau.b", role: .contractor, password: "mot-mat-khau-dai")
        let up = try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn-dirty.csv", by: a)
        guard case .file(let path)? = try portal.quarantine(upload: up.id, by: a) else { return XCTFail("no quarantine file") }
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        // The header and the 7 rows set aside (the exact repeat of d1 on line 6 is counted as a duplicate, not a row).
        XCTAssertEqual(csv.split(separator: "\r\n").count, 1 + 7, csv)
        XCTAssertTrue(csv.contains("UNIT_UNKNOWN"))
        XCTAssertNil(try portal.quarantine(upload: up.id, by: b))
    }

    /// A large upload set aside keeps a small report (counts, the first 20 rows of each reason)
    /// and every row in its quarantine file, the same bytes as `khaosat validate --quarantine`.
    func testALargeSetAsideUploadKeepsASmallReportAndEveryRowInItsFile() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        var text = "submission_id;submitted_at;tu_cach;ma_nguoi_tl;tuoi;don_vi;so_lan;c321_1;c321_2;c322_1;c322_2;c323_1;"
            + "c323_2;c323_3;c324_1;c324_2;hl_chung;y_kien\n"
        for i in 0..<45 {  // an unknown unit on every row: 45 rows, one reason
            text += "x\(i);2025-10-05T08:00:00;cong_dan;;40;Phường Không Có;1;hl;quy_trinh;hl;co;hl;hl;khong;hl;hl;hl;\n"
        }
        let up = try portal.upload(Data(text.utf8), fileName: "lon.csv", by: a)
        XCTAssertEqual([up.rows, up.setAside], [45, 45])
        let report = try XCTUnwrap(try portal.report(upload: up.id, visibleTo: a))
        XCTAssertEqual(report.reasons, ["UNIT_UNKNOWN": 45])
        XCTAssertEqual(report.quarantine.map(\.source.line), Array(2...21))
        XCTAssertEqual(report.examplesPerReason, 20)

        let local = FileManager.default.temporaryDirectory.appendingPathComponent("lon-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: local) }
        try Data(text.utf8).write(to: local)
        let expected = local.path + ".quarantine.csv"
        defer { try? FileManager.default.removeItem(atPath: expected) }
        // What `khaosat validate --quarantine` writes for the same file: the one writer, so the same bytes.
        let inputs = [(path: local.path, name: "lon.csv")]
        let validated = Ingestor(set: shippedSet).validate(inputs)
        try QuarantineWriter(validated, inputs: inputs, options: IngestOptions()).write(validated.quarantine, toFile: expected)
        guard case .file(let path)? = try portal.quarantine(upload: up.id, by: a) else { return XCTFail("no quarantine file") }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), try Data(contentsOf: URL(fileURLWithPath: expected)))
    }

    func testUploadsAreListedAPageAtATimeNewestFirst() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let b = try portal.addUser(name: "nha.thau.b", role: .contractor, password: "mot-mat-khau-dai")
        let officer = try portal.addUser(name: "can.bo.snv", role: .officer, password: "mot-mat-khau-dai")
        var ids: [Int64] = []
        for (i, user) in [a, b, a].enumerated() { ids.append(try portal.upload(try fixture("dn-dirty.csv"), fileName: "d\(i).csv", by: user).id) }
        XCTAssertEqual(try portal.uploads(visibleTo: officer, limit: 2, offset: 0).map(\.id), [ids[2], ids[1]])
        XCTAssertEqual(try portal.uploads(visibleTo: officer, limit: 2, offset: 2).map(\.id), [ids[0]])
        XCTAssertEqual(try portal.uploads(visibleTo: a, limit: 1, offset: 1).map(\.id), [ids[0]])
        XCTAssertEqual([try portal.uploadCount(visibleTo: officer), try portal.uploadCount(visibleTo: a)], [3, 2])
    }

    func testWhatACrashLeavesIsRemovedWhenTheServerStarts() throws {
        let a = try portal.addUser(name: "nha.thau.a", role: .contractor, password: "mot-mat-khau-dai")
        let kept = try portal.upload(try fixture("dn-dirty.csv"), fileName: "dn.csv", by: a)
        // Killed while streaming (a temporary file), and between the rename and the commit (a blob without upload).
        let writer = try portal.blobWriter()
        try writer.write(Data("id,unit\n".utf8))
        let orphan = try portal.blobs.store(Data("a,b\n1,2\n".utf8))
        let orphanQuarantine = dir + "/quarantine/" + UUID().uuidString + ".csv"
        try Data("file,line\n".utf8).write(to: URL(fileURLWithPath: orphanQuarantine))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp").count, 1)
        let reopened = try Portal.open(directory: dir, set: shippedSet, pseudonyms: portal.pseudonyms)
        XCTAssertEqual(reopened.blobs.hashes().count, 2, "opening alone (users add, tokens add) cleans nothing")
        try reopened.removeLeftovers()
        XCTAssertEqual(reopened.blobs.hashes(), [kept.sha256])
        XCTAssertFalse(reopened.blobs.hashes().contains(orphan.sha256))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/blobs/tmp"), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: orphanQuarantine))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/quarantine").count, 1, "the kept upload's")
        withExtendedLifetime(writer) {}
    }
}

/// A counter several threads add to.
private final class Atomic: @unchecked Sendable {
    private var count: Int
    private let lock = NSLock()
    init(_ value: Int) { count = value }
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
