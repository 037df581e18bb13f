import ArgumentParser
import Foundation
import KhaoSatCSV
import KhaoSatExport
import Hummingbird
import KhaoSatPortal
import KhaoSatPortalServer
import KhaoSatIngest
import KhaoSatQuestionnaire

@main
struct PortalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "khaosat-portal",
        abstract: "Cổng tiếp nhận tệp kết quả khảo sát: đơn vị khảo sát nộp tệp, Sở Nội vụ duyệt và quy đổi, mọi bước được ghi nhật ký.",
        version: Version.full,
        subcommands: [Serve.self, CheckConfig.self, Users.self, Tokens.self, Demo.self, Privacy.self, Backup.self, Restore.self, Verify.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Chạy cổng: các trang web và API JSON dưới /api.")
    @OptionGroup var storage: StorageOptions
    @Option(help: "Địa chỉ lắng nghe.") var bind = "127.0.0.1"
    @Option(help: "Cổng.") var port = 8080
    @Option(help: "Giới hạn dung lượng một tệp tải lên, MB.") var maxUploadMB = 200
    @Option(help: "Đóng kết nối không gửi gì (tiêu đề dở dang, thân yêu cầu thiếu, kết nối rảnh) sau từng ấy giây.")
    var idleTimeout = 30
    @Flag(help: "Cổng chạy sau một reverse proxy HTTPS: cookie đánh dấu Secure, trình duyệt được yêu cầu chỉ dùng HTTPS (HSTS).")
    var behindHTTPS = false
    @Option(help: "Địa chỉ IP của reverse proxy (lặp lại được): chỉ yêu cầu đến từ đó mới được tin tiêu đề X-Forwarded-For, để chặn đăng nhập sai và nhật ký thấy đúng máy người dùng.")
    var trustedProxy: [String] = []

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port nhận một số từ 1 đến 65535, không phải \(port).") }
        guard (1...100_000).contains(maxUploadMB) else {
            throw ValidationError("--max-upload-mb nhận một số từ 1 đến 100000, không phải \(maxUploadMB).")
        }
        guard (1...3_600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout nhận một số giây từ 1 đến 3600, không phải \(idleTimeout).")
        }
    }

    func run() async throws {
        var portal = try storage.open()
        try portal.removeLeftovers()
        portal.maxUploadBytes = maxUploadMB * 1_000_000
        portal.behindHTTPS = behindHTTPS
        portal.trustedProxies = Set(trustedProxy)
        // A request that stops sending (unfinished headers, a body shorter than announced) holds
        // a connection until this time-out; a slow upload that keeps sending is not cut.
        let app = Application(router: try await PortalServer.router(portal),
                              server: .http1(configuration: .init(idleTimeout: .seconds(Int64(idleTimeout)))),
                              configuration: .init(address: .hostname(bind, port: port)))
        try await app.runService()
    }
}

