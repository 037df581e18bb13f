import Crypto
import Foundation
import HummingbirdBcrypt
import KhaoSatCSV
import KhaoSatExport
import KhaoSatPipeline
import KhaoSatIngest
import KhaoSatQuality
import KhaoSatQuestionnaire

/// What the portal does, without HTTP: accounts, sessions, uploads with their validation,
/// reviews, conversions and downloads; every step on the audit log. The HTTP front (pages and
/// API alike) calls these and nothing else, so a role's rights are decided here, once.
package struct Portal: Sendable {
    /// Only through `Portal`: every right is checked here, once.
    let store: any PortalStore
    package let blobs: BlobStore
    package let set: QuestionnaireSet
    /// Where each run's files live, `runs/<SHA-256 of its content3.json>/`.
    package let runsDirectory: String
    /// Each upload's rows set aside, `quarantine/<random name>.csv` (its report keeps the first ones).
    package let quarantineDirectory: String
    /// Rows of each reason kept in a stored report, for the upload's page.
    package static let examplesPerReason = 20
    package let throttle = LoginThrottle()
    let versionsCache = VersionsCache()
    package var maxUploadBytes = 200_000_000
    package var sessionLifetime: TimeInterval = 8 * 3600
    /// Served to browsers over HTTPS (by a reverse proxy): cookies are `Secure`, and browsers are
    /// told to come back over HTTPS only (`serve --behind-https`).
    package var behindHTTPS = false
    /// The reverse proxies whose `X-Forwarded-For` names the client (`serve --trusted-proxy`).
    package var trustedProxies: Set<String> = []
    /// bcrypt cost: 12 in service; tests lower it.
    package var bcryptCost: UInt8 = 12
    /// The key of the set's declared personal values (`Portal.open` checks it is the data's).
    package var pseudonyms: PseudonymKey?
    var ingestOptions: IngestOptions { IngestOptions(pseudonyms: pseudonyms) }

    package init(store: any PortalStore, blobs: BlobStore, set: QuestionnaireSet, runsDirectory: String, quarantineDirectory: String) {
        self.store = store
        self.blobs = blobs
        self.set = set
        self.runsDirectory = runsDirectory
        self.quarantineDirectory = quarantineDirectory
    }

    /// Opens (creating and migrating) the embedded storage under `directory`. The data remembers
    /// the fingerprint of the first key it was opened with and refuses any other. With a key,
    /// originals are sealed at rest (those stored before are sealed now).
    package static func open(directory: String, set: QuestionnaireSet, pseudonyms: PseudonymKey? = nil) throws -> Portal {
        try FileManager.default.createDirectory(atPath: directory + "/runs/tmp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/quarantine", withIntermediateDirectories: true)
        let recorded = directory + "/pseudonym-key.fingerprint"
        if let fingerprint = pseudonyms?.fingerprint {
            if let known = try? String(contentsOfFile: recorded, encoding: .utf8), known != fingerprint {
                throw PortalError.otherKey(data: known, given: fingerprint)
            }
            try fingerprint.write(toFile: recorded, atomically: true, encoding: .utf8)
        }
        let blobs = try BlobStore(directory: directory + "/blobs", vault: pseudonyms.map(Vault.init))
        var portal = Portal(store: try SQLiteStore(path: directory + "/portal.sqlite"), blobs: blobs,
                            set: set, runsDirectory: directory + "/runs", quarantineDirectory: directory + "/quarantine")
        portal.pseudonyms = pseudonyms
        if try blobs.sealPlainBlobs() > 0 { try portal.audit(nil, "privacy.seal", "", "niêm phong các tệp gốc lưu trước khi có khoá") }
        return portal
    }

    /// What an interrupted upload or conversion left: temporary files, blobs no upload points
    /// to. Called by the server before it listens — never while another process may be uploading.
    package func removeLeftovers() throws {
        let tmp = runsDirectory + "/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] {
            try? FileManager.default.removeItem(atPath: tmp + "/" + name)
        }
        blobs.removeAll(except: Set(try store.uploads(owner: nil).map(\.storedSHA256)))
        let kept = try store.quarantineFiles()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: quarantineDirectory)) ?? [] where !kept.contains(name) {
            try? FileManager.default.removeItem(atPath: quarantineDirectory + "/" + name)
        }
    }

    // MARK: Health

    /// What keeps the portal from working now, in Vietnamese (empty: healthy): the database
    /// answers, the data folder takes a file, and has room for the largest upload.
    package func healthProblems() -> [String] {
        var problems: [String] = []
        do { _ = try store.uploadCount(owner: nil) } catch { problems.append("cơ sở dữ liệu không trả lời: \(error)") }
        let probe = runsDirectory + "/tmp/.health-" + UUID().uuidString
        if FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) {
            try? FileManager.default.removeItem(atPath: probe)
        } else {
            problems.append("không ghi được vào thư mục dữ liệu (\(runsDirectory)/tmp)")
        }
        if let free = dataFolder.freeBytes(), free < maxUploadBytes {
            problems.append("đĩa chỉ còn \(free / 1_000_000) MB, ít hơn một tệp tải lên lớn nhất (\(maxUploadBytes / 1_000_000) MB)")
        }
        return problems
    }

    // MARK: Accounts and sessions

    package func addUser(name: String, role: Role, password: String, by actor: Int64? = nil) throws -> User {
        guard name.wholeMatch(of: /[A-Za-z0-9._-]{3,64}/) != nil else { throw PortalError.badName(name) }
        if let problem = Self.passwordProblem(password) { throw problem }
        let user = try store.addUser(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: bcryptCost), at: Date())
        try audit(actor, "user.add", "user \(user.id)", "\(name) (\(role.rawValue))")
        return user
    }

    /// Disables or enables an account (the command line: `actor` nil). A disabled account's
    /// sessions end at once and its tokens are refused; nothing of it is deleted.
    package func setDisabled(_ name: String, _ disabled: Bool, by actor: Int64? = nil, now: Date = Date()) throws {
        guard var user = try store.user(named: name) else { throw PortalError.notFound }
        guard (user.disabledAt != nil) != disabled else { return }
        user.disabledAt = disabled ? now : nil
        try store.updateUser(user, audit: AuditEntry(id: 0, at: now, actor: actor, action: disabled ? "user.disable" : "user.enable",
                                                     target: "user \(user.id)", detail: name))
    }

    package func setRole(_ name: String, _ role: Role, by actor: Int64? = nil) throws {
        guard var user = try store.user(named: name) else { throw PortalError.notFound }
        let before = user.role
        user.role = role
        try store.updateUser(user, audit: AuditEntry(id: 0, at: Date(), actor: actor, action: "user.role", target: "user \(user.id)",
                                                     detail: "\(name): \(before.rawValue) → \(role.rawValue)"))
    }

    /// A new password set by the administrator (the user was locked out); ends the account's sessions.
    package func resetPassword(_ name: String, to password: String, by actor: Int64? = nil) throws {
        guard var user = try store.user(named: name) else { throw PortalError.notFound }
        if let problem = Self.passwordProblem(password) { throw problem }
        user.passwordHash = try Bcrypt.hash(password, cost: bcryptCost)
        try store.updateUser(user, audit: AuditEntry(id: 0, at: Date(), actor: actor, action: "user.password.reset",
                                                     target: "user \(user.id)", detail: name))
    }

    /// A signed-in user changes his own password, giving the current one; every session of the
    /// account ends (the page signs in again).
    package func changePassword(of user: User, current: String, new password: String) throws {
        guard let stored = try store.user(id: user.id), Bcrypt.verify(current, hash: stored.passwordHash) else {
            try audit(user.id, "user.password.failed", "user \(user.id)", user.name)
            throw PortalError.wrongPassword
        }
        if let problem = Self.passwordProblem(password) { throw problem }
        var changed = stored
        changed.passwordHash = try Bcrypt.hash(password, cost: bcryptCost)
        try store.updateUser(changed, audit: AuditEntry(id: 0, at: Date(), actor: user.id, action: "user.password", target: "user \(user.id)",
                                                        detail: user.name))
    }

    /// Every account with its state, for officers (passwords are never shown: only their hashes exist).
    package func accounts(visibleTo user: User) throws -> [User] {
        guard user.role == .officer else { throw PortalError.notAllowed }
        return try store.users()
    }

    /// The account, or nil; both outcomes are on the audit log. Throws `tooManyAttempts`
    /// (also on the log) while the account or the address is throttled.
    package func login(name: String, password: String, from address: String) throws -> User? {
        let began = Date()
        if let minutes = throttle.begin(account: name, address: address, now: began) {
            try audit(nil, "login.throttled", "user \(name)", "từ \(address)")
            throw PortalError.tooManyAttempts(minutes: minutes)
        }
        let user = try store.user(named: name)
        // bcrypt reads 72 bytes and stops at NUL: such a password could match another; never.
        let usable = password.utf8.count <= 72 && !password.utf8.contains(0)
        let ok: Bool
        if let user, usable, user.disabledAt == nil {
            ok = Bcrypt.verify(password, hash: user.passwordHash)
        } else {
            // As long as a real check, so the time does not tell which account names exist.
            _ = Bcrypt.hash(password, cost: bcryptCost)
            ok = false
        }
        try audit(ok ? user?.id : nil, ok ? "login" : "login.failed", "user \(name)",
                  "từ \(address)" + (user?.disabledAt != nil ? "; tài khoản đã bị khoá" : ""))
        if ok { throttle.succeeded(account: name, address: address, began: began) }
        return ok ? user : nil
    }

    /// Why a password is refused: under 12 characters, fewer than 8 that are not spaces, over
    /// 72 bytes (bcrypt ignores the rest), or a NUL (bcrypt stops there).
    static func passwordProblem(_ password: String) -> PortalError? {
        guard password.count >= 12, password.filter({ !$0.isWhitespace }).count >= 8 else { return .weakPassword }
        guard password.utf8.count <= 72, !password.utf8.contains(0) else { return .unusablePassword }
        return nil
    }

    /// A new session: the cookie's token (shown once, stored as its SHA-256) and the session.
    package func startSession(for user: User) throws -> (token: String, session: Session) {
        let token = Self.randomToken(), csrf = Self.randomToken()
        let expires = Date().addingTimeInterval(sessionLifetime)
        try store.addSession(tokenSHA256: Self.sha256(token), user: user.id, csrf: csrf, expiresAt: expires)
        return (token, Session(user: user, csrf: csrf, expiresAt: expires))
    }

    package func session(token: String) throws -> Session? {
        guard let s = try store.session(tokenSHA256: Self.sha256(token)), s.expiresAt > Date(), s.user.disabledAt == nil else { return nil }
        return s
    }

    package func endSession(token: String, user: User) throws {
        try store.removeSession(tokenSHA256: Self.sha256(token))
        try audit(user.id, "logout", "user \(user.name)", "")
    }

    /// A new API token for `user`, shown once; the store keeps its SHA-256. It expires after
    /// `days` (90 unless said otherwise).
    package func issueToken(for user: User, days: Int = 90, now: Date = Date()) throws -> (token: String, record: APIToken) {
        let token = Self.randomToken()
        let expires = now.addingTimeInterval(TimeInterval(days) * 86_400)
        let record = try store.addToken(user: user.id, sha256: Self.sha256(token), at: now, expiresAt: expires,
                                        audit: AuditEntry(id: 0, at: now, actor: user.id, action: "token.add", target: "",
                                                          detail: "user \(user.name), hết hạn \(Self.day(expires))"))
        return (token, record)
    }

    /// The account of a live token. Its last use is kept to the minute; the first use of each
    /// day is a line of the audit log (every request would drown it).
    package func user(token: String, now: Date = Date()) throws -> User? {
        guard let (user, record) = try store.token(sha256: Self.sha256(token), at: now), user.disabledAt == nil else { return nil }
        if record.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            let firstToday = record.lastUsedAt.map { Self.day($0) != Self.day(now) } ?? true
            try store.markUsed(token: record.id, at: now, audit: firstToday
                ? AuditEntry(id: 0, at: now, actor: user.id, action: "token.use", target: "token \(record.id)", detail: "")
                : nil)
        }
        return user
    }

    package func tokens() throws -> [APIToken] { try store.tokens() }

    /// Revokes a token from the command line (no account acts: `actor` is nil).
    package func revokeToken(id: Int64, now: Date = Date()) throws {
        let entry = AuditEntry(id: 0, at: now, actor: nil, action: "token.revoke", target: "token \(id)", detail: "")
        guard try store.revokeToken(id: id, at: now, audit: entry) else { throw PortalError.notFound }
    }

    /// A day as the audit log and the token list show it (in Vietnam).
    static func day(_ date: Date) -> String { String(VietnamTime.iso(date).prefix(10)) }

    // MARK: Uploads

    /// A writer for one upload's bytes, limited to `maxUploadBytes`.
    package func blobWriter() throws -> BlobWriter { try blobs.writer(limit: maxUploadBytes) }

    /// Records an upload whose bytes `writer` holds: validates them as `khaosat validate` would,
    /// keeps them under their SHA-256, then records the upload, its report and its audit line in
    /// one transaction. Refused (wrong role, unknown upload to replace, not a response file): the
    /// bytes are dropped. A crash after the rename, before the commit, leaves a blob no upload
    /// points to, removed at the next start: no upload, or a whole one.
    package func upload(_ writer: BlobWriter, fileName: String, by user: User, replacing old: Int64? = nil,
                       progress: (@Sendable (Int) -> Void)? = nil) throws -> Upload {
        defer { writer.abandon() }  // a no-op once kept
        try mayUpload(by: user, replacing: old)
        _ = try writer.finish()
        let name = Self.displayName(fileName)
        // The quality checks run on the same read: a contractor sees the flags beside the accounting.
        let check = UploadCheck(set: set, inputs: [(path: writer.temporaryPath, name: name)], options: ingestOptions,
                                checksQuality: true, progressEvery: 2_000, progress: progress.map { report in { report($1) } })
        let result = check.ingest
        if let failure = result.failures.first { throw PortalError.unreadable(failure.message) }
        // Written before the record, like the blob: a crash in between leaves a file no upload
        // names, removed at the next start.
        let quarantineFile = UUID().uuidString + ".csv"
        try check.writeQuarantine(toFile: quarantineDirectory + "/" + quarantineFile)
        // Refused (another replacement won): its files go now, not at the next start.
        var recorded = false, kept: FileDigest?
        defer {
            if !recorded { try? FileManager.default.removeItem(atPath: quarantineDirectory + "/" + quarantineFile) }
            if let kept {
                blobs.release(kept.sha256) { !recorded && !((try? store.uploads(owner: nil).contains { $0.storedSHA256 == kept.sha256 }) ?? true) }
            }
        }
        let blob = try writer.keep()
        kept = blob
        let total = result.total
        let upload = Upload(id: 0, owner: user.id, fileName: name, sha256: blob.sha256, bytes: blob.bytes, uploadedAt: Date(),
                            status: .submitted, replaces: old, rows: total.rows, submissions: total.submissions,
                            accepted: total.accepted, setAside: total.setAside, duplicates: total.duplicates)
        let report = try check.jsonReport(examplesPerReason: Self.examplesPerReason)
        let stored = try store.addUpload(upload, report: report, quarantineFile: quarantineFile, audit: AuditEntry(
            id: 0, at: upload.uploadedAt, actor: user.id, action: old == nil ? "upload" : "upload.replace", target: "",
            detail: "\(name) sha256=\(blob.sha256) \(blob.bytes) byte" + (old.map { ", thay upload \($0)" } ?? "")))
        recorded = true
        return stored
    }

    /// Whether `user` may upload (and replace `old`): checked again when the upload is recorded.
    package func mayUpload(by user: User, replacing old: Int64? = nil) throws {
        guard user.role == .contractor else { throw PortalError.notAllowed }
        if let old {
            // Another contractor's upload does not exist, as far as this one can tell.
            guard let previous = try store.upload(id: old), previous.owner == user.id else { throw PortalError.notFound }
            guard previous.status != .replaced else { throw PortalError.alreadyReplaced(old) }
        }
    }

    /// Stores and records bytes already in memory (the command line, tests).
    package func upload(_ data: Data, fileName: String, by user: User, replacing old: Int64? = nil) throws -> Upload {
        let writer = try blobWriter()
        try writer.write(data)
        return try upload(writer, fileName: fileName, by: user, replacing: old)
    }

    /// What `user` may see: a contractor its own uploads, the others all of them; newest first,
    /// `limit` at a time from `offset` (nil: all).
    package func uploads(visibleTo user: User, limit: Int? = nil, offset: Int = 0) throws -> [Upload] {
        try store.uploads(owner: user.role == .contractor ? user.id : nil, limit: limit, offset: offset)
    }

    package func uploadCount(visibleTo user: User) throws -> Int {
        try store.uploadCount(owner: user.role == .contractor ? user.id : nil)
    }

    /// nil (shown as 404) for an upload the user may not see.
    package func upload(id: Int64, visibleTo user: User) throws -> Upload? {
        guard let u = try store.upload(id: id), user.role != .contractor || u.owner == user.id else { return nil }
        return u
    }

    /// Accepts or rejects a batch. Before uploads that share submission ids with each other or
    /// with accepted ones are accepted, the officer sees the overlaps (`PortalError.overlaps`)
    /// and answers with `choices` (and `confirmed`); each choice's winner prevails in every
    /// later conversion, its loser is accepted for its other ids or rejected.
    package func review(_ ids: [Int64], accept: Bool, comment: String, by user: User,
                       choices: [OverlapChoice] = [], confirmed: Bool = false) throws {
        guard user.role == .officer else { throw PortalError.notAllowed }
        for id in ids {
            guard let upload = try store.upload(id: id) else { throw PortalError.notFound }
            // Its replacement is what counts; accepting both would count the same answers twice.
            guard upload.status != .replaced else { throw PortalError.alreadyReplaced(id) }
        }
        let target = "uploads " + ids.map(String.init).joined(separator: " ")
        guard accept else {
            return try store.decide(accept: [], reject: ids, preferences: [:], audit: AuditEntry(
                id: 0, at: Date(), actor: user.id, action: "batch.reject", target: target, detail: comment))
        }
        if !confirmed {
            let found = try overlaps(accepting: ids)
            guard found.isEmpty else { throw PortalError.overlaps(found) }
        }
        let all = try store.uploads(owner: nil)
        var rank = all.compactMap(\.preference).max() ?? 0
        var preferences: [Int64: Int] = [:], rejected: [Int64] = []
        for choice in choices {
            guard ids.contains(choice.winner) || ids.contains(choice.loser) else { throw PortalError.notFound }
            rank += 1
            preferences[choice.winner] = rank
            if !choice.keepsRest { rejected.append(choice.loser) }
        }
        let words = choices.map { "u\($0.winner) được tính thay u\($0.loser)" + ($0.keepsRest ? " (u\($0.loser) giữ các mã còn lại)" : " (u\($0.loser) không được chấp nhận)") }
        try store.decide(accept: ids.filter { !rejected.contains($0) }, reject: rejected, preferences: preferences, audit: AuditEntry(
            id: 0, at: Date(), actor: user.id, action: "batch.accept", target: target,
            detail: ([comment] + words).filter { !$0.isEmpty }.joined(separator: "; ")))
    }

    // MARK: Downloads (each on the audit log)

    /// The file as stored (the original, or its pseudonymised copy after a purge or an erasure)
    /// and the name to download it as: officers and auditors only, since it holds personal values.
    package func original(upload id: Int64, by user: User) throws -> (file: StoredFile, name: String)? {
        guard let u = try upload(id: id, visibleTo: user) else { return nil }
        guard user.role != .contractor else { throw PortalError.notAllowed }
        try audit(user.id, "download", "upload \(id)", (u.stored == nil ? "original " : "pseudonymised copy ") + u.fileName)
        return (try blobs.open(sha256: u.storedSHA256), Self.inputName(u))
    }

    /// The validation report stored with the upload; nil (404) for an upload the user may not see.
    package func report(upload id: Int64, visibleTo user: User) throws -> ValidationReport.Document? {
        guard try upload(id: id, visibleTo: user) != nil, let json = try store.report(upload: id) else { return nil }
        return try ValidationReport.document(json: json)
    }

    /// The rows of one upload that were set aside, `quarantine.csv`: its file, or for an upload
    /// stored before there were such files, made from its report (which has every row).
    package enum QuarantineDownload: Sendable { case file(String), bytes([UInt8]) }

    package func quarantine(upload id: Int64, by user: User) throws -> QuarantineDownload? {
        guard try upload(id: id, visibleTo: user) != nil else { return nil }
        try audit(user.id, "download", "upload \(id)", "quarantine.csv")
        if let name = try store.quarantineFile(upload: id) { return .file(quarantineDirectory + "/" + name) }
        guard let report = try report(upload: id, visibleTo: user) else { return nil }
        return .bytes(try QuarantineWriter().bytes(report.quarantine))
    }

    // MARK: Conversion

    /// Converts the accepted uploads as `khaosat convert --reproducible` would: the run's files
    /// are byte for byte those of the command line over the originals saved under their input
    /// names (`inputName`). The time is on the record and the audit log, not in the files.
    /// Refused while accepted uploads share ids with other answers and none was chosen
    /// (`PortalError.overlaps`), unless the officer `confirmed` that neither version counts.
    package func convert(by user: User, confirmed: Bool = false, progress: (@Sendable (Int) -> Void)? = nil) throws -> ConversionRecord {
        guard user.role == .officer else { throw PortalError.notAllowed }
        let accepted = try store.uploads(owner: nil).filter { $0.status == .accepted }.sorted { $0.id < $1.id }
        guard !accepted.isEmpty else { throw PortalError.nothingAccepted }
        if !confirmed {
            let unresolved = try unresolvedOverlaps()
            guard unresolved.isEmpty else { throw PortalError.overlaps(unresolved) }
        }
        var options = ingestOptions
        options.preferredInputs = preferredInputs(accepted)
        // Rows read so far over all inputs (each file's count starts again at 0).
        var before = 0, current = 0
        let rows: ((String, Int) -> Void)? = progress.map { report in { _, n in
            if n < current { before += current }
            current = n
            report(before + n)
        } }
        let run = try withPlainFiles(accepted) { try ConversionRun(set: set, inputs: $0, options: options, runTime: nil, progress: rows) }
        let json = run.files.first { $0.name == "content3.json" }!.bytes
        let folder = SHA256.hash(data: json).hex
        let final = runsDirectory + "/" + folder
        if !FileManager.default.fileExists(atPath: final) {
            let temp = runsDirectory + "/tmp/" + UUID().uuidString
            try RunWriter(directory: temp).write(run.files)
            if rename(temp, final) != 0 && !FileManager.default.fileExists(atPath: final) { throw CocoaError(.fileWriteUnknown) }
            try? FileManager.default.removeItem(atPath: temp)
        }
        let total = run.ingest.total
        let record = ConversionRecord(id: 0, at: Date(), actor: user.id, uploads: accepted.map(\.id), folder: folder,
                                      rows: total.rows, submissions: total.submissions, accepted: total.accepted, setAside: total.setAside,
                                      duplicates: total.duplicates)
        return try store.addRun(record, audit: AuditEntry(
            id: 0, at: record.at, actor: user.id, action: "convert", target: "",
            detail: "uploads \(record.uploads.map(String.init).joined(separator: " ")), content3.json sha256=\(folder)"))
    }

    /// The stored report as JSON, for the API; nil (404) for an upload the user may not see.
    package func reportJSON(upload id: Int64, visibleTo user: User) throws -> String? {
        guard try upload(id: id, visibleTo: user) != nil else { return nil }
        return try store.report(upload: id)
    }

    /// Every run, newest first; officers and auditors only.
    package func runs(visibleTo user: User) throws -> [ConversionRecord] {
        guard user.role != .contractor else { throw PortalError.notAllowed }
        return try store.runs()
    }

    /// The latest audit lines; officers and auditors only.
    package func audit(visibleTo user: User, limit: Int = 1000) throws -> [AuditEntry] {
        guard user.role != .contractor else { throw PortalError.notAllowed }
        return try store.audit(limit: limit)
    }

    /// How many uploads are accepted: what a conversion would read.
    package func acceptedUploadCount() throws -> Int {
        try store.uploads(owner: nil).filter { $0.status == .accepted }.count
    }

    package func user(named name: String) throws -> User? { try store.user(named: name) }

    package func users() throws -> [User] { try store.users() }

    /// Runs are for officers and auditors; nil (404) for anyone else.
    package func run(id: Int64, visibleTo user: User) throws -> ConversionRecord? {
        user.role == .contractor ? nil : try store.run(id: id)
    }

    package func document(of run: ConversionRecord) throws -> Content3Document {
        try Content3Document.read(directory: runsDirectory + "/" + run.folder)
    }

    /// One of the run's files (`RunFiles.names`), on the audit log; nil for any other name.
    package func runFile(run id: Int64, name: String, by user: User) throws -> String? {
        guard RunFiles.names.contains(name), let run = try run(id: id, visibleTo: user) else { return nil }
        try audit(user.id, "download", "run \(id)", name)
        return runsDirectory + "/" + run.folder + "/" + name
    }

    /// The run's folder, for a unit's dossier (UnitDossier reads its files); audited as its reading.
    package func runDirectory(_ run: ConversionRecord, unit: String, by user: User) throws -> String {
        try audit(user.id, "dossier", "run \(run.id)", unit)
        return runsDirectory + "/" + run.folder
    }

    /// The rows of one of the run's CSV files, for its page (empty when it cannot be read).
    package func runTable(_ run: ConversionRecord, _ name: String) -> [[String: String]] {
        (try? CSVReader(path: runsDirectory + "/" + run.folder + "/" + name).readNamedRows().rows) ?? []
    }

    // MARK: Helpers

    /// The name an upload has inside a run: unique, so two contractors' `ket-qua.csv` never meet.
    package static func inputName(_ upload: Upload) -> String { "u\(upload.id)-\(upload.fileName)" }

    /// The upload an input name of a run stands for.
    package static func uploadID(inputName: String) -> Int64? {
        inputName.hasPrefix("u") ? Int64(inputName.dropFirst().prefix { $0 != "-" }) : nil
    }

    /// The name shown for a file: its last path component, control characters removed, never a path.
    static func displayName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty || clean == "." || clean == ".." ? "tep-tai-len.csv" : String(clean.prefix(200))
    }

    func audit(_ actor: Int64?, _ action: String, _ target: String, _ detail: String) throws {
        try store.append(AuditEntry(id: 0, at: Date(), actor: actor, action: action, target: target, detail: detail))
    }

    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).hex
    }
}
