import ArgumentParser
import Foundation
import KhaoSatPortal

/// The data-protection officer's commands: the DPIA inventory, the retention purge, and a
/// person's requests. Each request names the officer who answers it; each step is an audit line.
struct Privacy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dữ liệu cá nhân: danh mục cho hồ sơ đánh giá tác động, xoá khi hết hạn lưu, trả lời yêu cầu của người trả lời.",
        subcommands: [Inventory.self, Purge.self, Find.self, Export.self, Erase.self]
    )

    struct Inventory: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In danh mục dữ liệu cá nhân bộ phiếu thu thập: mục đích, ai xem được, lưu ở đâu, bảo vệ thế nào, bao lâu, ai xử lý.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "markdown hoặc csv.") var format = "markdown"

        func run() throws {
            guard ["markdown", "csv"].contains(format) else { throw ValidationError("--format chỉ nhận markdown hoặc csv.") }
            let inventory = PrivacyInventory(set: try storage.open().set)
            FileHandle.standardOutput.write(format == "csv" ? Data(inventory.csv) : Data(inventory.markdown.utf8))
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Khi đã quá personal_data_retention_days: thay tệp gốc bằng bản bí danh hoá, xoá danh sách liên hệ phúc tra.",
            discussion: "Chạy hằng ngày (cron hoặc systemd timer) là đủ; chạy lại không làm gì thêm.")
        @OptionGroup var storage: StorageOptions

        func run() throws {
            let report = try storage.open().purge()
            guard let days = report.retentionDays else {
                return print("Bộ phiếu chưa đặt personal_data_retention_days: không xoá gì.")
            }
            print("Thời hạn lưu: \(days) ngày. Đã thay \(report.uploads.count) tệp gốc bằng bản bí danh hoá, "
                  + "xoá danh sách phúc tra của \(report.callLists.count) lượt quy đổi.")
            for u in report.uploads { print("  u\(u.id): gốc sha256=\(u.original) → bản bí danh hoá sha256=\(u.copy)") }
        }
    }

    /// Who asks, and whose data: the value is typed as the person gave it, or read from the
    /// first line of standard input (so it stays out of the shell history).
    struct Request: ParsableArguments {
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tài khoản Sở Nội vụ (officer) trả lời yêu cầu; ghi vào nhật ký.") var by: String
        @Option(help: "Số điện thoại.") var phone: String?
        @Option(help: "Mã số thuế.") var taxCode: String?
        @Option(help: "Số CCCD.") var cccd: String?
        @Option(help: "Giá trị khác của một câu hỏi khai báo (mã đại biểu …).") var value: String?

        func open() throws -> (Portal, User, String) {
            let given = [phone, taxCode, cccd, value].compactMap { $0 }
            guard given.count <= 1 else { throw ValidationError("Chỉ nhập một trong --phone, --tax-code, --cccd, --value.") }
            guard let value = given.first ?? readLine(strippingNewline: true), !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("Hãy nhập giá trị cần tìm (--phone, --tax-code, --cccd, --value hoặc dòng đầu của đầu vào chuẩn).")
            }
            let portal = try storage.open()
            guard let user = try portal.user(named: by), user.role == .officer else {
                throw ValidationError("--by cần một tài khoản Sở Nội vụ (officer); \(by) không phải.")
            }
            return (portal, user, value)
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tìm các dòng chứa dữ liệu của một người (qua bí danh).")
        @OptionGroup var request: Request

        func run() throws {
            let (portal, user, value) = try request.open()
            let found = try portal.findPersonal(value, by: user)
            print("Tìm thấy \(found.count) dòng.")
            for h in found { print("  u\(h.upload) \(h.file):\(h.line) (\(h.questions.joined(separator: ", ")))") }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Xuất (JSON) mọi dữ liệu cổng giữ về một người, để gửi cho người đó.")
        @OptionGroup var request: Request
        @Option(help: "Tệp JSON ghi ra (quyền 600); không có: in ra đầu ra chuẩn.") var out: String?

        func run() throws {
            let (portal, user, value) = try request.open()
            let found = try portal.findPersonal(value, by: user, purpose: "privacy.export")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let json = try encoder.encode(PersonalExport(set: portal.set.name, retentionDays: portal.set.settings.personalData.retentionDays,
                                                         records: found))
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: json, attributes: [.posixPermissions: 0o600]) else {
                    throw ValidationError("Không ghi được \(out).")
                }
                print("Đã ghi \(found.count) dòng vào \(out).")
            } else {
                FileHandle.standardOutput.write(json + Data("\n".utf8))
            }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xoá giá trị cá nhân của một người (thay bằng bí danh trong tệp lưu trữ, xoá số liên hệ phúc tra).",
            discussion: "Câu trả lời của người đó vẫn được tính điểm: xem docs/officers.md, mục Dữ liệu cá nhân.")
        @OptionGroup var request: Request

        func run() throws {
            let (portal, user, value) = try request.open()
            let found = try portal.erasePersonal(value, by: user)
            print("Đã xoá giá trị cá nhân ở \(found.count) dòng của \(Set(found.map(\.upload)).count) tệp.")
        }
    }
}

/// What `privacy export` hands to the person.
struct PersonalExport: Encodable {
    var set: String
    var retentionDays: Int?
    var records: [Portal.PersonalHolding]
}
