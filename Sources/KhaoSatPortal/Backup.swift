import Foundation
import KhaoSatCSV
import KhaoSatExport

/// What a portal database points to on disk.
package struct DataReferences: Sendable, Equatable {
    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    package var integrity: String
    package var blobs: Set<String>
    package var runs: Set<String>
    package var quarantineFiles: Set<String>
    package var migrations: Set<String>
}

/// One thing a check of a data folder or a backup found.
package enum DataFinding: Sendable, Equatable, CustomStringConvertible {
    case notABackup(String)
    case damagedDatabase(String)
    /// A file the database points to is not there.
    case missing(String)
    /// Not the bytes `SHA256SUMS` lists.
    case changed(String)
    /// In a backup but not in its `SHA256SUMS`.
    case unlisted(String)
    /// A stored file no record points to: space, not data, so not a problem.
    case orphan(String)

    package var isProblem: Bool { if case .orphan = self { false } else { true } }

    package var description: String {
        switch self {
        case .notABackup(let path): return "\(path) không phải một bản sao lưu của cổng (thiếu \(PortalBackup.sumsName) hoặc data/portal.sqlite)."
        case .damagedDatabase(let why): return "Cơ sở dữ liệu hỏng: \(why)"
        case .missing(let path): return "Thiếu \(path) (cơ sở dữ liệu trỏ tới tệp này)."
        case .changed(let path): return "\(path) không còn đúng các byte đã sao lưu (SHA-256 khác)."
        case .unlisted(let path): return "\(path) không có trong \(PortalBackup.sumsName)."
        case .orphan(let path): return "Thừa \(path): không bản ghi nào trỏ tới (xoá được; cổng tự xoá khi khởi động lại)."
        }
    }
}

/// A portal's data folder: where each kind of file lives, and whether they match the database.
package struct DataFolder: Sendable {
    package let path: String
    package init(path: String) { self.path = path }

    package var database: String { path + "/portal.sqlite" }
    static let fingerprint = "pseudonym-key.fingerprint"

    func blob(_ sha256: String) -> String { "blobs/" + BlobStore.relativePath(sha256) }
    func run(_ folder: String) -> String { "runs/" + folder }
    func quarantine(_ name: String) -> String { "quarantine/" + name }

    /// The database is sound and every file it points to is here; files nothing points to are orphans.
    package func check() -> [DataFinding] {
        let refs: DataReferences
        do { refs = try SQLiteStore.references(path: database) } catch {
            return [.damagedDatabase("\(database): \(error)")]
        }
        var findings: [DataFinding] = refs.integrity == "ok" ? [] : [.damagedDatabase(refs.integrity)]
        let expected = refs.blobs.map(blob) + refs.runs.map(run) + refs.quarantineFiles.map(quarantine)
        findings += expected.sorted().filter { !FileManager.default.fileExists(atPath: path + "/" + $0) }.map(DataFinding.missing)
        let present = BlobStore.hashes(in: path + "/blobs").map(blob) + Self.entries(path + "/runs").filter { $0 != "tmp" }.map(run)
            + Self.entries(path + "/quarantine").map(quarantine)
        findings += Set(present).subtracting(expected).sorted().map(DataFinding.orphan)
        return findings
    }

    /// Files and bytes of each part, for the officers' operations page.
    package func usage() -> [(name: String, files: Int, bytes: Int)] {
        [("Tệp gốc đã tải lên (blobs)", "blobs"), ("Các lượt quy đổi (runs)", "runs"), ("Dòng bị loại của từng tệp (quarantine)", "quarantine")]
            .map { label, folder in
                let files = PortalBackup.files(under: path + "/" + folder)
                return (label, files.count, files.reduce(0) { $0 + Self.size(path + "/" + folder + "/" + $1) })
            }
            + [("Cơ sở dữ liệu (portal.sqlite)", 1, ["", "-wal", "-shm"].reduce(0) { $0 + Self.size(database + $1) })]
    }

    package func freeBytes() -> Int? {
        (try? FileManager.default.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? Int
    }

    static func size(_ file: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0 }

    static func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }
    }
}