struct Tokens: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Mã truy cập API: cấp, liệt kê, thu hồi.",
                                                    subcommands: [Add.self, List.self, Revoke.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cấp mã truy cập API cho một tài khoản (chỉ hiện một lần).")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String
        @Option(help: "Số ngày hiệu lực (1–365).") var days = 90

        func validate() throws {
            guard (1...365).contains(days) else { throw ValidationError("--days nhận một số từ 1 đến 365, không phải \(days).") }
        }

        func run() throws {
            let portal = try storage.open()
            guard let user = try portal.user(named: name) else { throw ValidationError("Không có tài khoản \(name).") }
            let (token, record) = try portal.issueToken(for: user, days: days)
            print(token)
            FileHandle.standardError.write(Data("Mã số \(record.id), hết hạn \(Self.format(record.expiresAt)).\n".utf8))
        }

        static func format(_ date: Date) -> String { VietnamTime.iso(date) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê mọi mã: tài khoản, ngày cấp, hạn, lần dùng cuối, trạng thái.")
        @OptionGroup var storage: StorageOptions

        func run() throws {
            let now = Date()
            print("số\ttài khoản\tcấp lúc\thết hạn\tdùng lần cuối\ttrạng thái")
            for t in try storage.open().tokens() {
                print([String(t.id), t.userName, Add.format(t.createdAt), Add.format(t.expiresAt),
                       t.lastUsedAt.map(Add.format) ?? "chưa dùng", t.state(at: now)].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thu hồi một mã (số ở cột đầu của tokens list); ghi vào nhật ký.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "Số của mã.") var id: Int64

        func run() throws {
            do { try storage.open().revokeToken(id: id) } catch PortalError.notFound {
                throw ValidationError("Không có mã số \(id) còn hiệu lực.")
            }
            print("Đã thu hồi mã số \(id).")
        }
    }
}

struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("questionnaires"), help: "Thư mục bộ phiếu.")
    var set: String

    @Option(help: "Thư mục dữ liệu của cổng (SQLite và tệp gốc); tạo mới nếu chưa có.")
    var data: String

    @Option(help: "Tệp khoá bí danh (ngoài thư mục --data); mặc định: tệp mà biến môi trường KHAOSAT_KEY_FILE chỉ tới.")
    var keyFile: String?

    func open() throws -> Portal {
        let loaded = SetLoader.load(directory: set)
        guard let questionnaireSet = loaded.set, loaded.problems.isEmpty else {
            throw ValidationError("Bộ phiếu \(set) có lỗi; hãy chạy khaosat check \(set).")
        }
        var key: PseudonymKey?
        if !questionnaireSet.settings.personalData.declared.isEmpty {
            guard let path = keyFile ?? ProcessInfo.processInfo.environment[PseudonymKey.environmentVariable], !path.isEmpty else {
                throw ValidationError("Bộ phiếu \(set) khai báo dữ liệu cá nhân nhưng chưa có khoá bí danh: cổng không mở. " + PseudonymKeyError.howTo)
            }
            do { key = try PseudonymKey.read(path: path) } catch { throw ValidationError("\(error). " + PseudonymKeyError.howTo) }
        }
        do {
            return try Portal.open(directory: data, set: questionnaireSet, pseudonyms: key)
        } catch let error as PortalError {
            throw ValidationError(error.description)
        }
    }
}

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tài khoản: không có mật khẩu mặc định nào; mỗi tài khoản được tạo từ dòng lệnh.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, SetRole.self]
    )

    /// Runs an account change, turning the portal's refusals into the command's Vietnamese message.
    static func change(_ storage: StorageOptions, _ body: (Portal) throws -> Void) throws {
        do { try body(try storage.open()) } catch PortalError.notFound {
            throw ValidationError("Không có tài khoản này (xem khaosat-portal users list).")
        } catch let e as PortalError {
            throw ValidationError(e.description)
        }
    }

    struct Disable: AccountSwitch {
        static let configuration = CommandConfiguration(
            abstract: "Khoá một tài khoản: không đăng nhập được, phiên và mã API của nó hết hiệu lực ngay; ghi nhật ký.")
        static let disables = true
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String
    }

    struct Enable: AccountSwitch {
        static let configuration = CommandConfiguration(abstract: "Mở lại một tài khoản đã khoá; ghi nhật ký.")
        static let disables = false
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Đặt mật khẩu mới (đọc từ dòng đầu của đầu vào chuẩn) cho người quên mật khẩu; các phiên của tài khoản kết thúc.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String

        func run() throws {
            guard let password = readLine(strippingNewline: true) else { throw ValidationError("Hãy nhập mật khẩu mới ở đầu vào chuẩn.") }
            try Users.change(storage) { try $0.resetPassword(name, to: password) }
            print("Đã đặt mật khẩu mới cho \(name).")
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Đổi vai trò của một tài khoản; ghi nhật ký.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String
        @Option(help: "Vai trò: contractor, officer hoặc auditor.") var role: String

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Vai trò chỉ là contractor, officer hoặc auditor.") }
            try Users.change(storage) { try $0.setRole(name, role) }
            print("Tài khoản \(name) nay là \(role.rawValue).")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo tài khoản; mật khẩu đọc từ dòng đầu của đầu vào chuẩn.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Tên đăng nhập.") var name: String
        @Option(help: "Vai trò: contractor, officer hoặc auditor.") var role: String

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("Vai trò chỉ là contractor, officer hoặc auditor.") }
            guard let password = readLine(strippingNewline: true) else { throw ValidationError("Hãy nhập mật khẩu ở đầu vào chuẩn.") }
            do {
                let user = try storage.open().addUser(name: name, role: role, password: password)
                print("Đã tạo tài khoản \(user.name) (\(user.role.rawValue)).")
            } catch let e as PortalError {
                throw ValidationError(e.description)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê tài khoản.")
        @OptionGroup var storage: StorageOptions

        func run() throws {
            for u in try storage.open().users() { print("\(u.name)\t\(u.role.rawValue)" + (u.disabledAt == nil ? "" : "\tđã khoá")) }
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chuẩn bị một cổng thử: ba tài khoản (mật khẩu ngẫu nhiên, in ra một lần) và các tệp đã cho, do đơn vị khảo sát tải lên.",
        discussion: "Sau đó chạy khaosat-portal serve với cùng --questionnaires và --data."
    )
    @OptionGroup var storage: StorageOptions
    @Argument(help: "Các tệp kết quả tải lên thay đơn vị khảo sát.") var files: [String] = []

    func run() throws {
        let portal = try storage.open()
        var contractor: User?
        print("Tài khoản thử (mật khẩu chỉ in lần này):")
        for (name, role) in [("nha.thau.demo", Role.contractor), ("can.bo.demo", .officer), ("kiem.toan.demo", .auditor)] {
            let password = String(Portal.randomToken().prefix(16))
            let user: User
            do {
                user = try portal.addUser(name: name, role: role, password: password)
            } catch PortalError.nameTaken {
                throw ValidationError("\(storage.data) đã có tài khoản thử: dùng một thư mục --data khác, hoặc xoá thư mục này.")
            }
            if role == .contractor { contractor = user }
            print("  \(name)\t\(password)\t(\(role.rawValue))")
        }
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            do {
                let u = try portal.upload(data, fileName: file, by: contractor!)
                print("Đã tải lên u\(u.id) \(u.fileName): \(u.rows) dòng, \(u.submissions) phiếu = \(u.accepted) chấp nhận + \(u.setAside) loại + \(u.duplicates) trùng")
            } catch let e as PortalError {
                print("Không nhận \(file): \(e.description)")
            }
        }
    }
}

/// `users disable` and `users enable`: one switch, two commands.
protocol AccountSwitch: ParsableCommand {
    static var disables: Bool { get }
    var storage: StorageOptions { get }
    var name: String { get }
}

extension AccountSwitch {
    func run() throws {
        try Users.change(storage) { try $0.setDisabled(name, Self.disables) }
        print(Self.disables ? "Đã khoá tài khoản \(name)." : "Đã mở lại tài khoản \(name).")
    }
}
