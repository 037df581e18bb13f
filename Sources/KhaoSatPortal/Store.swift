import Foundation

/// Where the portal keeps accounts, uploads and the audit log. SQLite (`SQLiteStore`) is the
/// embedded default; a PostgreSQL store for a multi-province deployment would implement the
/// same protocol without touching the handlers.
package protocol PortalStore: Sendable {
    func addUser(name: String, role: Role, passwordHash: String, at: Date) throws -> User
    func user(named name: String) throws -> User?
    func user(id: Int64) throws -> User?
    func users() throws -> [User]
    /// Changes an account (role, password hash, disabled or not) and appends `audit`; a new
    /// password or a disabled account also ends the account's sessions.
    func updateUser(_ user: User, audit: AuditEntry) throws
    /// API tokens, kept as their SHA-256 only. Adds the token and appends `audit`, all or nothing.
    func addToken(user: Int64, sha256: String, at: Date, expiresAt: Date, audit: AuditEntry) throws -> APIToken
    /// The account of a live token (not revoked, not expired at `now`) and the token.
    func token(sha256: String, at now: Date) throws -> (User, APIToken)?
    /// Records a use; appends `audit` (nil: no line) in the same transaction.
    func markUsed(token id: Int64, at: Date, audit: AuditEntry?) throws
    func tokens() throws -> [APIToken]
    /// Revokes a live token and appends `audit`; false when there is no such live token.
    func revokeToken(id: Int64, at: Date, audit: AuditEntry) throws -> Bool

    /// Inserts the upload with its validation report (`khaosat validate --format json`, with
    /// the first rows of each reason) and the name of its quarantine file, marks
    /// `upload.replaces` replaced and appends `audit`, all or nothing.
    func addUpload(_ upload: Upload, report: String, quarantineFile: String?, audit: AuditEntry) throws -> Upload
    func upload(id: Int64) throws -> Upload?
    func report(upload id: Int64) throws -> String?
    /// nil for an upload stored before quarantine files (its report has every row).
    func quarantineFile(upload id: Int64) throws -> String?
    func quarantineFiles() throws -> Set<String>
    /// Every upload (`limit` nil), or a page of them, or of one owner's, newest first; reports not read.
    func uploads(owner: Int64?, limit: Int?, offset: Int) throws -> [Upload]
    func uploadCount(owner: Int64?) throws -> Int
    /// An officer's decision on a batch: the statuses, the preferences of uploads chosen in an
    /// overlap, and `audit`, all or nothing.
    func decide(accept: [Int64], reject: [Int64], preferences: [Int64: Int], audit: AuditEntry) throws
    /// Points the upload at another stored blob (its pseudonymised copy) and appends `audit`;
    /// `purgedAt`: when the retention period's purge did it.
    func replaceStored(upload id: Int64, by sha256: String, purgedAt: Date?, audit: AuditEntry) throws

    /// Browser sessions, kept as the SHA-256 of the cookie's token.
    func addSession(tokenSHA256: String, user: Int64, csrf: String, expiresAt: Date) throws
    func session(tokenSHA256: String) throws -> Session?
    func removeSession(tokenSHA256: String) throws

    /// Inserts the run and appends `audit`, all or nothing.
    func addRun(_ run: ConversionRecord, audit: AuditEntry) throws -> ConversionRecord
    func runs() throws -> [ConversionRecord]
    func run(id: Int64) throws -> ConversionRecord?

    /// A consistent copy of the database at `path`, taken while the portal serves.
    func backupDatabase(to path: String) throws

    func append(_ entry: AuditEntry) throws
    func audit(limit: Int) throws -> [AuditEntry]
}

extension PortalStore {
    /// Every upload, or one owner's, newest first.
    package func uploads(owner: Int64?) throws -> [Upload] { try uploads(owner: owner, limit: nil, offset: 0) }
}