/// A copy of the portal's data taken while it serves: the database by SQLite's online backup,
/// then exactly the blobs, runs and quarantine files that copy points to (stored files never
/// change, so the copy is consistent), the set's files, and `SHA256SUMS` over all of it
/// (`sha256sum -c SHA256SUMS` checks it without KhaoSat). Sealed originals stay sealed: the
/// key is not in the backup and must be kept apart.
package struct PortalBackup: Sendable {
    package static let sumsName = "SHA256SUMS"
    package static let infoName = "backup-info.txt"
    package let path: String
    package init(path: String) { self.path = path }

    package var data: DataFolder { DataFolder(path: path + "/data") }
    package var questionnaires: String { path + "/questionnaires" }

    /// Every file listed has its bytes, nothing is unlisted, and the data folder is whole.
    package func verify() -> [DataFinding] {
        guard let sums = try? String(contentsOfFile: path + "/" + Self.sumsName, encoding: .utf8),
              FileManager.default.fileExists(atPath: data.database) else { return [.notABackup(path)] }
        let listed = Self.parse(sums)
        var findings = Self.compare(listed, root: path)
        findings += Set(Self.files(under: path)).subtracting(listed.keys).subtracting([Self.sumsName]).sorted().map(DataFinding.unlisted)
        return findings + data.check()
    }

    /// Copies the backup's data into `target` (absent or empty) and, with `questionnaires`,
    /// its set there (absent); then checks the restored files byte for byte against `SHA256SUMS`.
    package func restore(into target: String, questionnaires: String?) throws {
        let problems = verify().filter(\.isProblem)
        guard problems.isEmpty else { throw BackupError.unsound(problems) }
        let fm = FileManager.default
        guard DataFolder.entries(target).isEmpty else { throw BackupError.notEmpty(target) }
        if let questionnaires, fm.fileExists(atPath: questionnaires) { throw BackupError.notEmpty(questionnaires) }
        try? fm.removeItem(atPath: target)
        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let staging = target + ".restoring"
        try? fm.removeItem(atPath: staging)
        try Self.copyTree(data.path, staging)
        try fm.moveItem(atPath: staging, toPath: target)
        if let questionnaires { try Self.copyTree(self.questionnaires, questionnaires) }
        let listed = Self.parse(try String(contentsOfFile: path + "/" + Self.sumsName, encoding: .utf8))
        func under(_ prefix: String) -> [String: String] {
            listed.reduce(into: [:]) { if $1.key.hasPrefix(prefix) { $0[String($1.key.dropFirst(prefix.count))] = $1.value } }
        }
        var differences = Self.compare(under("data/"), root: target)
        if let questionnaires { differences += Self.compare(under("questionnaires/"), root: questionnaires) }
        guard differences.isEmpty else { throw BackupError.unsound(differences) }
    }

    /// Removes all but the `keep` newest whole backups in `parent` (their names sort by time);
    /// returns the removed folders.
    package static func prune(in parent: String, keep: Int) throws -> [String] {
        let whole = DataFolder.entries(parent).filter { $0.hasPrefix(prefix) && !$0.hasSuffix(".partial") }.sorted()
        let removed = whole.dropLast(keep).map { parent + "/" + $0 }
        for folder in removed { try FileManager.default.removeItem(atPath: folder) }
        return removed
    }

    static let prefix = "khaosat-backup-"

    /// A folder's files, contents and nothing else: the copies belong to whoever runs the command
    /// (the service account cannot give files to root, and need not), readable by it alone.
    static func copyTree(_ source: String, _ target: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in files(under: source) { try copyFile(source + "/" + name, target + "/" + name) }
    }

    static func copyFile(_ source: String, _ target: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                               attributes: [.posixPermissions: 0o700])
        guard let input = FileHandle(forReadingAtPath: source) else { throw BackupError.cannotCopy(source) }
        defer { try? input.close() }
        guard fm.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: target) else { throw BackupError.cannotCopy(target) }
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
        try output.synchronize()
    }

    /// `sha256sum`'s format: "<hex>  <path>" per line.
    static func parse(_ sums: String) -> [String: String] {
        var listed: [String: String] = [:]
        for line in sums.split(separator: "\n") where line.count > 66 {
            listed[String(line.dropFirst(66))] = String(line.prefix(64))
        }
        return listed
    }

    static func compare(_ listed: [String: String], root: String) -> [DataFinding] {
        listed.keys.sorted().compactMap { name in
            guard FileManager.default.fileExists(atPath: root + "/" + name) else { return .missing(name) }
            let actual = try? Manifest.FileHash.of(path: root + "/" + name, name: name).sha256
            return actual == listed[name] ? nil : .changed(name)
        }
    }

    /// Every regular file under `root`, as paths relative to it, sorted.
    static func files(under root: String) -> [String] {
        var found: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let name = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(name) }
        }
        return found.sorted()
    }
}

