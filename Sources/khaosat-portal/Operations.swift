import ArgumentParser
import Foundation
import KhaoSatIngest
import KhaoSatPortal
import KhaoSatQuestionnaire

/// The system administrator's commands: copies that can be restored, and checks.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sao lưu dữ liệu của cổng (được cả khi cổng đang chạy) vào một thư mục mới trong --to, kèm SHA256SUMS.",
        discussion: "Khoá bí danh không nằm trong bản sao: giữ nó ở nơi khác. Kiểm tra bản sao bằng verify --backup.")
    @OptionGroup var storage: StorageOptions
    @Option(help: "Thư mục chứa các bản sao lưu (nên ở một đĩa hoặc máy khác).") var to: String
    @Option(help: "Giữ từng ấy bản mới nhất trong --to, xoá các bản cũ hơn (mặc định: giữ tất cả).") var keep: Int?

    func validate() throws {
        if let keep, keep < 1 { throw ValidationError("--keep nhận một số từ 1 trở lên, không phải \(keep).") }
    }

    func run() throws {
        let summary: BackupSummary
        do {
            try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
            summary = try storage.open().backup(into: to, setDirectory: storage.set)
        } catch let e as BackupError {
            throw ValidationError(e.description)
        } catch let e as ValidationError {
            throw e
        } catch {
            throw ValidationError("Không sao lưu được vào \(to): \(error.localizedDescription)")
        }
        print("Đã sao lưu vào \(summary.backup.path): \(summary.files) tệp, \(summary.bytes) byte; \(summary.uploads) tệp gốc, \(summary.runs) lượt quy đổi.")
        if let keep {
            for removed in try PortalBackup.prune(in: to, keep: keep) { print("Đã xoá bản sao cũ \(removed).") }
        }
        guard summary.findings.isEmpty else {
            throw ValidationError("Dữ liệu đang chạy có vấn đề (bản sao vẫn được giữ):\n" + summary.findings.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kiểm tra một bản sao lưu (từng tệp đúng SHA256SUMS) hoặc thư mục dữ liệu đang dùng: cơ sở dữ liệu nguyên vẹn, đủ tệp, tệp thừa.")
    @Option(help: "Thư mục một bản sao lưu.") var backup: String?
    @Option(help: "Thư mục dữ liệu của cổng.") var data: String?

    func validate() throws {
        guard (backup == nil) != (data == nil) else { throw ValidationError("Cho một trong hai: --backup hoặc --data.") }
    }

    func run() throws {
        let findings = backup.map { PortalBackup(path: $0).verify() } ?? DataFolder(path: data!).check()
        for finding in findings { print((finding.isProblem ? "LỖI: " : "Lưu ý: ") + finding.description) }
        let problems = findings.filter(\.isProblem).count
        guard problems == 0 else { throw ExitCode(1) }
        print("Kiểm tra xong: không có lỗi" + (findings.isEmpty ? "." : ", \(findings.count) lưu ý."))
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Khôi phục một bản sao lưu vào thư mục dữ liệu mới, kiểm tra từng byte, rồi mở thử cổng trên đó.",
        discussion: "Dừng cổng trước khi chuyển sang dữ liệu đã khôi phục. Cần đúng tệp khoá bí danh của dữ liệu (--key-file hoặc KHAOSAT_KEY_FILE).")
    @Option(help: "Thư mục bản sao lưu.") var from: String
    @Option(help: "Thư mục dữ liệu mới (chưa có hoặc trống).") var data: String
    @Option(help: "Nơi đặt bộ phiếu lấy từ bản sao (chưa có); bỏ trống: dùng bộ phiếu ngay trong bản sao.") var questionnaires: String?
    @Option(help: "Tệp khoá bí danh; mặc định: KHAOSAT_KEY_FILE.") var keyFile: String?

    func run() throws {
        let backup = PortalBackup(path: from)
        do {
            try backup.restore(into: data, questionnaires: questionnaires)
        } catch let e as BackupError {
            throw ValidationError(e.description)
        } catch {
            throw ValidationError("Không khôi phục được vào \(data): \(error.localizedDescription)")
        }
        let portal = try StorageOptions.parse(["--questionnaires", questionnaires ?? backup.questionnaires, "--data", data]
            + (keyFile.map { ["--key-file", $0] } ?? [])).open()
        print("Đã khôi phục \(from) vào \(data): từng tệp đúng SHA256SUMS; cổng mở được với \(try portal.users().count) tài khoản.")
    }
}

struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Kiểm tra cấu hình trước khi chạy cổng (bộ phiếu, khoá bí danh, thư mục dữ liệu, cơ sở dữ liệu, đĩa), không thay đổi gì.")
    @Option(name: .customLong("questionnaires"), help: "Thư mục bộ phiếu.") var set: String
    @Option(help: "Thư mục dữ liệu của cổng.") var data: String
    @Option(help: "Tệp khoá bí danh; mặc định: KHAOSAT_KEY_FILE.") var keyFile: String?
    @Option(help: "Giới hạn dung lượng một tệp tải lên, MB (như serve).") var maxUploadMB = 200

    func run() throws {
        var failures = 0
        func report(_ ok: Bool, _ text: String) {
            print((ok ? "đạt    " : "KHÔNG  ") + text)
            if !ok { failures += 1 }
        }
        let fm = FileManager.default
        let loaded = SetLoader.load(directory: set)
        report(loaded.set != nil && loaded.problems.isEmpty, "bộ phiếu \(set)" + (loaded.problems.isEmpty ? "" : ": \(loaded.problems.count) lỗi, xem khaosat check \(set)"))
        let keyPath = keyFile ?? ProcessInfo.processInfo.environment[PseudonymKey.environmentVariable]
        if let declared = loaded.set?.settings.personalData.declared, !declared.isEmpty || keyPath != nil {
            if let keyPath, !keyPath.isEmpty {
                do {
                    let key = try PseudonymKey.read(path: keyPath)
                    let mode = ((try? fm.attributesOfItem(atPath: keyPath))?[.posixPermissions] as? Int) ?? 0
                    report(mode & 0o077 == 0, "khoá bí danh \(keyPath) (\(key.fingerprint))" + (mode & 0o077 == 0 ? "" : ": người khác đọc được, hãy chmod 600"))
                    let inside = URL(fileURLWithPath: keyPath).standardizedFileURL.path.hasPrefix(URL(fileURLWithPath: data).standardizedFileURL.path + "/")
                    report(!inside, "khoá nằm ngoài thư mục dữ liệu" + (inside ? ": đang nằm trong \(data), sẽ lọt vào bản sao lưu" : ""))
                    if let known = try? String(contentsOfFile: data + "/pseudonym-key.fingerprint", encoding: .utf8) {
                        report(known == key.fingerprint, "khoá đúng của dữ liệu" + (known == key.fingerprint ? "" : ": dữ liệu dùng khoá \(known)"))
                    }
                } catch { report(false, "khoá bí danh: \(error)") }
            } else {
                report(false, "khoá bí danh: bộ phiếu khai báo dữ liệu cá nhân, hãy cho --key-file hoặc KHAOSAT_KEY_FILE")
            }
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: data, isDirectory: &isDirectory) {
            report(isDirectory.boolValue && fm.isWritableFile(atPath: data), "thư mục dữ liệu \(data) ghi được")
            let mode = ((try? fm.attributesOfItem(atPath: data))?[.posixPermissions] as? Int) ?? 0
            report(mode & 0o007 == 0, "thư mục dữ liệu không mở cho mọi người" + (mode & 0o007 == 0 ? "" : ": hãy chmod 750 hoặc 700"))
        } else {
            let parent = (data as NSString).deletingLastPathComponent
            report(fm.isWritableFile(atPath: parent.isEmpty ? "." : parent), "thư mục dữ liệu \(data) chưa có, sẽ được tạo")
        }
        let database = DataFolder(path: data).database
        if fm.fileExists(atPath: database) {
            do {
                let applied = try SQLiteStore.references(path: database).migrations
                let known = SQLiteStore.knownMigrations
                let unknown = applied.subtracting(known), pending = known.filter { !applied.contains($0) }
                report(unknown.isEmpty, unknown.isEmpty ? "cơ sở dữ liệu: " + (pending.isEmpty ? "đúng phiên bản" : "sẽ nâng cấp (\(pending.joined(separator: ", "))), có bản sao trước khi nâng cấp")
                       : PortalError.newerData(unknown.sorted()).description)
            } catch { report(false, "cơ sở dữ liệu \(database): \(error)") }
        }
        let probe = fm.fileExists(atPath: data) ? data : (data as NSString).deletingLastPathComponent
        if let free = DataFolder(path: probe.isEmpty ? "." : probe).freeBytes() {
            report(free >= 2 * maxUploadMB * 1_000_000, "đĩa còn \(free / 1_000_000) MB (cần ít nhất gấp đôi tệp lớn nhất, \(2 * maxUploadMB) MB)")
        }
        guard failures == 0 else {
            print("\(failures) mục chưa đạt: sửa rồi chạy lại check-config.")
            throw ExitCode(1)
        }
        print("Cấu hình dùng được.")
    }
}
