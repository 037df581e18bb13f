import Foundation
import KhaoSatCSV
import KhaoSatIngest
import KhaoSatQuestionnaire

/// The personal data the portal holds, as the 2026 law asks: plain bytes only while a reader
/// needs them, a retention period that ends them, and a person's requests (find, export, erase)
/// answered through the pseudonym of the value they give. Every step is an audit line that
/// names pseudonyms, never the values.
extension Portal {
    // MARK: Plain bytes, only while read

    /// The uploads' stored bytes as plain files under their input names, for `body` only.
    func withPlainFiles<T>(_ uploads: [Upload], _ body: ([(path: String, name: String)]) throws -> T) throws -> T {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = try uploads.map { upload in
            (path: try blobs.plainCopy(sha256: upload.storedSHA256, in: folder, name: Self.inputName(upload)), name: Self.inputName(upload))
        }
        return try body(files)
    }

    /// A folder only this process's user can read, under `runs/tmp/` (removed at the next start if a crash leaves it).
    func temporaryFolder() throws -> String {
        let folder = runsDirectory + "/tmp/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// A run file that holds personal values (the phúc tra call list): sealed when the portal has a key.
    func writeSealed(_ bytes: [UInt8], to path: String) throws {
        if let vault = blobs.vault {
            try vault.seal(bytes, to: path)
        } else {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }

    // MARK: Retention

    /// What `purge` did.
    package struct PurgeReport: Sendable, Equatable {
        /// An upload whose original was replaced by its pseudonymised copy, with both SHA-256.
        package struct Purged: Sendable, Equatable { package var id: Int64, original: String, copy: String }
        package var uploads: [Purged] = []
        /// Runs whose phúc tra call list was removed.
        package var callLists: [Int64] = []
        package var retentionDays: Int?
    }

    /// Once the set's `personal_data_retention_days` have passed since an upload, its original is
    /// replaced by a copy with every declared value replaced by its pseudonym (the conversion
    /// gives the same points from it), and the phúc tra call lists of runs that old are removed.
    /// The manifest of every run keeps the original's SHA-256; the audit line binds it to the copy's.
    package func purge(now: Date = Date(), by actor: Int64? = nil) throws -> PurgeReport {
        var report = PurgeReport(retentionDays: set.settings.personalData.retentionDays)
        guard let days = report.retentionDays else { return report }
        let limit = now.addingTimeInterval(-Double(days) * 86_400)
        for upload in try store.uploads(owner: nil).reversed() where upload.purgedAt == nil && upload.uploadedAt <= limit {
            let copy = try replaceStored(upload, masking: { _ in true }, purgedAt: now, actor: actor, action: "privacy.purge",
                                         why: "quá \(days) ngày lưu giữ")
            report.uploads.append(.init(id: upload.id, original: upload.sha256, copy: copy))
        }
        for run in try store.runs().reversed() where run.at <= limit {
            let list = runsDirectory + "/" + run.folder + "/backcheck/backcheck-sample.csv"
            guard FileManager.default.fileExists(atPath: list) else { continue }
            try FileManager.default.removeItem(atPath: list)
            try audit(actor, "privacy.purge", "run \(run.id)", "xoá backcheck-sample.csv (số liên hệ phúc tra): quá \(days) ngày lưu giữ")
            report.callLists.append(run.id)
        }
        return report
    }

    /// Stores the upload's copy with the declared values of the rows `masking` chooses replaced
    /// by pseudonyms, points the upload at it and removes the bytes it replaces. Returns the copy's SHA-256.
    private func replaceStored(_ upload: Upload, masking: (PersonalRow) -> Bool, purgedAt: Date?, actor: Int64?,
                               action: String, why: String) throws -> String {
        let ingestor = Ingestor(set: set, options: IngestOptions(pseudonyms: pseudonyms))
        let (copy, changed) = try withPlainFiles([upload]) { files in
            let output = files[0].path + ".copy"
            defer { try? FileManager.default.removeItem(atPath: output) }
            let changed = try ingestor.pseudonymisedCopy(path: files[0].path, name: files[0].name, to: output, masks: masking)
            return (try blobs.add(file: output), changed)
        }
        let previous = upload.storedSHA256
        try store.replaceStored(upload: upload.id, by: copy.sha256, purgedAt: purgedAt, audit: AuditEntry(
            id: 0, at: Date(), actor: actor, action: action, target: "upload \(upload.id)",
            detail: "\(why): \(changed) dòng; bản gốc sha256=\(upload.sha256)"
                + (previous != upload.sha256 ? ", bản đang lưu sha256=\(previous)" : "") + " → bản bí danh hoá sha256=\(copy.sha256)"))
        if copy.sha256 != previous, try !store.uploads(owner: nil).contains(where: { $0.storedSHA256 == previous }) {
            blobs.remove(sha256: previous)
        }
        return copy.sha256
    }

    // MARK: A person's requests

    /// One record that holds a value the person gave.
    package struct PersonalHolding: Sendable, Equatable, Codable {
        package var upload: Int64
        package var file: String
        package var line: Int
        /// The declared questions whose value is the person's.
        package var questions: [String]
        /// Every declared question's value in the record, as stored.
        package var values: [String: String]
        /// The record as stored: column → value (personal values plain until purged or erased).
        package var fields: [String: String]
    }

    /// The pseudonyms a value given by a person may have been stored under: as typed, digits
    /// only, and without the leading zero a spreadsheet drops.
    package func pseudonyms(ofGiven value: String) throws -> Set<String> {
        guard let key = pseudonyms else { throw PortalError.unreadable("cổng chưa có khoá bí danh (--key-file).") }
        let digits = value.filter(\.isNumber)
        var forms: Set<String> = [value, digits]
        if digits.hasPrefix("0") { forms.insert(String(digits.dropFirst())) }
        return Set(forms.filter { !$0.isEmpty }.map(key.pseudonym))
    }

    /// Every stored record that holds the value (officers only); the audit line names its pseudonyms.
    package func findPersonal(_ value: String, by user: User, purpose: String = "privacy.find") throws -> [PersonalHolding] {
        guard user.role == .officer else { throw PortalError.notAllowed }
        let wanted = try pseudonyms(ofGiven: value)
        let ingestor = Ingestor(set: set, options: IngestOptions(pseudonyms: pseudonyms))
        var found: [PersonalHolding] = []
        for upload in try store.uploads(owner: nil).reversed() {
            try withPlainFiles([upload]) { files in
                try ingestor.personalRows(path: files[0].path, name: files[0].name) { row in
                    let questions = row.pseudonyms.filter { wanted.contains($0.value) }.keys.sorted()
                    guard !questions.isEmpty else { return }
                    found.append(PersonalHolding(upload: upload.id, file: upload.fileName, line: row.line, questions: questions, values: row.values,
                                                 fields: Dictionary(zip(row.header, row.fields), uniquingKeysWith: { a, _ in a })))
                }
            }
        }
        try audit(user.id, purpose, "", "bí danh \(wanted.sorted().joined(separator: " ")): \(found.count) dòng"
                    + (found.isEmpty ? "" : " (" + found.map { "u\($0.upload):\($0.line)" }.joined(separator: ", ") + ")"))
        return found
    }

    /// Erases a person's values (officers only): each upload that holds them is replaced by a copy
    /// where that person's declared values are pseudonyms; their answers stay counted. The phúc tra
    /// call lists lose their contact.
    package func erasePersonal(_ value: String, by user: User) throws -> [PersonalHolding] {
        let found = try findPersonal(value, by: user, purpose: "privacy.erase")
        let wanted = try pseudonyms(ofGiven: value)
        for id in Set(found.map(\.upload)).sorted() {
            guard let upload = try store.upload(id: id) else { continue }
            _ = try replaceStored(upload, masking: { row in row.pseudonyms.values.contains { wanted.contains($0) } }, purgedAt: nil,
                                  actor: user.id, action: "privacy.erase", why: "theo yêu cầu của người trả lời")
        }
        for run in try store.runs() {
            let list = runsDirectory + "/" + run.folder + "/backcheck/backcheck-sample.csv"
            guard FileManager.default.fileExists(atPath: list) else { continue }
            var table = try CSVReader(bytes: [UInt8](try readStored(list)), name: "backcheck-sample.csv").readNamedRows()
            var erased = 0
            for i in table.rows.indices where table.rows[i].values.contains(where: wanted.contains) && !(table.rows[i]["contact"] ?? "").isEmpty {
                table.rows[i]["contact"] = ""
                erased += 1
            }
            guard erased > 0 else { continue }
            let rows = [table.header.map(CSVCell.text)] + table.rows.map { row in table.header.map { CSVCell.text(row[$0] ?? "") } }
            try writeSealed(CSVEncoder().encode(rows), to: list)
            try audit(user.id, "privacy.erase", "run \(run.id)", "backcheck-sample.csv: xoá \(erased) số liên hệ")
        }
        return found
    }

    /// A sealed file's plain bytes (or a plain one's).
    func readStored(_ path: String) throws -> Data {
        if let vault = blobs.vault, Vault.isSealed(path) { return try vault.contents(of: path) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
