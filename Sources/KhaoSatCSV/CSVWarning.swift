/// Something the reader accepted but the user should know about.
package enum CSVWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Fields that were not valid UTF-8 were read as Windows-1258.
    case windows1258(file: String, firstLine: Int, fields: Int)
    /// UTF-16 code units that did not form characters were replaced by U+FFFD.
    case invalidUTF16(file: String, units: Int)

    package var description: String {
        switch self {
        case .windows1258(let file, let line, let fields):
            return "\(file):\(line): \(fields) trường không phải UTF-8, đã đọc theo bảng mã Windows-1258. "
                + "Nên lưu tệp bằng \"CSV UTF-8 (Comma delimited)\" để tránh nhầm lẫn."
        case .invalidUTF16(let file, let units):
            return "\(file): \(units) đơn vị UTF-16 không hợp lệ đã được thay bằng ký tự �."
        }
    }
}
