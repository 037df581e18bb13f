

package enum LegacyFontEncoding: String, Sendable, Codable {
    case tcvn3 = "TCVN3 (ABC)"
    case vni = "VNI"
}

/// Why a CSV file could not be read. Each case carries its location; `description`
/// is the Vietnamese message shown to the user.
package enum CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case strayQuote(FileLocation)
    case textAfterClosingQuote(FileLocation)
    case unterminatedQuote(FileLocation)
    case fieldTooLong(FileLocation, limitBytes: Int)
    case nulByte(FileLocation)
    /// The file is a known binary format (an Excel workbook, a PDF) saved under a .csv name.
    case notCSV(file: String, format: String)
    case legacyFont(FileLocation, encoding: LegacyFontEncoding, sample: String)

    package var location: FileLocation? {
        switch self {
        case .cannotOpen, .cannotRead, .cannotWrite, .notCSV: return nil
        case .strayQuote(let l), .textAfterClosingQuote(let l), .unterminatedQuote(let l),
             .fieldTooLong(let l, _), .nulByte(let l), .legacyFont(let l, _, _):
            return l
        }
    }

    package var description: String {
        switch self {
        case .cannotOpen(let file, let reason):
            return "\(file): không mở được tệp (\(reason))."
        case .cannotRead(let file, let reason):
            return "\(file): không đọc được tệp (\(reason))."
        case .cannotWrite(let file, let reason):
            return "\(file): không ghi được tệp (\(reason))."
        case .strayQuote(let l):
            return "\(l): dấu ngoặc kép (\") nằm giữa một trường không bắt đầu bằng ngoặc kép. "
                + "Nếu trường có chứa dấu ngoặc kép, hãy bao cả trường trong ngoặc kép và viết dấu bên trong thành hai dấu (\"\")."
        case .textAfterClosingQuote(let l):
            return "\(l): sau dấu ngoặc kép đóng trường phải là dấu phân cách hoặc xuống dòng. "
                + "Hãy viết dấu ngoặc kép bên trong trường thành hai dấu (\"\")."
        case .unterminatedQuote(let l):
            return "\(l): trường bắt đầu bằng dấu ngoặc kép ở dòng này không được đóng đến hết tệp. "
                + "Hãy thêm dấu ngoặc kép đóng hoặc bỏ dấu ngoặc kép mở."
        case .fieldTooLong(let l, let limit):
            return "\(l): trường bắt đầu ở dòng này dài quá \(limit / 1024) KB, thường do một dấu ngoặc kép mở "
                + "không được đóng. Hãy kiểm tra các dấu ngoặc kép từ dòng \(l.line)."
        case .notCSV(let file, let format):
            return "\(file):1: đây là tệp \(format), không phải CSV. Hãy mở tệp và chọn Lưu thành "
                + "\"CSV UTF-8 (Comma delimited)\" rồi gửi tệp .csv đó."
        case .nulByte(let l):
            return "\(l): tệp có ký tự NUL (byte 0), không phải tệp văn bản CSV. "
                + "Hãy xuất lại tệp dưới dạng \"CSV UTF-8 (Comma delimited)\"."
        case .legacyFont(let l, let encoding, let sample):
            return "\(l): văn bản được gõ bằng bảng mã cũ \(encoding.rawValue) (ví dụ \"\(sample)\"), "
                + "không phải Unicode. Hãy dùng Unikey (Công cụ chuyển mã, Ctrl+Shift+F6) chuyển từ "
                + "\(encoding == .tcvn3 ? "TCVN3 (ABC)" : "VNI Windows") sang Unicode, "
                + "rồi lưu lại bằng \"CSV UTF-8 (Comma delimited)\"."
        }
    }
}
