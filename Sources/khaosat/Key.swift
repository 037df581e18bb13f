import ArgumentParser
import Foundation
import KhaoSatIngest

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Khoá bí danh: thay dữ liệu cá nhân (số điện thoại, mã số thuế, mã đại biểu) bằng mã bí danh ngay khi đọc.",
        subcommands: [New.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo một khoá bí danh mới (32 byte ngẫu nhiên, base64) vào một tệp chỉ chủ sở hữu đọc được (quyền 600).",
            discussion: """
            Giữ tệp ngoài thư mục dữ liệu của cổng và ngoài thư mục kết quả, sao lưu riêng: mất khoá thì không tìm được \
            phiếu của một người theo số điện thoại nữa, và lượt quy đổi mới không so được với lượt cũ. \
            Không ghi đè tệp đã có. Mã thoát: 0 đã tạo, 2 không tạo được.
            """
        )

        @Option(help: "Tệp khoá cần tạo.")
        var out: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: out) else {
                printError("\(out): tệp đã có; không ghi đè một khoá (các bí danh cũ sẽ không khớp nữa).")
                throw ExitCode(2)
            }
            let text = PseudonymKey.generate()
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                printError("\(out): không tạo được tệp.")
                throw ExitCode(2)
            }
            let key = try PseudonymKey(base64: text)
            print("Đã tạo khoá bí danh \(key.fingerprint) tại \(out) (quyền 600). Giữ tệp này ngoài thư mục dữ liệu và sao lưu riêng.")
        }
    }
}
