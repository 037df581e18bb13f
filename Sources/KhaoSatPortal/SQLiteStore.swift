import Foundation
import GRDB
import KhaoSatCSV

/// The embedded store: one SQLite file, created and migrated on first open.
package final class SQLiteStore: PortalStore {
    private let db: DatabaseQueue

    package init(path: String) throws {
        var configuration = Configuration()
        // The command line (users, tokens) may write while the server does: wait, do not fail.
        configuration.busyMode = .timeout(10)
        db = try DatabaseQueue(path: path, configuration: configuration)
        let migrator = Self.migrator
        let applied = try db.read { try migrator.appliedIdentifiers($0) }
        // An older program on data a newer one migrated would misread it: refuse, before any change.
        let unknown = applied.subtracting(migrator.migrations)
        guard unknown.isEmpty else { throw PortalError.newerData(unknown.sorted()) }
        // Data of an earlier version: a copy of the database as it was, before the first migration touches it.
        let pending = migrator.migrations.filter { !applied.contains($0) }
        if !applied.isEmpty, let first = pending.first {
            let copy = path + ".before-" + first.prefix { $0 != ":" } + "-" + VietnamTime.compact(Date())
            try backupDatabase(to: copy)
        }
        try migrator.migrate(db)
    }

    /// A consistent copy of the database while others read and write it (SQLite's online backup).
    package func backupDatabase(to path: String) throws {
        try db.backup(to: try DatabaseQueue(path: path))
    }

    /// What a database file points to on disk, read without changing it (`PRAGMA integrity_check`
    /// first): a backup or a data folder is checked against these.
    package static func references(path: String) throws -> DataReferences {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration).read { db in
            DataReferences(
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; "),
                blobs: Set(try String.fetchAll(db, sql: "SELECT COALESCE(stored, sha256) FROM upload")),
                runs: Set(try String.fetchAll(db, sql: "SELECT folder FROM run")),
                quarantineFiles: Set(try String.fetchAll(db, sql: "SELECT quarantineFile FROM upload WHERE quarantineFile IS NOT NULL")),
                migrations: try migrator.appliedIdentifiers(db))
        }
    }

    /// The migrations this program knows, in order.
    package static var knownMigrations: [String] { migrator.migrations }

    /// Versioned: a new version is a new `registerMigration`, never an edit of an old one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "upload") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("owner", .integer).notNull().references("user")
                t.column("fileName", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("bytes", .integer).notNull()
                t.column("uploadedAt", .datetime).notNull()
                t.column("status", .text).notNull()
                t.column("replaces", .integer).references("upload")
                t.column("rows", .integer).notNull()
                t.column("accepted", .integer).notNull()
                t.column("setAside", .integer).notNull()
                t.column("duplicates", .integer).notNull()
                t.column("failure", .text)  // unused since unreadable files are refused
                t.column("reportJSON", .text).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .integer)
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("detail", .text).notNull()
            }
            // Append-only: the database itself refuses to change or delete a line of the log.
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
                """)
        }
        m.registerMigration("v2: API tokens") { db in
            try db.create(table: "token") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("user", .integer).notNull().references("user")
                t.column("sha256", .text).notNull().unique()  // the token itself is never stored
                t.column("createdAt", .datetime).notNull()
            }
        }
        m.registerMigration("v3: sessions and runs") { db in
            try db.alter(table: "upload") { t in t.add(column: "submissions", .integer).notNull().defaults(to: 0) }
            try db.create(table: "session") { t in
                t.primaryKey("sha256", .text)  // the cookie's token is never stored
                t.column("user", .integer).notNull().references("user")
                t.column("csrf", .text).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("actor", .integer).notNull().references("user")
                t.column("uploads", .text).notNull()  // ids, space-separated
                t.column("folder", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("submissions", .integer).notNull()
                t.column("accepted", .integer).notNull()
                t.column("setAside", .integer).notNull()
                t.column("duplicates", .integer).notNull()
            }
        }
        m.registerMigration("v4: token expiry, last use, revocation") { db in
            try db.alter(table: "token") { t in
                t.add(column: "expiresAt", .datetime)
                t.add(column: "lastUsedAt", .datetime)
                t.add(column: "revokedAt", .datetime)
            }
            // Tokens issued before expiry existed get the default lifetime from their issue.
            try db.execute(sql: "UPDATE token SET expiresAt = datetime(createdAt, '+90 days') WHERE expiresAt IS NULL")
        }
        m.registerMigration("v5: quarantine files") { db in
            // Rows set aside are kept in a file of their own; reportJSON keeps counts and examples.
            try db.alter(table: "upload") { t in t.add(column: "quarantineFile", .text) }
        }
        m.registerMigration("v6: pseudonymised copies") { db in
            try db.alter(table: "upload") { t in
                t.add(column: "stored", .text)
                t.add(column: "purgedAt", .datetime)
            }
        }
        m.registerMigration("v7: disabled accounts") { db in
            try db.alter(table: "user") { t in t.add(column: "disabledAt", .datetime) }
        }
        m.registerMigration("v8: preferred uploads in overlaps") { db in
            try db.alter(table: "upload") { t in t.add(column: "preference", .integer) }
        }
        return m
    }

    package func addSession(tokenSHA256 hash: String, user: Int64, csrf: String, expiresAt: Date) throws {
        try db.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [Date()])
            try db.execute(sql: "INSERT INTO session (sha256, user, csrf, expiresAt) VALUES (?, ?, ?, ?)",
                           arguments: [hash, user, csrf, expiresAt])
        }
    }

    package func session(tokenSHA256 hash: String) throws -> Session? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT user, csrf, expiresAt FROM session WHERE sha256 = ?", arguments: [hash]),
                  let user = try UserRow.fetchOne(db, key: row["user"] as Int64)?.user else { return nil }
            return Session(user: user, csrf: row["csrf"], expiresAt: row["expiresAt"])
        }
    }

    package func removeSession(tokenSHA256 hash: String) throws {
        try db.write { try $0.execute(sql: "DELETE FROM session WHERE sha256 = ?", arguments: [hash]) }
    }

    package func addRun(_ run: ConversionRecord, audit: AuditEntry) throws -> ConversionRecord {
        try db.write { db in
            var row = RunRow(run)
            try row.insert(db)
            var entry = AuditRow(audit)
            entry.target = "run \(row.id!)"
            try entry.insert(db)
            return row.record
        }
    }

    package func runs() throws -> [ConversionRecord] {
        try db.read { try RunRow.order(Column("id").desc).fetchAll($0).map(\.record) }
    }

    package func run(id: Int64) throws -> ConversionRecord? {
        try db.read { try RunRow.fetchOne($0, key: id)?.record }
    }

    private static let tokenQuery = """
        SELECT token.id, token.user, user.name, token.createdAt, token.expiresAt, token.lastUsedAt, token.revokedAt
        FROM token JOIN user ON user.id = token.user
        """

    private static func apiToken(_ row: Row) -> APIToken {
        APIToken(id: row[0], user: row[1], userName: row[2], createdAt: row[3], expiresAt: row[4],
                 lastUsedAt: row[5], revokedAt: row[6])
    }

    package func addToken(user: Int64, sha256: String, at: Date, expiresAt: Date, audit: AuditEntry) throws -> APIToken {
        try db.write { db in
            try db.execute(sql: "INSERT INTO token (user, sha256, createdAt, expiresAt) VALUES (?, ?, ?, ?)",
                           arguments: [user, sha256, at, expiresAt])
            let id = db.lastInsertedRowID
            var entry = AuditRow(audit)
            entry.target = "token \(id)"
            try entry.insert(db)
            return try Row.fetchOne(db, sql: Self.tokenQuery + " WHERE token.id = ?", arguments: [id]).map(Self.apiToken)!
        }
    }

    package func token(sha256: String, at now: Date) throws -> (User, APIToken)? {
        try db.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.tokenQuery + " WHERE token.sha256 = ? AND token.revokedAt IS NULL AND token.expiresAt > ?",
                                             arguments: [sha256, now]),
                  let user = try UserRow.fetchOne(db, key: row[1] as Int64)?.user else { return nil }
            return (user, Self.apiToken(row))
        }
    }

    package func markUsed(token id: Int64, at: Date, audit: AuditEntry?) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE token SET lastUsedAt = ? WHERE id = ?", arguments: [at, id])
            if let audit { var entry = AuditRow(audit); try entry.insert(db) }
        }
    }

    package func tokens() throws -> [APIToken] {
        try db.read { try Row.fetchAll($0, sql: Self.tokenQuery + " ORDER BY token.id").map(Self.apiToken) }
    }

    package func revokeToken(id: Int64, at: Date, audit: AuditEntry) throws -> Bool {
        try db.write { db in
            try db.execute(sql: "UPDATE token SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [at, id])
            guard db.changesCount == 1 else { return false }
            var entry = AuditRow(audit)
            try entry.insert(db)
            return true
        }
    }

    package func addUser(name: String, role: Role, passwordHash: String, at: Date) throws -> User {
        try db.write { db in
            if try UserRow.filter(Column("name") == name).fetchOne(db) != nil { throw PortalError.nameTaken(name) }
            var row = UserRow(id: nil, name: name, role: role.rawValue, passwordHash: passwordHash, createdAt: at, disabledAt: nil)
            try row.insert(db)
            return row.user
        }
    }

    package func updateUser(_ user: User, audit: AuditEntry) throws {
        try db.write { db in
            guard let before = try UserRow.fetchOne(db, key: user.id) else { throw PortalError.notFound }
            try db.execute(sql: "UPDATE user SET role = ?, passwordHash = ?, disabledAt = ? WHERE id = ?",
                           arguments: [user.role.rawValue, user.passwordHash, user.disabledAt, user.id])
            if user.passwordHash != before.passwordHash || (user.disabledAt != nil && before.disabledAt == nil) {
                try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [user.id])
            }
            var entry = AuditRow(audit)
            try entry.insert(db)
        }
    }

    package func user(named name: String) throws -> User? {
        try db.read { try UserRow.filter(Column("name") == name).fetchOne($0)?.user }
    }

    package func user(id: Int64) throws -> User? {
        try db.read { try UserRow.fetchOne($0, key: id)?.user }
    }

    package func users() throws -> [User] {
        try db.read { try UserRow.order(Column("name")).fetchAll($0).map(\.user) }
    }

    package func addUpload(_ upload: Upload, report: String, quarantineFile: String?, audit: AuditEntry) throws -> Upload {
        try db.write { db in
            // The replaced upload is marked in the same transaction, and only if nothing replaced it
            // first: of several replacements at once, exactly one wins.
            if let old = upload.replaces {
                try db.execute(sql: "UPDATE upload SET status = ? WHERE id = ? AND status != ?",
                               arguments: [UploadStatus.replaced.rawValue, old, UploadStatus.replaced.rawValue])
                guard db.changesCount == 1 else { throw PortalError.alreadyReplaced(old) }
            }
            var row = UploadRow(upload, report: report)
            row.quarantineFile = quarantineFile
            row.id = nil
            try row.insert(db)
            var entry = AuditRow(audit)
            entry.target = "upload \(row.id!)"
            try entry.insert(db)
            return row.upload
        }
    }

    package func upload(id: Int64) throws -> Upload? {
        try db.read { try UploadRow.fetchOne($0, key: id)?.upload }
    }

    package func report(upload id: Int64) throws -> String? {
        try db.read { try String.fetchOne($0, sql: "SELECT reportJSON FROM upload WHERE id = ?", arguments: [id]) }
    }

    package func quarantineFile(upload id: Int64) throws -> String? {
        try db.read { try String.fetchOne($0, sql: "SELECT quarantineFile FROM upload WHERE id = ?", arguments: [id]) }
    }

    package func quarantineFiles() throws -> Set<String> {
        try db.read { Set(try String.fetchAll($0, sql: "SELECT quarantineFile FROM upload WHERE quarantineFile IS NOT NULL")) }
    }

    package func uploads(owner: Int64?, limit: Int?, offset: Int) throws -> [Upload] {
        try db.read { db in
            var request = UploadRow.order(Column("id").desc)
            if let owner { request = request.filter(Column("owner") == owner) }
            if let limit { request = request.limit(limit, offset: offset) }
            return try request.fetchAll(db).map(\.upload)
        }
    }

    package func uploadCount(owner: Int64?) throws -> Int {
        try db.read { db in
            var request = UploadRow.all()
            if let owner { request = request.filter(Column("owner") == owner) }
            return try request.fetchCount(db)
        }
    }

    package func decide(accept: [Int64], reject: [Int64], preferences: [Int64: Int], audit: AuditEntry) throws {
        try db.write { db in
            for (ids, status) in [(accept, UploadStatus.accepted), (reject, .rejected)] {
                for id in ids { try db.execute(sql: "UPDATE upload SET status = ? WHERE id = ?", arguments: [status.rawValue, id]) }
            }
            for (id, rank) in preferences { try db.execute(sql: "UPDATE upload SET preference = ? WHERE id = ?", arguments: [rank, id]) }
            var entry = AuditRow(audit)
            try entry.insert(db)
        }
    }

    package func replaceStored(upload id: Int64, by sha256: String, purgedAt: Date?, audit: AuditEntry) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE upload SET stored = ?, purgedAt = COALESCE(?, purgedAt) WHERE id = ?", arguments: [sha256, purgedAt, id])
            var entry = AuditRow(audit)
            try entry.insert(db)
        }
    }

    package func append(_ entry: AuditEntry) throws {
        try db.write { db in
            var row = AuditRow(entry)
            try row.insert(db)
        }
    }

    /// Raw SQL, for tests that check what the database itself refuses.
    func execute(_ sql: String) throws {
        try db.write { try $0.execute(sql: sql) }
    }

    package func audit(limit: Int) throws -> [AuditEntry] {
        try db.read { try AuditRow.order(Column("id").desc).limit(limit).fetchAll($0).map(\.entry) }
    }
}

// Rows as GRDB records; the model types above stay free of the database.

private struct UserRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "user"
    var id: Int64?
    var name: String
    var role: String
    var passwordHash: String
    var createdAt: Date
    var disabledAt: Date?
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    var user: User {
        User(id: id!, name: name, role: Role(rawValue: role) ?? .auditor, passwordHash: passwordHash, createdAt: createdAt, disabledAt: disabledAt)
    }
}

private struct UploadRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "upload"
    var id: Int64?
    var owner: Int64
    var fileName: String
    var sha256: String
    var bytes: Int
    var uploadedAt: Date
    var status: String
    var replaces: Int64?
    var rows: Int
    var submissions: Int
    var accepted: Int
    var setAside: Int
    var duplicates: Int
    /// Written, never read with the row: a list of uploads must not load every report.
    var reportJSON: String?
    var quarantineFile: String?
    var stored: String?
    var purgedAt: Date?
    var preference: Int?

    static var databaseSelection: [any SQLSelectable] { [
        Column("id"), Column("owner"), Column("fileName"), Column("sha256"), Column("bytes"), Column("uploadedAt"),
        Column("status"), Column("replaces"), Column("rows"), Column("submissions"), Column("accepted"),
        Column("setAside"), Column("duplicates"), Column("stored"), Column("purgedAt"), Column("preference"),
    ] }

    init(_ u: Upload, report: String) {
        id = u.id; owner = u.owner; fileName = u.fileName; sha256 = u.sha256; bytes = u.bytes; uploadedAt = u.uploadedAt
        status = u.status.rawValue; replaces = u.replaces; rows = u.rows; submissions = u.submissions; accepted = u.accepted; setAside = u.setAside
        duplicates = u.duplicates; reportJSON = report; stored = u.stored; purgedAt = u.purgedAt
        preference = u.preference
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    var upload: Upload {
        Upload(id: id!, owner: owner, fileName: fileName, sha256: sha256, bytes: bytes, uploadedAt: uploadedAt,
               status: UploadStatus(rawValue: status) ?? .submitted, replaces: replaces, rows: rows, submissions: submissions, accepted: accepted,
               setAside: setAside, duplicates: duplicates, stored: stored, purgedAt: purgedAt, preference: preference)
    }
}

private struct AuditRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Date
    var actor: Int64?
    var action: String
    var target: String
    var detail: String

    init(_ e: AuditEntry) { id = nil; at = e.at; actor = e.actor; action = e.action; target = e.target; detail = e.detail }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    var entry: AuditEntry { AuditEntry(id: id!, at: at, actor: actor, action: action, target: target, detail: detail) }
}

private struct RunRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "run"
    var id: Int64?
    var at: Date
    var actor: Int64
    var uploads: String
    var folder: String
    var rows: Int
    var submissions: Int
    var accepted: Int
    var setAside: Int
    var duplicates: Int

    init(_ r: ConversionRecord) {
        id = nil; at = r.at; actor = r.actor; uploads = r.uploads.map(String.init).joined(separator: " "); folder = r.folder
        rows = r.rows; submissions = r.submissions; accepted = r.accepted; setAside = r.setAside; duplicates = r.duplicates
    }
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
    var record: ConversionRecord {
        ConversionRecord(id: id!, at: at, actor: actor, uploads: uploads.split(separator: " ").compactMap { Int64($0) }, folder: folder,
                         rows: rows, submissions: submissions, accepted: accepted, setAside: setAside, duplicates: duplicates)
    }
}