package enum BackupError: Error, Equatable, CustomStringConvertible {
    case unsound([DataFinding])
    case notEmpty(String)
    case exists(String)
    case cannotCopy(String)

    package var description: String {
        switch self {
        case .unsound(let findings):
            return "Bản sao lưu không dùng được:\n" + findings.map { "  - \($0)" }.joined(separator: "\n")
        case .notEmpty(let path): return "\(path) đã có dữ liệu: chỉ khôi phục vào một thư mục mới (chưa có hoặc trống)."
        case .exists(let path): return "\(path) đã có: không ghi đè một bản sao lưu."
        case .cannotCopy(let path): return "Không đọc hoặc ghi được \(path) (quyền truy cập?)."
        }
    }
}

/// What a backup took.
package struct BackupSummary: Sendable {
    package var backup: PortalBackup
    package var files: Int
    package var bytes: Int
    package var uploads: Int
    package var runs: Int
    /// The backup's own check (orphans in the data are not copied, so only problems appear here).
    package var findings: [DataFinding]
}

extension Portal {
    package var dataFolder: DataFolder { DataFolder(path: (runsDirectory as NSString).deletingLastPathComponent) }

    /// Backs up the data (and the set's files from `setDirectory`) into a new folder under
    /// `parent`, named for the time in Vietnam; written as `….partial` and renamed when whole.
    package func backup(into parent: String, setDirectory: String, now: Date = Date()) throws -> BackupSummary {
        let fm = FileManager.default
        let final = parent + "/" + PortalBackup.prefix + VietnamTime.compact(now)
        guard !fm.fileExists(atPath: final) else { throw BackupError.exists(final) }
        let partial = final + ".partial"
        // What an interrupted backup left is never a backup.
        for stale in DataFolder.entries(parent) where stale.hasPrefix(PortalBackup.prefix) && stale.hasSuffix(".partial") {
            try? fm.removeItem(atPath: parent + "/" + stale)
        }
        try fm.createDirectory(atPath: partial + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let target = DataFolder(path: partial + "/data"), source = dataFolder
        try store.backupDatabase(to: target.database)
        let refs = try SQLiteStore.references(path: target.database)
        let copied = refs.blobs.map(source.blob) + refs.runs.map(source.run) + refs.quarantineFiles.map(source.quarantine) + [DataFolder.fingerprint]
        for name in copied.sorted() where fm.fileExists(atPath: source.path + "/" + name) {
            if fm.fileExists(atPath: source.path + "/" + name + "/") {
                try PortalBackup.copyTree(source.path + "/" + name, target.path + "/" + name)
            } else {
                try PortalBackup.copyFile(source.path + "/" + name, target.path + "/" + name)
            }
        }
        try PortalBackup.copyTree(setDirectory, partial + "/questionnaires")
        let info = """
            KhaoSat \(Version.khaosat)
            Thời điểm (giờ Việt Nam): \(VietnamTime.display(now))
            Tệp tải lên: \(refs.blobs.count) tệp gốc, \(refs.quarantineFiles.count) tệp dòng loại ra
            Lượt quy đổi: \(refs.runs.count)
            Phiên bản dữ liệu: \(refs.migrations.sorted().last ?? "-")
            Khoá bí danh KHÔNG có trong bản sao này: giữ tệp khoá ở nơi khác.

            """
        try info.write(toFile: partial + "/" + PortalBackup.infoName, atomically: true, encoding: .utf8)
        var sums = "", bytes = 0
        let files = PortalBackup.files(under: partial)
        for name in files {
            let hash = try Manifest.FileHash.of(path: partial + "/" + name, name: name)
            sums += hash.sha256 + "  " + name + "\n"
            bytes += hash.bytes
        }
        try sums.write(toFile: partial + "/" + PortalBackup.sumsName, atomically: true, encoding: .utf8)
        try fm.moveItem(atPath: partial, toPath: final)
        let backup = PortalBackup(path: final)
        try audit(nil, "backup", "", "\(final): \(files.count) tệp, \(bytes) byte")
        return BackupSummary(backup: backup, files: files.count, bytes: bytes, uploads: refs.blobs.count, runs: refs.runs.count,
                             findings: backup.verify().filter(\.isProblem))
    }
}
