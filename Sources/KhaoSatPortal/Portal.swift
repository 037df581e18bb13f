import Crypto
import Foundation
import HummingbirdBcrypt
import KhaoSatIngest
import KhaoSatQuestionnaire

/// What the portal does, without HTTP: accounts, uploads with their validation, status
/// changes; every step on the audit log. The HTTP front calls these and nothing else.
public struct Portal: Sendable {
    public let store: any PortalStore
    public let blobs: BlobStore
    public let set: QuestionnaireSet
    public var maxUploadBytes = 200_000_000
    /// bcrypt cost: 12 in service; tests lower it.
    public var bcryptCost: UInt8 = 12

    public init(store: any PortalStore, blobs: BlobStore, set: QuestionnaireSet) {
        self.store = store
        self.blobs = blobs
        self.set = set
    }

    /// Opens (creating and migrating) the embedded storage under `directory`.
    public static func open(directory: String, set: QuestionnaireSet) throws -> Portal {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return Portal(store: try SQLiteStore(path: directory + "/portal.sqlite"), blobs: try BlobStore(directory: directory + "/blobs"), set: set)
    }

    // MARK: Accounts

    public func addUser(name: String, role: Role, password: String, by actor: Int64? = nil) throws -> User {
        guard name.wholeMatch(of: /[A-Za-z0-9._-]{3,64}/) != nil else { throw PortalError.badName(name) }
        guard password.count >= 12 else { throw PortalError.weakPassword }
        let user = try store.addUser(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: bcryptCost), at: Date())
        try store.append(AuditEntry(id: 0, at: Date(), actor: actor, action: "user.add", target: "user \(user.id)", detail: "\(name) (\(role.rawValue))"))
        return user
    }

    /// The account, or nil; both outcomes are on the audit log.
    public func login(name: String, password: String, from address: String) throws -> User? {
        let user = try store.user(named: name)
        let ok = user.map { Bcrypt.verify(password, hash: $0.passwordHash) } ?? false
        try store.append(AuditEntry(id: 0, at: Date(), actor: ok ? user?.id : nil, action: ok ? "login" : "login.failed",
                                    target: "user \(name)", detail: "từ \(address)"))
        return ok ? user : nil
    }

    /// A new API token for `user`, shown once; the store keeps its SHA-256.
    public func issueToken(for user: User) throws -> String {
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max)) }.joined()
        try store.addToken(user: user.id, sha256: Self.sha256(token), at: Date())
        try store.append(AuditEntry(id: 0, at: Date(), actor: user.id, action: "token.add", target: "user \(user.id)", detail: ""))
        return token
    }

    public func user(token: String) throws -> User? {
        try store.user(tokenSHA256: Self.sha256(token))
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: Uploads

    /// Stores the original by hash, validates it as `khaosat validate` would, and records the
    /// upload and its audit line in one transaction: a crash leaves no upload or a whole one.
    public func upload(_ data: Data, fileName: String, by user: User, replacing old: Int64? = nil) throws -> Upload {
        guard user.role == .contractor else { throw PortalError.notAllowed }
        guard data.count <= maxUploadBytes else { throw PortalError.tooLarge(limit: maxUploadBytes) }
        if let old {
            // Another contractor's upload does not exist, as far as this one can tell.
            guard let previous = try store.upload(id: old), previous.owner == user.id else { throw PortalError.notFound }
        }
        let name = Self.displayName(fileName)
        let sha = try blobs.store(data)
        var discard = SubmissionDiscard()
        let result = Ingestor(set: set).ingest([(blobs.path(sha256: sha), name)], into: &discard, makeSink: SubmissionDiscard.init)
        let total = result.total
        let upload = Upload(id: 0, owner: user.id, fileName: name, sha256: sha, bytes: data.count, uploadedAt: Date(),
                            status: .submitted, replaces: old, rows: total.rows, accepted: total.accepted, setAside: total.setAside,
                            duplicates: total.duplicates, failure: result.failures.first?.message)
        return try store.addUpload(upload, report: try ValidationReport.json(result), audit: AuditEntry(
            id: 0, at: upload.uploadedAt, actor: user.id, action: old == nil ? "upload" : "upload.replace", target: "",
            detail: "\(name) sha256=\(sha) \(data.count) byte" + (old.map { ", thay upload \($0)" } ?? "")))
    }

    /// What `user` may see: a contractor its own uploads, the others all of them.
    public func uploads(visibleTo user: User) throws -> [Upload] {
        try store.uploads(owner: user.role == .contractor ? user.id : nil)
    }

    /// nil (shown as 404) for an upload the user may not see.
    public func upload(id: Int64, visibleTo user: User) throws -> Upload? {
        guard let u = try store.upload(id: id), user.role != .contractor || u.owner == user.id else { return nil }
        return u
    }

    public func review(_ ids: [Int64], accept: Bool, comment: String, by user: User) throws {
        guard user.role == .officer else { throw PortalError.notAllowed }
        try store.setStatus(accept ? .accepted : .rejected, uploads: ids, audit: AuditEntry(
            id: 0, at: Date(), actor: user.id, action: accept ? "batch.accept" : "batch.reject",
            target: "uploads " + ids.map(String.init).joined(separator: " "), detail: comment))
    }

    /// The name shown for a file: its last path component, control characters removed, never a path.
    static func displayName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty || clean == "." || clean == ".." ? "tep-tai-len.csv" : String(clean.prefix(200))
    }
}
